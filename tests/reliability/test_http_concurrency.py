"""Concurrency over HTTP, against `newsgraph serve` in its own process.

Readers polling while documents are POSTed never see half of one; two batches POSTed at once both
land whole; a DELETE racing queries gives each query a consistent answer (the document whole, or
404), never a 5xx.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.reliability.server import DocumentView, LiveServer, document_view, live_server

pytestmark = pytest.mark.corpus

TIMEOUT = 60.0
READERS = 3


@pytest.fixture(scope="module")
def stories(corpus_file: Path) -> list[dict[str, Any]]:
    with corpus_file.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("http-concurrency") / "live.db") as running:
        with running.client(timeout=TIMEOUT) as client:  # load the model before anything is timed
            warm = client.post("/documents", json={"id": "warm-up", "text": "Tony Blair spoke in London."})
            assert warm.status_code == 200, warm.text
        yield running


def doc_path(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}?text=false"


def post(client: httpx.Client, batch: list[dict[str, Any]]) -> dict[str, DocumentView]:
    response = client.post("/documents", json=batch)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["status"] for i in items] == ["added"] * len(batch), items
    return {item["id"]: document_view(item) for item in items}


def in_threads(*targets: Callable[[], None]) -> list[str]:
    """Run the callables at once; the errors they raised, as text."""
    errors: list[str] = []
    barrier = threading.Barrier(len(targets))

    def run(target: Callable[[], None]) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            target()
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def test_readers_never_see_half_a_posted_document(server: LiveServer, stories: list[dict[str, Any]]) -> None:
    batches = [stories[i : i + 4] for i in range(0, 48, 4)]
    ids = [s["id"] for s in stories[:48]]
    done = threading.Event()
    seen: list[tuple[str, DocumentView]] = []
    statuses: list[int] = []

    def write() -> None:
        try:
            with server.client(timeout=TIMEOUT) as client:
                for batch in batches:
                    post(client, batch)
        finally:
            done.set()

    def read() -> None:
        with server.client(timeout=TIMEOUT) as client:
            turn = 0
            while not done.is_set():
                turn += 1
                doc_id = ids[turn * 7 % len(ids)]
                response = client.get(doc_path(doc_id))
                statuses.append(response.status_code)
                if response.status_code == 200:
                    seen.append((doc_id, document_view(response.json())))

    assert in_threads(write, *[read] * READERS) == []
    with server.client(timeout=TIMEOUT) as client:
        final = {doc_id: document_view(client.get(doc_path(doc_id)).json()) for doc_id in ids}
    assert set(statuses) <= {200, 404}
    half = [(doc_id, view, final[doc_id]) for doc_id, view in seen if view != final[doc_id]]
    assert half == [], f"{len(half)} of {len(seen)} reads saw a document differ from its final form"
    assert len(seen) > 20, "the readers did not overlap the writes"


def test_two_batches_posted_at_once_both_land_whole(
    server: LiveServer, stories: list[dict[str, Any]]
) -> None:
    batches = [stories[60:68], stories[68:76]]
    reports: dict[str, DocumentView] = {}

    def send(batch: list[dict[str, Any]]) -> Callable[[], None]:
        def run() -> None:
            with server.client(timeout=TIMEOUT) as client:
                reports.update(post(client, batch))

        return run

    assert in_threads(*(send(b) for b in batches)) == []
    assert set(reports) == {s["id"] for b in batches for s in b}
    with server.client(timeout=TIMEOUT) as client:
        for doc_id, expected in reports.items():
            response = client.get(doc_path(doc_id))
            assert response.status_code == 200, doc_id
            assert document_view(response.json()) == expected, doc_id


def race_delete(server: LiveServer, doc_id: str, whole: DocumentView, counts: dict[int, int]) -> list[str]:
    """Two DELETEs of `doc_id` and READERS query loops at once; every inconsistent answer seen."""
    problems: list[str] = []
    with server.client(timeout=TIMEOUT) as client:
        entities = sorted(e["id"] for e in client.get(doc_path(doc_id)).json()["entities"])
    entity_paths = [f"/entities/{quote(e, safe='')}" for e in entities[:5]]
    deleted = threading.Event()
    reading = threading.Event()  # the DELETEs wait for the readers' first answer: a real race
    answers: list[int] = []

    def check_entity(response: httpx.Response) -> None:
        if response.status_code == 200:
            body = response.json()
            listed = {d["id"] for d in body["documents"]}
            if len(body["doc_ids"]) <= 100 and set(body["doc_ids"]) != listed:
                problems.append(f"{body['id']}: doc_ids {body['doc_ids']} but documents {sorted(listed)}")
        elif response.status_code != 404:
            problems.append(f"entity: {response.status_code} {response.text[:200]}")

    def query() -> None:
        with server.client(timeout=TIMEOUT) as client:
            for turn in range(400):
                if deleted.is_set() and turn % 10 == 9:
                    break
                response = client.get(doc_path(doc_id))
                reading.set()
                counts[response.status_code] = counts.get(response.status_code, 0) + 1
                if response.status_code == 200 and document_view(response.json()) != whole:
                    problems.append(f"{doc_id}: a part of the document")
                elif response.status_code not in (200, 404):
                    problems.append(f"{doc_id}: {response.status_code} {response.text[:200]}")
                if entity_paths:
                    check_entity(client.get(entity_paths[turn % len(entity_paths)]))

    def delete() -> None:
        reading.wait(TIMEOUT)
        with server.client(timeout=TIMEOUT) as client:
            answers.append(client.delete(f"/documents/{quote(doc_id, safe='')}").status_code)
        deleted.set()

    problems += in_threads(delete, delete, *[query] * READERS)
    if sorted(answers) != [200, 404]:  # two DELETEs at once: exactly one deletes
        problems.append(f"{doc_id}: the two DELETEs answered {answers}")
    return problems


def test_delete_racing_queries_answers_whole_or_404(
    server: LiveServer, stories: list[dict[str, Any]]
) -> None:
    victims = stories[80:86]
    with server.client(timeout=TIMEOUT) as client:
        whole = post(client, victims)
    counts: dict[int, int] = {}
    for story in victims:
        assert race_delete(server, story["id"], whole[story["id"]], counts) == []
        with server.client(timeout=TIMEOUT) as client:
            assert client.get(doc_path(story["id"])).status_code == 404
    assert set(counts) == {200, 404}, counts
