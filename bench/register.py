"""Register benchmark: builds an N-note register (1,000,000 by default; BENCH_NOTES overrides)
and times search by number, full-text search and the first page of the sorted list through the
Register service, p50 and p95, beside the same queries in raw sqlite3 on the same file.

Goal (issue 4): number search p95 < 5 ms, full-text p95 < 50 ms, each within 1.5x of raw.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.services.demo import synthetic_register
from app.services.register import Register


def timings(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> int:
    count = int(os.environ.get("BENCH_NOTES", "1000000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "200"))
    folder = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="verbale-bench-"))
    path = folder / f"register-{count}.sqlite3"
    if not path.exists():
        start = time.perf_counter()
        synthetic_register(path, count).close()
        print(f"built {count:,} notes in {time.perf_counter() - start:.1f} s: {path}")
    register = Register(f"sqlite:///{path}")
    raw = sqlite3.connect(path)
    rng = random.Random(7)
    words = ["секретариат", "кеңес", "energy", "молодежь", "declaration", "хатшылығы"]

    def by_number() -> object:
        return register.search(f"PAR/{rng.randint(1, count)}", limit=50)

    def raw_number() -> object:
        return raw.execute(
            "SELECT id, number_text, date, addressee_name, subject, status, objection_deadline, "
            "prefix FROM notes WHERE prefix = 'PAR' AND running = ? LIMIT 50",
            (rng.randint(1, count),),
        ).fetchall()

    def full_text() -> object:
        return register.search(f"{rng.choice(words)} {rng.randint(1, count)}", limit=50)

    def raw_full_text() -> object:
        match = f'"{rng.choice(words)}"* "{rng.randint(1, count)}"*'
        return raw.execute(
            "SELECT n.id, n.number_text, n.date, n.addressee_name, n.subject, n.status, "
            "n.objection_deadline, n.prefix FROM notes n JOIN "
            "(SELECT rowid AS note_id, rank AS r FROM note_fts WHERE note_fts MATCH ?) f "
            "ON f.note_id = n.id ORDER BY f.r, n.date DESC, n.id DESC LIMIT 50",
            (match,),
        ).fetchall()

    def first_page() -> object:
        return register.search("", sort="-date", limit=100)

    def raw_first_page() -> object:
        return raw.execute(
            "SELECT id, number_text, date, addressee_name, subject, status, objection_deadline, "
            "prefix FROM notes ORDER BY date DESC, id DESC LIMIT 100"
        ).fetchall()

    goals = {"number search": 5.0, "full-text search": 50.0, "first page (date)": None}
    print(f"{'query':<20} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'raw p95':>8} {'ratio':>6}")
    failed = False
    for name, ours, baseline in (
        ("number search", by_number, raw_number),
        ("full-text search", full_text, raw_full_text),
        ("first page (date)", first_page, raw_first_page),
    ):
        ours()
        baseline()
        p50, p95 = timings(ours, repeat)
        r50, r95 = timings(baseline, repeat)
        ratio = p95 / r95 if r95 else float("inf")
        goal = goals[name]
        verdict = "" if goal is None else ("ok" if p95 < goal else f"over {goal} ms")
        print(f"{name:<20} {p50:8.2f} {p95:8.2f} {r50:8.2f} {r95:8.2f} {ratio:6.2f}  {verdict}")
        failed = failed or (goal is not None and p95 >= goal)
    return 1 if failed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main())
