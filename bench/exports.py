"""Row 4: GraphML, GEXF and JSON exports of the large graph vs networkx's own writers.

Ours is `newsgraph export`'s path: the whole graph streamed from the store's rows, every attribute
included. The peer is networkx's writer over the same graph held in NetworkX with every attribute
(loaded from the pickle the scale rows wrote; not timed).
"""

from __future__ import annotations

from typing import Any

from bench.measure import PhaseFailed, run_phase
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
    ours: dict[str, dict[str, Any] | None] = {}
    failed: dict[str, str] = {}
    for fmt in PEERS:
        out = work.dir / f"large-ours.{fmt}"
        try:
            ours[fmt] = run_phase("export", db=str(db), fmt=fmt, out=str(out))
        except PhaseFailed as exc:  # say so, go on
            ours[fmt], failed[f"ours {fmt}"] = None, str(exc).splitlines()[0]
        out.unlink(missing_ok=True)
    try:
        peers = run_phase(
            "export_peers",
            graph=str(work.dir / "large-full.pickle"),
            formats=list(PEERS),
            out=str(work.dir / "peer"),
        )
    except PhaseFailed as exc:  # e.g. a writer that runs out of memory
        peers, failed["peers"] = {}, str(exc).splitlines()[0]
    work.raw["exports"] = {"ours": ours, "peers": peers, "failed": failed}
    rows = []
    for fmt, peer_name in PEERS.items():
        mine, theirs = ours.get(fmt), peers.get(fmt)
        sizes = " vs ".join(f"{r['size'] / 1e6:,.0f} MB" if r else "none" for r in (mine, theirs))
        note = f"files {sizes}" + "".join(f"; {side} failed: {why}" for side, why in failed.items())
        rows += [
            Row(
                SECTION,
                f"{fmt} export time ({size})",
                "s",
                _get(mine, "seconds"),
                _get(theirs, "seconds"),
                peer_name,
                Target("ratio", "<=", 0.5),
                note=note + (FLATTENED if fmt != "json" else "") + "; ours streams from the store",
            ),
            Row(
                SECTION,
                f"{fmt} export peak memory ({size})",
                "MB",
                _get(mine, "peak_bytes", 1e6),
                _get(theirs, "peak_bytes", 1e6),
                peer_name,
                Target("ratio", "<=", 1.0),
                note="peak resident memory above the process's before the export (ours holds no graph)",
            ),
        ]
    return rows


def _get(result: dict[str, Any] | None, key: str, unit: float = 1.0) -> float | None:
    return result[key] / unit if result else None
