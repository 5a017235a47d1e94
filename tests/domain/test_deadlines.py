"""The deadline rule: weekends and holidays move a deadline only when the sender says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.domain.deadlines import effective_deadline, is_working_day
from app.register.codec import note_from_dict, note_to_dict
from app.services.note_file import load_note, load_sender_profile, sender_from_mapping

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "par-1453.toml"
SENDER = Path(__file__).resolve().parents[2] / "resources" / "senders" / "cica-secretariat.toml"

FRIDAY = dt.date(2023, 12, 29)  # the reference note's deadline
SATURDAY = dt.date(2023, 12, 30)
SUNDAY = dt.date(2023, 12, 31)
NEW_YEAR = dt.date(2024, 1, 1)  # a Monday
JANUARY_2 = dt.date(2024, 1, 2)
JANUARY_3 = dt.date(2024, 1, 3)
HOLIDAYS = frozenset({NEW_YEAR, JANUARY_2})


def test_weekdays_work_and_weekends_and_holidays_do_not() -> None:
    assert is_working_day(FRIDAY, HOLIDAYS)
    assert not is_working_day(SATURDAY, HOLIDAYS)
    assert not is_working_day(SUNDAY, HOLIDAYS)
    assert not is_working_day(NEW_YEAR, HOLIDAYS)
    assert is_working_day(NEW_YEAR, ())
    assert is_working_day(JANUARY_3, HOLIDAYS)


def test_without_the_senders_rule_a_deadline_never_moves() -> None:
    for day in (FRIDAY, SATURDAY, SUNDAY, NEW_YEAR):
        assert effective_deadline(day, HOLIDAYS, moves_to_working_day=False) == day


def test_with_the_senders_rule_a_weekend_or_holiday_moves_to_the_next_working_day() -> None:
    assert effective_deadline(FRIDAY, HOLIDAYS, moves_to_working_day=True) == FRIDAY
    # Saturday, Sunday, then two holidays: the deadline lands on Wednesday 3 January.
    assert effective_deadline(SATURDAY, HOLIDAYS, moves_to_working_day=True) == JANUARY_3
    assert effective_deadline(SUNDAY, HOLIDAYS, moves_to_working_day=True) == JANUARY_3
    assert effective_deadline(NEW_YEAR, HOLIDAYS, moves_to_working_day=True) == JANUARY_3
    assert effective_deadline(SATURDAY, (), moves_to_working_day=True) == NEW_YEAR


def test_a_holiday_on_a_friday_moves_the_deadline_over_the_weekend() -> None:
    friday_holiday = dt.date(2024, 3, 8)
    assert effective_deadline(friday_holiday, [friday_holiday], True) == dt.date(2024, 3, 11)


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.sets(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))),
)
def test_the_moved_deadline_is_the_first_working_day_on_or_after_it(
    deadline: dt.date, holidays: set[dt.date]
) -> None:
    moved = effective_deadline(deadline, holidays, moves_to_working_day=True)
    assert moved >= deadline
    assert is_working_day(moved, holidays)
    day = deadline
    while day < moved:
        assert not is_working_day(day, holidays)
        day += dt.timedelta(days=1)


def test_the_shipped_cica_profile_keeps_deadlines_as_written() -> None:
    raw = tomllib.loads(SENDER.read_text(encoding="utf-8"))
    assert "deadline_moves_to_working_day" not in raw
    assert load_sender_profile("cica-secretariat").deadline_moves_to_working_day is False


def test_the_sender_toml_key_turns_the_rule_on() -> None:
    raw = tomllib.loads(SENDER.read_text(encoding="utf-8"))
    on = sender_from_mapping({**raw, "deadline_moves_to_working_day": True})
    off = sender_from_mapping({**raw, "deadline_moves_to_working_day": False})
    assert on.deadline_moves_to_working_day is True
    assert off.deadline_moves_to_working_day is False


def test_the_register_codec_keeps_the_senders_rule() -> None:
    note = load_note(EXAMPLE)
    for moves in (True, False):
        sender = dataclasses.replace(note.sender, deadline_moves_to_working_day=moves)
        stored = note_to_dict(dataclasses.replace(note, sender=sender))
        assert stored["sender"]["deadline_moves_to_working_day"] is moves
        assert note_from_dict(stored).sender.deadline_moves_to_working_day is moves


def test_a_note_stored_before_the_rule_existed_reads_back_with_deadlines_as_written() -> None:
    stored = note_to_dict(load_note(EXAMPLE))
    del stored["sender"]["deadline_moves_to_working_day"]
    assert note_from_dict(stored).sender.deadline_moves_to_working_day is False
