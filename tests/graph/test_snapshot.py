"""The snapshot beside the database: loaded when it can stand for the store, rebuilt when it is
missing, corrupt, stale or another database's, and brought up to date when merely behind."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from graph import snapshot
from graph import store as store_module
from graph.derived import Counts, Indexes
from graph.knowledge import KnowledgeGraph, build_graph
from graph.store import Store
from tests.graph.test_knowledge import answers, random_document, rows


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A database of 20 documents and a snapshot of its graph, written after them."""
    path = tmp_path / "graph.db"
    kg = KnowledgeGraph.open(path)
    rng = random.Random(11)
    for n in range(20):
        kg.ingest(random_document(rng, f"s{n}"))
    assert kg.save_snapshot(snapshot.path_for(path)) > 0
    kg.close()
    return path


def start(path: Path) -> tuple[KnowledgeGraph, str]:
    return KnowledgeGraph.start(Store(path), snapshot.path_for(path))


def assert_current(kg: KnowledgeGraph) -> None:
    fresh = build_graph(kg.store)
    assert rows(kg.graph) == rows(fresh)
    assert kg.counts.as_dict() == Counts.of(fresh).as_dict()
    assert answers(kg.indexes) == answers(Indexes.build(fresh))
    assert kg.seq == kg.store.change_seq()


def test_a_matching_snapshot_is_loaded_not_rebuilt(saved: Path) -> None:
    kg, how = start(saved)
    assert how.startswith("loaded") and "0 applied since" in how
    assert kg.indexed  # the indexes came with it
    assert_current(kg)
    kg.close()


def test_a_snapshot_behind_the_store_is_caught_up(saved: Path) -> None:
    with Store(saved) as other:  # written while no server ran
        rng = random.Random(12)
        for n in range(5):
            other.write(random_document(rng, f"s{n}"))  # replaced
        other.delete("s7")
    kg, how = start(saved)
    assert how.startswith("loaded") and "0 applied since" not in how
    assert "s7" not in {d for _, ids in kg.graph.nodes(data="doc_ids") for d in ids}
    assert_current(kg)
    kg.close()


def flip_a_byte(path: Path, at: float) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x40
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p: flip_a_byte(p, 0.7), "corrupt"),
        (lambda p: flip_a_byte(p, 0.999), "corrupt"),
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "corrupt"),
        (lambda p: p.write_bytes(b"not a snapshot at all"), "not a snapshot"),
        (lambda p: p.write_bytes(p.read_bytes()[:30]), "damaged header"),
        (lambda p: p.unlink(), "no snapshot"),
    ],
    ids=["payload", "tail", "truncated", "garbage", "header", "missing"],
)
def test_a_damaged_or_missing_snapshot_is_rebuilt(saved: Path, damage, reason: str) -> None:  # type: ignore[no-untyped-def]
    damage(snapshot.path_for(saved))
    kg, how = start(saved)
    assert how.startswith("built") and reason in how
    assert_current(kg)
    kg.close()


def test_a_snapshot_the_change_log_no_longer_covers_is_stale(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "CHANGES_KEPT", 3)
    monkeypatch.setattr(store_module, "_PRUNE_EVERY", 1)
    with Store(saved) as other:
        other.write(random_document(random.Random(13), "late"))
    kg, how = start(saved)
    assert how.startswith("built") and "stale" in how
    assert_current(kg)
    kg.close()


def test_another_databases_snapshot_is_not_used(saved: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    kg = KnowledgeGraph.open(other)
    kg.ingest(random_document(random.Random(14), "x"))
    kg.close()
    shutil.copyfile(snapshot.path_for(saved), snapshot.path_for(other))
    kg, how = start(other)
    assert how.startswith("built") and "another database" in how
    assert_current(kg)
    kg.close()


def test_a_snapshot_ahead_of_its_store_is_stale(saved: Path, tmp_path: Path) -> None:
    """The database was restored from an older copy: the snapshot knows changes it has lost."""
    backup = tmp_path / "backup.db"
    with Store(saved) as store:
        store._db.execute("VACUUM INTO ?", (str(backup),))
        store.write(random_document(random.Random(15), "after-backup"))
    kg = KnowledgeGraph.open(saved)
    kg.save_snapshot(snapshot.path_for(saved))
    kg.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{saved}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, saved)
    kg, how = start(saved)
    assert how.startswith("built") and "stale" in how
    assert "after-backup" not in {d for _, ids in kg.graph.nodes(data="doc_ids") for d in ids}
    kg.close()


def test_a_snapshot_is_written_by_a_child_while_the_graph_moves_on(tmp_path: Path) -> None:
    """The graph is held still only for the fork: the file then holds the graph as it was."""
    path = tmp_path / "moving.db"
    kg = KnowledgeGraph.open(path)
    rng = random.Random(16)
    for n in range(10):
        kg.ingest(random_document(rng, f"m{n}"))
    before = rows(kg.graph)
    with kg.reading():
        saved = snapshot.Saved(kg.store.store_id, kg.seq, kg.graph, kg.indexes, kg.counts)
        finish = snapshot.save_in_child(snapshot.path_for(path), saved)
    assert not snapshot.path_for(path).exists()  # still being written, by the child
    kg.ingest(random_document(rng, "later"))  # the writer goes on meanwhile
    assert finish() > 0
    loaded = snapshot.load(snapshot.path_for(path), store_id=kg.store.store_id, first_seq=0, last_seq=kg.seq)
    assert rows(loaded.graph) == before != rows(kg.graph)
    kg.close()
