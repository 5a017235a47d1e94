"""Entry point of the frozen application: the same `verbale` command as the wheel's script."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
