"""Validation problems: every one names its field and, where it matters, its language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input."""

    field: str
    message: str
    language: str | None = None

    def __str__(self) -> str:
        where = f"{self.field} [{self.language}]" if self.language else self.field
        return f"{where}: {self.message}"


class ValidationError(ValueError):
    """Raised with every problem found at once, never just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"{len(self.problems)} problem(s):"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


@dataclass(frozen=True)
class Refusal:
    """Why an edit was not made: a code and the parameters its sentence needs."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)
