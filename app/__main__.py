"""`python -m app` runs the command line (the GUI by default)."""

from app.cli import main

raise SystemExit(main())
