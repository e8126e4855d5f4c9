"""Security: the API key guards writes, errors leak nothing, CORS is closed, exports stay well-formed."""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree

from api.app import create_app
from api.settings import Settings
from graph.exports import FORMATS, export_chunks
from graph.knowledge import KnowledgeGraph
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Evidence, Extraction
from tests.reliability.hostile import HOSTILE_NAMES
from tests.reliability.server import LiveServer, live_server

FOREIGN = "http://evil.example"
FRIEND = "http://viewer.example"
XML_FORMATS = ("graphml", "gexf")


def hostile_extraction() -> Extraction:
    """One document whose every name, alias, sentence and quote is a hostile string."""
    names = list(HOSTILE_NAMES.values())
    text = " ".join(names)
    entities = [
        EntityRecord(id=f"person:hostile-{i}", kind="person", label=name, aliases=[name, name[:5]])
        for i, name in enumerate(names)
    ]
    entities.append(EntityRecord(id="place:<k&y\"v'>", kind="place", label="Kyiv", attrs={"lat": 50.45}))
    events, edges = [], []
    for i, name in enumerate(names):
        evidence = [Evidence("hostile-doc", name, 0, len(name))]
        events.append(
            EventRecord(
                id=f"event:hostile-{i}",
                event_type="STATEMENT",
                label=name,
                date="2021-05-06",
                sentence=name,
                quote=name,
                evidence=evidence,
            )
        )
        edges.append(EdgeRecord(f"person:hostile-{i}", f"event:hostile-{i}", "actor", evidence=evidence))
        edges.append(EdgeRecord(f"event:hostile-{i}", "place:<k&y\"v'>", "location"))
    edges.append(EdgeRecord("person:hostile-0", "place:<k&y\"v'>", "member_of", role=names[0]))
    doc = Document(id="hostile-doc", text=text, title=names[0], source=names[1])
    return Extraction(doc, entities=entities, events=events, edges=edges)


@pytest.fixture(scope="module")
def hostile_kg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("hostile") / "hostile.db")
    kg.ingest(hostile_extraction())
    yield kg
    kg.close()


def export_bytes(kg: KnowledgeGraph, fmt: str) -> bytes:
    assert fmt in FORMATS, f"the {fmt} export is not registered"
    with kg.reading() as g:
        return b"".join(export_chunks(g, fmt))


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_xml_exports_of_hostile_names_parse(hostile_kg: KnowledgeGraph, fmt: str) -> None:
    body = export_bytes(hostile_kg, fmt)
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(body, parser)
    texts = "".join(root.itertext()) + "".join(v for el in root.iter() for v in el.attrib.values())
    for name in ("img onerror", "script tag", "xml specials", "sql", "long", "emoji"):
        assert HOSTILE_NAMES[name] in texts, f"{name!r} did not survive the {fmt} export"
    assert not root.findall(".//{*}script") and not root.findall(".//script")


def test_json_export_of_hostile_names_round_trips(hostile_kg: KnowledgeGraph) -> None:
    data = json.loads(export_bytes(hostile_kg, "json"))
    labels = {n["label"] for n in data["nodes"]}
    assert set(HOSTILE_NAMES.values()) <= labels
    assert "place:<k&y\"v'>" in {n["id"] for n in data["nodes"]}


# -- CORS --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("security") / "plain.db") as running:
        yield running


@pytest.fixture(scope="module")
def cors_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {"NEWSGRAPH_CORS_ORIGINS": json.dumps([FRIEND])}
    with live_server(tmp_path_factory.mktemp("security") / "cors.db", env=env) as running:
        yield running


def preflight(server: LiveServer, origin: str, method: str) -> dict[str, str]:
    headers = {"Origin": origin, "Access-Control-Request-Method": method}
    with server.client(timeout=10) as client:
        response = client.options("/documents", headers=headers)
    assert response.status_code < 500
    return {k.lower(): v for k, v in response.headers.items()}


def simple_request(server: LiveServer, origin: str) -> dict[str, str]:
    with server.client(timeout=10) as client:
        response = client.get("/health", headers={"Origin": origin})
    assert response.status_code == 200
    return {k.lower(): v for k, v in response.headers.items()}


@pytest.mark.parametrize("origin", [FOREIGN, "null", FRIEND])
def test_cors_is_closed_by_default(server: LiveServer, origin: str) -> None:
    assert "access-control-allow-origin" not in simple_request(server, origin)
    assert "access-control-allow-origin" not in preflight(server, origin, "POST")


def test_cors_allows_only_the_configured_origin(cors_server: LiveServer) -> None:
    assert simple_request(cors_server, FRIEND).get("access-control-allow-origin") == FRIEND
    assert preflight(cors_server, FRIEND, "POST").get("access-control-allow-origin") == FRIEND
    for origin in (FOREIGN, "null", FRIEND + ".evil.example"):
        assert "access-control-allow-origin" not in simple_request(cors_server, origin)
        assert "access-control-allow-origin" not in preflight(cors_server, origin, "DELETE")
    assert "access-control-allow-credentials" not in simple_request(cors_server, FRIEND)


# -- the API key -------------------------------------------------------------------------------

KEY = "k3y-0f-the-newsroom-2021"


@pytest.fixture(scope="module")
def key_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {"NEWSGRAPH_API_KEY": KEY}
    with live_server(tmp_path_factory.mktemp("security") / "keyed.db", env=env) as running:
        yield running


WRONG_KEYS = {
    "no header": None,
    "empty": "",
    "wrong": "not-the-key",
    "same length": "x" * len(KEY),
    "prefix": KEY[:-1],
    "longer": KEY + "x",
    "other case": KEY.upper(),
    "twice": f"{KEY},{KEY}",
    "non-ASCII": KEY[:-1] + "\u00e9",
}


def key_headers(key: str | None) -> dict[str, bytes]:
    return {} if key is None else {"X-API-Key": key.encode("utf-8")}


@pytest.mark.parametrize("label", list(WRONG_KEYS))
def test_writes_without_the_right_key_are_refused(key_server: LiveServer, label: str) -> None:
    headers = key_headers(WRONG_KEYS[label])
    story = {"id": f"unkeyed-{label}", "text": "Tony Blair spoke in London on Monday."}
    with key_server.client(timeout=30) as client:
        refused = client.post("/documents", json=story, headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"]["message"]
        assert client.get(f"/documents/{story['id']}").status_code == 404
        deleted = client.delete("/documents/keyed", headers=headers)
        assert deleted.status_code == 401, deleted.text


def test_writes_with_the_key_are_accepted_and_reads_need_none(key_server: LiveServer) -> None:
    story = {"id": "keyed", "text": "Tony Blair met Gordon Brown in London on Monday."}
    with key_server.client(timeout=60) as client:
        assert client.post("/documents", json=story, headers=key_headers(KEY)).status_code == 200
        assert client.get("/documents/keyed").status_code == 200
        assert client.get("/entities", params={"q": "Blair"}).status_code == 200
        assert client.delete("/documents/keyed").status_code == 401
        assert client.get("/documents/keyed").status_code == 200
        assert client.delete("/documents/keyed", headers=key_headers(KEY)).status_code == 200
        assert client.get("/documents/keyed").status_code == 404


def test_the_key_is_compared_in_constant_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check goes through hmac.compare_digest (whose time does not depend on where keys differ)."""
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    app = create_app(Settings(db=str(tmp_path / "spy.db"), api_key=KEY, cors_origins=[]))
    wrong = "x" * len(KEY)

    async def post() -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            story = {"id": "spy", "text": "Tony Blair spoke."}
            response = await client.post("/documents", json=story, headers={"X-API-Key": wrong})
            return response.status_code

    assert asyncio.run(post()) == 401
    assert compared and all(sorted((a, b)) == sorted((wrong.encode(), KEY.encode())) for a, b in compared)
