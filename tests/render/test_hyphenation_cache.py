"""The parsed hyphenation patterns kept in the user's cache folder: written on first use, read
back by later processes, breaking words exactly where pyphen's own parse does, and a damaged or
foreign file is parsed again rather than trusted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORDS = {
    "en_GB": ["implementation", "memorandum", "organisation", "cooperation", "secretariat"],
    "ru_RU": ["сотрудничества", "секретариатом", "меморандума", "мероприятий", "организации"],
}

#: In a fresh interpreter: the breaks of each word through Verbale's hyphenator, and whether
#: pyphen parsed a .dic on the way (HyphDict.__init__ ran).
_BREAKS = """
import json, sys
import pyphen
parsed = []
original = pyphen.HyphDict.__init__
def counting(self, path):
    parsed.append(path.name)
    original(self, path)
pyphen.HyphDict.__init__ = counting
from app.render.hyphenation import hyphenator
words = json.loads(sys.argv[1])
breaks = {lang: [list(hyphenator(lang)(word)) for word in words[lang]] for lang in ("en", "ru")}
print(json.dumps({"parsed": parsed, "breaks": breaks}))
"""


def _breaks(cache: Path) -> dict[str, object]:
    import json

    words = {"en": WORDS["en_GB"], "ru": WORDS["ru_RU"]}
    result = subprocess.run(
        [sys.executable, "-c", _BREAKS, json.dumps(words)],
        cwd=ROOT,
        env={"VERBALE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def _pyphen_breaks() -> dict[str, list[list[list[str]]]]:
    import pyphen

    return {
        short: [
            [list(pair) for pair in pyphen.Pyphen(lang=name, left=2, right=2).iterate(word)]
            for word in WORDS[name]
        ]
        for short, name in (("en", "en_GB"), ("ru", "ru_RU"))
    }


def test_patterns_are_parsed_once_then_read_back_with_the_same_breaks(tmp_path: Path) -> None:
    first = _breaks(tmp_path)
    assert sorted(first["parsed"]) == ["hyph_en_GB.dic", "hyph_ru_RU.dic"]  # type: ignore[arg-type]
    kept = sorted(path.name for path in (tmp_path / "hyphenation").iterdir())
    assert [name.split("-")[0] for name in kept] == ["en_GB", "ru_RU"]
    second = _breaks(tmp_path)
    assert second["parsed"] == []
    assert first["breaks"] == second["breaks"] == _pyphen_breaks()


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9\x00\x00\x00"])
def test_a_damaged_cache_file_is_parsed_again(tmp_path: Path, damage: bytes) -> None:
    _breaks(tmp_path)
    for path in (tmp_path / "hyphenation").iterdir():
        path.write_bytes(damage)
    again = _breaks(tmp_path)
    assert sorted(again["parsed"]) == ["hyph_en_GB.dic", "hyph_ru_RU.dic"]  # type: ignore[arg-type]
    assert again["breaks"] == _pyphen_breaks()
