"""`verbale note dispatch NUMBER --by email|courier|hand [--to KEY...]`: each recipient of an
issued note recorded as it is sent (app/services/dispatch.py); `verbale note dispatches NUMBER`
lists them. Without --by, `note dispatch` only marks the note dispatched, as before."""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from typing import Any

from app.i18n.messages import _

REFUSED = 2


def add_options(command: Any) -> None:
    """The dispatch sub-command's own options (the note window's Dispatch does the same)."""
    command.add_argument("--by", choices=("email", "courier", "hand"), help="how it is sent")
    command.add_argument(
        "--to", action="append", default=[], metavar="KEY", help="only this recipient (repeatable)"
    )
    command.add_argument("--reference", default="", help="a courier's or hand receipt's reference")
    command.add_argument(
        "--smtp", metavar="HOST:PORT", help="another SMTP server than the sender profile's"
    )
    command.add_argument("--smtp-security", choices=("starttls", "ssl", "none"))


def add_listing(commands: Any) -> None:
    listing = commands.add_parser("dispatches", help="each recipient of a note and how it was sent")
    listing.add_argument("note", help="a note id (12) or number (PAR/1453)")
    listing.set_defaults(handler=_list)


def _print(infos: Any) -> None:
    for info in infos:
        when = info.sent_at.strftime("%Y-%m-%d %H:%M") if info.sent_at else "-"
        print(
            f"{info.position}\t{info.recipient_key}\t{info.state}\t{info.method or '-'}\t"
            f"{when}\t{info.sent_by or '-'}\t{info.message_id or '-'}"
            + (f"\t{info.error}" if info.error else "")
        )


def _list(args: argparse.Namespace) -> int:
    from app.cli.acting import open_register, refused, resolve_note, workflow
    from app.services.dispatch import DispatchService
    from app.services.register import RegisterError

    register = open_register(args, reading=True)
    try:
        _print(DispatchService(workflow(register)).dispatches(resolve_note(register, args.note)))
    except RegisterError as error:
        return refused(error)
    return 0


def _mailer(args: argparse.Namespace, sender_key: str) -> Any:
    from app.services import credentials
    from app.services.mail import Mailer, SmtpSettings, smtp_settings

    if args.smtp:
        host, _colon, port = args.smtp.rpartition(":")
        try:
            base = smtp_settings(sender_key)
        except Exception:  # no [smtp] in the profile: the server given is all there is
            base = SmtpSettings(host=host)
        settings = replace(base, host=host or base.host, port=int(port))
    else:
        settings = smtp_settings(sender_key)
    if args.smtp_security:
        settings = replace(settings, security=args.smtp_security)
    password = None
    if settings.user:
        password = credentials.lookup_secret(credentials.SMTP, settings.user)
        if password is None and sys.stdin.isatty():
            password = getpass.getpass(_("SMTP password of {user}: ").format(user=settings.user))
    return Mailer(settings, password)


def run(args: argparse.Namespace, register: Any, user: Any, note_id: int) -> int:
    """Dispatch `note_id` as `args` says; 0 if every recipient asked for was sent to."""
    from app.cli.acting import refused, workflow
    from app.services.dispatch import DispatchService
    from app.services.mail import MailError
    from app.services.register import RegisterError

    service = DispatchService(workflow(register))
    try:
        if args.by == "email":
            sender_key = register.load(note_id).note.sender.key
            report = service.send(user, note_id, _mailer(args, sender_key), args.to)
        else:
            report = service.record(user, note_id, args.by, args.to, args.reference)
    except (RegisterError, MailError, ValueError) as error:
        return refused(error)
    for info in report.sent:
        print(_("sent to {key} by {method}").format(key=info.recipient_key, method=info.method))
    for info in report.failed:
        print(
            _("NOT sent to {key}: {error}").format(key=info.recipient_key, error=info.error),
            file=sys.stderr,
        )
    for info in report.skipped:
        print(_("left alone {key}: {state}").format(key=info.recipient_key, state=info.state))
    print(
        _("note {note}: {status}; {sent} sent, {failed} failed").format(
            note=args.note, status=report.status, sent=len(report.sent), failed=len(report.failed)
        )
    )
    return REFUSED if report.failed else 0
