"""the audit log's MACs, and numbers that never come back

Revision ID: 0005
Revises: 0004

- `audit_log.mac_key`, `audit_log.mac`: each entry's HMAC-SHA256 under the audit key of the
  computer that wrote it (app.services.audit_anchor), and that key's fingerprint. Entries
  older than this revision have none. Plain ADD COLUMN on both engines; the append-only
  triggers of 0002 keep the new columns as they were written.
- On SQLite, triggers refuse what the application never does to the numbers given out:
  deleting one, renumbering it, changing it once used, cancelled or lost, an INSERT OR
  REPLACE over one, and setting a series' counter back below a number already given out (the
  next issue would take that number again). PostgreSQL gets the same rules as trigger
  functions from its own migration work.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.register.guards import guards_since

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

def _triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of every trigger this revision adds (the rules are
    app.register.guards')."""
    return [(guard.name, guard.sqlite_statement()) for guard in guards_since(revision)]


def upgrade() -> None:
    bind = op.get_bind()
    columns = {column["name"] for column in sa.inspect(bind).get_columns("audit_log")}
    if "mac_key" not in columns:
        op.add_column("audit_log", sa.Column("mac_key", sa.String(length=16), nullable=True))
    if "mac" not in columns:
        op.add_column("audit_log", sa.Column("mac", sa.String(length=64), nullable=True))
    if bind.dialect.name == "sqlite":
        for name, statement in _triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _statement in reversed(_triggers()):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("mac")
        batch_op.drop_column("mac_key")
