"""Errors are JSON with a clear message and the right status, on every route."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import Server


@pytest.mark.parametrize(
    ("method", "path", "status", "allow"),
    [
        ("PUT", "/documents", 405, "GET, POST"),
        ("PATCH", "/documents/some/id", 405, "DELETE, GET"),
        ("DELETE", "/entities/Blinken", 405, "GET"),
        ("GET", "/no/such/route", 404, None),
    ],
)
def test_unrouted_requests(
    story_client: httpx.Client, method: str, path: str, status: int, allow: str | None
) -> None:
    response = story_client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["status"] == status
    # every method served at the path (HEAD too, where the framework answers it for GET)
    allowed = response.headers.get("allow")
    assert allowed is None if allow is None else allowed.replace(", HEAD", "") == allow


@pytest.mark.parametrize(
    "path",
    [
        "/entities?q=" + "x" * 201,
        "/entities?limit=1000000000",
        "/entities?offset=-5",
        "/entities?kind=planet",
        "/entities/Blinken/neighbors?depth=1000",
        "/stats?top=abc",
        "/documents?limit=0",
    ],
)
def test_bad_parameters_name_the_parameter(story_client: httpx.Client, path: str) -> None:
    response = story_client.get(path)
    assert response.status_code == 422
    error = response.json()["error"]
    parameter = path.split("?")[1].split("=")[0]
    assert error["details"][0]["where"] == f"query.{parameter}"
    assert parameter in error["message"]


def test_error_bodies_leak_no_internals(story_client: httpx.Client) -> None:
    for path in (
        "/entities/%00%27;DROP TABLE nodes;--",
        "/documents/..%2F..%2Fetc%2Fpasswd",
        "/events/\u202e",
    ):
        response = story_client.get(path)
        assert response.status_code == 404
        text = response.text
        assert "Traceback" not in text and "/work/" not in text and ".py" not in text


def test_openapi_documents_the_error_body(story_client: httpx.Client) -> None:
    spec = story_client.get("/openapi.json").json()
    assert "HTTPValidationError" not in str(spec)
    relationships = spec["paths"]["/relationships"]["get"]["responses"]
    assert {"200", "404", "409", "422"} <= relationships.keys()
    assert (
        relationships["409"]["content"]["application/json"]["schema"]["$ref"]
        == "#/components/schemas/ErrorBody"
    )
    assert story_client.get("/docs").status_code == 200


def test_cors_origins_are_configurable(serve: Callable[..., Server], story_db: Path) -> None:
    server = serve(story_db, cors_origins=["http://viewer.example"])
    with server.client() as client:
        allowed = client.get("/stats", headers={"Origin": "http://viewer.example"})
        assert allowed.headers.get("access-control-allow-origin") == "http://viewer.example"
        other = client.get("/stats", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers
