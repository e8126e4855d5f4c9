"""Readers during an ingest see each document whole or not at all, never half of one."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

import networkx as nx
import pytest

from graph.knowledge import KnowledgeGraph, build_graph
from graph.records import Document, EdgeRecord, EntityRecord, Extraction
from tests.reliability.dbstate import DbState, merge_problems, read_state

pytestmark = pytest.mark.corpus

READERS = 3
SWITCH_INTERVAL = 1e-5  # switch threads often, so a reader would land inside an unguarded write

DocParts = dict[str, tuple[frozenset[str], frozenset[tuple[str, str, str]]]]


def parts_by_document(g: nx.MultiDiGraph) -> DocParts:
    """For each document the graph names, the nodes and edges that name it."""
    nodes: dict[str, set[str]] = defaultdict(set)
    edges: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for node_id, doc_ids in g.nodes(data="doc_ids"):
        for doc_id in doc_ids:
            nodes[doc_id].add(node_id)
    for source, target, key, doc_ids in g.edges(keys=True, data="doc_ids"):
        for doc_id in doc_ids:
            edges[doc_id].add((source, target, key))
    return {d: (frozenset(nodes[d]), frozenset(edges[d])) for d in set(nodes) | set(edges)}


def stored_parts(db: sqlite3.Connection) -> DocParts:
    """For each stored document, the nodes and edges its stored contribution names: its own
    entities under the archive nodes `links` resolved them to."""
    links = {(doc, name): node for doc, name, node in db.execute("SELECT doc_id, name, node_id FROM links")}
    nodes: dict[str, set[str]] = defaultdict(set)
    edges: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for doc_id, node_id in db.execute("SELECT doc_id, node_id FROM doc_nodes"):
        nodes[doc_id].add(links.get((doc_id, node_id), node_id))
    for doc_id, source, target, key in db.execute("SELECT doc_id, source, target, key FROM doc_edges"):
        ends = links.get((doc_id, source), source), links.get((doc_id, target), target)
        if ends[0] != ends[1]:  # both ends resolved to one node: no edge
            edges[doc_id].add((*ends, key))
    return {d: (frozenset(nodes[d]), frozenset(edges[d])) for d in set(nodes) | set(edges)}


def test_readers_never_see_half_a_document(
    tmp_path: Path, corpus_extractions: list[Extraction], reference: DbState
) -> None:
    """Under the read lock the graph holds exactly the documents the file holds, each whole.

    A change holds the write lock from the store's transaction to the graph's last update, so a
    second connection reading the file while a reader holds the lock sees the same moment.
    """
    kg = KnowledgeGraph.open(tmp_path / "live.db")
    done = threading.Event()
    problems: list[str] = []
    looks = [0] * READERS
    sizes: set[int] = set()

    def read(slot: int) -> None:
        db = sqlite3.connect(kg.store.path)
        try:
            while not done.is_set():
                with kg.reading() as g:
                    seen = parts_by_document(g)
                    stored = stored_parts(db)
                    bare = [n for n, kind in g.nodes(data="kind") if kind is None]
                half = sorted(d for d in set(seen) | set(stored) if seen.get(d) != stored.get(d))
                if half or bare:
                    problems.append(f"not whole in the graph: {half[:3]}; nodes without data: {bare[:3]}")
                    return
                looks[slot] += 1
                sizes.add(len(seen))
        except Exception as exc:  # a reader that crashes has seen a graph being changed
            problems.append(f"reader failed: {exc!r}")
        finally:
            db.close()

    threads = [threading.Thread(target=read, args=(slot,)) for slot in range(READERS)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    for thread in threads:
        thread.start()
    try:
        for extraction in corpus_extractions:
            kg.ingest(extraction)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=60)
        sys.setswitchinterval(interval)
    try:
        assert problems == []
        assert all(n > 0 for n in looks), looks
        assert len(sizes) > 10, "the readers did not overlap the ingest"
        assert read_state(Path(kg.store.path)) == reference
    finally:
        kg.close()


def graph_rows(g: nx.MultiDiGraph) -> tuple[dict[str, dict], dict[tuple[str, str, str], dict]]:
    return dict(g.nodes(data=True)), {(s, t, k): d for s, t, k, d in g.edges(keys=True, data=True)}


ROUNDS = 150


def shared_extraction(doc_id: str) -> Extraction:
    """A document that, like every other one here, names the same place (and one person of its own)."""
    text = f"{doc_id} spoke in Kyiv."
    return Extraction(
        Document(id=doc_id, text=text),
        entities=[
            EntityRecord(id="place:kyiv", kind="place", label="Kyiv"),
            EntityRecord(id=f"person:{doc_id}", kind="person", label=f"Speaker {doc_id}"),
        ],
        edges=[EdgeRecord(f"person:{doc_id}", "place:kyiv", "located_in")],
    )


def test_racing_writes_keep_the_live_graph_equal_to_the_file(tmp_path: Path) -> None:
    """Two writes at once (two POSTs, or a POST and a DELETE) on the same node, many times over:
    after each pair the graph in memory must equal the one rebuilt from the file."""
    kg = KnowledgeGraph.open(tmp_path / "racing.db")
    done = threading.Event()
    failures: list[str] = []

    def read() -> None:  # queries make writers queue for the lock, widening any gap
        while not done.is_set():
            with kg.reading() as g:
                g.number_of_nodes()

    def run(barrier: threading.Barrier, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            action()
        except Exception as exc:
            failures.append(repr(exc))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    reader = threading.Thread(target=read)
    reader.start()
    diverged = []
    try:
        for n in range(ROUNDS):
            actions: list[Callable[[], object]] = [
                partial(kg.ingest, shared_extraction(f"r{n}-a")),
                partial(kg.ingest, shared_extraction(f"r{n}-b")),
            ]
            if n % 3 == 2:  # every third round a delete races a write
                actions[1] = partial(kg.delete, f"r{n - 1}-b")
            barrier = threading.Barrier(len(actions))
            writers = [threading.Thread(target=run, args=(barrier, a)) for a in actions]
            for thread in writers:
                thread.start()
            for thread in writers:
                thread.join(timeout=60)
            with kg.reading() as g:
                live = graph_rows(g)
            if live != graph_rows(build_graph(kg.store)):
                diverged.append(n)
    finally:
        done.set()
        reader.join(timeout=60)
        sys.setswitchinterval(interval)
    try:
        assert failures == []
        assert diverged == [], f"the live graph left the file in {len(diverged)} of {ROUNDS} rounds"
        assert merge_problems(read_state(Path(kg.store.path))) == []
    finally:
        kg.close()
