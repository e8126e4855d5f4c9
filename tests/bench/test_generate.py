"""The benchmark's graph generator: replicas of real records that the store itself would write."""

from __future__ import annotations

import csv
import re
import sqlite3
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import orjson
import pytest
from cleanco.termdata import terms_by_type

from bench.generate import PSEUDO_WORD, Words, as_extraction, copies, generate, read_templates
from bench.phases import resolve_at_scale
from graph.knowledge import build_graph
from graph.names import dropped_org_words, generic_org_words
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Extraction
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


def _generate_and_write(source: Path, tmp: Path, copy_count: int) -> tuple[Path, Path]:
    """The same replicas written by the generator and by Store.write, document by document."""
    bulk, written = tmp / "bulk.db", tmp / "written.db"
    templates = read_templates(source)
    per_copy = len({e for t in templates for e in t.edges if e[0] != e[1]})
    made = generate(source, bulk, edges=copy_count * per_copy, workers=2)
    assert made["copies"] == copy_count and made["resolution_check"] == 0
    with Store(written) as store:
        for batch in copies(templates, copy_count):
            for item in batch:
                store.write(as_extraction(item))
    return bulk, written


@pytest.fixture(scope="module")
def generated(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _generate_and_write(seed_db, tmp_path_factory.mktemp("generate"), COPIES)


def _person(label: str) -> EntityRecord:
    return EntityRecord(f"person:{'-'.join(label.lower().split())}", "person", label)


def _org(label: str, *aliases: str) -> EntityRecord:
    slug = "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split())
    return EntityRecord(f"organization:{slug}", "organization", label, aliases=[label, *aliases])


def _article(doc_id: str, *entities: EntityRecord) -> Extraction:
    event = EventRecord(f"event:{doc_id}:0", "STATEMENT", "said")
    edges = [EdgeRecord(entities[0].id, event.id, "actor")]
    edges += [
        EdgeRecord(entities[0].id, e.id, "member_of") for e in entities[1:2] if e.kind == "organization"
    ]
    return Extraction(
        Document(doc_id, f"text of {doc_id}"), entities=list(entities), events=[event], edges=edges
    )


# Articles whose names resolution links across documents: a surname alone to the full name of the
# same story, an acronym to the name a text defined it for, a name to the kind most articles give it.
LINKED = [
    _article("a1", _person("Ngozi Okonjo"), _org("World Bank"), _person("Janet Yellen")),
    _article("a2", _person("Okonjo"), _org("World Bank"), _person("Janet Yellen")),
    _article("a3", _org("International Atomic Energy Agency", "IAEA"), _person("Rafael Grossi")),
    _article("a4", _org("IAEA"), _person("Rafael Grossi")),
    _article("a5", _person("Sanofi"), _org("World Bank"), _person("Janet Yellen")),
    _article("a6", _org("Sanofi"), _person("Janet Yellen"), _org("World Bank")),
    _article("a7", _org("Sanofi"), _person("Ngozi Okonjo")),
]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("linked")
    with Store(tmp / "source.db") as store:
        for extraction in LINKED:
            store.write(extraction)
    return _generate_and_write(tmp / "source.db", tmp, 3)


def test_bulk_writer_stores_what_store_write_stores(generated: tuple[Path, Path]) -> None:
    bulk, written = generated
    assert _tables(bulk) == _tables(written)


def test_each_copy_gets_the_links_resolution_gives_it(linked: tuple[Path, Path]) -> None:
    """The first copy is resolved by the store, the others get its links under their names:
    what Store.write decides for every copy's documents one by one."""
    bulk, written = linked
    tables = _tables(bulk)
    assert tables == _tables(written)
    whys = Counter((doc.split("/")[0], why.split(" (")[0]) for doc, _, _, _, why in tables["links"])
    for copy in ("synthetic-00000", "synthetic-00001", "synthetic-00002"):
        assert whys[(copy, "surname")] == 1 and whys[(copy, "same name, another kind")] == 1, whys
    decided = Counter((name.split("-")[0], why) for name, _, _, why in tables["name_links"])
    assert all(decided[(f"organization:{c:05d}", "acronym defined in a text")] == 1 for c in range(3)), (
        decided
    )
    # no link crosses from one copy to another
    assert all(doc.split("/")[0][-5:] == node.split(":")[1][:5] for doc, _, _, node, _ in tables["links"])


def test_no_two_copies_share_a_pseudo_word(seed_db: Path) -> None:
    templates = read_templates(seed_db)
    words = Words(templates)
    source = {
        w.casefold() for t in templates for n, d in t.nodes.items() for w in re.findall(r"[^\W\d_]+", n)
    }
    assert words.capacity > 200 and source
    made = [words.pseudo(w, copy) for w in sorted(source) for copy in range(200)]
    assert len(set(made)) == len(made)
    assert all(PSEUDO_WORD.fullmatch(w) for w in made)
    with pytest.raises(ValueError, match="copies apart"):
        words.pseudo(next(iter(source)), words.capacity)


def test_no_pseudo_word_is_a_word_resolution_knows() -> None:
    """Given names and their variants (the nicknames package), legal forms (cleanco), the words
    for kinds of bodies: none can be a pseudo-word, in capitals or not."""
    text = resources.files("nicknames").joinpath("names.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))[1:]
    known = {name for row in rows for name in (row[0], row[2])}
    known |= {w.casefold() for terms in terms_by_type.values() for t in terms for w in re.findall(r"\w+", t)}
    known |= generic_org_words() | dropped_org_words() | {"the", "and", "of"}
    assert len(known) > 1000 and "william" in known and "gmbh" in known and "bank" in known
    assert not [w for w in known if PSEUDO_WORD.fullmatch(w)]


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


def test_copies_made_by_one_process_are_the_copies_made_by_two(
    seed_db: Path, generated: tuple[Path, Path], tmp_path: Path
) -> None:
    per_copy = len({e for t in read_templates(seed_db) for e in t.edges if e[0] != e[1]})
    made = generate(seed_db, tmp_path / "parallel.db", edges=COPIES * per_copy, workers=1)
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
