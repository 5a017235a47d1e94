"""A workbook whose zip directory asks for a zip version Python cannot read (a damaged header
byte: "zip file version 6.4") is refused in a sentence, like any other damaged archive; found
by the fuzz test under `make test-floors`."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.plan_io import PlanFileError, plan_to_xlsx, read_plan_bytes

ROOT = Path(__file__).resolve().parents[2]


def test_a_zip_directory_asking_for_zip_version_6_4_is_a_damaged_workbook() -> None:
    plan = read_plan_bytes((ROOT / "examples" / "par-1453-plan.csv").read_bytes(), "plan.csv")
    data = bytearray(plan_to_xlsx(plan))
    directory = data.index(b"PK\x01\x02")
    data[directory + 6] = 64  # version needed to extract: 6.4
    with pytest.raises(PlanFileError) as refused:
        read_plan_bytes(bytes(data), "plan.xlsx")
    assert "its zip archive is damaged" in str(refused.value)
