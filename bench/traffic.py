"""Row 5 (with --only load): mixed traffic against a real server (bench/load.py): errors, lost
documents, memory, p99. The large graph's write rows (bench/writes.py) are the ones `make bench`
runs; this one checks a small graph under many writers."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.measure import ROOT, PhaseFailed
from bench.plan import QUICK, Work
from bench.report import Row, Target

SECTION = "5 load"
LOAD_SECONDS = {False: 60, True: 8}  # by quick or not
LOAD_WARMUP = 5
LOAD_DOCS = {False: 200, True: 40}


def run(work: Work) -> list[Row]:
    plan = work.plan
    seconds, warmup, base = LOAD_SECONDS[plan is QUICK], LOAD_WARMUP, LOAD_DOCS[plan is QUICK]
    out = work.dir / "load.json"
    cmd = [sys.executable, "-m", "bench.load", "--seconds", str(seconds), "--warmup", str(warmup)]
    cmd += ["--base-docs", str(base), "--json", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=seconds + warmup + 900)
    if not out.exists():
        raise PhaseFailed(f"bench.load failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    work.raw["load"] = result
    what = f"{seconds} s, 90% reads / 10% POSTs"
    none = "a check, no peer"
    return [
        Row(
            SECTION,
            f"mixed traffic p99 ({what})",
            "ms",
            result["latency"]["p99_ms"],
            None,
            none,
            note=f"{result['requests']:,} requests, {result['requests_per_s']}/s; reads alone: "
            f"p99 {result['latency_reads']['p99_ms']} ms",
        ),
        Row(
            SECTION,
            "5xx and transport errors",
            "count",
            result["errors_5xx_or_transport"],
            None,
            none,
            Target("ours", "<=", 0),
        ),
        Row(
            SECTION,
            "acknowledged documents lost",
            "count",
            result["lost_documents"],
            None,
            none,
            Target("ours", "<=", 0),
            note=f"of {result['acknowledged_documents']} acknowledged",
        ),
        Row(
            SECTION,
            "server memory growth after warm-up",
            "%",
            result["rss_growth_pct"],
            None,
            none,
            Target("ours", "<=", 10),
            note=f"{result['rss_after_warmup_mb']} -> {result['rss_after_run_mb']} MB",
        ),
    ]
