"""Restoring a SQLite register from a backup, without undoing or reusing anything issued.

1. The backup is copied into a staging file beside the register and checked there: a
   readable SQLite file, a Verbale schema revision this version knows (migrated to the newest),
   every table and column the application reads, the audit chain and its MACs, each stored PDF
   against its issue entry, each note's status moves. A fake file is refused here.
2. An administrator logs in: to the register being replaced, or to the backup if that
   register has no users yet (`PreparedRestore.login_register`).
3. The register is taken with an exclusive lock, which SQLite grants only when no other
   process has it open (the application, a command running now): otherwise the restore is
   refused, and nothing changed. Under the lock: a safety copy of the register beside it; the
   numbers it gave out that the backup lacks are written into the staging copy (state `lost`:
   never given out again), with the counters; the restore's own audit entry names who restored
   what, the log it replaced and the numbers kept; then the staging copy goes into the register
   file in one transaction.
4. The register's anchor is set to the restore's entry (which names the replaced log's head,
   so verify accepts an anchor left behind by a restore interrupted after its copy).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from sqlalchemy import inspect, select
from sqlalchemy.exc import SQLAlchemyError

from app.domain.number import NoteNumber
from app.domain.workflow import Action, Role
from app.i18n.messages import _, ngettext
from app.private_files import new_private_file, private_file
from app.register import schema
from app.register.models import AllocatedNumber, Base, Series, SeriesCounter, User, utcnow
from app.services import audit
from app.services.audit_anchor import forget_anchor, register_location, set_anchor
from app.services.audit_checks import verify_macs
from app.services.backup import BackupError, integrity_problems, register_file
from app.services.register import Register
from app.services.users import UserInfo, authenticate, has_users, parse_roles

#: How long the restore waits for a register another process holds before it refuses.
LOCK_WAIT_S = 2.0
#: Problems of a refused backup named in the message (the rest counted).
NAMED_PROBLEMS = 5


class RestoreRefused(BackupError):
    """The restore was refused; nothing changed. The message says why."""


class RegisterInUse(RestoreRefused):
    """Another process has the register open."""


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None
    notes: int
    #: Numbers the replaced register had given out that the backup lacked: kept as used.
    numbers_kept: tuple[str, ...]
    #: The restore's own entry in the restored audit log.
    entry_id: int


@dataclass(frozen=True)
class _Given:
    """A number the replaced register gave out."""

    prefix: str
    title: str
    yearly_reset: bool
    year: int
    running: int
    state: str
    number_text: str


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """`source` into the new private file `target` (backup API), left in rollback-journal mode."""
    private_file(target)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()


def _refused(source: Path, problems: list[str]) -> RestoreRefused:
    named = problems[:NAMED_PROBLEMS]
    more = len(problems) - len(named)
    text = _("{file} cannot be restored: {problems}").format(file=source, problems="; ".join(named))
    if more:
        text += " " + ngettext(
            "(and {count} more problem)", "(and {count} more problems)", more
        ).format(count=more)
    return RestoreRefused(text)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from app.register.schema import MIGRATIONS_DIR

    directory = ScriptDirectory(str(MIGRATIONS_DIR))
    return {script.revision for script in directory.walk_revisions()}


def _schema_problems(path: Path) -> list[str]:
    """Whether the staging copy is a Verbale register of a revision this version knows."""
    connection = sqlite3.connect(path)
    try:
        try:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError:
            rows = []
    finally:
        connection.close()
    if len(rows) != 1:
        return [_("not a Verbale register: it records no schema revision")]
    revision = str(rows[0][0])
    if revision not in _known_revisions():
        return [
            _(
                "its schema revision {revision} is unknown to this version of Verbale (which "
                "knows up to {head}): it was made by a newer version, or by another program"
            ).format(revision=revision, head=schema.HEAD_REVISION)
        ]
    return []


def _column_problems(register: Register) -> list[str]:
    """Every table and column the application reads, present in the (migrated) copy."""
    problems: list[str] = []
    with register.db.engine.connect() as connection:
        inspector = inspect(connection)
        tables = set(inspector.get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in tables:
                problems.append(
                    _("not a Verbale register: it has no table {table}").format(table=table.name)
                )
                continue
            present = {column["name"] for column in inspector.get_columns(table.name)}
            missing = sorted(column.name for column in table.columns if column.name not in present)
            if missing:
                problems.append(
                    _("not a Verbale register: its table {table} lacks {columns}").format(
                        table=table.name, columns=", ".join(missing)
                    )
                )
    return problems


def _content_problems(register: Register) -> list[str]:
    """The audit chain, its MACs, the stored PDFs and the status moves of the copy."""
    problems = [str(problem) for problem in audit.verify_chain(register)]
    problems += [str(problem) for problem in verify_macs(register).problems]
    problems += [str(problem) for problem in register.verify().problems]
    transitions = {action.value for action in Action}
    problems += [str(problem) for problem in audit.verify_statuses(register, transitions)]
    return problems


class PreparedRestore:
    """A backup staged beside the register and checked; `complete` restores it, `discard`
    drops it. Use as a context manager: the staging copy never outlives it."""

    def __init__(self, database_url: str, source: Path) -> None:
        self.url = database_url
        self.target = register_file(database_url)
        self.source = Path(source)
        self.staging = self.target.with_name(f".{self.target.name}.restoring-{_stamp()}")
        self._staged: Register | None = None
        self._live: Register | None = None
        try:
            self._stage()
        except BaseException:
            self.discard()
            raise

    def _stage(self) -> None:
        problems = integrity_problems(self.source)
        if problems:
            raise _refused(self.source, problems)
        reader = sqlite3.connect(f"file:{self.source}?mode=ro", uri=True)
        try:
            _copy(reader, self.staging)
        except sqlite3.DatabaseError as error:
            raise _refused(self.source, [str(error)]) from error
        finally:
            reader.close()
        problems = _schema_problems(self.staging)
        if problems:
            raise _refused(self.source, problems)
        staged = Register.open(f"sqlite:///{self.staging}", upgrade=False)
        self._staged = staged
        try:
            if staged.needs_upgrade():
                schema.upgrade(staged.db.engine)
            problems = _column_problems(staged) or _content_problems(staged)
        except (SQLAlchemyError, sqlite3.DatabaseError, ValueError, KeyError) as error:
            problems = [_("its tables cannot be read as a register's: {error}").format(error=error)]
        if problems:
            raise _refused(self.source, problems)
        if self.target.is_file():
            live = Register.open(self.url, upgrade=False)
            self._live = live

    @property
    def login_register(self) -> Register:
        """Where the administrator logs in: the register being replaced, or the backup when
        that register has no users (a new or lost register)."""
        if self._live is not None and has_users(self._live):
            return self._live
        assert self._staged is not None
        return self._staged

    def complete(self, user: UserInfo) -> RestoreResult:
        """Restore, as `user` (logged in to `login_register`, an administrator there)."""
        checked = self.login_register
        with checked.db.reading() as session:
            row = session.get(User, user.id)
            roles = parse_roles(row.roles) if row is not None and row.roles else frozenset()
            administrator = row is not None and row.active and Role.ADMINISTRATOR in roles
        if not administrator:
            refusal = _("Only an administrator restores a backup; {login} is not one.").format(
                login=user.login
            )
            audit.record(
                checked,
                audit.FAILED_ATTEMPT,
                user_login=user.login,
                detail={"attempted": "restore", "reason": refusal, "backup": str(self.source)},
            )
            raise RestoreRefused(refusal)
        staged = self._staged
        assert staged is not None
        if self._live is not None:
            self._live.close()  # our own connections would count as another program's
            self._live = None
        if not self.target.is_file():
            entry_id, _kept = self._record(staged, user, None, [], [], None)
            notes = staged.count()
            staged.close()
            self._staged = None
            self._install(None)
            return self._finish(entry_id, None, notes, ())
        live = _lock(self.target)
        try:
            safety = self.target.with_name(
                f"{self.target.stem}-before-restore-{_stamp()}{self.target.suffix or '.sqlite3'}"
            )
            _copy(live, safety)
            given, counters, head = _read_given(live)
            entry_id, kept = self._record(staged, user, head, given, counters, safety)
            notes = staged.count()
            staged.close()
            self._staged = None
            self._install(live)
        finally:
            live.close()
        return self._finish(entry_id, safety, notes, kept)

    def _record(
        self,
        staged: Register,
        user: UserInfo,
        head: tuple[int, str] | None,
        given: list[_Given],
        counters: list[tuple[str, bool, str, int, int]],
        safety: Path | None,
    ) -> tuple[int, tuple[str, ...]]:
        """The replaced register's numbers and counters carried into the staging copy, and the
        restore's own audit entry; returns its number and the numbers kept."""
        now = utcnow()
        kept: list[str] = []
        with staged.db.writing() as session:
            series: dict[str, Series] = {s.prefix: s for s in session.scalars(select(Series))}

            def series_of(prefix: str, title: str, yearly_reset: bool) -> Series:
                if prefix not in series:
                    made = Series(prefix=prefix, title=title, yearly_reset=yearly_reset)
                    session.add(made)
                    session.flush()
                    series[prefix] = made
                return series[prefix]

            taken = {
                (series_id, year, running)
                for series_id, year, running in session.execute(
                    select(AllocatedNumber.series_id, AllocatedNumber.year, AllocatedNumber.running)
                )
            }
            for item in given:
                row = series_of(item.prefix, item.title, item.yearly_reset)
                if (row.id, item.year, item.running) in taken:
                    continue
                taken.add((row.id, item.year, item.running))
                lost = item.state == "used"
                reason = (
                    f"{item.number_text} was given out after the backup {self.source.name} "
                    f"was made; restored over on {now:%Y-%m-%d} by {user.login}"
                    + (f": that note is in {safety.name}" if safety and lost else "")
                )
                session.add(
                    AllocatedNumber(
                        series_id=row.id,
                        year=item.year,
                        running=item.running,
                        state="lost" if lost else "cancelled",
                        note_id=None,
                        allocated_at=now,
                        reason=reason,
                    )
                )
                kept.append(item.number_text)
            session.flush()
            for prefix, yearly_reset, title, year, last_running in counters:
                row = series_of(prefix, title, yearly_reset)
                highest = max(
                    [last_running]
                    + [running for sid, yr, running in taken if sid == row.id and yr == year]
                )
                counter = session.get(SeriesCounter, (row.id, year))
                if counter is None:
                    session.add(SeriesCounter(series_id=row.id, year=year, last_running=highest))
                elif counter.last_running < highest:
                    counter.last_running = highest
            backup_head = audit.chain_head_in(session)
            entry = audit.append(
                session,
                audit.REGISTER_RESTORED,
                user_login=user.login,
                detail={
                    "backup": str(self.source),
                    "backup_head": (
                        {"entry": backup_head.entry_id, "hash": backup_head.hash}
                        if backup_head
                        else None
                    ),
                    "replaced": {"entry": head[0], "hash": head[1]} if head else None,
                    "safety_copy": str(safety) if safety else None,
                    "numbers_kept": sorted(kept),
                },
                at=now,
            )
            return entry.id, tuple(sorted(kept))

    def _install(self, live: sqlite3.Connection | None) -> None:
        """The staging copy into the register file: under the held lock, in one transaction
        (the rollback journal undoes a copy cut short), then back to WAL."""
        staging = sqlite3.connect(self.staging)
        try:
            staging.execute("PRAGMA journal_mode = DELETE")
            if live is None:
                new_private_file(self.target)
                target = sqlite3.connect(self.target)
                try:
                    staging.backup(target)
                    target.execute("PRAGMA journal_mode = WAL")
                finally:
                    target.close()
            else:
                staging.backup(live)
                live.execute("PRAGMA journal_mode = WAL")
                (check,) = live.execute("PRAGMA quick_check").fetchone()
                if check != "ok":
                    raise BackupError(f"the restored register failed its check: {check}")
        finally:
            staging.close()

    def _finish(
        self, entry_id: int, safety: Path | None, notes: int, kept: tuple[str, ...]
    ) -> RestoreResult:
        location = register_location(self.url)
        connection = sqlite3.connect(self.target)
        try:
            (entry_hash,) = connection.execute(
                "SELECT hash FROM audit_log WHERE id = ?", (entry_id,)
            ).fetchone()
        finally:
            connection.close()
        if location is not None:
            set_anchor(location, entry_id, str(entry_hash))
        self.discard()
        return RestoreResult(self.source, safety, notes, kept, entry_id)

    def discard(self) -> None:
        """Close everything and remove the staging copy (and its anchor)."""
        for register in (self._staged, self._live):
            if register is not None:
                register.close()
        self._staged = self._live = None
        location = register_location(f"sqlite:///{self.staging}")
        if location is not None:
            forget_anchor(location)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.staging}{suffix}").unlink(missing_ok=True)

    def __enter__(self) -> PreparedRestore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.discard()


def _lock(path: Path) -> sqlite3.Connection:
    """A connection holding the register exclusively until closed; RegisterInUse if another
    process has it open (SQLite leaves write-ahead logging only for a connection alone)."""
    connection = sqlite3.connect(path, timeout=LOCK_WAIT_S, isolation_level=None)
    try:
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        (mode,) = connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        if str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("COMMIT")
    except sqlite3.OperationalError:
        connection.close()
        raise RegisterInUse(
            _(
                "The register {path} is open in another program (the application, or a command "
                "running now). Close it there, then restore; nothing was changed."
            ).format(path=path)
        ) from None
    return connection


def _read_given(
    live: sqlite3.Connection,
) -> tuple[list[_Given], list[tuple[str, bool, str, int, int]], tuple[int, str] | None]:
    """From the register being replaced (under the lock): every number it gave out (from its
    numbers table and from its audit log's issue entries), its counters, its log's head."""
    given: dict[tuple[str, int, int], _Given] = {}
    for prefix, title, yearly, year, running, state, number_text in live.execute(
        "SELECT s.prefix, s.title, s.yearly_reset, n.year, n.running, n.state, "
        "coalesce(t.number_text, s.prefix || '/' || n.running) FROM numbers n "
        "JOIN series s ON s.id = n.series_id LEFT JOIN notes t ON t.id = n.note_id"
    ):
        given[(prefix, year, running)] = _Given(
            prefix, title or "", bool(yearly), int(year), int(running), str(state), number_text
        )
    tables = {name for (name,) in live.execute("SELECT name FROM sqlite_master")}
    head: tuple[int, str] | None = None
    if "audit_log" in tables:
        series = {
            prefix: (title or "", bool(yearly))
            for prefix, title, yearly in live.execute(
                "SELECT prefix, title, yearly_reset FROM series"
            )
        }
        years = {
            note_id: year
            for note_id, year in live.execute(
                "SELECT id, number_year FROM notes WHERE running IS NOT NULL"
            )
        }
        for note_id, at, detail in live.execute(
            "SELECT note_id, at, detail FROM audit_log WHERE action = ?", (Action.ISSUE.value,)
        ):
            try:
                number = NoteNumber.parse(str(json.loads(detail).get("number", "")))
            except (ValueError, AttributeError):
                continue
            title, yearly = series.get(number.prefix, ("", False))
            year = years.get(note_id)
            if year is None:
                year = dt.datetime.fromisoformat(str(at)).year if yearly else 0
            key = (number.prefix, int(year), number.running)
            if key not in given:
                given[key] = _Given(
                    number.prefix, title, yearly, int(year), number.running, "used", number.code
                )
        last = live.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        head = (int(last[0]), str(last[1])) if last else None
    counters = [
        (str(prefix), bool(yearly), str(title or ""), int(year), int(last_running))
        for prefix, yearly, title, year, last_running in live.execute(
            "SELECT s.prefix, s.yearly_reset, s.title, c.year, c.last_running "
            "FROM series_counters c JOIN series s ON s.id = c.series_id"
        )
    ]
    return list(given.values()), counters, head


def restore_register(database_url: str, source: Path, login: str, password: str) -> RestoreResult:
    """Restore `source` over the register at `database_url`, as `login` (an administrator)."""
    with PreparedRestore(database_url, source) as prepared:
        user = authenticate(prepared.login_register, login, password)
        return prepared.complete(user)


__all__ = [
    "PreparedRestore",
    "RegisterInUse",
    "RestoreRefused",
    "RestoreResult",
    "restore_register",
]
