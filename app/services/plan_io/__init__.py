"""Plans to and from files: the readers of table files and Verbale's own layout, the writers.

`read_plan` takes a file as an officer keeps it and gives a Plan, or raises PlanFileError
naming every problem at once; nothing is imported on error. Each format has its reader, giving
the cells of one table as the file shows them (sheet.SheetTable): csv_file (CSV, TSV), xlsx
(Excel workbooks, checked by archive.py before openpyxl sees them), ods (LibreOffice Calc),
docx_file (Word), html_file (web pages). A table in Verbale's own layout (docs/plan-format.md)
is read by layout.py; any other table is a plain one, read by plain.py through a column
mapping (mapping.py) that `import_plan` gives back to be shown. layout_writer.py writes the
layout back as CSV or XLSX.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.languages import in_binding_order
from app.domain.plan import Plan
from app.i18n.messages import _
from app.services.plan_io.csv_file import read_csv
from app.services.plan_io.errors import MAX_FILE_BYTES, PlanFileError
from app.services.plan_io.layout import (
    APPROVAL_PARTS,
    KINDS,
    SETTINGS,
    grid_to_plan,
    looks_like_layout,
)
from app.services.plan_io.layout_header import FIXED_HEADERS, SPAN_MARK, layout_grid
from app.services.plan_io.layout_writer import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    plan_to_csv,
    plan_to_grid,
    plan_to_xlsx,
    write_plan,
)
from app.services.plan_io.mapping import ColumnMapping, guess_mapping, same_columns
from app.services.plan_io.plain import PlainImport, read_plain
from app.services.plan_io.second_language import add_language
from app.services.plan_io.sheet import SheetTable

if TYPE_CHECKING:
    from app.render.verification_mark import PageMark

__all__ = [
    "APPROVAL_PARTS",
    "FIXED_HEADERS",
    "KINDS",
    "MAX_FILE_BYTES",
    "SETTINGS",
    "SPAN_MARK",
    "ColumnMapping",
    "PlainImport",
    "PlanFileError",
    "PlanImport",
    "SheetTable",
    "grid_to_plan",
    "import_plan",
    "import_plan_bytes",
    "import_translation",
    "plain_table",
    "plan_pdfs",
    "plan_to_csv",
    "plan_to_grid",
    "plan_to_xlsx",
    "read_plain",
    "read_plan",
    "read_plan_bytes",
    "read_table",
    "write_plan",
]

_ZIP_MAGIC = b"PK\x03\x04"
#: An OLE compound file: a legacy .xls/.doc, or an Office file encrypted with a password.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An ODS file's first part, stored uncompressed, names its type.
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _too_large(size: int) -> str:
    return _("the file is {size} MB; plan files are limited to {limit} MB").format(
        size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_BYTES // 1024 // 1024
    )


@dataclass(frozen=True)
class PlanImport:
    """A plan read from a file; for a plain table, the column mapping used and warnings."""

    plan: Plan
    mapping: ColumnMapping | None = None
    warnings: tuple[str, ...] = ()
    #: The file's row of each plan row (plain tables), for messages.
    lines: tuple[int, ...] = ()


def read_plan(path: Path | str) -> Plan:
    """Read a plan from a file; raise PlanFileError naming every problem."""
    return import_plan(path).plan


def import_plan(
    path: Path | str, spec: str | None = None, language: str | None = None
) -> PlanImport:
    """Read a plan from a file, a plain table through the guessed column mapping with `spec`
    (`A=number,B=events`) and `language` applied; PlanFileError naming every problem."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanFileError(name, [_too_large(size)])
        data = path.read_bytes()
    except OSError as error:
        raise PlanFileError(
            name,
            [_("cannot read the file: {reason}").format(reason=error.strerror or error)],
        ) from None
    return import_plan_bytes(data, name, spec, language)


def read_table(data: bytes, name: str) -> SheetTable:
    """The table of a file's bytes, by its contents and suffix; PlanFileError if unreadable."""
    if len(data) > MAX_FILE_BYTES:
        raise PlanFileError(name, [_too_large(len(data))])
    if not data:
        raise PlanFileError(name, [_("the file is empty (0 bytes)")])
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise PlanFileError(name, [_("the file is empty: it has only blank lines")])
    # Each reader is imported for its own format only (a CSV plan never loads zip or XML).
    suffix = Path(name).suffix.lower()
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(_OLE_MAGIC):
        raise PlanFileError(
            name,
            [
                _(
                    "this is an old-style Excel or Word file (.xls, .doc) or one protected by a "
                    "password; save it as .xlsx or .docx without a password"
                )
            ],
        )
    if suffix == ".ods" or (data.startswith(_ZIP_MAGIC) and _ODS_MIME in data[:100]):
        from app.services.plan_io.ods import read_ods

        return read_ods(data, name)
    if suffix == ".docx" or (data.startswith(_ZIP_MAGIC) and b"word/" in data[:2000]):
        from app.services.plan_io.docx_file import read_docx

        return read_docx(data, name)
    if data.startswith(_ZIP_MAGIC) or suffix in XLSX_SUFFIXES:
        from app.services.plan_io.xlsx import read_xlsx

        return read_xlsx(data, name)
    if suffix in (".html", ".htm") or head.startswith((b"<!doctype html", b"<html")):
        from app.services.plan_io.html_file import read_html

        return read_html(data, name)
    if suffix in (*CSV_SUFFIXES, ".tsv") or not suffix:
        return read_csv(data, name, tab_separated=suffix == ".tsv")
    raise PlanFileError(
        name,
        [
            _(
                "{suffix!r} files are not plan tables; use .xlsx, .ods, .csv, .tsv, .docx or .html"
            ).format(suffix=suffix)
        ],
    )


def read_plan_bytes(data: bytes, name: str = "plan.csv") -> Plan:
    """Read a plan from the bytes of a file; the contents and the name's suffix pick the
    format."""
    return import_plan_bytes(data, name).plan


def plain_table(path: Path | str) -> tuple[SheetTable, ColumnMapping] | None:
    """A plain table's cells and its guessed mapping (for a preview that lets the person
    change it), or None for a file in Verbale's own layout; PlanFileError if unreadable."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PlanFileError(
            name,
            [_("cannot read the file: {reason}").format(reason=error.strerror or error)],
        ) from None
    table = read_table(data, name)
    if _in_layout(table):
        return None
    return table, guess_mapping(table.padded())


def _in_layout(table: SheetTable) -> bool:
    first = next((row for row in table.rows if any(cell.text.strip() for cell in row)), [])
    return looks_like_layout([cell.text for cell in first])


def import_plan_bytes(
    data: bytes, name: str, spec: str | None = None, language: str | None = None
) -> PlanImport:
    """A plan from the bytes of a file: Verbale's own layout as it is, any other table as a
    plain one (see `import_plan`)."""
    table = read_table(data, name)
    if _in_layout(table):
        if spec or language:
            raise PlanFileError(
                name,
                [
                    _(
                        "the file is in Verbale's own layout (kind, level, number, key, value, "
                        "text.<language>): its columns and languages are named in it, so "
                        "--map and --lang do not apply"
                    )
                ],
            )
        return PlanImport(grid_to_plan(layout_grid(table, name), name))
    plain: PlainImport = read_plain(table, name, spec, language)
    return PlanImport(plain.plan, plain.mapping, tuple(plain.warnings), plain.lines)


def import_translation(first: PlanImport, path: Path | str) -> PlanImport:
    """`first` with the texts of the same plan in another language, read from `path` (its
    columns read as the first file's were); PlanFileError where the rows differ."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PlanFileError(
            name,
            [_("cannot read the file: {reason}").format(reason=error.strerror or error)],
        ) from None
    table = read_table(data, name)
    if first.mapping is None or _in_layout(table):
        other = import_plan_bytes(data, name)
    else:
        mapping = same_columns(first.mapping, table.padded())
        plain = read_plain(table, name, mapping=mapping)
        other = PlanImport(plain.plan, plain.mapping, tuple(plain.warnings), plain.lines)
    plan = add_language(first.plan, other.plan, name, first.lines, other.lines)
    return PlanImport(plan, first.mapping, first.warnings + other.warnings, first.lines)


def plan_pdfs(
    plan: Plan,
    stem: str,
    languages: Sequence[str] | None = None,
    *,
    archival: bool = True,
    marks: Mapping[str, PageMark] | None = None,
) -> tuple[dict[str, bytes], dict[str, int]]:
    """The plan rendered in each of `languages` (default: all of its own) as
    ({"<stem>_<lang>.pdf": bytes}, {"<lang>": pages}), PDF/A-2b unless `archival` is False.
    Each page carries `marks[language]` (an issued note's verification mark), by default the
    draft mark. Raises ValueError for a language the plan is not written in."""
    from app.render.pdfa import DocumentMetadata, archival_pdf
    from app.render.plan_pdf import render_plan
    from app.render.verification_mark import draft_mark

    wanted = in_binding_order(tuple(languages)) if languages else plan.languages
    missing = [language for language in languages or () if language not in plan.languages]
    if missing:
        raise ValueError(
            f"the plan is written in {', '.join(plan.languages)}, not in {', '.join(missing)}"
        )
    files: dict[str, bytes] = {}
    pages: dict[str, int] = {}
    for language in wanted:
        mark = marks[language] if marks and language in marks else draft_mark(language)
        rendered = render_plan(plan, language, mark)
        title = " ".join(plan.title.get(language, "").split()) or stem
        files[f"{stem}_{language}.pdf"] = (
            archival_pdf(rendered.pdf, DocumentMetadata(title=title, languages=(language,)))
            if archival
            else rendered.pdf
        )
        pages[language] = rendered.pages
    return files, pages
