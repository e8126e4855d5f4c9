"""Read a database file as plain data, and check that it holds whole documents and nothing else."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from graph import merge as merging
from graph.vocabulary import ENTITY_KINDS

Row = dict[str, Any]


@dataclass(frozen=True)
class DbState:
    """Everything a database file holds, decoded; `ingested_at` dropped (it is a wall-clock time)."""

    documents: dict[str, Row]
    doc_nodes: dict[str, dict[str, Row]]  # doc id -> node id -> that document's contribution
    doc_edges: dict[str, dict[tuple[str, str, str], Row]]
    nodes: dict[str, Row]  # merged rows
    edges: dict[tuple[str, str, str], Row]


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=30)


def integrity(path: Path) -> str:
    with connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def count_documents(path: Path) -> int:
    """The committed document count, read by a second connection while a writer may be running."""
    if not path.exists():
        return 0
    db = connect(path)
    try:
        return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0
    finally:
        db.close()


def read_state(path: Path) -> DbState:
    db = connect(path)
    try:
        documents: dict[str, Row] = {}
        for doc_id, title, source, url, published, digest, text, meta in db.execute(
            "SELECT id, title, source, url, published, text_hash, text, meta FROM documents"
        ):
            documents[doc_id] = {
                "title": title,
                "source": source,
                "url": url,
                "published": published,
                "text_hash": digest,
                "text": text,
                "meta": orjson.loads(meta),
            }
        doc_nodes: dict[str, dict[str, Row]] = {}
        for doc_id, node_id, data in db.execute("SELECT doc_id, node_id, data FROM doc_nodes"):
            doc_nodes.setdefault(doc_id, {})[node_id] = orjson.loads(data)
        doc_edges: dict[str, dict[tuple[str, str, str], Row]] = {}
        for doc_id, source, target, key, data in db.execute(
            "SELECT doc_id, source, target, key, data FROM doc_edges"
        ):
            doc_edges.setdefault(doc_id, {})[(source, target, key)] = orjson.loads(data)
        links = {
            (doc, name): node for doc, name, node in db.execute("SELECT doc_id, name, node_id FROM links")
        }
        # a document's rows under the archive nodes its entities resolved to
        doc_nodes = {
            doc: _resolved(doc, rows, lambda n, d=doc: links.get((d, n), n))
            for doc, rows in doc_nodes.items()
        }
        doc_edges = {
            doc: _resolved(
                doc, rows, lambda e, d=doc: (links.get((d, e[0]), e[0]), links.get((d, e[1]), e[1]), e[2])
            )
            for doc, rows in doc_edges.items()
        }
        nodes = {node_id: orjson.loads(data) for node_id, data in db.execute("SELECT id, data FROM nodes")}
        edge_rows = db.execute("SELECT source, target, key, data FROM edges")
        edges = {(s, t, k): orjson.loads(data) for s, t, k, data in edge_rows}
    finally:
        db.close()
    return DbState(documents, doc_nodes, doc_edges, nodes, edges)


def _resolved(doc_id: str, rows: dict[Any, Row], final: Any) -> dict[Any, Row]:
    out: dict[Any, Row] = {}
    for item, data in rows.items():
        key = final(item)
        if isinstance(key, tuple) and key[0] == key[1]:
            continue  # both ends resolved to one node: no edge
        part = merging.contribution(data, doc_id)
        out[key] = part if key not in out else merging.merge(out[key], part)
    return out


def _fold(contributions: dict[str, dict[Any, Row]]) -> dict[Any, Row]:
    merged: dict[Any, Row] = {}
    for doc_id in sorted(contributions):
        for item, data in contributions[doc_id].items():
            part = merging.contribution(data, doc_id)
            merged[item] = part if item not in merged else merging.merge(merged[item], part)
            kind = item.partition(":")[0] if isinstance(item, str) else ""
            if kind in ENTITY_KINDS:  # the store gives a node the kind its id carries
                merged[item]["kind"] = kind
    return merged


def merge_problems(state: DbState) -> list[str]:
    """Every way the merged rows are not exactly the merge of the stored documents' contributions."""
    problems: list[str] = []
    for table, contributions in (("doc_nodes", state.doc_nodes), ("doc_edges", state.doc_edges)):
        orphans = sorted(set(contributions) - set(state.documents))
        if orphans:
            problems.append(f"{table} rows of absent documents: {orphans[:5]}")
    if state.nodes != _fold(state.doc_nodes):
        problems.append("merged nodes are not the merge of the stored contributions")
    if state.edges != _fold(state.doc_edges):
        problems.append("merged edges are not the merge of the stored contributions")
    dangling = [e for e in state.edges if e[0] not in state.nodes or e[1] not in state.nodes]
    if dangling:
        problems.append(f"edges whose ends are missing: {dangling[:5]}")
    return problems
