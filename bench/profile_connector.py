"""Run `destination-unified-ats` under cProfile with a CPU clock (time.process_time), not the wall clock.

    .venv/bin/python bench/profile_connector.py -o cpu.prof write --config C --catalog K < input.jsonl
    .venv/bin/python -c "import pstats; pstats.Stats('cpu.prof').sort_stats('tottime').print_stats(30)"

`python -m cProfile` times with the wall clock, so a coroutine waiting on the network or a process waiting
for a core looks expensive; with process_time only CPU the connector burns is attributed (waits show as ~0).
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", required=True, help="where to write the pstats file")
    parser.add_argument("connector_args", nargs=argparse.REMAINDER, help="spec | check ... | write ...")
    args = parser.parse_args()
    from destination_unified_ats.run import run  # imports are outside the profile (the bench times start-up)

    sys.argv = ["destination-unified-ats", *args.connector_args]
    profiler = cProfile.Profile(time.process_time)
    status = 0
    profiler.enable()
    try:
        run()
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    finally:
        profiler.disable()
        profiler.dump_stats(args.output)
    return status


if __name__ == "__main__":
    sys.exit(main())
