"""The live graph follows the store: each write updates only what it touched, and the result equals
a graph and indexes built anew from the file, whoever wrote it (this process or another)."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from pathlib import Path

import networkx as nx
import orjson
import pytest

from graph import store as store_module
from graph.derived import Counts, Indexes
from graph.knowledge import KnowledgeGraph, ReadWriteLock, build_graph
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Evidence, Extraction
from graph.store import ChangesLost, Store
from graph.texts import EDGE_TEXT, EVENT_IN_MEMORY, NODE_TEXT

FIRST = ["Anna", "Boris", "Chen", "Dmytro", "Elena"]
LAST = ["Smith", "Kuleba", "Berg", "Lopez", "Novak", "Okafor"]
PLACES = ["Kyiv", "Lviv", "Paris", "Lagos", "Oslo"]
TYPES = ["CONSULT", "AID", "ACCUSE", "STATEMENT"]
DATES = [None, "2021", "2021-05", "2021-05-06", "2020-12-31", "2021-05-07"]


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def random_document(rng: random.Random, doc_id: str) -> Extraction:
    """A document naming a few people (some by surname alone), places and organizations, with
    events between them and facts: enough overlap across documents for merges and renames."""
    sentence = f"{doc_id} says something {rng.random()}."
    evidence = [Evidence(doc_id, sentence, 0, len(sentence))]
    entities: dict[str, EntityRecord] = {}
    for _ in range(rng.randint(1, 4)):
        last = rng.choice(LAST)
        label = last if rng.random() < 0.3 else f"{rng.choice(FIRST)} {last}"
        entities[f"person:{_slug(label)}"] = EntityRecord(
            f"person:{_slug(label)}", "person", label, [label], mentions=rng.randint(1, 4)
        )
    for _ in range(rng.randint(0, 2)):
        place = rng.choice(PLACES)
        entities[f"place:{_slug(place)}"] = EntityRecord(f"place:{_slug(place)}", "place", place, [place])
    if rng.random() < 0.5:
        org = f"{rng.choice(LAST)} Foundation"
        entities[f"organization:{_slug(org)}"] = EntityRecord(
            f"organization:{_slug(org)}", "organization", org
        )
    ids = list(entities)
    events, edges = [], []
    for n in range(rng.randint(0, 3)):
        event_id = f"event:{doc_id}:{n}"
        event_type = rng.choice(TYPES)
        quote = "we agree" if event_type == "STATEMENT" else None
        events.append(
            EventRecord(
                event_id,
                event_type,
                f"{event_type} {n}",
                date=rng.choice(DATES),
                sentence=sentence,
                quote=quote,
                evidence=evidence,
            )
        )
        edges.append(EdgeRecord(rng.choice(ids), event_id, "actor", evidence=evidence))
        if len(ids) > 1:
            edges.append(EdgeRecord(event_id, rng.choice(ids), "recipient", evidence=evidence))
    if len(ids) > 1 and rng.random() < 0.5:
        a, b = rng.sample(ids, 2)
        edges.append(EdgeRecord(a, b, "member_of", role="member", evidence=evidence))
    text = f"{doc_id}: {sentence} {sorted(entities)}"
    return Extraction(Document(doc_id, text), list(entities.values()), events, edges)


def rows(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    return dict(g.nodes(data=True)), {(s, t, k): d for s, t, k, d in g.edges(keys=True, data=True)}


QUERIES = ["smith", "Smth", "anna", "boris kuleba", "kul", "foundation", "lagos", "novak", "berg anna", "o"]


def answers(indexes: Indexes) -> dict[str, object]:
    """Everything the indexes answer, in a form to compare."""
    names, timeline = indexes.names, indexes.timeline
    out: dict[str, object] = {"size": len(names)}
    for query in QUERIES:
        out[f"search {query}"] = names.search(query, limit=50)
        out[f"person {query}"] = names.search(query, kind="person", limit=3, offset=1)
        out[f"exact {query}"] = names.exact(query)
        out[f"surname {query}"] = names.surname(query)
    for kind in (None, "person", "place"):
        out[f"browse {kind}"] = names.browse(kind=kind, limit=100)
    for since, until in ((None, None), ("2021-05", None), (None, "2021-05-06"), ("2021", "2021")):
        for types in (None, ["CONSULT"], ["AID", "STATEMENT"]):
            for descending in (False, True):
                out[f"events {since} {until} {types} {descending}"] = timeline.page(
                    types=types, since=since, until=until, descending=descending, limit=500
                )
    return out


@pytest.mark.parametrize("seed", range(4))
def test_each_write_updates_the_graph_and_indexes_as_a_rebuild_would(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    kg = KnowledgeGraph.open(tmp_path / "live.db")
    with kg.reading():  # built once here, then only updated
        assert len(kg.indexes.names) == kg.counts.nodes == 0
    stored: list[str] = []
    for step in range(60):
        if stored and rng.random() < 0.25:
            kg.delete(stored.pop(rng.randrange(len(stored))))
        else:
            doc_id = rng.choice(stored) if stored and rng.random() < 0.3 else f"d{step}"
            kg.ingest(random_document(rng, doc_id))
            stored = sorted(set(stored) | {doc_id})
        if step % 10 == 9:
            fresh = build_graph(kg.store)
            assert rows(kg.graph) == rows(fresh), step
            assert kg.counts.as_dict() == Counts.of(fresh).as_dict(), step
            assert answers(kg.indexes) == answers(Indexes.build(fresh)), step
    assert kg.indexes.names.recent > 0, "the test never updated the index in place"
    kg.close()


def test_the_live_graph_keeps_no_long_text_and_the_store_gives_it(tmp_path: Path) -> None:
    kg = KnowledgeGraph.open(tmp_path / "text.db")
    rng = random.Random(7)
    for n in range(10):
        kg.ingest(random_document(rng, f"t{n}"))
    held = [k for _, d in kg.graph.nodes(data=True) for k in d if k in NODE_TEXT]
    held += [k for *_, d in kg.graph.edges(data=True) for k in d if k in EDGE_TEXT]
    assert held == []
    events = [n for n, kind in kg.graph.nodes(data="kind") if kind == "event"]
    assert all(kg.graph.nodes[e].keys() <= EVENT_IN_MEMORY for e in events)
    edges = list(kg.graph.edges(keys=True))
    assert events and edges
    texts = kg.store.node_texts(events)
    assert all(texts[e]["sentence"] and texts[e]["evidence"] for e in events)
    assert all(t["evidence"] for t in kg.store.edge_texts(edges).values())
    # memory and store together hold every attribute the store merged
    with kg.store.rows() as stored:
        for node_id, data in stored.nodes():
            data.pop("_primary")
            assert {**kg.graph.nodes[node_id], **kg.store.node_texts([node_id]).get(node_id, {})} == data
    kg.close()


def test_refresh_applies_what_another_process_wrote(tmp_path: Path) -> None:
    """A second writer (as `newsgraph ingest` is) adds, replaces, deletes and renames; the live
    graph and its indexes catch up to exactly what the file holds."""
    path = tmp_path / "shared.db"
    kg = KnowledgeGraph.open(path)
    with kg.reading():
        assert len(kg.indexes.names) == 0
    other = Store(path)
    rng = random.Random(3)
    for n in range(30):
        other.write(random_document(rng, f"o{n % 20}"))
        if n % 7 == 6:
            other.delete(f"o{n % 5}") if other.document_hash(f"o{n % 5}") else None
        if n % 5 == 4:
            assert kg.refresh() > 0
            fresh = build_graph(other)
            assert rows(kg.graph) == rows(fresh)
            assert kg.counts.as_dict() == Counts.of(fresh).as_dict()
            assert answers(kg.indexes) == answers(Indexes.build(fresh))
    # identity links another process makes and undoes: a surname alone joins the full name an
    # article of the same story brings (graph.resolve), its edge moves with it; deleting that
    # article undoes the link. Each time the live graph is what a rebuild from the file gives.
    story = [
        EntityRecord("organization:federal-reserve", "organization", "Federal Reserve"),
        EntityRecord("person:janet-yellen", "person", "Janet Yellen"),
    ]

    def caught_up() -> None:
        assert kg.refresh() > 0
        fresh = build_graph(other)
        assert rows(kg.graph) == rows(fresh)
        assert kg.counts.as_dict() == Counts.of(fresh).as_dict()
        assert answers(kg.indexes) == answers(Indexes.build(fresh))

    other.write(
        Extraction(
            Document("bare", "Okonjo spoke in Abuja."),
            [
                EntityRecord("person:okonjo", "person", "Okonjo"),
                EntityRecord("place:abuja", "place", "Abuja"),
                *story,
            ],
            edges=[EdgeRecord("person:okonjo", "place:abuja", "located_in")],
        )
    )
    caught_up()
    assert "person:okonjo" in kg.graph
    other.write(
        Extraction(
            Document("full", "Ngozi Okonjo spoke."),
            [EntityRecord("person:ngozi-okonjo", "person", "Ngozi Okonjo"), *story],
        )
    )
    caught_up()
    assert "person:okonjo" not in kg.graph
    assert kg.graph.nodes["person:ngozi-okonjo"]["doc_ids"] == ["bare", "full"]
    assert kg.graph.has_edge("person:ngozi-okonjo", "place:abuja")
    assert kg.indexes.names.exact("Okonjo") == ["person:ngozi-okonjo"]
    other.delete("full")
    caught_up()
    assert "person:ngozi-okonjo" not in kg.graph
    assert kg.graph.has_edge("person:okonjo", "place:abuja")
    assert kg.indexes.names.exact("Okonjo") == ["person:okonjo"]
    assert kg.refresh() == 0  # nothing new
    other.close()
    kg.close()


def test_any_change_to_a_merged_row_is_followed_whatever_made_it(tmp_path: Path) -> None:
    """The log is written by the database itself: a row changed by code that knows nothing of it
    (here plain SQL) reaches the live graph too."""
    path = tmp_path / "raw.db"
    kg = KnowledgeGraph.open(path)
    kg.ingest(random_document(random.Random(1), "r1"))
    node_id = next(n for n, kind in kg.graph.nodes(data="kind") if kind == "person")
    with sqlite3.connect(path) as db:
        (blob,) = db.execute("SELECT data FROM nodes WHERE id = ?", (node_id,)).fetchone()
        merged = orjson.loads(blob)
        merged["label"] = "Renamed Person"
        db.execute("UPDATE nodes SET data = ? WHERE id = ?", (orjson.dumps(merged), node_id))
    assert kg.refresh() == 1
    assert kg.graph.nodes[node_id]["label"] == "Renamed Person"
    assert kg.indexes.names.exact("renamed person") == [node_id]
    kg.close()


def test_a_graph_behind_a_pruned_log_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "CHANGES_KEPT", 5)
    monkeypatch.setattr(store_module, "_PRUNE_EVERY", 1)
    path = tmp_path / "pruned.db"
    kg = KnowledgeGraph.open(path)
    other = Store(path)
    rng = random.Random(5)
    for n in range(8):
        other.write(random_document(rng, f"p{n}"))
    with pytest.raises(ChangesLost):
        other.changes_since(kg.seq)
    assert kg.refresh() == -1  # rebuilt from the tables
    assert rows(kg.graph) == rows(build_graph(other))
    assert kg.seq == other.change_seq()
    other.close()
    kg.close()


def test_a_pinned_read_holds_back_writers_but_not_readers() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    pinned = threading.Event()
    release = threading.Event()

    def long_read() -> None:
        with lock.read(pinned=True):
            pinned.set()
            release.wait(10)
            order.append("pinned read done")

    def write() -> None:
        with lock.write():
            order.append("write")

    def read() -> None:
        with lock.read():
            order.append("read")

    threads = [threading.Thread(target=long_read)]
    threads[0].start()
    pinned.wait(10)
    threads.append(threading.Thread(target=write))
    threads[1].start()
    time.sleep(0.2)  # the writer is waiting now
    threads.append(threading.Thread(target=read))
    threads[2].start()
    threads[2].join(10)
    assert order == ["read"], "a reader waited behind a writer that waits for a pinned read"
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["read", "pinned read done", "write"]
