"""app.i18n.problems, the one place problems become words: every code the domain and the
services use has a sentence in every interface language, and the CLI tells refusals with it."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.domain.problems import ENGLISH, Problem
from app.i18n.messages import set_ui_language
from app.i18n.problems import codes_told, english_codes, message_text, problem_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES: dict[str, object] = {
    "count": 5,
    "limit": 3,
    "length": 9000,
    "span": 2,
    "row": 4,
    "rows": 8,
    "level": 2,
    "previous": 0,
    "pages": -1,
    "width": 0.01,
    "deadline": "2023-11-28",
    "date": "2023-11-29",
    "code": "de",
    "head": "ru",
}


@pytest.fixture(params=["en", "ru", "kk"])
def interface(request: pytest.FixtureRequest) -> Iterator[str]:
    set_ui_language(request.param)
    yield request.param
    set_ui_language("en")


def test_every_problem_code_has_a_sentence() -> None:
    assert codes_told() == english_codes()


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_each_code_is_told_in_each_interface_language(code: str, interface: str) -> None:
    names = {name for _, name, _, _ in string.Formatter().parse(ENGLISH[code]) if name}
    params = {name: SAMPLES.get(name, "x") for name in names}
    told = message_text(Problem("title", code, "ru", params))
    assert told.strip() and not re.search(r"\{\w+\}", told) and "2023-11-2" not in told, told
    if interface != "en" and code != "worded":
        assert told != Problem("title", code, "ru", params).message, told


def test_a_deadline_problem_shows_dates_in_the_interface_style(interface: str) -> None:
    problem = Problem(
        "objection_deadline",
        "deadline_not_after",
        params={"deadline": "2023-11-28", "date": "2023-11-29"},
    )
    expected = {
        "en": "Objection deadline: 28 November 2023 is not after the note's date 29 November 2023",
        "ru": "29 ноября 2023 года",
        "kk": "2023 жылғы 29 қараша",
    }[interface]
    assert expected in problem_text(problem)


def test_the_cli_tells_a_refusal_with_labels_in_the_interface_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "examples" / "par-1453.toml").read_text(encoding="utf-8")
    (tmp_path / "par-1453-plan.csv").write_bytes(
        (ROOT / "examples" / "par-1453-plan.csv").read_bytes()
    )
    path = tmp_path / "note.toml"
    path.write_text(
        text.replace("objection_deadline = 2023-12-29", "objection_deadline = 2023-11-01")
    )
    set_ui_language("ru")
    try:
        code = main(["render", str(path), "--out", str(tmp_path / "out")])
    finally:
        set_ui_language("en")
    err = capsys.readouterr().err
    assert code == 2
    assert "Срок представления возражений: 1 ноября 2023 года" in err, err
    assert "objection_deadline" not in err and "2023-11-01" not in err and "problem(s)" not in err
