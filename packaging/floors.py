"""Print the lowest versions pyproject.toml allows, one requirement a line, for `make
test-floors`: every `>=X` floor of the dependencies and of the given extras becomes `==X`
(markers kept), so the suite runs against the oldest releases a user may have installed.

A dependency without a floor is printed as it is. Standard library only (no venv yet).

    python packaging/floors.py dev > floors.txt
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9_.-]+(\[[^\]]*\])?)\s*(?P<spec>[^;]*)(?P<marker>;.*)?$"
)


def floor(requirement: str) -> str:
    """`pillow>=10` as `pillow==10`; `X==1.2; marker` and a requirement without a floor
    unchanged."""
    match = _REQUIREMENT.match(requirement)
    if match is None:
        raise ValueError(f"not a requirement: {requirement!r}")
    clauses = [clause.strip() for clause in match["spec"].split(",") if clause.strip()]
    lowest = [clause[2:].strip() for clause in clauses if clause.startswith(">=")]
    if not lowest:
        return requirement.strip()
    return f"{match['name']}=={lowest[0]}{match['marker'] or ''}"


def floors(extras: list[str]) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements.extend(project["optional-dependencies"][extra])
    return [floor(requirement) for requirement in requirements]


if __name__ == "__main__":
    print("\n".join(floors(sys.argv[1:])))
