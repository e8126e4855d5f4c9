"""Row 4: GraphML, GEXF and JSON exports of the large graph vs networkx's own writers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.measure import PhaseFailed, median, run_phase
from bench.plan import Work
from bench.report import Row, Target

SECTION = "4 exports"
FLATTENED = "; the peer's lists and None are made strings first, not timed"
PEERS = {
    "graphml": "nx.write_graphml",
    "gexf": "nx.write_gexf",
    "json": "json.dumps(node_link_data)",
}


def run(work: Work) -> list[Row]:
    db = work.dir / "large.db"
    edges = int(work.figures.get("edges_large", 0))
    size = f"{edges / 1e6:.1f}M edges" if edges >= 1e6 else f"{edges / 1e3:.0f}k edges"
    rows = []
    for fmt, peer_name in PEERS.items():
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "peer": []}
        failed: dict[str, str] = {}
        for side, results in runs.items():
            out = work.dir / f"large-{side}.{fmt}"
            try:
                for _ in range(work.plan.export_runs):
                    results.append(run_phase("export", db=str(db), fmt=fmt, out=str(out), side=side))
            except PhaseFailed as exc:  # e.g. a writer that runs out of memory: say so, go on
                failed[side] = str(exc).splitlines()[0]
            Path(out).unlink(missing_ok=True)
        work.raw[f"export_{fmt}"] = {**runs, "failed": failed}
        ours, peer = runs["ours"], runs["peer"]
        sizes = " vs ".join(f"{r[0]['size'] / 1e6:,.0f} MB" if r else "none" for r in (ours, peer))
        note = f"files {sizes}" + "".join(f"; {side} failed: {why}" for side, why in failed.items())
        rows += [
            Row(
                SECTION,
                f"{fmt} export time ({size})",
                "s",
                _median(ours, "seconds"),
                _median(peer, "seconds"),
                peer_name,
                Target("ratio", "<=", 0.5),
                note=note + (FLATTENED if fmt != "json" else ""),
            ),
            Row(
                SECTION,
                f"{fmt} export peak memory ({size})",
                "MB",
                _median(ours, "peak_bytes", 1e6),
                _median(peer, "peak_bytes", 1e6),
                peer_name,
                Target("ratio", "<=", 1.0),
                note="peak resident memory above the built graph's",
            ),
        ]
    return rows


def _median(results: list[dict[str, Any]], key: str, unit: float = 1.0) -> float | None:
    return median([r[key] for r in results]) / unit if results else None
