"""Silence procedure commands: `verbale objections add`, `verbale deadlines`,
`verbale outcomes` (settle the outcomes whose deadline has passed)."""

from __future__ import annotations

import argparse
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
from app.i18n.messages import _, ngettext
from app.services.register import RegisterError


def _days(text: str) -> int:
    """A count of days: a whole number, 0 or more (as many as wanted: the service stops at
    the calendar's last day)."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a number of days").format(text=text)
        ) from None
    if days < 0:
        raise argparse.ArgumentTypeError(_("a number of days is 0 or more"))
    return days


def add_parser(subparsers: Any) -> None:
    objections = subparsers.add_parser("objections", help="objections under a silence procedure")
    commands = objections.add_subparsers(dest="objections_command", metavar="ACTION", required=True)
    add = commands.add_parser("add", help="record an objection received to a note")
    add.add_argument("note", help="a note id (12) or number (PAR/1453)")
    add.add_argument("--party", required=True, help="the state or body that objects")
    add.add_argument("--date", type=typed_date, required=True, help="the day it was received")
    add.add_argument("--reference", default="", help="the number of its note, e.g. 12-3/456")
    add.add_argument("--text", default="", help="what it says")
    add_acting_options(add)
    add.set_defaults(handler=_add)
    listing = commands.add_parser("list", help="the objections recorded for a note")
    listing.add_argument("note")
    listing.set_defaults(handler=_list)
    members = commands.add_parser(
        "members", help="per member: dispatched to, objected, and the procedure's outcome"
    )
    members.add_argument("note")
    members.set_defaults(handler=_members)

    deadlines = subparsers.add_parser(
        "deadlines", help="issued notes whose objection deadline falls within N days"
    )
    deadlines.add_argument("--within", type=_days, default=30, metavar="N", help="days (30)")
    deadlines.set_defaults(handler=_deadlines)

    outcomes = subparsers.add_parser(
        "outcomes", help="set the outcome of silence procedures whose deadline has passed"
    )
    add_acting_options(outcomes)
    outcomes.set_defaults(handler=_outcomes)


def _add(args: argparse.Namespace) -> int:
    register = open_register(args)
    try:
        note_id = resolve_note(register, args.note)
        user = login(args, register, Passwords(args.password_stdin))
        info = workflow(register).record_objection(
            user,
            note_id,
            party=args.party,
            received_on=args.date,
            reference=args.reference,
            text=args.text,
        )
    except RegisterError as error:
        return refused(error)
    effect = "the silence is broken" if info.timely else "received after the deadline"
    print(f"objection from {info.party} recorded for {args.note}: {effect}")
    return 0


def _list(args: argparse.Namespace) -> int:
    register = open_register(args, reading=True)
    try:
        found = workflow(register).objections(resolve_note(register, args.note))
    except RegisterError as error:
        return refused(error)
    for item in found:
        late = "" if item.timely else "  (late)"
        print(f"{item.received_on.isoformat()}  {item.party}  {item.reference}  {item.text}{late}")
    return 0


def outcome_words(outcome: str) -> str:
    """A silence procedure's outcome as a person reads it."""
    words = {
        "adopted": _("adopted under the silence procedure"),
        "silence_broken": _("silence broken"),
        "pending": _("pending"),
    }
    return words.get(outcome, outcome)


def _deadlines(args: argparse.Namespace) -> int:
    register = open_register(args, reading=True)
    found = workflow(register).deadlines(args.within)
    for info in found:
        left = "today" if info.days_left == 0 else f"{info.days_left} day(s) left"
        moved = (
            f" (written {info.deadline.isoformat()})"
            if info.effective_deadline != info.deadline
            else ""
        )
        outcome = f"  {outcome_words(info.outcome)}" if info.outcome else ""
        counted = ngettext(
            "{count} objection in time", "{count} objections in time", info.objections
        ).format(count=info.objections)
        if info.late_objections:
            counted += " " + _("(+{count} late)").format(count=info.late_objections)
        print(
            f"{info.number or info.note_id}  {info.effective_deadline.isoformat()}{moved}  "
            f"{left}  {counted}{outcome}  {info.subject}"
        )
    if not found:
        print(f"no objection deadline within {args.within} day(s)")
    return 0


def _outcomes(args: argparse.Namespace) -> int:
    register = open_register(args)
    try:
        user = login(args, register, Passwords(args.password_stdin))
        settled = workflow(register).settle_outcomes(user=user)
    except RegisterError as error:
        return refused(error)
    for info in settled:
        print(
            f"{info.number or info.note_id}  {outcome_words(info.outcome)}  (deadline "
            f"{info.effective_deadline.isoformat()}, {info.objections} objection(s))"
        )
    if not settled:
        print("no outcome to settle")
    return 0


def _members(args: argparse.Namespace) -> int:
    """One line per recipient of the note: dispatched how and when, its objections."""
    from app.services.procedure_members import procedure_standing

    register = open_register(args, reading=True)
    try:
        standing = procedure_standing(workflow(register), resolve_note(register, args.note))
    except RegisterError as error:
        return refused(error)
    for member in standing.members:
        sent = (
            f"{member.dispatch_method} {member.dispatched_at:%Y-%m-%d}"
            if member.dispatched_at and member.dispatch_state == "sent"
            else member.dispatch_state
        )
        objected = "; ".join(
            f"objected {item.number} received {item.received_on.isoformat()}"
            for item in member.objections
        )
        print(f"{member.key}\t{sent}\t{objected or '-'}")
    for item in standing.others:
        print(f"(other)\t-\tobjected {item.number} from {item.sender_name}")
    print(
        _("{dispatched} of {count} dispatched to, {objected} objected; outcome: {outcome}").format(
            dispatched=standing.dispatched,
            count=len(standing.members),
            objected=standing.objected,
            outcome=standing.outcome or _("pending"),
        )
    )
    return 0
