"""`verbale verify`: the whole register checked; `verbale verify FILE.pdf...`: each copy held
against the register; `verbale verify --code K7QX-93MD`: the note of a printout.

Exit status: 0 when everything checked is sound, 1 at any mismatch, 2 for wrong usage (a code
that is no code). Copies and codes are told in the interface language (`--language`, else
$LANGUAGE / $LC_ALL / $LC_MESSAGES / $LANG, else English)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.i18n.messages import UI_LANGUAGES, set_ui_language

#: Exit status for wrong usage (argparse's own).
USAGE = 2


def add_parser(subparsers: Any) -> None:
    verify = subparsers.add_parser(
        "verify",
        help="re-hash every issued PDF and check the audit log's chain; or check given copies",
        description="Without arguments: check the whole register. With PDF files: say for "
        "each whether it is a document this register issued, unchanged. With --code: find the "
        "note whose printout carries the code.",
    )
    verify.add_argument("files", nargs="*", type=Path, metavar="FILE.pdf", help="copies to check")
    verify.add_argument(
        "--code", action="append", metavar="CODE", help="a verification code, e.g. K7QX-93MD"
    )
    verify.add_argument("--language", choices=UI_LANGUAGES, help="the language of the answer")
    verify.set_defaults(handler=_verify)


def environment_language() -> str:
    """The interface language the environment asks for (ru_RU.UTF-8 -> ru), else English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for wanted in os.environ.get(variable, "").split(":"):
            code = wanted.split("_")[0].split(".")[0].lower()
            if code in UI_LANGUAGES:
                return code
    return "en"


def _open(args: argparse.Namespace) -> Any:
    """The register, read only: verify never creates one."""
    from app.cli.acting import open_register

    return open_register(args, reading=True)


def _verify(args: argparse.Namespace) -> int:
    if not args.files and not args.code:
        return _verify_register(args)
    set_ui_language(args.language or environment_language())
    from app.domain.verification import CodeError
    from app.services.copy_check import check_copy, find_by_code
    from app.services.copy_report import code_lines, copy_lines

    register = _open(args)
    sound = True
    try:
        for path in args.files:
            check = check_copy(register, path)
            print("\n".join(copy_lines(check)))
            sound = sound and check.ok
        for typed in args.code or ():
            try:
                note = find_by_code(register, typed)
            except CodeError as error:
                print(error, file=sys.stderr)
                return USAGE
            print("\n".join(code_lines(typed, note)))
            sound = sound and note is not None
    finally:
        register.close()
    return 0 if sound else 1


def _verify_register(args: argparse.Namespace) -> int:
    from app.services.register_verify import verify_register

    register = _open(args)
    verdict = verify_register(register)
    report = verdict.documents
    for problem in report.problems:
        print(problem)
    for link in verdict.problems:
        print(link)
    for notice in verdict.notices:
        print(f"note: {notice}")
    verdict_text = "ok" if report.ok else f"{len(report.problems)} problem(s)"
    print(
        f"{report.documents_checked} document(s) of {report.notes_checked} note(s): {verdict_text}"
    )
    chain_verdict = f"{len(verdict.problems)} problem(s)" if verdict.problems else "ok"
    print(f"audit log, {verdict.audit_entries} entries: {chain_verdict}")
    return 0 if verdict.ok else 1
