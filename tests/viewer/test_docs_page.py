"""/docs in Chromium with the internet cut off: Swagger UI comes from the app itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import Server, copy_db, running_server
from tests.viewer.conftest import needs_chromium, open_page

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def seed_server(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(copy_db(seed_db, tmp_path_factory.mktemp("docs") / "seeds.db")) as server:
        yield server


def test_the_api_docs_render_offline(chromium_browser, seed_server: Server) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=seed_server.url) as client:
        schema = client.get("/openapi.json").json()
    operations = sum(len(methods) for methods in schema["paths"].values())
    with open_page(chromium_browser, seed_server.url, path="/docs") as page:
        page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
        assert page.locator(".swagger-ui .opblock").count() == operations
        assert "newsgraph" in page.inner_text(".swagger-ui .info .title")
        page.click("#operations-entities-search_entities_entities_get .opblock-summary")
        page.wait_for_selector("#operations-entities-search_entities_entities_get .parameters")
        assert "typos are forgiven" in page.inner_text("#operations-entities-search_entities_entities_get")


def test_the_docs_assets_are_served_by_the_app(seed_server: Server) -> None:
    with httpx.Client(base_url=seed_server.url) as client:
        page = client.get("/docs").text
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
            assert f"/static/vendor/{asset}" in page
            assert client.get(f"/static/vendor/{asset}").status_code == 200
        assert "cdn" not in page.lower()
