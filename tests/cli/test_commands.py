"""The command table of app.cli: each command loads only its own module, and what
`verbale --help` lists from the table is what the modules build."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

from app import __version__
from app.cli import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]
PLAN_CSV = ROOT / "examples" / "par-1453-plan.csv"

#: Runs commands one after another in a fresh interpreter and prints, after each, the top-level
#: packages imported so far (beyond what the interpreter had loaded at start).
_RUN_AND_REPORT = """
import json, sys
at_start = set(sys.modules)
from app.cli import main
report = []
for argv in json.loads(sys.argv[1]):
    try:
        status = main(argv)
    except SystemExit as done:
        status = done.code
    loaded = sorted({name.split(".")[0] for name in set(sys.modules) - at_start})
    report.append({"argv": argv, "status": status, "loaded": loaded})
print(json.dumps(report))
"""


def _run_fresh(*commands: list[str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AND_REPORT, json.dumps(list(commands))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report: list[dict[str, object]] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_render_and_plan_commands_load_no_sqlalchemy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = _run_fresh(
        ["render", str(ROOT / "examples" / "par-1453.toml"), "--out", str(out)],
        ["plan", "import", str(PLAN_CSV)],
        ["plan", "render", str(PLAN_CSV), "--out", str(out / "plan"), "--lang", "en"],
        ["plan", "convert", str(PLAN_CSV), str(out / "plan.xlsx")],
    )
    for step in report:
        assert step["status"] == 0, step["argv"]
        loaded = step["loaded"]
        assert isinstance(loaded, list)
        assert "sqlalchemy" not in loaded, step["argv"]
        assert "alembic" not in loaded, step["argv"]
        # Holidays move deadlines only: a render never computes one.
        assert "holidays" not in loaded, step["argv"]
    # The commands did their work: the note's PDFs, the plan's and the workbook are there.
    assert (out / "PAR-1453_all.pdf").stat().st_size > 10_000
    assert any((out / "plan").glob("*_en.pdf"))
    assert (out / "plan.xlsx").stat().st_size > 1000


def test_version_loads_nothing_beyond_the_standard_library() -> None:
    (step,) = _run_fresh(["--version"])
    assert step["status"] == 0
    loaded = step["loaded"]
    assert isinstance(loaded, list)
    foreign = [name for name in loaded if name not in sys.stdlib_module_names]
    assert foreign == ["app"], foreign


def test_the_register_commands_do_load_sqlalchemy_so_the_check_above_could_fail() -> None:
    (step,) = _run_fresh(["db", "--help"])
    assert step["status"] == 0
    assert "sqlalchemy" in step["loaded"]  # type: ignore[operator]


#: In a fresh interpreter, as the `verbale` script runs it (main() reading sys.argv): whether the
#: collector is on while the command runs and after, and how many objects the imports set aside.
_COLLECTOR = """
import gc, json, sys
import app.cli.render as render
seen = []
render.run = lambda args: seen.append(gc.isenabled()) or 0
sys.argv = ["verbale", "render", "note.toml"]
from app.cli import main
status = main()
print(json.dumps([status, seen, gc.isenabled(), gc.get_freeze_count()]))
"""


def test_a_fresh_command_runs_with_the_collector_on_and_its_imports_set_aside() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _COLLECTOR], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    status, seen, enabled_after, frozen = json.loads(result.stdout)
    assert (status, seen, enabled_after) == (0, [True], True)
    assert frozen > 10_000  # the modules render imports, never scanned again
    version = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, sys; sys.argv = ['verbale', '--version']\n"
            "from app.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    print(gc.isenabled())",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert version.stdout.split()[-1] == "True"  # on again after argparse's exit too


def _commands_of(module_name: str) -> set[str]:
    """The top-level commands a module's add_parser adds."""
    subparsers = argparse.ArgumentParser(prog="verbale").add_subparsers(dest="command")
    importlib.import_module(module_name).add_parser(subparsers)
    return set(subparsers.choices)


def test_each_module_adds_exactly_the_commands_the_table_gives_it() -> None:
    modules = dict.fromkeys(entry.module for entry in COMMANDS.values())
    for module_name in modules:
        named = {name for name, entry in COMMANDS.items() if entry.module == module_name}
        assert _commands_of(module_name) == named, module_name


def test_help_from_the_table_is_the_help_the_modules_give() -> None:
    # The full parser, as every module builds it, in the table's order...
    full = argparse.ArgumentParser(
        prog="verbale",
        description="Draft, approve, issue and register notes verbales in parallel languages.",
    )
    full.add_argument("--version", action="version", version=f"Verbale {__version__}")
    full.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL of the register (default: $VERBALE_DB or the SQLite file in the "
        "user's data folder)",
    )
    subparsers = full.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in dict.fromkeys(entry.module for entry in COMMANDS.values()):
        importlib.import_module(module_name).add_parser(subparsers)
    # ... prints the same `verbale --help` as the table alone.
    assert build_parser().format_help() == full.format_help()


def test_every_command_parses_with_its_own_arguments() -> None:
    for name in COMMANDS:
        parser = build_parser(name)
        help_text = parser.format_help()
        assert name in help_text
    args = build_parser("render").parse_args(["render", "note.toml", "--out", "x", "--lang", "ru"])
    assert (args.command, args.note, args.out, args.lang) == (
        "render",
        Path("note.toml"),
        Path("x"),
        "ru",
    )
    args = build_parser("db").parse_args(["--db", "sqlite:///r.db", "db", "current"])
    assert (args.db, args.db_command) == ("sqlite:///r.db", "current")
