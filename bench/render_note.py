"""Time Verbale's rendering of №PAR/1453 beside baselines measured in the same run.

Cold (the issue-19 goals; whole processes, medians of RUNS_COLD, interleaved so both sides share
the machine's noise; wall time and the child's CPU time, which a busy machine disturbs less):
- `verbale render examples/par-1453.toml --out DIR` (the three versions, the plan enclosure in
  two languages and the combined volume, all PDF/A-2b) beside a minimal ReportLab script that
  draws the same pages (same page count, sizes and text lines, the same embedded faces) into
  the same files: goal within 2x;
- `verbale --version` beside a bare `python -c pass`: goal under 150 ms;
- binding the combined volume in a fresh process: Verbale's own (app.render.binding, which
  reassembles ReportLab's pages as PDF/A without a PDF library) beside pikepdf (what it used
  before) and pypdf (before that), each its import included.

Warm (in-process, CPU time, medians of RUNS): the three-language note pack without its plan
(en, ru, kk + combined) beside a ReportLab canvas drawing the same lines: goal within 2x and
under 150 ms; beside it the issue-time cost of the same pack as PDF/A-2b, and as PDF/A-2b
sealed with a throwaway key of a test CA made for the run (PAdES B-B, invisible and with the
visible seal box; medians of SEAL_RUNS).
"""

from __future__ import annotations

import compileall
import dataclasses
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from app.paths import fonts_dir  # noqa: E402
from app.render.fonts import serif_family  # noqa: E402
from app.services.note_file import load_note  # noqa: E402
from app.services.rendering import render_note_pack  # noqa: E402

RUNS = 15
#: Sealing takes far longer per run: fewer samples.
SEAL_RUNS = 5


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


def median_ms(action, runs: int = RUNS) -> float:
    """Median CPU milliseconds of `action` (one thread: its wall time on an idle machine, and
    steadier than wall time on a shared one)."""
    samples = []
    for _ in range(runs):
        started = time.process_time()
        action()
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


RUNS_COLD = 7
VERBALE = Path(sys.executable).with_name("verbale")

#: A minimal ReportLab script: the same files, pages, sizes and lines, in the embedded faces.
BASELINE = """
import json, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
fonts, layout, out = sys.argv[1:4]
faces = {"LiberationSerif": "Regular", "LiberationSerif-Bold": "Bold",
         "LiberationSerif-Italic": "Italic", "LiberationSerif-BoldItalic": "BoldItalic"}
with open(layout, encoding="utf-8") as handle:
    files = json.load(handle)
registered = set()
for name, pages in files.items():
    canvas = Canvas(f"{out}/{name}")
    for width, height, used, lines in pages:
        for face in used:
            if face not in registered:
                pdfmetrics.registerFont(TTFont(face, f"{fonts}/LiberationSerif-{faces[face]}.ttf"))
                registered.add(face)
        canvas.setPageSize((width, height))
        y = height - 60
        for index, line in enumerate(lines):
            canvas.setFont(used[index % len(used)], 11)
            canvas.drawString(60, y, line)
            y -= 13
        canvas.showPage()
    canvas.save()
"""

BIND = """
import io, sys
parts = [open(path, "rb").read() for path in sys.argv[2:]]
if sys.argv[1] == "verbale":
    from app.render.binding import bind_pdfs
    from app.render.pdfa import DocumentMetadata
    bind_pdfs(parts, DocumentMetadata("bench", ("en", "ru", "kk")))
elif sys.argv[1] == "pikepdf":
    import pikepdf
    with pikepdf.new() as combined:
        opened = [pikepdf.open(io.BytesIO(part)) for part in parts]
        for source in opened:
            combined.pages.extend(source.pages)
        combined.save(io.BytesIO())
else:
    from pypdf import PdfWriter
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    writer.write(io.BytesIO())
"""


def page_layout(folder: Path) -> dict[str, list[tuple[float, float, list[str], list[str]]]]:
    """Each file's pages as (width, height, faces used, text lines), read back with pypdf."""
    from pypdf import PdfReader

    layout = {}
    for path in sorted(folder.glob("*.pdf")):
        pages = []
        for page in PdfReader(path).pages:
            fonts = page.get("/Resources", {}).get("/Font", {})
            used = sorted({str(fonts[key]["/BaseFont"]).split("+")[-1] for key in fonts})
            lines = [line for line in (page.extract_text() or "").splitlines() if line.strip()]
            pages.append((float(page.mediabox.width), float(page.mediabox.height), used, lines))
        layout[path.name] = pages
    return layout


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU ms of each command, run in turn `runs` times."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    return {
        name: (
            statistics.median(wall for wall, _ in taken),
            statistics.median(cpu for _, cpu in taken),
        )
        for name, taken in samples.items()
    }


def line(label: str, figures: tuple[float, float], base: tuple[float, float] | None = None) -> str:
    wall, cpu = figures
    text = f"{label:<52} {wall:7.0f} ms wall {cpu:7.0f} ms CPU"
    if base is not None:
        text += f"  ({wall / base[0]:.2f}x wall, {cpu / base[1]:.2f}x CPU)"
    return text


def cold() -> bool:
    """The cold figures; True when the cold goals are met (on wall time)."""
    # As an installed wheel has them (pip compiles at install), whatever PYTHONDONTWRITEBYTECODE
    # says: otherwise every cold run would compile Verbale's modules from source again.
    compileall.compile_dir(str(ROOT / "app"), quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        ours, theirs = folder / "verbale", folder / "baseline"
        ours.mkdir()
        theirs.mkdir()
        note = str(ROOT / "examples" / "par-1453.toml")
        render = [str(VERBALE), "render", note, "--out", str(ours)]
        subprocess.run(render, check=True, capture_output=True)
        layout = folder / "layout.json"
        layout.write_text(json.dumps(page_layout(ours)), encoding="utf-8")
        baseline_run = [sys.executable, "-c", BASELINE, str(fonts_dir()), str(layout), str(theirs)]
        parts = [str(path) for path in sorted(ours.glob("*.pdf")) if not path.stem.endswith("_all")]
        figures = interleaved(
            {
                "baseline": baseline_run,
                "render": render,
                "pass": [sys.executable, "-c", "pass"],
                "version": [str(VERBALE), "--version"],
                "verbale bind": [sys.executable, "-c", BIND, "verbale", *parts],
                "pikepdf": [sys.executable, "-c", BIND, "pikepdf", *parts],
                "pypdf": [sys.executable, "-c", BIND, "pypdf", *parts],
            },
            RUNS_COLD,
        )
        pages = sum(len(pages) for pages in json.loads(layout.read_text(encoding="utf-8")).values())
    print(f"cold, whole processes, medians of {RUNS_COLD} (interleaved):")
    print(line(f"minimal ReportLab script, the same {pages} pages", figures["baseline"]))
    print(
        line(
            "verbale render examples/par-1453.toml --out DIR",
            figures["render"],
            figures["baseline"],
        )
    )
    print(line("python -c pass", figures["pass"]))
    print(line("verbale --version", figures["version"], figures["pass"]))
    print(line("bind the combined volume: pypdf (long before)", figures["pypdf"]))
    print(line("bind the combined volume: pikepdf (before)", figures["pikepdf"], figures["pypdf"]))
    print(
        line(
            "bind the combined volume: Verbale's own (now)",
            figures["verbale bind"],
            figures["pypdf"],
        )
    )
    render_ratio = figures["render"][0] / figures["baseline"][0]
    met = render_ratio < 2 and figures["version"][0] < 150
    print(
        f"goal: cold render within 2x of the baseline ({render_ratio:.2f}x) and --version under "
        f"150 ms ({figures['version'][0]:.0f} ms): {'met' if met else 'NOT met'}"
    )
    return met


def seal_costs(note) -> tuple[float, float]:
    """The PDF/A pack sealed (invisible, then with the box): median ms of each."""
    from app.services.seal import SealConfig, open_seal
    from tests.trusted.seal_authority import make_test_ca

    with tempfile.TemporaryDirectory() as folder:
        ca = make_test_ca(Path(folder))
        costs = []
        for visible in (False, True):
            seal = open_seal(SealConfig("bench", ca.pkcs12, visible=visible), ca.password)
            costs.append(
                median_ms(
                    lambda seal=seal: seal.sign_files(render_note_pack(note).files), SEAL_RUNS
                )
            )
    return costs[0], costs[1]


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
    sealed, boxed = seal_costs(note)
    print(f"baseline (plain ReportLab, same text and fonts): {base:7.1f} ms")
    print(f"note pack warm (en, ru, kk + combined):         {warm:7.1f} ms  ({warm / base:.2f}x)")
    print(
        f"issue-time pack, PDF/A-2b:                      {archival:7.1f} ms  "
        f"(+{archival - warm:.1f} ms over the plain render)"
    )
    print(
        f"issue-time pack, PDF/A-2b + seal (pyHanko B-B): {sealed:7.1f} ms  "
        f"(+{sealed - warm:.1f} ms over the plain render)"
    )
    print(
        f"  the same with the visible seal box:           {boxed:7.1f} ms  "
        f"(+{boxed - warm:.1f} ms over the plain render)"
    )
    met = warm < 150 and warm < 2 * base
    print(f"goal: warm < 150 ms and within 2x of the baseline: {'met' if met else 'NOT met'}")
    print()
    cold()


if __name__ == "__main__":
    main()
