"""SIGKILL `newsgraph ingest` at random moments: the file keeps whole documents only, and resumes.

The ingest runs as a user runs it (the real command in its own process). Each kill lands while
documents are being written (right after the committed count passes a random threshold); after
each one the file must pass SQLite's integrity check and be exactly what a clean ingest of the
documents it holds gives (rows, contributions, merged nodes and edges): every document whole or
absent, nothing half-merged. Finishing the ingest afterwards must give exactly the clean ingest's
graph.
"""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.knowledge import KnowledgeGraph
from graph.records import Extraction
from tests.reliability.dbstate import DbState, count_documents, integrity, merge_problems, read_state

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

CLI = [sys.executable, "-m", "api.cli"]
KILLS = 3
SEED = 20210505
TIMEOUT = 240.0


def start_ingest(corpus: Path, db: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [*CLI, "ingest", str(corpus), "--db", str(db)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_after(proc: subprocess.Popen[bytes], db: Path, *, threshold: int, delay: float) -> None:
    """SIGKILL the ingest `delay` seconds after `threshold` documents are committed."""
    deadline = time.monotonic() + TIMEOUT
    while count_documents(db) < threshold:
        assert proc.poll() is None, f"ingest ended (code {proc.returncode}) before {threshold} documents"
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.002)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"


def clean_ingest(extractions: list[Extraction], doc_ids: set[str], path: Path) -> DbState:
    """The state an uninterrupted ingest of just these documents (in file order) leaves."""
    kg = KnowledgeGraph.open(path)
    for extraction in extractions:
        if extraction.document.id in doc_ids:
            kg.ingest(extraction)
    kg.close()
    return read_state(path)


def test_sigkill_during_ingest_leaves_whole_documents_and_resumes(
    tmp_path: Path, corpus_file: Path, corpus_extractions: list[Extraction], reference: DbState
) -> None:
    total = len(reference.documents)
    db = tmp_path / "crash.db"
    rng = random.Random(SEED)
    thresholds = sorted(rng.sample(range(10, total - 10), KILLS))
    survived = 0
    present = 0
    checked = 0
    for number, threshold in enumerate(thresholds):
        proc = start_ingest(corpus_file, db, tmp_path / f"kill{number}.log")
        kill_after(proc, db, threshold=threshold, delay=rng.uniform(0.0, 0.03))
        assert integrity(db) == "ok"
        state = read_state(db)
        assert merge_problems(state) == []
        assert state == clean_ingest(corpus_extractions, set(state.documents), tmp_path / f"clean{number}.db")
        assert len(state.documents) >= threshold
        assert len(state.documents) >= present, "a kill lost documents committed before it"
        present = len(state.documents)
        checked += present
        survived += 1

    log = tmp_path / "resume.log"
    proc = start_ingest(corpus_file, db, log)
    assert proc.wait(timeout=TIMEOUT) == 0, log.read_text()
    summary = re.search(r"(\d+) documents \((.*?); (\d+) failed\)", log.read_text())
    assert summary, log.read_text()
    statuses = {status: int(n) for n, status in re.findall(r"(\d+) (\w+)", summary.group(2))}
    expected = {"added": total - present, "unchanged": present}
    assert statuses == {status: n for status, n in expected.items() if n}  # nothing half-written
    assert integrity(db) == "ok"
    final = read_state(db)
    assert final == reference
    assert survived == KILLS
    print(f"ingest SIGKILLed {survived} times; documents checked: {checked} after kills, {total} at the end")
