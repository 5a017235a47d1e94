"""A second language from a second file: the Russian version of the same plan, row by row.

The plan that has the English texts and a plan read from the Russian file must have the same
rows: a section heading where the other has one (same level), an event where the other has an
event, the same columns in the same order, the same cells merged down. Where they do not, each
difference is told at once, in row order, naming the rows of both files; otherwise the second
plan's texts join the first's.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.languages import in_binding_order
from app.domain.plan import Block, Cell, Column, Item, NumberColumn, Plan, Row, Section
from app.i18n.messages import _, ngettext
from app.services.plan_io.errors import PlanFileError


def _line(lines: Sequence[int], index: int) -> int:
    return lines[index] if index < len(lines) else index + 1


def add_language(
    plan: Plan,
    other: Plan,
    name: str,
    lines: Sequence[int] = (),
    other_lines: Sequence[int] = (),
) -> Plan:
    """`plan` with the texts of `other` (read from the file `name`) in `other`'s language.
    `lines` and `other_lines` are the files' rows of each plan row, for the messages."""
    problems: list[str] = []
    new = [language for language in other.languages if language not in plan.languages]
    if not new:
        raise PlanFileError(
            name,
            [
                _(
                    "the second file is in {languages}, which the plan has already; give its "
                    "language with --lang if it was guessed wrong"
                ).format(languages=", ".join(other.languages))
            ],
        )
    if len(plan.columns) != len(other.columns):
        problems.append(
            _("the plan has {first} columns besides the number, the second file {second}").format(
                first=len(plan.columns), second=len(other.columns)
            )
        )
    if len(plan.rows) != len(other.rows):
        problems.append(
            _("the plan has {first} rows, the second file {second}").format(
                first=len(plan.rows), second=len(other.rows)
            )
        )
    if len(plan.preamble) != len(other.preamble):
        problems.append(
            _("the plan has {first} paragraphs above the table, the second file {second}").format(
                first=len(plan.preamble), second=len(other.preamble)
            )
        )
    pairs = list(zip(plan.columns, other.columns, strict=False))
    key_of = {theirs.key: ours.key for ours, theirs in pairs}
    typed = plan.numbering == other.numbering == "typed"
    ours_rows = [_signature(row, typed) for row in plan.rows]
    theirs_rows = [_signature(row, typed) for row in other.rows]
    import difflib  # only a second file needs it; not every import of plan_io

    matcher = difflib.SequenceMatcher(None, ours_rows, theirs_rows, autojunk=False)
    for tag, first, last, other_first, other_last in matcher.get_opcodes():
        if tag == "equal":
            for index, other_index in zip(
                range(first, last), range(other_first, other_last), strict=True
            ):
                where = _("row {row} of the plan (row {line} of the second file)").format(
                    row=_line(lines, index), line=_line(other_lines, other_index)
                )
                problems += _row_differences(
                    plan, plan.rows[index], other.rows[other_index], key_of, where
                )
            continue
        if first < last:
            problems.append(
                _missing(
                    _line(lines, first),
                    _line(lines, last - 1),
                    _describe(plan, first, last),
                    _line(other_lines, other_first - 1) if other_first else 0,
                    in_plan=True,
                )
            )
        if other_first < other_last:
            problems.append(
                _missing(
                    _line(other_lines, other_first),
                    _line(other_lines, other_last - 1),
                    _describe(other, other_first, other_last),
                    _line(lines, first - 1) if first else 0,
                    in_plan=False,
                )
            )
    if problems:
        raise PlanFileError(name, problems)
    return _joined(plan, other, key_of)


def _missing(first: int, last: int, rows: str, after: int, in_plan: bool) -> str:
    """Rows of one file that the other lacks."""
    if in_plan:
        text = (
            _(
                "row {first} of the plan ({rows}) is not in the second file (it would come "
                "after its row {after})"
            )
            if first == last
            else _(
                "rows {first}-{last} of the plan ({rows}) are not in the second file (they "
                "would come after its row {after})"
            )
        )
    else:
        text = (
            _(
                "row {first} of the second file ({rows}) is not in the plan (it would come "
                "after its row {after})"
            )
            if first == last
            else _(
                "rows {first}-{last} of the second file ({rows}) are not in the plan (they "
                "would come after its row {after})"
            )
        )
    return text.format(first=first, last=last, rows=rows, after=after)


def _signature(row: Row, typed: bool) -> tuple[str, ...]:
    """What must be alike in both files' row: its kind, level, and typed number."""
    number = row.number.strip().rstrip(".") if typed else ""
    if isinstance(row, Section):
        return ("section", str(row.level), number)
    return ("item", number)


def _describe(plan: Plan, first: int, last: int) -> str:
    """Rows of a plan told briefly: `section II, events 2.1-2.3`."""
    parts = []
    for row in plan.rows[first:last][:3]:
        number = row.number.strip() or "-"
        parts.append(
            _("section {number}").format(number=number)
            if isinstance(row, Section)
            else _("event {number}").format(number=number)
        )
    if last - first > 3:
        parts.append("…")
    return ", ".join(parts)


def _row_differences(
    plan: Plan, ours: Row, theirs: Row, key_of: dict[str, str], where: str
) -> list[str]:
    if isinstance(ours, Section) != isinstance(theirs, Section):
        return [
            (
                _("{where}: a section heading in the plan, an event in the second file")
                if isinstance(ours, Section)
                else _("{where}: an event in the plan, a section heading in the second file")
            ).format(where=where)
        ]
    if isinstance(ours, Section) and isinstance(theirs, Section):
        if ours.level != theirs.level:
            return [
                _(
                    "{where}: a level-{first} section in the plan, level {second} in the second "
                    "file"
                ).format(where=where, first=ours.level, second=theirs.level)
            ]
        return []
    assert isinstance(ours, Item) and isinstance(theirs, Item)
    spans = {key: cell.rowspan for key, cell in ours.cells.items() if cell.rowspan > 1}
    their_spans = {
        key_of.get(key, key): cell.rowspan for key, cell in theirs.cells.items() if cell.rowspan > 1
    }
    if spans == their_spans:
        return []
    return [
        _(
            "{where}: the cells merged down differ (the plan: {first}; the second file: {second})"
        ).format(
            where=where,
            first=_spans_text(spans, plan) or "-",
            second=_spans_text(their_spans, plan) or "-",
        )
    ]


def _spans_text(spans: dict[str, int], plan: Plan) -> str:
    headers = {
        column.key: column.headers.get(plan.languages[0], column.key) for column in plan.columns
    }
    return ", ".join(
        ngettext("{column} over {count} row", "{column} over {count} rows", count).format(
            column=headers.get(key, key), count=count
        )
        for key, count in sorted(spans.items())
    )


def _joined(plan: Plan, other: Plan, key_of: dict[str, str]) -> Plan:
    columns = tuple(
        Column(ours.key, {**ours.headers, **theirs.headers}, ours.width)
        for ours, theirs in zip(plan.columns, other.columns, strict=True)
    )
    rows: list[Row] = []
    for ours, theirs in zip(plan.rows, other.rows, strict=True):
        if isinstance(ours, Section) and isinstance(theirs, Section):
            rows.append(Section({**ours.titles, **theirs.titles}, ours.level, ours.number))
            continue
        assert isinstance(ours, Item) and isinstance(theirs, Item)
        cells = {key: Cell(dict(cell.texts), cell.rowspan) for key, cell in ours.cells.items()}
        for key, cell in theirs.cells.items():
            ours_key = key_of.get(key, key)
            held = cells.get(ours_key)
            texts = dict(held.texts) if held else {}
            texts.update(cell.texts)
            cells[ours_key] = Cell(texts, held.rowspan if held else cell.rowspan)
        rows.append(Item(cells, ours.number))
    return Plan(
        languages=in_binding_order({*plan.languages, *other.languages}),
        columns=columns,
        rows=tuple(rows),
        title={**plan.title, **other.title},
        preamble=tuple(
            Block({**ours.texts, **theirs.texts}, ours.kind)
            for ours, theirs in zip(plan.preamble, other.preamble, strict=True)
        ),
        signatories=plan.signatories,
        number_column=NumberColumn(
            {**plan.number_column.headers, **other.number_column.headers},
            plan.number_column.width,
        ),
        numbering=plan.numbering,
        orientation=plan.orientation,
    )
