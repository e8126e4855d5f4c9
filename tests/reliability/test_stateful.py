"""schemathesis, stateful: sequences that POST documents, then read and delete what was created.

The links in the OpenAPI document (POST /documents -> GET and DELETE /documents/{doc_id}, search ->
entity, ...) let schemathesis chain calls on resources that exist. Every response must pass all of
schemathesis' checks (no 5xx, status codes, content types and bodies as documented, deleted
resources gone). A fixed seed and bounded examples keep the run repeatable and short.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck

import tests.api.schemathesis_hooks  # noqa: F401  (registers the rules the schema cannot state)
from tests.reliability.server import LiveServer, live_server

pytestmark = pytest.mark.slow

SEED = 20210505
# The chains the stateful phase must be able to follow.
REQUIRED_LINKS = (
    ("POST /documents", "GET /documents/{doc_id}"),
    ("POST /documents", "DELETE /documents/{doc_id}"),
)


@pytest.fixture(scope="module")
def server(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("stateful") / "stateful.db"
    shutil.copyfile(seed_db, db)
    with live_server(db) as running:
        with running.client(timeout=60) as client:  # load the model once, outside the timed steps
            warm = client.post("/documents", json={"id": "warm-up", "text": "Tony Blair spoke in London."})
            assert warm.status_code == 200
        yield running


@pytest.fixture(scope="module")
def schema(server: LiveServer) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


def link_targets(raw: dict[str, Any], source: str) -> set[str]:
    """The operations ("GET /documents/{doc_id}") the links of `source`'s responses lead to."""
    method, path = source.split(" ", 1)
    by_id = {
        op.get("operationId"): f"{m.upper()} {p}" for p, ops in raw["paths"].items() for m, op in ops.items()
    }
    targets = set()
    for response in raw["paths"][path][method.lower()]["responses"].values():
        for link in response.get("links", {}).values():
            if "operationId" in link:
                targets.add(by_id[link["operationId"]])
            else:
                *_, ref_path, ref_method = link["operationRef"].split("/")
                targets.add(f"{ref_method.upper()} {ref_path.replace('~1', '/').replace('~0', '~')}")
    return targets


def test_the_api_links_documents_to_their_reads_and_deletes(schema: schemathesis.schemas.BaseSchema) -> None:
    schema.as_state_machine()  # links schemathesis infers are added to the schema here
    for source, target in REQUIRED_LINKS:
        assert target in link_targets(schema.raw_schema, source), (source, target)


def served(server: LiveServer, method: str, path: str, status: int) -> int:
    """How many `method path...` requests the server's access log shows answered with `status`."""
    pattern = re.compile(rf'"{method} {re.escape(path)}\S* HTTP/1\.1" {status} ')
    return len(pattern.findall(server.log.read_text(encoding="utf-8", errors="replace")))


def test_stateful_sequences_pass_every_check(
    server: LiveServer, schema: schemathesis.schemas.BaseSchema
) -> None:
    before = {m: served(server, m, "/documents/", 200) for m in ("GET", "DELETE")}
    machine = schema.as_state_machine()
    machine.run(
        settings=hypothesis.settings(
            max_examples=25,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
    )
    # The chains ran: documents the sequences created were read and deleted through the links.
    assert served(server, "GET", "/documents/", 200) > before["GET"]
    assert served(server, "DELETE", "/documents/", 200) > before["DELETE"]
