"""Distribution lists: the members of a group addressee, as the register's directory holds them,
else as the shipped directory (resources/addressees/) lists them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.parties import Addressee
from app.i18n.messages import _
from app.services.addressee_file import addressee_directory
from app.services.register import Register, RegisterError


@dataclass(frozen=True)
class Member:
    """One recipient of a note: the addressee itself, or one member of a group."""

    key: str
    kind: str
    #: The English nominative (else the first language's), as lists show it.
    name: str
    working_language: str
    email: str


def directory(register: Register) -> dict[str, Addressee]:
    """Every addressee by key: the shipped directory, overridden by the register's entries."""
    return merged(register.addressees())


def merged(entries: list[Addressee]) -> dict[str, Addressee]:
    """The shipped directory overridden by `entries` (the register's). An entry the register
    met only through a note (no members, no e-mail, no working language: a register older
    than migration 0006) keeps the shipped entry's members, address and language."""
    found = dict(addressee_directory())
    for item in entries:
        shipped = found.get(item.key)
        if shipped is not None and not (item.members or item.email or item.working_language):
            item = replace(
                item,
                members=shipped.members,
                email=shipped.email,
                working_language=shipped.working_language,
            )
        found[item.key] = item
    return found


def listed_name(addressee: Addressee) -> str:
    forms = addressee.forms.get("en") or next(iter(addressee.forms.values()), None)
    return forms.nominative if forms else addressee.key


def recipients(register: Register, key: str) -> list[Member]:
    """Whom a note to `key` goes to: each member of a group (in order), else the addressee."""
    known = directory(register)
    addressee = known.get(key)
    if addressee is None:
        raise RegisterError(_("There is no addressee {key!r} in the directory.").format(key=key))
    keys = addressee.members if addressee.members else (addressee.key,)
    found: list[Member] = []
    for member_key in keys:
        member = known.get(member_key)
        if member is None:
            raise RegisterError(
                _("{group}: its member {key!r} is not in the directory.").format(
                    group=key, key=member_key
                )
            )
        found.append(
            Member(
                member.key,
                member.kind,
                listed_name(member),
                member.working_language or "en",
                member.email,
            )
        )
    return found
