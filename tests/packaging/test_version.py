"""One version number: app.__version__, and nothing in packaging/ that could disagree with it.

Fast (not slow): it reads the packaging files and renders the example note, no build needed.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import versioning  # noqa: E402

#: A dotted release number such as 0.1.0 or 1.2.3.4 (two-part numbers are XML/plist/OS versions).
RELEASE_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+\.\d+(?:\.\d+)?(?![\w.])")
TEXT_SUFFIXES = {".spec", ".py", ".in", ".iss", ".desktop", ".xml", ".plist", ".md", ".sh", ".txt"}
#: The lock of third-party versions (make lock) names other projects' releases, not Verbale's.
THIRD_PARTY_LOCK = PACKAGING / "constraints.txt"


def packaging_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGING.rglob("*")
        if path.is_file()
        and path.suffix in TEXT_SUFFIXES
        and "__pycache__" not in path.parts
        and path != THIRD_PARTY_LOCK
    )


def test_no_packaging_file_writes_a_version_number() -> None:
    written = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in packaging_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RELEASE_NUMBER.search(line)
    ]
    assert not written, "take the version from app.__version__ instead:\n" + "\n".join(written)


def test_the_check_above_would_see_a_written_version() -> None:
    assert RELEASE_NUMBER.search('<release version="0.1.0" date="2026-11-23"/>')
    assert RELEASE_NUMBER.search("#define AppVersion 10.2.3")
    assert not RELEASE_NUMBER.search('<?xml version="1.0"?> LSMinimumSystemVersion 11.0')


def test_build_reads_the_version_of_the_app() -> None:
    assert versioning.app_version() == __version__
    spec = (PACKAGING / "verbale.spec").read_text(encoding="utf-8")
    assert "versioning.app_version()" in spec
    assert "name=NAME" in spec


def test_package_folder_is_named_with_version_and_platform() -> None:
    name = versioning.package_name(__version__)
    assert name.startswith(f"verbale-{__version__}-")
    if sys.platform.startswith("linux") and versioning.platform_tag().endswith("x86_64"):
        assert name == f"verbale-{__version__}-linux-x86_64"


def test_metainfo_release_is_the_app_version() -> None:
    root = ElementTree.fromstring(versioning.stamp_metainfo(__version__, "2026-11-23"))
    release = root.find("releases/release")
    assert release is not None
    assert release.get("version") == __version__
    assert release.get("date") == "2026-11-23"
    assert root.findtext("id") == "org.cica.Verbale"


def test_info_plist_carries_the_app_version() -> None:
    info = versioning.stamp_info_plist(__version__)
    assert info["CFBundleShortVersionString"] == __version__
    assert info["CFBundleVersion"] == __version__
    assert info["CFBundleIdentifier"] == "org.cica.Verbale"


def test_inno_setup_takes_the_version_from_the_build() -> None:
    script = versioning.INNO_SCRIPT.read_text(encoding="utf-8")
    assert "AppVersion={#MyAppVersion}" in script
    assert "#error" in script  # no silent default version
    assert versioning.inno_command(__version__)[1] == f"/DMyAppVersion={__version__}"


def test_cli_reports_the_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Verbale {__version__}"


@pytest.fixture(scope="module")
def example_pack() -> dict[str, bytes]:
    from app.services.note_file import load_note
    from app.services.rendering import render_note_pack

    pack = render_note_pack(load_note(ROOT / "resources" / "examples" / "par-1453.toml"))
    return {name: data for name, data in pack.files.items() if name.endswith(".pdf")}


def test_every_rendered_pdf_names_the_version(example_pack: dict[str, bytes]) -> None:
    # Notes, plan enclosures and the bound parallel text alike.
    assert len(example_pack) >= 3
    for name, data in example_pack.items():
        metadata = PdfReader(io.BytesIO(data)).metadata or {}
        assert metadata.get("/Creator") == f"Verbale {__version__}", name
