"""HTTP latency over a real server: `newsgraph serve` on 127.0.0.1, driven by wrk with varied paths."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import ROOT, process_memory

SERVE = [sys.executable, "-m", "api.cli", "serve"]
SCRIPT = Path(__file__).with_name("paths.lua")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, timeout: float = 60) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@dataclass
class Served:
    """A running `newsgraph serve`: its URL, and when and at what memory it became warm."""

    base: str
    pid: int
    warm_s: float  # from the process start to /health saying warm
    peak_rss_warm: int  # bytes, the process's peak resident memory by then

    def health(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.base + "/health", timeout=60) as response:
            result: dict[str, Any] = json.loads(response.read())
            return result

    def wait_saved(self, timeout: float = 900) -> float:
        """Seconds until the snapshot is at the graph's change (written once writes settle)."""
        started = time.monotonic()
        while True:
            freshness = self.health()["freshness"]
            if freshness["snapshot_seq"] == freshness["seq"]:
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"no snapshot within {timeout} s")
            time.sleep(0.25)

    def wait_settled(self, timeout: float = 900) -> float:
        """Seconds until the rankings and the snapshot are at the graph's change (the background
        work that follows writes is done)."""
        started = time.monotonic()
        while True:
            freshness = self.health()["freshness"]
            if freshness["snapshot_seq"] == freshness["rankings_seq"] == freshness["seq"]:
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"still ranking or saving after {timeout} s")
            time.sleep(0.25)

    def memory(self) -> tuple[int, int]:
        """(resident memory now, the peak so far), bytes."""
        return process_memory(self.pid)


@contextmanager
def serve(
    db: Path, *, log: Path, startup_timeout: float = 900, env: dict[str, str] | None = None, root: Path = ROOT
) -> Iterator[Served]:
    """`newsgraph serve` (the code in `root`) on a free port, yielded once /health says it is warm."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("ab") as out:
        started = time.monotonic()
        proc = subprocess.Popen(
            [*SERVE, "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(root), **(env or {})},
        )
        try:
            deadline = started + startup_timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"the server exited ({proc.returncode}); see {log}")
                try:
                    with urllib.request.urlopen(base + "/health", timeout=5) as response:
                        if json.loads(response.read()).get("warm"):
                            break  # measured from here: nothing is still being built in the background
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer within {startup_timeout} s; see {log}")
                time.sleep(0.05)
            warm_s = time.monotonic() - started
            yield Served(base, proc.pid, warm_s, process_memory(proc.pid)[1])
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def available() -> bool:
    return shutil.which("wrk") is not None


def load(
    base: str, paths: list[str], *, seconds: float, workdir: Path, name: str, connections: int = 1
) -> dict[str, Any]:
    """wrk with `connections` connections cycling through `paths`; latency percentiles in ms.

    Every path is requested once first (warm caches, and count answers that are not 200).
    """
    statuses: dict[int, int] = {}
    for path in paths:
        status = get(base + path)
        statuses[status] = statuses.get(status, 0) + 1
    listing = workdir / f"paths-{name.replace(' ', '-')}.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    duration = max(1, round(seconds))
    proc = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", str(SCRIPT), base],
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_PATHS": str(listing)},
        timeout=seconds + 120,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed for {name}: {proc.stderr or proc.stdout}")
    result: dict[str, Any] = json.loads(lines[-1])
    return {
        "p50_ms": result["p50_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "requests": result["requests"],
        "requests_per_s": result["requests"] / duration,
        "errors": result["errors"],
        "non_2xx": result["non2xx"],
        "warmup_statuses": statuses,
    }
