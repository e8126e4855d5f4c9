"""Row 3: the BBC graph and a generated large one: start-up, restart, memory, latency, writes.

For the BBC graph (made as a user makes it, `newsgraph ingest --workers 2`): the start-up build
beside the same graph read by json + networkx, and HTTP query latency beside NetworkX in process.

For the large graph (bench/generate.py), side by side in the same run:
- memory: the build before the living-graph change (bench/baseline.py, same phase, same graph)
  beside ours, and the server's peak up to warm, cold and from its snapshot;
- restart: `newsgraph serve` to `/health` warm from the snapshot, beside `pickle.loads` of the
  same graph held in NetworkX with every attribute; and the cold start that wrote the snapshot;
- HTTP query latency (wrk) beside NetworkX in process; then writes (bench/writes.py): reads
  after a POST, reads beside a client POSTing articles, a CLI ingest and delete seen by the server.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import baseline, corpus, http, writes
from bench.measure import median, run_phase
from bench.plan import Work
from bench.queries import QUERIES
from bench.report import Row, Target

SECTION = "3 scale"
RESTART_TARGET_S = 15.0


def build_corpus_graph(work: Work) -> Path:
    """The BBC graph, made as a user makes it: `newsgraph ingest --workers 2`."""
    db = work.dir / "bbc.db"
    for suffix in ("", "-wal", "-shm", ".snapshot"):
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
    Path(f"{large}.snapshot").unlink(missing_ok=True)
    made = run_phase("generate", source=str(bbc), out=str(large), edges=plan.edges)
    work.raw["generate"] = made
    # last: it writes into the large archive (and deletes what it wrote)
    return _small_rows(work, bbc) + _large_rows(work, large) + _resolution_rows(work, bbc, large)


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


# -- the BBC graph ---------------------------------------------------------------------------------


def _small_rows(work: Work, db: Path) -> list[Row]:
    plan = work.plan
    node_link = work.dir / "BBC.json"
    run_phase("export", db=str(db), fmt="json", out=str(node_link))
    ours = [run_phase("build", db=str(db)) for _ in range(plan.build_runs)]
    peer = [run_phase("build_peer", node_link=str(node_link)) for _ in range(plan.build_runs)]
    edges = ours[0]["edges"]
    graph = f"BBC, {_label(edges)}"
    work.raw["build_BBC"] = {"ours": ours, "peer": peer}
    rows = [
        Row(
            SECTION,
            f"start-up build ({graph})",
            "edges/s",
            edges / median([r["seconds"] for r in ours]),
            edges / median([r["seconds"] for r in peer]),
            "json.load + nx.node_link_graph",
            note=f"{ours[0]['nodes']:,} nodes, {edges:,} edges; ours reads the SQLite store (no snapshot)",
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
    graph_pickle = work.dir / "BBC-full.pickle"
    run_phase("full_graph", db=str(db), out=str(graph_pickle))
    with http.serve(db, log=work.dir / "serve-BBC.log") as served:
        rows += _latency_rows(work, "BBC", graph, served, graph_pickle, targets=False)
    graph_pickle.unlink(missing_ok=True)
    return rows


# -- the large graph -------------------------------------------------------------------------------


def _large_rows(work: Work, db: Path) -> list[Row]:
    full = work.dir / "large-full.pickle"  # the exports' peers start from it too
    made = run_phase("full_graph", db=str(db), out=str(full))
    edges = made["edges"]
    work.figures["edges_large"] = edges
    graph = f"large, {_label(edges)}"
    work.raw["full_graph_large"] = made
    loads = run_phase("pickle_load", path=str(full))
    ours_build = run_phase("build", db=str(db))
    tree = baseline.checkout()
    before = run_phase("build", db=str(db), root=tree) if tree else None
    work.raw["build_large"] = {"ours": ours_build, "before": before, "pickle_load": loads}

    log = work.dir / "serve-large.log"
    log.unlink(missing_ok=True)
    with http.serve(db, log=log, env={"NEWSGRAPH_SNAPSHOT_AFTER": "1"}) as cold:
        saved_s = cold.wait_saved()
        cold_peak = cold.memory()[1]
    snapshot_size = Path(f"{db}.snapshot").stat().st_size
    rows: list[Row] = []
    with http.serve(db, log=log) as warm:
        loaded = "loaded" in log.read_text(encoding="utf-8").rsplit("built the graph", 1)[-1]
        work.raw["serve_large"] = {
            "cold_warm_s": cold.warm_s,
            "cold_peak_rss_warm": cold.peak_rss_warm,
            "cold_peak_rss_with_snapshot": cold_peak,
            "snapshot_saved_s": saved_s,
            "snapshot_bytes": snapshot_size,
            "warm_s": warm.warm_s,
            "peak_rss_warm": warm.peak_rss_warm,
            "from_snapshot": loaded,
        }
        rows += _memory_rows(graph, edges, ours_build, before, cold, cold_peak, warm)
        rows += _restart_rows(graph, loads, cold, warm, saved_s, snapshot_size, loaded=loaded)
        rows += _latency_rows(work, "large", graph, warm, full, targets=True)
        rows += writes.run(work, warm, db, graph=graph)
    return rows


def _memory_rows(
    graph: str,
    edges: int,
    ours: dict[str, Any],
    before: dict[str, Any] | None,
    cold: http.Served,
    cold_peak: int,
    warm: http.Served,
) -> list[Row]:
    peer = before["peak_bytes"] / 1e6 if before else None
    peer_name = (
        f"the build before (commit {baseline.BASELINE})" if before else "the build before: not available"
    )
    half = Target("ratio", "<=", 0.5)
    return [
        Row(
            SECTION,
            f"peak RSS of the start-up build ({graph})",
            "MB",
            ours["peak_bytes"] / 1e6,
            peer,
            peer_name,
            half,
            note=f"the same phase, side by side; ours {ours['seconds']:.1f} s, before "
            + (f"{before['seconds']:.1f} s" if before else "n/a")
            + f"; {edges:,} edges",
        ),
        Row(
            SECTION,
            f"server peak RSS to warm, no snapshot ({graph})",
            "MB",
            cold.peak_rss_warm / 1e6,
            peer,
            peer_name,
            half,
            note="whole process: graph, search index, timeline, counts (rankings in a child); "
            f"{cold_peak / 1e6:,.0f} MB once it has also written its snapshot",
        ),
        Row(
            SECTION,
            f"server peak RSS to warm, from the snapshot ({graph})",
            "MB",
            warm.peak_rss_warm / 1e6,
            peer,
            peer_name,
            half,
            note="whole process",
        ),
    ]


def _restart_rows(
    graph: str,
    loads: dict[str, Any],
    cold: http.Served,
    warm: http.Served,
    saved_s: float,
    snapshot_size: int,
    *,
    loaded: bool,
) -> list[Row]:
    peer = "pickle.loads of the graph in NetworkX"
    how = "from the snapshot" if loaded else "NOT from the snapshot (see serve-large.log)"
    note = f"process start to /health warm, {how}; peer: the full graph, collector paused"
    return [
        Row(
            SECTION,
            f"restart: serve to warm ({graph})",
            "s",
            warm.warm_s,
            loads["seconds"],
            peer,
            Target("ratio", "<=", 2.0),
            note=note,
        ),
        Row(
            SECTION,
            f"restart: serve to warm, absolute ({graph})",
            "s",
            warm.warm_s,
            None,
            "a target, no peer",
            Target("ours", "<=", RESTART_TARGET_S),
        ),
        Row(
            SECTION,
            f"first start: serve to warm, no snapshot ({graph})",
            "s",
            cold.warm_s,
            loads["seconds"],
            peer,
            note=f"builds from the store, then writes a snapshot of {snapshot_size / 1e6:,.0f} MB "
            f"{saved_s:.1f} s after warm (writes had settled)",
        ),
    ]


# -- query latency -------------------------------------------------------------------------------


def _served_paths(base: str) -> set[str]:
    with urllib.request.urlopen(base + "/openapi.json", timeout=60) as response:
        spec: dict[str, Any] = json.load(response)
    return set(spec.get("paths", {}))


def _latency_rows(
    work: Work, name: str, graph: str, served: http.Served, graph_pickle: Path, *, targets: bool
) -> list[Row]:
    plan = work.plan
    params_file = work.dir / f"params-{name}.json"
    peer = run_phase(
        "latency_peer",
        graph=str(graph_pickle),
        params_out=str(params_file),
        count=plan.samples,
        budget_s=plan.peer_budget_s,
    )
    params = json.loads(params_file.read_text(encoding="utf-8"))
    ours: dict[str, Any] = {"warm_s": served.warm_s}
    routes = _served_paths(served.base)
    for query in QUERIES:
        paths = [query.path(p) for p in params[query.sample]]
        route = paths[0].split("?")[0]
        if not any(_matches(route, pattern) for pattern in routes):
            ours[query.name] = None
            continue
        ours[query.name] = http.load(
            served.base, paths, seconds=plan.wrk_seconds, workdir=work.dir, name=query.name
        )
    work.raw[f"latency_{name}"] = {"ours": ours, "peer": peer}
    rows = []
    for query in QUERIES:
        mine, theirs = ours.get(query.name), peer[query.name]
        target = query.p99_target_ms if targets else None
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
                    Target("ours", "<=", target) if target is not None and pct == "p99" else None,
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
