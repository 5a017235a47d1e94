"""The built application (`make package`) works on its own: version, headless rendering, GUI.

Marked slow: `make test-package` builds dist/verbale-<version>-<platform> first and runs these.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import versioning  # noqa: E402

FOLDER = ROOT / "dist" / versioning.package_name(__version__)
BINARY = FOLDER / ("verbale.exe" if sys.platform == "win32" else "verbale")
EXAMPLE = ROOT / "resources" / "examples" / "par-1453.toml"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["VERBALE_DATA_DIR"] = str(tmp_path / "data")
    env.pop("VERBALE_DB", None)
    return env


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def binary() -> Path:
    if not BINARY.is_file():
        pytest.fail(f"{BINARY} is missing: run `make package` first")
    return BINARY


def test_version(binary: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, timeout=60, env=_env(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Verbale {__version__}"


def test_render_matches_source_tree(binary: Path, tmp_path: Path) -> None:
    from app.services.note_file import load_note
    from app.services.rendering import render_note_pack

    out = tmp_path / "out"
    result = subprocess.run(
        [str(binary), "render", str(EXAMPLE), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    expected = render_note_pack(load_note(EXAMPLE)).files
    built = sorted(path.name for path in out.glob("*.pdf"))
    assert built == sorted(name for name in expected if name.endswith(".pdf"))
    for name, data in expected.items():
        if name.endswith(".pdf"):
            assert _text((out / name).read_bytes()) == _text(data), name


def test_gui_starts_offscreen(binary: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(binary)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        time.sleep(3)
        alive = process.poll() is None
    finally:
        process.terminate()
        try:
            _, stderr = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
    assert alive, f"the GUI exited with {process.returncode}: {stderr}"
    assert "Traceback" not in stderr, stderr
