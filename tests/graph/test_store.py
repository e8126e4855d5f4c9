"""The store: idempotence, replacement, deletion, and all-or-nothing writes, on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph.errors import DocumentNotFound, StoreError
from graph.knowledge import KnowledgeGraph, build_graph
from graph.records import Document, EdgeRecord, EntityRecord, Evidence, Extraction


def extraction(
    doc_id: str, text: str, names: list[str], *, edge: tuple[str, str] | None = None
) -> Extraction:
    entities = [EntityRecord(id=f"person:{n.lower()}", kind="person", label=n) for n in names]
    edges = []
    if edge:
        ev = Evidence(doc_id, text, 0, len(text))
        edges.append(
            EdgeRecord(f"person:{edge[0]}", f"person:{edge[1]}", "member_of", role="x", evidence=[ev])
        )
    return Extraction(Document(id=doc_id, text=text), entities=entities, edges=edges)


def snapshot(kg: KnowledgeGraph) -> tuple[dict, dict]:
    with kg.reading() as g:
        return dict(g.nodes(data=True)), {(s, t, k): d for s, t, k, d in g.edges(keys=True, data=True)}


def test_same_id_same_text_is_a_no_op(kg: KnowledgeGraph) -> None:
    first = kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"], edge=("ann", "bob")))
    before = snapshot(kg)
    again = kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"], edge=("ann", "bob")))
    assert (first.status, again.status) == ("added", "unchanged")
    assert snapshot(kg) == before
    assert kg.graph.nodes["person:ann"]["mentions"] == 1


def test_changed_text_replaces_old_contributions(kg: KnowledgeGraph) -> None:
    kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"], edge=("ann", "bob")))
    result = kg.ingest(extraction("d1", "Ann met Cid.", ["Ann", "Cid"]))
    assert result.status == "replaced"
    assert set(kg.graph.nodes) == {"person:ann", "person:cid"}
    assert kg.graph.number_of_edges() == 0


def test_delete_keeps_what_other_documents_support(kg: KnowledgeGraph) -> None:
    kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"], edge=("ann", "bob")))
    kg.ingest(extraction("d2", "Ann and Bob again.", ["Ann", "Bob"], edge=("ann", "bob")))
    kg.ingest(extraction("d3", "Cid alone.", ["Cid"]))
    assert kg.graph.nodes["person:ann"]["doc_ids"] == ["d1", "d2"]
    kg.delete("d1")
    assert kg.graph.nodes["person:ann"]["doc_ids"] == ["d2"]
    assert kg.graph.nodes["person:ann"]["mentions"] == 1
    assert kg.graph.edges["person:ann", "person:bob", "member_of"]["doc_ids"] == ["d2"]
    kg.delete("d2")
    assert set(kg.graph.nodes) == {"person:cid"}
    with pytest.raises(DocumentNotFound):
        kg.delete("d2")


def test_failed_write_leaves_no_trace(kg: KnowledgeGraph) -> None:
    kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"]))
    before = snapshot(kg)
    bad = extraction("d2", "Ann met Zed.", ["Ann", "Zed"], edge=("ann", "nobody"))
    with pytest.raises(StoreError):
        kg.ingest(bad)
    assert snapshot(kg) == before
    assert kg.store.document_hash("d2") is None
    assert snapshot(KnowledgeGraph(kg.store)) == before  # the file agrees with memory


def test_graph_rebuilt_from_file_equals_live_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    kg = KnowledgeGraph.open(path)
    kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"], edge=("ann", "bob")))
    kg.ingest(extraction("d2", "Bob met Cid.", ["Bob", "Cid"], edge=("bob", "cid")))
    kg.delete("d1")
    live = snapshot(kg)
    kg.close()
    reopened = KnowledgeGraph.open(path)
    assert snapshot(reopened) == live
    assert build_graph(reopened.store).number_of_nodes() == 2
    reopened.close()


def test_order_of_documents_does_not_change_the_graph(tmp_path: Path) -> None:
    docs = [
        extraction("d1", "Ann met Bob.", ["Ann", "Bob"], edge=("ann", "bob")),
        extraction("d2", "Bob met Ann.", ["Bob", "Ann"], edge=("ann", "bob")),
    ]
    a = KnowledgeGraph.open(tmp_path / "a.db")
    b = KnowledgeGraph.open(tmp_path / "b.db")
    for d in docs:
        a.ingest(d)
    for d in reversed(docs):
        b.ingest(d)
    assert snapshot(a) == snapshot(b)


# two other names the articles of one story share: the evidence that a surname is that story's man
STORY = [
    EntityRecord("organization:verkhovna-rada", "organization", "Verkhovna Rada"),
    EntityRecord("person:andriy-yermak", "person", "Andriy Yermak"),
]


def test_bare_surname_joins_the_stored_full_name(kg: KnowledgeGraph) -> None:
    kg.ingest(
        Extraction(
            Document("d1", "Volodymyr Zelenskiy spoke."),
            entities=[EntityRecord("person:volodymyr-zelenskiy", "person", "Volodymyr Zelenskiy"), *STORY],
        )
    )
    kg.ingest(
        Extraction(
            Document("d2", "Zelenskiy spoke."),
            entities=[EntityRecord("person:zelenskiy", "person", "Zelenskiy"), *STORY],
        )
    )
    node = kg.graph.nodes["person:volodymyr-zelenskiy"]
    assert node["doc_ids"] == ["d1", "d2"]
    assert "Zelenskiy" in node["aliases"]
    assert "person:zelenskiy" not in kg.graph


def test_integrity_of_the_file(kg: KnowledgeGraph) -> None:
    kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"]))
    with sqlite3.connect(kg.store.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM doc_nodes").fetchone()[0] == 2


def test_full_name_arriving_later_absorbs_the_bare_surname(kg: KnowledgeGraph) -> None:
    kg.ingest(
        Extraction(
            Document("d1", "Putin spoke."),
            entities=[
                EntityRecord("person:putin", "person", "Putin"),
                EntityRecord("place:russia", "place", "Russia"),
                *STORY,
            ],
            edges=[EdgeRecord("person:putin", "place:russia", "leader_of", role="President")],
        )
    )
    kg.ingest(
        Extraction(
            Document("d2", "Vladimir Putin spoke."),
            entities=[EntityRecord("person:vladimir-putin", "person", "Vladimir Putin"), *STORY],
        )
    )
    assert "person:putin" not in kg.graph
    node = kg.graph.nodes["person:vladimir-putin"]
    assert node["doc_ids"] == ["d1", "d2"] and "Putin" in node["aliases"]
    assert kg.graph.edges["person:vladimir-putin", "place:russia", "leader_of"]["doc_ids"] == ["d1"]
    rebuilt = KnowledgeGraph(kg.store)
    assert snapshot(rebuilt) == snapshot(kg)
    kg.delete("d2")  # the full name's article gone, the link it made goes with it
    assert "person:vladimir-putin" not in kg.graph
    assert kg.graph.edges["person:putin", "place:russia", "leader_of"]["doc_ids"] == ["d1"]


def test_spelling_variants_of_a_surname_link_across_documents(kg: KnowledgeGraph) -> None:
    kg.ingest(
        Extraction(
            Document("d1", "Volodymyr Zelenskyy spoke."),
            entities=[EntityRecord("person:volodymyr-zelensky", "person", "Volodymyr Zelenskyy"), *STORY],
        )
    )
    kg.ingest(
        Extraction(
            Document("d2", "Zelensky spoke."),
            entities=[EntityRecord("person:zelensky", "person", "Zelensky"), *STORY],
        )
    )
    assert kg.graph.nodes["person:volodymyr-zelensky"]["doc_ids"] == ["d1", "d2"]


def test_reading_edges_by_key_looks_them_up_rather_than_scanning(kg: KnowledgeGraph) -> None:
    """Edge text and followed changes are read by key: at a million edges a scan costs ~0.3 s."""
    from graph.store import _edges_query

    kg.ingest(extraction("d1", "Ann met Bob.", ["Ann", "Bob"], edge=("ann", "bob")))
    sql, params = _edges_query([("person:ann", "person:bob", "member_of")] * 3)
    plan = " | ".join(row[-1] for row in kg.store._db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "USING PRIMARY KEY" in plan and "SCAN" not in plan, plan
    assert kg.store.edge_texts([("person:ann", "person:bob", "member_of")])
