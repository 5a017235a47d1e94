"""Plain tables as officers keep them (Excel, LibreOffice, Word, web pages, CSV) imported with
no mapping given: header, number column, sections, merges, title; the mapping shown and
corrected; every problem at once in the interface language; a second language from a second
file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.domain.plan import Item, Plan, Section
from app.i18n import messages
from app.services.plan_io import (
    PlanFileError,
    import_plan,
    import_plan_bytes,
    import_translation,
    read_plan,
)
from app.services.plan_io.mapping import detect_language
from tests.plan.plain_tables import HEADERS, PLAIN_PLAN, TITLE, WRITERS, number_text, russian

FORMATS = tuple(WRITERS)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plain")
    paths = {}
    for suffix, write in WRITERS.items():
        paths[suffix] = folder / f"plan.{suffix}"
        paths[suffix].write_bytes(write())
        paths[f"ru.{suffix}"] = folder / f"plan_ru.{suffix}"
        paths[f"ru.{suffix}"].write_bytes(write("ru"))
    return paths


@pytest.fixture
def russian_interface() -> Iterator[None]:
    messages.set_ui_language("ru")
    yield
    messages.set_ui_language("en")


def expected_rows(spans: bool = True) -> list[tuple[str, ...]]:
    """The plan's rows as (kind, number, texts..., spans) from the test's own description."""
    covered = PLAIN_PLAN.covered()
    merges = {(first, column): count for first, column, count in PLAIN_PLAN.merges}
    out: list[tuple[str, ...]] = []
    for index, row in enumerate(PLAIN_PLAN.rows):
        if row.section:
            number, _space, title = row.section.partition(" ")
            out.append(("section", number, title))
            continue
        assert row.number is not None
        cells = []
        for column, text in enumerate(row.cells):
            if (index, column) in covered and spans:
                cells.append("^")
            else:
                count = merges.get((index, column), 1) if spans else 1
                cells.append(f"{text}|{count}" if count > 1 else text)
        out.append(("item", number_text(row.number), *cells))
    return out


def rows_of(plan: Plan) -> list[tuple[str, ...]]:
    keys = plan.column_keys()
    covered = plan.covered()
    out: list[tuple[str, ...]] = []
    for index, row in enumerate(plan.rows):
        if isinstance(row, Section):
            out.append(("section", row.number, row.title("en")))
            continue
        cells = []
        for key in keys:
            cell = row.cells.get(key)
            if key in covered[index]:
                cells.append("^")
            elif cell is None:
                cells.append("")
            else:
                text = cell.text("en")
                cells.append(f"{text}|{cell.rowspan}" if cell.rowspan > 1 else text)
        out.append(("item", row.number, *cells))
    return out


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_format_imports_with_no_mapping_given(suffix: str, files: dict[str, Path]) -> None:
    imported = import_plan(files[suffix])
    plan = imported.plan
    assert imported.mapping is not None
    assert [(c.letter, c.role, c.key) for c in imported.mapping.columns] == [
        ("A", "number", ""),
        ("B", "column", "events"),
        ("C", "column", "scheduled_time"),
        ("D", "column", "executors"),
        ("E", "column", "coordinating_body"),
    ]
    assert imported.mapping.language == "en"
    assert plan.title == {"en": TITLE}
    assert [column.headers["en"] for column in plan.columns] == list(HEADERS[1:])
    assert sum(isinstance(row, Section) for row in plan.rows) == 25
    assert sum(isinstance(row, Item) for row in plan.rows) == 95
    # Numbers stored as numbers read as the sheet shows them: 1.1, not 1.1000000000000001.
    assert [row.number for row in plan.rows[1:5]] == ["1.1", "1.2", "1.3", "II."]
    assert plan.numbering == "typed"
    assert rows_of(plan) == expected_rows(spans=suffix != "csv")
    assert imported.warnings == ()


def test_the_same_plan_from_every_format(files: dict[str, Path]) -> None:
    plans = {suffix: read_plan(files[suffix]) for suffix in FORMATS}
    for suffix in ("ods", "docx", "html"):
        assert plans[suffix] == plans["xlsx"], suffix
    # A CSV file has no merged cells: the same plan, each text in its first row.
    assert rows_of(plans["csv"]) == expected_rows(spans=False)


@pytest.mark.parametrize("suffix", ("xlsx", "docx", "ods"))
def test_spans_are_kept_read_back_from_plan_convert(
    suffix: str, files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.csv"
    assert main(["plan", "convert", str(files[suffix]), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Column mapping (texts in en; header in row" in printed
    assert "A  No." in printed and "-> number" in printed
    assert "E  Coordinating body  -> column coordinating_body" in printed
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    items = [row for row in rows if row[0] == "item"]
    keys = ["events.en", "scheduled_time.en", "executors.en", "coordinating_body.en"]
    marks = {
        (position, column)
        for position, row in enumerate(items)
        for column, key in enumerate(keys)
        if row[header.index(key)] == "^"
    }
    item_positions = [i for i, row in enumerate(PLAIN_PLAN.rows) if not row.section]
    expected = {(item_positions.index(i), column) for i, column in PLAIN_PLAN.covered()}
    assert marks == expected
    assert len(PLAIN_PLAN.merges) == 10
    # And the written layout imports as the same plan.
    assert read_plan(out) == read_plan(files[suffix])


def test_the_mapping_is_printed_and_corrected_with_map_and_lang(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["plan", "import", str(files["xlsx"])]
    assert main([*arguments, "--map", "C=time:When,E=skip", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "C  Scheduled time     -> column time, headed 'When'" in out
    assert "E  Coordinating body  -> skipped" in out
    assert "columns:     No. | Events | When | Executors" in out
    assert main([*arguments, "--map", "Z=x,B=bad key,A=number,C=number", "--lang", "de"]) == 2
    err = capsys.readouterr().err
    assert "4 problem(s)" in err
    lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert lines == [
        "  - --map: the table has no column Z (its columns are A to E)",
        "  - --map: 'bad key' for column B is not a column key (Latin letters, digits and _), "
        "number or skip",
        "  - --map: columns A, C are each given as the number; a plan has one number column",
        "  - --lang: 'de' is not a language of plans; use en, ru or kk",
    ]


def test_language_is_detected_by_script() -> None:
    assert detect_language(["Events", "Scheduled time"]) == "en"
    assert detect_language(["Мероприятия", "Сроки исполнения"]) == "ru"
    assert detect_language(["Іс-шаралар", "Орындау мерзімі", "Жауапты орындаушылар"]) == "kk"


def table_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_sections_by_first_cell_only_and_by_section_number_and_a_repeated_number() -> None:
    data = table_csv(
        [
            ["Іс-шаралар жоспары"],
            ["Р/с №", "Іс-шаралар", "Мерзімі"],
            ["Бірінші бөлім: саяси ынтымақтастық", "", ""],
            ["1.1", "Кеңес өткізу", "2024 жыл"],
            ["1.2", "Сарапшылар кездесуі", "Тұрақты"],
            ["2", "Экономикалық ынтымақтастық", ""],
            ["2.1", "Іскерлік форум", "2025 жыл"],
            ["2.1", "Көрме ұйымдастыру", "2025 жыл"],
        ]
    )
    imported = import_plan_bytes(data, "kk.csv")
    plan = imported.plan
    assert plan.languages == ("kk",)
    assert plan.title == {"kk": "Іс-шаралар жоспары"}
    assert [type(row).__name__ for row in plan.rows] == [
        "Section",
        "Item",
        "Item",
        "Section",
        "Item",
        "Item",
    ]
    assert plan.rows[3] == Section({"kk": "Экономикалық ынтымақтастық"}, 1, "2")
    assert plan.number_column.header("kk") == "Р/с №"
    assert imported.warnings == (
        "rows 7 and 8 both have the number 2.1 in section '2 Экономикалық ынтымақтастық'",
    )


def test_a_table_without_a_title_is_titled_by_its_file_and_says_so() -> None:
    data = table_csv([["No.", "Events"], ["1.", "Meeting"], ["2.", "Forum"]])
    imported = import_plan_bytes(data, "/tmp/Action plan 2025.csv")
    assert imported.plan.title == {"en": "Action plan 2025"}
    assert imported.warnings == (
        "the table has no title row above it; the plan is titled 'Action plan 2025'",
    )


def test_problems_are_told_at_once_in_the_interface_language(
    files: dict[str, Path], russian_interface: None
) -> None:
    with pytest.raises(PlanFileError) as raised:
        import_plan(files["xlsx"], "Q=number,B=два слова", "fr")
    assert raised.value.problems == (
        "--map: в таблице нет столбца Q (её столбцы — от A до E)",
        "--map: 'два слова' для столбца B — не ключ столбца (латинские буквы, цифры и _), не "
        "number и не skip",
        "--lang: 'fr' — не язык планов; укажите en, ru или kk",
    )


def test_a_second_language_from_a_second_file(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for suffix in ("xlsx", "docx"):
        both = import_translation(import_plan(files[suffix]), files[f"ru.{suffix}"]).plan
        assert both.languages == ("en", "ru")
        assert both.title["ru"] == russian(TITLE)
        assert both.columns[0].headers == {"en": "Events", "ru": "Мероприятия"}
        assert both.number_column.header("ru") == "№ п/п"
        first = both.rows[1]
        assert isinstance(first, Item)
        assert first.cells["events"].texts["ru"].startswith("Мероприятие 1.1: встреча")
        assert first.cells["executors"].rowspan == 3
        assert first.cells["executors"].texts == {
            "en": "Ministries of Foreign Affairs of the Member States",
            "ru": "Министерства иностранных дел государств-членов",
        }
        assert both.problems() == []
    out = tmp_path / "out"
    arguments = ["plan", "render", str(files["ods"]), "--out", str(out)]
    assert main([*arguments, "--translation", str(files["ru.html"])]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["plan_en.pdf", "plan_ru.pdf"]


def test_a_second_file_whose_rows_differ_is_refused_naming_the_rows(tmp_path: Path) -> None:
    from tests.plan.plain_tables import grid

    rows = grid("ru")
    del rows[5]  # event 1.3
    rows[8] = ["3.1", "Отдельное мероприятие", "", "", ""]  # in place of event 2.3
    path = tmp_path / "ru.csv"
    path.write_bytes(table_csv(rows))
    english = import_plan_bytes(table_csv(grid("en")), "en.csv")
    with pytest.raises(PlanFileError) as raised:
        import_translation(english, path)
    assert raised.value.problems == (
        "the plan has 120 rows, the second file 119",
        "row 6 of the plan (event 1.3) is not in the second file (it would come after its row 5)",
        "row 10 of the plan (event 2.3) is not in the second file (it would come after its row 8)",
        "row 9 of the second file (event 3.1) is not in the plan (it would come after its row 9)",
    )


def test_own_layout_still_imports_and_refuses_a_mapping(tmp_path: Path) -> None:
    from tests.plan.conftest import REFERENCE_CSV

    assert import_plan(REFERENCE_CSV).mapping is None
    with pytest.raises(PlanFileError) as raised:
        import_plan(REFERENCE_CSV, "B=events")
    assert "Verbale's own layout" in raised.value.problems[0]
