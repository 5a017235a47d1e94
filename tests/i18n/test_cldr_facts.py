"""The precomputed CLDR facts are Babel's, and a render does not load Babel's locale data."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from babel.dates import format_date

from app.i18n import cldr_facts
from app.i18n.dates import long_date

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import generate_cldr_facts  # noqa: E402

BABEL_PATTERNS = {"en": "d MMMM y", "ru": "d MMMM y 'года'", "kk": "y 'жылғы' d MMMM"}


def test_the_module_holds_what_babel_gives() -> None:
    facts = generate_cldr_facts.facts()
    assert facts["MONTHS"] == cldr_facts.MONTHS
    assert facts["DAYS"] == cldr_facts.DAYS


@pytest.mark.parametrize("language", sorted(BABEL_PATTERNS))
def test_long_dates_are_babels_for_every_month(language: str) -> None:
    for year, day in ((2023, 29), (2027, 1), (2030, 15)):
        for month in range(1, 13):
            date = dt.date(year, month, min(day, 28))
            expected = format_date(date, BABEL_PATTERNS[language], locale=language)
            assert long_date(date, language) == expected


def test_known_month_names() -> None:
    assert long_date(dt.date(2023, 12, 29), "ru") == "29 декабря 2023 года"
    assert long_date(dt.date(2023, 12, 29), "kk") == "2023 жылғы 29 желтоқсан"
    assert long_date(dt.date(2023, 12, 29), "kk", "ablative") == "2023 жылғы 29 желтоқсаннан"
    assert cldr_facts.MONTHS["ru"]["stand-alone"]["wide"][11] == "декабрь"


def test_rendering_the_reference_note_loads_no_babel_locale_data(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from app.cli import main\n"
        f"status = main(['render', {str(ROOT / 'examples' / 'par-1453.toml')!r},"
        f" '--out', {str(tmp_path)!r}])\n"
        "print(sorted(m for m in sys.modules if m == 'babel' or m.startswith('babel.')))\n"
        "raise SystemExit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "PAR-1453_all.pdf").is_file()
