"""The compiled note templates kept in the user's cache folder: written by the first render,
used by later processes, private to the user, and a damaged, unwritable or stale cache gives the
same paragraphs as no cache at all."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: In a fresh interpreter: the note's paragraphs in each language, and how many templates Jinja2
#: compiled from source on the way.
_PARAGRAPHS = """
import json, sys
from pathlib import Path
from jinja2.sandbox import SandboxedEnvironment
compiled = []
original = SandboxedEnvironment._compile
def counting(self, source, filename):
    compiled.append(filename)
    return original(self, source, filename)
SandboxedEnvironment._compile = counting
from app.render.templates import NoteTemplates
from app.services.note_file import load_note
note = load_note(Path(sys.argv[1]))
templates = NoteTemplates(Path(sys.argv[2]))
paragraphs = {code: list(templates.paragraphs(note, code)) for code in ("en", "ru", "kk")}
print(json.dumps({"compiled": len(compiled), "paragraphs": paragraphs}))
"""


def _render(cache: Path, templates: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _PARAGRAPHS, str(ROOT / "examples" / "par-1453.toml"), templates],
        cwd=ROOT,
        env={"VERBALE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder


def test_the_second_render_compiles_nothing_and_says_the_same(
    tmp_path: Path, templates: Path
) -> None:
    cache = tmp_path / "cache"
    first = _render(cache, templates)
    assert first["compiled"] >= 3  # a template per language, and what they include
    folder = cache / "templates"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert any(folder.rglob("*.cache"))
    second = _render(cache, templates)
    assert second == {"compiled": 0, "paragraphs": first["paragraphs"]}


def test_an_edited_template_is_compiled_again(tmp_path: Path, templates: Path) -> None:
    cache = tmp_path / "cache"
    before = _render(cache, templates)
    english = templates / "silence_procedure" / "en.j2"  # the note type of №PAR/1453
    english.write_text(english.read_text(encoding="utf-8") + "\n\nEdited.\n", encoding="utf-8")
    after = _render(cache, templates)
    assert after["compiled"] == 1
    paragraphs = after["paragraphs"]
    assert isinstance(paragraphs, dict) and paragraphs["en"][-1] == "Edited."
    assert isinstance(before["paragraphs"], dict)
    assert paragraphs["ru"] == before["paragraphs"]["ru"]


def test_a_damaged_or_unwritable_cache_is_only_a_compile_more(
    tmp_path: Path, templates: Path
) -> None:
    cache = tmp_path / "cache"
    clean = _render(cache, templates)
    for entry in (cache / "templates").rglob("*.cache"):
        entry.write_bytes(entry.read_bytes()[:40])
    assert _render(cache, templates) == clean
    if os.geteuid() != 0:  # root writes anywhere: no read-only folder to test with
        blocked = tmp_path / "read-only"
        blocked.mkdir(mode=0o500)
        assert _render(blocked / "cache", templates)["paragraphs"] == clean["paragraphs"]
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    assert _render(not_a_folder, templates)["paragraphs"] == clean["paragraphs"]


def test_a_cache_others_may_write_is_not_loaded(tmp_path: Path, templates: Path) -> None:
    cache = tmp_path / "cache"
    clean = _render(cache, templates)
    for folder in (cache / "templates").iterdir():
        folder.chmod(0o777)
    again = _render(cache, templates)
    assert again["compiled"] == clean["compiled"]  # compiled from source, not loaded
    assert again["paragraphs"] == clean["paragraphs"]
