"""`verbale incoming add|list|show|reply`: the notes received (app/services/incoming.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.acting import (
    Passwords,
    add_acting_options,
    login,
    open_register,
    refused,
    resolve_note,
    workflow,
)
from app.cli.dates import typed_date
from app.i18n.messages import _


def add_parser(subparsers: Any) -> None:
    incoming = subparsers.add_parser("incoming", help="notes received: register, list, reply")
    commands = incoming.add_subparsers(dest="incoming_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="register a note received")
    add.add_argument("number", help="its number as the sender wrote it, e.g. 'No. 12/345'")
    add.add_argument("--date", type=typed_date, required=True, help="the date of the note")
    add.add_argument("--from", dest="sender", required=True, metavar="KEY", help="the sender")
    add.add_argument("--received", type=typed_date, help="the day it was received (default: today)")
    add.add_argument("--subject", default="")
    add.add_argument("--lang", default="", help="its languages, e.g. en or en,ru")
    add.add_argument("--answer-by", type=typed_date, help="the day it is to be answered by")
    add.add_argument("--pdf", type=Path, help="the note as received (a PDF)")
    add.add_argument(
        "--objects-to", metavar="NOTE", help="an objection to this note's silence procedure"
    )
    add_acting_options(add)
    add.set_defaults(handler=_add)

    listing = commands.add_parser("list", help="the notes received, newest first")
    listing.add_argument(
        "--awaiting", action="store_true", help="only those awaiting a reply, soonest due first"
    )
    listing.add_argument("text", nargs="?", default="", help="a number in any form, or words")
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="one note received and its replies")
    show.add_argument("incoming", help="its id, or its number in any form")
    show.add_argument("--save-pdf", type=Path, metavar="FILE", help="write the received PDF")
    show.set_defaults(handler=_show)

    reply = commands.add_parser("reply", help="save a note file as the draft reply to it")
    reply.add_argument("incoming", help="its id, or its number in any form")
    reply.add_argument("file", type=Path, help="the reply (a note TOML, as for note draft)")
    add_acting_options(reply)
    reply.set_defaults(handler=_reply)


def _service(register: Any) -> Any:
    from app.services.incoming import IncomingRegister

    return IncomingRegister(workflow(register))


def line(info: Any) -> str:
    """One incoming note as `register search` and `incoming list` print it."""
    state = _("answered") if info.answered else ""
    due = f"answer by {info.answer_by.isoformat()}" if info.answer_by else ""
    return "  ".join(
        part
        for part in (
            f"incoming {info.id}",
            info.number,
            info.date.isoformat(),
            info.sender_name or info.sender_key,
            info.subject,
            due,
            state,
        )
        if part
    )


def _add(args: argparse.Namespace) -> int:
    from app.domain.problems import ValidationError
    from app.services.register import RegisterError
    from app.services.users import LoginRefused

    register = open_register(args)
    try:
        pdf = None
        if args.pdf is not None:
            content = args.pdf.read_bytes()
            if not content.startswith(b"%PDF-"):
                return refused(_("{file} is not a PDF.").format(file=args.pdf))
            pdf = (args.pdf.name, content)
        user = login(args, register, Passwords(args.password_stdin))
        procedure = resolve_note(register, args.objects_to) if args.objects_to else None
        service = _service(register)
        info = service.add(
            user,
            number=args.number,
            date=args.date,
            sender_key=args.sender,
            received_on=args.received or service.workflow.today(),
            subject=args.subject,
            languages=tuple(part.strip() for part in args.lang.split(",") if part.strip()),
            answer_by=args.answer_by,
            pdf=pdf,
            objects_to=procedure,
        )
    except (RegisterError, LoginRefused, ValidationError, OSError) as error:
        return refused(error)
    print(_("registered as incoming {id}").format(id=info.id))
    print(line(info))
    return 0


def _list(args: argparse.Namespace) -> int:
    service = _service(open_register(args, reading=True))
    found = service.search(args.text) if args.text else service.listing(args.awaiting)
    if args.text and args.awaiting:
        found = [item for item in found if not item.answered and item.answer_by]
    for info in found:
        print(line(info))
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.services.register import RegisterError

    service = _service(open_register(args, reading=True))
    try:
        info = service.by_number(args.incoming)
    except RegisterError as error:
        return refused(error)
    print(f"Incoming:   {info.id}")
    print(f"Number:     {info.number}")
    print(f"Date:       {info.date.isoformat()}")
    print(f"From:       {info.sender_name} ({info.sender_key or '-'})")
    print(f"Subject:    {info.subject}")
    print(f"Languages:  {', '.join(info.languages) or '-'}")
    print(f"Received:   {info.received_on.isoformat()}  by {info.recorded_by or '-'}")
    if info.answer_by:
        print(f"Answer by:  {info.answer_by.isoformat()}")
    if info.file_name:
        print(f"Document:   {info.file_name}  {info.size} bytes  sha256 {info.sha256}")
    if info.procedure_note_id:
        print(f"Objection:  to №{info.procedure_number or info.procedure_note_id}")
    for note_id, number, status in info.replies:
        print(f"Reply:      {number or f'note {note_id}'}  {status}")
    print(f"Answered:   {'yes' if info.answered else 'no'}")
    if args.save_pdf:
        from app.private_files import write_private

        write_private(args.save_pdf, service.document(info.id))
        print(f"Saved:      {args.save_pdf}")
    return 0


def _reply(args: argparse.Namespace) -> int:
    from app.domain.problems import ValidationError
    from app.services.note_file import load_note
    from app.services.register import RegisterError
    from app.services.users import LoginRefused

    register = open_register(args)
    try:
        service = _service(register)
        incoming = service.by_number(args.incoming)
        note = service.reply_note(incoming.id, load_note(args.file))
        user = login(args, register, Passwords(args.password_stdin))
        note_id = service.workflow.save_draft(user, note)
    except (RegisterError, LoginRefused, ValidationError) as error:
        return refused(error)
    print(_("reply to {number} saved as draft {id}").format(number=incoming.number, id=note_id))
    return 0


def print_incoming_found(register: Any, text: str) -> bool:
    """`register search`'s lines for the notes received matching `text`; whether any did."""
    if not text.strip():
        return False
    found = _service(register).search(text)
    for info in found:
        print(line(info))
    return bool(found)


def print_reply_link(register: Any, note_id: int) -> None:
    """`register show`'s line naming the incoming note a note answers."""
    info = _service(register).reply_to(note_id)
    if info is not None:
        print(
            f"In reply:   incoming {info.id}  {info.number} of {info.date.isoformat()}  "
            f"{info.sender_name}",
            file=sys.stdout,
        )
