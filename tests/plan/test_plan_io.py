"""CSV and XLSX import/export: exact round trips, merged cells as row spans, clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.domain.plan import Block, Cell, Column, Item, Plan, Section, Signatory
from app.services.plan_io import (
    MAX_FILE_BYTES,
    PlanFileError,
    plan_to_csv,
    plan_to_xlsx,
    read_plan,
    read_plan_bytes,
    write_plan,
)
from tests.plan.conftest import REFERENCE_CSV


def test_round_trip_csv_xlsx_csv_is_byte_identical(tmp_path: Path) -> None:
    original = REFERENCE_CSV.read_bytes()
    plan = read_plan(REFERENCE_CSV)
    write_plan(plan, tmp_path / "plan.xlsx")
    again = read_plan(tmp_path / "plan.xlsx")
    assert again == plan
    write_plan(again, tmp_path / "plan.csv")
    assert (tmp_path / "plan.csv").read_bytes() == original


def test_row_spans_are_merged_cells_in_xlsx_and_carets_in_csv() -> None:
    plan = Plan(
        languages=("en", "ru"),
        columns=(
            Column("events", {"en": "Events", "ru": "Мероприятия"}, 4),
            Column("when", {"en": "Time", "ru": "Срок"}, 1.5),
        ),
        rows=(
            Item(
                {
                    "events": Cell({"en": "A", "ru": "А"}),
                    "when": Cell({"en": "Constantly", "ru": "Постоянно"}, 3),
                }
            ),
            Item({"events": Cell({"en": "B", "ru": "Б"})}),
            Item({"events": Cell({"en": "^", "ru": "\\^"})}),
            Section({"en": "Next", "ru": "Далее"}, 1),
            Item(
                {"events": Cell({"en": "C", "ru": "В"}), "when": Cell({"en": "2024", "ru": "2024"})}
            ),
        ),
        title={"en": "T", "ru": "Т"},
    ).validate()
    csv_text = plan_to_csv(plan).decode("utf-8-sig")
    assert "item,,,,,,,B,Б,^,^" in csv_text
    assert "item,,,,,,,\\^,\\\\^,^,^" in csv_text  # a literal caret is escaped
    workbook = load_workbook(io.BytesIO(plan_to_xlsx(plan)))
    merged = {str(cell_range) for cell_range in workbook.worksheets[0].merged_cells.ranges}
    # rows 8-10 of the sheet are the first three items; when.en and when.ru are columns J and K
    assert {"J8:J10", "K8:K10"} <= merged
    assert read_plan_bytes(plan_to_xlsx(plan), "p.xlsx") == plan
    assert read_plan_bytes(plan_to_csv(plan), "p.csv") == plan


def test_a_hand_made_workbook_with_merged_cells_imports_as_spans() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    rows = [
        ["kind", "level", "number", "key", "value", "text.en", "events.en", "executors.en"],
        ["column", None, None, "events", 3, "Events"],
        ["column", None, None, "executors", 2, "Executors"],
        ["title", None, None, None, None, "Plan"],
        ["item", None, None, None, None, None, "Meeting", "Ministry of Foreign Affairs"],
        ["item", None, None, None, None, None, "Conference"],
        ["item", None, None, None, None, None, "Seminar"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("H5:H7")
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan_bytes(buffer.getvalue(), "hand.xlsx")
    first = plan.rows[0]
    assert isinstance(first, Item)
    assert first.cells["executors"] == Cell({"en": "Ministry of Foreign Affairs"}, 3)
    assert plan.covered() == [set(), {"executors"}, {"executors"}]
    assert plan.columns[0].width == 3.0


texts = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"), include_characters="\n"
    ),
    max_size=30,
)

#: Typed numbers are read with surrounding blanks stripped, like every fixed column.
numbers = st.text(alphabet="0123456789.)IVXab ", max_size=8).map(str.strip)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    languages = draw(st.sampled_from([("en",), ("en", "ru"), ("en", "ru", "kk"), ("ru", "kk")]))

    def per_language(nonempty: bool = False) -> dict[str, str]:
        strategy = texts.filter(str.strip) if nonempty else texts
        return {language: draw(strategy) for language in languages}

    keys = draw(
        st.lists(
            st.sampled_from(["events", "who", "when", "body"]), min_size=1, max_size=4, unique=True
        )
    )
    rows: list[Item | Section] = []
    remaining: dict[str, int] = {}
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()) and draw(st.booleans()):
            rows.append(Section(per_language(True), draw(st.integers(1, 3)), draw(numbers)))
            remaining.clear()
            continue
        cells = {}
        for key in keys:
            if remaining.get(key, 0) > 0:
                remaining[key] -= 1
                continue
            span = draw(st.integers(1, 3))
            cell = Cell(per_language(), span)
            if span > 1 or any(cell.texts.values()):
                cells[key] = cell
                remaining[key] = span - 1
        rows.append(Item(cells, draw(numbers)))
    # cut spans that would run past the end or into a section
    fixed: list[Item | Section] = []
    for index, row in enumerate(rows):
        if isinstance(row, Item):
            cells = {}
            for key, cell in row.cells.items():
                span = 1
                while (
                    span < cell.rowspan
                    and index + span < len(rows)
                    and isinstance(rows[index + span], Item)
                    and key not in rows[index + span].cells
                ):  # type: ignore[union-attr]
                    span += 1
                if span > 1 or any(cell.texts.values()):
                    cells[key] = Cell(cell.texts, span)
            row = Item(cells, row.number)
        fixed.append(row)
    return Plan(
        languages=languages,
        columns=tuple(
            Column(key, per_language(True), draw(st.sampled_from([1.0, 0.5, 2.25, 7.0])))
            for key in keys
        ),
        rows=tuple(fixed),
        title=per_language(True),
        preamble=tuple(
            Block(per_language(), draw(st.sampled_from(["paragraph", "bullet"])))
            for _ in range(draw(st.integers(0, 3)))
        ),
        signatories=tuple(
            Signatory(per_language(True), per_language(), per_language())
            for _ in range(draw(st.integers(0, 2)))
        ),
        numbering=draw(st.sampled_from(["flat", "typed"])),
        orientation=draw(st.sampled_from(["portrait", "landscape"])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_valid_plan_round_trips_through_csv_and_xlsx(plan: Plan) -> None:
    if plan.problems():
        return
    csv_bytes = plan_to_csv(plan)
    from_csv = read_plan_bytes(csv_bytes, "p.csv")
    assert from_csv == plan
    from_xlsx = read_plan_bytes(plan_to_xlsx(from_csv), "p.xlsx")
    assert from_xlsx == plan
    assert plan_to_csv(from_xlsx) == csv_bytes


# ---------------------------------------------------------------------------------------------
# Malformed files: each gives its own clear error, naming row and column, and imports nothing.

GOOD = REFERENCE_CSV.read_bytes().decode("utf-8-sig")


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def _replace(old: str, new: str) -> bytes:
    assert old in GOOD
    return _csv(GOOD.replace(old, new, 1))


MALFORMED: dict[str, tuple[str, bytes, list[str]]] = {
    "empty file": ("plan.csv", b"", ["the file is empty (0 bytes)"]),
    "only blank lines": ("plan.csv", b"\xef\xbb\xbf\r\n\r\n", ["it has only blank lines"]),
    "not a spreadsheet (binary)": (
        "plan.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ["this is not a spreadsheet"],
    ),
    "not a spreadsheet (fake xlsx)": (
        "plan.xlsx",
        b"just some text, not a workbook",
        ["this is not a spreadsheet: not a readable XLSX workbook"],
    ),
    "not UTF-8": ("plan.csv", "kind,level\r\nбукв".encode("cp1251"), ["not a UTF-8 CSV"]),
    "unknown suffix": ("plan.pdf", b"kind", ["'.pdf' files are not plan tables"]),
    "wrong header": (
        "plan.csv",
        _replace("kind,level,number,key,value", "type,level,number,key,value"),
        ["row 1, column A (type): unknown header", "row 1: the header 'kind' is missing"],
    ),
    "unknown language": (
        "plan.csv",
        _replace("participants.ru", "participants.de"),
        ["row 1, column K (participants.de): 'de' is not a language"],
    ),
    "missing language": (
        "plan.csv",
        _replace(",participants.ru", ",participants_note"),
        ["row 1, column K (participants_note): unknown header"],
    ),
    "missing language column": (
        "plan.csv",
        _csv(
            "kind,level,number,key,value,text.en,text.ru,events.en\r\n"
            "column,,,events,1,Events,Мероприятия\r\ntitle,,,,,T,Т\r\n"
        ),
        ["row 1: the header events.ru is missing: column 'events' has no ru text"],
    ),
    "unknown row kind": (
        "plan.csv",
        _replace("\r\nparagraph,", "\r\nparagraf,"),
        ["row 14, column A (kind): unknown row kind 'paragraf'"],
    ),
    "bad width": (
        "plan.csv",
        _replace("column,,,events,5,", "column,,,events,wide,"),
        ["row 5, column E (value): the width 'wide' is not a number"],
    ),
    "missing translation of a cell header": (
        "plan.csv",
        _replace("Participants,Участники", "Participants,"),
        ["row 6, column G (text.ru): Column heading «Participants» (Русский): is missing"],
    ),
    "missing title in a language": (
        "plan.csv",
        _replace(
            ',"План мероприятий\nпо реализации Меморандума о взаимопонимании\nмежду Секретариатом '
            "Совещания по взаимодействию и мерам доверия в Азии\nи Секретариатом Шанхайской "
            'организации сотрудничества"',
            ",",
        ),
        ["column G (text.ru): Title (Русский): is missing"],
    ),
    "dangling span": (
        "plan.csv",
        _replace(
            "item,,,,,,,Mutual invitation", "item,,,,,,,^,^,^,^\r\nitem,,,,,,,Mutual invitation"
        ),
        ["row 24, column H (events.en): ^ continues the cell above, but there is no table cell"],
    ),
    "bad section level": (
        "plan.csv",
        _csv(GOOD.replace("\r\nitem,", "\r\nsection,4,,,,Part,Часть\r\nitem,", 1)),
        ["row 24, column B (level): section level '4'; use 1, 2 or 3"],
    ),
    "text in a column the row does not use": (
        "plan.csv",
        _replace("setting,,,numbering,flat,,,", "setting,,,numbering,flat,oops,,"),
        ["row 2, column F (text.en): a setting row has nothing in this column"],
    ),
    "ragged CSV quoting": ("plan.csv", _csv('kind,level\r\n"unterminated\r\n'), ["well-formed"]),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_each_malformed_file_gives_its_own_clear_error(case: str, tmp_path: Path) -> None:
    name, data, messages = MALFORMED[case]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    report = str(caught.value)
    assert report.startswith(f"{path}: cannot import the plan")
    for message in messages:
        assert message in report, report
    assert caught.value.problems


def test_malformed_files_give_different_errors(tmp_path: Path) -> None:
    reports = set()
    for case, (name, data, _) in MALFORMED.items():
        path = tmp_path / f"{len(reports)}-{name}"
        path.write_bytes(data)
        with pytest.raises(PlanFileError) as caught:
            read_plan(path)
        reports.add(" | ".join(caught.value.problems))
        assert len(reports) == list(MALFORMED).index(case) + 1, case


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(
        PlanFileError, match=r"the file is 50\.0 MB; plan files are limited to 10 MB"
    ):
        read_plan(path)
    assert MAX_FILE_BYTES < 50 * 1024 * 1024


def test_merged_cells_across_columns_are_refused() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["kind", "level", "number", "key", "value", "text.en", "a.en", "b.en"])
    sheet.append(["column", None, None, "a", 1, "A"])
    sheet.append(["column", None, None, "b", 1, "B"])
    sheet.append(["title", None, None, None, None, "T"])
    sheet.append(["item", None, None, None, None, None, "x", None])
    sheet.merge_cells("G5:H5")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(PlanFileError, match="row 5, cells G5:H5: cells merged across columns"):
        read_plan_bytes(buffer.getvalue(), "x.xlsx")
