"""The SQLite store: documents and what each contributed, the source of truth for the graph.

Each document's extraction is kept as its own rows (`doc_nodes`, `doc_edges`), under the
document's own entity ids; `links` maps a document's entity to the archive node it resolved to where
the two differ (graph.resolve decides, from the names indexed in `name_keys`; `name_links` keeps
each name's decision). The merged node and edge rows (`nodes`, `edges`, by archive id) are
maintained in the same transaction, so the in-memory graph can be rebuilt at start by reading two
tables. One document is one transaction: a crash leaves either all
of a document or none of it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from graph import merge as merging
from graph import resolve as resolution
from graph.errors import DocumentNotFound, StoreError
from graph.names import surname_key
from graph.records import ENTITY_KINDS, Document, EdgeRecord, EntityRecord, EventRecord, Extraction

SCHEMA_VERSION = 1

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
CREATE TABLE IF NOT EXISTS name_keys (
    key TEXT NOT NULL, name TEXT NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (key, name)
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
"""

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


class Store:
    """One SQLite file. Writes go through one connection under a lock; it is safe across threads."""

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
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
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
        row = self._query_one(
            f"SELECT {cols}{', text' if with_text else ''} FROM documents WHERE id = ?", (doc_id,)
        )
        if row is None:
            raise DocumentNotFound(doc_id)
        return self._document_row(row, with_text=with_text)

    def documents(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        cols = "id, title, source, url, published, text_hash, meta, ingested_at"
        rows = self._query(
            f"SELECT {cols} FROM documents ORDER BY published, id LIMIT ? OFFSET ?", (limit, offset)
        )
        return [self._document_row(r, with_text=False) for r in rows]

    def count_documents(self) -> int:
        row = self._query_one("SELECT count(*) FROM documents", ())
        return int(row[0]) if row else 0

    def document_contributions(self, doc_id: str) -> tuple[list[str], list[EdgeId]]:
        """The archive nodes and edges a document contributes to."""
        with self._lock:
            final = dict(
                self._db.execute("SELECT name, node_id FROM links WHERE doc_id=?", (doc_id,)).fetchall()
            )
            local = [
                r[0] for r in self._db.execute("SELECT node_id FROM doc_nodes WHERE doc_id=?", (doc_id,))
            ]
            rows = self._db.execute("SELECT source, target, key FROM doc_edges WHERE doc_id=?", (doc_id,))
            mapped = [(final.get(s, s), final.get(t, t), k) for s, t, k in rows.fetchall()]
        nodes = list(dict.fromkeys(final.get(n, n) for n in local))
        edges = list(dict.fromkeys(e for e in mapped if e[0] != e[1]))
        return nodes, edges

    def iter_nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for node_id, data in self._query("SELECT id, data FROM nodes", ()):
            yield node_id, orjson.loads(data)

    def iter_edges(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        for source, target, key, data in self._query("SELECT source, target, key, data FROM edges", ()):
            yield source, target, key, orjson.loads(data)

    def integrity_check(self) -> str:
        row = self._query_one("PRAGMA integrity_check", ())
        return str(row[0]) if row else "no answer"

    # -- writing ---------------------------------------------------------------------------

    def write(self, extraction: Extraction) -> Delta:
        """Store one document and its extraction in one transaction (no-op if unchanged)."""
        doc = extraction.document
        digest = text_hash(doc.text)
        with self._lock:
            old = self.document_hash(doc.id)
            if old == digest:
                return Delta("unchanged", doc.id)
            self._begin()
            try:
                delta = Delta("replaced" if old else "added", doc.id)
                touched = self._remove_contributions(doc.id, delta) if old else set()
                self._insert_document(doc, digest)
                self._insert_contributions(extraction, delta, touched)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return delta

    def delete(self, doc_id: str) -> Delta:
        """Remove a document and everything only it contributed."""
        with self._lock:
            if self.document_hash(doc_id) is None:
                raise DocumentNotFound(doc_id)
            self._begin()
            try:
                delta = Delta("deleted", doc_id)
                touched = self._remove_contributions(doc_id, delta)
                self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
                self._resolve(touched, delta)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return delta

    def resolve(self, keys: Iterable[str] | None = None) -> Delta:
        """Re-decide the names sharing `keys` (every name when None) and apply what changed: for
        rows written in bulk, and for a store written before its names were indexed."""
        with self._lock:
            self._begin()
            try:
                delta = Delta("resolved", "")
                if keys is None:
                    indexed = {r[0] for r in self._db.execute("SELECT DISTINCT name FROM name_keys")}
                    rows = self._db.execute(
                        "SELECT node_id, data FROM doc_nodes WHERE node_id NOT LIKE 'event:%'"
                    ).fetchall()
                    for name, data in rows:
                        if name not in indexed:
                            self._count_keys(name, orjson.loads(data), +1)
                    keys = [r[0] for r in self._db.execute("SELECT DISTINCT key FROM name_keys")]
                self._resolve(set(keys), delta)
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

    def _insert_contributions(self, extraction: Extraction, delta: Delta, touched: set[str]) -> None:
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
        for node_id, data in nodes.items():
            if data["kind"] != "event":
                touched |= self._count_keys(node_id, data, +1)
        fold = self._resolve(touched, delta, fresh=doc_id, fresh_names=set(nodes))
        final = {n: self._final(doc_id, n) for n in nodes}
        for node_id, data in nodes.items():
            if final[node_id] not in fold:
                self._fold_node(final[node_id], merging.contribution(data, doc_id), delta)
        for (source, target, key), data in edges.items():
            merged_edge = (final[source], final[target], key)
            if merged_edge[0] != merged_edge[1] and merged_edge not in fold:
                self._fold_edge(merged_edge, merging.contribution(data, doc_id), delta)

    def _count_keys(self, name: str, data: dict[str, Any], step: int) -> set[str]:
        """Index (or unindex) one document's entity under its resolution keys."""
        keys = resolution.name_keys(data["kind"], data.get("label", ""), data.get("aliases", ()))
        self._db.executemany(
            "INSERT INTO name_keys VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET docs = docs + ?",
            [(key, name, step, step) for key in keys],
        )
        if step < 0:
            self._db.execute("DELETE FROM name_keys WHERE name = ? AND docs <= 0", (name,))
        return keys

    def _final(self, doc_id: str, name: str) -> str:
        """The archive node a document's entity is part of."""
        row = self._db.execute(
            "SELECT node_id FROM links WHERE doc_id=? AND name=?", (doc_id, name)
        ).fetchone()
        return str(row[0]) if row else name

    def _resolve(
        self, keys: set[str], delta: Delta, *, fresh: str | None = None, fresh_names: Iterable[str] = ()
    ) -> set[Any]:
        """Re-decide the names sharing `keys` and move every entry whose archive node changed.

        Returns the nodes and edges refolded from their rows (the fresh document's part included)."""
        if not keys:
            return set()
        fresh_names = set(fresh_names)
        decisions = resolution.resolve(_ArchiveView(self._db), keys, fresh=fresh, fresh_names=fresh_names)
        stored = {
            name: (parent, root)
            for name, parent, root in self._db.execute(
                f"SELECT name, parent, root FROM name_links WHERE name IN ({','.join('?' * len(decisions))})",
                tuple(decisions),
            )
        }
        parents = {n: d.parent for n, d in decisions.items()}
        fresh_names = set(fresh_names)
        roots: dict[str, str] = {}

        def root_of(name: str) -> str:
            chain: list[str] = []
            while name not in roots:
                parent = parents[name] if name in parents else self._stored_parent(name)
                if parent is None or parent in chain or len(chain) > 50:
                    roots[name] = name
                    break
                chain.append(name)
                name = parent
            for link in chain:
                roots[link] = roots[name]
            return roots[name]

        changed = [n for n in decisions if root_of(n) != stored.get(n, (None, n))[1]]
        for name, decision in decisions.items():
            if decision.parent is None:
                self._db.execute("DELETE FROM name_links WHERE name = ?", (name,))
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO name_links VALUES (?, ?, ?, ?)",
                    (name, decision.parent, root_of(name), decision.why),
                )
        # names and entries under a name whose root changed follow it
        follow = set(changed)
        frontier = list(changed)
        while frontier:
            name = frontier.pop()
            for (child,) in self._db.execute(
                "SELECT name FROM name_links WHERE parent = ?", (name,)
            ).fetchall():
                if child not in decisions and child not in follow:
                    follow.add(child)
                    frontier.append(child)
                    self._db.execute("UPDATE name_links SET root = ? WHERE name = ?", (root_of(child), child))
        moves: dict[tuple[str, str], tuple[str | None, str, str | None, str]] = {}
        for name in sorted(follow | set(decisions)):
            entries = decisions[name].entries if name in decisions else None
            if entries is None and name not in follow:
                docs = [fresh] if fresh is not None and name in fresh_names else []
            else:
                docs = [
                    r[0] for r in self._db.execute("SELECT doc_id FROM doc_nodes WHERE node_id = ?", (name,))
                ]
            if not docs:
                continue
            current = {
                doc: (parent, node)
                for doc, parent, node in self._db.execute(
                    "SELECT doc_id, parent, node_id FROM links WHERE name = ?", (name,)
                ).fetchall()
            }
            for doc in docs:
                old_parent, old_node = current.get(doc, (None, name))
                if entries is not None:
                    if doc not in entries:
                        continue  # a decision the write left standing
                    parent, why = entries[doc]
                    entry_parent = parent if why else None
                    new_node = root_of(parent) if parent is not None else name
                elif old_parent is not None:
                    entry_parent, why, new_node = old_parent, "", root_of(old_parent)
                else:
                    entry_parent, why, new_node = None, "", root_of(name)
                if doc == fresh:
                    if (entry_parent, new_node) != (None, name):
                        moves[(doc, name)] = (None, new_node, entry_parent, why)
                    continue
                if (old_parent, old_node) == (entry_parent, new_node):
                    continue
                moves[(doc, name)] = (None if doc == fresh else old_node, new_node, entry_parent, why)
        # entries of other names whose own parent is a name that moved
        for name in sorted(follow):
            for doc, entry_name in self._db.execute(
                "SELECT doc_id, name FROM links WHERE parent = ?", (name,)
            ).fetchall():
                if (doc, entry_name) in moves or entry_name in decisions:
                    continue
                old_node = self._final(doc, entry_name)
                new_node = root_of(name)
                if new_node != old_node:
                    moves[(doc, entry_name)] = (old_node, new_node, name, "")
        return self._apply_moves(moves, delta, fresh)

    def _stored_parent(self, name: str) -> str | None:
        row = self._db.execute("SELECT parent FROM name_links WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else None

    def _apply_moves(
        self,
        moves: dict[tuple[str, str], tuple[str | None, str, str | None, str]],
        delta: Delta,
        fresh: str | None,
    ) -> set[Any]:
        """Record each entry's new node in `links` and refold what it left and joined."""
        if not moves:
            return set()
        old_edges: set[EdgeId] = set()
        for (doc, name), (old_node, _, _, _) in moves.items():
            if old_node is not None:
                old_edges |= self._edges_of_entry(doc, name)
        nodes: set[str] = set()
        for (doc, name), (old_node, new_node, parent, why) in moves.items():
            if new_node == name and parent is None:
                self._db.execute("DELETE FROM links WHERE doc_id = ? AND name = ?", (doc, name))
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?)", (doc, name, parent, new_node, why)
                )
            if old_node is not None:  # a fresh document's entry is folded in by the caller
                nodes |= {old_node, new_node}
        new_edges: set[EdgeId] = set()
        for doc, name in moves:
            if doc != fresh:
                new_edges |= self._edges_of_entry(doc, name)
        for node in sorted(nodes):
            self._refold_node(node, delta)
        for edge in sorted(old_edges | new_edges):
            self._refold_edge(edge, delta)
        return nodes | old_edges | new_edges

    def _edges_of_entry(self, doc: str, name: str) -> set[EdgeId]:
        rows = self._db.execute(
            "SELECT source, target, key FROM doc_edges WHERE doc_id = ? AND (source = ? OR target = ?)",
            (doc, name, name),
        ).fetchall()
        out = set()
        for source, target, key in rows:
            edge = (self._final(doc, source), self._final(doc, target), key)
            if edge[0] != edge[1]:
                out.add(edge)
        return out

    def _node_rows(self, node_id: str) -> list[tuple[str, bytes]]:
        """Every document's contribution to an archive node: its own entity, and the ones linked to it."""
        return self._db.execute(
            "SELECT n.doc_id, n.data FROM doc_nodes n LEFT JOIN links l ON l.doc_id = n.doc_id "
            "AND l.name = n.node_id WHERE n.node_id = ? AND (l.node_id IS NULL OR l.node_id = n.node_id) "
            "UNION ALL SELECT n.doc_id, n.data FROM links l JOIN doc_nodes n ON n.doc_id = l.doc_id "
            "AND n.node_id = l.name WHERE l.node_id = ? AND l.name != l.node_id",
            (node_id, node_id),
        ).fetchall()

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

    def _refold_node(self, node_id: str, delta: Delta) -> None:
        merged = _refold(self._node_rows(node_id))
        if merged is None:
            self._db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
        else:
            self._put_node(node_id, merged)
        delta.nodes[node_id] = merged

    def _refold_edge(self, edge: EdgeId, delta: Delta) -> None:
        merged = _refold(self._edge_rows(edge))
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
        kind = node_id.partition(":")[0]
        if kind in ENTITY_KINDS:  # one kind per node: the kind its resolved id carries
            merged["kind"] = kind
        self._db.execute("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?)", node_row(node_id, merged))

    def _put_edge(self, edge: EdgeId, merged: dict[str, Any]) -> None:
        self._db.execute("INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?)", (*edge, _dumps(merged)))

    def _remove_contributions(self, doc_id: str, delta: Delta) -> set[str]:
        """Take a document's rows out of the merged rows; the keys of its entities are returned."""
        node_ids, edge_ids = self.document_contributions(doc_id)
        keys: set[str] = set()
        for name, data in self._db.execute(
            "SELECT node_id, data FROM doc_nodes WHERE doc_id = ? AND node_id NOT LIKE 'event:%'", (doc_id,)
        ).fetchall():
            keys |= self._count_keys(name, orjson.loads(data), -1)
        names = [r[0] for r in self._db.execute("SELECT node_id FROM doc_nodes WHERE doc_id = ?", (doc_id,))]
        self._db.execute("DELETE FROM doc_nodes WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM doc_edges WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM links WHERE doc_id = ?", (doc_id,))
        for name in names:  # a name no document uses any more has no decision either
            if (
                self._db.execute("SELECT 1 FROM doc_nodes WHERE node_id = ? LIMIT 1", (name,)).fetchone()
                is None
            ):
                self._db.execute("DELETE FROM name_links WHERE name = ?", (name,))
        for edge in edge_ids:
            self._refold_edge(edge, delta)
        for node_id in node_ids:
            self._refold_node(node_id, delta)
        return keys


class _ArchiveView:
    """graph.resolve's view of the store: names by key, the documents naming them, and what else
    those documents name. Reads inside the write transaction, so it sees the write in progress."""

    _CHUNK = 500

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def _chunks(self, items: Iterable[str]) -> Iterator[list[str]]:
        items = sorted(set(items))
        for i in range(0, len(items), self._CHUNK):
            yield items[i : i + self._CHUNK]

    def names_with_keys(self, keys: Iterable[str]) -> dict[str, set[str]]:
        names: set[str] = set()
        for chunk in self._chunks(keys):
            sql = f"SELECT name FROM name_keys WHERE key IN ({','.join('?' * len(chunk))})"
            names |= {r[0] for r in self._db.execute(sql, chunk)}
        out: dict[str, set[str]] = {}
        for chunk in self._chunks(names):
            sql = f"SELECT name, key FROM name_keys WHERE name IN ({','.join('?' * len(chunk))})"
            for name, key in self._db.execute(sql, chunk):
                out.setdefault(name, set()).add(key)
        return out

    def docs_of(self, name: str, *, limit: int | None = None) -> list[str]:
        rows = self._db.execute(
            "SELECT doc_id FROM doc_nodes WHERE node_id = ? ORDER BY doc_id LIMIT ?",
            (name, -1 if limit is None else limit),
        )
        return [r[0] for r in rows]

    def doc_count(self, name: str) -> int:
        row = self._db.execute("SELECT count(*) FROM doc_nodes WHERE node_id = ?", (name,)).fetchone()
        return int(row[0])

    def entities_of(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in self._chunks(doc_ids):
            sql = (
                f"SELECT doc_id, node_id FROM doc_nodes WHERE doc_id IN ({','.join('?' * len(chunk))}) "
                "AND node_id NOT LIKE 'event:%'"
            )
            for doc, name in self._db.execute(sql, chunk):
                out.setdefault(doc, []).append(name)
        return out


def _refold(rows: list[tuple[str, bytes]]) -> dict[str, Any] | None:
    merged: dict[str, Any] | None = None
    for doc_id, data in rows:
        part = merging.contribution(orjson.loads(data), doc_id)
        merged = part if merged is None else merging.merge(merged, part)
    return merged
