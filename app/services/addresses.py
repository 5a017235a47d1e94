"""A register's address as a person sees it: never with its password.

Every place that prints a register's URL (the login dialog, the About box, logs, error
sentences) shows `shown_url(url)`. A SQLite address is shown as it is, without loading
SQLAlchemy (the application's start reads a SQLite register without it)."""

from __future__ import annotations


def shown_url(url: str) -> str:
    """`url` with any password replaced by ***."""
    if url.startswith("sqlite"):
        return url
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url if "@" not in url else "***" + url[url.rindex("@") :]
