"""A real uvicorn server on 127.0.0.1 (a free port), in a thread of the test process.

Fixtures:
- `serve`: a factory. `serve(db, api_key="k", max_body_bytes=1000)` starts a server over the
  database file `db` with those settings and returns a `Server` (`.url`, `.client()`); every server
  it started is stopped when the test ends.
- `seed_server`: one server per test module over a copy of `seed_db` (the seeds), for read-only
  tests.
- `writable_seed_db`: a fresh copy of `seed_db` for a test that writes.
- `story_client`: a client of a server over the hand-written story of tests/graph/story.py.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from extract.pipeline import Extractor
from graph.knowledge import KnowledgeGraph
from tests.graph.story import write_story

STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    settings: Settings

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60.0, **kwargs)


@contextmanager
def running_server(db: Path, *, extractor: Extractor | None = None, **settings: Any) -> Iterator[Server]:
    """Start uvicorn over `db`, wait until it answers, and stop it on exit."""
    config = Settings(db=str(db), **{"api_key": None, "cors_origins": [], **settings})
    port = free_port()
    app = create_app(config, extractor=extractor)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"uvicorn on port {port} did not start")
        time.sleep(0.02)
    try:
        yield Server(f"http://127.0.0.1:{port}", config)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def copy_db(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        side = source.with_name(source.name + suffix)
        if side.exists():
            shutil.copyfile(side, target.with_name(target.name + suffix))
    return target


@pytest.fixture
def writable_seed_db(seed_db: Path, tmp_path: Path) -> Path:
    return copy_db(seed_db, tmp_path / "seeds-copy.db")


@pytest.fixture
def serve(extractor: Extractor) -> Iterator[Callable[..., Server]]:
    with ExitStack() as stack:

        def start(db: Path, **settings: Any) -> Server:
            return stack.enter_context(running_server(db, extractor=extractor, **settings))

        yield start


@pytest.fixture(scope="module")
def seed_server(
    seed_db: Path, extractor: Extractor, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    db = copy_db(seed_db, tmp_path_factory.mktemp("seed-server") / "seeds.db")
    with running_server(db, extractor=extractor) as server:
        yield server


@pytest.fixture(scope="module")
def seed_client(seed_server: Server) -> Iterator[httpx.Client]:
    with seed_server.client() as client:
        yield client


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written story of tests/graph/story.py in a store: every answer is known exactly."""
    path = tmp_path_factory.mktemp("story") / "story.db"
    kg = KnowledgeGraph.open(path)
    write_story(kg)
    kg.close()
    return path


@pytest.fixture(scope="module")
def story_client(story_db: Path, extractor: Extractor) -> Iterator[httpx.Client]:
    with running_server(story_db, extractor=extractor) as server, server.client() as client:
        yield client


@pytest.fixture(scope="module")
def seed_graph(seed_client: httpx.Client) -> dict[str, Any]:
    """The seeds' graph as GET /export/json gives it: what the answers are checked against."""
    response = seed_client.get("/export/json")
    assert response.status_code == 200
    return dict(response.json())


def entity_named(graph: dict[str, Any], name: str) -> str:
    """The id of the one entity in a graph JSON whose label or an alias is `name`."""
    found = [
        n["id"]
        for n in graph["nodes"]
        if n["kind"] != "event" and (n.get("label") == name or name in n.get("aliases", ()))
    ]
    assert len(found) == 1, f"{name!r} names {found}"
    return found[0]
