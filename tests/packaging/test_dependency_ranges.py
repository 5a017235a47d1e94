"""The dependency ranges and the lock: `make test-floors` pins each floor exactly, and
packaging/constraints.txt (`make lock`) holds a version of every dependency inside its range."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import floors  # noqa: E402


def test_each_floor_is_pinned_exactly_and_markers_kept() -> None:
    assert floors.floor("pillow>=10") == "pillow==10"
    assert floors.floor("python-docx>=1.1,<2") == "python-docx==1.1"
    assert floors.floor("pikepdf[pdfa]>=10.18") == "pikepdf[pdfa]==10.18"
    assert (
        floors.floor("PySide6-Pdf>=6.12; python_version >= '3.12'")
        == "PySide6-Pdf==6.12; python_version >= '3.12'"
    )
    assert floors.floor("PySide6-Addons==6.11.3; python_version < '3.12'") == (
        "PySide6-Addons==6.11.3; python_version < '3.12'"
    )
    pinned = floors.floors(["dev"])
    assert "holidays==0.90" in pinned and "pytest==8" in pinned
    assert all(Requirement(line) for line in pinned)


def _project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_lock_pins_every_dependency_of_the_packaged_application_within_its_range() -> None:
    lines = (ROOT / "packaging" / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = {}
    for line in lines:
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    project = _project()
    wanted = [*project["dependencies"], *project["optional-dependencies"]["postgres"]]  # type: ignore[index]
    environment = {"python_version": "3.11"}
    for text in wanted:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in packaging/constraints.txt: run make lock"
        assert pins[name] in requirement.specifier, f"{name}=={pins[name]} outside {text}"
    assert "pyinstaller" in pins
