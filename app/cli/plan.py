"""Plan commands: `verbale plan import FILE`, `verbale plan render FILE --out DIR`,
`verbale plan convert FILE OUT`.

FILE is Verbale's own layout or a plain table (XLSX, ODS, CSV/TSV, DOCX, HTML) as an officer
keeps it; for a plain table every command prints the column mapping it guessed (and what it
noticed) before anything else, and takes `--map` and `--lang` to correct it, and
`--translation FILE2` for the same plan in another language."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.domain.plan import Item, Plan, Section
from app.services.plan_io import (
    PlanFileError,
    PlanImport,
    import_plan,
    import_translation,
    plan_pdfs,
    write_plan,
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = subparsers.add_parser(
        "plan", help="import, check, convert and render plan tables (enclosures)"
    )
    commands = plan.add_subparsers(dest="plan_command", metavar="PLAN_COMMAND", required=True)

    check = commands.add_parser(
        "import", help="read a plan from XLSX, ODS, CSV, DOCX or HTML, check it and summarise it"
    )
    check.add_argument(
        "file", type=Path, help="the plan table, or a file in Verbale's layout (docs/plan-format)"
    )
    _plain_options(check)
    check.set_defaults(handler=_import)

    render = commands.add_parser("render", help="render a plan file to one PDF per language")
    render.add_argument("file", type=Path)
    _plain_options(render, lang=False)
    render.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    render.add_argument(
        "--lang",
        metavar="LANGS",
        help="comma-separated languages, e.g. en,ru (default: every language of the plan)",
    )
    render.set_defaults(handler=_render)

    convert = commands.add_parser(
        "convert", help="write a plan file as CSV or XLSX (by the output's suffix)"
    )
    convert.add_argument("file", type=Path)
    convert.add_argument("output", type=Path)
    _plain_options(convert)
    convert.set_defaults(handler=_convert)


def _plain_options(parser: argparse.ArgumentParser, lang: bool = True) -> None:
    """--map, --lang (--text-lang for render, whose --lang names the languages rendered) and
    --translation."""
    parser.add_argument(
        "--map",
        metavar="MAPPING",
        help='what each column of a plain table is, e.g. "A=number,B=events,C=time:Scheduled '
        'time,F=skip" (KEY:HEADER names a plan column and its header); columns not named keep '
        "the guessed role",
    )
    parser.add_argument(
        *(("--lang", "--text-lang") if lang else ("--text-lang",)),
        metavar="LANG",
        dest="text_language",
        help="the language of a plain table's texts (en, ru or kk; default: guessed by script)",
    )
    parser.add_argument(
        "--translation",
        metavar="FILE2",
        type=Path,
        action="append",
        default=[],
        help="the same plan in another language (same rows), added to the plan; may be repeated",
    )


def _read(args: argparse.Namespace) -> Plan | None:
    """The plan of `args.file` (and its translations); the mapping and warnings printed."""
    try:
        imported: PlanImport = import_plan(args.file, args.map, args.text_language)
        if imported.mapping is not None:
            for line in imported.mapping.describe():
                print(line)
        for translation in args.translation:
            imported = import_translation(imported, translation)
        for warning in imported.warnings:
            print(f"warning: {warning}")
        return imported.plan
    except PlanFileError as error:
        print(error, file=sys.stderr)
        return None


def summary(plan: Plan) -> list[str]:
    """What a person checks after an import, one fact a line."""
    items = sum(1 for row in plan.rows if isinstance(row, Item))
    sections = [row for row in plan.rows if isinstance(row, Section)]
    spans = sum(
        1
        for row in plan.rows
        if isinstance(row, Item)
        for cell in row.cells.values()
        if cell.rowspan > 1
    )
    first = plan.languages[0]
    lines = [
        f"title:       {' '.join(plan.title.get(first, '').split())}",
        f"languages:   {', '.join(plan.languages)}",
        "columns:     "
        + " | ".join(
            [plan.number_column.header(first)]
            + [column.headers.get(first, column.key) for column in plan.columns]
        ),
        f"rows:        {items} items, {len(sections)} section headings"
        + (
            " (levels " + ", ".join(str(n) for n in sorted({s.level for s in sections})) + ")"
            if sections
            else ""
        ),
        f"row spans:   {spans}",
        f"numbering:   {plan.numbering}; orientation: {plan.orientation}",
        f"approval:    {len(plan.signatories)} signatories"
        + (
            " (" + "; ".join(s.names.get(first, "") for s in plan.signatories) + ")"
            if plan.signatories
            else ""
        ),
        f"preamble:    {len(plan.preamble)} paragraphs and bullets",
    ]
    return lines


def _import(args: argparse.Namespace) -> int:
    plan = _read(args)
    if plan is None:
        return 2
    print(f"{args.file}: a valid plan")
    for line in summary(plan):
        print(f"  {line}")
    return 0


def _render(args: argparse.Namespace) -> int:
    plan = _read(args)
    if plan is None:
        return 2
    languages = [code.strip() for code in args.lang.split(",") if code.strip()] if args.lang else []
    try:
        files, pages = plan_pdfs(plan, args.file.stem, languages or None)
    except ValueError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    from app.private_files import private_folder, write_private

    private_folder(args.out)
    for (name, data), language in zip(files.items(), pages, strict=True):
        target = args.out / name
        write_private(target, data)
        print(f"{target}  ({pages[language]} page{'s' if pages[language] != 1 else ''})")
    return 0


def _convert(args: argparse.Namespace) -> int:
    plan = _read(args)
    if plan is None:
        return 2
    try:
        write_plan(plan, args.output)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{args.output}: written")
    return 0
