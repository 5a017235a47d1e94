"""Sharing a draft: its drafter lets a colleague save over it too.

A drafter may save over a draft only if they drafted it or it is shared with them. Only the
note's drafter shares it (or stops sharing it), only while it is a draft or returned, and
only with another active drafter. Each share is an audit entry; whoever the note was shared
with and who saved it is then one of the note's hands, so the four-eyes rule keeps them from
approving it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain.workflow import Role, is_editable
from app.i18n.messages import _
from app.register.models import NoteRow, NoteShare, User, utcnow
from app.services import audit
from app.services.register import NoteNotFound, Register
from app.services.users import UserInfo, parse_roles
from app.services.workflow import WorkflowRefused

NOTE_SHARED = "note shared"
NOTE_UNSHARED = "note unshared"


def _check(session: Session, user: UserInfo, note_id: int, colleague: str) -> tuple[int, int]:
    """(the note's id, the colleague's user id) if `user` may change who shares the note."""
    row = session.get(NoteRow, note_id)
    if row is None:
        raise NoteNotFound(_("There is no note {id} in the register.").format(id=note_id))
    acting = session.get(User, user.id)
    if acting is None or not acting.active or acting.login != user.login:
        raise WorkflowRefused(
            _("{login} is not an active user of this register.").format(login=user.login)
        )
    if row.created_by != acting.id:
        raise WorkflowRefused(
            _("Only the drafter of note {note} shares it; {login} did not draft it.").format(
                note=row.number_text or row.id, login=user.login
            )
        )
    if not is_editable(row.status):
        raise WorkflowRefused(
            _("Note {note} is {status}; only a draft is shared.").format(
                note=row.number_text or row.id, status=row.status
            )
        )
    other = session.scalars(select(User).where(User.login == colleague.strip())).one_or_none()
    roles = parse_roles(other.roles) if other is not None and other.roles else frozenset()
    if other is None or not other.active or Role.DRAFTER not in roles:
        raise WorkflowRefused(
            _("{login} is not a drafter of this register.").format(login=colleague.strip())
        )
    if other.id == acting.id:
        raise WorkflowRefused(_("A drafter does not share a note with themselves."))
    return row.id, other.id


def _change(
    register: Register,
    user: UserInfo,
    note_id: int,
    colleague: str,
    *,
    share: bool,
    now: dt.datetime,
) -> None:
    refusal: WorkflowRefused | None = None
    action = NOTE_SHARED if share else NOTE_UNSHARED
    with register.writing() as session:
        try:
            found, other_id = _check(session, user, note_id, colleague)
        except WorkflowRefused as refused:
            refusal = refused
            audit.append(
                session,
                audit.FAILED_ATTEMPT,
                user_login=user.login,
                note_id=note_id,
                detail={"attempted": action, "reason": refused.reason, "with": colleague},
                at=now,
            )
        else:
            present = session.get(NoteShare, (found, other_id)) is not None
            if share and not present:
                session.add(
                    NoteShare(note_id=found, user_id=other_id, shared_by=user.id, shared_at=now)
                )
            elif not share and present:
                session.execute(
                    delete(NoteShare).where(
                        NoteShare.note_id == found, NoteShare.user_id == other_id
                    )
                )
            if share != present:
                audit.append(
                    session,
                    action,
                    user_login=user.login,
                    note_id=found,
                    detail={"with": colleague.strip()},
                    at=now,
                )
    if refusal is not None:
        raise refusal


def share_note(
    register: Register,
    user: UserInfo,
    note_id: int,
    colleague: str,
    *,
    now: dt.datetime | None = None,
) -> None:
    """Let `colleague` (a drafter) save over `user`'s draft too; sharing twice changes nothing."""
    _change(register, user, note_id, colleague, share=True, now=now or utcnow())


def unshare_note(
    register: Register,
    user: UserInfo,
    note_id: int,
    colleague: str,
    *,
    now: dt.datetime | None = None,
) -> None:
    """Stop sharing the draft with `colleague` (what they saved stays, and so does the rule
    that keeps them from approving it)."""
    _change(register, user, note_id, colleague, share=False, now=now or utcnow())


def shared_with(register: Register, note_id: int) -> list[str]:
    """The logins a note is shared with, alphabetically."""
    with register.db.reading() as session:
        return sorted(
            session.scalars(
                select(User.login)
                .join(NoteShare, NoteShare.user_id == User.id)
                .where(NoteShare.note_id == note_id)
            )
        )
