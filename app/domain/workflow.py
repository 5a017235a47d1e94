"""The approval workflow of a note verbale, as pure rules: no database, no clock.

A note is drafted, submitted, approved by someone else (four eyes), issued and dispatched;
an approver may return a submitted note for revision with a comment; anything not yet issued
may be withdrawn. `check_transition` says what a transition leads to or why it is refused;
`allowed_actions` lists what a user may do now, for the buttons of the GUI.

The status strings are exactly those the register stores in ``notes.status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    ISSUED = "issued"
    DISPATCHED = "dispatched"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    DRAFTER = "drafter"
    APPROVER = "approver"
    REGISTRAR = "registrar"
    ADMINISTRATOR = "administrator"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN_FOR_REVISION = "return_for_revision"
    ISSUE = "issue"
    DISPATCH = "dispatch"
    WITHDRAW = "withdraw"
    REVISE = "revise"


#: (status, action) -> the status the note moves to. Every pair not listed is refused.
TRANSITIONS: dict[tuple[NoteStatus, Action], NoteStatus] = {
    (NoteStatus.DRAFT, Action.SUBMIT): NoteStatus.SUBMITTED,
    (NoteStatus.RETURNED, Action.SUBMIT): NoteStatus.SUBMITTED,
    (NoteStatus.RETURNED, Action.REVISE): NoteStatus.DRAFT,
    (NoteStatus.SUBMITTED, Action.APPROVE): NoteStatus.APPROVED,
    (NoteStatus.SUBMITTED, Action.RETURN_FOR_REVISION): NoteStatus.RETURNED,
    (NoteStatus.APPROVED, Action.ISSUE): NoteStatus.ISSUED,
    (NoteStatus.ISSUED, Action.DISPATCH): NoteStatus.DISPATCHED,
    (NoteStatus.DRAFT, Action.WITHDRAW): NoteStatus.WITHDRAWN,
    (NoteStatus.SUBMITTED, Action.WITHDRAW): NoteStatus.WITHDRAWN,
    (NoteStatus.RETURNED, Action.WITHDRAW): NoteStatus.WITHDRAWN,
    (NoteStatus.APPROVED, Action.WITHDRAW): NoteStatus.WITHDRAWN,
}

#: Which roles may take each action (holding any one of them is enough).
ROLES_FOR: dict[Action, frozenset[Role]] = {
    Action.SUBMIT: frozenset({Role.DRAFTER}),
    Action.REVISE: frozenset({Role.DRAFTER}),
    Action.APPROVE: frozenset({Role.APPROVER}),
    Action.RETURN_FOR_REVISION: frozenset({Role.APPROVER}),
    Action.ISSUE: frozenset({Role.REGISTRAR, Role.APPROVER}),
    Action.DISPATCH: frozenset({Role.REGISTRAR, Role.APPROVER}),
    Action.WITHDRAW: frozenset({Role.DRAFTER, Role.APPROVER}),
}

#: Actions a drafter takes only on a note they drafted or last edited (an approver may withdraw
#: any note not yet issued).
OWN_NOTE_ACTIONS: frozenset[Action] = frozenset({Action.SUBMIT, Action.REVISE, Action.WITHDRAW})

#: Actions that cannot be taken without a comment saying why.
COMMENT_REQUIRED: frozenset[Action] = frozenset({Action.RETURN_FOR_REVISION})

#: Approved and later: the texts, plan and recipients never change again. A withdrawn note is
#: finished too (it may have been approved before it was withdrawn); a correction is a new
#: revision of the note.
FROZEN_STATES: frozenset[NoteStatus] = frozenset(
    {NoteStatus.APPROVED, NoteStatus.ISSUED, NoteStatus.DISPATCHED, NoteStatus.WITHDRAWN}
)

#: States in which the texts of a note may be edited.
EDITABLE_STATES: frozenset[NoteStatus] = frozenset({NoteStatus.DRAFT, NoteStatus.RETURNED})

_ACTION_WORDS: dict[Action, str] = {
    Action.SUBMIT: "submit",
    Action.APPROVE: "approve",
    Action.RETURN_FOR_REVISION: "return for revision",
    Action.ISSUE: "issue",
    Action.DISPATCH: "dispatch",
    Action.WITHDRAW: "withdraw",
    Action.REVISE: "revise",
}


class TransitionRefused(Exception):
    """A transition the rules do not allow; `reason` is a sentence to show the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Actor:
    """The user taking an action, with the roles they hold."""

    user: str
    roles: frozenset[Role]

    def has_any(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)


def is_frozen(status: NoteStatus | str) -> bool:
    """True once a note's texts may never change again (approved and later)."""
    return NoteStatus(status) in FROZEN_STATES


def is_editable(status: NoteStatus | str) -> bool:
    return NoteStatus(status) in EDITABLE_STATES


@dataclass(frozen=True)
class Hands:
    """Everyone who has had a hand in a note beyond its drafter and last editor: whoever saved
    any of its revisions, whoever submitted it, and the colleagues it is shared with."""

    edited_by: frozenset[str] = frozenset()
    submitted_by: frozenset[str] = frozenset()
    shared_with: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        edited_by: Collection[str] = (),
        submitted_by: Collection[str] = (),
        shared_with: Collection[str] = (),
    ) -> Hands:
        return cls(frozenset(edited_by), frozenset(submitted_by), frozenset(shared_with))


NO_HANDS = Hands()


def four_eyes_refusal(
    actor: str, drafted_by: str | None, last_edited_by: str | None, hands: Hands
) -> str | None:
    """Why `actor` may not approve the note (they drafted, edited or submitted it, or nobody
    is recorded as having drafted or submitted it), or None."""
    if drafted_by is not None and actor == drafted_by:
        return f"{actor} drafted this note and cannot approve it (four-eyes rule)."
    if last_edited_by is not None and actor == last_edited_by:
        return f"{actor} last edited this note and cannot approve it (four-eyes rule)."
    if actor in hands.edited_by:
        return f"{actor} edited this note and cannot approve it (four-eyes rule)."
    if actor in hands.submitted_by:
        return f"{actor} submitted this note and cannot approve it (four-eyes rule)."
    if drafted_by is None and last_edited_by is None and not hands.submitted_by:
        return (
            "The register records neither who drafted this note nor who submitted it, so the "
            "four-eyes rule cannot be checked: return it, and have a drafter submit it again."
        )
    return None


def _refusal(
    status: NoteStatus,
    action: Action,
    actor: Actor,
    drafted_by: str | None,
    last_edited_by: str | None,
    hands: Hands = NO_HANDS,
) -> str | None:
    """Why `actor` may not take `action` on a note in `status`, or None (comment aside)."""
    word = _ACTION_WORDS[action]
    if (status, action) not in TRANSITIONS:
        if action is Action.APPROVE and status in FROZEN_STATES - {NoteStatus.WITHDRAWN}:
            return "The note has already been approved; it cannot be approved again."
        if action is Action.WITHDRAW and status in {NoteStatus.ISSUED, NoteStatus.DISPATCHED}:
            return (
                f"A note that has been {status.value} cannot be withdrawn; "
                "issue a correcting note instead."
            )
        if status is NoteStatus.WITHDRAWN:
            return f"The note has been withdrawn; it cannot be {_past(action)}."
        return f"A note that is {status.value} cannot be {_past(action)}."
    allowed = ROLES_FOR[action]
    if not actor.has_any(allowed):
        roles = " or ".join(sorted(role.value for role in allowed))
        return f"Only a user with the role {roles} may {word} a note; {actor.user} has not."
    if action in OWN_NOTE_ACTIONS and not _may_act_on(
        action, actor, drafted_by, last_edited_by, hands
    ):
        return (
            f"{actor.user} may {word} only a note they drafted or last edited, or one shared "
            f"with them; this one is {drafted_by or last_edited_by}'s."
        )
    if action is Action.APPROVE:
        return four_eyes_refusal(actor.user, drafted_by, last_edited_by, hands)
    return None


def _may_act_on(
    action: Action,
    actor: Actor,
    drafted_by: str | None,
    last_edited_by: str | None,
    hands: Hands,
) -> bool:
    """Ownership: a drafter acts on their own notes and those shared with them only; an
    approver withdraws any note."""
    if action is Action.WITHDRAW and Role.APPROVER in actor.roles:
        return True
    if drafted_by is None and last_edited_by is None:
        # A note that records no drafter (added before the workflow) belongs to no one yet.
        return True
    return actor.user in (drafted_by, last_edited_by) or actor.user in hands.shared_with


def may_save_over(actor: str, drafted_by: str | None, hands: Hands) -> bool:
    """Whether `actor` may save a new state of a draft: its drafter and the colleagues it is
    shared with (a draft that records no drafter is open to every drafter)."""
    return drafted_by is None or actor == drafted_by or actor in hands.shared_with


def _past(action: Action) -> str:
    return {
        Action.SUBMIT: "submitted",
        Action.APPROVE: "approved",
        Action.RETURN_FOR_REVISION: "returned for revision",
        Action.ISSUE: "issued",
        Action.DISPATCH: "dispatched",
        Action.WITHDRAW: "withdrawn",
        Action.REVISE: "revised",
    }[action]


def check_transition(
    status: NoteStatus | str,
    action: Action | str,
    actor: Actor,
    *,
    drafted_by: str | None,
    last_edited_by: str | None,
    comment: str | None = None,
    hands: Hands = NO_HANDS,
) -> NoteStatus:
    """The status the note moves to, or `TransitionRefused` with a readable reason. `hands`
    names who else edited, submitted or shares the note (the four-eyes rule refuses them all
    approval)."""
    try:
        status = NoteStatus(status)
    except ValueError:
        raise TransitionRefused(f"Unknown note status {status!r}.") from None
    try:
        action = Action(action)
    except ValueError:
        raise TransitionRefused(f"Unknown action {action!r}.") from None
    reason = _refusal(status, action, actor, drafted_by, last_edited_by, hands)
    if reason is not None:
        raise TransitionRefused(reason)
    if action in COMMENT_REQUIRED and not (comment and comment.strip()):
        raise TransitionRefused(
            f"A comment is required to {_ACTION_WORDS[action]} a note: say what must change."
        )
    return TRANSITIONS[(status, action)]


def allowed_actions(
    status: NoteStatus | str,
    actor: Actor,
    drafted_by: str | None,
    last_edited_by: str | None,
    hands: Hands = NO_HANDS,
) -> list[Action]:
    """The actions `actor` may take now, in a stable order (those needing a comment included)."""
    status = NoteStatus(status)
    return [
        action
        for action in Action
        if _refusal(status, action, actor, drafted_by, last_edited_by, hands) is None
    ]


# --- Silence procedure ---------------------------------------------------------------------

SilenceOutcome = Literal["pending", "adopted", "silence_broken"]


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Calendar days until the objection deadline: 0 on the day itself, negative once past."""
    return (deadline - today).days


def silence_outcome(deadline: dt.date, today: dt.date, objections_count: int) -> SilenceOutcome:
    """Where a silence procedure stands.

    Objections may be made up to and including the deadline day ("by 29 December at the
    latest"). Any objection breaks the silence at once; with none, the draft is adopted from
    the day after the deadline and is pending until then.
    """
    if objections_count < 0:
        raise ValueError(f"objections_count must not be negative, got {objections_count}")
    if objections_count > 0:
        return "silence_broken"
    if today > deadline:
        return "adopted"
    return "pending"
