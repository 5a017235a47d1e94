"""Register commands: `verbale register search|show|list|export|add`, `verbale db upgrade`,
`verbale backup`, `verbale restore`, `verbale demo`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.acting import (
    Passwords,
    add_acting_options,
    login,
    login_if_claimed,
    open_register,
    refused,
    workflow,
)
from app.cli.dates import typed_date
from app.domain.number import NoteNumber
from app.i18n.messages import _
from app.services.register import (
    STATUSES,
    NoteNotFound,
    NoteSummary,
    Register,
    RegisterError,
    SearchFilters,
)


def _url(args: argparse.Namespace) -> str:
    from app.paths import default_database_url

    return str(args.db or default_database_url())


def _open(args: argparse.Namespace, *, reading: bool = False) -> Register:
    return open_register(args, reading=reading)


def _line(summary: NoteSummary) -> str:
    number = summary.number or f"(draft {summary.id})"
    deadline = f"  deadline {summary.deadline.isoformat()}" if summary.deadline else ""
    return (
        f"{number:<14}  {summary.date.isoformat()}  {summary.status:<10}  "
        f"{summary.addressee}  —  {summary.subject}{deadline}"
    )


def _filters(args: argparse.Namespace) -> SearchFilters:
    return SearchFilters(
        date_from=args.date_from,
        date_to=args.date_to,
        statuses=tuple(args.status or ()),
        addressee=args.addressee,
        series=args.series,
        open_deadlines=args.open_deadlines,
    )


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=typed_date, help="notes dated on or after")
    parser.add_argument("--to", dest="date_to", type=typed_date, help="notes dated on or before")
    parser.add_argument("--status", action="append", choices=STATUSES, help="repeatable")
    parser.add_argument("--addressee", help="directory key or part of the addressee's name")
    parser.add_argument("--series", help="series prefix, e.g. PAR")
    parser.add_argument(
        "--open-deadlines", action="store_true", help="only notes whose objection deadline is open"
    )


def add_parser(subparsers: Any) -> None:
    register = subparsers.add_parser("register", help="search, show, list and export the register")
    commands = register.add_subparsers(dest="register_command", metavar="ACTION", required=True)

    search = commands.add_parser("search", help="find notes by number or by words, best first")
    search.add_argument("query", nargs="+", help="a number as typed (1453, PAR/1453) or words")
    search.add_argument("--limit", type=int, default=20)
    _add_filter_options(search)
    search.set_defaults(handler=_search)

    listing = commands.add_parser("list", help="list notes, newest first")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--offset", type=int, default=0)
    listing.add_argument(
        "--sort", default="-date", help="number, date, addressee, ... (- reverses)"
    )
    _add_filter_options(listing)
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="show one note: its register data and documents")
    show.add_argument("note", help="a note number (PAR/1453) or a draft's id")
    show.add_argument("--save-pdfs", type=Path, metavar="DIR", help="write its issued PDFs here")
    show.set_defaults(handler=_show)

    export = commands.add_parser("export", help="export to CSV, XLSX or a journal PDF")
    export.add_argument("file", type=Path, help="target file: .csv, .xlsx or .pdf")
    export.add_argument("--format", choices=("csv", "xlsx", "pdf"))
    export.add_argument("--query", default="", help="export only what this search finds")
    export.add_argument("--language", choices=("en", "ru", "kk"), default="en")
    _add_filter_options(export)
    add_acting_options(export, optional=True)
    export.set_defaults(handler=_export)

    add = commands.add_parser(
        "add", help="add a note file (TOML) as a draft (as `verbale note draft`; then submit it)"
    )
    add.add_argument("file", type=Path)
    add_acting_options(add)
    add.set_defaults(handler=_add)

    series = commands.add_parser(
        "series", help="list number series, or create one (administrator or registrar)"
    )
    series.add_argument("prefix", nargs="?", help="create this series (e.g. PAR)")
    series.add_argument("--title", default="")
    series.add_argument("--yearly-reset", action="store_true")
    series.add_argument("--next", type=int, help="the next number to give out")
    add_acting_options(series)
    series.set_defaults(handler=_series)

    db = subparsers.add_parser("db", help="the register's database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_commands.add_parser("upgrade", help="create or migrate the register's schema")
    upgrade.set_defaults(handler=_db_upgrade)
    current = db_commands.add_parser("current", help="print the schema revision")
    current.set_defaults(handler=_db_current)
    from app.cli.database import add_db_actions

    add_db_actions(db_commands)

    backup = subparsers.add_parser("backup", help="copy the register (safe while it is open)")
    backup.add_argument("file", type=Path)
    backup.set_defaults(handler=_backup)

    restore = subparsers.add_parser("restore", help="replace the register with a checked backup")
    restore.add_argument("file", type=Path)
    add_acting_options(restore)
    restore.set_defaults(handler=_restore)

    demo = subparsers.add_parser(
        "demo",
        help="fill the demo register (a file of its own, never a real register) with the "
        "reference note",
    )
    demo.add_argument("--notes", type=int, default=300, help="synthetic drafts to add")
    demo.add_argument(
        "--synthetic",
        type=int,
        metavar="N",
        help="instead: write N issued synthetic notes fast (e.g. 1000000) into a new register",
    )
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing if the demo register has notes"
    )
    demo.add_argument(
        "--where", action="store_true", help="print the demo register's URL and do nothing else"
    )
    add_acting_options(demo)
    demo.set_defaults(handler=_demo)


def _search(args: argparse.Namespace) -> int:
    register = _open(args, reading=True)
    text = " ".join(args.query)
    found = register.search(text, _filters(args), None, 0, args.limit)
    for summary in found:
        print(_line(summary))
    from app.cli.incoming import print_incoming_found  # notes received, by the same search

    if not print_incoming_found(register, text) and not found:
        print(f"nothing found for {text!r}", file=sys.stderr)
        return 1
    return 0


def _list(args: argparse.Namespace) -> int:
    register = _open(args, reading=True)
    try:
        found = register.search("", _filters(args), args.sort, args.offset, args.limit)
    except RegisterError as error:
        print(error, file=sys.stderr)
        return 2
    for summary in found:
        print(_line(summary))
    total = register.count("", _filters(args))
    print(f"{len(found)} of {total} note(s)", file=sys.stderr)
    return 0


def _resolve(register: Register, text: str) -> int | None:
    if text.isdigit() and not register.find_by_number(text):
        return int(text)
    try:
        wanted = NoteNumber.parse(text)
    except ValueError:
        hits = register.find_by_number(text)
        return hits[0].id if len(hits) == 1 else (int(text) if text.isdigit() else None)
    for hit in register.find_by_number(text):
        if hit.number == wanted.code:
            return hit.id
    return None


def _show(args: argparse.Namespace) -> int:
    register = _open(args, reading=True)
    note_id = _resolve(register, args.note)
    if note_id is None:
        print(f"no note {args.note!r} in the register", file=sys.stderr)
        return 1
    try:
        record = register.load(note_id)
    except NoteNotFound as error:
        print(error, file=sys.stderr)
        return 1
    note = record.note
    print(f"Number:     {note.number or '(not issued)'}")
    print(f"Status:     {record.status}")
    print(f"Date:       {note.date.isoformat()}")
    print(f"Type:       {note.note_type}")
    print(f"Languages:  {', '.join(note.languages)}")
    print(f"Addressee:  {note.addressee.key}")
    print(f"Subject:    {note.subject}")
    if note.objection_deadline:
        print(f"Deadline:   {note.objection_deadline.isoformat()}")
    for document in record.documents:
        print(f"Document:   {document.file_name}  {document.size} bytes  sha256 {document.sha256}")
    from app.cli.incoming import print_reply_link

    print_reply_link(register, record.id)
    for entry in record.history:
        start = entry.from_status or "—"
        print(
            f"History:    {entry.at:%Y-%m-%d %H:%M}  {start} → {entry.to_status}  {entry.comment}"
        )
    if args.save_pdfs:
        from app.services.document_files import save_documents

        for target in save_documents(register, record.id, args.save_pdfs):
            print(f"Saved:      {target}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.services.register_export import export_register
    from app.services.users import LoginRefused

    register = _open(args, reading=True)
    try:
        user = login_if_claimed(args, register, Passwords(args.password_stdin))
    except LoginRefused as error:
        return refused(error)
    try:
        count = export_register(
            register,
            args.file,
            file_format=args.format,
            query_text=args.query,
            filters=_filters(args),
            language=args.language,
        )
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    from app.services import audit

    # Named only when someone logged in: $VERBALE_USER alone proves nothing.
    audit.record(
        register,
        audit.EXPORT,
        user_login=user.login if user is not None else "",
        detail={"file": str(args.file), "notes": count, "query": args.query, "via": "cli"},
    )
    print(f"{count} note(s) written to {args.file}")
    return 0


def _add(args: argparse.Namespace) -> int:
    from app.domain.problems import ValidationError
    from app.services.note_file import load_note  # type: ignore[import-not-found,unused-ignore]

    register = _open(args)
    try:
        note = load_note(args.file)
        user = login(args, register, Passwords(args.password_stdin))
        note_id = workflow(register).save_draft(user, note)
    except (ValidationError, RegisterError) as error:
        return refused(error)
    print(f"saved as draft {note_id}")
    return 0


def _series(args: argparse.Namespace) -> int:
    register = _open(args)
    if args.prefix:
        from app.services.series import set_up_series

        try:
            user = login(args, register, Passwords(args.password_stdin))
            set_up_series(
                register,
                user,
                args.prefix.upper(),
                title=args.title,
                yearly_reset=args.yearly_reset,
                next_running=args.next,
            )
        except (ValueError, RegisterError) as error:
            return refused(error)
    for info in register.list_series():
        reset = "  yearly reset" if info.yearly_reset else ""
        print(f"{info.prefix:<8} last {info.prefix}/{info.last_running}  {info.title}{reset}")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    register = Register(_url(args))
    before = register.schema_revision()
    copy = register.upgrade()
    after = register.schema_revision()
    if copy:
        print(f"backup of the old register: {copy}")
    print(f"schema {before or '(empty)'} → {after}" if before != after else f"schema {after}")
    return 0


def _db_current(args: argparse.Namespace) -> int:
    from app.services.register import NoRegister
    from app.services.register_reading import sqlite_path

    path = sqlite_path(_url(args))
    if path is not None and not path.is_file():  # said, not created
        raise NoRegister(_("there is no register at {path}").format(path=path))
    register = Register(_url(args))
    current = register.schema_revision()
    print(f"{current or '(empty)'}{'  (upgrade needed)' if register.needs_upgrade() else ''}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app.services.backup import BackupError, backup_register

    try:
        target = backup_register(_url(args), args.file)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"register copied to {target}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from app.services.backup import BackupError
    from app.services.restore import PreparedRestore
    from app.services.users import LoginRefused

    try:
        with PreparedRestore(_url(args), args.file) as prepared:
            user = login(args, prepared.login_register, Passwords(args.password_stdin))
            result = prepared.complete(user)
    except (BackupError, LoginRefused) as error:
        return refused(error)
    if result.safety_copy:
        print(f"the replaced register was kept in {result.safety_copy}")
    if result.numbers_kept:
        print(f"numbers given out after the backup stay used: {', '.join(result.numbers_kept)}")
    print(f"restored {result.notes} note(s) from {result.restored_from}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from app.paths import demo_database_url
    from app.services.demo import DemoRefused, fill_demo, register_kind, synthetic_register
    from app.services.register_reading import sqlite_path
    from app.services.users import LoginRefused

    # Never $VERBALE_DB: that names the user's own register.
    url = str(args.db or demo_database_url())
    if args.where:
        print(url)
        return 0
    if args.synthetic:
        path = sqlite_path(url)
        if path is None:
            print("--synthetic writes a SQLite register file", file=sys.stderr)
            return 2
        if path.exists() and path.stat().st_size > 0:
            print(f"{path} exists; --synthetic writes a new register", file=sys.stderr)
            return 2

        def progress(done: int, total: int) -> None:
            print(f"\r{done:,} / {total:,} notes", end="", file=sys.stderr, flush=True)

        synthetic_register(path, args.synthetic, progress=progress).close()
        print(file=sys.stderr)
        print(f"{args.synthetic:,} notes written to {path}")
        return 0
    register = Register.open(url, upgrade=False)
    kind = register_kind(register)
    if kind == "demo" and args.if_empty:
        print(f"the demo register {url} already has notes; nothing added")
        return 0
    by = None
    try:
        if kind == "demo":
            # Adding to a demo register is a change like any other: someone logs in.
            by = login(args, register, Passwords(args.password_stdin))
        result = fill_demo(register, args.notes, by=by)
    except (DemoRefused, LoginRefused) as error:
        return refused(error)
    reference = register.load(result.reference_id)
    print(f"demo register: {url}")
    print(
        f"{result.notes} note(s) added; the reference note is {reference.note.number or 'a draft'}"
    )
    for name, password in result.users:
        print(f"demo user {name:<10} password {password}")
    return 0
