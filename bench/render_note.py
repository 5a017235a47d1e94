"""Time the three-language note pack (en, ru, kk + combined) cold and warm, beside a baseline.

Baseline: a minimal ReportLab canvas script drawing the same lines with the same embedded faces
into the same four files (three versions and the combined one).
Goal: the warm pack within 2x of the baseline and under 150 ms. Beside it, the issue-time cost:
the same pack as PDF/A-2b (what every written file is).
The reference note is rendered without its plan enclosure (its typed page count stays).
"""

from __future__ import annotations

import dataclasses
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from app.render.fonts import serif_family  # noqa: E402
from app.services.note_file import load_note  # noqa: E402
from app.services.rendering import render_note_pack  # noqa: E402

RUNS = 15


def reference_note():
    note = load_note(ROOT / "examples" / "par-1453.toml")
    plain = tuple(dataclasses.replace(e, plan=None, pages=6) for e in note.enclosures)
    return dataclasses.replace(note, enclosures=plain)


def baseline(versions: list[tuple[list[str], list[str], list[str]]]) -> None:
    """The same files drawn by hand: each version alone, then all three in one file."""
    family = serif_family()

    def draw(canvas: Canvas, version: tuple[list[str], list[str], list[str]]) -> None:
        y = 800.0
        for face, lines in zip((family.bold, family.italic, family.regular), version, strict=True):
            canvas.setFont(face, 14)
            for line in lines:
                for start in range(0, len(line), 80):
                    canvas.drawString(85, y, line[start : start + 80])
                    y -= 17
        canvas.showPage()

    for group in [[version] for version in versions] + [versions]:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4)
        for version in group:
            draw(canvas, version)
        canvas.save()


def median_ms(action) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


COLD = """
import sys, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
sys.path.insert(0, {bench!r})
import render_note
render_note.render_note_pack(render_note.reference_note(), archival=False)
print((time.perf_counter() - started) * 1000)
"""


def main() -> None:
    note = reference_note()
    pack = render_note_pack(note)
    versions = [
        (
            [line for block in c.letterhead for line in block] + list(c.foot),
            list(c.enclosure),
            [c.number, *c.paragraphs, c.place_and_date],
        )
        for c in pack.composed
    ]
    base = median_ms(lambda: baseline(versions))
    warm = median_ms(lambda: render_note_pack(note, archival=False))
    archival = median_ms(lambda: render_note_pack(note))
    cold = float(
        subprocess.run(
            [sys.executable, "-c", COLD.format(root=str(ROOT), bench=str(ROOT / "bench"))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    print(f"baseline (plain ReportLab, same text and fonts): {base:7.1f} ms")
    print(f"note pack warm (en, ru, kk + combined):         {warm:7.1f} ms  ({warm / base:.2f}x)")
    print(f"note pack cold (fresh process, imports incl.):  {cold:7.1f} ms")
    print(
        f"issue-time pack, PDF/A-2b (pikepdf):            {archival:7.1f} ms  "
        f"(+{archival - warm:.1f} ms over the plain render)"
    )
    met = warm < 150 and warm < 2 * base
    print(f"goal: warm < 150 ms and within 2x of the baseline: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
