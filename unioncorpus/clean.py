"""``python -m unioncorpus.clean INPUT... -o OUT``: clean scraped pages into documents."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
