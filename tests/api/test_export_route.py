"""GET /export/{format}: every format, the actor view and filters, clear errors, a snapshot stream."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import networkx as nx
import pytest
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings
from graph.exports.cytoscape import read_cytoscape
from graph.exports.gexf import read_gexf
from graph.exports.graphml import read_graphml
from graph.exports.node_link import read_json
from graph.exports.plover import read_plover
from graph.knowledge import KnowledgeGraph
from graph.records import Document, EntityRecord, Extraction
from graph.vocabulary import ENTITY_KINDS
from tests.graph.test_exports_readers import story_extraction

READERS = {
    "json": read_json,
    "graphml": read_graphml,
    "gexf": read_gexf,
    "cytoscape": read_cytoscape,
}


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("route") / "story.db"
    kg = KnowledgeGraph.open(path)
    kg.ingest(story_extraction())
    kg.close()
    return path


@dataclass
class Running:
    app: FastAPI
    url: str


@contextmanager
def serve(db: Path) -> Iterator[Running]:
    """The app on a free 127.0.0.1 port in this process, stopped when the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(Settings(db=str(db)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield Running(app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def client(story_db: Path) -> Iterator[httpx.Client]:
    with serve(story_db) as running, httpx.Client(base_url=running.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def story(story_db: Path) -> Iterator[nx.MultiDiGraph]:
    kg = KnowledgeGraph.open(story_db)
    with kg.reading() as g:
        yield g
    kg.close()


@pytest.mark.parametrize(
    ("fmt", "media_type", "filename"),
    [
        ("json", "application/json", "newsgraph.json"),
        ("graphml", "application/graphml+xml", "newsgraph.graphml"),
        ("gexf", "application/gexf+xml", "newsgraph.gexf"),
        ("cytoscape", "application/json", "newsgraph.cyjs"),
    ],
)
def test_read_export_full_graph(
    client: httpx.Client, story: nx.MultiDiGraph, fmt: str, media_type: str, filename: str
) -> None:
    response = client.get(f"/export/{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert filename in response.headers["content-disposition"]
    g = READERS[fmt](io.BytesIO(response.content))
    assert (g.number_of_nodes(), g.number_of_edges()) == (story.number_of_nodes(), story.number_of_edges())
    assert g.nodes["person:antony-blinken"]["label"] == "Antony Blinken"


def test_read_export_plover_cites_documents(client: httpx.Client, story: nx.MultiDiGraph) -> None:
    response = client.get("/export/plover")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    records = list(read_plover(io.BytesIO(response.content)))
    assert len(records) == sum(1 for _, k in story.nodes(data="kind") if k == "event")
    visit = next(r for r in records if r["id"] == "event:visit")
    assert visit["cite_info"]["title"] == "Blinken & Kuleba <in> Kyiv"
    assert visit["cite_info"]["publication"] == "RFE/RL"


@pytest.mark.parametrize(
    ("query", "pairs"),
    [
        ("view=actors", 9),
        ("view=actors&event_type=consult", 6),
        ("view=actors&event_type=CONSULT,MOBILIZE", 7),
        ("view=actors&event_type=CONSULT&event_type=MOBILIZE", 7),
        ("view=actors&since=2021-04&until=2021-04-30", 1),
        ("view=actors&kind=place", 2),
    ],
)
def test_read_export_actor_view(client: httpx.Client, query: str, pairs: int) -> None:
    response = client.get(f"/export/graphml?{query}")
    assert response.status_code == 200
    assert "newsgraph-actors.graphml" in response.headers["content-disposition"]
    g = read_graphml(io.BytesIO(response.content))
    assert {d["kind"] for _, d in g.nodes(data=True)} <= set(ENTITY_KINDS)
    assert sum(1 for _, _, k in g.edges(keys=True) if k == "events") == pairs


@pytest.mark.parametrize(("facts", "fact_edges"), [("true", 2), ("false", 0)])
def test_read_export_actor_view_facts(client: httpx.Client, facts: str, fact_edges: int) -> None:
    response = client.get(f"/export/json?view=actors&facts={facts}")
    data = response.json()
    assert sum(1 for e in data["edges"] if e["key"] != "events") == fact_edges


def test_read_export_full_graph_filtered(client: httpx.Client) -> None:
    response = client.get("/export/cytoscape?kind=person&kind=event&event_type=CONSULT&since=2021-05-06")
    assert response.status_code == 200
    elements = response.json()["elements"]
    assert {n["data"]["id"] for n in elements["nodes"]} == {
        "event:visit",
        "event:meet",
        "person:antony-blinken",
        "person:volodymyr-zelenskiy",
    }
    assert {e["data"]["key"] for e in elements["edges"]} == {"actor", "recipient"}


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/export/xlsx", 404, "unknown export format 'xlsx'"),
        ("/export/graphml?view=nodes", 422, "view"),
        ("/export/graphml?kind=city", 422, "unknown kind 'city'"),
        ("/export/graphml?event_type=ATTACK", 422, "unknown event type 'ATTACK'"),
        ("/export/graphml?since=May%202021", 422, "since"),
        ("/export/graphml?until=2021-02-30", 422, "until must be a date"),
        ("/export/graphml?since=2021-06&until=2021-05", 422, "after until"),
        ("/export/graphml?facts=maybe", 422, "facts"),
    ],
)
def test_read_export_bad_parameter(client: httpx.Client, url: str, status: int, message: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["error"]["message"]


def test_read_export_streams_a_snapshot_without_the_lock(tmp_path: Path) -> None:
    """A client reading slowly holds back no writer, and reads the graph as it was when it asked."""
    db = tmp_path / "big.db"
    kg = KnowledgeGraph.open(db)
    filler = "x" * 500
    many = [EntityRecord(f"organization:o{i}", "organization", f"Org {i} {filler}") for i in range(10_000)]
    kg.ingest(Extraction(Document(id="big", text="Many organizations."), entities=many))
    kg.close()
    late = Extraction(
        Document(id="late", text="Olaf Scholz spoke."), [EntityRecord("person:late", "person", "Late")]
    )
    with serve(db) as running, httpx.Client(base_url=running.url, timeout=30) as http:
        with http.stream("GET", "/export/json") as response:
            chunks = response.iter_bytes()
            first = next(chunks)  # the body is ~5 MB: the server is now blocked on this client
            writer = threading.Thread(target=running.app.state.kg.ingest, args=(late,))
            writer.start()
            writer.join(timeout=10)
            assert not writer.is_alive(), "an open export held back a write"
            body = first + b"".join(chunks)
        assert "person:late" in {n["id"] for n in http.get("/export/json").json()["nodes"]}
    ids = {n["id"] for n in json.loads(body)["nodes"]}
    assert len(ids) == 10_000
    assert "person:late" not in ids
