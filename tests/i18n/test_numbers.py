"""Counts grouped as each interface language writes them."""

from app.i18n.numbers import grouped


def test_thousands_are_grouped_per_language() -> None:
    assert grouped(1_000_000, "en") == "1,000,000"
    assert grouped(1_000_000, "ru") == "1\u00a0000\u00a0000"
    assert grouped(1_000_000, "kk") == "1\u00a0000\u00a0000"
    assert grouped(999, "ru") == "999"
