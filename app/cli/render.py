"""`verbale render NOTE.toml --out DIR [--lang en,ru]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.reasons import reason_text
from app.domain.problems import ValidationError
from app.services.note_file import load_note
from app.services.rendering import render_note_pack, write_pack


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render", help="render a note (TOML) to PDFs, one per language and one combined"
    )
    parser.add_argument("note", type=Path, help="the note, in the TOML format of the README")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for the PDFs")
    parser.add_argument("--lang", help="languages to render, e.g. en,ru (default: all)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    languages = (
        [code.strip() for code in args.lang.split(",") if code.strip()] if args.lang else None
    )
    try:
        note = load_note(args.note)
        pack = render_note_pack(note, languages)
    except ValidationError as error:
        print(f"{args.note}: {reason_text(error)}", file=sys.stderr)
        return 2
    for path in write_pack(pack, args.out):
        print(path)
    return 0
