"""An oversized body is answered 413, and the ordinary clients read that answer.

A server that answers before reading what the client is still sending, then closes, makes the
client's next write fail ("connection reset by peer") before it ever reads the 413. Python's
urllib, requests and httpx are asked here, with a declared length and streamed (chunked).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tests.api.conftest import Server

LIMIT = 100_000
BIG = 25_000_000  # what a user pastes by mistake: a 25 MB body against a 100 kB limit
MESSAGE = f"the request body is over the limit of {LIMIT} bytes"


def body(size: int) -> bytes:
    text = "Blinken visited Kyiv. " * (size // 22)
    return json.dumps({"id": "big", "text": text}).encode()


def chunks(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.fixture(scope="module")
def big() -> bytes:
    return body(BIG)


@pytest.fixture
def server(serve: Callable[..., Server], writable_seed_db: Path) -> Server:
    return serve(writable_seed_db, max_body_bytes=LIMIT)


def urllib_post(url: str, data: bytes | Iterator[bytes], **headers: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


@pytest.mark.parametrize("streamed", [False, True], ids=["declared", "chunked"])
def test_urllib_reads_the_413(server: Server, big: bytes, streamed: bool) -> None:
    data = chunks(big) if streamed else big
    extra = {"Transfer-Encoding": "chunked"} if streamed else {}
    status, answer = urllib_post(f"{server.url}/documents", data, **extra)
    assert (status, answer["error"]["message"]) == (413, MESSAGE)


@pytest.mark.parametrize("streamed", [False, True], ids=["declared", "chunked"])
def test_requests_reads_the_413(server: Server, big: bytes, streamed: bool) -> None:
    response = requests.post(
        f"{server.url}/documents",
        data=chunks(big) if streamed else big,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert (response.status_code, response.json()["error"]["message"]) == (413, MESSAGE)


@pytest.mark.parametrize("streamed", [False, True], ids=["declared", "chunked"])
def test_httpx_reads_the_413(server: Server, big: bytes, streamed: bool) -> None:
    with server.client() as client:
        response = client.post(
            "/documents",
            content=chunks(big) if streamed else big,
            headers={"Content-Type": "application/json"},
        )
        assert (response.status_code, response.json()["error"]["message"]) == (413, MESSAGE)
        # the server is fine, and the next request on a new connection is answered
        assert client.get("/health").status_code == 200


def test_a_body_under_the_limit_still_goes_in(server: Server) -> None:
    status, answer = urllib_post(f"{server.url}/documents", body(LIMIT // 2))
    assert status == 200 and answer["counts"] == {"added": 1}
