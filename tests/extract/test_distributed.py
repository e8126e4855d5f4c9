"""Extraction on a Dask cluster: the graph equals a single-process ingest's, even when a worker dies."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.cli import build_parser
from extract.pipeline import Extractor
from graph.knowledge import KnowledgeGraph
from graph.store import Store
from tests.api.conftest import running_server
from tests.conftest import ingest_paths, shared_path

distributed = pytest.importorskip("distributed", reason="needs Dask distributed: `make test` installs it")

from extract.distributed import ClusterError, cluster_client  # noqa: E402

CLI = [sys.executable, "-m", "api.cli"]
DASK = [sys.executable, "-m", "dask"]
STORIES = 200  # ~15 s of extraction for one process on this machine


def _client(address: str, timeout: float) -> distributed.Client:
    """An in-process client of the test's cluster. distributed gives its client's event-loop
    thread a fixed 10 s to start; on a loaded two-core machine that start can miss it once
    (AssertionError in distributed.utils.LoopRunner), which says nothing of our code: try again."""
    try:
        return distributed.Client(address, timeout=timeout)
    except AssertionError:
        return distributed.Client(address, timeout=timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _graph(db: Path) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    with Store(db) as store, store.rows() as rows:
        nodes = dict(rows.nodes())
        edges = {(s, t, k): data for s, t, k, data in rows.edges()}
    return nodes, edges


def _documents_in(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def _single_process_graph(
    extractor: Extractor, path: Path, db: Path
) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    kg = KnowledgeGraph.open(db)
    ingest_paths(kg, extractor, path)
    kg.close()
    return _graph(db)


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = shared_path("corpus", "bbc-news.jsonl")
    path = tmp_path_factory.mktemp("bbc") / f"bbc-{STORIES}.jsonl"
    with corpus.open(encoding="utf-8") as src:
        path.write_text("".join(itertools.islice(src, STORIES)), encoding="utf-8")
    return path


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A real `dask scheduler` and two `dask worker` processes on 127.0.0.1, each in its own group."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp_path / "cluster.log").open("wb")

    def spawn(*args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*DASK, *args, "--host", "127.0.0.1", "--no-dashboard"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )

    scheduler = spawn("scheduler", "--port", str(port))
    workers = [
        spawn("worker", address, "--nworkers", "1", "--nthreads", "1", "--name", f"w{n}") for n in range(2)
    ]
    processes = [scheduler, *workers]
    try:
        with _client(address, 60) as client:
            client.wait_for_workers(2, timeout=90)
        yield address, workers
    finally:
        for proc in reversed(processes):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


@pytest.mark.slow
def test_cluster_ingest_survives_a_killed_worker_and_equals_one_process(
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
    stories: Path,
    extractor: Extractor,
    tmp_path: Path,
) -> None:
    address, workers = cluster
    db = tmp_path / "cluster.db"
    ingest = subprocess.Popen(
        [*CLI, "ingest", str(stories), "--db", str(db), "--scheduler", address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    written_at_kill, lost_tasks = None, []
    deadline = time.monotonic() + 240
    with _client(address, 30) as observer:
        victim = next(a for a, w in observer.scheduler_info()["workers"].items() if w["name"] == "w0")
        while ingest.poll() is None and time.monotonic() < deadline:
            written = _documents_in(db)
            lost_tasks = observer.processing(workers=[victim]).get(victim, [])
            if written >= STORIES // 4 and lost_tasks:  # killed in the middle of a batch
                os.killpg(workers[0].pid, signal.SIGKILL)  # the nanny and its worker, no goodbye
                written_at_kill = written
                break
            time.sleep(0.1)
        out, err = ingest.communicate(timeout=max(1.0, deadline - time.monotonic()))
        assert ingest.returncode == 0, err
        assert written_at_kill is not None and written_at_kill < STORIES, "the worker died after the run"
        assert lost_tasks
        assert workers[0].wait(timeout=10) == -signal.SIGKILL
        assert len(observer.nthreads()) == 1  # the run finished on the one worker left
    assert f"{STORIES} documents ({STORIES} added; 0 failed)" in out

    nodes, edges = _graph(db)
    want_nodes, want_edges = _single_process_graph(extractor, stories, tmp_path / "one.db")
    assert nodes.keys() == want_nodes.keys()
    assert edges.keys() == want_edges.keys()
    assert nodes == want_nodes
    assert edges == want_edges


@pytest.mark.slow
def test_local_cluster_reports_a_failing_document_and_keeps_the_rest(
    extractor: Extractor, tmp_path: Path
) -> None:
    good = [
        {"id": "visit", "text": "Antony Blinken met Volodymyr Zelenskiy in Kyiv on Thursday."},
        {"id": "summit", "text": "Jens Stoltenberg spoke to NATO ministers in Brussels."},
    ]
    too_long = {"id": "too-long", "text": "word " * (extractor.nlp.max_length // 5 + 1)}
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in [good[0], too_long, good[1]]))
    db = tmp_path / "local.db"
    result = subprocess.run(
        [*CLI, "ingest", str(path), "--db", str(db), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 1, result.stderr
    assert "2 documents (2 added; 1 failed)" in result.stdout
    assert "skipped too-long: " in result.stderr  # with the reason
    (good_path := tmp_path / "good.jsonl").write_text("".join(json.dumps(d) + "\n" for d in good))
    assert _graph(db) == _single_process_graph(extractor, good_path, tmp_path / "one.db")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--workers", "0"], "at least 1"),
        (["--workers", "two"], "at least 1"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "not allowed with"),
    ],
)
def test_ingest_rejects_bad_cluster_options(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["ingest", "doc.txt", *argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:{port}", "not a scheduler address"])
def test_unreachable_scheduler_is_a_clear_error(address: str) -> None:
    with (
        pytest.raises(ClusterError, match="cannot reach the Dask scheduler"),
        cluster_client(scheduler=address.format(port=_free_port()), timeout=1),
    ):
        pass


@pytest.mark.slow
def test_a_server_with_a_scheduler_extracts_posted_documents_on_the_cluster(
    cluster: tuple[str, list[subprocess.Popen[bytes]]], tmp_path: Path
) -> None:
    address, _ = cluster
    documents = [
        {"id": "visit", "text": "Antony Blinken met Volodymyr Zelenskiy in Kyiv on Thursday."},
        {"id": "summit", "text": "Jens Stoltenberg spoke to NATO ministers in Brussels."},
    ]
    with (
        _client(address, 30) as observer,
        distributed.get_task_stream(client=observer) as tasks,
        running_server(tmp_path / "served.db", scheduler=address) as server,
        server.client() as client,
    ):
        response = client.post("/documents", json=documents)
        assert response.status_code == 200, response.text
        assert [i["status"] for i in response.json()["items"]] == ["added", "added"]
        assert client.get("/entities", params={"q": "Stoltenberg"}).json()["total"] >= 1
    assert any(str(t["key"]).startswith("newsgraph-extract-") for t in tasks.data)  # done there
