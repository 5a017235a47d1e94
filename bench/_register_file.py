"""The synthetic register the register and GUI benchmarks share: built once, then reused.

BENCH_NOTES sets its size (1,000,000 by default); BENCH_DIR its folder (by default one folder in
the system's temporary directory, so `make bench` builds the file once for both benchmarks).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def bench_register_file() -> tuple[Path, int]:
    """The register file and its note count, built now if it does not exist yet."""
    count = int(os.environ.get("BENCH_NOTES", "1000000"))
    folder = Path(os.environ.get("BENCH_DIR") or Path(tempfile.gettempdir()) / "verbale-bench")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"register-{count}.sqlite3"
    if path.exists():
        print(f"register: {path} ({count:,} notes)")
    else:
        from app.services.demo import synthetic_register

        start = time.perf_counter()
        synthetic_register(path, count).close()
        print(f"built {count:,} notes in {time.perf_counter() - start:.1f} s: {path}")
    return path, count
