"""A silence procedure per Member State: for each recipient of the note (a group's members),
how it was dispatched to and whether it objected (the incoming notes linked to the procedure),
with the procedure's outcome.

An objection is the member's when its incoming note names the member as sender, or when the
party typed by hand is part of one of the member's names ("Republic of India" in "the Ministry
of External Affairs of the Republic of India"); one matching no member is listed apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.register.search import fold
from app.services.dispatch import DispatchService
from app.services.distribution import directory
from app.services.incoming import IncomingInfo, IncomingRegister
from app.services.workflow import WorkflowService


@dataclass(frozen=True)
class MemberStanding:
    key: str
    name: str
    #: pending, sending, sent, failed (the dispatch record's state).
    dispatch_state: str
    dispatch_method: str | None
    dispatched_at: dt.datetime | None
    objections: tuple[IncomingInfo, ...]

    @property
    def objected(self) -> bool:
        return bool(self.objections)


@dataclass(frozen=True)
class ProcedureStanding:
    note_id: int
    outcome: str | None
    members: tuple[MemberStanding, ...]
    #: Objections no member could be matched with.
    others: tuple[IncomingInfo, ...]

    @property
    def dispatched(self) -> int:
        return sum(1 for member in self.members if member.dispatch_state == "sent")

    @property
    def objected(self) -> int:
        return sum(1 for member in self.members if member.objected)


def procedure_standing(workflow: WorkflowService, note_id: int) -> ProcedureStanding:
    """Where the procedure of `note_id` (an issued note) stands, member by member."""
    dispatches = DispatchService(workflow).dispatches(note_id)
    objections = [
        item for item in IncomingRegister(workflow).listing() if item.procedure_note_id == note_id
    ]
    known = directory(workflow.register)
    claimed: set[int] = set()
    members: list[MemberStanding] = []
    for record in dispatches:
        addressee = known.get(record.recipient_key)
        names = [fold(forms.nominative) for forms in addressee.forms.values()] if addressee else []
        names.append(fold(record.recipient_name))
        mine = tuple(
            item
            for item in objections
            if item.id not in claimed
            and (
                item.sender_key == record.recipient_key
                or (
                    not item.sender_key
                    and bool(fold(item.sender_name).strip())
                    and any(fold(item.sender_name).strip() in name for name in names)
                )
            )
        )
        claimed.update(item.id for item in mine)
        members.append(
            MemberStanding(
                record.recipient_key,
                record.recipient_name,
                record.state,
                record.method,
                record.sent_at,
                mine,
            )
        )
    return ProcedureStanding(
        note_id,
        workflow.outcome_of(note_id),
        tuple(members),
        tuple(item for item in objections if item.id not in claimed),
    )
