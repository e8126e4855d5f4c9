"""The SQLite store: documents and what each contributed, the source of truth for the graph.

Each document's extraction is kept as its own rows (`doc_nodes`, `doc_edges`), under the
document's own entity ids; `links` maps a document's entity to the archive node it resolved to where
the two differ (graph.resolve decides, from the names indexed in `name_keys`; `name_links` keeps
each name's decision). The merged node and edge rows (`nodes`, `edges`, by archive id) are
maintained in the same transaction, so the in-memory graph can be rebuilt at start by reading two
tables. One document is one transaction: a crash leaves either all
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
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import orjson

from graph import merge as merging
from graph import resolve as resolution
from graph.errors import DocumentNotFound, StoreError
from graph.names import surname_key
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Extraction
from graph.texts import edge_stored_only, stored_only
from graph.vocabulary import ENTITY_KINDS

# 2: names indexed and resolved across documents (name_keys, name_links, links)
# 3: the change log (changes, its triggers) and the store's id
SCHEMA_VERSION = 3
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
-- bare: 1 for a person named by surname alone ("Zelenskiy")
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, surname TEXT, bare INTEGER NOT NULL DEFAULT 0,
    data BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_surname ON nodes (surname) WHERE surname IS NOT NULL;
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (source, target, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_keys (
    key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS name_keys_name ON name_keys (name);
CREATE TABLE IF NOT EXISTS name_links (
    name TEXT PRIMARY KEY, parent TEXT NOT NULL, root TEXT NOT NULL, why TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS name_links_parent ON name_links (parent);
CREATE TABLE IF NOT EXISTS links (
    doc_id TEXT NOT NULL, name TEXT NOT NULL, parent TEXT, node_id TEXT NOT NULL, why TEXT NOT NULL,
    PRIMARY KEY (doc_id, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_node ON links (node_id);
CREATE INDEX IF NOT EXISTS links_name ON links (name);
CREATE INDEX IF NOT EXISTS links_parent ON links (parent) WHERE parent IS NOT NULL;
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
    """A merged node as its `nodes` row: id, kind, surname key, named by surname alone, data.
    An entity's node has the kind its (resolved) id carries: `merged` is set to it."""
    kind = node_id.partition(":")[0]
    if kind in ENTITY_KINDS:  # one kind per node
        merged["kind"] = kind
    kind, label = merged.get("kind", ""), merged.get("label", "")
    surname_only = int(kind == "person" and len(label.split()) == 1)  # the `bare` column
    return (node_id, kind, surname_of(kind, label), surname_only, _dumps(merged))


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
        # ":memory:" is a file of its own in a temporary folder, removed at close: every read
        # connection must reach the same database
        self._tmp: weakref.finalize[Any, Any] | None = None
        if str(path) == ":memory:":
            folder = tempfile.mkdtemp(prefix="newsgraph-")
            self._tmp = weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
            path = Path(folder) / "store.db"
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL survives a killed process
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
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
        self._cache = resolution.Cache()  # valid while only this connection writes
        self._data_version = -1
        self._migrate()

    def _schema_version(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0])

    def _migrate(self) -> None:
        """Bring a database an older version wrote up to this one's schema, once, one version at
        a time, in one transaction (the tables a version added exist already: `_SCHEMA` creates
        what is missing)."""
        version = self._schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer newsgraph (schema {version}; this one reads "
                f"up to {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        with self._lock:
            self._begin()
            try:
                version = self._schema_version()  # another process may have done it meanwhile
                while version < SCHEMA_VERSION:
                    self._MIGRATIONS[version](self)
                    version += 1
                self._db.execute(
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def _to_version_2(self) -> None:
        """Version 1 had no name index: every document's entities are indexed and resolved across
        the archive (a bare surname it linked to a full name at write time stays under that name)."""
        self._resolve_all(None, Delta("resolved", ""))

    def _to_version_3(self) -> None:
        """Version 2 had no change log. The log starts empty: the rows as they are now are the
        state at sequence 0, which a process following the store reads in full when it starts."""

    _MIGRATIONS: ClassVar[dict[int, Callable[[Store], None]]] = {1: _to_version_2, 2: _to_version_3}

    def close(self) -> None:
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._db.close()
            if self._tmp is not None:
                self._tmp()

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
        """The archive nodes and edges a document contributes to (as committed)."""
        db = self._reader()
        db.execute("BEGIN")
        try:
            return _contributions(db, doc_id)
        finally:
            db.execute("COMMIT")

    def rows(self) -> AbstractContextManager[Rows]:
        """Every merged row as it is at one moment (a read transaction on a connection of its own)."""
        return open_rows(self.path)

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
            with self._writing():
                old = self.document_hash(doc.id)  # again: another process may have written it since
                if old == digest:
                    self._db.execute("ROLLBACK")
                    return Delta("unchanged", doc.id)
                delta = Delta("replaced" if old else "added", doc.id)
                if old:
                    self._remove_contributions(doc.id, delta)
                self._insert_document(doc, digest)
                self._insert_contributions(extraction, delta)
            return delta

    def ingest(self, extraction: Extraction) -> IngestResult:
        """`write`, summed up: what an ingest that keeps no graph in memory reports."""
        return IngestResult.of(self.write(extraction))

    def delete(self, doc_id: str) -> Delta:
        """Remove a document and everything only it contributed."""
        with self._lock, self._writing():
            if self.document_hash(doc_id) is None:
                raise DocumentNotFound(doc_id)
            delta = Delta("deleted", doc_id)
            self._remove_contributions(doc_id, delta)
            self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return delta

    def resolve(self, names: Iterable[str] | None = None) -> Delta:
        """Re-decide the names `names` are relevant to (every name when None) and all their
        entries, and apply what changed: for rows written in bulk, and for a store written before
        its names were indexed (every entity of every document is indexed first)."""
        with self._lock, self._writing():
            delta = Delta("resolved", "")
            self._resolve_all(names, delta)
            return delta

    # -- internals -------------------------------------------------------------------------

    def _begin(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:  # another connection wrote: what was read may be stale
            self._cache.clear()
            self._data_version = version

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction around the block: committed when the block ends (unless it rolled
        back itself), rolled back when it raises. Hold `_lock`."""
        self._begin()
        try:
            yield
            if self._db.in_transaction:
                self._wrote()
                self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        self._db.execute("ROLLBACK")
        self._cache.clear()

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
        """The document's own rows, then resolution, then its part of the merged rows."""
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
            for end in (edge.source, edge.target):
                if end not in nodes:  # keeps deletes exact: an edge lives only with its ends
                    raise StoreError(
                        f"edge {edge.source} -> {edge.target} names a node {end!r} "
                        f"that document {doc_id!r} does not contribute"
                    )
            edges[(edge.source, edge.target, edge.key)] = edge_data(edge)
        self._db.executemany(
            "INSERT INTO doc_nodes VALUES (?, ?, ?)", [(doc_id, n, _dumps(d)) for n, d in nodes.items()]
        )
        self._db.executemany(
            "INSERT INTO doc_edges VALUES (?, ?, ?, ?, ?)",
            [(doc_id, *edge, _dumps(d)) for edge, d in edges.items()],
        )
        change = self._index(doc_id, nodes, +1)
        recomputed, final = self._resolve(change, delta)
        for node_id, data in nodes.items():
            node = final.get(node_id, node_id)
            if node not in recomputed:
                self._fold_node(node, merging.contribution(data, doc_id), delta)
        for (source, target, key), data in edges.items():
            merged_edge = (final.get(source, source), final.get(target, target), key)
            if merged_edge[0] != merged_edge[1] and merged_edge not in recomputed:
                self._fold_edge(merged_edge, merging.contribution(data, doc_id), delta)

    def _index(self, doc_id: str, nodes: dict[str, dict[str, Any]], step: int) -> resolution.Change:
        """Index a document's entities under their resolution keys (step +1, after its rows are
        written), or unindex them (step -1, after its rows are gone): a name keeps the keys its
        other documents give it, and loses them all with its last document."""
        keys = {
            name: frozenset(resolution.name_keys(d["kind"], d.get("label", ""), d.get("aliases", ())))
            for name, d in nodes.items()
            if d["kind"] != "event"
        }
        if step > 0:  # the names indexed before are the ones other documents name
            sql = "SELECT DISTINCT name FROM name_keys WHERE name IN ({})"
        else:  # this document's rows are gone: the names some document still names
            sql = "SELECT DISTINCT node_id FROM doc_nodes WHERE node_id IN ({})"
        elsewhere = {r[0] for r in _select_in(self._db, sql, keys)}
        if step > 0:
            self._db.executemany(
                "INSERT OR IGNORE INTO name_keys VALUES (?, ?)",
                [(key, name) for name, ks in keys.items() for key in ks],
            )
        else:
            stale: list[tuple[str, str]] = []
            for name, ks in keys.items():
                if name in elsewhere:
                    kept: set[str] = set()
                    for (data,) in self._db.execute("SELECT data FROM doc_nodes WHERE node_id = ?", (name,)):
                        d = orjson.loads(data)
                        kept |= resolution.name_keys(d["kind"], d.get("label", ""), d.get("aliases", ()))
                    stale += [(key, name) for key in ks - kept]
                else:
                    stale += [(key, name) for key in ks]
            self._db.executemany("DELETE FROM name_keys WHERE key = ? AND name = ?", stale)
            _select_in(self._db, "DELETE FROM name_links WHERE name IN ({})", set(keys) - elsewhere)
        return resolution.Change(doc_id, keys, set(keys) - elsewhere, deleted=step < 0)

    def _resolve_all(self, names: Iterable[str] | None, delta: Delta) -> None:
        if names is None:
            indexed = {r[0] for r in self._db.execute("SELECT DISTINCT name FROM name_keys")}
            rows = self._db.execute(
                "SELECT doc_id, node_id, data FROM doc_nodes WHERE node_id NOT LIKE 'event:%'"
            ).fetchall()
            for doc_id, name, data in rows:
                if name not in indexed:
                    self._index(doc_id, {name: orjson.loads(data)}, +1)
            names = [r[0] for r in self._db.execute("SELECT DISTINCT name FROM name_keys")]
        keys: dict[str, set[str]] = {}
        for name, key in _select_in(self._db, "SELECT name, key FROM name_keys WHERE name IN ({})", names):
            keys.setdefault(name, set()).add(key)
        change = resolution.Change(None, {n: frozenset(k) for n, k in keys.items()}, everything=True)
        self._resolve(change, delta)

    def _resolve(self, change: resolution.Change, delta: Delta) -> tuple[set[Any], dict[str, str]]:
        """Re-decide the names a change is relevant to and move every entry whose archive node
        changed. Returns the nodes and edges recomputed from their rows, and the archive node of
        each name of the written document."""
        if not change.names:
            return set(), {}
        res = resolution.resolve(_ArchiveView(self._db), change, self._cache)
        parents: dict[str, str | None] = {n: p for n, (p, _) in res.parents.items()}
        stored = {
            name: (parent, root, why)
            for name, parent, root, why in _select_in(
                self._db, "SELECT name, parent, root, why FROM name_links WHERE name IN ({})", parents
            )
        }
        roots: dict[str, str] = {}

        def parent_of(name: str) -> str | None:
            if name not in parents:
                row = self._db.execute("SELECT parent FROM name_links WHERE name = ?", (name,)).fetchone()
                parents[name] = row[0] if row else None
            return parents[name]

        def root_of(name: str) -> str:
            chain: list[str] = []
            while name not in roots:
                parent = parent_of(name)
                if parent is None or parent in chain or len(chain) > 50:
                    roots[name] = name
                    break
                chain.append(name)
                name = parent
            for link in chain:
                roots[link] = roots[name]
            return roots[name]

        # the names' own decisions, and the names below those whose node changed
        rows: list[tuple[str, str | None, str, str]] = []
        gone_rows: list[tuple[str]] = []
        moved_roots = set()
        for name, (parent, why) in res.parents.items():
            old = stored.get(name)
            if parent is None:
                if old is not None:
                    gone_rows.append((name,))
            elif old != (parent, root_of(name), why):
                rows.append((name, parent, root_of(name), why))
            if root_of(name) != (old[1] if old else name):
                moved_roots.add(name)
        frontier = set(moved_roots)
        while frontier:
            below = _select_in(
                self._db, "SELECT name, root FROM name_links WHERE parent IN ({})", sorted(frontier)
            )
            frontier = set()
            for child, root in below:
                if child in res.parents or child in moved_roots:
                    continue
                if root_of(child) != root:
                    rows.append((child, parent_of(child), root_of(child), ""))
                    moved_roots.add(child)
                    frontier.add(child)
        if rows:
            self._db.executemany(
                "INSERT INTO name_links VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                "parent = excluded.parent, root = excluded.root, "
                "why = CASE WHEN excluded.why = '' THEN why ELSE excluded.why END",
                rows,
            )
        if gone_rows:
            self._db.executemany("DELETE FROM name_links WHERE name = ?", gone_rows)

        # every entry whose target or node may have changed
        targets: dict[tuple[str, str], tuple[str | None, str]] = {}
        for name, entries in res.entries.items():
            for doc, target in entries.items():
                targets[(doc, name)] = target
        if change.doc is not None and not change.deleted:
            for name in change.names:
                targets[(change.doc, name)] = res.fresh.get(name, (None, ""))
                if name in res.entries:
                    targets[(change.doc, name)] = res.entries[name].get(change.doc, (None, ""))
        names = set(res.parents) | {n for _, n in targets} | moved_roots
        current = {
            (doc, name): (parent, node, why)
            for doc, name, parent, node, why in _select_in(
                self._db, "SELECT doc_id, name, parent, node_id, why FROM links WHERE name IN ({})", names
            )
        }
        for (doc, name), (parent, _, _) in current.items():
            if name in res.plain and parent is not None:
                targets[(doc, name)] = (None, "")
        pairs = set(targets)
        pairs |= {
            (doc, name)
            for doc, name in _select_in(
                self._db, "SELECT doc_id, node_id FROM doc_nodes WHERE node_id IN ({})", moved_roots
            )
        }
        for doc, name, parent, node, why in _select_in(
            self._db, "SELECT doc_id, name, parent, node_id, why FROM links WHERE parent IN ({})", moved_roots
        ):
            current[(doc, name)] = (parent, node, why)
            pairs.add((doc, name))
        moves: dict[tuple[str, str], tuple[str | None, str, str | None, str]] = {}
        final: dict[str, str] = {}
        for doc, name in sorted(pairs):
            old_parent, old_node, old_why = current.get((doc, name), (None, name, ""))
            parent, why = targets.get((doc, name), (old_parent, old_why))
            node = root_of(parent) if parent is not None else root_of(name)
            fresh = doc == change.doc and not change.deleted
            if fresh:
                final[name] = node
            if (parent, node, why) != (old_parent, old_node, old_why) or (fresh and node != name):
                moves[(doc, name)] = (None if fresh else old_node, node, parent, why)
        return self._apply_moves(moves, delta), final

    def _apply_moves(
        self, moves: dict[tuple[str, str], tuple[str | None, str, str | None, str]], delta: Delta
    ) -> set[Any]:
        """Record each entry's new node in `links` and recompute what it left; fold it into what it
        joined. An entry of the written document (old node None) is folded in by the caller."""
        if not moves:
            return set()
        self._db.executemany(
            "DELETE FROM links WHERE doc_id = ? AND name = ?",
            [
                (doc, name)
                for (doc, name), (_, node, parent, _) in moves.items()
                if node == name and parent is None
            ],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?)",
            [
                (doc, name, parent, node, why)
                for (doc, name), (_, node, parent, why) in moves.items()
                if not (node == name and parent is None)
            ],
        )
        by_doc: dict[str, dict[str, tuple[str, str]]] = {}
        for (doc, name), (old_node, node, _, _) in moves.items():
            if old_node is not None and old_node != node:
                by_doc.setdefault(doc, {})[name] = (old_node, node)
        lost: set[Any] = set()
        gained: list[tuple[Any, str, bytes]] = []
        for doc, moved in sorted(by_doc.items()):
            finals = dict(
                self._db.execute("SELECT name, node_id FROM links WHERE doc_id = ?", (doc,)).fetchall()
            )
            for name, (old_node, node) in moved.items():
                lost.add(old_node)
                row = self._db.execute(
                    "SELECT data FROM doc_nodes WHERE doc_id = ? AND node_id = ?", (doc, name)
                ).fetchone()
                gained.append((node, doc, row[0]))
            rows = _select_in(
                self._db,
                "SELECT source, target, key, data FROM doc_edges WHERE doc_id = ? AND "
                "(source IN ({0}) OR target IN ({0}))",
                sorted(moved),
                prefix=(doc,),
                twice=True,
            )
            for source, target, key, data in rows:
                old = tuple(moved[e][0] if e in moved else finals.get(e, e) for e in (source, target))
                new = (finals.get(source, source), finals.get(target, target))
                if old != new:
                    if old[0] != old[1]:
                        lost.add((*old, key))
                    if new[0] != new[1]:
                        gained.append(((*new, key), doc, data))
        for item, doc, data in gained:
            if item in lost:
                continue
            part = merging.contribution(orjson.loads(data), doc)
            if isinstance(item, tuple):
                self._fold_edge(item, part, delta)
            else:
                self._fold_node(item, part, delta)
        for item in sorted(lost, key=str):
            if isinstance(item, tuple):
                self._recompute_edge(item, delta)
            else:
                self._recompute_node(item, delta)
        return lost

    def _node_rows(self, node_id: str) -> list[tuple[str, bytes]]:
        """Every document's contribution to an archive node: its own entity, and the ones linked to it."""
        return self._db.execute(
            "SELECT n.doc_id, n.data FROM doc_nodes n LEFT JOIN links l ON l.doc_id = n.doc_id "
            "AND l.name = n.node_id WHERE n.node_id = ? AND (l.node_id IS NULL OR l.node_id = n.node_id) "
            "UNION ALL SELECT n.doc_id, n.data FROM links l JOIN doc_nodes n ON n.doc_id = l.doc_id "
            "AND n.node_id = l.name WHERE l.node_id = ? AND l.name != l.node_id",
            (node_id, node_id),
        ).fetchall()

    def _final(self, doc_id: str, name: str) -> str:
        """The archive node a document's entity is part of."""
        row = self._db.execute(
            "SELECT node_id FROM links WHERE doc_id = ? AND name = ?", (doc_id, name)
        ).fetchone()
        return str(row[0]) if row else name

    def _edge_rows(self, edge: EdgeId) -> list[tuple[str, bytes]]:
        """Every document's contribution to an archive edge, whatever its ends are called there."""
        source, target, key = edge
        rows = self._db.execute(
            "SELECT doc_id, source, target, data FROM doc_edges WHERE source = ? AND target = ? AND key = ? "
            "UNION SELECT e.doc_id, e.source, e.target, e.data FROM links l JOIN doc_edges e "
            "ON e.doc_id = l.doc_id AND e.source = l.name WHERE l.node_id = ? AND e.key = ? "
            "AND l.name != l.node_id AND (e.target = ? OR e.target IN "
            "(SELECT name FROM links WHERE doc_id = e.doc_id AND node_id = ?)) "
            "UNION SELECT e.doc_id, e.source, e.target, e.data FROM links l JOIN doc_edges e "
            "ON e.doc_id = l.doc_id AND e.target = l.name WHERE l.node_id = ? AND e.key = ? "
            "AND l.name != l.node_id",
            (source, target, key, source, key, target, target, target, key),
        ).fetchall()
        return [
            (doc, data)
            for doc, s, t, data in rows
            if self._final(doc, s) == source and self._final(doc, t) == target
        ]

    def _recompute_node(self, node_id: str, delta: Delta) -> None:
        """Merge the node again from the contributions it has now (after a delete or a rename)."""
        merged = _merge_contributions(self._node_rows(node_id))
        if merged is None:
            self._db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
        else:
            self._put_node(node_id, merged)
        delta.nodes[node_id] = merged

    def _recompute_edge(self, edge: EdgeId, delta: Delta) -> None:
        """Merge the edge again from the contributions it has now (after a delete or a rename)."""
        merged = _merge_contributions(self._edge_rows(edge))
        if merged is None:
            self._db.execute("DELETE FROM edges WHERE source=? AND target=? AND key=?", edge)
        else:
            self._put_edge(edge, merged)
        delta.edges[edge] = merged

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
        """Take a document's rows out of the merged rows, then re-decide the names it named."""
        node_ids, edge_ids = _contributions(self._db, doc_id)
        rows = self._db.execute("SELECT node_id, data FROM doc_nodes WHERE doc_id = ?", (doc_id,)).fetchall()
        self._db.execute("DELETE FROM doc_nodes WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM doc_edges WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM links WHERE doc_id = ?", (doc_id,))
        change = self._index(doc_id, {name: orjson.loads(data) for name, data in rows}, -1)
        for edge in edge_ids:
            self._recompute_edge(edge, delta)
        for node_id in node_ids:
            self._recompute_node(node_id, delta)
        self._resolve(change, delta)


class _ArchiveView:
    """graph.resolve's view of the store: names by key, the documents naming them, and what else
    those documents name. Reads inside the write transaction, so it sees the write in progress."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def names_with_keys(self, keys: Iterable[str]) -> dict[str, set[str]]:
        sql = "SELECT DISTINCT name FROM name_keys WHERE key IN ({})"
        names = [r[0] for r in _select_in(self._db, sql, keys)]
        out: dict[str, set[str]] = {}
        for name, key in _select_in(self._db, "SELECT name, key FROM name_keys WHERE name IN ({})", names):
            out.setdefault(name, set()).add(key)
        return out

    def doc_counts(self, names: Iterable[str]) -> dict[str, int]:
        sql = "SELECT node_id, count(*) FROM doc_nodes WHERE node_id IN ({}) GROUP BY node_id"
        return dict(_select_in(self._db, sql, names))

    def docs_of(self, names: Iterable[str], *, limit: int | None) -> dict[str, list[str]]:
        sql = "SELECT node_id, doc_id FROM doc_nodes WHERE node_id IN ({}) ORDER BY node_id, doc_id"
        if limit is not None:
            sql = (
                "SELECT node_id, doc_id FROM (SELECT node_id, doc_id, row_number() OVER "
                "(PARTITION BY node_id ORDER BY doc_id) AS n FROM doc_nodes WHERE node_id IN ({})) "
                f"WHERE n <= {int(limit)} ORDER BY node_id, doc_id"
            )
        out: dict[str, list[str]] = {}
        for name, doc in _select_in(self._db, sql, names):
            out.setdefault(name, []).append(doc)
        return out

    def entities_of(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        sql = "SELECT doc_id, node_id FROM doc_nodes WHERE doc_id IN ({}) AND node_id NOT LIKE 'event:%'"
        for doc, name in _select_in(self._db, sql, doc_ids):
            out.setdefault(doc, []).append(name)
        return out

    def parents(self, names: Iterable[str]) -> dict[str, str]:
        return dict(_select_in(self._db, "SELECT name, parent FROM name_links WHERE name IN ({})", names))


_CHUNK = 500


def _select_in(
    db: sqlite3.Connection,
    sql: str,
    items: Iterable[str],
    *,
    prefix: tuple[Any, ...] = (),
    twice: bool = False,
) -> list[tuple[Any, ...]]:
    """Run `sql` with its "{}" filled by placeholders for `items`, in chunks; all rows."""
    items = sorted(set(items))
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(items), _CHUNK):
        chunk = items[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        params = (*prefix, *chunk, *(chunk if twice else ()))
        out.extend(db.execute(sql.format(marks), params).fetchall())
    return out


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


def _contributions(db: sqlite3.Connection, doc_id: str) -> tuple[list[str], list[EdgeId]]:
    """The archive nodes and edges a document contributes to: its own entities and edges, each
    end under the archive node `links` maps it to."""
    final = dict(db.execute("SELECT name, node_id FROM links WHERE doc_id=?", (doc_id,)).fetchall())
    local = [r[0] for r in db.execute("SELECT node_id FROM doc_nodes WHERE doc_id=?", (doc_id,))]
    rows = db.execute("SELECT source, target, key FROM doc_edges WHERE doc_id=?", (doc_id,))
    mapped = [(final.get(s, s), final.get(t, t), k) for s, t, k in rows.fetchall()]
    nodes = list(dict.fromkeys(final.get(n, n) for n in local))
    edges = list(dict.fromkeys(e for e in mapped if e[0] != e[1]))
    return nodes, edges


def _head(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    return int(row[0]) if row else 0


def _merge_contributions(rows: list[tuple[str, bytes]]) -> dict[str, Any] | None:
    """Every document's contribution (doc id, data) to one node or edge merged; None for none."""
    merged: dict[str, Any] | None = None
    for doc_id, data in rows:
        part = merging.contribution(orjson.loads(data), doc_id)
        merged = part if merged is None else merging.merge(merged, part)
    return merged
