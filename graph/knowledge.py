"""The live knowledge graph: the store, the NetworkX MultiDiGraph built from it, and its indexes.

Readers take `reading()`; a change is applied under the write side of the same lock, so a query
sees the graph before or after a document, never half of one.

Following the store. The store logs every change to its merged rows with a growing sequence
number (graph.store), whoever made it; the graph remembers the sequence it reflects (`seq`). A
write made here holds the write lock from its transaction to the graph's last update. `refresh()`
brings in what other processes wrote (a CLI ingest, another server over the same file): it reads
the rows changed since `seq` in one read transaction, so what it applies is the store as it was
at one moment, and applies them at once. Each applied change updates only what it touched: the
nodes and edges, the counts, the name index entries of the entities, the timeline entries of the
events (graph.derived).

Memory. The graph keeps no long text (graph.texts): sentences, quotes and evidence, and the
attributes of events that only answers about them show, stay in the store and are read for the
answers that show them. Values that repeat across nodes (kinds, event types, dates, document ids)
are one shared string each, and at start-up the nodes and edges that cite the same documents
share one list of their ids. A node without in- or out-edges has an empty adjacency dict, and
every such dict is one shared object: it is replaced, never filled, when an edge arrives.
"""

from __future__ import annotations

import bisect
import gc
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from graph import nxfast
from graph import snapshot as snapshots
from graph.answers import DocumentRef
from graph.derived import Counts, Indexes, Rankings
from graph.errors import DocumentNotFound
from graph.queries import contributions, count_facts
from graph.records import Extraction
from graph.store import Changes, ChangesLost, EdgeId, IngestResult, Store
from graph.texts import TextSource, edge_in_memory, in_memory

__all__ = ["IngestResult", "KnowledgeGraph", "ReadWriteLock", "build_graph"]


class ReadWriteLock:
    """Many readers or one writer, and neither side starves: a waiting writer holds back new
    readers, and the readers that waited for a writer go in before the next writer does.

    A *pinned* read (`read(pinned=True)`, for a long read such as writing a snapshot) holds
    writers back but not other readers: while it lasts, readers go in even past a waiting writer,
    so one slow read never makes every request wait behind a writer that waits for it."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0
        self._readers_waiting = 0
        self._readers_turn = False  # a writer left while readers waited: they go first
        self._pinned = 0

    @contextmanager
    def read(self, *, pinned: bool = False) -> Iterator[None]:
        """Hold the read side for the `with` block.

        Parameters
        ----------
        pinned : bool
            A long read: writers wait for it, other readers do not.

        Examples
        --------
        >>> from graph.knowledge import ReadWriteLock
        >>> lock = ReadWriteLock()
        >>> with lock.read(), lock.read():  # readers share the lock
        ...     print("two readers")
        two readers
        """
        with self._cond:
            self._readers_waiting += 1
            while self._writer or (self._writers_waiting and not self._readers_turn and not self._pinned):
                self._cond.wait()
            self._readers_waiting -= 1
            if not self._readers_waiting:
                self._readers_turn = False
            self._readers += 1
            self._pinned += pinned
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._pinned -= pinned
                if not self._readers or pinned:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        """Hold the write side for the `with` block: no reader and no other writer meanwhile.

        Examples
        --------
        >>> from graph.knowledge import ReadWriteLock
        >>> lock = ReadWriteLock()
        >>> with lock.write():
        ...     print("alone")
        alone
        """
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers or self._readers_turn:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._readers_turn = self._readers_waiting > 0
                self._cond.notify_all()


# -- the in-memory form of a merged row ----------------------------------------------------------

# attributes whose values repeat across many nodes and edges: one shared string each
_SHARED = ("kind", "event_type", "mode", "date", "relation", "role", "trigger", "country_code")


class _Compact:
    """Turns a merged row into its in-memory form (graph.texts: no bookkeeping, no long text),
    values that repeat shared.
    With `share_lists`, rows citing the same documents get the same list object (at start-up;
    the graph's attribute dicts are replaced, never changed in place, so sharing is safe)."""

    def __init__(self, *, share_lists: bool) -> None:
        self._lists: dict[tuple[str, ...], list[str]] | None = {} if share_lists else None

    def node(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._shared(in_memory(data))

    def edge(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._shared(edge_in_memory(data))

    def _shared(self, data: dict[str, Any]) -> dict[str, Any]:
        label, aliases = data.get("label"), data.get("aliases")
        if type(aliases) is list and label in aliases:  # the label is usually an alias too: one string
            data["aliases"] = [label if alias == label else alias for alias in aliases]
        for name in _SHARED:
            value = data.get(name)
            if type(value) is str:
                data[name] = sys.intern(value)
        doc_ids = data.get("doc_ids")
        if type(doc_ids) is list:
            key = tuple(sys.intern(d) if type(d) is str else d for d in doc_ids)
            if self._lists is None:
                data["doc_ids"] = list(key)
            else:
                shared = self._lists.get(key)
                if shared is None:
                    shared = self._lists[key] = list(key)
                data["doc_ids"] = shared
        return data


def _build(store: Store) -> tuple[nx.MultiDiGraph, int, Counts]:
    """The graph of the store's merged rows, read in one transaction; the change it is at; its
    counts.

    Start-up reads millions of rows, so this fills the graph's dicts directly (what add_node and
    add_edge would do, without a copy of each attribute dict) and pauses the cyclic garbage
    collector, whose repeated full passes over the new objects would otherwise triple the time.
    The graph then lives as long as the process: `gc.freeze()` takes its objects out of the
    collector's sight, so no later collection walks them all again (a pause of seconds at 1M
    edges, in the middle of some request). Reference counting still frees what is deleted.
    """
    g = nx.MultiDiGraph()
    nodes, succ, pred = nxfast.adjacency(g)
    compact = _Compact(share_lists=True)
    counts = Counts()
    ids: list[str] = []  # in id order: an edge's ends are looked up here, so each id is one string
    paused = gc.isenabled()
    gc.disable()
    try:
        with store.rows() as rows:
            for node_id, data in rows.nodes():
                nodes[node_id] = compact.node(data)
                counts.node(nodes[node_id], 1)
                succ[node_id] = pred[node_id] = _NO_EDGES
                ids.append(node_id)
            for source, target, key, data in rows.edges():
                source, target = _same_string(ids, source), _same_string(ids, target)
                for end in (source, target):
                    if end not in nodes:  # the store keeps ends with edges; be as lenient as add_edge
                        nodes[end], succ[end], pred[end] = {}, _NO_EDGES, _NO_EDGES
                        counts.node(nodes[end], 1)
                keys = succ[source].get(target)
                if keys is None:
                    keys = _adjacent(succ, source)[target] = _adjacent(pred, target)[source] = {}
                keys[sys.intern(key)] = edge = compact.edge(data)
                counts.edge(key, edge, 1)
            seq = rows.seq
    finally:
        del compact
        gc.freeze()
        if paused:
            gc.enable()
    return g, seq, counts


# The adjacency dict of a node without out- (or in-) edges: one shared empty dict for them all, at
# start-up. Code that adds an edge replaces an empty adjacency dict before filling it (_adjacent),
# so the shared one is never changed; an empty dict is tested by being empty, not by identity (a
# snapshot's unpickled graph shares its own empty dict).
_NO_EDGES: dict[str, dict[str, Any]] = {}


def _adjacent(adjacency: dict[str, dict[str, Any]], node_id: str) -> dict[str, Any]:
    """The node's adjacency dict, ready to take an edge (a fresh one if it was empty)."""
    found = adjacency[node_id]
    if not found:
        found = adjacency[node_id] = {}
    return found


def _same_string(ids: list[str], node_id: str) -> str:
    """The string object `ids` holds for `node_id` (sorted), else `node_id` itself."""
    at = bisect.bisect_left(ids, node_id)
    return ids[at] if at < len(ids) and ids[at] == node_id else node_id


def build_graph(store: Store) -> nx.MultiDiGraph:
    """The in-memory graph of a store (without long text; see the module docstring).

    Parameters
    ----------
    store : Store
        The store to read, at one moment of it.

    Returns
    -------
    g : networkx.MultiDiGraph
        The merged nodes and edges, not tied to any `KnowledgeGraph`.

    Examples
    --------
    >>> from graph.examples import example_knowledge
    >>> kg = example_knowledge()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> build_graph(kg.store).nodes["place:kyiv"]["doc_ids"]
    ['d1']
    >>> kg.close()
    """
    return _build(store)[0]


class KnowledgeGraph:
    """The store and the in-memory graph built from it; the one object the API and CLI hold.

    The graph is changed only by this class: readers treat what `reading()` yields as read-only
    (attribute dicts and lists are shared between nodes, and so are empty adjacency dicts).

    Parameters
    ----------
    store : Store
        The store the graph is built from and written through.
    graph, seq, indexes, counts : optional
        A graph already built (from a snapshot), the store change it reflects, and its indexes
        and counts; without `graph` the graph is built from the store.

    Examples
    --------
    >>> from graph.examples import example_extraction
    >>> kg = KnowledgeGraph.open(":memory:")
    >>> kg.ingest(example_extraction())  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    IngestResult(doc_id='d1', status='added', nodes=5, edges=5)
    >>> with kg.reading() as g:
    ...     sorted(g.successors("event:1"))
    ['person:bo-ek', 'place:kyiv']
    >>> kg.close()
    """

    def __init__(
        self,
        store: Store,
        *,
        graph: nx.MultiDiGraph | None = None,
        seq: int = 0,
        indexes: Indexes | None = None,
        counts: Counts | None = None,
    ) -> None:
        self.store = store
        self.lock = ReadWriteLock()
        if graph is None:
            graph, seq, counts = _build(store)
        self.graph = graph
        self.seq = seq  # the store's change this graph reflects
        self.counts = counts if counts is not None else Counts.of(graph)  # kept as the graph changes
        self._indexes = indexes
        self._indexing = threading.Lock()
        self.version = 0  # bumped on every applied change
        self.changed_at = time.monotonic()
        self.saved_seq: int | None = None  # the change the last snapshot written or read is at

    @classmethod
    def open(cls, path: str | Path) -> KnowledgeGraph:
        """The graph of the store at `path` (created when missing; ``":memory:"`` for a throwaway).

        Parameters
        ----------
        path : str or Path
            The SQLite file.

        Returns
        -------
        KnowledgeGraph
            Built from the store; `close()` it when done.

        Examples
        --------
        >>> from graph.knowledge import KnowledgeGraph
        >>> kg = KnowledgeGraph.open(":memory:")
        >>> kg.stats()["nodes"]
        0
        >>> kg.close()
        """
        return cls(Store(path))

    @classmethod
    def start(cls, store: Store, snapshot: str | Path) -> tuple[KnowledgeGraph, str]:
        """The live graph from the snapshot file when it can stand for the store (then brought up
        to date with the changes since), else built from the store; and a line saying which.

        Parameters
        ----------
        store : Store
            The open store.
        snapshot : str or Path
            The snapshot file (see graph.snapshot); missing, stale or of another store, it is
            not used.

        Returns
        -------
        kg : KnowledgeGraph
            The graph, at the store's latest change.
        said : str
            How it was started and how long it took.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from graph.examples import example_knowledge
        >>> kg = example_knowledge()
        >>> folder = tempfile.TemporaryDirectory()
        >>> _ = kg.save_snapshot(Path(folder.name) / "graph.snapshot")
        >>> started, said = KnowledgeGraph.start(kg.store, Path(folder.name) / "graph.snapshot")
        >>> len(started.graph), said
        (5, 'loaded .../graph.snapshot in ... s (change ...; 0 applied since)')
        >>> kg.close(); folder.cleanup()
        """
        started = time.perf_counter()
        first, last = store.change_log_range()
        try:
            saved = snapshots.load(snapshot, store_id=store.store_id, first_seq=first, last_seq=last)
        except snapshots.SnapshotRejected as exc:
            kg = cls(store)
            return kg, f"built the graph from the store in {time.perf_counter() - started:.1f} s: {exc}"
        kg = cls(store, graph=saved.graph, seq=saved.seq, indexes=saved.indexes, counts=saved.counts)
        kg.saved_seq = saved.seq
        with kg.lock.write():
            kg._catch_up()
        elapsed = time.perf_counter() - started
        return (
            kg,
            f"loaded {snapshot} in {elapsed:.1f} s (change {saved.seq}; {kg.seq - saved.seq} applied since)",
        )

    def save_snapshot(self, path: str | Path) -> int:
        """Write the graph and its indexes to `path` (see graph.snapshot); the bytes written.

        The graph is held still (the read lock) only while a child process is forked to write it;
        where there is no fork, for the whole write, pinned (ReadWriteLock): writers wait for it,
        readers do not.

        Parameters
        ----------
        path : str or Path
            The snapshot file, replaced whole.

        Returns
        -------
        int
            The size of the file written, in bytes.

        Examples
        --------
        See `start`, which reads it back.
        """
        with self.reading(pinned=True):
            saved = snapshots.Saved(self.store.store_id, self.seq, self.graph, self.indexes, self.counts)
            finish = snapshots.save_in_child(path, saved)
        size = finish()
        self.saved_seq = saved.seq
        return size

    def close(self) -> None:
        """Close the store (a ``":memory:"`` store's file is removed)."""
        self.store.close()

    @contextmanager
    def reading(self, *, pinned: bool = False) -> Iterator[nx.MultiDiGraph]:
        """The live graph under the read lock, for the `with` block; treat it as read-only.

        Parameters
        ----------
        pinned : bool
            A long read (see `ReadWriteLock`): writers wait for it, other readers do not.

        Yields
        ------
        g : networkx.MultiDiGraph
            The graph; no change is applied to it until the block ends.

        Examples
        --------
        >>> from graph.examples import example_knowledge
        >>> kg = example_knowledge()
        >>> with kg.reading() as g:
        ...     g.nodes["place:kyiv"]["label"]
        'Kyiv'
        >>> kg.close()
        """
        with self.lock.read(pinned=pinned):
            yield self.graph

    @property
    def indexes(self) -> Indexes:
        """The name index and timeline; built on first use (call it holding `reading()`).

        Examples
        --------
        >>> from graph.examples import example_knowledge
        >>> kg = example_knowledge()
        >>> with kg.reading():
        ...     [hit.id for hit in kg.indexes.names.search("Anne Lee").hits]
        ['person:ann-lee']
        >>> kg.close()
        """
        if self._indexes is None:
            with self._indexing:
                if self._indexes is None:
                    paused = gc.isenabled()
                    gc.disable()
                    try:
                        self._indexes = Indexes.build(self.graph)
                    finally:
                        gc.freeze()
                        if paused:
                            gc.enable()
        return self._indexes

    @property
    def indexed(self) -> bool:
        """Whether the indexes are built yet (see `indexes`)."""
        return self._indexes is not None

    def set_rankings(self, rankings: Rankings) -> None:
        """Swap in rankings computed elsewhere (one assignment: readers see the old or the new).

        Parameters
        ----------
        rankings : Rankings
            Computed from the store (see graph.centrality.rank_store).
        """
        self.indexes.rankings = rankings

    def document_hash(self, doc_id: str) -> str | None:
        """The hash of a stored document's text, None when it is not stored.

        Examples
        --------
        >>> from graph.examples import example_knowledge
        >>> kg = example_knowledge()
        >>> len(kg.document_hash("d1")), kg.document_hash("d2")
        (64, None)
        >>> kg.close()
        """
        return self.store.document_hash(doc_id)

    # -- what the store keeps beside the graph: documents, long text ---------------------------

    @property
    def texts(self) -> TextSource:
        """Where the long text the graph does not keep is read from (graph.texts)."""
        return self.store

    def count_documents(self) -> int:
        return self.store.count_documents()

    def documents(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored documents' metadata, by published date, then id."""
        return self.store.documents(limit=limit, offset=offset)

    def document_refs(self, doc_ids: Iterable[str], *, limit: int = 50) -> list[DocumentRef]:
        """Title, source, url and date of each document still stored (the first `limit` ids)."""
        refs: list[DocumentRef] = []
        for doc_id in sorted(set(doc_ids))[:limit]:
            try:
                row = self.store.document(doc_id, with_text=False)
            except DocumentNotFound:  # deleted since this version of the graph was read
                continue
            refs.append(
                {
                    "id": row["id"],
                    "title": row["title"],
                    "source": row["source"],
                    "url": row["url"],
                    "published": row["published"],
                }
            )
        return refs

    def document(self, doc_id: str, *, with_text: bool = True) -> dict[str, Any]:
        """A stored document's row, and the entities and events it contributes to the graph."""
        with self.reading() as g:
            row = self.store.document(doc_id, with_text=with_text)
            node_ids = self.store.document_contributions(doc_id)[0]
            # The store commits a document a moment before the graph takes it in: until then, it is
            # not there yet for readers, who see the graph before the document or after it.
            if not all(n in g and doc_id in g.nodes[n].get("doc_ids", ()) for n in node_ids):
                raise DocumentNotFound(doc_id)
            return {**row, **contributions(g, node_ids)}

    def contribution(self, doc_id: str) -> dict[str, Any]:
        """What a stored document gives the graph now: its entities, its events, how many facts."""
        nodes, edges = self.store.document_contributions(doc_id)
        with self.reading() as g:
            return {**contributions(g, nodes), "facts": count_facts(g, edges)}

    # A change holds the write lock from the store's transaction to the graph's last update: a
    # reader (who may read both) sees the document in both or in neither, and two writers cannot
    # interleave and leave an older merged row in memory.

    def ingest(self, extraction: Extraction) -> IngestResult:
        """Write one document's extraction to the store and the graph, in one step for readers.

        A document id already stored is replaced (unchanged when nothing differs).

        Parameters
        ----------
        extraction : Extraction
            The document and what was read from it.

        Returns
        -------
        IngestResult
            The status (added, replaced, unchanged) and how many merged nodes and edges changed.

        Examples
        --------
        >>> from graph.examples import example_extraction
        >>> kg = KnowledgeGraph.open(":memory:")
        >>> kg.ingest(example_extraction())
        IngestResult(doc_id='d1', status='added', nodes=5, edges=5)
        >>> kg.ingest(example_extraction())  # the same text again
        IngestResult(doc_id='d1', status='unchanged', nodes=0, edges=0)
        >>> kg.close()
        """
        with self.lock.write():
            delta = self.store.write(extraction)
            if delta.status != "unchanged":
                self._catch_up()
        return IngestResult.of(delta)

    def delete(self, doc_id: str) -> IngestResult:
        """Remove a document and its contributions; what only it told leaves the graph.

        Parameters
        ----------
        doc_id : str
            The document's id.

        Returns
        -------
        IngestResult
            Status ``"deleted"`` and how many merged nodes and edges changed.

        Raises
        ------
        DocumentNotFound
            When no document has that id.

        Examples
        --------
        >>> from graph.examples import example_knowledge
        >>> kg = example_knowledge()
        >>> kg.delete("d1"), len(kg.graph)
        (IngestResult(doc_id='d1', status='deleted', nodes=5, edges=5), 0)
        >>> kg.close()
        """
        with self.lock.write():
            delta = self.store.delete(doc_id)
            self._catch_up()
        return IngestResult.of(delta)

    def refresh(self) -> int:
        """Apply what was written to the store since `seq` (by any process); rows applied.

        The rows are read outside the lock; if this process wrote meanwhile, they are read again.

        Returns
        -------
        int
            How many changed nodes and edges were applied; -1 when the change log no longer
            reached back to `seq` and the graph was built anew.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from graph.examples import example_extraction
        >>> folder = tempfile.TemporaryDirectory()
        >>> server = KnowledgeGraph.open(Path(folder.name) / "news.db")
        >>> other = KnowledgeGraph.open(Path(folder.name) / "news.db")  # another process, say
        >>> _ = other.ingest(example_extraction())
        >>> len(server.graph), server.refresh(), len(server.graph)
        (0, 10, 5)
        >>> other.close(); server.close(); folder.cleanup()
        """
        seen = self.seq
        if self.store.change_seq() == seen:
            return 0
        try:
            changes = self.store.changes_since(seen)
        except ChangesLost:
            self._rebuild()
            return -1
        with self.lock.write():
            if self.seq != seen:
                changes = self.store.changes_since(self.seq)
            self._apply(changes)
        return len(changes.nodes) + len(changes.edges)

    def _catch_up(self) -> None:
        """Apply every change logged since `seq`; the caller holds the write lock."""
        try:
            self._apply(self.store.changes_since(self.seq))
        except ChangesLost:  # behind by more than the log keeps: only a rebuild knows the truth
            graph, seq, counts = _build(self.store)
            self._swap(graph, seq, counts, Indexes.build(graph) if self.indexed else None)

    def _rebuild(self) -> None:
        """Build the graph anew from the store beside the live one, then swap it in."""
        graph, seq, counts = _build(self.store)
        indexes = Indexes.build(graph) if self.indexed else None
        with self.lock.write():
            self._swap(graph, seq, counts, indexes)
            self._catch_up()

    def _swap(self, graph: nx.MultiDiGraph, seq: int, counts: Counts, indexes: Indexes | None) -> None:
        rankings = self._indexes.rankings if self._indexes is not None else None
        self.graph, self.seq, self.counts, self._indexes = graph, seq, counts, indexes
        if indexes is not None:
            indexes.rankings = rankings
        self.version += 1
        self.changed_at = time.monotonic()

    def _apply(self, changes: Changes) -> None:
        """Bring the graph up to the store's change `changes.seq`; the caller holds the write lock.

        Edges that go away go first (so a node that goes has none left), then nodes, then the
        edges that stay (their ends are there by then)."""
        if changes:
            compact = _Compact(share_lists=False)
            for edge, data in changes.edges.items():
                if data is None:
                    self._drop_edge(edge)
            for node_id, data in changes.nodes.items():
                self._put_node(node_id, None if data is None else compact.node(data))
            for edge, data in changes.edges.items():
                if data is not None:
                    self._put_edge(edge, compact.edge(data))
            self.version += 1
            self.changed_at = time.monotonic()
        self.seq = changes.seq

    def _put_node(self, node_id: str, data: dict[str, Any] | None) -> None:
        g = self.graph
        nodes, succ, pred = nxfast.adjacency(g)
        old = nodes.get(node_id)
        if data is None:
            if old is None:
                return
            for source, target, key in [*g.in_edges(node_id, keys=True), *g.out_edges(node_id, keys=True)]:
                self._drop_edge((source, target, key))
            g.remove_node(node_id)
        elif old is None:
            nodes[node_id] = data
            succ[node_id] = pred[node_id] = _NO_EDGES
        else:
            nodes[node_id] = data
        if old is not None:
            self.counts.node(old, -1)
        if data is not None:
            self.counts.node(data, 1)
        if self._indexes is not None:
            self._indexes.node_changed(node_id, old, data)

    def _put_edge(self, edge: EdgeId, data: dict[str, Any]) -> None:
        nodes, succ, pred = nxfast.adjacency(self.graph)
        source, target, key = edge
        for end in (source, target):
            if end not in nodes:  # as lenient as add_edge
                self._put_node(end, {})
        keys = succ[source].get(target)
        if keys is None:
            keys = _adjacent(succ, source)[target] = _adjacent(pred, target)[source] = {}
        old = keys.get(key)
        keys[sys.intern(key)] = data
        if old is not None:
            self.counts.edge(key, old, -1)
        self.counts.edge(key, data, 1)

    def _drop_edge(self, edge: EdgeId) -> None:
        succ, pred = nxfast.succ(self.graph), nxfast.pred(self.graph)
        source, target, key = edge
        keys = succ.get(source, {}).get(target)
        if keys is None or key not in keys:
            return
        old = keys.pop(key)
        if not keys:
            del succ[source][target]
            del pred[target][source]
        self.counts.edge(key, old, -1)

    def stats(self) -> dict[str, Any]:
        """How many documents, nodes, edges, entities and events, and nodes by kind.

        Examples
        --------
        >>> from graph.examples import example_knowledge
        >>> kg = example_knowledge()
        >>> kg.stats()
        {'documents': 1, 'nodes': 5, 'edges': 5, 'entities': 3, 'events': 2,
         'kinds': {'event': 2, 'person': 2, 'place': 1}}
        >>> kg.close()
        """
        with self.reading():
            counts = self.counts.as_dict()
            kinds = counts["kinds"]
            return {
                "documents": self.store.count_documents(),
                "nodes": counts["nodes"],
                "edges": counts["edges"],
                "entities": sum(v for k, v in kinds.items() if k != "event"),
                "events": kinds.get("event", 0),
                "kinds": kinds,
            }
