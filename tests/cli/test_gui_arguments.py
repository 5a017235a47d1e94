"""`verbale-gui --help/--version/--db` and note files given to the application (the desktop
entry's %F) reach the GUI instead of failing in argparse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli import build_parser, chosen_command, gui_arguments
from app.cli.gui import launcher_parser

ROOT = Path(__file__).resolve().parents[2]
NOTE = ROOT / "examples" / "par-1453.toml"


def test_the_launcher_says_its_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        launcher_parser().parse_args(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"Verbale {__version__}"
    with pytest.raises(SystemExit):
        launcher_parser().parse_args(["--help"])
    shown = capsys.readouterr().out
    assert "usage: verbale-gui" in shown and "--db URL" in shown and "NOTE.toml" in shown


def test_the_launcher_takes_a_register_and_note_files() -> None:
    args = launcher_parser().parse_args(["--db", "sqlite:///x.sqlite3", str(NOTE)])
    assert args.db == "sqlite:///x.sqlite3"
    assert args.notes == [NOTE]


def test_the_installed_launcher_answers_version() -> None:
    launcher = Path(sys.executable).with_name("verbale-gui")
    if not launcher.exists():
        pytest.skip("verbale-gui is not installed beside this interpreter")
    result = subprocess.run(
        [str(launcher), "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Verbale {__version__}"


def test_a_note_file_given_to_verbale_opens_the_gui() -> None:
    # `Exec=verbale %F`: the file comes where a command would.
    argv = ["--db", "sqlite:///x.sqlite3", str(NOTE)]
    assert chosen_command(argv) is None
    rewritten = gui_arguments(argv)
    assert rewritten == ["--db", "sqlite:///x.sqlite3", "gui", str(NOTE)]
    args = build_parser("gui").parse_args(rewritten)
    assert args.notes == [NOTE] and args.db == "sqlite:///x.sqlite3"
    # No file at all: unchanged; a word that names no file is no note either.
    assert gui_arguments(["--db", "sqlite:///x"]) is None
    assert gui_arguments(["rendr"]) is None
