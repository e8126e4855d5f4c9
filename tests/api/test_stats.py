"""GET /stats: counts agree with the exported graph; rankings are in order."""

from __future__ import annotations

import time
from collections import Counter

import httpx


def test_stats_agree_with_the_export(seed_client: httpx.Client) -> None:
    graph = seed_client.get("/export/json").json()
    stats = seed_client.get("/stats", params={"top": 5}).json()
    assert stats["documents"] == seed_client.get("/documents").json()["total"] == 2
    assert (stats["nodes"], stats["edges"]) == (len(graph["nodes"]), len(graph["edges"]))
    assert stats["kinds"] == dict(Counter(n["kind"] for n in graph["nodes"]))
    assert stats["event_types"] == dict(
        Counter(n["event_type"] for n in graph["nodes"] if n["kind"] == "event")
    )
    assert stats["relations"] == dict(Counter(e["relation"] for e in graph["edges"]))
    degree = Counter(end for e in graph["edges"] for end in (e["source"], e["target"]))
    top = stats["top_degree"]
    assert len(top) == 5 and [t["degree"] for t in top] == [degree[t["id"]] for t in top]
    entity_degrees = sorted((degree[n["id"]] for n in graph["nodes"] if n["kind"] != "event"), reverse=True)
    assert [t["degree"] for t in top] == entity_degrees[:5]
    ranks = [t["pagerank"] for t in stats["top_pagerank"]]
    assert len(ranks) == 5 and ranks == sorted(ranks, reverse=True) and 0 < sum(ranks) < 1
    assert all(t["kind"] != "event" for t in stats["top_pagerank"])


def test_stats_top_is_bounded(seed_client: httpx.Client) -> None:
    assert seed_client.get("/stats", params={"top": 101}).status_code == 422


def test_health_counts_the_graph_and_says_when_it_is_warm(seed_client: httpx.Client) -> None:
    graph = seed_client.get("/export/json").json()
    deadline = time.monotonic() + 60
    while not (health := seed_client.get("/health").json())["warm"]:
        assert time.monotonic() < deadline, "the derived indexes were never built"
        time.sleep(0.1)
    freshness = health.pop("freshness")
    assert health == {
        "status": "ok",
        "documents": 2,
        "nodes": len(graph["nodes"]),
        "edges": len(graph["edges"]),
        "warm": True,
    }
    # nothing was written since start: the rankings are of the graph as it is
    assert freshness["seq"] > 0 and freshness["rankings_seq"] == freshness["seq"]
