"""Make a large store by replicating real extraction records under new names.

The source is a store built by `newsgraph ingest` (the BBC corpus in `make bench`). Each *copy*
replays every source document's contribution (the per-document rows in `doc_nodes` and
`doc_edges`) with every name replaced: each alphabetic word of an entity's id, label and aliases,
of an event's id and label, and of a document id maps to a pseudo-word of the same length, one
mapping per copy, kept injective. Kinds, per-document record counts, the degree distribution,
attribute sets and sizes (sentences, quotes and evidence are kept verbatim) are those of the
source; copies share no node, so the merged graph is N disjoint replicas of the source graph.

Rows are written straight into the store's tables, one transaction per copy: the merged `nodes`
and `edges` rows are folded with graph.merge exactly as `Store.write` folds them, only without a
round trip to SQLite per record (`Store.write` runs ~60 statements per document). Two processes
make the copies' rows while this one writes them. tests/bench/test_generate.py checks that a
generated store equals the one `Store.write` builds from the same records.

    python -m bench.generate SOURCE.db OUT.db --edges 1000000
"""

from __future__ import annotations

import argparse
import hashlib
import math
import multiprocessing
import re
import sqlite3
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from graph import merge as merging
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Evidence, Extraction
from graph.resolve import name_keys
from graph.store import CHANGE_TRIGGERS, Store, node_row, text_hash

_WORD = re.compile(r"[^\W\d_]+")
_CONSONANTS = "bcdfghjklmnprstvz"
_VOWELS = "aeiou"

# The fields graph.store.entity_data / event_data set themselves; the rest are a record's attrs.
_ENTITY_FIELDS = frozenset({"kind", "label", "aliases", "mentions"})
_EVENT_FIELDS = frozenset(
    {"kind", "label", "event_type", "mode", "date", "sentence", "quote", "evidence", "mentions"}
)

NodeRows = dict[str, dict[str, Any]]
EdgeRows = dict[tuple[str, str, str], dict[str, Any]]


@dataclass(slots=True)
class Template:
    """One source document and what it contributed, as the store keeps it."""

    document: dict[str, Any]  # id, title, source, url, published, text, meta
    nodes: NodeRows
    edges: EdgeRows


@dataclass(slots=True)
class Contribution:
    """One synthetic document: its metadata and its per-document node and edge rows."""

    document: Document
    nodes: NodeRows
    edges: EdgeRows


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)  # as graph.store writes its blobs


def read_templates(db: str | Path) -> list[Template]:
    """Every document of a store with its contributions, in ingest order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        docs = conn.execute(
            "SELECT id, title, source, url, published, text, meta FROM documents ORDER BY ingested_at, id"
        ).fetchall()
        nodes: dict[str, NodeRows] = {}
        for doc_id, node_id, data in conn.execute("SELECT doc_id, node_id, data FROM doc_nodes"):
            nodes.setdefault(doc_id, {})[node_id] = orjson.loads(data)
        edges: dict[str, EdgeRows] = {}
        for doc_id, s, t, k, data in conn.execute("SELECT doc_id, source, target, key, data FROM doc_edges"):
            edges.setdefault(doc_id, {})[(s, t, k)] = orjson.loads(data)
    finally:
        conn.close()
    fields = ("id", "title", "source", "url", "published", "text", "meta")
    return [
        Template(
            document={**dict(zip(fields, row, strict=True)), "meta": orjson.loads(row[6])},
            nodes=nodes.get(row[0], {}),
            edges=edges.get(row[0], {}),
        )
        for row in docs
    ]


class Renamer:
    """One copy's names: each word maps to a pseudo-word of its length; no two words share one."""

    def __init__(self, copy: int) -> None:
        self.copy = copy
        self._words: dict[str, str] = {}
        self._taken: set[str] = set()
        self._ids: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def word(self, word: str) -> str:
        key = word.casefold()
        new = self._words.get(key)
        if new is None:
            salt = 0
            while new is None or new in self._taken:
                new = _pseudo_word(f"{self.copy}:{salt}:{key}", max(3, len(key)))
                salt += 1
            self._words[key] = new
            self._taken.add(new)
        if word.isupper() and len(word) > 1:
            return new.upper()
        return new.capitalize() if word[:1].isupper() else new

    def text(self, text: str) -> str:
        new = self._texts.get(text)
        if new is None:
            new = self._texts[text] = _WORD.sub(lambda m: self.word(m.group()), text)
        return new

    def node_id(self, node_id: str) -> str:
        new = self._ids.get(node_id)
        if new is None:
            kind, _, rest = node_id.partition(":")
            # The copy number keeps ids apart where pseudo-words repeat across copies or a name
            # has no letters to replace ("organization:2004"); as a prefix, it also keeps each
            # copy's rows together in the store's indexes, which makes the bulk insert fast.
            new = self._ids[node_id] = f"{kind}:{self.copy:05d}-{self.text(rest)}"
        return new

    def doc_id(self, doc_id: str) -> str:
        return f"synthetic-{self.copy:05d}/{self.text(doc_id)}"


def _pseudo_word(seed: str, length: int) -> str:
    digest = hashlib.blake2b(seed.encode("utf-8"), digest_size=32).digest()
    letters = [
        (_CONSONANTS if i % 2 == 0 else _VOWELS)[b % (len(_CONSONANTS) if i % 2 == 0 else len(_VOWELS))]
        for i, b in enumerate(digest[:length])
    ]
    while len(letters) < length:  # names longer than the digest: repeat it
        letters += letters[: length - len(letters)]
    return "".join(letters)


def _evidence(items: list[dict[str, Any]], doc_id: str) -> list[dict[str, Any]]:
    return [{**e, "doc_id": doc_id} for e in items]


def replicate(template: Template, names: Renamer) -> Contribution:
    """A source document's contribution under the copy's names."""
    doc_id = names.doc_id(template.document["id"])
    nodes: NodeRows = {}
    for node_id, data in template.nodes.items():
        new = dict(data)
        if data.get("kind") == "event":
            new["label"] = names.text(data["label"])
            new["evidence"] = _evidence(data.get("evidence", []), doc_id)
        else:
            new["label"] = names.text(data["label"])
            new["aliases"] = sorted({names.text(a) for a in data.get("aliases", [])})
        nodes[names.node_id(node_id)] = new
    edges: EdgeRows = {}
    for (source, target, key), data in template.edges.items():
        new = {**data, "evidence": _evidence(data.get("evidence", []), doc_id)}
        edges[(names.node_id(source), names.node_id(target), key)] = new
    fields = {k: template.document[k] for k in ("title", "source", "url", "published")}
    document = Document(id=doc_id, text=template.document["text"], meta=template.document["meta"], **fields)
    return Contribution(document=document, nodes=nodes, edges=edges)


def copies(templates: list[Template], count: int) -> Iterator[list[Contribution]]:
    for copy in range(count):
        names = Renamer(copy)
        yield [replicate(t, names) for t in templates]


def as_extraction(item: Contribution) -> Extraction:
    """The records whose `Store.write` stores exactly this contribution (for checking the writer)."""
    entities, events = [], []
    for node_id, data in item.nodes.items():
        if data["kind"] == "event":
            events.append(
                EventRecord(
                    id=node_id,
                    event_type=data["event_type"],
                    label=data["label"],
                    mode=data.get("mode"),
                    date=data.get("date"),
                    sentence=data.get("sentence", ""),
                    quote=data.get("quote"),
                    evidence=[Evidence(**e) for e in data.get("evidence", [])],
                    attrs={k: v for k, v in data.items() if k not in _EVENT_FIELDS},
                )
            )
        else:
            entities.append(
                EntityRecord(
                    id=node_id,
                    kind=data["kind"],
                    label=data["label"],
                    aliases=list(data.get("aliases", [])),
                    mentions=data.get("mentions", 1),
                    attrs={k: v for k, v in data.items() if k not in _ENTITY_FIELDS},
                )
            )
    edges = [
        EdgeRecord(
            source=source,
            target=target,
            relation=data["relation"],
            role=data.get("role"),
            evidence=[Evidence(**e) for e in data.get("evidence", [])],
            attrs={k: v for k, v in data.items() if k not in ("relation", "role", "evidence")},
        )
        for (source, target, _), data in item.edges.items()
    ]
    return Extraction(document=item.document, entities=entities, events=events, edges=edges)


def _fold(merged: dict[Any, dict[str, Any]], key: Any, data: dict[str, Any], doc_id: str) -> None:
    part = merging.contribution(data, doc_id)
    current = merged.get(key)
    merged[key] = part if current is None else merging.merge(current, part)


@dataclass(slots=True)
class CopyRows:
    """One copy's table rows, ready to insert."""

    documents: list[tuple[Any, ...]]
    doc_nodes: list[tuple[Any, ...]]
    doc_edges: list[tuple[Any, ...]]
    nodes: list[tuple[Any, ...]]
    edges: list[tuple[Any, ...]]
    name_keys: list[tuple[str, str]]
    names: list[str]  # the entities the copy names, for resolution


def copy_rows(items: list[Contribution]) -> CopyRows:
    """One copy's documents, per-document rows, name keys and merged rows (folded as Store.write
    folds them, as documents name them before resolution: `resolve_copy` links them after)."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    documents, doc_nodes, doc_edges = [], [], []
    keys: set[tuple[str, str]] = set()
    now = time.time()
    for item in items:
        doc = item.document
        digest, meta = text_hash(doc.text), _dumps(doc.meta)
        documents.append((doc.id, doc.title, doc.source, doc.url, doc.published, digest, doc.text, meta, now))
        for node_id, data in item.nodes.items():
            doc_nodes.append((doc.id, node_id, _dumps(data)))
            _fold(nodes, node_id, data, doc.id)
            if data["kind"] != "event":
                for key in name_keys(data["kind"], data["label"], data.get("aliases", ())):
                    keys.add((key, node_id))
        for edge, data in item.edges.items():
            if edge[0] == edge[1]:
                continue
            doc_edges.append((doc.id, *edge, _dumps(data)))
            _fold(edges, edge, data, doc.id)
    return CopyRows(
        documents,
        doc_nodes,
        doc_edges,
        [node_row(node_id, m) for node_id, m in nodes.items()],
        [(*e, _dumps(m)) for e, m in edges.items()],
        sorted(keys),
        sorted({name for _, name in keys}),
    )


def insert(conn: sqlite3.Connection, rows: CopyRows) -> tuple[int, int]:
    """Insert one copy's rows in one transaction; (merged nodes, merged edges) written."""
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.documents)
    conn.executemany("INSERT INTO doc_nodes VALUES (?, ?, ?)", rows.doc_nodes)
    conn.executemany("INSERT INTO doc_edges VALUES (?, ?, ?, ?, ?)", rows.doc_edges)
    if rows.nodes:
        conn.executemany(f"INSERT INTO nodes VALUES ({', '.join('?' * len(rows.nodes[0]))})", rows.nodes)
    conn.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", rows.edges)
    conn.executemany("INSERT OR IGNORE INTO name_keys VALUES (?, ?)", rows.name_keys)
    conn.execute("COMMIT")
    return len(rows.nodes), len(rows.edges)


def write_copy(conn: sqlite3.Connection, items: list[Contribution]) -> tuple[int, int]:
    """Insert one copy's documents, per-document rows, name keys and merged rows in one
    transaction (before resolution: `resolve_copy` links them after)."""
    return insert(conn, copy_rows(items))


def resolve_copy(store: Store, items: list[Contribution]) -> None:
    """Link one written copy's names as Store.write would have (resolution does not depend on
    the order documents came in, so resolving a whole copy at once gives the same graph)."""
    store.resolve({n for item in items for n, data in item.nodes.items() if data["kind"] != "event"})


_templates: list[Template] = []  # a generating process's source records


def _load_templates(templates: list[Template]) -> None:
    _templates[:] = templates


def _make_copy(copy: int) -> CopyRows:
    names = Renamer(copy)
    return copy_rows([replicate(t, names) for t in _templates])


def _rows_in_order(templates: list[Template], count: int, workers: int) -> Iterator[CopyRows]:
    """Each copy's rows in copy order, made by `workers` processes, a few copies ahead at most."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=spawn, initializer=_load_templates, initargs=(templates,)
    ) as pool:
        pending: deque[Future[CopyRows]] = deque()
        for copy in range(count):
            pending.append(pool.submit(_make_copy, copy))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def generate(
    source: str | Path, out: str | Path, *, edges: int, log: bool = False, workers: int = 2
) -> dict[str, Any]:
    """Write enough copies of `source` into the new store `out` to hold at least `edges` edges.

    The copies are made by `workers` processes while this one writes them, in copy order."""
    templates = read_templates(source)
    per_copy = len({e for t in templates for e in t.edges if e[0] != e[1]})
    if not per_copy:
        raise SystemExit(f"{source} has no edges to replicate")
    count = math.ceil(edges / per_copy)
    out = Path(out)
    if out.exists():
        raise SystemExit(f"{out} exists; the generator writes a new store")
    Store(out).close()  # the schema, as the store creates it
    store = Store(out)  # resolves each copy's names once its rows are in
    conn = sqlite3.connect(out, isolation_level=None)
    # A new store has no reader following its change log: the rows are written without logging
    # them (reopening the store at the end puts the log's triggers back).
    for trigger in CHANGE_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    # A benchmark input is rebuilt, not recovered, after a crash: nothing synced while it is written.
    conn.execute("PRAGMA synchronous=OFF")
    store._db.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")  # 256 MB
    started = time.perf_counter()
    totals = [0, 0, 0]
    try:
        for n, rows in enumerate(_rows_in_order(templates, count, workers), start=1):
            made = insert(conn, rows)
            store.resolve(rows.names)
            totals = [totals[0] + len(rows.documents), totals[1] + made[0], totals[2] + made[1]]
            if log and (n % 10 == 0 or n == count):
                print(f"copy {n}/{count}: {totals[2]:,} edges", flush=True)
    finally:
        conn.close()
        store.close()
    Store(out).close()  # the change log's triggers back
    return {
        "copies": count,
        "documents": totals[0],
        "nodes": totals[1],
        "edges": totals[2],
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("source", help="a store built by newsgraph ingest")
    parser.add_argument("out", help="the new store to write")
    parser.add_argument("--edges", type=int, default=1_000_000, help="at least this many edges")
    args = parser.parse_args()
    print(generate(args.source, args.out, edges=args.edges, log=True))


if __name__ == "__main__":
    main()
