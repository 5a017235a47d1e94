"""Dates read as officers type them, in any of the three languages (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n.date_input import DateNotUnderstood, entry_date_text, parse_typed_date
from app.i18n.messages import set_ui_language

NOVEMBER_29 = dt.date(2023, 11, 29)


@pytest.mark.parametrize(
    "typed",
    [
        "29.11.2023",
        "29/11/2023",
        "29-11-2023",
        "2023-11-29",
        "2023.11.29",
        " 29 . 11 . 2023 ",
        "29.11.23",
        "29 Nov 2023",
        "29 nov. 2023",
        "29 NOVEMBER 2023",
        "November 29, 2023",
        "29th of November 2023",
        "29 ноября 2023",
        "29 НОЯБРЯ 2023 года",
        "29 ноябрь 2023",
        "29 ноя 2023",
        "29 ноября 2023 г.",
        "29 қараша 2023",
        "29 ҚАРАША 2023",
        "2023 жылғы 29 қараша",
        "2023 ж. 29 қараша",
        "29 қар. 2023",
    ],
)
def test_the_ways_people_type_29_november_2023(typed: str) -> None:
    assert parse_typed_date(typed) == NOVEMBER_29


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("1 Sept 2024", dt.date(2024, 9, 1)),
        ("1 сентября 2024", dt.date(2024, 9, 1)),
        ("1 қыркүйек 2024", dt.date(2024, 9, 1)),
        ("3 мая 2024", dt.date(2024, 5, 3)),
        ("3 март 2024", dt.date(2024, 3, 3)),
        ("3 мамыр 2024", dt.date(2024, 5, 3)),
        ("3 маусым 2024", dt.date(2024, 6, 3)),
        ("5 қаңтар 2024", dt.date(2024, 1, 5)),
        ("5 қазан 2024", dt.date(2024, 10, 5)),
        ("29 желтоқсан 2023", dt.date(2023, 12, 29)),
        ("29 декабря 2023 года", dt.date(2023, 12, 29)),
        ("29.02.2024", dt.date(2024, 2, 29)),
    ],
)
def test_every_month_in_every_language(typed: str, day: dt.date) -> None:
    assert parse_typed_date(typed) == day


def test_nothing_typed_is_no_date() -> None:
    assert parse_typed_date("") is None
    assert parse_typed_date("   ") is None


def test_a_day_and_month_take_the_notes_year() -> None:
    assert parse_typed_date("29 Dec", reference=NOVEMBER_29) == dt.date(2023, 12, 29)
    with pytest.raises(DateNotUnderstood):
        parse_typed_date("29 Dec")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("31.11.2023", "November 2023 has no day 31"),
        ("29.13.2023", "there is no month 13"),
        ("29 Novembr 2023", "“novembr” is not a month"),
        ("29 ма 2023", "“ма” is not a month"),  # March or May: too short to tell
        ("tomorrow", "is not a date"),
        ("29 11 2023 12", "is not a date"),
    ],
)
def test_what_is_not_a_date_is_said(typed: str, says: str) -> None:
    with pytest.raises(DateNotUnderstood) as refusal:
        parse_typed_date(typed)
    assert says in str(refusal.value)


def test_refusals_in_russian_and_kazakh() -> None:
    try:
        set_ui_language("ru")
        with pytest.raises(DateNotUnderstood) as russian:
            parse_typed_date("31.11.2023")
        set_ui_language("kk")
        with pytest.raises(DateNotUnderstood) as kazakh:
            parse_typed_date("завтра")
    finally:
        set_ui_language("en")
    assert "ноябрь 2023" in str(russian.value) and "31" in str(russian.value)
    assert "has no day" not in str(russian.value)
    assert "29.11.2023" in str(kazakh.value) and "is not a date" not in str(kazakh.value)


def test_shown_back_in_the_interface_languages_style() -> None:
    assert entry_date_text(NOVEMBER_29, "en") == "29 November 2023"
    assert entry_date_text(NOVEMBER_29, "ru") == "29 ноября 2023"
    assert entry_date_text(NOVEMBER_29, "kk") == "29 қараша 2023"
    for language in ("en", "ru", "kk"):
        assert parse_typed_date(entry_date_text(NOVEMBER_29, language)) == NOVEMBER_29
