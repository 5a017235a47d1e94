"""`verbale note draft|submit|approve|return|revise|issue|dispatch|withdraw|correct|share|
unshare|history`: the approval workflow from the command line (see app/cli/acting.py for who
acts)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import dispatch as dispatch_cli
from app.cli.acting import (
    REFUSED,
    Passwords,
    add_acting_options,
    login,
    open_register,
    refused,
    resolve_note,
    workflow,
)
from app.domain.problems import ValidationError
from app.i18n.messages import _
from app.services.register import RegisterError
from app.services.seal import SealError
from app.services.workflow import ConsistencyRefused

#: Sub-command -> what it does (its help line).
TRANSITIONS = {
    "submit": "submit a draft for approval (the language versions must agree)",
    "approve": "approve a submitted note (not one you drafted or last edited)",
    "return": "return a submitted note for revision, with a comment saying why",
    "revise": "take a returned note back into drafting",
    "issue": "issue an approved note: number, PDFs and their SHA-256, in one transaction",
    "dispatch": "record that an issued note has been sent (--by: to each recipient, how)",
    "withdraw": "withdraw a note not yet issued",
    "correct": "start a correction of an approved or issued note (a new linked draft)",
}


def add_parser(subparsers: Any) -> None:
    note = subparsers.add_parser("note", help="draft, submit, approve, issue... a note")
    commands = note.add_subparsers(dest="note_command", metavar="ACTION", required=True)

    draft = commands.add_parser("draft", help="save a note file (TOML) as a new draft")
    draft.add_argument("file", type=Path)
    add_acting_options(draft)
    draft.set_defaults(handler=_draft)

    for name, help_text in TRANSITIONS.items():
        command = commands.add_parser(name, help=help_text)
        command.add_argument("note", help="a note id (12) or number (PAR/1453)")
        if name in ("approve", "return", "dispatch", "withdraw"):
            command.add_argument(
                "--comment", default="", required=name == "return", help="recorded with it"
            )
        if name == "dispatch":
            dispatch_cli.add_options(command)
        if name == "submit":
            command.add_argument(
                "--override",
                metavar="WHY",
                help="submit although the language versions disagree, saying why",
            )
        add_acting_options(command)
        command.set_defaults(handler=_transition, action=name)

    for name, help_text in (
        ("share", "let a fellow drafter save over your draft too"),
        ("unshare", "stop sharing your draft with a fellow drafter"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("note", help="a note id (12) or number (PAR/1453)")
        command.add_argument("--with", dest="colleague", required=True, metavar="LOGIN")
        add_acting_options(command)
        command.set_defaults(handler=_share, share=name == "share")

    dispatch_cli.add_listing(commands)

    history = commands.add_parser("history", help="who did what to a note, and when")
    history.add_argument("note", help="a note id (12) or number (PAR/1453)")
    history.set_defaults(handler=_history)


def _draft(args: argparse.Namespace) -> int:
    from app.services.note_file import load_note  # type: ignore[import-not-found,unused-ignore]

    register = open_register(args)
    try:
        note = load_note(args.file)
        user = login(args, register, Passwords(args.password_stdin))
        note_id = workflow(register).save_draft(user, note)
    except (ValidationError, RegisterError) as error:
        return refused(error)
    print(f"saved as draft {note_id}")
    if note.number is not None:
        coming = register.next_number(note.number.prefix, note.date)
        if coming != note.number.running:
            print(
                _(
                    "warning: the file names №{named}, but series {prefix} will give "
                    "№{prefix}/{coming} when this note is issued; to continue the series from "
                    "{running}: verbale register series {prefix} --next {running}"
                ).format(
                    named=note.number.code,
                    prefix=note.number.prefix,
                    coming=coming,
                    running=note.number.running,
                ),
                file=sys.stderr,
            )
    return 0


def _transition(args: argparse.Namespace) -> int:
    register = open_register(args)
    try:
        note_id = resolve_note(register, args.note)
        user = login(args, register, Passwords(args.password_stdin))
        service = workflow(register)
        action = args.action
        if action == "submit":
            status = service.submit(user, note_id, override_comment=args.override)
        elif action == "approve":
            status = service.approve(user, note_id, args.comment)
        elif action == "return":
            status = service.return_for_revision(user, note_id, args.comment)
        elif action == "revise":
            status = service.revise(user, note_id)
        elif action == "dispatch" and args.by:
            return dispatch_cli.run(args, register, user, note_id)
        elif action == "dispatch":
            status = service.dispatch(user, note_id, args.comment)
        elif action == "withdraw":
            status = service.withdraw(user, note_id, args.comment)
        elif action == "issue":
            from app.cli.sealing import issue_seal, seal_report

            seal = issue_seal(register, note_id)
            result = service.issue(user, note_id, seal=seal)
            print(f"issued №{result.number.code}")
            for document in result.documents:
                print(f"  {document.file_name}  sha256 {document.sha256}")
            print(seal_report(register, note_id, seal))
            return 0
        else:
            new_id = service.correct(user, note_id)
            print(f"correction of note {note_id} saved as draft {new_id}")
            return 0
    except ConsistencyRefused as error:
        print(error, file=sys.stderr)
        print('(to submit anyway: --override "why they may stand")', file=sys.stderr)
        return REFUSED
    except (ValidationError, RegisterError, SealError) as error:
        return refused(error)
    print(f"note {args.note}: {status.value}")
    return 0


def _share(args: argparse.Namespace) -> int:
    from app.services.sharing import share_note, shared_with, unshare_note

    register = open_register(args)
    try:
        note_id = resolve_note(register, args.note)
        user = login(args, register, Passwords(args.password_stdin))
        change = share_note if args.share else unshare_note
        change(register, user, note_id, args.colleague)
    except RegisterError as error:
        return refused(error)
    colleagues = ", ".join(shared_with(register, note_id)) or _("nobody")
    print(
        _("note {note} is shared with: {colleagues}").format(note=args.note, colleagues=colleagues)
    )
    return 0


def _history(args: argparse.Namespace) -> int:
    register = open_register(args, reading=True)
    try:
        note_id = resolve_note(register, args.note)
        register.load(note_id)
        entries = workflow(register).history(note_id)
    except RegisterError as error:
        return refused(error)
    for entry in entries:
        print(entry)
    return 0
