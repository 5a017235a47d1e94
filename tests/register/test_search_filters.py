"""Saved views filter by who drafted a note: "My drafts" and "Awaiting my approval"."""

from __future__ import annotations

import dataclasses

from sqlalchemy import text

from app.domain.parties import Addressee, AddresseeForms
from app.services.demo import reference_note
from app.services.register import Register, SearchFilters


def _add_user(register: Register, login: str) -> int:
    """A person in the users table, written straight into the database (no user service)."""
    with register.db.engine.begin() as connection:
        return int(
            connection.execute(
                text(
                    "INSERT INTO users (login, display_name, roles, failed_logins, active, "
                    "created_at) VALUES (:login, :name, 'drafter', 0, true, "
                    "'2023-11-01 09:00:00') RETURNING id"
                ),
                {"login": login, "name": login.title()},
            ).scalar_one()
        )


def _draft(register: Register, subject: str, user_id: int | None) -> int:
    note = dataclasses.replace(reference_note(), subject=subject)
    return register.save_draft(note, user_id=user_id)


def test_drafted_by_and_not_drafted_by_a_user(register: Register) -> None:
    aigerim = _add_user(register, "aigerim")
    ivan = _add_user(register, "ivan")
    _draft(register, "Energy forum by Aigerim", aigerim)
    _draft(register, "Youth council by Aigerim", aigerim)
    _draft(register, "Energy ministers by Ivan", ivan)
    _draft(register, "Imported without a drafter", None)

    mine = register.search(filters=SearchFilters(created_by=aigerim), sort="subject")
    assert [s.subject for s in mine] == ["Energy forum by Aigerim", "Youth council by Aigerim"]
    assert register.count(filters=SearchFilters(created_by=aigerim)) == 2

    others = register.search(filters=SearchFilters(exclude_created_by=aigerim), sort="subject")
    assert [s.subject for s in others] == [
        "Energy ministers by Ivan",
        "Imported without a drafter",
    ]
    assert register.count(filters=SearchFilters(exclude_created_by=aigerim)) == 2

    # With words typed and another filter on top.
    energy_mine = register.search("energy", SearchFilters(created_by=aigerim))
    assert [s.subject for s in energy_mine] == ["Energy forum by Aigerim"]
    assert register.count("energy", SearchFilters(exclude_created_by=aigerim)) == 1
    drafts_of_ivan = SearchFilters(created_by=ivan, statuses=("draft",))
    assert [s.subject for s in register.search(filters=drafts_of_ivan)] == [
        "Energy ministers by Ivan"
    ]
    assert register.search(filters=SearchFilters(created_by=ivan, statuses=("issued",))) == []


def test_the_addressee_filter_ignores_case_in_every_script(register: Register) -> None:
    embassy = Addressee(
        key="kz-embassy",
        forms={
            "ru": AddresseeForms(
                nominative="Посольство Республики Казахстан",
                dative="Посольству Республики Казахстан",
                genitive="Посольства Республики Казахстан",
            )
        },
        kind="embassy",
    )
    note = dataclasses.replace(reference_note(), addressee=embassy, languages=("ru",))
    register.save_draft(note)
    register.save_draft(reference_note())
    for typed in ("Посольство", "посольство", "РЕСПУБЛИКИ", "казахстан", "kz-embassy"):
        found = register.search(filters=SearchFilters(addressee=typed))
        assert [s.addressee for s in found] == ["Посольство Республики Казахстан"], typed
        assert register.count(filters=SearchFilters(addressee=typed)) == 1, typed
    assert register.count(filters=SearchFilters(addressee="Посольство Китая")) == 0
