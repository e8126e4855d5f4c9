"""Timing and memory helpers: medians of repeated runs, per-phase peak RSS, phases in subprocesses."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _status_kb(field: str) -> int:  # of this process
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def rss_bytes() -> int:
    """The resident set size of this process now."""
    return _status_kb("VmRSS") * 1024


def process_memory(pid: int) -> tuple[int, int]:
    """(resident set size now, its peak so far) of another process, in bytes."""
    fields: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["VmHWM"]


def reset_peak() -> None:
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")


def peak_bytes() -> int:
    """The highest resident set size since the process started or since `reset_peak`."""
    return _status_kb("VmHWM") * 1024


HEADROOM = 3 << 30  # bytes of memory left to everything else on the machine


def _memory_cap() -> int:
    """The address space a phase may take: what is available now, less some headroom."""
    with open("/proc/meminfo", encoding="ascii") as fh:
        info = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in fh}
    return max(2 << 30, info.get("MemAvailable", 8 << 30) - HEADROOM)


class PhaseFailed(RuntimeError):
    pass


def run_phase(name: str, timeout: float = 3600, root: Path = ROOT, **kwargs: Any) -> dict[str, Any]:
    """Run `bench.phases.<name>(**kwargs)` in a fresh interpreter; return the dict it printed.

    A fresh process per phase keeps one phase's memory and threads out of the next one's figures.
    `root` is the source tree it runs in (another checkout measures the code as it was there).
    """
    cmd = [sys.executable, "-m", "bench.phases", name, json.dumps(kwargs)]
    env = {**os.environ, "PYTHONHASHSEED": "0", "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(root)}
    limit = _memory_cap()

    def cap() -> None:  # a phase that outgrows the free memory fails alone, not the machine's others
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run(
        cmd, cwd=root, capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=cap
    )
    if proc.returncode != 0:
        raise PhaseFailed(f"phase {name} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise PhaseFailed(f"phase {name} printed no result:\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result
