"""The register's saved views as data: which views a user sees, what each one lists."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from app.domain.workflow import ROLES_FOR, Action, Role
from app.i18n.messages import _
from app.services.register_reading import SearchFilters

if TYPE_CHECKING:
    from app.services.users import UserInfo

#: The saved views, in the order listed.
VIEW_ALL: Final = "all"
VIEW_MY_DRAFTS: Final = "my_drafts"
VIEW_AWAITING: Final = "awaiting_approval"
VIEW_TO_ISSUE: Final = "to_issue"
VIEW_ISSUED: Final = "issued"
VIEW_DEADLINES: Final = "deadlines_month"
VIEWS: Final = (
    VIEW_ALL,
    VIEW_MY_DRAFTS,
    VIEW_AWAITING,
    VIEW_TO_ISSUE,
    VIEW_ISSUED,
    VIEW_DEADLINES,
)


def view_title(view: str) -> str:
    return {
        VIEW_ALL: _("All notes"),
        VIEW_MY_DRAFTS: _("My drafts"),
        VIEW_AWAITING: _("Awaiting my approval"),
        VIEW_TO_ISSUE: _("To issue"),
        VIEW_ISSUED: _("Issued"),
        VIEW_DEADLINES: _("Deadlines this month"),
    }[view]


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def view_filters(view: str, user: UserInfo | None, today: dt.date) -> SearchFilters:
    """What a saved view lists, for `user` (views about "me" need a user)."""
    if view == VIEW_MY_DRAFTS and user is not None:
        return SearchFilters(created_by=user.id, statuses=("draft", "returned"))
    if view == VIEW_AWAITING and user is not None:
        return SearchFilters(statuses=("submitted",), exclude_created_by=user.id)
    if view == VIEW_TO_ISSUE:
        return SearchFilters(statuses=("approved",))
    if view == VIEW_ISSUED:
        return SearchFilters(statuses=("issued", "dispatched"))
    if view == VIEW_DEADLINES:
        return SearchFilters(open_deadlines=True, today=today, deadline_before=month_end(today))
    return SearchFilters()


def views_for(user: UserInfo | None) -> tuple[str, ...]:
    """The views this user sees: drafts need a drafter, approval an approver, notes to issue
    someone who may issue (a registrar, or an approver)."""
    shown = []
    for view in VIEWS:
        if view == VIEW_MY_DRAFTS and (user is None or Role.DRAFTER not in user.roles):
            continue
        if view == VIEW_AWAITING and (user is None or Role.APPROVER not in user.roles):
            continue
        if view == VIEW_TO_ISSUE and (user is None or not ROLES_FOR[Action.ISSUE] & user.roles):
            continue
        shown.append(view)
    return tuple(shown)
