"""People and their roles: adding users, passwords (Argon2id), logging in with a lock-out.

Passwords are hashed with argon2-cffi's `PasswordHasher` (Argon2id, its recommended
parameters); a stored hash made with older parameters is replaced at the next good login.
After `MAX_FAILED_LOGINS` failed logins in a row the account is locked for `LOCKOUT`. Every
login, failed login and lock-out goes to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.workflow import Actor, Role
from app.i18n.messages import _
from app.register.models import User, utcnow
from app.services import audit
from app.services.register import Register, RegisterError

#: Failed logins in a row that lock an account, and for how long.
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


class LoginRefused(RegisterError):
    """A login refused; the message says why (without telling which of login or password)."""


class UserRefused(RegisterError):
    """A change to the users refused (not an administrator, a login taken, a weak password)."""


@dataclass(frozen=True)
class UserInfo:
    """A user as the services and the GUI hold one: never an ORM object."""

    id: int
    login: str
    display_name: str
    roles: frozenset[Role]

    @property
    def actor(self) -> Actor:
        return Actor(self.login, self.roles)

    @property
    def name(self) -> str:
        """The display name, or the login when there is none."""
        return self.display_name or self.login

    def has(self, role: Role) -> bool:
        return role in self.roles


def parse_roles(text: str | Iterable[str]) -> frozenset[Role]:
    """Roles from "drafter,approver" (or spaces, or an iterable), refusing unknown ones."""
    words = text.replace(",", " ").split() if isinstance(text, str) else list(text)
    roles: set[Role] = set()
    for word in words:
        try:
            roles.add(Role(word.strip().lower()))
        except ValueError:
            known = ", ".join(role.value for role in Role)
            raise UserRefused(
                _("Unknown role {role!r}; the roles are {known}.").format(role=word, known=known)
            ) from None
    return frozenset(roles)


def _roles_text(roles: Iterable[Role]) -> str:
    return " ".join(sorted(role.value for role in roles))


def user_info(row: User) -> UserInfo:
    return UserInfo(
        row.id, row.login, row.display_name, parse_roles(row.roles) if row.roles else frozenset()
    )


def _row(session: Session, login: str) -> User | None:
    return session.scalars(select(User).where(User.login == login)).one_or_none()


def has_users(register: Register) -> bool:
    """True once the first user (the administrator) has been added."""
    with register.db.reading() as session:
        return bool(session.scalar(select(func.count(User.id))))


def list_users(register: Register) -> list[UserInfo]:
    with register.db.reading() as session:
        rows = session.scalars(select(User).where(User.active).order_by(User.login))
        return [user_info(row) for row in rows]


def get_user(register: Register, login: str) -> UserInfo:
    with register.db.reading() as session:
        row = _row(session, login)
        if row is None or not row.active:
            raise UserRefused(_("There is no user {login!r}.").format(login=login))
        return user_info(row)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserRefused(
            _("A password needs at least {count} characters.").format(count=MIN_PASSWORD_LENGTH)
        )


def _require_administrator(session: Session, by: UserInfo | None, doing: str) -> str:
    """The acting administrator's login, checked against the register (roles may have
    changed since they logged in)."""
    if by is None:
        raise UserRefused(_("Only an administrator may {doing}.").format(doing=doing))
    row = session.get(User, by.id)
    if row is None or not row.active or Role.ADMINISTRATOR not in user_info(row).roles:
        raise UserRefused(
            _("Only an administrator may {doing}; {login} is not one.").format(
                doing=doing, login=by.login
            )
        )
    return row.login


def add_user(
    register: Register,
    login: str,
    password: str,
    roles: Iterable[Role | str] | str,
    display_name: str = "",
    *,
    by: UserInfo | None,
    now: dt.datetime | None = None,
    password_hash: str | None = None,
) -> UserInfo:
    """Add a user. The very first user is added with `by=None` and must be an administrator;
    after that only an administrator adds users. `password_hash`, if given, is `hash_password`
    of the same password made earlier (trusted, not checked again: the demo reuses its
    users' hashes)."""
    login = login.strip()
    if not login or len(login) > 64 or any(ch.isspace() for ch in login):
        raise UserRefused(_("A login is one word of at most 64 characters."))
    chosen = parse_roles(roles if isinstance(roles, str) else [str(role) for role in roles])
    if not chosen:
        raise UserRefused(_("A user needs at least one role."))
    _check_password(password)
    if password_hash is not None and not password_hash.startswith("$argon2id$"):
        raise UserRefused(_("A stored password is an Argon2id hash."))
    hashed = password_hash or hash_password(password)
    when = now or utcnow()
    with register.db.writing() as session:
        first = not session.scalar(select(func.count(User.id)))
        if first:
            if Role.ADMINISTRATOR not in chosen:
                raise UserRefused(
                    _("The first user must be an administrator (role administrator).")
                )
            acting = login
        else:
            acting = _require_administrator(session, by, _("add users"))
        if _row(session, login) is not None:
            raise UserRefused(_("The login {login!r} is taken.").format(login=login))
        row = User(
            login=login,
            display_name=display_name.strip(),
            roles=_roles_text(chosen),
            password_hash=hashed,
            failed_logins=0,
            active=True,
            created_at=when,
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            audit.USER_ADDED,
            user_login=acting,
            detail={
                "login": login,
                "roles": _roles_text(chosen),
                "first": first,
                "password": audit.password_digest(hashed),
            },
            at=when,
        )
        return user_info(row)


def set_password(
    register: Register,
    login: str,
    password: str,
    *,
    by: UserInfo,
    now: dt.datetime | None = None,
) -> None:
    """Set a new password: users change their own, an administrator anyone's. It also lifts a
    lock-out."""
    _check_password(password)
    hashed = _hasher.hash(password)
    when = now or utcnow()
    with register.db.writing() as session:
        row = _row(session, login)
        if row is None or not row.active:
            raise UserRefused(_("There is no user {login!r}.").format(login=login))
        if by.id != row.id:
            _require_administrator(session, by, _("change another user's password"))
        row.password_hash = hashed
        row.failed_logins = 0
        row.locked_until = None
        audit.append(
            session,
            audit.PASSWORD_CHANGED,
            user_login=by.login,
            detail={"login": login, "password": audit.password_digest(hashed)},
            at=when,
        )


def hash_password(password: str) -> str:
    """The Argon2id hash stored for `password` (salted: a new one each time)."""
    return _hasher.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def local_zone_name() -> str:
    """The system's local time zone by its IANA name (Asia/Almaty) as tzlocal finds it on
    every system (on Windows the registry's zone name, "Central Asia Standard Time", mapped to
    its IANA name), else by its abbreviation."""
    import tzlocal

    try:
        # tzlocal caches what it found first; the zone may have changed since (TZ set, the
        # laptop moved), and this is asked only for the rare lock-out message.
        tzlocal.reload_localzone()
        name = tzlocal.get_localzone_name()
    except (LookupError, ValueError, OSError):
        # No zone, or conflicting ones, configured: the C library's abbreviation still says it.
        name = None
    return name or dt.datetime.now().astimezone().tzname() or "UTC"


def local_time(moment: dt.datetime) -> str:
    """A stored UTC moment as a person reads it: local date and time with the zone."""
    local = moment.replace(tzinfo=dt.UTC).astimezone()
    return f"{local.day} {local:%b %Y %H:%M} ({local_zone_name()})"


def authenticate(
    register: Register, login: str, password: str, *, now: dt.datetime | None = None
) -> UserInfo:
    """The user, if the password is right and the account is not locked; else `LoginRefused`
    saying why. The attempt is audited either way."""
    when = now or utcnow()
    login = login.strip()[:64]
    with register.db.reading() as session:
        found = _row(session, login)
        stored = found.password_hash if found is not None and found.active else None
    # Hash outside the write transaction: verifying takes a tenth of a second.
    good = _verify(stored, password)
    refusal: str | None = None
    info: UserInfo | None = None
    with register.db.writing() as session:
        row = _row(session, login)
        if row is None or not row.active:
            # A login no user has is kept out of the log: it may be a password typed into
            # the login field.
            audit.append(
                session,
                audit.LOGIN_FAILED,
                user_login=row.login if row is not None else "",
                detail={"reason": "inactive" if row is not None else "unknown user"},
                at=when,
            )
            refusal = _("Wrong login or password.")
        elif row.locked_until is not None and row.locked_until > when:
            audit.append(
                session,
                audit.LOGIN_FAILED,
                user_login=login,
                detail={"reason": "locked", "until": row.locked_until.isoformat()},
                at=when,
            )
            refusal = _(
                "The account {login} is locked after {count} failed logins; try again after "
                "{until}."
            ).format(login=login, count=MAX_FAILED_LOGINS, until=local_time(row.locked_until))
        elif not good:
            row.failed_logins = (row.failed_logins or 0) + 1
            audit.append(
                session,
                audit.LOGIN_FAILED,
                user_login=login,
                detail={"reason": "wrong password", "failures": row.failed_logins},
                at=when,
            )
            refusal = _("Wrong login or password.")
            if row.failed_logins >= MAX_FAILED_LOGINS:
                row.locked_until = when + LOCKOUT
                row.failed_logins = 0
                audit.append(
                    session,
                    audit.LOCKED_OUT,
                    user_login=login,
                    detail={"until": row.locked_until.isoformat()},
                    at=when,
                )
                refusal = _(
                    "Wrong login or password. After {count} failed logins the account {login} "
                    "is locked until {until}."
                ).format(count=MAX_FAILED_LOGINS, login=login, until=local_time(row.locked_until))
        else:
            row.failed_logins = 0
            row.locked_until = None
            detail: dict[str, str] = {}
            if stored is not None and _hasher.check_needs_rehash(stored):
                row.password_hash = _hasher.hash(password)
                detail["password"] = audit.password_digest(row.password_hash)
            audit.append(session, audit.LOGIN, user_login=login, detail=detail, at=when)
            info = user_info(row)
    if refusal is not None or info is None:
        raise LoginRefused(refusal or _("Wrong login or password."))
    return info
