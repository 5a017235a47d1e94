"""The installed wheel carries templates/ and resources/ and renders a note on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installed_elsewhere_renders_the_reference_note(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = dist.glob("verbale-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    assert (site / "app" / "_data" / "templates" / "silence_procedure" / "kk.j2").is_file()
    assert (site / "app" / "_data" / "resources" / "fonts" / "LiberationSerif-Bold.ttf").is_file()
    # A clean interpreter: the wheel first, then only the third-party libraries (no source tree).
    environment = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{_third_party_only(tmp_path)}")
    note = tmp_path / "note.toml"
    note.write_text(
        (ROOT / "examples" / "par-1453.toml")
        .read_text(encoding="utf-8")
        .replace('plan = "par-1453-plan.csv"', ""),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-I", "-c", _RUN, str(note), str(out)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stdout
    assert (out / "PAR-1453_kk.pdf").stat().st_size > 1000


_RUN = """
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
