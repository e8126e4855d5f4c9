"""One truth across processes, against `newsgraph serve` in its own process.

What `newsgraph ingest` and `newsgraph delete` write to the served database is seen by the running
server within 2 seconds; a DELETE over HTTP of a document another process wrote is answered only
once the graph no longer shows it; a restart loads the snapshot written once writes settled, and
a corrupt one is rebuilt; POSTed documents are extracted by a child process, not the server.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from graph import snapshot
from tests.conftest import SEEDS
from tests.reliability.server import CLI, LiveServer, live_server

VISIT = SEEDS / "rferl-blinken-to-visit-ukraine.txt"
VISIT_ID = VISIT.stem
SEEN_WITHIN = 2.0  # seconds
ENV = {"NEWSGRAPH_SNAPSHOT_AFTER": "0.5"}


def cli(*args: str) -> None:
    subprocess.run([*CLI, *args], check=True, capture_output=True, timeout=300)


def wait_for(check, within: float) -> float:  # type: ignore[no-untyped-def]
    """Seconds until `check()` is true; fails past `within`."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < within, f"not seen within {within} s"
        time.sleep(0.05)
    return time.monotonic() - started


def blinken(client: httpx.Client) -> list[str]:
    return [hit["id"] for hit in client.get("/entities", params={"q": "Antony Blinken"}).json()["items"]]


def stored(client: httpx.Client, doc_id: str) -> bool:
    return client.get(f"/documents/{quote(doc_id, safe='')}", params={"text": "false"}).status_code == 200


@pytest.fixture
def server(tmp_path: Path) -> LiveServer:
    db = tmp_path / "served.db"
    cli("ingest", str(SEEDS / "moscowtimes-blinken-presses-russia.txt"), "--db", str(db))
    with live_server(db, env=ENV) as running:
        yield running


def test_a_cli_ingest_and_delete_are_seen_by_the_running_server(server: LiveServer) -> None:
    with server.client() as client:
        before = blinken(client)
        assert not stored(client, VISIT_ID)
        cli("ingest", str(VISIT), "--db", str(server.db))
        wait_for(lambda: stored(client, VISIT_ID), SEEN_WITHIN)
        found = blinken(client)
        assert found and client.get(f"/entities/{found[0]}").json()["doc_ids"].count(VISIT_ID) == 1
        events = client.get("/events", params={"actor": found[0], "limit": 500}).json()
        assert any(VISIT_ID in e["doc_ids"] for e in events["items"])

        cli("delete", VISIT_ID, "--db", str(server.db))
        # the store drops the row a moment before the graph applies the change: both within 2 s
        wait_for(lambda: not stored(client, VISIT_ID) and blinken(client) == before, SEEN_WITHIN)
        graph = client.get("/export/json").json()
        assert not [n["id"] for n in graph["nodes"] if VISIT_ID in n["doc_ids"]]


# An article of our own that names the Secretary of State by surname alone, beside two people the
# served article names in full: resolution (graph.resolve) puts him on the served full name's node.
SHORT_FORM = """Blinken Calls Kyiv

Blinken spoke with Ukrainian Foreign Minister Dmytro Kuleba and President Volodymyr Zelenskiy by \
telephone on Friday, a day after his visit.

"We remain with you," Blinken said.
"""
SERVED_ID = "moscowtimes-blinken-presses-russia"


def entity(client: httpx.Client, node_id: str) -> dict[str, Any] | None:
    """The live graph's node of that id (a route given an id no node has may answer with the
    node a search for it finds)."""
    response = client.get(f"/entities/{node_id}")
    found: dict[str, Any] = response.json()
    return found if response.status_code == 200 and found["id"] == node_id else None


def counted_as_stored(client: httpx.Client) -> bool:
    health = client.get("/health").json()  # counted in memory; the export reads the store
    graph = client.get("/export/json").json()
    return bool((health["nodes"], health["edges"]) == (len(graph["nodes"]), len(graph["edges"])))


def test_identity_links_another_process_makes_and_undoes_are_seen(server: LiveServer, tmp_path: Path) -> None:
    article = tmp_path / "blinken-calls-kyiv.txt"
    article.write_text(SHORT_FORM, encoding="utf-8")
    with server.client() as client:
        full = "person:antony-blinken"
        assert entity(client, full) is not None

        cli("ingest", str(article), "--db", str(server.db))  # links "Blinken" to the full name
        wait_for(lambda: stored(client, article.stem), SEEN_WITHIN)
        assert client.get(f"/entities/{full}").json()["doc_ids"] == sorted([SERVED_ID, article.stem])
        assert blinken(client)[0] == full
        assert entity(client, "person:blinken") is None
        assert counted_as_stored(client)

        cli("delete", SERVED_ID, "--db", str(server.db))  # the full name goes: so does the link
        wait_for(lambda: not stored(client, SERVED_ID) and entity(client, full) is None, SEEN_WITHIN)
        alone = entity(client, "person:blinken")
        assert alone is not None and alone["doc_ids"] == [article.stem]
        assert counted_as_stored(client)


def test_a_delete_answers_once_the_graph_no_longer_shows_the_document(tmp_path: Path) -> None:
    db = tmp_path / "deleted.db"
    cli("ingest", str(SEEDS / "moscowtimes-blinken-presses-russia.txt"), "--db", str(db))
    # the server looks for others' writes every 1.5 s: a DELETE must not wait for that look
    with live_server(db, env={**ENV, "NEWSGRAPH_FOLLOW_EVERY": "1.5"}) as server, server.client() as client:
        cli("ingest", str(VISIT), "--db", str(server.db))
        wait_for(lambda: stored(client, VISIT_ID), 5)
        shown = {n for n in blinken(client) if VISIT_ID in client.get(f"/entities/{n}").json()["doc_ids"]}
        assert shown
        response = client.delete(f"/documents/{VISIT_ID}")
        assert response.status_code == 200, response.text
        assert not stored(client, VISIT_ID)
        assert all(VISIT_ID not in client.get(f"/entities/{n}").json()["doc_ids"] for n in shown)
        health = client.get("/health").json()  # counted in memory; the export reads the store
        graph = client.get("/export/json").json()
        assert (health["nodes"], health["edges"]) == (len(graph["nodes"]), len(graph["edges"]))


def saved(client: httpx.Client) -> bool:
    freshness = client.get("/health").json()["freshness"]
    return bool(freshness["snapshot_seq"] == freshness["seq"])


def test_a_restart_loads_the_snapshot_and_rebuilds_a_corrupt_one(server: LiveServer) -> None:
    with server.client() as client:
        cli("ingest", str(VISIT), "--db", str(server.db))
        wait_for(lambda: stored(client, VISIT_ID), SEEN_WITHIN)
        wait_for(lambda: saved(client), 30)
        graph = client.get("/export/json").json()
    log = server.log.read_text()
    server.restart()
    assert server.log.read_text()[len(log) :].count("loaded") == 1
    with server.client() as client:
        assert client.get("/export/json").json() == graph

    path = snapshot.path_for(server.db)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    log = server.log.read_text()
    server.restart()
    assert "corrupt" in server.log.read_text()[len(log) :]
    with server.client() as client:
        assert client.get("/export/json").json() == graph
        wait_for(lambda: saved(client), 30)  # and a sound snapshot replaces it


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        if f"PPid:\t{pid}" in lines:
            found.append(int(status.parent.name))
    return found


def _loaded_spacy(pid: int) -> bool:
    return "/spacy/" in Path(f"/proc/{pid}/maps").read_text()


def test_posted_documents_are_extracted_by_a_child_process(tmp_path: Path) -> None:
    if not Path("/proc/self/maps").exists():
        pytest.skip("needs /proc to see which process loaded spaCy")
    with live_server(tmp_path / "posted.db", env=ENV) as server, server.client(timeout=120) as client:
        response = client.post("/documents", json={"id": "visit", "text": VISIT.read_text()})
        assert response.status_code == 200 and response.json()["items"][0]["status"] == "added"
        assert blinken(client)
        assert server.proc is not None
        assert not _loaded_spacy(server.proc.pid), "the server process loaded spaCy itself"
        assert any(_loaded_spacy(child) for child in _children(server.proc.pid))
