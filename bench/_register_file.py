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
        _upgraded(path)
    else:
        from app.services.demo import synthetic_register

        start = time.perf_counter()
        synthetic_register(path, count).close()
        print(f"built {count:,} notes in {time.perf_counter() - start:.1f} s: {path}")
    return path, count


def _upgraded(path: Path) -> None:
    """A file built by an older version brought to this version's schema, as `verbale db
    upgrade` brings a register (`db copy` refuses an older source); without the backup copy
    `db upgrade` makes first: the file is the bench's own, built again if removed."""
    from app.register import schema
    from app.services.register import Register

    register = Register.open(f"sqlite:///{path}", upgrade=False, existing=True)
    try:
        if register.needs_upgrade():
            found = register.schema_revision()
            schema.upgrade(register.db.engine)
            print(f"register upgraded from schema {found} to {register.schema_revision()}")
    finally:
        register.close()
