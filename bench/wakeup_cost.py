"""What a wake-up after idling costs on this machine: the same Python work, run back to back and after a sleep.

    .venv/bin/python bench/wakeup_cost.py

On the 2-core Firecracker VM of bench/README.md, 20 µs of work cost ~200 µs of CPU right after a 3 ms sleep, and a
bare `time.sleep` ~30-90 µs a wake-up: why the connector's CPU per record at 50 ms latency (it sleeps between
answers) is well above the same records at 0 ms.
"""

from __future__ import annotations

import asyncio
import resource
import time


def _work(items: int) -> int:
    table = {str(i): [i, i * 2, "x" * 5] for i in range(items)}
    return len(table)


async def _cpu_per_iteration(delay: float, items: int, rounds: int = 400) -> float:
    started = time.process_time()
    for _ in range(rounds):
        _work(items)
        await asyncio.sleep(delay)
    return (time.process_time() - started) / rounds * 1e6


def _bare_sleep(delay: float, rounds: int = 300) -> float:
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(rounds):
        time.sleep(delay)
    after = resource.getrusage(resource.RUSAGE_SELF)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return used / rounds * 1e6


def main() -> None:
    for items in (20, 100, 400):
        hot = asyncio.run(_cpu_per_iteration(0, items))
        cold = asyncio.run(_cpu_per_iteration(0.003, items))
        print(f"work on {items:>3} items: {hot:6.0f} µs CPU back to back, {cold:6.0f} µs after a 3 ms sleep")
    for delay in (0.001, 0.003, 0.01):
        print(f"time.sleep({delay * 1000:g} ms) alone: {_bare_sleep(delay):5.0f} µs CPU a wake-up")


if __name__ == "__main__":
    main()
