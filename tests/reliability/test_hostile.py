"""Hostile input against a real server: each request gets a clear 4xx or is processed correctly.

Never a 5xx, never a hang (every request has a timeout), and no error body gives away code or
paths. What is accepted is stored exactly and can be read back and deleted by its id.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.reliability.hostile import HOSTILE_IDS, HOSTILE_NAMES, LEAKS
from tests.reliability.server import LiveServer, live_server

TIMEOUT = 30.0
MAX_BATCH = 100  # the default NEWSGRAPH_MAX_BATCH
STORY = "Angela Merkel met Emmanuel Macron in Berlin on Monday. {name} said the talks went well."
JSON = {"content-type": "application/json"}
ENTITY = "person:antony-blinken"  # in the seeds


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    expect: frozenset[int]
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False


def case(method: str, path: str, *expect: int, **kwargs: Any) -> Case:
    return Case(method, path, frozenset(expect), **kwargs)


def doc(doc_id: str = "hostile", **fields: Any) -> dict[str, Any]:
    return {"id": doc_id, "text": STORY.format(name="Olaf Scholz"), **fields}


TWENTY_MB = 20 * 2**20
DEEP_META = b'{"id": "d", "text": "Biden spoke.", "x": ' + b"[" * 300 + b"]" * 300 + b"}"
TEXT = {"content-type": "text/plain"}
FORM = {"content-type": "application/x-www-form-urlencoded"}

CATALOGUE: dict[str, Case] = {
    # -- bodies of POST /documents ---------------------------------------------------------
    "empty text": case("POST", "/documents", 422, json=doc(text="")),
    "whitespace text": case("POST", "/documents", 422, json=doc(text=" \n\t\u00a0\u2003 ")),
    "NUL in text": case("POST", "/documents", 422, json=doc(text="Merkel \x00 spoke.")),
    "20 MB text": case("POST", "/documents", 413, json=doc(text="a " * (TWENTY_MB // 2))),
    "20 MB chunked": case("POST", "/documents", 413, content=b"x" * TWENTY_MB, headers=JSON, chunked=True),
    "binary body": case("POST", "/documents", 400, 422, content=bytes(range(256)) * 64, headers=JSON),
    "invalid UTF-8": case(
        "POST", "/documents", 400, 422, content=b'{"id": "u", "text": "caf\xe9 \xff\xfe"}', headers=JSON
    ),
    "lone surrogate": case(
        "POST", "/documents", 200, 422, content=b'{"id": "s", "text": "Biden \\ud800 spoke."}', headers=JSON
    ),
    "malformed JSON": case("POST", "/documents", 400, 422, content=b'{"id": "m", "text": ', headers=JSON),
    "trailing garbage": case(
        "POST", "/documents", 400, 422, content=b'{"id": "m", "text": "x"} {', headers=JSON
    ),
    "JSON scalar": case("POST", "/documents", 422, content=b"42", headers=JSON),
    "JSON null": case("POST", "/documents", 422, content=b"null", headers=JSON),
    "NaN": case("POST", "/documents", 400, 422, content=b'{"id": "n", "text": "x", "v": NaN}', headers=JSON),
    "nested 100k deep": case("POST", "/documents", 400, 422, content=b"[" * 100_000, headers=JSON),
    "metadata nested 300 deep": case("POST", "/documents", 422, content=DEEP_META, headers=JSON),
    "id is a number": case("POST", "/documents", 422, json={"id": 5, "text": "Biden spoke."}),
    "text is a list": case("POST", "/documents", 422, json={"id": "t", "text": ["Biden"]}),
    "title is an object": case("POST", "/documents", 422, json=doc(title={"a": 1})),
    "published is not a date": case("POST", "/documents", 422, json=doc(published="yesterday")),
    "published far future": case("POST", "/documents", 200, 422, json=doc("future", published="9999-12-31")),
    "id missing": case("POST", "/documents", 422, json={"text": "Biden spoke."}),
    "id blank": case("POST", "/documents", 422, json=doc(" \t ")),
    "id with NUL": case("POST", "/documents", 422, json=doc("a\x00b")),
    "id with control chars": case("POST", "/documents", 422, json=doc("a\x1b[31mb\r\n")),
    "id of 10,000 characters": case("POST", "/documents", 422, json=doc("i" * 10_000)),
    "empty batch": case("POST", "/documents", 422, json=[]),
    "oversized batch": case(
        "POST", "/documents", 413, 422, json=[doc(f"b{i}", text="Biden spoke.") for i in range(MAX_BATCH + 1)]
    ),
    "batch of scalars": case("POST", "/documents", 422, json=[1, "two", None]),
    "batch with one bad document": case(
        "POST", "/documents", 422, json=[doc("good-in-bad-batch"), doc("bad-in-bad-batch", text="")]
    ),
    "text/plain": case("POST", "/documents", 415, content=b"Biden spoke.", headers=TEXT),
    "form": case("POST", "/documents", 415, 422, content=b"id=a&text=b", headers=FORM),
    "no content type": case("POST", "/documents", 415, 422, content=json.dumps(doc()).encode()),
    "PUT on documents": case("PUT", "/documents", 405, json=doc()),
    # -- query parameters ------------------------------------------------------------------
    "depth=1000": case("GET", f"/entities/{ENTITY}/neighbors?depth=1000", 422),
    "depth=-1": case("GET", f"/entities/{ENTITY}/neighbors?depth=-1", 422),
    "depth=abc": case("GET", f"/entities/{ENTITY}/neighbors?depth=abc", 422),
    "neighbors limit=10^9": case("GET", f"/entities/{ENTITY}/neighbors?limit=1000000000", 200, 422),
    "neighbors limit=10^100": case("GET", f"/entities/{ENTITY}/neighbors?limit=1{'0' * 100}", 422),
    "neighbors unknown relation": case("GET", f"/entities/{ENTITY}/neighbors?relation=%27%3B--", 200, 422),
    "search empty": case("GET", "/entities?q=", 200, 422),
    "search 10,000 characters": case("GET", "/entities?q=" + "N" * 10_000, 422),
    "search SQL": case("GET", "/entities?q=" + quote("x' OR '1'='1'; DROP TABLE nodes;--"), 200),
    "search NUL": case("GET", "/entities?q=%00", 200, 422),
    "search limit=10^9": case("GET", "/entities?q=Blinken&limit=1000000000", 200, 422),
    "search offset=-5": case("GET", "/entities?q=Blinken&offset=-5", 422),
    "events limit=10^9": case("GET", "/events?limit=1000000000", 200, 422),
    "events offset=10^12": case("GET", "/events?offset=1000000000000", 200, 422),
    "events since not a date": case("GET", "/events?since=notadate", 422),
    "events since month 13": case("GET", "/events?since=2021-13-45", 422),
    "events unknown type": case("GET", "/events?type=NOPE", 422),
    "events actor 10,000 characters": case("GET", "/events?actor=" + "N" * 10_000, 404, 422),
    "events until before since": case("GET", "/events?since=2022-01-01&until=2020-01-01", 200, 422),
    "paths max_length=1000": case("GET", "/paths?source=Blinken&target=Kyiv&max_length=1000", 422),
    "paths to itself": case("GET", f"/paths?source={ENTITY}&target={ENTITY}", 200, 404, 422),
    "relationships empty": case("GET", "/relationships?source=&target=", 422),
    "relationships missing": case("GET", "/relationships", 422),
    "stats top=10^9": case("GET", "/stats?top=1000000000", 200, 422),
    "documents limit=10^9": case("GET", "/documents?limit=1000000000", 200, 422),
    "documents offset=-1": case("GET", "/documents?offset=-1", 422),
    "document text=maybe": case("GET", "/documents/x?text=maybe", 422),
    "export unknown format": case("GET", "/export/xlsx", 404, 422),
    "export bad since": case("GET", "/export/json?since=2021-13-45", 422),
    "export 2,000 kinds": case("GET", "/export/json?" + "&".join(["kind=person"] * 2000), 200, 422),
    "export unknown view": case("GET", "/export/json?view=../../", 422),
    "unknown route": case("GET", "/nope", 404),
    "huge header": case("GET", "/health", 200, 400, 431, headers={"X-Big": "a" * 60_000}),
}

# Every id a client may name: a 404 (or 422) for what is not there, never a 5xx.
for label, hostile_id in {**HOSTILE_IDS, "10,000 characters": "N" * 10_000, "NUL": "a\x00b"}.items():
    encoded = quote(hostile_id, safe="")
    CATALOGUE[f"document id {label}"] = case("GET", f"/documents/{encoded}", 404, 422)
    CATALOGUE[f"delete id {label}"] = case("DELETE", f"/documents/{encoded}", 404, 422)
    CATALOGUE[f"entity id {label}"] = case("GET", f"/entities/{encoded}", 404, 409, 422)
    CATALOGUE[f"neighbors of {label}"] = case("GET", f"/entities/{encoded}/neighbors", 404, 409, 422)
    CATALOGUE[f"event id {label}"] = case("GET", f"/events/{encoded}", 404, 422)
    CATALOGUE[f"export {label}"] = case("GET", f"/export/{encoded}", 404, 422)
    CATALOGUE[f"relationships {label}"] = case(
        "GET", f"/relationships?source={encoded}&target={ENTITY}", 404, 409, 422
    )


@pytest.fixture(scope="module")
def server(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("hostile") / "hostile.db"
    shutil.copyfile(seed_db, db)
    with live_server(db) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client(timeout=TIMEOUT) as http:
        yield http


def send(client: httpx.Client, item: Case) -> httpx.Response:
    content: Any = item.content
    if item.chunked and content is not None:
        body = content

        def stream() -> Iterator[bytes]:  # no Content-Length: the server must count as it reads
            for start in range(0, len(body), 2**20):
                yield body[start : start + 2**20]

        content = stream()
    return client.request(item.method, item.path, json=item.json, content=content, headers=item.headers)


def assert_clear(response: httpx.Response) -> None:
    """A 4xx body is JSON with the status and a message, and gives nothing away."""
    if response.status_code < 400:
        return
    for leak in LEAKS:
        assert leak not in response.text, f"{leak!r} in the error body: {response.text[:300]}"
    error = response.json()["error"]
    assert error["status"] == response.status_code
    assert isinstance(error["message"], str) and error["message"].strip()


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_hostile_request_gets_a_clear_answer(client: httpx.Client, name: str) -> None:
    item = CATALOGUE[name]
    response = send(client, item)
    assert response.status_code in item.expect, (response.status_code, response.text[:300])
    assert_clear(response)


def test_rejected_batch_stores_nothing(client: httpx.Client) -> None:
    send(client, CATALOGUE["batch with one bad document"])
    assert client.get("/documents/good-in-bad-batch").status_code == 404


def test_server_still_answers_after_the_catalogue(client: httpx.Client) -> None:
    for item in CATALOGUE.values():
        if item.method == "POST" and item.expect == {413}:
            send(client, item)
    health = client.get("/health")
    assert health.status_code == 200 and health.json()["documents"] >= 2


@pytest.mark.parametrize("label", list(HOSTILE_NAMES))
def test_hostile_text_is_stored_and_read_back_exactly(client: httpx.Client, label: str) -> None:
    name = HOSTILE_NAMES[label]
    doc_id = f"name-{label.replace(' ', '-')}"
    body = doc(doc_id, text=STORY.format(name=name), title=name, source=name)
    response = client.post("/documents", json=body)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["items"][0]["status"] in ("added", "unchanged")
    stored = client.get(f"/documents/{quote(doc_id, safe='')}")
    assert stored.status_code == 200
    assert {k: stored.json()[k] for k in ("text", "title", "source")} == {
        k: body[k] for k in ("text", "title", "source")
    }
    search = client.get("/entities", params={"q": name[:200]})
    assert search.status_code in (200, 422), search.text[:300]
    assert_clear(search)


@pytest.mark.parametrize("label", list(HOSTILE_IDS))
def test_hostile_id_is_stored_read_and_deleted_by_that_id(client: httpx.Client, label: str) -> None:
    sent = HOSTILE_IDS[label]
    response = client.post("/documents", json=doc(sent))
    assert response.status_code in (200, 422), response.text[:300]
    assert_clear(response)
    if response.status_code == 422:
        return
    stored_id = response.json()["items"][0]["id"]
    assert stored_id == sent.strip()
    path = f"/documents/{quote(stored_id, safe='')}"
    read = client.get(path)
    assert read.status_code == 200 and read.json()["id"] == stored_id
    assert client.delete(path).status_code == 200
    assert client.get(path).status_code == 404
