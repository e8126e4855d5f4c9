"""Row 3: the whole-corpus graph and a generated large one: start-up, memory, HTTP query latency."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import corpus, http
from bench.measure import median, run_phase
from bench.plan import Work
from bench.queries import QUERIES
from bench.report import Row, Target

SECTION = "3 scale"
P99_TARGET_MS = 25.0


def build_corpus_graph(work: Work) -> Path:
    """The BBC graph, made as a user makes it: `newsgraph ingest --workers 2`."""
    db = work.dir / "bbc.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    source = corpus.head(work.corpus, work.plan.corpus_docs, work.dir / "bbc.jsonl")
    cmd = [sys.executable, "-m", "api.cli", "ingest", str(source), "--db", str(db), "--workers", "2"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):  # 1: some documents were skipped, and said so
        raise RuntimeError(f"ingest of the corpus failed:\n{proc.stderr[-3000:]}")
    work.raw["corpus_ingest_cli"] = {"seconds": seconds, "summary": proc.stdout.strip()}
    return db


def _label(edges: int) -> str:
    return f"{edges / 1e6:.1f}M edges" if edges >= 1e6 else f"{edges / 1e3:.0f}k edges"


def run(work: Work) -> list[Row]:
    plan = work.plan
    bbc = build_corpus_graph(work)
    large = work.dir / "large.db"
    made = run_phase("generate", source=str(bbc), out=str(large), edges=plan.edges)
    work.raw["generate"] = made
    rows: list[Row] = []
    for name, db, targets in (("BBC", bbc, False), ("large", large, True)):
        rows += _graph_rows(work, name, db, targets=targets)
    return rows + _resolution_rows(work, bbc, large)


def _resolution_rows(work: Work, source: Path, large: Path) -> list[Row]:
    """Issue 16: what deciding names costs a write when the archive is large."""
    made = run_phase("resolve_at_scale", db=str(large), source=str(source), count=work.plan.resolve_docs)
    work.raw["resolve_at_scale"] = made
    if not made["restored"]:
        raise RuntimeError("deleting the documents written for the resolution row left others behind")
    archive = f"{made['archive_docs'] / 1000:.0f}k documents"
    return [
        Row(
            SECTION,
            f"entity resolution per written document ({archive})",
            "ms",
            made["resolve_ms"],
            made["write_ms"],
            "the whole store write",
            note=(
                f"{made['docs']} articles naming what the archive names, written one by one; "
                f"p99 {made['resolve_p99_ms']:.1f} ms; deleting one: {made['delete_ms']:.1f} ms"
            ),
        )
    ]


def _graph_rows(work: Work, name: str, db: Path, *, targets: bool) -> list[Row]:
    plan = work.plan
    node_link = work.dir / f"{name}.json"
    run_phase("export", db=str(db), fmt="json", out=str(node_link), side="ours")
    ours = [run_phase("build", db=str(db)) for _ in range(plan.build_runs)]
    peer = [run_phase("build_peer", node_link=str(node_link)) for _ in range(plan.build_runs)]
    edges = ours[0]["edges"]
    graph = f"{name}, {_label(edges)}"
    work.raw[f"build_{name}"] = {"ours": ours, "peer": peer}
    work.figures[f"edges_{name}"] = edges
    rows = [
        Row(
            SECTION,
            f"start-up build ({graph})",
            "edges/s",
            edges / median([r["seconds"] for r in ours]),
            edges / median([r["seconds"] for r in peer]),
            "json.load + nx.node_link_graph",
            Target("ours", ">=", 200_000) if targets else None,
            note=f"{ours[0]['nodes']:,} nodes, {edges:,} edges; ours reads the SQLite store",
        ),
        Row(
            SECTION,
            f"peak RSS per edge ({graph})",
            "bytes",
            median([r["peak_bytes"] for r in ours]) / edges,
            median([r["peak_bytes"] for r in peer]) / edges,
            "json.load + nx.node_link_graph",
            note="peak resident memory of the build above the interpreter's own, per edge",
        ),
    ]
    return rows + _latency_rows(work, name, graph, db, targets=targets)


def _served_paths(base: str) -> set[str]:
    with urllib.request.urlopen(base + "/openapi.json", timeout=60) as response:
        spec: dict[str, Any] = json.load(response)
    return set(spec.get("paths", {}))


def _latency_rows(work: Work, name: str, graph: str, db: Path, *, targets: bool) -> list[Row]:
    plan = work.plan
    params_file = work.dir / f"params-{name}.json"
    peer = run_phase(
        "latency_peer",
        db=str(db),
        params_out=str(params_file),
        count=plan.samples,
        budget_s=plan.peer_budget_s,
    )
    params = json.loads(params_file.read_text(encoding="utf-8"))
    ours: dict[str, Any] = {}
    started = time.perf_counter()
    with http.serve(db, log=work.dir / f"serve-{name}.log") as base:
        ours["startup_s"] = time.perf_counter() - started
        served = _served_paths(base)
        for query in QUERIES:
            paths = [query.path(p) for p in params[query.sample]]
            route = paths[0].split("?")[0]
            if not any(_matches(route, pattern) for pattern in served):
                ours[query.name] = None
                continue
            ours[query.name] = http.load(
                base, paths, seconds=plan.wrk_seconds, workdir=work.dir, name=query.name
            )
    work.raw[f"latency_{name}"] = {"ours": ours, "peer": peer}
    rows = []
    for query in QUERIES:
        mine, theirs = ours.get(query.name), peer[query.name]
        target = query.p99_target_ms is not None and targets
        note = "not served by the API" if mine is None else _status_note(mine)
        note = f"{note}; {query.note}" if query.note else note
        for pct in ("p50", "p99"):
            rows.append(
                Row(
                    SECTION,
                    f"{query.name} {pct} ({graph})",
                    "ms",
                    mine[f"{pct}_ms"] if mine else None,
                    theirs[f"{pct}_ms"],
                    "NetworkX call in process",
                    Target("ours", "<=", P99_TARGET_MS) if target and pct == "p99" else None,
                    note=note if pct == "p50" else f"peer: {theirs['samples']} calls",
                )
            )
    return rows


def _matches(route: str, pattern: str) -> bool:
    """Does a concrete path match an OpenAPI path template ("/entities/{entity}/neighbors")?"""
    return re.fullmatch(re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(pattern)), route) is not None


def _status_note(result: dict[str, Any]) -> str:
    statuses = result["warmup_statuses"]
    bad = {k: v for k, v in statuses.items() if not str(k).startswith("2")}
    note = f"{result['requests']:,} requests by wrk, 1 connection"
    if bad or result["non_2xx"]:
        note += f"; NOT 2xx: warm-up {bad}, wrk {result['non_2xx']}"
    return note
