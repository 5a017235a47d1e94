"""What the register window says in words: the count, the user line, the About box."""

from __future__ import annotations

from typing import TYPE_CHECKING

import app
from app import paths
from app.domain.workflow import Role
from app.gui.support import log_file
from app.i18n.messages import _, ngettext, ui_language
from app.i18n.numbers import grouped

if TYPE_CHECKING:
    from app.services.users import UserInfo


def user_text(user: UserInfo | None, with_workflow: bool, has_users: bool) -> str:
    """Who is logged in, with their roles; or why nobody is."""
    if user is not None:
        roles = ", ".join(role_text(role) for role in sorted(user.roles))
        name = user.display_name or user.login
        return _("Logged in: {name} ({roles})").format(name=name, roles=roles)
    if with_workflow and not has_users:
        return _("No users yet: create the first administrator with “verbale users add”")
    return _("Not logged in (read only)")


def count_text(total: int | None, query: str) -> str:
    """The count beside the list: how many notes the view or the search holds."""
    if total is None:
        return _("Counting…")
    count = grouped(total, ui_language())
    if query:
        text = ngettext(
            "{count} note matches “{query}”", "{count} notes match “{query}”", total
        ).format(count=count, query=query)
    else:
        text = ngettext("{count} note in this view", "{count} notes in this view", total).format(
            count=count
        )
    return text


def about_text(url: str) -> str:
    """The About box: the version, and where the register, data, logs and resources are."""
    rows = [(_("Register"), url)]
    for label, finder in (
        (_("Data folder"), paths.user_data_dir),
        (_("Log file"), log_file),
        (_("Templates"), paths.templates_dir),
        (_("Resources"), paths.resources_dir),
    ):
        try:
            rows.append((label, str(finder())))
        except (OSError, FileNotFoundError) as error:
            rows.append((label, str(error)))
    import html  # here: the about box only

    table = "".join(
        f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return (
        f"<h3>Verbale {html.escape(app.__version__)}</h3>"
        # _() outside the f-string: pybabel does not extract calls inside f-strings.
        "<p>"
        + html.escape(
            _("Notes verbales drafted, approved, issued in parallel languages and registered.")
        )
        + "</p>"
        f"<table cellspacing='4'>{table}</table>"
    )


def role_text(role: Role | str) -> str:
    return {
        "drafter": _("drafter"),
        "approver": _("approver"),
        "registrar": _("registrar"),
        "administrator": _("administrator"),
    }.get(str(role), str(role))
