"""Why the register could not be used, said in a sentence instead of a traceback.

The command line (and any other face) hands an exception that escaped a command to
`failure_of`; what it recognises comes back as a sentence in the interface language and the
exit status to end with; anything else is None (a defect, to be reported as such).
Recognised: a register busy for longer than the busy timeout, an address SQLAlchemy cannot
read, a database without its driver, a file that is not a register or cannot be opened, and
every RegisterError (a refusal with its own sentence).

Nothing here imports SQLAlchemy: an error can only be one of its exceptions if it has loaded.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass

from app.i18n.messages import _
from app.services.register_reading import RegisterError

#: Exit status when the register is busy or cannot be reached (try again, or fix the setup).
UNAVAILABLE = 1
#: Exit status for an address that names no database Verbale can open (a usage error).
BAD_ADDRESS = 2

#: What SQLite says when another connection holds the lock past the busy timeout.
_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")


@dataclass(frozen=True)
class Failure:
    """A failure told to a person: the sentence and the exit status."""

    text: str
    status: int


def busy_text() -> str:
    return _("the register is busy: another program is writing; try again")


def failure_of(error: BaseException) -> Failure | None:
    """The sentence and exit status for `error`, or None if it is not a known failure.
    The deepest cause that is known speaks (the driver's "database is locked" inside
    SQLAlchemy's OperationalError)."""
    for cause in reversed(_chain(error)):
        known = _known(cause)
        if known is not None:
            return known
    return None


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and the errors it wraps (SQLAlchemy keeps the driver's as `.orig`)."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found and len(found) < 10:
        found.append(current)
        original = getattr(current, "orig", None)
        current = original if isinstance(original, BaseException) else current.__cause__
    return found


def _known(error: BaseException) -> Failure | None:
    if isinstance(error, RegisterError):
        return Failure(str(error), UNAVAILABLE)
    if isinstance(error, sqlite3.OperationalError):
        text = str(error).lower()
        if any(words in text for words in _BUSY_WORDS):
            return Failure(busy_text(), UNAVAILABLE)
        if "unable to open database file" in text:
            return Failure(
                _("the register cannot be opened: {reason}").format(reason=error), UNAVAILABLE
            )
        return None
    if isinstance(error, sqlite3.DatabaseError) and "not a database" in str(error).lower():
        return Failure(_("the file named as the register is not a database"), UNAVAILABLE)
    engine = sys.modules.get("app.register.engine")  # loaded whenever an engine was made
    if engine is not None and isinstance(error, engine.DriverMissing):
        return Failure(
            _("{url}: its database driver ({module}) is not installed").format(
                url=error.url, module=error.module
            ),
            BAD_ADDRESS,
        )
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_errors is not None:
        if isinstance(error, sqlalchemy_errors.NoSuchModuleError):
            return Failure(
                _("the register's address names an unknown kind of database"), BAD_ADDRESS
            )
        if isinstance(error, sqlalchemy_errors.ArgumentError):
            return Failure(
                _(
                    "the register's address is not a database URL "
                    "(write it like sqlite:////home/me/register.sqlite3)"
                ),
                BAD_ADDRESS,
            )
        if isinstance(error, sqlalchemy_errors.OperationalError):
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            return Failure(
                _("the register cannot be reached: {reason}").format(reason=reason), UNAVAILABLE
            )
    if isinstance(error, OSError) and error.filename is not None:
        return Failure(
            _("{file}: {reason}").format(file=error.filename, reason=error.strerror), UNAVAILABLE
        )
    return None
