"""Make a large store by replicating real extraction records under new names.

The source is a store built by `newsgraph ingest` (the BBC corpus in `make bench`). Each *copy*
replays every source document's contribution (the per-document rows in `doc_nodes` and
`doc_edges`) with every name replaced: each alphabetic word of an entity's id, label and aliases,
of an event's id and label, and of a document id maps to a pseudo-word of its length (at least
four letters), one per copy, no two alike in the whole archive (`Words`). Kinds, per-document
record counts, the degree distribution, attribute sets and sizes (sentences, quotes and evidence
are kept verbatim) are those of the source; copies share no node and no name, so the merged graph
is N disjoint replicas of the source graph.

Rows are written straight into the store's tables, one transaction per copy: the merged `nodes`
and `edges` rows are folded with graph.merge exactly as `Store.write` folds them, only without a
round trip to SQLite per record (`Store.write` runs ~60 statements per document). Names are
resolved across documents (graph.resolve) once: the store resolves the first copy, and every
other copy gets the same links under its names. That is what resolution gives each copy, because
it decides a name from the names sharing one of its keys, and a copy shares none with another;
its pseudo-words are alike in what resolution reads of them (their number, lengths, initials).
The generator checks it at the end: the store decides two copies' names again over the whole
archive and counts what changed (`resolution_check`, 0). Two processes make the copies' rows
while this one writes them. tests/bench/test_generate.py checks that a generated store equals the
one `Store.write` builds from the same records, document by document.

    python -m bench.generate SOURCE.db OUT.db --edges 1000000
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import re
import sqlite3
import time
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from graph import merge as merging
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Evidence, Extraction
from graph.resolve import name_keys
from graph.store import CHANGE_TRIGGERS, Store, node_row, text_hash

_WORD = re.compile(r"[^\W\d_]+")

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


class Words:
    """The pseudo-words of every copy: each word of the source (of entity ids, labels and aliases,
    of event ids and labels, of document ids) gets one per copy, no two alike in the whole
    archive, so that no copy shares a name key with another and resolution decides each copy's
    names among its own.

    What resolution reads of a word is alike in every copy. Its length: a pseudo-word has its
    word's, at least `MIN_LETTERS` (`MIN_CAPITALS` for an acronym). Its first letter, a
    consonant: a function of the word, not of the copy, so initials match in one copy as in every
    other. Its second letter is "q" or "x" (and the third no "u"), so no pseudo-word is a word
    resolution knows (a given name, a legal form, a kind of body: tests/bench check the tables).
    An acronym (a word written in capitals somewhere) has a vowel third and no other word has,
    so it is never some name's initials nor another word's pseudo-word. No "i" or "y": no
    pseudo-word ends like a transliterated name ("-iy", "-ij"), which resolution folds into
    another word. A word's n-th pseudo-word is the number `n * capacity + copy` of its class
    (length, acronym or not, first letter), shuffled by an affine bijection and written in
    letters."""

    MIN_LETTERS = 5
    MIN_CAPITALS = 6

    def __init__(self, templates: list[Template]) -> None:
        found: set[str] = set()
        capitals: set[str] = set()
        for t in templates:
            texts = [t.document["id"]]
            for node_id, data in t.nodes.items():
                texts += [node_id, data.get("label", ""), *data.get("aliases", ())]
            for text in texts:
                for word in _WORD.findall(text):
                    found.add(word.casefold())
                    if word.isupper() and len(word) > 1:
                        capitals.add(word.casefold())
        classes: dict[tuple[int, bool], list[str]] = {}
        for word in sorted(found):
            caps = word in capitals
            size = max(len(word), self.MIN_CAPITALS if caps else self.MIN_LETTERS)
            classes.setdefault((size, caps), []).append(word)
        self._index = {
            w: (size, caps, n) for (size, caps), words in classes.items() for n, w in enumerate(words)
        }
        # the most copies every class has room for
        self.capacity = min(
            (_room(size, caps) // -(-len(words) // len(_FIRST)) for (size, caps), words in classes.items()),
            default=1,
        )

    def pseudo(self, word: str, copy: int) -> str:
        if not 0 <= copy < self.capacity:
            raise ValueError(f"copy {copy}: the source's words keep at most {self.capacity} copies apart")
        size, caps, n = self._index[word]
        letters = [_FIRST[n % len(_FIRST)]]
        space = _room(size, caps)
        value = (_SHUFFLE * (n // len(_FIRST) * self.capacity + copy) + space // 3) % space
        for choices in _FIXED[caps]:
            value, digit = divmod(value, len(choices))
            letters.append(choices[digit])
        while len(letters) < size:
            value, digit = divmod(value, len(_LETTERS))
            letters.append(_LETTERS[digit])
        return "".join(letters)


_LETTERS = "abcdefghjklmnopqrstuvwxz"
_VOWELS = "aeou"
_FIRST = "".join(c for c in _LETTERS if c not in _VOWELS)
_MARKS = "qx"
_SHUFFLE = 7_919 * 104_729  # coprime with 2, 3 and 5: a bijection of every room below


# the letters after the first: an acronym's third is a vowel ("qu" starts words), no other's is
_FIXED = {True: (_MARKS, "aeo"), False: (_MARKS, _FIRST)}


def _room(size: int, caps: bool) -> int:
    """How many pseudo-words of a class there are for each first letter."""
    fixed = _FIXED[caps]
    return math.prod(len(c) for c in fixed) * len(_LETTERS) ** (size - 1 - len(fixed))


PSEUDO_WORD = re.compile(f"[{_FIRST}][{_MARKS}][{_FIRST}aeo][{_LETTERS}]*")  # every pseudo-word is one


class Renamer:
    """One copy's names, every word replaced by its pseudo-word (`Words`). With `ranks`
    (`doc_ranks`), a document's id starts with its source id's place among the source's ids, so
    that every copy's documents sort as the source's do."""

    def __init__(self, copy: int, words: Words, ranks: Mapping[str, int] | None = None) -> None:
        self.copy = copy
        self._pseudo = words.pseudo
        self._ranks = ranks
        self._words: dict[str, str] = {}
        self._ids: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def word(self, word: str) -> str:
        key = word.casefold()
        new = self._words.get(key)
        if new is None:
            new = self._words[key] = self._pseudo(key, self.copy)
        if word.isupper() and len(word) > 1:
            return new.upper()
        return new.capitalize() if word[:1].isupper() else new

    def text(self, text: str) -> str:
        new = self._texts.get(text)
        if new is None:
            word = self.word
            new = self._texts[text] = "".join([word(p) if w else p for w, p in _pieces(text)])
        return new

    def node_id(self, node_id: str) -> str:
        new = self._ids.get(node_id)
        if new is None:
            kind, _, rest = node_id.partition(":")
            # The copy number keeps ids apart where a name has no letters to replace
            # ("organization:2004"); as a prefix, it also keeps each copy's rows together in the
            # store's indexes, which makes the bulk insert fast.
            new = self._ids[node_id] = f"{kind}:{self.copy:05d}-{self.text(rest)}"
        return new

    def doc_id(self, doc_id: str) -> str:
        rank = "" if self._ranks is None else f"{self._ranks[doc_id]:06d}-"
        return f"synthetic-{self.copy:05d}/{rank}{self.text(doc_id)}"


@lru_cache(maxsize=1 << 20)
def _pieces(text: str) -> tuple[tuple[bool, str], ...]:
    """A text as its words (True) and what is between them (False), read once for every copy."""
    out: list[tuple[bool, str]] = []
    end = 0
    for match in _WORD.finditer(text):
        if match.start() > end:
            out.append((False, text[end : match.start()]))
        out.append((True, match.group()))
        end = match.end()
    if end < len(text):
        out.append((False, text[end:]))
    return tuple(out)


def doc_ranks(templates: list[Template]) -> dict[str, int]:
    """Each source document's place among the source's ids."""
    return {doc_id: n for n, doc_id in enumerate(sorted(t.document["id"] for t in templates))}


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
    """The copies `generate` writes, as documents and their records."""
    words, ranks = Words(templates), doc_ranks(templates)
    for copy in range(count):
        names = Renamer(copy, words, ranks)
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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What resolution decided for the first copy, under the source's names: each `links` row
    (a document's entity that joined another node: document, entity, parent, node, why) and each
    `name_links` row (a name's decision: name, parent, root, why). The other copies get the same
    under their own names."""

    links: tuple[tuple[str, str, str | None, str, str], ...] = ()
    name_links: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(slots=True)
class CopyRows:
    """One copy's table rows, ready to insert."""

    documents: list[tuple[Any, ...]]
    doc_nodes: list[tuple[Any, ...]]
    doc_edges: list[tuple[Any, ...]]
    nodes: list[tuple[Any, ...]]
    edges: list[tuple[Any, ...]]
    name_keys: list[tuple[str, str]]
    links: list[tuple[str, str, str | None, str, str]]
    name_links: list[tuple[str, str, str, str]]
    names: list[str]  # the entities the copy names


def copy_rows(
    items: list[Contribution], outcome: Outcome | None = None, names: Renamer | None = None
) -> CopyRows:
    """One copy's documents, per-document rows, name keys, and merged rows folded as Store.write
    folds them. With `outcome` (and the copy's `names`), the copy's links are the outcome's under
    its names, and each entity is folded into the node it links to; without, the rows are as the
    documents name them, before resolution."""
    links: list[tuple[str, str, str | None, str, str]] = []
    name_links: list[tuple[str, str, str, str]] = []
    if outcome is not None and names is not None:
        ids = names.node_id
        links = [
            (names.doc_id(doc), ids(name), None if parent is None else ids(parent), ids(node), why)
            for doc, name, parent, node, why in outcome.links
        ]
        name_links = [
            (ids(name), ids(parent), ids(root), why) for name, parent, root, why in outcome.name_links
        ]
    final = {(doc, name): node for doc, name, _, node, _ in links}
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
            _fold(nodes, final.get((doc.id, node_id), node_id), data, doc.id)
            if data["kind"] != "event":
                for key in name_keys(data["kind"], data["label"], data.get("aliases", ())):
                    keys.add((key, node_id))
        for (source, target, key), data in item.edges.items():
            if source == target:
                continue
            doc_edges.append((doc.id, source, target, key, _dumps(data)))
            ends = final.get((doc.id, source), source), final.get((doc.id, target), target)
            if ends[0] != ends[1]:  # both ends on one node: no edge, as in Store.write
                _fold(edges, (*ends, key), data, doc.id)
    return CopyRows(  # in key order: each insert lands next to the one before
        sorted(documents),
        sorted(doc_nodes),
        sorted(doc_edges),
        sorted(node_row(node_id, m) for node_id, m in nodes.items()),
        sorted((*e, _dumps(m)) for e, m in edges.items()),
        sorted(keys),
        links,
        name_links,
        sorted({name for _, name in keys}),
    )


def insert(conn: sqlite3.Connection, rows: CopyRows, *, keys: str = "name_keys") -> tuple[int, int]:
    """Insert one copy's rows in one transaction (its name keys into the table `keys`); (merged
    nodes, merged edges) written."""
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.documents)
    conn.executemany("INSERT INTO doc_nodes VALUES (?, ?, ?)", rows.doc_nodes)
    conn.executemany("INSERT INTO doc_edges VALUES (?, ?, ?, ?, ?)", rows.doc_edges)
    if rows.nodes:
        conn.executemany(f"INSERT INTO nodes VALUES ({', '.join('?' * len(rows.nodes[0]))})", rows.nodes)
    conn.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", rows.edges)
    conn.executemany(f"INSERT OR IGNORE INTO {keys} VALUES (?, ?)", rows.name_keys)
    conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", rows.links)
    conn.executemany("INSERT INTO name_links VALUES (?, ?, ?, ?)", rows.name_links)
    conn.execute("COMMIT")
    return len(rows.nodes), len(rows.edges)


def first_outcome(store: Store, templates: list[Template], names: Renamer) -> Outcome:
    """What resolution decided for the first copy (the only one written yet, made with `names`:
    the renamer that made it knows its ids), under the source's names."""
    docs = {names.doc_id(t.document["id"]): t.document["id"] for t in templates}
    ids = {names.node_id(n): n for t in templates for n in t.nodes}
    db = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        links = db.execute(
            "SELECT doc_id, name, parent, node_id, why FROM links ORDER BY doc_id, name"
        ).fetchall()
        decided = db.execute("SELECT name, parent, root, why FROM name_links ORDER BY name").fetchall()
    finally:
        db.close()
    return Outcome(
        tuple(
            (docs[doc], ids[name], None if parent is None else ids[parent], ids[node], why)
            for doc, name, parent, node, why in links
        ),
        tuple((ids[name], ids[parent], ids[root], why) for name, parent, root, why in decided),
    )


_made: list[Any] = []  # a generating process's source records, document ranks and first outcome


def _load(templates: list[Template], outcome: Outcome) -> None:
    _made[:] = [templates, Words(templates), doc_ranks(templates), outcome]


def _make_copy(copy: int) -> CopyRows:
    templates, words, ranks, outcome = _made
    names = Renamer(copy, words, ranks)
    return copy_rows([replicate(t, names) for t in templates], outcome, names)


def _rows_in_order(
    templates: list[Template], outcome: Outcome, copies: range, workers: int
) -> Iterator[CopyRows]:
    """Each copy's rows in copy order, made by `workers` processes, a few copies ahead at most."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=spawn, initializer=_load, initargs=(templates, outcome)
    ) as pool:
        pending: deque[Future[CopyRows]] = deque()
        for copy in copies:
            pending.append(pool.submit(_make_copy, copy))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def generate(
    source: str | Path, out: str | Path, *, edges: int, log: bool = False, workers: int = 2
) -> dict[str, Any]:
    """Write enough copies of `source` into the new store `out` to hold at least `edges` edges.

    The first copy is written as documents name their entities and resolved by the store; the
    others, made by `workers` processes while this one writes them in copy order, carry its
    outcome under their names. Last, the store decides the second and the last copy's names
    again over the whole archive: `resolution_check` counts the merged rows that changed
    (0: the copies hold what resolution gives them)."""
    templates = read_templates(source)
    per_copy = len({e for t in templates for e in t.edges if e[0] != e[1]})
    if not per_copy:
        raise SystemExit(f"{source} has no edges to replicate")
    count = math.ceil(edges / per_copy)
    out = Path(out)
    if out.exists():
        raise SystemExit(f"{out} exists; the generator writes a new store")
    words = Words(templates)
    if count > words.capacity:
        raise SystemExit(
            f"{source} has words for {words.capacity} copies apart, not {count}: use a larger source"
        )
    started = time.perf_counter()
    Store(out).close()  # the schema, as the store creates it
    with Store(out) as store, closing(sqlite3.connect(out, isolation_level=None)) as conn:
        # A new store has no reader following its change log: the copies are written without
        # logging them (opening the store again puts the log's triggers back).
        for trigger in CHANGE_TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        first = Renamer(0, words, doc_ranks(templates))
        rows = copy_rows([replicate(t, first) for t in templates])
        insert(conn, rows)
        store.resolve(rows.names)
        outcome = first_outcome(store, templates, first)
        with store.rows() as resolved:
            totals = [len(rows.documents), resolved.count_nodes(), resolved.count_edges()]
    checked: list[str] = []
    with closing(sqlite3.connect(out, isolation_level=None)) as conn:
        # A benchmark input is rebuilt, not recovered, after a crash: no journal, nothing synced.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MB
        # the secondary indexes are built once at the end, when the store is opened again
        indexes = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        for (index,) in indexes.fetchall():
            conn.execute(f"DROP INDEX {index}")
        # name keys are not grouped by copy: gathered apart, and put in key order once at the end
        conn.execute("CREATE TEMP TABLE keys (key TEXT NOT NULL, name TEXT NOT NULL)")
        for n, rows in enumerate(_rows_in_order(templates, outcome, range(1, count), workers), start=2):
            made = insert(conn, rows, keys="keys")
            totals = [totals[0] + len(rows.documents), totals[1] + made[0], totals[2] + made[1]]
            if n in (2, count):
                checked += rows.names
            if log and (n % 10 == 0 or n == count):
                print(
                    f"copy {n}/{count}: {totals[2]:,} edges, {time.perf_counter() - started:.1f} s",
                    flush=True,
                )
        conn.execute("INSERT OR IGNORE INTO name_keys SELECT key, name FROM keys ORDER BY key, name")
    written = time.perf_counter() - started
    with Store(out) as store:  # back to the store's journal, indexes and change log triggers
        delta = store.resolve(checked)
    return {
        "copies": count,
        "documents": totals[0],
        "nodes": totals[1],
        "edges": totals[2],
        "seconds": time.perf_counter() - started,
        "write_seconds": written,
        # merged rows the store changed when it decided the second and last copies' names again
        "resolution_check": len(delta.nodes) + len(delta.edges),
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
