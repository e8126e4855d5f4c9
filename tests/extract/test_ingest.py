"""The one ingest path (extract.ingest) and extraction in a child process (extract.worker)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from extract.errors import Failure
from extract.ingest import ingest
from extract.pipeline import Extractor
from extract.worker import ExtractionProcess
from graph.records import Document, Extraction
from graph.store import Store
from tests.conftest import ROOT

TOO_LONG = "x " * 600_000  # over spaCy's max_length: a Failure, without running the pipeline


def test_outcomes_come_in_input_order_and_stored_texts_are_not_extracted_again(
    tmp_path: Path, extractor: Extractor
) -> None:
    sent: list[str] = []

    def extract(documents: Iterable[Document]) -> Iterator[Extraction | Failure]:
        def counted() -> Iterator[Document]:
            for document in documents:
                sent.append(document.id)
                yield document

        return extractor.extract_many(counted(), batch_size=2)

    with Store(tmp_path / "ingest.db") as store:
        first = [Document("a", "Angela Merkel met Emmanuel Macron in Paris."), Document("b", "Rain in Oslo.")]
        assert [o.status for o in ingest(first, extract=extract, into=store)] == ["added", "added"]
        sent.clear()
        batch = [
            Document("b", "Rain in Oslo."),  # stored as is: not extracted
            Document("c", "Joe Biden spoke in Washington."),
            Document("a", "Angela Merkel met Olaf Scholz in Berlin."),  # changed: replaces
            Document("b", "Rain in Oslo."),  # met earlier in this run: extracted, then unchanged
            Document("d", TOO_LONG),
            Document("c", "Joe Biden spoke in Washington."),  # met earlier in this run: extracted
        ]
        outcomes = list(ingest(batch, extract=extract, into=store))
    assert [(o.document.id, o.status) for o in outcomes] == [
        ("b", "unchanged"),
        ("c", "added"),
        ("a", "replaced"),
        ("b", "unchanged"),
        ("d", "failed"),
        ("c", "unchanged"),
    ]
    assert outcomes[4].error and "characters" in outcomes[4].error
    assert sent == ["c", "a", "b", "d", "c"]


def test_a_child_process_extracts_what_this_one_would_and_survives_its_own_death(
    extractor: Extractor,
) -> None:
    documents = [Document(f"p{n}", f"President Joe Biden met leaders in city number {n}.") for n in range(10)]
    child = ExtractionProcess()
    try:
        assert child.pid() != os.getpid()
        assert list(child.extract_many(documents)) == list(extractor.extract_many(documents))
        os.kill(child.pid(), signal.SIGKILL)
        lost = list(child.extract_many(documents))
        assert [r.where for r in lost if isinstance(r, Failure)] == [d.id for d in documents]
        assert list(child.extract_many(documents[:2])) == list(extractor.extract_many(documents[:2]))
    finally:
        child.close()


def test_the_child_process_exits_with_its_parent() -> None:
    """A server killed outright must not leave its extraction process behind."""
    script = (
        "from extract.worker import ExtractionProcess; print(ExtractionProcess().pid(), flush=True); input()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    ) as parent:
        assert parent.stdout is not None
        try:
            child = int(parent.stdout.readline())
            assert _alive(child)
        finally:
            parent.kill()
    deadline = time.monotonic() + 15
    while _alive(child):
        assert time.monotonic() < deadline, "the child outlived its parent"
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
