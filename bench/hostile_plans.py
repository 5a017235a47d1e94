"""Time and peak memory of refusing hostile XLSX plan files (issue 12, point 13), each read in
a child process, beside a baseline measured in the same run: importing the reference plan
(№PAR/1453's Action Plan) as XLSX. Goal: each refused within 5 s and under 300 MB.

Usage: bench/hostile_plans.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services.plan_io import plan_to_xlsx, read_plan  # noqa: E402
from tests.hostile.measured_import import import_measured  # noqa: E402
from tests.hostile.spreadsheet_bombs import entity_bomb, gigabyte_cell, zip_bomb  # noqa: E402

REFERENCE = ROOT / "examples" / "par-1453-plan.csv"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        reference = here / "reference.xlsx"
        reference.write_bytes(plan_to_xlsx(read_plan(REFERENCE)))
        laughs = here / "laughs.xlsx"
        laughs.write_bytes(entity_bomb())
        files = {
            "baseline: the reference plan (XLSX)": reference,
            "zip bomb (7 MB -> 2.4 GB of XML)": zip_bomb(here / "bomb.xlsx"),
            "1 GB cell": gigabyte_cell(here / "cell.xlsx"),
            "entity bomb (a billion laughs)": laughs,
        }
        met = True
        for label, path in files.items():
            measured = import_measured(path)
            outcome = "imported" if not measured.problems and not measured.error else "refused"
            if measured.error:
                outcome = f"ERROR {measured.error}"
            print(
                f"{label:40s} {path.stat().st_size / 1024 / 1024:6.1f} MB file  "
                f"{measured.seconds:7.3f} s  peak {measured.peak_mb:6.0f} MB  {outcome}"
            )
            if not label.startswith("baseline"):
                met &= outcome == "refused" and measured.seconds < 5 and measured.peak_mb < 300
        print(f"goal: each refused within 5 s and under 300 MB: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
