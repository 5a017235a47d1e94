"""The addressee directory in the register: forms per language, working language, e-mail and
a group's members (migration 0006), read and written inside the caller's session.

A group's member not yet in the register is taken from the shipped directory
(resources/addressees/) as it is stored; a member known to neither is refused.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain.parties import Addressee, AddresseeForms
from app.i18n.messages import _
from app.register.models import AddresseeFormRow, AddresseeMember, AddresseeRow
from app.services.register_reading import RegisterError


def _row(session: Session, key: str) -> AddresseeRow | None:
    return session.scalars(select(AddresseeRow).where(AddresseeRow.key == key)).one_or_none()


def store_forms(session: Session, addressee: Addressee) -> AddresseeRow:
    """The addressee's row with its kind and forms as given (a note's addressee: its working
    language, e-mail and members stay as the directory holds them)."""
    row = _row(session, addressee.key)
    if row is None:
        row = AddresseeRow(
            key=addressee.key,
            kind=addressee.kind,
            working_language=addressee.working_language,
            email=addressee.email,
        )
        session.add(row)
    row.kind = addressee.kind
    existing = {form.language: form for form in row.forms}
    for language, forms in addressee.forms.items():
        form = existing.get(language)
        if form is None:
            form = AddresseeFormRow(language=language)
            row.forms.append(form)
        form.nominative = forms.nominative
        form.dative = forms.dative
        form.genitive = forms.genitive
        form.foot = forms.foot
    return row


def store_entry(
    session: Session, addressee: Addressee, shipped: Mapping[str, Addressee] | None = None
) -> None:
    """Store a directory entry whole: forms, working language, e-mail and (for a group) its
    members in order, each member stored first from `shipped` when the register lacks it."""
    row = store_forms(session, addressee)
    row.working_language = addressee.working_language
    row.email = addressee.email
    session.flush()
    session.execute(delete(AddresseeMember).where(AddresseeMember.group_id == row.id))
    for position, key in enumerate(dict.fromkeys(addressee.members), start=1):
        member = _row(session, key)
        if member is None:
            known = (shipped or {}).get(key)
            if known is None:
                raise RegisterError(
                    _("{group}: its member {key!r} is not in the directory.").format(
                        group=addressee.key, key=key
                    )
                )
            store_entry(session, known, shipped)
            member = _row(session, key)
            assert member is not None
        if member.id == row.id:
            raise RegisterError(
                _("{group} cannot be a member of itself.").format(group=addressee.key)
            )
        session.add(AddresseeMember(group_id=row.id, member_id=member.id, position=position))
    session.flush()


def read_entries(session: Session) -> list[Addressee]:
    """Every addressee in the register, by key, with its members' keys."""
    rows = session.scalars(select(AddresseeRow).order_by(AddresseeRow.key)).all()
    keys = {row.id: row.key for row in rows}
    members: dict[int, list[str]] = {}
    for link in session.scalars(
        select(AddresseeMember).order_by(AddresseeMember.group_id, AddresseeMember.position)
    ):
        members.setdefault(link.group_id, []).append(keys[link.member_id])
    return [
        Addressee(
            key=row.key,
            kind=row.kind,
            forms={
                form.language: AddresseeForms(
                    nominative=form.nominative,
                    dative=form.dative,
                    genitive=form.genitive,
                    foot=form.foot or "",
                )
                for form in row.forms
            },
            working_language=row.working_language or "",
            email=row.email or "",
            members=tuple(members.get(row.id, ())),
        )
        for row in rows
    ]
