"""The SQLite store: documents and what each contributed, the source of truth for the graph.

Each document's extraction is kept as its own rows (`doc_nodes`, `doc_edges`); the merged node and
edge rows (`nodes`, `edges`) are maintained in the same transaction, so the in-memory graph can be
rebuilt at start by reading two tables. One document is one transaction: a crash leaves either all
of a document or none of it.

The change log: every insert, update or delete of a merged row, by any code and any process, adds
the row's key to `changes` (SQLite triggers write it, in the writer's own transaction). Its `seq`
only grows, so a process holding a graph built at sequence N brings it up to date by reading the
keys logged after N and the current rows they name (`changes_since`). The log keeps the last
`CHANGES_KEPT` entries; a reader further behind than that rebuilds from the tables instead
(`ChangesLost`).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from graph import merge as merging
from graph.errors import DocumentNotFound, StoreError
from graph.names import surname_key
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Extraction
from graph.texts import edge_stored_only, stored_only

SCHEMA_VERSION = 2
CHANGES_KEPT = 500_000  # change-log entries kept: about 15,000 documents' worth
_PRUNE_EVERY = 256  # writes between two prunings of the change log

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, title TEXT, source TEXT, url TEXT, published TEXT,
    text_hash TEXT NOT NULL, text TEXT NOT NULL, meta BLOB NOT NULL, ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_nodes (
    doc_id TEXT NOT NULL, node_id TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (doc_id, node_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_nodes_node ON doc_nodes (node_id);
CREATE TABLE IF NOT EXISTS doc_edges (
    doc_id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
    data BLOB NOT NULL, PRIMARY KEY (doc_id, source, target, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_edges_edge ON doc_edges (source, target, key);
CREATE INDEX IF NOT EXISTS doc_edges_target ON doc_edges (target);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, surname TEXT, bare INTEGER NOT NULL DEFAULT 0,
    data BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_surname ON nodes (surname) WHERE surname IS NOT NULL;
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (source, target, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL, target TEXT, key TEXT  -- a node: its id, target NULL; an edge: its key
);
CREATE TRIGGER IF NOT EXISTS nodes_insert AFTER INSERT ON nodes BEGIN
    INSERT INTO changes (source) VALUES (NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS nodes_update AFTER UPDATE ON nodes BEGIN
    INSERT INTO changes (source) SELECT OLD.id UNION SELECT NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS nodes_delete AFTER DELETE ON nodes BEGIN
    INSERT INTO changes (source) VALUES (OLD.id);
END;
CREATE TRIGGER IF NOT EXISTS edges_insert AFTER INSERT ON edges BEGIN
    INSERT INTO changes (source, target, key) VALUES (NEW.source, NEW.target, NEW.key);
END;
CREATE TRIGGER IF NOT EXISTS edges_update AFTER UPDATE ON edges BEGIN
    INSERT INTO changes (source, target, key)
        SELECT OLD.source, OLD.target, OLD.key UNION SELECT NEW.source, NEW.target, NEW.key;
END;
CREATE TRIGGER IF NOT EXISTS edges_delete AFTER DELETE ON edges BEGIN
    INSERT INTO changes (source, target, key) VALUES (OLD.source, OLD.target, OLD.key);
END;
"""
CHANGE_TRIGGERS = tuple(f"{t}_{e}" for t in ("nodes", "edges") for e in ("insert", "delete", "update"))

NodeId = str
EdgeId = tuple[str, str, str]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


@dataclass(slots=True)
class Delta:
    """What one write or delete changed: merged rows to set, or None where a row went away."""

    status: str  # "added" | "replaced" | "unchanged" | "deleted"
    doc_id: str
    nodes: dict[NodeId, dict[str, Any] | None] = field(default_factory=dict)
    edges: dict[EdgeId, dict[str, Any] | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What a write did: its status, and how many merged nodes and edges it touched."""

    doc_id: str
    status: str  # added | replaced | unchanged | deleted
    nodes: int
    edges: int

    @classmethod
    def of(cls, delta: Delta) -> IngestResult:
        return cls(delta.doc_id, delta.status, len(delta.nodes), len(delta.edges))


def entity_data(record: EntityRecord) -> dict[str, Any]:
    data: dict[str, Any] = {**record.attrs, "kind": record.kind, "label": record.label}
    data["aliases"] = sorted(set(record.aliases) | {record.label})
    data["mentions"] = record.mentions
    return data


def event_data(record: EventRecord) -> dict[str, Any]:
    return {
        **record.attrs,
        "kind": "event",
        "label": record.label,
        "event_type": record.event_type,
        "mode": record.mode,
        "date": record.date,
        "sentence": record.sentence,
        "quote": record.quote,
        "evidence": [e.as_dict() for e in record.evidence],
        "mentions": 1,
    }


def edge_data(record: EdgeRecord) -> dict[str, Any]:
    data: dict[str, Any] = {**record.attrs, "relation": record.relation}
    if record.role is not None:
        data["role"] = record.role
    data["evidence"] = [e.as_dict() for e in record.evidence]
    return data


def surname_of(kind: str, label: str) -> str | None:
    """The index key that lets "Zelenskiy" and "Volodymyr Zelenskyy" find each other."""
    return surname_key(label) if kind == "person" else None


def node_row(node_id: str, merged: dict[str, Any]) -> tuple[str, str, str | None, int, bytes]:
    """A merged node as its `nodes` row: id, kind, surname key, named by surname alone, data."""
    kind, label = merged.get("kind", ""), merged.get("label", "")
    bare = int(kind == "person" and len(label.split()) == 1)
    return (node_id, kind, surname_of(kind, label), bare, _dumps(merged))


@dataclass(slots=True)
class Changes:
    """The merged rows changed after some sequence number, as they are at `seq` (None: gone)."""

    seq: int
    nodes: dict[NodeId, dict[str, Any] | None] = field(default_factory=dict)
    edges: dict[EdgeId, dict[str, Any] | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges)


class ChangesLost(StoreError):
    """The change log no longer reaches back to the sequence asked for: rebuild from the tables."""


class Store:
    """One SQLite file. Writes go through one connection under a lock; reads that need no write
    transaction use a connection per thread, so they neither wait for writes nor for each other.
    Safe across threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL survives a killed process
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            # which file this is: a snapshot of another store's graph never passes for this one's
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))
            self.store_id: str = self._db.execute("SELECT value FROM meta WHERE key='store_id'").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._writes = 0

    def close(self) -> None:
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def document_hash(self, doc_id: str) -> str | None:
        row = self._query_one("SELECT text_hash FROM documents WHERE id = ?", (doc_id,))
        return row[0] if row else None

    def document(self, doc_id: str, *, with_text: bool = True) -> dict[str, Any]:
        cols = "id, title, source, url, published, text_hash, meta, ingested_at"
        row = (
            self._reader()
            .execute(f"SELECT {cols}{', text' if with_text else ''} FROM documents WHERE id = ?", (doc_id,))
            .fetchone()
        )
        if row is None:
            raise DocumentNotFound(doc_id)
        return self._document_row(row, with_text=with_text)

    def documents(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        cols = "id, title, source, url, published, text_hash, meta, ingested_at"
        rows = self._reader().execute(
            f"SELECT {cols} FROM documents ORDER BY published, id LIMIT ? OFFSET ?", (limit, offset)
        )
        return [self._document_row(r, with_text=False) for r in rows]

    def count_documents(self) -> int:
        row = self._reader().execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    def count_nodes(self) -> dict[str, int]:
        """Merged nodes by kind."""
        return dict(self._reader().execute("SELECT kind, count(*) FROM nodes GROUP BY kind").fetchall())

    def document_contributions(self, doc_id: str) -> tuple[list[str], list[EdgeId]]:
        db = self._reader()
        nodes = [r[0] for r in db.execute("SELECT node_id FROM doc_nodes WHERE doc_id=?", (doc_id,))]
        edges = [
            (r[0], r[1], r[2])
            for r in db.execute("SELECT source, target, key FROM doc_edges WHERE doc_id=?", (doc_id,))
        ]
        return nodes, edges

    def rows(self) -> AbstractContextManager[Rows]:
        """Every merged row as it is at one moment (a read transaction on a connection of its own)."""
        return open_rows(self.path)

    def iter_nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        with self.rows() as rows:
            yield from rows.nodes()

    def iter_edges(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        with self.rows() as rows:
            yield from rows.edges()

    def persons_with_surname(self, surname: str, *, bare: bool = False, limit: int = -1) -> list[str]:
        """Full-named persons (or, with `bare`, persons named by surname alone) with this surname."""
        rows = self._query(
            "SELECT id FROM nodes WHERE surname = ? AND bare = ? ORDER BY id LIMIT ?",
            (surname_key(surname), int(bare), limit),
        )
        return [r[0] for r in rows]

    def integrity_check(self) -> str:
        row = self._query_one("PRAGMA integrity_check", ())
        return str(row[0]) if row else "no answer"

    # -- long text -------------------------------------------------------------------------

    def node_texts(self, node_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The attributes of these merged nodes that the live graph does not hold (graph.texts)."""
        out: dict[str, dict[str, Any]] = {}
        db = self._reader()
        for chunk in _chunks(list(dict.fromkeys(node_ids)), _IN_CHUNK):
            marks = ",".join("?" * len(chunk))
            for node_id, data in db.execute(f"SELECT id, data FROM nodes WHERE id IN ({marks})", chunk):
                out[node_id] = stored_only(orjson.loads(data))
        return out

    def edge_texts(self, edges: Iterable[EdgeId]) -> dict[EdgeId, dict[str, Any]]:
        """The long-text attributes (evidence) of these merged edges, by (source, target, key)."""
        out: dict[EdgeId, dict[str, Any]] = {}
        db = self._reader()
        for chunk in _chunks(list(dict.fromkeys(edges)), _EDGE_CHUNK):
            for source, target, key, data in db.execute(*_edges_query(chunk)):
                out[(source, target, key)] = edge_stored_only(orjson.loads(data))
        return out

    # -- the change log --------------------------------------------------------------------

    def change_log_range(self) -> tuple[int, int]:
        """(the last change pruned from the log, the latest change): the log holds those between."""
        db = self._reader()
        db.execute("BEGIN")
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'pruned_through'").fetchone()
            return (int(row[0]) if row else 0), _head(db)
        finally:
            db.execute("COMMIT")

    def change_seq(self) -> int:
        """The sequence number of the latest logged change (0 for a store never changed)."""
        return _head(self._reader())

    def changes_since(self, seq: int) -> Changes:
        """The merged rows changed after `seq`, read in one transaction: the state at the result's
        `seq`. Raises ChangesLost when the log was pruned past `seq` or the store is behind it."""
        db = self._reader()
        db.execute("BEGIN")
        try:
            head = _head(db)
            row = db.execute("SELECT value FROM meta WHERE key = 'pruned_through'").fetchone()
            pruned = int(row[0]) if row else 0
            if not pruned <= seq <= head:
                raise ChangesLost(
                    f"{self.path}: the change log holds changes {pruned + 1}-{head}, not those after {seq}"
                )
            changes = Changes(head)
            if head == seq:
                return changes
            for source, target, key in db.execute(
                "SELECT DISTINCT source, target, key FROM changes WHERE seq > ?", (seq,)
            ):
                if target is None:
                    changes.nodes[source] = None
                else:
                    changes.edges[(source, target, key)] = None
            for chunk in _chunks(list(changes.nodes), _IN_CHUNK):
                marks = ",".join("?" * len(chunk))
                for node_id, data in db.execute(f"SELECT id, data FROM nodes WHERE id IN ({marks})", chunk):
                    changes.nodes[node_id] = orjson.loads(data)
            for chunk in _chunks(list(changes.edges), _EDGE_CHUNK):
                for source, target, key, data in db.execute(*_edges_query(chunk)):
                    changes.edges[(source, target, key)] = orjson.loads(data)
            return changes
        finally:
            db.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------------

    def write(self, extraction: Extraction) -> Delta:
        """Store one document and its extraction in one transaction (no-op if unchanged)."""
        doc = extraction.document
        digest = text_hash(doc.text)
        with self._lock:
            if self.document_hash(doc.id) == digest:
                return Delta("unchanged", doc.id)
            self._begin()
            try:
                old = self.document_hash(doc.id)  # again: another process may have written it since
                if old == digest:
                    self._db.execute("ROLLBACK")
                    return Delta("unchanged", doc.id)
                delta = Delta("replaced" if old else "added", doc.id)
                if old:
                    self._remove_contributions(doc.id, delta)
                self._insert_document(doc, digest)
                linked = self._link_surnames(extraction)
                self._insert_contributions(linked, delta)
                self._absorb_bare_surnames(linked, delta)
                self._wrote()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return delta

    def ingest(self, extraction: Extraction) -> IngestResult:
        """`write`, summed up: what an ingest that keeps no graph in memory reports."""
        return IngestResult.of(self.write(extraction))

    def delete(self, doc_id: str) -> Delta:
        """Remove a document and everything only it contributed."""
        with self._lock:
            self._begin()
            try:
                if self.document_hash(doc_id) is None:
                    raise DocumentNotFound(doc_id)
                delta = Delta("deleted", doc_id)
                self._remove_contributions(doc_id, delta)
                self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
                self._wrote()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return delta

    # -- internals -------------------------------------------------------------------------

    def _begin(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc

    def _connect_reader(self) -> sqlite3.Connection:
        return _connect_reader(self.path)

    def _reader(self) -> sqlite3.Connection:
        """This thread's read connection (committed data only; never inside a write)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect_reader()
            with self._lock:
                self._readers.append(db)
        return db

    def _wrote(self) -> None:
        """Bookkeeping at the end of a write transaction: now and then, prune the change log."""
        self._writes += 1
        if self._writes % _PRUNE_EVERY == 0:
            self._prune_changes()

    def _prune_changes(self) -> None:
        """Forget change-log entries beyond the last CHANGES_KEPT (inside a write transaction)."""
        through = _head(self._db) - CHANGES_KEPT
        if through > 0:
            self._db.execute("DELETE FROM changes WHERE seq <= ?", (through,))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('pruned_through', ?)", (str(through),))

    def _query(self, sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    def _query_one(self, sql: str, params: Iterable[Any]) -> tuple[Any, ...] | None:
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchone()

    @staticmethod
    def _document_row(row: tuple[Any, ...], *, with_text: bool) -> dict[str, Any]:
        out = {
            "id": row[0],
            "title": row[1],
            "source": row[2],
            "url": row[3],
            "published": row[4],
            "text_hash": row[5],
            "meta": orjson.loads(row[6]),
            "ingested_at": row[7],
        }
        if with_text:
            out["text"] = row[8]
        return out

    def _insert_document(self, doc: Document, digest: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.title,
                doc.source,
                doc.url,
                doc.published,
                digest,
                doc.text,
                _dumps(doc.meta),
                time.time(),
            ),
        )

    def _insert_contributions(self, extraction: Extraction, delta: Delta) -> None:
        doc_id = extraction.document.id
        nodes: dict[str, dict[str, Any]] = {}
        for entity in extraction.entities:
            nodes[entity.id] = entity_data(entity)
        for event in extraction.events:
            nodes[event.id] = event_data(event)
        edges: dict[EdgeId, dict[str, Any]] = {}
        for edge in extraction.edges:
            if edge.source == edge.target:
                continue
            edges[(edge.source, edge.target, edge.key)] = edge_data(edge)
        for node_id, data in nodes.items():
            self._db.execute("INSERT INTO doc_nodes VALUES (?, ?, ?)", (doc_id, node_id, _dumps(data)))
            self._fold_node(node_id, merging.contribution(data, doc_id), delta)
        for (source, target, key), data in edges.items():
            for end in (source, target):
                if end not in nodes:  # keeps deletes exact: an edge lives only with its ends
                    raise StoreError(
                        f"edge {source} -> {target} names a node {end!r} "
                        f"that document {doc_id!r} does not contribute"
                    )
            self._db.execute(
                "INSERT INTO doc_edges VALUES (?, ?, ?, ?, ?)",
                (doc_id, source, target, key, _dumps(data)),
            )
            self._fold_edge((source, target, key), merging.contribution(data, doc_id), delta)

    def _link_surnames(self, extraction: Extraction) -> Extraction:
        """Point a bare surname ("Zelenskiy") at the one full-named person already stored."""
        renames: dict[str, str] = {}
        for entity in extraction.entities:
            if entity.kind != "person" or len(entity.label.split()) != 1:
                continue
            candidates = self.persons_with_surname(entity.label, limit=2)  # only "exactly one" matters
            if len(candidates) == 1 and candidates[0] != entity.id:
                renames[entity.id] = candidates[0]
        if not renames:
            return extraction
        entities: dict[str, EntityRecord] = {}
        for entity in extraction.entities:
            new_id = renames.get(entity.id, entity.id)
            if new_id in entities:
                entities[new_id].mentions += entity.mentions
                entities[new_id].aliases = sorted(set(entities[new_id].aliases) | set(entity.aliases))
            else:
                entities[new_id] = replace(entity, id=new_id, aliases=list(entity.aliases))
        edges = [
            replace(e, source=renames.get(e.source, e.source), target=renames.get(e.target, e.target))
            for e in extraction.edges
        ]
        return replace(extraction, entities=list(entities.values()), edges=edges)

    def _absorb_bare_surnames(self, extraction: Extraction, delta: Delta) -> None:
        """A full name arriving after documents that named the person by surname alone: when it is
        the only full name with that surname, the bare surname's node joins it (in every document)."""
        for entity in extraction.entities:
            if entity.kind != "person" or len(entity.label.split()) < 2:
                continue
            surname = surname_key(entity.label) or ""
            if self.persons_with_surname(surname, limit=2) != [entity.id]:
                continue
            for bare in self.persons_with_surname(surname, bare=True):
                self._rename_node(bare, entity.id, delta)

    def _rename_node(self, old: str, new: str, delta: Delta) -> None:
        docs = [r[0] for r in self._db.execute("SELECT doc_id FROM doc_nodes WHERE node_id=?", (old,))]
        both = self._db.execute(
            f"SELECT 1 FROM doc_nodes WHERE node_id=? AND doc_id IN ({','.join('?' * len(docs))})",
            (new, *docs),
        ).fetchone()
        if not docs or both:
            return  # a document that names both keeps them apart; so do we
        edges = self._db.execute(
            "SELECT doc_id, source, target, key, data FROM doc_edges WHERE source=? OR target=?", (old, old)
        ).fetchall()
        self._db.execute("UPDATE doc_nodes SET node_id=? WHERE node_id=?", (new, old))
        touched: set[EdgeId] = set()
        for doc_id, source, target, key, data in edges:
            self._db.execute(
                "DELETE FROM doc_edges WHERE doc_id=? AND source=? AND target=? AND key=?",
                (doc_id, source, target, key),
            )
            moved = (new if source == old else source, new if target == old else target, key)
            self._db.execute("INSERT OR IGNORE INTO doc_edges VALUES (?, ?, ?, ?, ?)", (doc_id, *moved, data))
            touched |= {(source, target, key), moved}
        for edge in touched:
            rows = self._db.execute(
                "SELECT doc_id, data FROM doc_edges WHERE source=? AND target=? AND key=?", edge
            ).fetchall()
            merged = _refold(rows)
            if merged is None:
                self._db.execute("DELETE FROM edges WHERE source=? AND target=? AND key=?", edge)
            else:
                self._put_edge(edge, merged)
            delta.edges[edge] = merged
        self._db.execute("DELETE FROM nodes WHERE id = ?", (old,))
        delta.nodes[old] = None
        rows = self._db.execute("SELECT doc_id, data FROM doc_nodes WHERE node_id=?", (new,)).fetchall()
        merged = _refold(rows)
        if merged is not None:
            self._put_node(new, merged)
            delta.nodes[new] = merged

    def _merged_node(self, node_id: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT data FROM nodes WHERE id = ?", (node_id,)).fetchone()
        return orjson.loads(row[0]) if row else None

    def _merged_edge(self, edge: EdgeId) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT data FROM edges WHERE source=? AND target=? AND key=?", edge
        ).fetchone()
        return orjson.loads(row[0]) if row else None

    def _fold_node(self, node_id: str, data: dict[str, Any], delta: Delta) -> None:
        current = self._merged_node(node_id)
        merged = data if current is None else merging.merge(current, data)
        self._put_node(node_id, merged)
        delta.nodes[node_id] = merged

    def _fold_edge(self, edge: EdgeId, data: dict[str, Any], delta: Delta) -> None:
        current = self._merged_edge(edge)
        merged = data if current is None else merging.merge(current, data)
        self._put_edge(edge, merged)
        delta.edges[edge] = merged

    def _put_node(self, node_id: str, merged: dict[str, Any]) -> None:
        self._db.execute("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?)", node_row(node_id, merged))

    def _put_edge(self, edge: EdgeId, merged: dict[str, Any]) -> None:
        self._db.execute("INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?)", (*edge, _dumps(merged)))

    def _remove_contributions(self, doc_id: str, delta: Delta) -> None:
        node_ids = [r[0] for r in self._db.execute("SELECT node_id FROM doc_nodes WHERE doc_id=?", (doc_id,))]
        edge_ids: list[EdgeId] = [
            (r[0], r[1], r[2])
            for r in self._db.execute("SELECT source, target, key FROM doc_edges WHERE doc_id=?", (doc_id,))
        ]
        self._db.execute("DELETE FROM doc_nodes WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM doc_edges WHERE doc_id = ?", (doc_id,))
        for edge in edge_ids:
            rows = self._db.execute(
                "SELECT doc_id, data FROM doc_edges WHERE source=? AND target=? AND key=?", edge
            ).fetchall()
            merged = _refold(rows)
            if merged is None:
                self._db.execute("DELETE FROM edges WHERE source=? AND target=? AND key=?", edge)
            else:
                self._put_edge(edge, merged)
            delta.edges[edge] = merged
        for node_id in node_ids:
            rows = self._db.execute(
                "SELECT doc_id, data FROM doc_nodes WHERE node_id=?", (node_id,)
            ).fetchall()
            merged = _refold(rows)
            if merged is None:
                self._db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
            else:
                self._put_node(node_id, merged)
            delta.nodes[node_id] = merged


class Rows:
    """The merged rows of a store at change `seq`, read inside one read transaction."""

    def __init__(self, db: sqlite3.Connection, seq: int) -> None:
        self._db = db
        self.seq = seq

    def nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every merged node, streamed: a million rows are never held at once."""
        for node_id, data in self._db.execute("SELECT id, data FROM nodes ORDER BY id"):
            yield node_id, orjson.loads(data)

    def edges(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        for source, target, key, data in self._db.execute("SELECT source, target, key, data FROM edges"):
            yield source, target, key, orjson.loads(data)

    def node_kinds(self) -> Iterator[tuple[str, str]]:
        yield from self._db.execute("SELECT id, kind FROM nodes")

    def edge_ends(self) -> Iterator[tuple[str, str]]:
        yield from self._db.execute("SELECT source, target FROM edges")

    def has_node(self, node_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM nodes WHERE id = ?", (node_id,)).fetchone() is not None

    def count_nodes(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM nodes").fetchone()[0])

    def count_edges(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM edges").fetchone()[0])


@contextmanager
def open_rows(path: str | Path) -> Iterator[Rows]:
    """The merged rows of the store at `path` at one moment, without opening it for writing (so
    another process can read it while this one writes)."""
    db = _connect_reader(str(path))
    try:
        db.execute("BEGIN")
        yield Rows(db, _head(db))
    finally:
        db.close()


def _connect_reader(path: str) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA query_only=ON")
        db.execute("PRAGMA cache_size=-4096")  # 4 MB each: a server has one per thread
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot read database {path}: {exc}") from exc
    return db


_IN_CHUNK = 900  # ids per IN (...) list: under SQLite's oldest limit of 999 parameters
_EDGE_CHUNK = 64  # edges per OR of key lookups (measured: fastest between 50 and 100)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _edges_query(edges: list[EdgeId]) -> tuple[str, list[str]]:
    # OR of equalities, not "(source, target, key) IN (VALUES ...)": SQLite looks each OR term up
    # in the primary key, but scans the whole table for the IN list of rows
    terms = " OR ".join("(source = ? AND target = ? AND key = ?)" for _ in edges)
    return f"SELECT source, target, key, data FROM edges WHERE {terms}", [p for edge in edges for p in edge]


def _head(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    return int(row[0]) if row else 0


def _refold(rows: list[tuple[str, bytes]]) -> dict[str, Any] | None:
    merged: dict[str, Any] | None = None
    for doc_id, data in rows:
        part = merging.contribution(orjson.loads(data), doc_id)
        merged = part if merged is None else merging.merge(merged, part)
    return merged
