"""Moving a whole register to another database: `verbale db copy --from URL --to URL`.

Every table of the register (notes, revisions, texts, plans, issued PDFs, numbers, users,
the audit log with its chain and MACs, objections, shares, the directory) is copied row by row
with the same ids, in an order that keeps every reference valid, into a target register that
holds nothing yet (a target with any row is refused: nothing is ever merged or overwritten).
The target's schema is made by its own migrations, so its guards (SQLite's triggers,
PostgreSQL's trigger functions) hold from the first row; its word index is then filled from the
copied texts, and PostgreSQL's id sequences continue after the copied ids. `verbale verify` on
the copy checks every PDF and the audit chain as on the original.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.i18n.messages import _
from app.register.models import Base, IssuedDocument
from app.register.word_index import index_unindexed
from app.services.addresses import shown_url
from app.services.register import Register
from app.services.register_reading import RegisterError

#: Rows read and written at a time; issued PDFs are larger, fewer at a time.
BATCH = 2000
DOCUMENT_BATCH = 50


class CopyRefused(RegisterError):
    """The copy cannot be made: the target holds a register already, or the source is not at
    this version's schema."""


@dataclass
class CopyReport:
    source: str
    target: str
    #: table -> rows copied, in the order copied.
    rows: dict[str, int] = field(default_factory=dict)
    indexed: int = 0


def copy_register(
    source_url: str,
    target_url: str,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy the register at `source_url` into the empty database at `target_url`."""
    source = Register.open(source_url, existing=True, upgrade=False)
    try:
        if source.needs_upgrade():
            raise CopyRefused(
                _(
                    "the register at {url} is at schema revision {found}, not this version's: "
                    "upgrade it first (verbale db upgrade)"
                ).format(url=source.display_url, found=source.schema_revision())
            )
        target = Register.open(target_url)
        try:
            report = CopyReport(source.display_url, target.display_url)
            _refuse_filled(target)
            with source.db.engine.connect() as reading, target.db.engine.begin() as writing:
                for table in Base.metadata.sorted_tables:
                    report.rows[table.name] = _copy_table(reading, writing, table, progress)
                report.indexed = index_unindexed(writing)
                if writing.dialect.name == "postgresql":
                    _continue_sequences(writing)
        finally:
            target.close()
    finally:
        source.close()
    return report


def _refuse_filled(target: Register) -> None:
    with target.db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                raise CopyRefused(
                    _(
                        "{url} is not empty (its table {table} has rows): a register is copied "
                        "only into an empty database, never over another"
                    ).format(url=shown_url(target.url), table=table.name)
                )


def _copy_table(
    reading: sa.Connection,
    writing: sa.Connection,
    table: sa.Table,
    progress: Callable[[str, int], None] | None,
) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    batch = DOCUMENT_BATCH if table.name == IssuedDocument.__tablename__ else BATCH
    result = reading.execution_options(stream_results=True, yield_per=batch).execute(
        sa.select(table).order_by(*order)
    )
    copied = 0
    insert = _insertable(table).insert()
    for rows in result.partitions(batch):
        writing.execute(insert, [dict(row._mapping) for row in rows])
        copied += len(rows)
        if progress:
            progress(table.name, copied)
    return copied


def _insertable(table: sa.Table) -> sa.Table:
    """`table` as the copy writes it: a JSON column's None is SQL NULL, as stored (SQLAlchemy
    would write JSON's `null`, which `IS NULL` does not find)."""
    columns = [
        sa.Column(
            column.name,
            sa.JSON(none_as_null=True) if isinstance(column.type, sa.JSON) else column.type,
            primary_key=column.primary_key,
        )
        for column in table.columns
    ]
    return sa.Table(table.name, sa.MetaData(), *columns)


def _continue_sequences(writing: sa.Connection) -> None:
    """PostgreSQL's id sequences after the ids copied (each new row takes the next one)."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.columns:
            continue
        writing.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table.name}"
            )
        )
