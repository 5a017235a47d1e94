"""Write packaging/constraints.txt (`make lock`): every distribution the packaged application is
built from, at the exact version pip resolves today, so that a release is reproducible
(`make package` installs with `-c packaging/constraints.txt`).

pip resolves the application with its PostgreSQL driver and PyInstaller as if nothing were
installed (`pip install --dry-run --ignore-installed --report`) and this writes what it chose.
The resolution is this platform's and this Python's: the header says which.

    python packaging/lock.py [OUTPUT]
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "packaging" / "constraints.txt"
#: What the packaged application is built from besides Verbale itself (see `make package`).
BUILT_WITH = ("pyinstaller",)


def resolve() -> list[tuple[str, str]]:
    """(name, version) of every distribution pip would install, Verbale's own left out."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--dry-run",
                "--ignore-installed",
                "--report",
                str(report),
                f"{ROOT}[postgres]",
                *BUILT_WITH,
            ],
            check=True,
        )
        installed = json.loads(report.read_text(encoding="utf-8"))["install"]
    pins = {
        (item["metadata"]["name"], item["metadata"]["version"])
        for item in installed
        if item["metadata"]["name"].lower() != "verbale"
    }
    return sorted(pins, key=lambda pin: pin[0].lower())


def write(path: Path) -> None:
    lines = [
        "# The packaged application's dependencies at exact versions (written by `make lock`,",
        "# packaging/lock.py; do not edit by hand). Resolved for Python "
        f"{platform.python_version()} on {sys.platform} ({platform.machine()}).",
        *(f"{name}=={version}" for name, version in resolve()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
