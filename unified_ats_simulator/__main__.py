"""Entry point: `python -m unified_ats_simulator`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from unified_ats_simulator.cli import run


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
