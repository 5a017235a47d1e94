"""Enclosures of a note: plans read from a note's TOML, rendered, and their pages counted.

The note's TOML names a plan in an `[[enclosures]]` table, either as a file

    [[enclosures]]
    titles = { en = "Action Plan", ru = "План мероприятий" }
    plan = "par-1453-plan.csv"          # .csv or .xlsx, relative to the TOML file
    # pages = 6                          # optional: a typed count overrides the computed one

or inline, as `[enclosures.plan]` with the same content as the spreadsheet layout of
docs/plan-format.md:

    [enclosures.plan]
    languages = ["en", "ru"]
    numbering = "flat"                   # flat | hierarchical | typed
    orientation = "portrait"             # portrait | landscape
    title = { en = "Action Plan", ru = "План мероприятий" }
    number_column = { width = 0.8 }      # headers default to No. / № п/п / Р/с №
    columns = [{ key = "events", width = 5, en = "Events", ru = "Мероприятия" }]
    preamble = [{ kind = "paragraph", en = "...", ru = "..." }, { kind = "bullet", en = "..." }]
    signatories = [{ name = { en = "...", ru = "..." }, title = { en = "..." }, date = 2023-11-29 }]
    rows = [
      { section = { en = "I. POLITICS", ru = "I. ПОЛИТИКА" }, level = 1 },
      { number = "", events = { en = "...", ru = "...", rows = 2 } },   # rows = row span
    ]

## The enclosure page count

The enclosure line (`on 6 p.` / `на 6 л.` / `6 п.`) prints one number on every language
version of the note. For each enclosure it is, in this order:

1. the typed `pages` of the enclosure, when the officer gave one;
2. else, with a plan, the pages of the plan as rendered, counted by the sender's rule
   (`count_rule` below):
   - a language code (`"ru"`): the pages of the plan in that language (if the plan has no
     version in it, the maximum below);
   - `"all"`: the pages of every language version together (every version travels with
     every note);
   - `None` (the default): the maximum over the plan's languages, so the count is never
     smaller than any version sent;
3. else 0 (nothing counted).

The note's count is the sum over its enclosures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from app.domain.languages import LANGUAGE_NAMES, LANGUAGE_ORDER, in_binding_order
from app.domain.note import Enclosure, Note
from app.domain.plan import (
    NUMBER_HEADERS,
    Block,
    BlockKind,
    Cell,
    Column,
    Item,
    NumberColumn,
    NumberingMode,
    Orientation,
    Plan,
    Row,
    Section,
    Signatory,
)
from app.domain.problems import Problem, ValidationError
from app.i18n.messages import _
from app.render.verification_mark import PageMark, draft_mark, issued_mark, plan_text
from app.services.plan_io import PlanFileError, plan_pdfs, read_plan

#: The sender's rule for counting a plan's pages: a language code, "all", or None (maximum).
CountRule = str | None


def plan_from_toml(value: Any, base: Path, where: str = "enclosures[1].plan") -> Plan:
    """The plan an enclosure's `plan` names: a path (relative to `base`) or an inline table.

    Raises ValidationError naming every problem (with `where` as the field prefix), or
    PlanFileError for a file that cannot be imported.
    """
    if isinstance(value, str):
        path = Path(value)
        if not path.is_absolute():
            path = base / path
        if not path.is_file():
            raise ValidationError([Problem(where, "plan_file_missing", params={"path": str(path)})])
        return read_plan(path)
    if not isinstance(value, Mapping):
        raise ValidationError([Problem(where, "plan_value_kind")])
    problems: list[Problem] = []
    plan = _inline_plan(value, where, problems)
    if plan is not None:
        problems.extend(
            Problem(f"{where}.{problem.field}", problem.code, problem.language, problem.params)
            for problem in plan.problems()
        )
    if problems or plan is None:
        raise ValidationError(problems)
    return plan


def _texts(
    value: Any, languages: tuple[str, ...], where: str, problems: list[Problem]
) -> dict[str, str]:
    if value is None:
        return {language: "" for language in languages}
    if isinstance(value, str):
        if len(languages) == 1:
            return {languages[0]: value}
        problems.append(Problem(where, "texts_needed"))
        return {}
    if not isinstance(value, Mapping):
        problems.append(Problem(where, "texts_table"))
        return {}
    texts = {language: "" for language in languages}
    for key, text in value.items():
        if key not in languages:
            if key != "rows":
                problems.append(
                    Problem(
                        where,
                        "not_plan_language",
                        params={"key": key, "languages": ", ".join(languages)},
                    )
                )
            continue
        if not isinstance(text, str):
            problems.append(Problem(where, "must_be_text", key))
            continue
        texts[key] = text
    return texts


def _inline_plan(value: Mapping[str, Any], where: str, problems: list[Problem]) -> Plan | None:
    known = {
        "languages",
        "numbering",
        "orientation",
        "title",
        "number_column",
        "columns",
        "preamble",
        "signatories",
        "rows",
    }
    for key in value:
        if key not in known:
            problems.append(Problem(f"{where}.{key}", "not_plan_part"))
    raw_languages = value.get("languages")
    if not isinstance(raw_languages, list) or not raw_languages:
        problems.append(Problem(f"{where}.languages", "plan_languages_list"))
        return None
    languages = tuple(str(code) for code in raw_languages)
    for code in languages:
        if code not in LANGUAGE_ORDER:
            problems.append(
                Problem(f"{where}.languages", "unknown_language", params={"code": code})
            )
    languages = in_binding_order(languages)

    def texts(raw: Any, field_name: str) -> dict[str, str]:
        return _texts(raw, languages, f"{where}.{field_name}", problems)

    def number(raw: Any, field_name: str, default: float) -> float:
        if raw is None:
            return default
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            problems.append(Problem(f"{where}.{field_name}", "not_a_number", params={"text": raw}))
            return default
        return float(raw)

    columns: list[Column] = []
    for index, raw in enumerate(value.get("columns", []), start=1):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str):
            problems.append(
                Problem(
                    f"{where}.columns[{index}]",
                    "column_needs_key",
                )
            )
            continue
        headers = texts(
            {k: v for k, v in raw.items() if k not in ("key", "width")}, f"columns[{index}]"
        )
        columns.append(
            Column(raw["key"], headers, number(raw.get("width"), f"columns[{index}].width", 1.0))
        )
    raw_number = value.get("number_column", {})
    number_headers = (
        {
            language: text
            for language, text in texts(raw_number.get("headers"), "number_column.headers").items()
            if text and text != NUMBER_HEADERS.get(language)
        }
        if isinstance(raw_number, Mapping)
        else {}
    )
    number_column = NumberColumn(
        number_headers,
        number(
            raw_number.get("width") if isinstance(raw_number, Mapping) else None,
            "number_column.width",
            0.6,
        ),
    )
    preamble: list[Block] = []
    for index, raw in enumerate(value.get("preamble", []), start=1):
        kind = raw.get("kind", "paragraph") if isinstance(raw, Mapping) else None
        if kind not in ("paragraph", "bullet"):
            problems.append(
                Problem(
                    f"{where}.preamble[{index}]",
                    "preamble_needs_kind",
                )
            )
            continue
        assert isinstance(raw, Mapping)
        preamble.append(
            Block(
                texts({k: v for k, v in raw.items() if k != "kind"}, f"preamble[{index}]"),
                cast(BlockKind, kind),
            )
        )
    signatories: list[Signatory] = []
    for index, raw in enumerate(value.get("signatories", []), start=1):
        if not isinstance(raw, Mapping):
            problems.append(Problem(f"{where}.signatories[{index}]", "must_be_table"))
            continue
        date = raw.get("date")
        if date is not None and not isinstance(date, dt.date):
            problems.append(
                Problem(f"{where}.signatories[{index}].date", "not_a_date", params={"text": date})
            )
            date = None
        signatories.append(
            Signatory(
                names=texts(raw.get("name"), f"signatories[{index}].name"),
                titles=texts(raw.get("title"), f"signatories[{index}].title"),
                headings=texts(raw.get("heading"), f"signatories[{index}].heading"),
                date=date,
            )
        )
    keys = {column.key for column in columns}
    rows: list[Row] = []
    for index, raw in enumerate(value.get("rows", []), start=1):
        row_where = f"rows[{index}]"
        if not isinstance(raw, Mapping):
            problems.append(Problem(f"{where}.{row_where}", "must_be_table"))
            continue
        if "section" in raw:
            level = raw.get("level", 1)
            rows.append(
                Section(
                    texts(raw["section"], f"{row_where}.section"),
                    level if isinstance(level, int) else 0,
                    str(raw.get("number", "")),
                )
            )
            continue
        cells: dict[str, Cell] = {}
        for key, cell in raw.items():
            if key == "number":
                continue
            if key not in keys:
                problems.append(Problem(f"{where}.{row_where}.{key}", "not_a_column"))
                continue
            span = cell.get("rows", 1) if isinstance(cell, Mapping) else 1
            cells[key] = Cell(
                texts(cell, f"{row_where}.{key}"), span if isinstance(span, int) else 0
            )
        rows.append(Item(cells, str(raw.get("number", ""))))
    numbering = value.get("numbering", "flat")
    orientation = value.get("orientation", "portrait")
    return Plan(
        languages=languages,
        columns=tuple(columns),
        rows=tuple(rows),
        title=texts(value.get("title"), "title"),
        preamble=tuple(preamble),
        signatories=tuple(signatories),
        number_column=number_column,
        numbering=cast(NumberingMode, numbering),
        orientation=cast(Orientation, orientation),
    )


def plan_page_count(pages_by_language: Mapping[str, int], count_rule: CountRule = None) -> int:
    """The number printed in the enclosure line for one plan (see the module's rule)."""
    if not pages_by_language:
        return 0
    if count_rule == "all":
        return sum(pages_by_language.values())
    if count_rule is not None and count_rule in pages_by_language:
        return pages_by_language[count_rule]
    return max(pages_by_language.values())


@dataclass(frozen=True)
class RenderedEnclosures:
    """The note's enclosure PDFs, in binding order, and the count for its enclosure line."""

    #: e.g. {"PAR-1453_plan-1_en.pdf": b"...", "PAR-1453_plan-1_ru.pdf": b"..."}
    files: dict[str, bytes] = field(default_factory=dict)
    #: Per enclosure: pages per language of its rendered plan (empty without a plan).
    pages: tuple[dict[str, int], ...] = ()
    #: The number for the enclosure line (typed overrides respected).
    total_pages: int = 0
    #: Per file, the plan's title in the file's language (for the PDF's metadata).
    titles: dict[str, str] = field(default_factory=dict)
    #: Per file, the verification (or draft) mark on its pages.
    marks: dict[str, PageMark] = field(default_factory=dict)

    def files_for(self, language: str) -> list[bytes]:
        """The PDFs to bind after the note's version in `language` (every version of every plan
        goes into the combined file; this picks those in one language)."""
        return [data for name, data in self.files.items() if name.endswith(f"_{language}.pdf")]


def render_enclosures(
    note: Note,
    stem: str,
    languages: Sequence[str] | None = None,
    count_rule: CountRule = None,
    *,
    archival: bool = True,
) -> RenderedEnclosures:
    """Render every plan enclosed with the note in the languages it has (of `languages`, by
    default all), and count the enclosure line's pages (see the module's rule). The files are
    PDF/A unless `archival` is False (the note's pack describes them itself)."""
    wanted = tuple(languages) if languages else tuple(LANGUAGE_ORDER)
    files: dict[str, bytes] = {}
    titles: dict[str, str] = {}
    marks: dict[str, PageMark] = {}
    pages: list[dict[str, int]] = []
    total = 0
    for index, enclosure in enumerate(note.enclosures, start=1):
        counted = _render_one(
            note, enclosure, f"{stem}_plan-{index}", wanted, files, archival, marks
        )
        if enclosure.plan is not None:
            for language in enclosure.plan.languages:
                title = " ".join(enclosure.plan.title.get(language, "").split())
                titles[f"{stem}_plan-{index}_{language}.pdf"] = title
        pages.append(counted)
        if enclosure.pages is not None:
            total += enclosure.pages
        else:
            total += plan_page_count(counted, count_rule)
    return RenderedEnclosures(files, tuple(pages), total, titles, marks)


def _mark(note: Note, plan: Plan, language: str) -> PageMark:
    """An issued note's verification mark for its plan in `language`, or the draft mark."""
    if note.issue_mark is None or note.number is None:
        return draft_mark(language)
    return issued_mark(note.number, note.issue_mark, language, plan_text(plan, language))


def _render_one(
    note: Note,
    enclosure: Enclosure,
    stem: str,
    wanted: tuple[str, ...],
    files: dict[str, bytes],
    archival: bool,
    marks_by_file: dict[str, PageMark],
) -> dict[str, int]:
    plan = enclosure.plan
    if plan is None:
        return {}
    # A note whose language the plan lacks encloses the plan in the languages it has.
    in_both = [language for language in plan.languages if language in wanted] or list(
        plan.languages
    )
    counted: dict[str, int] = {}
    if in_both:
        marks = {language: _mark(note, plan, language) for language in in_both}
        rendered, counted = plan_pdfs(plan, stem, in_both, archival=archival, marks=marks)
        marks_by_file.update({f"{stem}_{code}.pdf": mark for code, mark in marks.items()})
        files.update(rendered)
    # The count covers every language the plan is sent in, even those not rendered now.
    if set(counted) != set(plan.languages):
        _, counted = plan_pdfs(plan, stem, archival=False)
    return counted


def plan_language_notices(note: Note) -> list[tuple[str, str, str]]:
    """For each version of the note whose enclosed plan has no version in its language:
    (the enclosure's plan field, the note's language, what to tell the officer)."""
    notices = []
    for index, enclosure in enumerate(note.enclosures, start=1):
        plan = enclosure.plan
        if plan is None:
            continue
        for language in in_binding_order(note.languages):
            if language in plan.languages:
                continue
            notices.append(
                (
                    f"enclosures[{index}].plan",
                    language,
                    _(
                        "{language}: the enclosed plan has no {language} version; this version "
                        "of the note encloses it in {languages} (add the {language} texts in "
                        "the plan editor to enclose one)"
                    ).format(
                        language=LANGUAGE_NAMES.get(language, language),
                        languages=", ".join(
                            LANGUAGE_NAMES.get(code, code) for code in plan.languages
                        ),
                    ),
                )
            )
    return notices


__all__ = [
    "CountRule",
    "PlanFileError",
    "RenderedEnclosures",
    "plan_from_toml",
    "plan_language_notices",
    "plan_page_count",
    "render_enclosures",
]
