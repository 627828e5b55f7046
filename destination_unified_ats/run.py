"""Console entry point: `destination-unified-ats spec|check|write|discover`.

Imports are per command: `spec` is answered from the protocol models without importing airbyte-cdk or
the write path (start-up seconds saved in every sync and every test); everything else goes through the
CDK's argument parsing in `DestinationUnifiedAts.run`.
"""

from __future__ import annotations

import logging
import sys

from destination_unified_ats.collector import imports_without_gc


def _init_logging() -> None:
    from airbyte_cdk.logger import AirbyteLogFormatter

    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(AirbyteLogFormatter("%(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run() -> None:
    args = sys.argv[1:]
    if args == ["spec"]:
        import orjson

        from destination_unified_ats.spec import spec_message

        sys.stdout.write(orjson.dumps(spec_message()).decode() + "\n")
        sys.stdout.flush()
        return
    with imports_without_gc():
        _init_logging()
        from destination_unified_ats.destination import DestinationUnifiedAts

    DestinationUnifiedAts().run(args)


if __name__ == "__main__":
    run()
