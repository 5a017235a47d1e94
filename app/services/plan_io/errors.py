"""The error every plan reader raises: the file's name and every problem found, at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

#: Files larger than this are refused before they are read.
MAX_FILE_BYTES: Final = 10 * 1024 * 1024


class PlanFileError(ValueError):
    """A plan file that cannot be imported; `problems` lists every one found, in row order."""

    def __init__(self, path: str, problems: Iterable[str]) -> None:
        self.path = path
        self.problems: tuple[str, ...] = tuple(problems)
        lines = [f"{path}: cannot import the plan ({len(self.problems)} problem(s)):"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
