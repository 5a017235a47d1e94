"""The hostile suite's registers: real SQLite files with one user per role, and the command
line as an officer runs it (tests/integrity's)."""

from __future__ import annotations

from tests.integrity.conftest import cli  # noqa: F401  (fixtures, found by name)
from tests.workflow.conftest import (  # noqa: F401
    db_path,
    people,
    register,
    register_url,
    template,
    workflow,
)
