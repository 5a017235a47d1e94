"""Creating and upgrading the register's schema with Alembic, from the package's migrations.

Alembic is imported only when a migration runs: opening an up-to-date register (every start of
the application) reads the stored revision with one query and compares it with `HEAD_REVISION`,
which saves the ~0.1 s Alembic takes to import.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from app.register.revision import HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
__all__ = [
    "HEAD_REVISION",
    "current_revision",
    "head_revision",
    "known_revision",
    "needs_upgrade",
    "upgrade",
]
VERSION_TABLE = "alembic_version"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser syntax
    return config


def head_revision(engine: Engine) -> str | None:
    """The newest revision as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def known_revision(engine: Engine, revision: str) -> bool:
    """True if `revision` is one of this version's migrations (a newer Verbale may have
    migrated the register past them)."""
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    try:
        found = ScriptDirectory.from_config(alembic_config(engine)).get_revision(revision)
    except (RevisionError, CommandError):
        return False
    return found is not None


def current_revision(engine: Engine) -> str | None:
    """The revision the register's schema is at, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    return rows[0][0] if len(rows) == 1 else None


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD_REVISION


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the register up to `revision` (the newest by default), in one transaction."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
