"""The approval workflow rules: every (status, action, role), four eyes, silence procedure."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from app.domain.workflow import (
    Action,
    Actor,
    NoteStatus,
    Role,
    TransitionRefused,
    allowed_actions,
    check_transition,
    days_left,
    is_editable,
    is_frozen,
    silence_outcome,
)

S = NoteStatus
A = Action
R = Role

# Written out by hand from the issue, independent of the module's own tables:
# (status, action, role) -> new status. Everything else is refused.
EXPECTED: dict[tuple[NoteStatus, Action, Role], NoteStatus] = {
    (S.DRAFT, A.SUBMIT, R.DRAFTER): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT, R.DRAFTER): S.SUBMITTED,
    (S.RETURNED, A.REVISE, R.DRAFTER): S.DRAFT,
    (S.SUBMITTED, A.APPROVE, R.APPROVER): S.APPROVED,
    (S.SUBMITTED, A.RETURN_FOR_REVISION, R.APPROVER): S.RETURNED,
    (S.APPROVED, A.ISSUE, R.APPROVER): S.ISSUED,
    (S.APPROVED, A.ISSUE, R.REGISTRAR): S.ISSUED,
    (S.ISSUED, A.DISPATCH, R.APPROVER): S.DISPATCHED,
    (S.ISSUED, A.DISPATCH, R.REGISTRAR): S.DISPATCHED,
    **{
        (status, A.WITHDRAW, role): S.WITHDRAWN
        for status in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED)
        for role in (R.DRAFTER, R.APPROVER)
    },
}

ALL = list(itertools.product(NoteStatus, Action, Role))
ALLOWED = [c for c in ALL if c in EXPECTED]
REFUSED = [c for c in ALL if c not in EXPECTED]

DRAFTER = "alice"


def _acting(role: Role) -> Actor:
    """A drafter acts on their own note (ownership); anyone else is another user (four eyes)."""
    return Actor(DRAFTER if role is R.DRAFTER else "bob", frozenset({role}))


def _ids(case: tuple[NoteStatus, Action, Role]) -> str:
    return "-".join(part.value for part in case)


def test_status_strings_match_the_register() -> None:
    assert {s.value for s in NoteStatus} == {
        "draft",
        "submitted",
        "returned",
        "approved",
        "issued",
        "dispatched",
        "withdrawn",
    }


def test_every_combination_is_covered() -> None:
    assert len(ALL) == 7 * 7 * 4
    assert len(ALLOWED) == len(EXPECTED)


@pytest.mark.parametrize("case", ALLOWED, ids=_ids)
def test_allowed_transition(case: tuple[NoteStatus, Action, Role]) -> None:
    status, action, role = case
    actor = _acting(role)
    new = check_transition(
        status, action, actor, drafted_by=DRAFTER, last_edited_by=DRAFTER, comment="Fix §2."
    )
    assert new is EXPECTED[case]
    assert action in allowed_actions(status, actor, DRAFTER, DRAFTER)


@pytest.mark.parametrize("case", REFUSED, ids=_ids)
def test_refused_transition(case: tuple[NoteStatus, Action, Role]) -> None:
    status, action, role = case
    actor = _acting(role)
    with pytest.raises(TransitionRefused) as refused:
        check_transition(
            status, action, actor, drafted_by=DRAFTER, last_edited_by=DRAFTER, comment="Fix §2."
        )
    assert refused.value.reason
    assert str(refused.value) == refused.value.reason
    assert action not in allowed_actions(status, actor, DRAFTER, DRAFTER)


@pytest.mark.parametrize("action", [A.SUBMIT, A.REVISE, A.WITHDRAW])
def test_a_drafter_acts_only_on_a_note_they_drafted_or_last_edited(action: Action) -> None:
    status = S.RETURNED
    carol = Actor("carol", frozenset({R.DRAFTER}))
    with pytest.raises(TransitionRefused, match=r"carol may .* only a note they drafted"):
        check_transition(status, action, carol, drafted_by="alice", last_edited_by="alice")
    assert action not in allowed_actions(status, carol, "alice", "alice")
    # The last editor of alice's note may.
    assert check_transition(status, action, carol, drafted_by="alice", last_edited_by="carol")
    assert action in allowed_actions(status, carol, "alice", "carol")


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED])
def test_an_approver_withdraws_anyone_s_note_not_yet_issued(status: NoteStatus) -> None:
    bob = Actor("bob", frozenset({R.APPROVER}))
    assert (
        check_transition(status, A.WITHDRAW, bob, drafted_by="alice", last_edited_by="alice")
        is S.WITHDRAWN
    )


def test_a_note_without_a_recorded_drafter_may_be_submitted_by_any_drafter() -> None:
    carol = Actor("carol", frozenset({R.DRAFTER}))
    assert check_transition(S.DRAFT, A.SUBMIT, carol, drafted_by=None, last_edited_by=None) is (
        S.SUBMITTED
    )


def test_actor_without_roles_can_do_nothing() -> None:
    nobody = Actor("eve", frozenset())
    for status in NoteStatus:
        assert allowed_actions(status, nobody, DRAFTER, DRAFTER) == []


def test_drafter_approving_own_note_is_refused() -> None:
    alice = Actor("alice", frozenset({R.DRAFTER, R.APPROVER}))
    with pytest.raises(TransitionRefused, match=r"drafted this note.*four-eyes"):
        check_transition(
            S.SUBMITTED, A.APPROVE, alice, drafted_by="alice", last_edited_by="carol", comment=None
        )
    assert A.APPROVE not in allowed_actions(S.SUBMITTED, alice, "alice", "carol")


def test_last_editor_approving_is_refused() -> None:
    bob = Actor("bob", frozenset({R.APPROVER}))
    with pytest.raises(TransitionRefused, match=r"last edited this note.*four-eyes"):
        check_transition(
            S.SUBMITTED, A.APPROVE, bob, drafted_by="alice", last_edited_by="bob", comment=None
        )
    assert A.APPROVE not in allowed_actions(S.SUBMITTED, bob, "alice", "bob")


def test_another_approver_may_approve() -> None:
    bob = Actor("bob", frozenset({R.APPROVER}))
    new = check_transition(
        S.SUBMITTED, A.APPROVE, bob, drafted_by="alice", last_edited_by="alice", comment=None
    )
    assert new is S.APPROVED


def test_drafter_may_still_return_own_note_with_comment() -> None:
    # Four eyes guards approval only; sending one's own note back is harmless.
    alice = Actor("alice", frozenset({R.APPROVER}))
    new = check_transition(
        S.SUBMITTED,
        A.RETURN_FOR_REVISION,
        alice,
        drafted_by="alice",
        last_edited_by="alice",
        comment="Wrong date",
    )
    assert new is S.RETURNED


@pytest.mark.parametrize("status", [S.APPROVED, S.ISSUED, S.DISPATCHED])
def test_approving_twice_is_refused(status: NoteStatus) -> None:
    bob = Actor("bob", frozenset({R.APPROVER}))
    with pytest.raises(TransitionRefused, match="already been approved"):
        check_transition(
            status, A.APPROVE, bob, drafted_by="alice", last_edited_by="alice", comment=None
        )


def test_approve_then_approve_again() -> None:
    bob = Actor("bob", frozenset({R.APPROVER}))
    first = check_transition(
        S.SUBMITTED, A.APPROVE, bob, drafted_by="alice", last_edited_by="alice"
    )
    with pytest.raises(TransitionRefused, match="already been approved"):
        check_transition(first, A.APPROVE, bob, drafted_by="alice", last_edited_by="alice")


@pytest.mark.parametrize("comment", [None, "", "   \n"])
def test_return_without_comment_is_refused(comment: str | None) -> None:
    bob = Actor("bob", frozenset({R.APPROVER}))
    with pytest.raises(TransitionRefused, match="comment is required"):
        check_transition(
            S.SUBMITTED,
            A.RETURN_FOR_REVISION,
            bob,
            drafted_by="alice",
            last_edited_by="alice",
            comment=comment,
        )
    # The button is still offered: the GUI asks for the comment.
    assert A.RETURN_FOR_REVISION in allowed_actions(S.SUBMITTED, bob, "alice", "alice")


def test_wrong_role_reason_names_the_roles() -> None:
    carol = Actor("carol", frozenset({R.DRAFTER}))
    with pytest.raises(TransitionRefused, match="approver or registrar") as refused:
        check_transition(S.APPROVED, A.ISSUE, carol, drafted_by="alice", last_edited_by="alice")
    assert "carol" in refused.value.reason


def test_withdrawing_an_issued_note_is_refused() -> None:
    bob = Actor("bob", frozenset({R.APPROVER}))
    with pytest.raises(TransitionRefused, match="cannot be withdrawn"):
        check_transition(S.ISSUED, A.WITHDRAW, bob, drafted_by="alice", last_edited_by="alice")


def test_plain_strings_are_accepted_and_unknown_ones_refused() -> None:
    dave = Actor("dave", frozenset({R.REGISTRAR}))
    assert (
        check_transition("approved", "issue", dave, drafted_by="alice", last_edited_by="alice")
        is S.ISSUED
    )
    with pytest.raises(TransitionRefused, match="Unknown note status"):
        check_transition("cancelled", "issue", dave, drafted_by=None, last_edited_by=None)
    with pytest.raises(TransitionRefused, match="Unknown action"):
        check_transition("approved", "publish", dave, drafted_by=None, last_edited_by=None)


def test_full_path_draft_to_dispatched() -> None:
    alice = Actor("alice", frozenset({R.DRAFTER}))
    bob = Actor("bob", frozenset({R.APPROVER}))
    dave = Actor("dave", frozenset({R.REGISTRAR}))
    kw: dict[str, str | None] = {"drafted_by": "alice", "last_edited_by": "alice"}
    status = check_transition(S.DRAFT, A.SUBMIT, alice, **kw)
    status = check_transition(status, A.RETURN_FOR_REVISION, bob, comment="Date", **kw)
    status = check_transition(status, A.REVISE, alice, **kw)
    status = check_transition(status, A.SUBMIT, alice, **kw)
    status = check_transition(status, A.APPROVE, bob, **kw)
    status = check_transition(status, A.ISSUE, dave, **kw)
    status = check_transition(status, A.DISPATCH, dave, **kw)
    assert status is S.DISPATCHED


def test_allowed_actions_for_the_gui() -> None:
    alice = Actor("alice", frozenset({R.DRAFTER}))
    bob = Actor("bob", frozenset({R.APPROVER, R.REGISTRAR}))
    assert allowed_actions(S.DRAFT, alice, "alice", "alice") == [A.SUBMIT, A.WITHDRAW]
    assert allowed_actions(S.RETURNED, alice, "alice", "alice") == [
        A.SUBMIT,
        A.WITHDRAW,
        A.REVISE,
    ]
    assert allowed_actions(S.SUBMITTED, bob, "alice", "alice") == [
        A.APPROVE,
        A.RETURN_FOR_REVISION,
        A.WITHDRAW,
    ]
    assert allowed_actions(S.SUBMITTED, bob, "alice", "bob") == [
        A.RETURN_FOR_REVISION,
        A.WITHDRAW,
    ]
    assert allowed_actions(S.APPROVED, bob, "alice", "alice") == [A.ISSUE, A.WITHDRAW]
    assert allowed_actions(S.DISPATCHED, bob, "alice", "alice") == []
    assert allowed_actions(S.WITHDRAWN, bob, "alice", "alice") == []


@pytest.mark.parametrize(
    ("status", "frozen", "editable"),
    [
        (S.DRAFT, False, True),
        (S.SUBMITTED, False, False),
        (S.RETURNED, False, True),
        (S.APPROVED, True, False),
        (S.ISSUED, True, False),
        (S.DISPATCHED, True, False),
        (S.WITHDRAWN, True, False),
    ],
)
def test_frozen_and_editable(status: NoteStatus, frozen: bool, editable: bool) -> None:
    assert is_frozen(status) is frozen
    assert is_frozen(status.value) is frozen
    assert is_editable(status) is editable


# --- Silence procedure: PAR/1453, Astana 29 November 2023, objections by 29 December 2023.

DEADLINE = dt.date(2023, 12, 29)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2023, 11, 29), 30),
        (dt.date(2023, 12, 28), 1),
        (dt.date(2023, 12, 29), 0),
        (dt.date(2023, 12, 30), -1),
        (dt.date(2024, 1, 8), -10),
    ],
)
def test_days_left(today: dt.date, expected: int) -> None:
    assert days_left(DEADLINE, today) == expected


@pytest.mark.parametrize(
    ("today", "objections", "expected"),
    [
        (dt.date(2023, 11, 29), 0, "pending"),
        (dt.date(2023, 12, 29), 0, "pending"),  # the deadline day itself is still open
        (dt.date(2023, 12, 30), 0, "adopted"),
        (dt.date(2024, 2, 1), 0, "adopted"),
        (dt.date(2023, 12, 1), 1, "silence_broken"),
        (dt.date(2023, 12, 29), 2, "silence_broken"),
        (dt.date(2023, 12, 30), 1, "silence_broken"),
    ],
)
def test_silence_outcome(today: dt.date, objections: int, expected: str) -> None:
    assert silence_outcome(DEADLINE, today, objections) == expected


def test_negative_objections_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        silence_outcome(DEADLINE, dt.date(2023, 12, 1), -1)
