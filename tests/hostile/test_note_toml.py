"""Issue 12, point 11: a note file's wrong types, unknown keys, deep nesting and day counts
past the calendar are problems naming the field, never a repr, a traceback or lost text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.domain.problems import ValidationError
from app.services.note_file import load_note
from app.services.silence import day_within
from tests.integrity.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "par-1453.toml").read_text(encoding="utf-8")
FREE_TEXT = EXAMPLE.replace('note_type = "silence_procedure"', 'note_type = "free_text"').replace(
    "objection_deadline = 2023-12-29\n", ""
)
FREE_TEXT = FREE_TEXT.split("[fields.en]")[0]  # a free text note asks for no fields


def note_file(tmp_path: Path, text: str) -> Path:
    (tmp_path / "par-1453-plan.csv").write_bytes(
        (ROOT / "examples" / "par-1453-plan.csv").read_bytes()
    )
    path = tmp_path / "note.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[str, str | None, str]]:
    with pytest.raises(ValidationError) as caught:
        load_note(path)
    return [(p.field, p.language, p.message) for p in caught.value.problems]


BODY = '\n[body]\nen = ["Hello."]\nru = ["Привет."]\nkk = ["Сәлем."]\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            EXAMPLE.replace('subject = "Draft', 'subject = 12345\nold_subject = "Draft'),
            [("subject", None, "must be text in quotes, not a number"),
             ("old_subject", None, "is not a part of a note")],
        ),
        (
            FREE_TEXT + BODY.replace('en = ["Hello."]', "en = [1, {a=2}]"),
            [("body[1]", "en", "must be text in quotes, not a number"),
             ("body[2]", "en", "must be text in quotes, not a table")],
        ),
        (
            FREE_TEXT + BODY.replace('en = ["Hello."]', 'en = "Hello."'),
            [("body", "en", 'must be a list of paragraphs, like ["First.", "Second."], not text')],
        ),
        (
            FREE_TEXT + BODY.replace("[body]", "[bodyy]"),
            [("bodyy", None, "is not a part of a note")],
        ),
        (
            FREE_TEXT + BODY + 'de = ["Hallo."]\n',
            [("body", "de", "has text in a language the note is not in")],
        ),
        (
            EXAMPLE.replace('document_short = "Plan"', 'document_short = "Plan"\ndocumnt = "x"'),
            [("fields.documnt", "en", "is not a field of the note type silence_procedure")],
        ),
        (
            EXAMPLE.replace("date = 2023-11-29", "date = {year = 2023}"),
            [("date", None, "must be a date like 2023-11-29, not a table")],
        ),
        (
            EXAMPLE.replace("date = 2023-11-29", 'date = "29.11.2023"'),
            [("date", None, '"29.11.2023" is not a date; write it as 2023-11-29')],
        ),
        (
            EXAMPLE.replace('languages = ["en", "ru", "kk"]', 'languages = "en"'),
            [("languages", None, 'must be a list of texts, like ["…", "…"], not text')],
        ),
        (
            EXAMPLE.replace("# pages = 6", "pages = true\ncount = 6"),
            [("enclosures[1].count", None, "is not a part of an enclosure"),
             ("enclosures[1].pages", None, "must be a whole number, not true or false")],
        ),
        (
            EXAMPLE.replace('sender = "cica-secretariat"', "sender = 7"),
            [("sender", None, "must be the name of a sender profile or a table, not a number")],
        ),
    ],
    ids=["subject-number", "body-list", "body-string", "bodyy", "body-de", "field-typo",
         "date-table", "date-text", "languages-string", "pages-bool", "sender-number"],
)  # fmt: skip
def test_a_wrong_value_is_a_problem_naming_its_field(
    tmp_path: Path, text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    found = problems_of(note_file(tmp_path, text))
    assert set(expected) <= set(found), found
    for _field, _language, message in found:
        assert "{'" not in message and "['" not in message  # never a Python repr


def test_the_cli_names_the_field_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = note_file(tmp_path, FREE_TEXT + BODY.replace('en = ["Hello."]', "en = [1, {a=2}]"))
    code = main(["render", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Text of the note, paragraph 2 (English): must be text in quotes, not a table" in err
    assert "{'a': 2}" not in err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("depth", [50, 5_000, 100_000])
def test_deep_nesting_is_refused_without_a_recursion_error(tmp_path: Path, depth: int) -> None:
    subject = 'subject = "Draft Action Plan CICA-SCO under silence procedure"'
    for nested in ("[" * depth + "]" * depth, "{a = " * depth + "1" + "}" * depth):
        text = EXAMPLE.replace(subject, f"subject = {nested}")
        found = problems_of(note_file(tmp_path, text))
        if depth < 100:  # TOML parses it: the value is of the wrong type
            assert found[0][0] == "subject" and found[0][2].startswith("must be text in quotes")
        else:
            assert found == [
                (
                    "file",
                    None,
                    f"{tmp_path / 'note.toml'} nests lists or tables too deeply to be a note",
                )
            ]


def test_day_counts_past_the_calendar_stop_at_its_last_day(cli: Cli) -> None:
    today = dt.date(2023, 11, 29)
    assert day_within(today, 99_999_999_999) == dt.date.max
    assert day_within(today, 10**30) == dt.date.max
    assert day_within(today, -5) == today
    for days in ("99999999999", str(10**30), "2914000", "0"):
        code, out, err = cli("deadlines", "--within", days)
        assert (code, err) == (0, "") and "no objection deadline" in out
    with pytest.raises(SystemExit):
        cli("deadlines", "--within", "-1")
