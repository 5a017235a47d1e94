"""The audit chain anchored outside the register.

- **The audit key**: 32 random bytes in `audit.key` in the user's configuration folder (0600),
  made on first use. Every audit entry carries a MAC of its hash under this key (HMAC-SHA256),
  so an entry edited and the chain recomputed after it no longer matches its MAC: whoever
  edits the register file without the key cannot make MACs that hold.
- **The anchor**: per register, a small file beside the key (`audit-anchors/`) naming the
  newest entry this computer wrote or verified, its hash, and a MAC of both. Entries cut off
  the tail of the log, or a whole log recomputed, no longer reach that entry: `verbale verify`
  says so. The anchor moves forward only, after a commit, under a file lock (two processes
  committing at once never move it back).

What this does not catch is written down in docs/workflow.md ("What Verbale guarantees").
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.i18n.messages import _
from app.paths import user_config_dir
from app.private_files import private_folder, write_private
from app.register.location import sqlite_path
from app.services.register_reading import RegisterError

log = logging.getLogger(__name__)

KEY_FILE = "audit.key"
ANCHORS_FOLDER = "audit-anchors"
#: Bytes of secret in the key (written as hex text, one line).
KEY_BYTES = 32


class AuditKeyError(RegisterError):
    """The audit key cannot be read or made; the message says where and why."""


@dataclass(frozen=True)
class AuditKey:
    """This computer's secret for the audit log's MACs."""

    secret: bytes = b""
    path: Path = Path()

    @property
    def id(self) -> str:
        """A short public fingerprint of the key, stored beside each MAC."""
        return hashlib.sha256(b"verbale audit key\n" + self.secret).hexdigest()[:16]

    def mac(self, *parts: object) -> str:
        text = "\n".join(str(part) for part in parts)
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    def entry_mac(self, entry_id: int, entry_hash: str) -> str:
        """The MAC an audit entry carries: over its number and its hash (which covers the
        entry and, through `prev_hash`, every entry before it)."""
        return self.mac("entry", entry_id, entry_hash)

    def holds(self, expected: str, *parts: object) -> bool:
        return hmac.compare_digest(expected, self.mac(*parts))


def key_path() -> Path:
    return user_config_dir() / KEY_FILE


_keys: dict[Path, AuditKey] = {}


def _parse_key(path: Path, text: str) -> AuditKey:
    try:
        secret = bytes.fromhex(text.strip())
    except ValueError:
        secret = b""
    if len(secret) != KEY_BYTES:
        raise AuditKeyError(
            _(
                "The audit key {path} is damaged (it is not {count} bytes of hex). Put back a "
                "copy of it: without it the audit log's MACs cannot be made or checked."
            ).format(path=path, count=KEY_BYTES)
        )
    return AuditKey(secret, path)


def audit_key() -> AuditKey:
    """The key in the user's configuration folder, made (0600) if there is none yet."""
    path = key_path()
    known = _keys.get(path)
    if known is not None:
        return known
    try:
        key = _parse_key(path, path.read_text(encoding="ascii"))
    except FileNotFoundError:
        key = _make_key(path)
    except (OSError, UnicodeDecodeError) as error:
        raise AuditKeyError(
            _("The audit key {path} cannot be read: {error}").format(path=path, error=error)
        ) from error
    _keys[path] = key
    return key


def _make_key(path: Path) -> AuditKey:
    """Write a new key; if another process wrote one first, theirs is the key."""
    try:
        private_folder(path.parent)
        fresh = path.with_name(f".{path.name}.{os.getpid()}.new")
        write_private(fresh, (secrets.token_hex(KEY_BYTES) + "\n").encode("ascii"))
        try:
            os.link(fresh, path)  # fails if a key appeared meanwhile: never two keys
        except FileExistsError:
            pass
        finally:
            fresh.unlink(missing_ok=True)
        return _parse_key(path, path.read_text(encoding="ascii"))
    except OSError as error:
        raise AuditKeyError(
            _(
                "The audit key cannot be made in {folder}: {error}. Verbale writes nothing to "
                "the register without it."
            ).format(folder=path.parent, error=error)
        ) from error


# -- the anchor -----------------------------------------------------------------------------


def register_location(url: str) -> str | None:
    """What names a register for its anchor: its file, or its server URL without the password;
    None for an in-memory database (nothing outlives it)."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        return f"sqlite:{path.resolve()}" if path is not None else None
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@dataclass(frozen=True)
class Anchor:
    """The newest audit entry this computer saw in one register."""

    location: str
    entry_id: int
    hash: str
    key_id: str
    mac: str

    def holds(self, key: AuditKey) -> bool:
        return key.id == self.key_id and key.holds(
            self.mac, "anchor", self.location, self.entry_id, self.hash
        )


def anchor_path(location: str) -> Path:
    name = hashlib.sha256(location.encode()).hexdigest()[:32]
    return user_config_dir() / ANCHORS_FOLDER / f"{name}.json"


class AnchorDamaged(RegisterError):
    """The anchor file is there but unreadable (not what Verbale wrote)."""


def read_anchor(location: str) -> Anchor | None:
    """The anchor of the register at `location`, or None if this computer has none."""
    path = anchor_path(location)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Anchor(
            str(data["location"]),
            int(data["entry"]),
            str(data["hash"]),
            str(data["key"]),
            str(data["mac"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AnchorDamaged(
            _("The audit anchor {path} is damaged: {error}").format(path=path, error=error)
        ) from error


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside `path` for the read-compare-write of an anchor."""
    private_folder(path.parent)
    descriptor = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # Windows: one process at a time is the usual case there
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _write(location: str, entry_id: int, entry_hash: str, key: AuditKey) -> None:
    mac = key.mac("anchor", location, entry_id, entry_hash)
    data = {"location": location, "entry": entry_id, "hash": entry_hash, "key": key.id, "mac": mac}
    write_private(anchor_path(location), (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def advance_anchor(location: str, entry_id: int, entry_hash: str) -> None:
    """Record entry `entry_id` as the newest this computer saw, unless a newer one is recorded
    already. Call only after the entry is committed."""
    key = audit_key()
    path = anchor_path(location)
    with _locked(path):
        try:
            current = read_anchor(location)
        except AnchorDamaged:
            current = None  # verify says so; a good entry is worth recording again
        if current is not None and current.entry_id >= entry_id and current.holds(key):
            return
        _write(location, entry_id, entry_hash, key)


def set_anchor(location: str, entry_id: int, entry_hash: str) -> None:
    """Record entry `entry_id` as the anchor even if it is older (a restore replaced the log:
    its own audit entry names the log it replaced)."""
    key = audit_key()
    with _locked(anchor_path(location)):
        _write(location, entry_id, entry_hash, key)


def forget_anchor(location: str) -> None:
    """Remove the anchor of a register that no longer exists (a restore's staging copy)."""
    path = anchor_path(location)
    path.unlink(missing_ok=True)
    path.with_suffix(".lock").unlink(missing_ok=True)


def anchor_continues(location: str, stored_hash_of: Callable[[int], str | None]) -> bool:
    """Whether the log at `location` still holds the entry its anchor names (`stored_hash_of`
    gives an entry's stored hash by number). If it does not, the log was cut or rewritten
    behind the application's back: the anchor stays where it is, as the evidence."""
    try:
        anchor = read_anchor(location)
    except AnchorDamaged:
        return False
    if anchor is None:
        return True
    return anchor.holds(audit_key()) and stored_hash_of(anchor.entry_id) == anchor.hash


def anchor_after_commit(location: str, entry_id: int, entry_hash: str) -> None:
    """Move the anchor on to a committed entry. A failure is logged, not raised: the entry is
    committed, and `verbale verify` anchors a sound chain again."""
    try:
        advance_anchor(location, entry_id, entry_hash)
    except (OSError, RegisterError) as error:
        log.warning(
            "the audit anchor of %s was not moved on to entry %s: %s", location, entry_id, error
        )
