"""Console entry point: `destination-unified-ats spec|check|write`."""

from __future__ import annotations

import logging
import sys

from airbyte_cdk.logger import AirbyteLogFormatter

from destination_unified_ats.destination import DestinationUnifiedAts


def _init_logging() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(AirbyteLogFormatter("%(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run() -> None:
    _init_logging()
    DestinationUnifiedAts().run(sys.argv[1:])


if __name__ == "__main__":
    run()
