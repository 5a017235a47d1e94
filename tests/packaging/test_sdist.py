"""The sdist is a release on its own: it carries templates/, resources/ and the migrations; a
wheel built from it (not from the source tree), installed into a fresh folder, renders
№PAR/1453 with its plan, and the PDFs say what the note says.

Marked `package` (about 15 s: the builds use this environment's setuptools without isolation,
the third-party libraries are this environment's, seen through a folder without Verbale):
it runs in the normal suite; `-m 'not package'` leaves it out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path | None = None) -> None:
    subprocess.run([sys.executable, *args], check=True, timeout=300, cwd=cwd)


def test_a_wheel_built_from_the_sdist_renders_par_1453(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run("-m", "build", "--sdist", "--no-isolation", "--outdir", str(dist), str(ROOT))
    (sdist,) = dist.glob("verbale-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        archive.extractall(tmp_path / "unpacked", filter="data")
    (top,) = {name.split("/", 1)[0] for name in names}
    for needed in (
        "MANIFEST.in",
        "setup.py",
        "templates/silence_procedure/kk.j2",
        "resources/fonts/LiberationSerif-Bold.ttf",
        "resources/locale/kk/LC_MESSAGES/verbale.po",
        "resources/examples/par-1453.toml",
        "resources/examples/par-1453-plan.csv",
        "app/register/migrations/env.py",
        "app/register/migrations/script.py.mako",
    ):
        assert f"{top}/{needed}" in names, needed
    assert not [name for name in names if "__pycache__" in name or name.endswith(".mo")]

    # The wheel from the sdist file: pip unpacks it and builds it where the tree is not.
    _run(
        "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(sdist)
    )
    (wheel,) = dist.glob("verbale-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    assert "app/_data/resources/locale/kk/LC_MESSAGES/verbale.mo" in inside
    assert any(name.startswith("app/register/migrations/versions/0001") for name in inside)

    site = tmp_path / "site"
    _run("-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel))
    examples = tmp_path / "unpacked" / top / "resources" / "examples"
    out = tmp_path / "out"
    # A clean interpreter: the wheel first, then only the third-party libraries.
    environment = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{_third_party_only(tmp_path)}")
    result = subprocess.run(
        [sys.executable, "-I", "-c", _RENDER, str(examples / "par-1453.toml"), str(out)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(site / "app" / "__init__.py")

    files = sorted(path.name for path in out.glob("*.pdf"))
    assert files == [
        "PAR-1453_all.pdf",
        "PAR-1453_en.pdf",
        "PAR-1453_kk.pdf",
        "PAR-1453_plan-1_en.pdf",
        "PAR-1453_plan-1_ru.pdf",
        "PAR-1453_ru.pdf",
    ]
    note = PdfReader(out / "PAR-1453_en.pdf").pages[0].extract_text()
    assert "№PAR/1453" in note
    assert "presents its compliments to the CICA Member States" in " ".join(note.split())
    plan = PdfReader(out / "PAR-1453_plan-1_en.pdf").pages[0].extract_text()
    assert "Action Plan" in plan
    russian = PdfReader(out / "PAR-1453_ru.pdf").pages[0].extract_text()
    assert "СЕКРЕТАРИАТ" in russian


_RENDER = """
import sys, os
sys.path[:0] = os.environ["PYTHONPATH"].split(os.pathsep)
import app
print(app.__file__)
from app.cli import main
raise SystemExit(main(["render", sys.argv[1], "--out", sys.argv[2]]))
"""


def _third_party_only(tmp_path: Path) -> Path:
    """The venv's site-packages seen through a folder of links that omits Verbale's own."""
    folder = tmp_path / "third_party"
    folder.mkdir()
    purelib = Path(sysconfig.get_paths()["purelib"])
    for entry in purelib.iterdir():
        if entry.name.startswith(("__editable__", "verbale", "app")) or entry.suffix == ".pth":
            continue
        (folder / entry.name).symlink_to(entry)
    return folder
