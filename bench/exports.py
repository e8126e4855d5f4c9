"""Row 4: GraphML, GEXF and JSON exports of the large graph vs networkx's own writers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.measure import median, run_phase
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
        for side, results in runs.items():
            out = work.dir / f"large-{side}.{fmt}"
            for _ in range(work.plan.export_runs):
                results.append(run_phase("export", db=str(db), fmt=fmt, out=str(out), side=side))
            Path(out).unlink(missing_ok=True)
        work.raw[f"export_{fmt}"] = runs
        ours, peer = runs["ours"], runs["peer"]
        note = f"file {ours[0]['size'] / 1e6:,.0f} MB vs {peer[0]['size'] / 1e6:,.0f} MB"
        rows += [
            Row(
                SECTION,
                f"{fmt} export time ({size})",
                "s",
                median([r["seconds"] for r in ours]),
                median([r["seconds"] for r in peer]),
                peer_name,
                Target("ratio", "<=", 0.5),
                note=note + (FLATTENED if fmt != "json" else ""),
            ),
            Row(
                SECTION,
                f"{fmt} export peak memory ({size})",
                "MB",
                median([r["peak_bytes"] for r in ours]) / 1e6,
                median([r["peak_bytes"] for r in peer]) / 1e6,
                peer_name,
                Target("ratio", "<=", 1.0),
                note="peak resident memory above the built graph's",
            ),
        ]
    return rows
