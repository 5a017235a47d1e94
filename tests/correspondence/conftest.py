"""Registers in real SQLite files with one user per role, as the workflow tests have them."""

from __future__ import annotations

from tests.workflow.conftest import (  # noqa: F401  (fixtures)
    db_path,
    people,
    register,
    register_url,
    template,
    workflow,
)
