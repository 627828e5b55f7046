"""Run the connector process and measure it: wall time, CPU (user + sys, from `wait4`), RSS every 50 ms."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

SAMPLE_SECONDS = 0.05


@dataclass
class ProcessRun:
    returncode: int
    wall_seconds: float
    cpu_user_seconds: float
    cpu_sys_seconds: float
    peak_rss_bytes: int  # the kernel's high-water mark of the process's memory (VmHWM), last read before exit
    sampled_peak_rss_bytes: int  # the largest of the 50 ms RSS samples
    ru_maxrss_bytes: int  # from wait4; informational (Linux may fold in the forking parent's RSS)
    samples: list[tuple[float, float, int]] = field(default_factory=list)  # (t, cpu seconds, rss bytes)
    messages: list[tuple[float, dict[str, Any]]] = field(default_factory=list)  # (t, Airbyte message)
    raw_lines: list[str] = field(default_factory=list)  # stdout lines that were not JSON
    stderr_tail: str = ""

    @property
    def cpu_seconds(self) -> float:
        return self.cpu_user_seconds + self.cpu_sys_seconds

    def of_type(self, kind: str) -> list[tuple[float, dict[str, Any]]]:
        return [(t, m) for t, m in self.messages if m.get("type") == kind]

    def rss_at(self, t: float) -> int:
        """The last RSS sample taken at or before `t` (0 before the first sample)."""
        best = 0
        for ts, _, rss in self.samples:
            if ts > t:
                break
            best = rss
        return best


def run_measured(args: list[str], stdin_path: Path, stderr_path: Path, env: dict[str, str] | None = None) -> ProcessRun:
    """Starts `args` with stdin from a file, timestamps each stdout line, samples CPU and RSS every 50 ms.

    The exit is awaited with `os.wait4` in a thread, so the wall time ends at the exit itself and the CPU
    times are the kernel's final accounting of the process (and any children it waited for).
    """
    messages: list[tuple[float, dict[str, Any]]] = []
    raw: list[str] = []
    with stdin_path.open("rb") as stdin, stderr_path.open("wb") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE, stderr=stderr, env=env)
        assert proc.stdout is not None
        stdout = proc.stdout

        def read_stdout() -> None:
            for line in stdout:
                now = time.perf_counter() - started
                try:
                    message = json.loads(line)
                except ValueError:
                    raw.append(line.decode(errors="replace").rstrip())
                    continue
                if isinstance(message, dict):
                    messages.append((now, message))

        exit_info: dict[str, Any] = {}

        def wait_exit() -> None:
            _, status, usage = os.wait4(proc.pid, 0)
            exit_info["t"] = time.perf_counter() - started
            exit_info["status"] = status
            exit_info["usage"] = usage

        reader = threading.Thread(target=read_stdout, daemon=True)
        waiter = threading.Thread(target=wait_exit, daemon=True)
        reader.start()
        waiter.start()
        samples: list[tuple[float, float, int]] = []
        hwm = 0
        try:
            handle: psutil.Process | None = psutil.Process(proc.pid)
        except psutil.Error:
            handle = None
        while waiter.is_alive():
            if handle is not None:
                try:
                    with handle.oneshot():
                        cpu = handle.cpu_times()
                        rss = handle.memory_info().rss
                    samples.append((time.perf_counter() - started, cpu.user + cpu.system, rss))
                    hwm = max(hwm, _vm_hwm(proc.pid))
                except psutil.Error:
                    handle = None  # exited (zombie or reaped): the final figures come from wait4
            waiter.join(SAMPLE_SECONDS)
        reader.join(30)
        stdout.close()
    status = exit_info["status"]
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen
    usage = exit_info["usage"]
    sampled_peak = max((rss for _, _, rss in samples), default=0)
    stderr_text = stderr_path.read_bytes()[-4000:].decode(errors="replace")
    return ProcessRun(
        returncode=proc.returncode,
        wall_seconds=exit_info["t"],
        cpu_user_seconds=usage.ru_utime,
        cpu_sys_seconds=usage.ru_stime,
        peak_rss_bytes=max(sampled_peak, hwm),
        sampled_peak_rss_bytes=sampled_peak,
        ru_maxrss_bytes=usage.ru_maxrss * 1024,  # KiB on Linux
        samples=samples,
        messages=messages,
        raw_lines=raw,
        stderr_tail=stderr_text,
    )


def _vm_hwm(pid: int) -> int:
    """Peak resident set size of the process's current address space (`VmHWM` of /proc/PID/status)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
