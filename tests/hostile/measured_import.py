"""Import a plan file in a child process and measure it there: peak memory (ru_maxrss, from
the `resource` module), time, and what the import said. The child runs under an address-space
limit, so a file that would take gigabytes fails there rather than on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The child may not map more than this (a bomb read in full would need several GB).
ADDRESS_LIMIT = 3 * 1024 * 1024 * 1024

_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.path.insert(0, {root!r})
from app.services.plan_io import PlanFileError, read_plan
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
outcome = {{"problems": [], "error": None}}
try:
    read_plan(sys.argv[1])
except PlanFileError as error:
    outcome["problems"] = list(error.problems)
except BaseException as error:
    outcome["error"] = repr(error)[:500]
outcome["seconds"] = time.perf_counter() - started
outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
outcome["start_mb"] = before / 1024
print(json.dumps(outcome))
"""


@dataclass(frozen=True)
class Measured:
    problems: list[str]
    error: str | None
    seconds: float
    peak_mb: float
    start_mb: float


def import_measured(path: Path, timeout: float = 60) -> Measured:
    """The import of `path` in a child process; a child still busy after `timeout` seconds
    (a refusal takes milliseconds) is stopped and reported as an error."""
    code = _CHILD.format(limit=ADDRESS_LIMIT, root=str(ROOT))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Measured([], f"still reading after {timeout:.0f} s", timeout, 0.0, 0.0)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return Measured([], f"exit {done.returncode}: {done.stderr[-500:]}", 0.0, 0.0, 0.0)
    return Measured(**json.loads(lines[-1]))
