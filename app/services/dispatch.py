"""Dispatch with proof: each recipient of an issued note recorded as it is sent — by e-mail
(one message per recipient, the stored PDFs attached after their SHA-256 is checked against the
register), by courier or by hand — with who, when, how and the message id.

Nothing is sent twice: a recipient already sent to is skipped, and one whose e-mail may have
left (state `sending`: the program stopped between sending and recording) is never e-mailed
again by itself; recording it by hand or courier settles it. A failed recipient is retried
when the dispatch is run again. Once every recipient is sent to, the note is `dispatched`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.workflow import NoteStatus, Role, TransitionRefused
from app.i18n.messages import _, ngettext
from app.register.models import Dispatch, IssuedDocument, NoteRow
from app.services import audit
from app.services.dispatch_records import (
    FAILED,
    METHODS,
    PENDING,
    SENDING,
    SENT,
    DispatchInfo,
    dispatch_infos,
    plan_dispatches,
)
from app.services.document_files import safe_file_name
from app.services.mail import Attachment, Mailer, MailError, compose, covering_text
from app.services.register import RegisterError
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from app.services.workflow_base import WorkflowRefused

DISPATCH_ROLES = frozenset({Role.REGISTRAR, Role.APPROVER})
#: Audit actions of a dispatch.
SENT_TO = "dispatched to"
FAILED_TO = "dispatch failed"


class DispatchStopped(RegisterError):
    """A stored PDF no longer matches the register's SHA-256: nothing more is sent."""


@dataclass(frozen=True)
class DispatchReport:
    sent: tuple[DispatchInfo, ...] = ()
    failed: tuple[DispatchInfo, ...] = ()
    #: Recipients left alone: already sent to, or an e-mail possibly on its way.
    skipped: tuple[DispatchInfo, ...] = ()
    status: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


class DispatchService:
    """Dispatches of issued notes, through the workflow service's register, clock and users."""

    def __init__(self, workflow: WorkflowService) -> None:
        self.workflow = workflow
        self.register = workflow.register

    def dispatches(self, note_id: int) -> list[DispatchInfo]:
        """The note's recipients and how each was sent (made now for a note issued before
        dispatch records existed)."""
        with self.register.writing() as session:
            row = self._issued(session, note_id)
            plan_dispatches(session, row, self.workflow.now())
            return dispatch_infos(session, note_id)

    # -- by hand or courier ---------------------------------------------------------------------

    def record(
        self,
        user: UserInfo,
        note_id: int,
        method: str,
        keys: Sequence[str] = (),
        reference: str = "",
    ) -> DispatchReport:
        """Record the note delivered by `method` (courier or hand) to `keys` (every recipient
        not yet sent to by default); `reference` is kept as the message id (a receipt)."""
        if method not in METHODS or method == "email":
            raise RegisterError(_("Record courier or hand here; e-mail is sent with send()."))
        now = self.workflow.now()
        sent: list[int] = []
        with self.register.writing() as session:
            row = self._issued(session, note_id)
            self._check_user(session, user)
            for item in self._targets(session, row, keys):
                if item.state == SENT:
                    continue
                item.state, item.method, item.sent_at, item.sent_by = SENT, method, now, user.id
                item.message_id = reference.strip() or None
                item.error = ""
                item.attempts += 1
                sent.append(item.id)
                self._audit(session, user, item, now)
        return self._finish(user, note_id, sent, [], [])

    # -- by e-mail ------------------------------------------------------------------------------

    def send(
        self,
        user: UserInfo,
        note_id: int,
        mailer: Mailer,
        keys: Sequence[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> DispatchReport:
        """E-mail the note to `keys` (every recipient not yet sent to by default), one message
        each, the stored PDFs attached; DispatchStopped, before any further message, when a
        PDF no longer matches the SHA-256 the register recorded at issue."""
        with self.register.writing() as session:
            row = self._issued(session, note_id)
            self._check_user(session, user)
            targets = self._targets(session, row, keys)
            todo = [item.id for item in targets if item.state in (PENDING, FAILED)]
            skipped = [item.id for item in targets if item.state in (SENT, SENDING)]
            facts = (row.number_text or str(row.id), row.date, row.subject, row.sender_key)
            sender_short = self._sender_short(session, row)
        self._documents(note_id)  # stop before the first message if a PDF changed
        sent: list[int] = []
        failed: list[int] = []
        try:
            for done, dispatch_id in enumerate(todo, start=1):
                if self._send_one(user, note_id, dispatch_id, mailer, facts, sender_short):
                    sent.append(dispatch_id)
                else:
                    failed.append(dispatch_id)
                if progress is not None:
                    progress(done, len(todo))
        finally:
            mailer.close()
        return self._finish(user, note_id, sent, failed, skipped)

    def _send_one(
        self,
        user: UserInfo,
        note_id: int,
        dispatch_id: int,
        mailer: Mailer,
        facts: tuple[str, object, str, str],
        sender_short: dict[str, str],
    ) -> bool:
        number, day, subject, _sender_key = facts
        documents = self._documents(note_id)  # checked just before this message
        now = self.workflow.now()
        with self.register.writing() as session:
            item = session.get(Dispatch, dispatch_id)
            assert item is not None
            if not item.email.strip():
                item.state, item.method, item.attempts = FAILED, "email", item.attempts + 1
                item.error = _("no e-mail address in the directory")
                self._audit(session, user, item, now)
                return False
            language = item.working_language or "en"
            heading, body = covering_text(
                language,
                sender=sender_short.get(language) or next(iter(sender_short.values()), ""),
                number=f"№{number}",
                day=day,  # type: ignore[arg-type]
                subject=subject,
                attachments=[name for name, _content in documents],
            )
            message = compose(
                mailer.settings,
                item.email,
                heading,
                body,
                [Attachment(name, content) for name, content in documents],
            )
            item.state, item.method = SENDING, "email"
            item.message_id = str(message["Message-ID"])
            item.attempts += 1
            item.documents = {
                name: hashlib.sha256(content).hexdigest() for name, content in documents
            }
        try:
            mailer.send(message)
        except MailError as error:
            with self.register.writing() as session:
                item = session.get(Dispatch, dispatch_id)
                assert item is not None
                item.state, item.error = FAILED, str(error)
                self._audit(session, user, item, self.workflow.now())
            return False
        with self.register.writing() as session:
            item = session.get(Dispatch, dispatch_id)
            assert item is not None
            item.state, item.error = SENT, ""
            item.sent_at, item.sent_by = self.workflow.now(), user.id
            self._audit(session, user, item, item.sent_at)
        return True

    # -- shared ---------------------------------------------------------------------------------

    def _documents(self, note_id: int) -> list[tuple[str, bytes]]:
        """Every issued PDF as stored, each checked against the SHA-256 the register recorded
        (its row and the note's manifest); DispatchStopped naming the first that differs."""
        with self.register.db.reading() as session:
            row = session.get(NoteRow, note_id)
            manifest = {
                str(entry.get("file_name")): str(entry.get("sha256"))
                for entry in (row.documents_manifest or [] if row else [])
            }
            stored = session.scalars(
                select(IssuedDocument)
                .where(IssuedDocument.note_id == note_id)
                .order_by(IssuedDocument.id)
            ).all()
            found = [(doc.file_name, doc.sha256, bytes(doc.content)) for doc in stored]
        if not found:
            raise DispatchStopped(_("Note {note} has no issued PDFs.").format(note=note_id))
        names = {name for name, _digest, _content in found}
        missing = sorted(set(manifest) - names)
        if missing:
            raise DispatchStopped(
                _("Dispatch stopped: the issued PDF {file} is missing from the register.").format(
                    file=missing[0]
                )
            )
        for name, digest, content in found:
            actual = hashlib.sha256(content).hexdigest()
            if actual != digest or manifest.get(name, digest) != digest:
                raise DispatchStopped(
                    _(
                        "Dispatch stopped: {file} is not the PDF that was issued (SHA-256 "
                        "{actual}, the register recorded {recorded}). Nothing more was sent; "
                        "run `verbale verify`."
                    ).format(
                        file=name, actual=actual[:16], recorded=manifest.get(name, digest)[:16]
                    )
                )
        return [(safe_file_name(name), content) for name, _digest, content in found]

    def _issued(self, session: Session, note_id: int) -> NoteRow:
        row = session.get(NoteRow, note_id)
        if row is None:
            raise RegisterError(_("There is no note {note}.").format(note=note_id))
        if row.status not in (NoteStatus.ISSUED.value, NoteStatus.DISPATCHED.value):
            raise WorkflowRefused(
                _("Note {note} is {status}: only an issued note is dispatched.").format(
                    note=row.number_text or row.id, status=row.status
                )
            )
        return row

    def _check_user(self, session: Session, user: UserInfo) -> None:
        try:
            actor = self.workflow._actor(session, user)
            if not actor.has_any(DISPATCH_ROLES):
                refusal = _("Only a registrar or an approver dispatches notes; {login} is neither.")
                raise TransitionRefused(refusal.format(login=user.login))
        except TransitionRefused as refused:
            raise WorkflowRefused(refused.reason) from None

    @staticmethod
    def _sender_short(session: Session, row: NoteRow) -> dict[str, str]:
        from app.register.models import SenderProfileRow

        profile = session.scalars(
            select(SenderProfileRow).where(SenderProfileRow.key == row.sender_key)
        ).one_or_none()
        names = (profile.data or {}).get("names", {}) if profile else {}
        return {
            str(language): str(parts.get("short", ""))
            for language, parts in (names.items() if isinstance(names, dict) else [])
            if isinstance(parts, dict)
        }

    def _targets(self, session: Session, row: NoteRow, keys: Sequence[str]) -> list[Dispatch]:
        records = plan_dispatches(session, row, self.workflow.now())
        if not keys:
            return records
        by_key = {item.recipient_key: item for item in records}
        unknown = [key for key in keys if key not in by_key]
        if unknown:
            raise RegisterError(
                _("{keys}: not among the recipients of note {note} ({known}).").format(
                    keys=", ".join(unknown),
                    note=row.number_text or row.id,
                    known=", ".join(by_key),
                )
            )
        return [by_key[key] for key in dict.fromkeys(keys)]

    @staticmethod
    def _audit(session: Session, user: UserInfo, item: Dispatch, at: object) -> None:
        audit.append(
            session,
            SENT_TO if item.state == SENT else FAILED_TO,
            user_login=user.login,
            note_id=item.note_id,
            detail={
                "to": item.recipient_key,
                "by": item.method,
                "message_id": item.message_id,
                "documents": item.documents,
                "reason": item.error or None,
            },
            at=at,  # type: ignore[arg-type]
        )

    def _finish(
        self,
        user: UserInfo,
        note_id: int,
        sent: list[int],
        failed: list[int],
        skipped: list[int],
    ) -> DispatchReport:
        with self.register.db.reading() as session:
            infos = {info.id: info for info in dispatch_infos(session, note_id)}
            status = session.get(NoteRow, note_id).status  # type: ignore[union-attr]
        everyone = all(info.state == SENT for info in infos.values())
        if everyone and status == NoteStatus.ISSUED.value:
            status = self.workflow.dispatch(
                user,
                note_id,
                ngettext(
                    "sent to {count} recipient", "sent to {count} recipients", len(infos)
                ).format(count=len(infos)),
            ).value
        return DispatchReport(
            sent=tuple(infos[i] for i in sent),
            failed=tuple(infos[i] for i in failed),
            skipped=tuple(infos[i] for i in skipped),
            status=status,
        )
