"""A large synthetic plan: 1,000 rows, 5 columns, three section levels, some 600-word cells.

Every word of every cell is unique (row in hex, a letter for the column, word in hex: `3e8b1f`),
so a test can check that each appears exactly once and in order in the extracted text.
"""

from __future__ import annotations

import random

from app.domain.plan import Cell, Column, Item, Plan, Row, Section

KEYS = ("events", "executors", "body", "deadline")


LETTERS = "ghijklmn"  # not hex digits, so no two words can be the same


def cell_words(row: int, column: int, count: int) -> list[str]:
    return [f"{row:x}{LETTERS[column]}{word:x}" for word in range(count)]


def large_plan(rows: int = 1000, seed: int = 1453) -> Plan:
    rng = random.Random(seed)
    table: list[Row] = []
    depth = 0
    index = 0
    long_cells = 0
    while len(table) < rows:
        index += 1
        roll = rng.random()
        level = 0
        if roll < 0.03 or not table:
            level = 1
        elif roll < 0.07 and depth >= 1:
            level = 2
        elif roll < 0.11 and depth >= 2:
            level = 3
        if level:
            depth = level
            words = " ".join(f"{index:x}s{word}" for word in range(rng.randint(2, 8)))
            table.append(Section({"en": words}, level))
            continue
        cells = {}
        for column, key in enumerate(KEYS, start=1):
            # some 600-word descriptions of events or of the coordinating body's role
            if key in ("events", "body") and rng.random() < 0.012:
                count = 600
                long_cells += 1
            else:
                count = rng.randint(1, 25 if key == "events" else 8)
            words = cell_words(index, column, count)
            if count > 60:
                # long cells come in paragraphs, as officers type them
                text = "\n\n".join(" ".join(words[i : i + 120]) for i in range(0, count, 120))
            else:
                text = " ".join(words)
            cells[key] = Cell({"en": text})
        table.append(Item(cells))
    columns = tuple(
        Column(key, {"en": header}, width)
        for key, header, width in zip(
            KEYS,
            ("Events", "Executors", "Coordinating body", "Time for execution"),
            (5.0, 3.0, 3.0, 2.0),
            strict=True,
        )
    )
    return Plan(
        languages=("en",),
        columns=columns,
        rows=tuple(table),
        title={"en": "Generated plan"},
        numbering="hierarchical",
        orientation="landscape",
    )
