"""Import a plan file in a child process and measure it there: peak memory, time, and what
the import said.

The child's resident peak is its VmHWM (/proc/self/status): on Linux `resource`'s ru_maxrss
carries the parent's peak across fork and exec (a child of a 400 MB pytest starts at 400 MB).
`resource` bounds the child instead: RLIMIT_AS lets its address space grow by at most
ADDRESS_GROWTH past what the interpreter and the application's modules take, so a file that
would need more fails there with MemoryError (reported as an error), not on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: How much address space the import may add (a bomb read in full would need gigabytes).
ADDRESS_GROWTH = 300 * 1024 * 1024

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from app.services.plan_io import PlanFileError, read_plan
import openpyxl, openpyxl.reader.excel  # what the import loads anyway, before the limit

def status(key):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0

limit = status("VmSize") + {growth}
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
before = status("VmHWM")
started = time.perf_counter()
outcome = {{"problems": [], "error": None}}
try:
    read_plan(sys.argv[1])
except PlanFileError as error:
    outcome["problems"] = list(error.problems)
except BaseException as error:
    outcome["error"] = repr(error)[:500]
outcome["seconds"] = time.perf_counter() - started
outcome["peak_mb"] = status("VmHWM") / 1024 / 1024
outcome["start_mb"] = before / 1024 / 1024
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
    code = _CHILD.format(growth=ADDRESS_GROWTH, root=str(ROOT))
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
