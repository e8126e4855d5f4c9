"""Documents over a live server: read them, add one or a batch, delete; and the write guards."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import Server
from tests.conftest import SEEDS

NEW_VISIT = {
    "id": "world/europe/blinken-berlin",
    "text": (
        "U.S. Secretary of State Antony Blinken visited Berlin on Wednesday. "
        "Blinken met German Chancellor Angela Merkel at the chancellery to discuss Russia."
    ),
    "title": "Blinken in Berlin",
    "source": "Example Wire",
    "published": "2021-06-24",
}


@pytest.fixture
def server(serve: Callable[..., Server], writable_seed_db: Path) -> Server:
    return serve(writable_seed_db)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


# -- reading ----------------------------------------------------------------------------------


def test_list_and_read_documents(seed_client: httpx.Client) -> None:
    body = seed_client.get("/documents").json()
    sidecars = {p.stem: json.loads(p.read_text()) for p in SEEDS.glob("*.json")}
    assert body["total"] == len(sidecars)
    for item in body["items"]:
        assert (item["title"], item["published"]) == (
            sidecars[item["id"]]["title"],
            sidecars[item["id"]]["published"],
        )
    dates = [item["published"] for item in body["items"]]
    assert dates == sorted(dates)
    doc_id = body["items"][0]["id"]
    detail = seed_client.get(f"/documents/{doc_id}").json()
    assert detail["text"] == (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert detail["entities"] and detail["events"]
    assert all(
        doc_id in seed_client.get(f"/entities/{e['id']}").json()["doc_ids"] for e in detail["entities"][:5]
    )
    assert seed_client.get(f"/documents/{doc_id}", params={"text": False}).json()["text"] is None


# -- writing ----------------------------------------------------------------------------------


def test_posted_visit_appears_in_events_and_goes_with_delete(client: httpx.Client) -> None:
    response = client.post("/documents", json=NEW_VISIT)
    assert response.status_code == 200, response.text
    [item] = response.json()["items"]
    assert (item["id"], item["status"]) == (NEW_VISIT["id"], "added")
    assert {"Antony Blinken", "Angela Merkel"} <= {e["label"] for e in item["entities"]}
    assert any(e["type"] == "CONSULT" for e in item["events"])

    events = client.get("/events", params={"actor": "Blinken", "since": "2021-06", "type": "CONSULT"}).json()
    assert events["total"] >= 1
    new = [e for e in events["items"] if NEW_VISIT["id"] in e["doc_ids"]]
    assert new and all(e["date"].startswith("2021-06") for e in new)
    assert all(e["sentence"] in NEW_VISIT["text"] for e in new)
    met = client.get("/relationships", params={"source": "Blinken", "target": "Merkel"}).json()
    assert any(i["type"] == "CONSULT" and i["sentence"] in NEW_VISIT["text"] for i in met["items"])

    # the id holds slashes: the path still names the document
    stored = client.get(f"/documents/{NEW_VISIT['id']}").json()
    assert (stored["title"], stored["text"]) == (NEW_VISIT["title"], NEW_VISIT["text"])
    again = client.post("/documents", json=NEW_VISIT).json()
    assert again["items"][0]["status"] == "unchanged"

    deleted = client.delete(f"/documents/{NEW_VISIT['id']}")
    assert deleted.status_code == 200 and deleted.json()["status"] == "deleted"
    assert client.get(f"/documents/{NEW_VISIT['id']}").status_code == 404
    assert client.get("/entities/Angela Merkel").status_code == 404
    after = client.get("/events", params={"actor": "Blinken", "since": "2021-06"}).json()
    assert all(NEW_VISIT["id"] not in e["doc_ids"] for e in after["items"])
    assert client.get("/entities/Blinken").status_code == 200  # the seeds still name him
    assert client.delete(f"/documents/{NEW_VISIT['id']}").status_code == 404


def test_a_name_in_another_script_is_stored_with_its_document(client: httpx.Client) -> None:
    body = {"id": "r1", "text": "Macron met Иван Петров in Paris on Monday.", "published": "2024-03-04"}
    response = client.post("/documents", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["items"][0]["status"] == "added"
    assert client.get("/documents/r1").json()["text"] == body["text"]
    labels = {e["label"] for e in client.get("/documents/r1").json()["entities"]}
    assert "Иван Петров" in labels, labels


def test_post_a_batch_and_replace_one(client: httpx.Client) -> None:
    batch = [
        {"id": "batch/1", "text": "Kuleba met Stoltenberg in Brussels on Monday.", "published": "2021-06-21"},
        {
            "id": "batch/2",
            "text": "NATO condemned Russia on Tuesday.",
            "published": "2021-06-22",
            "lang": "en",
        },
    ]
    body = client.post("/documents", json=batch).json()
    assert [i["status"] for i in body["items"]] == ["added", "added"] and body["counts"] == {"added": 2}
    assert client.get("/documents/batch/2").json()["meta"] == {"lang": "en"}
    changed = {**batch[0], "text": "Kuleba met Stoltenberg in Brussels on Tuesday."}
    assert client.post("/documents", json=changed).json()["items"][0]["status"] == "replaced"
    assert client.get("/documents").json()["total"] == 4


# -- guards -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"{not json", "body"),
        (b'"just a string"', "body"),
        (b"[]", "body"),
        (b'{"text": "No id here."}', "body.id"),
        (b'{"id": "x", "text": "   "}', "body.text"),
        (b'{"id": "x", "text": "nul \\u0000 inside"}', "body.text"),
        (b'{"id": "x", "text": 42}', "body.text"),
        (b'{"id": "   ", "text": "Text."}', "body.id"),
        (b'{"id": "x", "text": "Text.", "published": "last Tuesday"}', "body.published"),
        (b'[{"id": "x", "text": "Text."}, {"id": "y"}]', "body.1.text"),
        (b'{"id": "x", "text": "Text.", "url": "javascript:alert(1)"}', "body.url"),
        (b'{"id": "x", "text": "Text.", "url": "data:text/html,<script>alert(1)</script>"}', "body.url"),
        (b'{"id": "x", "text": "Text.", "url": "ftp://example.org/a"}', "body.url"),
        (b'{"id": "x", "text": "Text.", "url": "/world/story"}', "body.url"),
        (b'{"id": "x", "text": "Text.", "url": "https://"}', "body.url"),
        (b'{"id": "x", "text": "Text.", "url": "https://example.org/a b"}', "body.url"),
        (
            b'[{"id": "x", "text": "One."}, {"id": "y", "text": "Two."}, {"id": "x", "text": "Three."}]',
            "body.2.id",
        ),
        (b'{"id": "x", "text": "Text.", "extra": ' + b"[" * 100 + b"]" * 100 + b"}", "body"),
        (b'{"id": "x", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}", "body"),
    ],
)
def test_post_invalid_documents_is_422(client: httpx.Client, body: bytes, where: str) -> None:
    response = client.post("/documents", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error.get("details") or [{"where": "body"}])[0]["where"] == where
    assert client.get("/documents").json()["total"] == 2  # nothing was stored


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_post_wrong_content_type_is_415(client: httpx.Client, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/documents", content=json.dumps(NEW_VISIT).encode(), headers=headers)
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]["message"]


def test_post_over_the_size_limits_is_413(serve: Callable[..., Server], writable_seed_db: Path) -> None:
    server = serve(writable_seed_db, max_body_bytes=2000, max_batch=2)
    big = {"id": "big", "text": "Blinken visited Kyiv. " * 200}
    with server.client() as client:
        declared = client.post("/documents", json=big)
        assert declared.status_code == 413 and "2000 bytes" in declared.json()["error"]["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            data = json.dumps(big).encode()
            for start in range(0, len(data), 500):
                yield data[start : start + 500]

        streamed = client.post("/documents", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
        batch = [{"id": f"b{i}", "text": "Kuleba spoke."} for i in range(3)]
        too_many = client.post("/documents", json=batch)
        assert too_many.status_code == 413 and "limit of 2" in too_many.json()["error"]["message"]
        assert client.get("/documents").json()["total"] == 2


def test_writes_need_the_api_key_when_one_is_set(
    serve: Callable[..., Server], writable_seed_db: Path
) -> None:
    server = serve(writable_seed_db, api_key="s3cret")
    doc = {"id": "keyed", "text": "Blinken met Kuleba in Kyiv."}
    with server.client() as client:
        for headers in ({}, {"X-API-Key": "wrong"}, {"X-API-Key": "s3cre"}):
            assert client.post("/documents", json=doc, headers=headers).status_code == 401
            assert (
                client.delete("/documents/rferl-blinken-to-visit-ukraine", headers=headers).status_code == 401
            )
        assert client.get("/documents").json()["total"] == 2  # reads need no key
        assert client.post("/documents", json=doc, headers={"X-API-Key": "s3cret"}).status_code == 200
        deleted = client.delete("/documents/keyed", headers={"X-API-Key": "s3cret"})
        assert deleted.status_code == 200


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        (
            "https://example.org/world/blinken-berlin?page=2#top",
            "https://example.org/world/blinken-berlin?page=2#top",
        ),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        ("", None),
        (None, None),
    ],
)
def test_post_keeps_web_addresses(client: httpx.Client, url: str | None, stored: str | None) -> None:
    response = client.post("/documents", json={**NEW_VISIT, "url": url})
    assert response.status_code == 200, response.text
    assert client.get(f"/documents/{NEW_VISIT['id']}", params={"text": False}).json()["url"] == stored


def test_post_names_a_repeated_id(client: httpx.Client) -> None:
    batch = [{"id": "x", "text": "One."}, {"id": "y", "text": "Two."}, {"id": "x", "text": "Three."}]
    error = client.post("/documents", json=batch).json()["error"]
    assert "the id 'x' is in the batch 2 times (items 0, 2); send each document once" in error["message"]


def test_post_explains_a_refused_url(client: httpx.Client) -> None:
    error = client.post("/documents", json={**NEW_VISIT, "url": "javascript:alert(1)"}).json()["error"]
    assert (
        "url must be an http(s) address like https://example.org/a; got 'javascript:alert(1)'"
        in (error["message"])
    )
