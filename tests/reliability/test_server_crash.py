"""SIGKILL `newsgraph serve` while clients POST batches: every acknowledged document survives whole.

A 2xx to POST /documents is a promise that the documents are stored. Clients post batches from
several threads; the server process is killed at a random moment while requests are in flight,
then started again over the same file. Every document whose POST was acknowledged must be there,
with the events and as many entities as the acknowledgement listed; the file must pass SQLite's
integrity check and hold only whole documents.
"""

from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.reliability.dbstate import integrity, merge_problems, read_state
from tests.reliability.server import DocumentView, LiveServer, document_view

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

SEED = 20210506
KILLS = 2
CLIENTS = 3
BATCH = 3
TIMEOUT = 60.0


def post_until_refused(
    server: LiveServer, stories: list[dict[str, Any]], acked: dict[str, DocumentView]
) -> None:
    """POST `stories` in batches until the server stops answering; record what it acknowledged."""
    with server.client(timeout=TIMEOUT) as client:
        for start in range(0, len(stories), BATCH):
            try:
                response = client.post("/documents", json=stories[start : start + BATCH])
            except httpx.TransportError:
                return
            assert response.status_code == 200, response.text
            for item in response.json()["items"]:
                assert item["status"] == "added", item
                acked[item["id"]] = document_view(item)


def test_sigkill_during_posts_loses_nothing_acknowledged(tmp_path: Path, corpus_file: Path) -> None:
    with corpus_file.open(encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh]
    rng = random.Random(SEED)
    server = LiveServer(db=tmp_path / "served.db", log=tmp_path / "server.log").start()
    acked: dict[str, DocumentView] = {}
    checked = 0
    try:
        for kill in range(KILLS):
            warm = {"id": f"warm-{kill}", "text": "Tony Blair spoke in London."}
            with server.client(timeout=TIMEOUT) as client:  # load the model before the clock starts
                assert client.post("/documents", json=warm).is_success
            todo = stories[kill * 100 : (kill + 1) * 100]
            shares = [todo[n::CLIENTS] for n in range(CLIENTS)]
            threads = [threading.Thread(target=post_until_refused, args=(server, s, acked)) for s in shares]
            target = len(acked) + rng.randrange(6, 20)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 120
            while len(acked) < target:
                assert time.monotonic() < deadline, "the server acknowledged too little"
                assert any(t.is_alive() for t in threads), "the clients stopped before the kill"
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.3))
            server.kill()
            for thread in threads:
                thread.join(timeout=TIMEOUT)
            assert not any(t.is_alive() for t in threads)

            db = server.db
            assert integrity(db) == "ok"
            state = read_state(db)
            assert merge_problems(state) == []
            assert set(acked) <= set(state.documents), "acknowledged documents were lost"

            server.start()
            with server.client(timeout=TIMEOUT) as client:
                for doc_id, expected in acked.items():
                    response = client.get(f"/documents/{quote(doc_id, safe='')}?text=false")
                    assert response.status_code == 200, doc_id
                    assert document_view(response.json()) == expected, doc_id
                    checked += 1
    finally:
        server.stop()
    assert checked >= len(acked) >= KILLS * 6
    print(f"server SIGKILLed {KILLS} times during POSTs; {checked} acknowledged documents checked")
