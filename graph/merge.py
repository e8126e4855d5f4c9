"""Combine the contributions of several documents to one node or edge, in any order.

A contribution is the plain dict one document gives a node or edge. `merge` is associative and
commutative, so folding contributions one ingest at a time gives the same result as recomputing
them all after a delete, and the graph does not depend on the order documents arrived in.
"""

from __future__ import annotations

from typing import Any

MAX_EVIDENCE = 25  # per node or edge; the most-cited entities would otherwise grow without bound

_UNION = ("aliases", "doc_ids")
_SUM = ("mentions",)


def _evidence_key(item: dict[str, Any]) -> tuple[str, int, int]:
    return (item.get("doc_id", ""), item.get("start", 0), item.get("end", 0))


def _longest(a: str | None, b: str | None) -> str | None:
    if not a or not b:
        return a or b
    return min(a, b, key=lambda s: (-len(s), s))


def contribution(data: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """A record's attributes as the merged form of a single document's contribution."""
    out = dict(data)
    out["doc_ids"] = [doc_id]
    out["_primary"] = doc_id
    if "aliases" in out:
        out["aliases"] = sorted(set(out["aliases"]))
    if "evidence" in out:
        out["evidence"] = sorted(out["evidence"], key=_evidence_key)[:MAX_EVIDENCE]
    return out


def merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Merge two merged forms. Scalars come from the form whose primary document sorts first."""
    first, second = (a, b) if a["_primary"] <= b["_primary"] else (b, a)
    out = dict(second)
    out.update(first)
    for name in _UNION:
        if name in a or name in b:
            out[name] = sorted(set(a.get(name, ())) | set(b.get(name, ())))
    for name in _SUM:
        if name in a or name in b:
            out[name] = a.get(name, 0) + b.get(name, 0)
    if "evidence" in a or "evidence" in b:
        joined = {_evidence_key(e): e for e in [*a.get("evidence", ()), *b.get("evidence", ())]}
        out["evidence"] = [joined[k] for k in sorted(joined)][:MAX_EVIDENCE]
    if first.get("kind") != "event" and "label" in out:
        out["label"] = _longest(a.get("label"), b.get("label"))
    return out
