"""The parallel-text consistency check, read as an officer would read its messages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.consistency import Discrepancy, Place, find_discrepancies
from app.domain.note import Enclosure, Note
from app.domain.plan import Block, Cell, Column, Item, Plan, Section
from app.services.note_file import load_note

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "par-1453.toml"

EN_MONTHS = "January February March April May June July August September October November December"
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
KK_MONTHS = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан"


@pytest.fixture(scope="module")
def reference() -> Note:
    return load_note(EXAMPLE)


def with_body(note: Note, **body: tuple[str, ...]) -> Note:
    return dataclasses.replace(note, body=body, enclosures=())


def messages(found: list[Discrepancy]) -> list[str]:
    return [str(discrepancy) for discrepancy in found]


def only(found: list[Discrepancy]) -> Discrepancy:
    assert len(found) == 1, messages(found)
    return found[0]


# --- The reference note and the acceptance case ------------------------------------------------


def test_the_reference_note_has_no_discrepancies(reference: Note) -> None:
    assert reference.enclosures[0].plan is not None  # its plan is checked too
    assert find_discrepancies(reference, {"en": 6, "ru": 6, "kk": 6}) == []


def test_a_russian_date_a_day_off_is_one_discrepancy_naming_both_places(reference: Note) -> None:
    note = with_body(
        reference,
        en=("The Plan was agreed.", "Objections are awaited by 29 December at the latest."),
        ru=("План согласован.", "Возражения ожидаются не позднее 30 декабря 2023 года."),
    )
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "date"
    assert "30 декабря 2023" in str(discrepancy)
    assert "29 December" in str(discrepancy)
    assert "ru body ¶2" in str(discrepancy)
    assert "en body ¶2" in str(discrepancy)
    assert set(discrepancy.places) == {
        Place("en", "body", 2, "29 December"),
        Place("ru", "body", 2, "30 декабря 2023"),
    }


def test_the_one_language_that_differs_is_named_with_the_two_that_agree(reference: Note) -> None:
    note = with_body(
        reference,
        en=("by 29 December 2023",),
        ru=("не позднее 29 декабря 2023 года",),
        kk=("2023 жылғы 28 желтоқсаннан кешіктірмей",),
    )
    message = str(only(find_discrepancies(note)))
    assert message.startswith("Dates disagree: ")
    for phrase in ('en body ¶1 says "29 December 2023"', '"2023 жылғы 28 желтоқсаннан"'):
        assert phrase in message


def test_the_reference_plan_signed_on_another_day_in_russian(reference: Note) -> None:
    plan = reference.enclosures[0].plan
    assert plan is not None
    first = plan.preamble[0]
    changed = Block({**first.texts, "ru": first.text("ru").replace("20 мая", "21 мая")})
    plan = dataclasses.replace(plan, preamble=(changed, *plan.preamble[1:]))
    note = dataclasses.replace(reference, enclosures=(Enclosure(plan=plan),))
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "date"
    assert 'en plan preamble ¶1 says "20 May 2014"' in str(discrepancy)
    assert 'ru plan preamble ¶1 says "21 мая 2014"' in str(discrepancy)


# --- Dates -------------------------------------------------------------------------------------


def test_a_year_left_out_in_one_language_is_no_false_alarm(reference: Note) -> None:
    note = with_body(
        reference,
        en=("by 29 December at the latest",),
        ru=("не позднее 29 декабря 2023 года",),
        kk=("2023 жылғы 29 желтоқсаннан кешіктірмей",),
    )
    assert find_discrepancies(note) == []


def test_a_year_stated_differently_is_a_discrepancy(reference: Note) -> None:
    note = with_body(reference, en=("on 29 December 2023",), ru=("29 декабря 2024 года",))
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "date"
    assert '"29 декабря 2024"' in str(discrepancy)


@pytest.mark.parametrize(
    "english",
    [
        "29 December 2023",
        "December 29, 2023",
        "29 Dec",
        "29th of December",
        "29.12.2023",
        "2023-12-29",
    ],
)
def test_every_way_of_writing_a_date_in_english(reference: Note, english: str) -> None:
    agreeing = with_body(reference, en=(f"Deadline: {english}.",), ru=("Срок: 29 декабря.",))
    assert find_discrepancies(agreeing) == []
    differing = with_body(reference, en=(f"Deadline: {english}.",), ru=("Срок: 28 декабря.",))
    assert english in str(only(find_discrepancies(differing)))


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_russian_and_kazakh(reference: Note, month: int) -> None:
    en, ru, kk = (names.split()[month - 1] for names in (EN_MONTHS, RU_MONTHS, KK_MONTHS))
    note = with_body(
        reference, en=(f"on 5 {en} 2024",), ru=(f"5 {ru} 2024 года",), kk=(f"2024 жылғы 5 {kk}",)
    )
    assert find_discrepancies(note) == []
    wrong_en = EN_MONTHS.split()[month % 12]
    note = with_body(
        reference,
        en=(f"on 5 {wrong_en} 2024",),
        ru=(f"5 {ru} 2024 года",),
        kk=(f"2024 жылғы 5 {kk}",),
    )
    discrepancy = only(find_discrepancies(note))
    assert f"5 {wrong_en} 2024" in str(discrepancy)
    assert f"5 {ru} 2024" in str(discrepancy)


@pytest.mark.parametrize("ending", ["", "ға", "нан", "да", "ның", "ында"])
def test_kazakh_months_with_case_endings(reference: Note, ending: str) -> None:
    kk = f"2023 жылғы 29 желтоқсан{ending}"
    assert find_discrepancies(with_body(reference, en=("by 29 December 2023",), kk=(kk,))) == []
    wrong = f"2023 жылғы 28 желтоқсан{ending}"
    discrepancy = only(
        find_discrepancies(with_body(reference, en=("by 29 December 2023",), kk=(wrong,)))
    )
    assert f'kk body ¶1 says "{wrong}"' in str(discrepancy)


def test_a_date_one_language_leaves_out_is_named_as_missing(reference: Note) -> None:
    note = with_body(reference, en=("Objections by 29 December.",), ru=("Возражения ожидаются.",))
    discrepancy = only(find_discrepancies(note))
    assert str(discrepancy) == (
        'Dates disagree: en body ¶1 says "29 December", ru body ¶1 mentions no such date.'
    )


@pytest.mark.parametrize(
    ("en", "ru", "kk"),
    [
        ("from 12 to 14 October 2023", "с 12 по 14 октября 2023 года", "2023 жылғы 12-14 қазанда"),
        ("12-14 October 2023", "12–14 октября 2023 года", "2023 жылғы 12 – 14 қазан аралығында"),
        ("the 78th session", "78-й сессии", "78-сессиясы"),
        ("in December 2023", "в декабре 2023 года", "2023 жылғы желтоқсанда"),
        ("on 1 March 2024 at 10:30", "1 марта 2024 года в 10.30", "2024 жылғы 1 наурызда 10:30-да"),
        ("May 5, 2024", "5 мая 2024 г.", "2024 ж. 5 мамыр"),
        ("by 29 December 2023", "до 29 декабря 2023 года", "2023 жылғы желтоқсанның 29-на дейін"),
        ("A/RES/78/1 of 2023", "A/RES/78/1 2023 года", "2023 жылғы A/RES/78/1 қарары"),
        (
            "8 events for 2024-2025",
            "8 мероприятий на 2024–2025 годы",
            "2024-2025 жылдарға 8 іс-шара",
        ),
    ],
)
def test_parallel_phrasings_that_agree_raise_no_alarm(
    reference: Note, en: str, ru: str, kk: str
) -> None:
    assert messages(find_discrepancies(with_body(reference, en=(en,), ru=(ru,), kk=(kk,)))) == []


def test_a_kazakh_month_before_its_day_on_another_day(reference: Note) -> None:
    note = with_body(reference, en=("by 29 December",), kk=("желтоқсанның 28-і",))
    assert '"желтоқсанның 28-і"' in str(only(find_discrepancies(note)))


def test_a_kazakh_range_ending_on_another_day(reference: Note) -> None:
    note = with_body(reference, en=("12-14 October 2023",), kk=("2023 жылғы 12-15 қазанда",))
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "date"
    assert '"14 October 2023"' in str(discrepancy)
    assert '"2023 жылғы 12-15 қазанда"' in str(discrepancy)


# --- Numbers and note numbers ------------------------------------------------------------------


def test_eight_events_against_nine(reference: Note) -> None:
    note = with_body(
        reference, en=("The Plan lists 8 events.",), ru=("План включает 9 мероприятий.",)
    )
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "number"
    assert str(discrepancy) == 'Numbers disagree: en body ¶1 says "8", ru body ¶1 says "9".'


@pytest.mark.parametrize(
    ("en", "ru"),
    [
        ("1,000 participants", "1 000 участников"),
        ("1000 participants", "1\u00a0000 участников"),
        ("1.5 million", "1,5 млн"),
        ("at 10 a.m.", "в 10:00"),
        ("the 5th meeting", "5-е заседание"),
    ],
)
def test_numbers_written_the_way_each_language_writes_them_agree(
    reference: Note, en: str, ru: str
) -> None:
    assert find_discrepancies(with_body(reference, en=(en,), ru=(ru,))) == []


def test_digits_of_dates_and_note_numbers_are_not_read_as_numbers(reference: Note) -> None:
    note = with_body(
        reference,
        en=("Further to note №PAR/1400 of 29 December 2023",),
        ru=("В дополнение к ноте № PAR/1400 от 29.12.2023",),
    )
    assert find_discrepancies(note) == []


def test_a_note_number_off_by_one(reference: Note) -> None:
    note = with_body(
        reference,
        en=("Further to its note №PAR/1453,",),
        ru=("В дополнение к ноте PAR/1454",),
        kk=("№ PAR/1453 нотасына қосымша",),
    )
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "note number"
    assert '"№PAR/1453"' in str(discrepancy)
    assert 'ru body ¶1 says "PAR/1454"' in str(discrepancy)


def test_a_note_number_typed_with_cyrillic_look_alikes_is_the_same_number(reference: Note) -> None:
    note = with_body(reference, en=("note №PAR/1453",), ru=("нота №РАR/1453",))
    assert find_discrepancies(note) == []


def test_fields_are_compared_by_name(reference: Note) -> None:
    fields = {lang: dict(texts) for lang, texts in reference.fields.items()}
    fields["kk"]["approving_body"] = "Аға лауазымды тұлғалар комитетінің 2-отырысында"
    fields["en"]["approving_body"] = "the Senior Officials Committee at its 3rd meeting"
    fields["ru"]["approving_body"] = "Комитета старших должностных лиц на его 3-м заседании"
    note = dataclasses.replace(reference, fields=fields, enclosures=())
    discrepancy = only(find_discrepancies(note))
    assert [place.field for place in discrepancy.places] == ["approving_body"] * 3
    assert 'kk approving_body ¶1 says "2"' in str(discrepancy)


# --- Paragraphs --------------------------------------------------------------------------------


def test_paragraphs_are_compared_one_by_one_when_their_counts_agree(reference: Note) -> None:
    note = with_body(
        reference,
        en=("8 events are planned.", "9 Member States replied."),
        ru=("Ответили 9 государств-членов.", "Запланировано 8 мероприятий."),
    )
    found = find_discrepancies(note)
    assert len(found) == 2, messages(found)
    assert {place.paragraph for d in found for place in d.places} == {1, 2}


def test_a_field_split_into_other_paragraphs_is_compared_as_a_whole(reference: Note) -> None:
    en = ("8 events are planned; 9 Member States replied by 29 December.",)
    ru = ("Запланировано 8 мероприятий.", "Ответили 9 государств-членов до 29 декабря.")
    assert find_discrepancies(with_body(reference, en=en, ru=ru)) == []
    ru = ("Запланировано 8 мероприятий.", "Ответили 7 государств-членов до 29 декабря.")
    discrepancy = only(find_discrepancies(with_body(reference, en=en, ru=ru)))
    # The whole field was compared, so each place says where the phrase actually is.
    assert set(discrepancy.places) == {Place("en", "body", 1, "9"), Place("ru", "body", 2, "7")}


# --- Enclosure pages and the plan --------------------------------------------------------------


def test_enclosure_lines_printing_different_page_counts(reference: Note) -> None:
    assert find_discrepancies(reference, None) == []
    discrepancy = only(find_discrepancies(reference, {"en": 6, "ru": 6, "kk": 7}))
    assert discrepancy.kind == "enclosure pages"
    assert str(discrepancy) == (
        'Enclosure page counts disagree: en enclosure says "on 6 p.", '
        'ru enclosure says "на 6 л.", kk enclosure says "7 п.".'
    )


COLUMNS = (Column("events", {"en": "Events", "ru": "Мероприятия"}),)


def plan_note(reference: Note, *rows: Item | Section, numbering: str = "flat") -> Note:
    plan = Plan(("en", "ru"), COLUMNS, rows, numbering=numbering)  # type: ignore[arg-type]
    return dataclasses.replace(reference, enclosures=(Enclosure(plan=plan),))


def event(en: str, ru: str) -> Item:
    return Item({"events": Cell({"en": en, "ru": ru})})


def test_a_plan_row_without_russian_text_changes_the_row_count(reference: Note) -> None:
    note = plan_note(
        reference, event("Meeting", "Встреча"), event("Forum", ""), event("Visit", "Визит")
    )
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "plan rows"
    assert str(discrepancy) == (
        "Plan row counts disagree: en plan has 3 rows, ru plan has 2 rows"
        " (ru has no text in row 2)."
    )


def test_plan_numbering_typed_differently(reference: Note) -> None:
    note = plan_note(
        reference,
        Section({"en": "2.1 Security", "ru": "2.2 Безопасность"}),
        event("Meeting", "Встреча"),
        numbering="typed",
    )
    discrepancy = only(find_discrepancies(note))
    assert discrepancy.kind == "plan numbering"
    assert str(discrepancy) == (
        'Plan numbering disagrees: en plan row 1 says "2.1", ru plan row 1 says "2.2".'
    )


def test_a_number_in_a_plan_cell(reference: Note) -> None:
    note = plan_note(reference, event("Meeting", "Встреча"), event("8 seminars", "9 семинаров"))
    discrepancy = only(find_discrepancies(note))
    assert str(discrepancy) == 'Numbers disagree: en plan row 2 says "8", ru plan row 2 says "9".'


# --- Anything an officer may type --------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "29",
        "2023",
        "1,000",
        "1 000",
        "1.5",
        "10:00",
        "№",
        "PAR/",
        "РАR/1453",
        "/",
        "-",
        ".",
        ",",
        " ",
        "\n\n",
        "December",
        "Dec.",
        "декабря",
        "желтоқсан",
        "нан",
        "жылғы",
        "ж.",
        "года",
        "May",
        "мая",
        "2.1",
        "II.",
        "COVID-19",
        "A/78/L.1",
        "0",
        "99999999999999999999",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(en=TEXT, ru=TEXT, kk=TEXT, cell_en=TEXT, cell_ru=TEXT)
def test_random_text_never_raises(
    reference: Note, en: str, ru: str, kk: str, cell_en: str, cell_ru: str
) -> None:
    note = plan_note(reference, event(cell_en, cell_ru))
    note = dataclasses.replace(note, body={"en": (en, ru), "ru": (ru,), "kk": (kk, en, "")})
    for discrepancy in find_discrepancies(note, {"en": 1, "ru": 2}):
        assert len(discrepancy.places) >= 2
        for place in discrepancy.places:
            assert f"{place.language} {place.field}" in str(discrepancy)
            assert place.text in str(discrepancy)
