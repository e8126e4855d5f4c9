"""The benchmark's graph generator: replicas of real records that the store itself would write."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import orjson
import pytest

from bench.generate import as_extraction, copies, generate, read_templates, resolve_copy, write_copy
from bench.phases import resolve_at_scale
from graph.knowledge import build_graph
from graph.store import Store

COPIES = 2


def _tables(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        return {
            "nodes": {
                r[0]: (*r[1:-1], orjson.loads(r[-1]))
                for r in conn.execute("SELECT id, kind, surname, bare, data FROM nodes")
            },
            "edges": {r[:3]: orjson.loads(r[3]) for r in conn.execute("SELECT * FROM edges")},
            "doc_nodes": {r[:2]: orjson.loads(r[2]) for r in conn.execute("SELECT * FROM doc_nodes")},
            "doc_edges": {r[:4]: orjson.loads(r[4]) for r in conn.execute("SELECT * FROM doc_edges")},
            "links": set(conn.execute("SELECT * FROM links")),
            "name_links": set(conn.execute("SELECT * FROM name_links")),
            "name_keys": set(conn.execute("SELECT * FROM name_keys")),
            "documents": set(conn.execute("SELECT id, title, published, text_hash, meta FROM documents")),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def generated(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same replicas written by the generator's bulk writer and by Store.write."""
    tmp = tmp_path_factory.mktemp("generate")
    bulk, written = tmp / "bulk.db", tmp / "written.db"
    templates = read_templates(seed_db)
    Store(bulk).close()
    conn = sqlite3.connect(bulk, isolation_level=None)
    with Store(written) as store, Store(bulk) as resolver:
        for batch in copies(templates, COPIES):
            write_copy(conn, batch)
            resolve_copy(resolver, batch)
            for item in batch:
                store.write(as_extraction(item))
    conn.close()
    return bulk, written


def test_bulk_writer_stores_what_store_write_stores(generated: tuple[Path, Path]) -> None:
    bulk, written = generated
    assert _tables(bulk) == _tables(written)


def test_replicas_keep_kinds_and_degrees_under_new_names(seed_db: Path, generated: tuple[Path, Path]) -> None:
    with Store(seed_db) as store:
        source = build_graph(store)
    with Store(generated[0]) as store:
        replica = build_graph(store)
    assert source.number_of_edges() > 0
    assert replica.number_of_edges() == COPIES * source.number_of_edges()
    assert nx.number_weakly_connected_components(replica) == COPIES * nx.number_weakly_connected_components(
        source
    )
    kinds = Counter(k for _, k in source.nodes(data="kind"))
    assert Counter(k for _, k in replica.nodes(data="kind")) == {k: COPIES * n for k, n in kinds.items()}
    degrees = Counter(d for _, d in source.degree())
    assert Counter(d for _, d in replica.degree()) == {d: COPIES * n for d, n in degrees.items()}
    assert not set(source) & set(replica)
    labels = {label for _, label in source.nodes(data="label")}
    entity_labels = {d["label"] for _, d in replica.nodes(data=True) if d["kind"] != "event"}
    assert not labels & entity_labels

    # the stored rows keep their long text verbatim: as many evidence sentences, as long, per copy
    def sentences(db: Path) -> int:
        return sum(len(e["sentence"]) for d in _tables(db)["edges"].values() for e in d.get("evidence", ()))

    assert sentences(seed_db) > 0
    assert sentences(generated[0]) == COPIES * sentences(seed_db)


def test_copies_made_in_parallel_are_the_copies_made_in_turn(
    seed_db: Path, generated: tuple[Path, Path], tmp_path: Path
) -> None:
    per_copy = len({e for t in read_templates(seed_db) for e in t.edges if e[0] != e[1]})
    made = generate(seed_db, tmp_path / "parallel.db", edges=COPIES * per_copy, workers=2)
    assert made["copies"] == COPIES
    assert _tables(tmp_path / "parallel.db") == _tables(generated[0])


def test_resolution_row_writes_into_the_archive_and_leaves_it_as_it_was(
    seed_db: Path, generated: tuple[Path, Path]
) -> None:
    """bench.phases.resolve_at_scale: articles naming what the archive names, written and deleted."""
    bulk = generated[0]
    archive = bulk.parent / "archive.db"
    archive.write_bytes(bulk.read_bytes())
    before = _tables(archive)
    made = resolve_at_scale(db=str(archive), source=str(seed_db), count=2)
    assert made["restored"] and made["docs"] == 2 and made["archive_docs"] == len(before["documents"])
    assert 0 < made["resolve_ms"] < made["write_ms"]
    after = _tables(archive)
    assert after["nodes"] == before["nodes"] and after["edges"] == before["edges"]
    assert after["links"] == before["links"] and after["name_keys"] == before["name_keys"]
