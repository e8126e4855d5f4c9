"""The one ingest path: documents in, each extracted unless stored as is, each written in input order.

The command line, the HTTP API and the distributed mode differ only in how they extract (in this
process, in a worker process, on a Dask cluster: any function from documents to one record or
Failure per document, in order) and in what they write to (the store alone, or the live graph,
which writes to the store and keeps itself in step with it).

A document already stored under its id with the same text is not extracted again: its outcome
is "unchanged". An id met earlier in the same run is extracted whatever the store says, because
that earlier write may not have landed yet.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from extract.errors import Failure
from graph.records import Document, Extraction
from graph.store import IngestResult, text_hash

Extract = Callable[[Iterable[Document]], Iterator[Extraction | Failure]]


class Target(Protocol):
    """Where records are written: graph.store.Store, or graph.knowledge.KnowledgeGraph."""

    def document_hash(self, doc_id: str) -> str | None: ...

    def ingest(self, extraction: Extraction) -> IngestResult: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document."""

    document: Document
    status: str  # added | replaced | unchanged | failed
    error: str | None = None


def ingest(documents: Iterable[Document], *, extract: Extract, into: Target) -> Iterator[Outcome]:
    """Extract and write `documents`; one Outcome per document, in input order, as each lands.

    Documents are read lazily, so an endless stream (or a cluster's window of work) is fine.
    """
    waiting: deque[tuple[Document, bool]] = deque()  # in input order; True: sent to extraction
    seen: set[str] = set()

    def to_extract() -> Iterator[Document]:
        for document in documents:
            fresh = document.id in seen or into.document_hash(document.id) != text_hash(document.text)
            seen.add(document.id)
            waiting.append((document, fresh))
            if fresh:
                yield document

    for result in extract(to_extract()):
        while waiting and not waiting[0][1]:
            yield Outcome(waiting.popleft()[0], "unchanged")
        document, _ = waiting.popleft()
        if isinstance(result, Failure):
            yield Outcome(document, "failed", result.reason)
        else:
            yield Outcome(document, into.ingest(result).status)
    while waiting:  # extraction has read every document: what is left was not sent to it
        yield Outcome(waiting.popleft()[0], "unchanged")
