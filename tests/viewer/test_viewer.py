"""The viewer in a real browser (Debian's Chromium through Playwright) against a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.pipeline import Extractor
from graph.knowledge import KnowledgeGraph
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Extraction
from tests.api.conftest import Server, copy_db, running_server
from tests.viewer.conftest import needs_chromium, open_page

HOSTILE = "<img src=x onerror=alert(1)>"
CROWD = 5000  # people one hub meets: more than a browser can draw at once
# share of the canvas' pixels that the drawing painted (Cytoscape draws on layered 2d canvases)
PAINTED = """() => {
  let painted = 0, total = 0;
  for (const canvas of document.querySelectorAll('#cy canvas')) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    total += data.length / 4;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  }
  return {painted, total};
}"""

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(seed_db: Path, extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = copy_db(seed_db, tmp_path_factory.mktemp("viewer") / "seeds.db")
    kg = KnowledgeGraph.open(db)  # one hostile name beside the seeds, for the escaping check
    text = f"{HOSTILE} met Angela Merkel in Berlin on Monday."
    extraction = extractor.extract(Document(id="hostile", text=text, published="2021-05-07"))
    extraction.entities.append(EntityRecord(id="person:hostile", kind="person", label=HOSTILE))
    kg.ingest(extraction)
    kg.close()
    with running_server(db, extractor=extractor) as running:
        yield running


def crowd(size: int) -> Extraction:
    """One person meeting `size` others, one event each."""
    hub = EntityRecord(id="person:ada-crowd", kind="person", label="Ada Crowd")
    people = [EntityRecord(id=f"person:guest-{i}", kind="person", label=f"Guest {i}") for i in range(size)]
    events = [
        EventRecord(
            id=f"event:crowd:{i}",
            event_type="CONSULT",
            label=f"Ada Crowd CONSULT Guest {i}",
            date="2021-05-06",
        )
        for i in range(size)
    ]
    edges = [
        edge
        for i in range(size)
        for edge in (
            EdgeRecord(source=hub.id, target=f"event:crowd:{i}", relation="actor"),
            EdgeRecord(source=f"event:crowd:{i}", target=f"person:guest-{i}", relation="recipient"),
        )
    ]
    return Extraction(document=Document(id="crowd", text="Ada Crowd met everyone."), entities=[hub, *people],
                      events=events, edges=edges)  # fmt: skip


@pytest.fixture(scope="module")
def crowd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("crowd") / "crowd.db"
    kg = KnowledgeGraph.open(db)
    kg.ingest(crowd(CROWD))
    kg.close()
    with running_server(db) as running:
        yield running


@pytest.fixture
def viewer_page(chromium_browser, server: Server):  # type: ignore[no-untyped-def]
    with open_page(chromium_browser, server.url) as page:
        yield page


def drawn(page) -> set[str]:  # type: ignore[no-untyped-def]
    return set(page.evaluate("window.cy.nodes().map(n => n.data('label'))"))


def click_node(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """A real mouse click on the middle of the node drawn for `label`."""
    x, y = page.evaluate(
        "label => { const p = window.cy.nodes().filter(n => n.data('label') === label).renderedPosition();"
        " return [p.x, p.y]; }",
        label,
    )
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def search(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#q", text)
    page.wait_for_selector("#suggestions li")
    page.keyboard.press("Enter")
    page.wait_for_function("Number(document.querySelector('#cy').dataset.nodes || 0) > 1")
    page.wait_for_selector("#panel:not([hidden]) #details h3")  # the panel opened and the graph refit


def test_search_draws_the_entity_and_its_neighbors(viewer_page) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    search(page, "Blinken")
    labels = drawn(page)
    assert "Antony Blinken" in labels
    assert {"Kyiv", "Russia", "Ukraine"} <= labels
    assert page.evaluate("window.cy.edges().length") > 3
    assert len(page.locator("#cy").screenshot()) > 10_000
    painted = page.evaluate(PAINTED)
    assert painted["painted"] > 0.01 * painted["total"]  # the canvas is not blank


def test_clicking_a_person_shows_the_visit_evidence(viewer_page) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    search(page, "Blinken")
    click_node(page, "Volodymyr Zelenskiy")
    page.wait_for_function("(document.querySelector('#details h3') || {}).textContent?.includes('Zelensk')")
    page.wait_for_selector("#panel:not([hidden]) .event")
    panel = page.inner_text("#panel")
    assert "Zelensk" in panel
    assert "CONSULT" in panel and "visit" in panel.lower()
    assert "Blinken" in panel


def test_an_event_type_filter_changes_the_graph(viewer_page) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    search(page, "Blinken")
    before = page.evaluate("window.cy.edges().length")
    page.select_option("#event-type", "REQUEST")
    page.wait_for_function(f"window.cy.edges().length !== {before}")
    after = page.evaluate("window.cy.edges('[relation = \"events\"]').map(e => e.data('event_types'))")
    assert after and all(types == ["REQUEST"] for types in after)  # facts (roles) stay, being timeless


def test_clicking_an_edge_lists_the_events_joining_two_entities(viewer_page) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    search(page, "Blinken")
    page.evaluate(
        "void window.cy.edges().filter(e => e.connectedNodes().map(n => n.data('label'))"
        ".includes('Russia') && e.connectedNodes().map(n => n.data('label')).includes('Antony Blinken'))"
        ".emit('tap')"
    )
    page.wait_for_function("(document.querySelector('#details h3') || {}).textContent?.includes(' — ')")
    page.wait_for_selector("#panel:not([hidden]) .event")
    assert "REQUEST" in page.inner_text("#panel")


def test_hostile_names_are_shown_as_text(viewer_page) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    page.fill("#q", "img src")
    page.wait_for_selector("#suggestions li")
    assert HOSTILE in page.inner_text("#suggestions")
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel:not([hidden]) h3")
    assert page.inner_text("#details h3") == HOSTILE
    assert HOSTILE in drawn(page)
    assert page.locator("#suggestions img, #panel img, #filters img").count() == 0


def test_expand_adds_a_neighbors_neighbors(viewer_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    page.select_option("#depth", "1")
    search(page, "Blinken")
    before = drawn(page)
    click_node(page, "Russia")
    page.wait_for_function("document.querySelector('#details h3')?.textContent === 'Russia'")
    page.click("#details button.expand")
    page.wait_for_function(f"window.cy.nodes().length > {len(before)}")
    with server.client() as client:
        expected = client.get(
            "/viewer/graph", params={"center": "Blinken", "depth": 1, "expand": "place:russia"}
        )
    assert drawn(page) == {n["data"]["label"] for n in expected.json()["elements"]["nodes"]}
    assert before < drawn(page)


@pytest.mark.parametrize(("button", "suffix", "opening"), [
    ("#dl-graphml", ".graphml", b"<?xml"),
    ("#dl-gexf", ".gexf", b"<?xml"),
    ("#dl-png", ".png", b"\x89PNG"),
])  # fmt: skip
def test_downloads_hold_the_drawn_view(viewer_page, button: str, suffix: str, opening: bytes) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    search(page, "Blinken")
    with page.expect_download() as info:
        page.click(button)
    download = info.value
    assert download.suggested_filename.endswith(suffix)
    body = Path(download.path()).read_bytes()
    assert body.startswith(opening)
    if suffix != ".png":
        for label in drawn(page):
            assert label.encode() in body


def test_a_crowd_is_capped_with_a_notice(chromium_browser, crowd_server: Server) -> None:  # type: ignore[no-untyped-def]
    with open_page(chromium_browser, crowd_server.url) as page:
        search(page, "Ada Crowd")
        count = page.evaluate("window.cy.nodes().length")
        assert 1 < count <= 500
        assert "Ada Crowd" in drawn(page)
        notice = page.inner_text("#notice")
        assert page.is_visible("#notice") and f"{CROWD + 1}" in notice and str(count) in notice


# -- reading the drawing and the panel ---------------------------------------------------------

# Labels Chromium draws (non-empty label, not transparent), and every pair that runs together or
# covers another node's circle (allowed only to the label of a selected or hovered element, drawn on
# a white ground). Read from Cytoscape's computed styles and boxes.
CLASHES = """() => {
  const gap = 1;
  const hit = (a, b) => a.x1 < b.x2 - gap && b.x1 < a.x2 - gap && a.y1 < b.y2 - gap && b.y1 < a.y2 - gap;
  const opts = {includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false};
  const shown = window.cy.elements().filter(e =>
    e.style('label') && parseFloat(e.style('text-opacity')) > 0 && parseFloat(e.style('opacity')) > 0);
  const labels = shown.map(e => ({id: e.id(), text: e.style('label'), node: e.isNode(),
    box: e.boundingBox(opts), pointed: e.selected() || e.hasClass('hover')}));
  const bodies = window.cy.nodes().map(n => ({id: n.id(), box: n.boundingBox({includeLabels: false})}));
  const clashes = [];
  labels.forEach((a, i) => {
    labels.slice(i + 1).forEach(b => { if (hit(a.box, b.box)) clashes.push([a.text, b.text]); });
    bodies.forEach(b => {
      if (!a.pointed && b.id !== a.id && hit(a.box, b.box)) clashes.push([a.text, 'circle of ' + b.id]);
    });
  });
  return {clashes, nodes: labels.filter(l => l.node).map(l => l.text),
          edges: labels.filter(l => !l.node).map(l => l.text), total: window.cy.nodes().length};
}"""


def test_labels_do_not_run_into_each_other(viewer_page) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    search(page, "Blinken")
    drawing = page.evaluate(CLASHES)
    assert drawing["clashes"] == []
    assert "Antony Blinken" in drawing["nodes"]
    assert len(drawing["nodes"]) >= 0.6 * drawing["total"]  # most names stay on the drawing
    assert drawing["edges"]  # the center's links say what joins them
    click_node(page, "Russia")
    page.wait_for_function("document.querySelector('#details h3')?.textContent === 'Russia'")
    drawing = page.evaluate(CLASHES)
    assert drawing["clashes"] == [] and "Russia" in drawing["nodes"] and drawing["edges"]


def test_hovering_shows_a_hidden_label(chromium_browser, crowd_server: Server) -> None:  # type: ignore[no-untyped-def]
    with open_page(chromium_browser, crowd_server.url) as page:
        search(page, "Ada Crowd")
        assert page.evaluate(CLASHES)["clashes"] == []
        hidden = page.evaluate(
            "window.cy.nodes().filter(n => parseFloat(n.style('text-opacity')) === 0).map(n => n.id())"
        )
        assert hidden  # 500 people around one: not every name fits
        assert "Ada Crowd" in page.evaluate(CLASHES)["nodes"]  # the one selected is always named
        page.evaluate(f"window.cy.getElementById({hidden[0]!r}).emit('mouseover')")
        drawing = page.evaluate(CLASHES)
        label = page.evaluate(f"window.cy.getElementById({hidden[0]!r}).data('label')")
        assert label in drawing["nodes"] and drawing["clashes"] == []


def test_roles_read_in_their_direction(viewer_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    with server.client() as client:
        ukraine = client.get("/entities/Ukraine").json()
    contained = [
        r["source"]["label"]
        for r in ukraine["roles"]
        if r["relation"] == "located_in" and r["target"]["id"] == ukraine["id"]
    ]
    assert contained  # places the seeds put in Ukraine
    search(page, "Ukraine")
    roles = page.locator("#details ul").first.inner_text().splitlines()
    for place in contained:
        assert f"contains {place}" in roles
    assert not any(line.startswith("located in") for line in roles)
    search(page, contained[0])
    page.wait_for_function(f"document.querySelector('#details h3')?.textContent === {contained[0]!r}")
    assert "in Ukraine" in page.locator("#details ul").first.inner_text().splitlines()


def test_event_lines_say_who_did_what_to_whom_where(viewer_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = viewer_page
    search(page, "Blinken")
    with server.client() as client:
        events = client.get("/viewer/events", params={"entity": "Blinken", "limit": 200}).json()["items"]

    def names(items: list[dict]) -> str:
        return " & ".join(e["label"] for e in items)

    expected = []
    for ev in events:
        line = f"{names(ev['actors']) or 'someone'} {ev['type']}"
        if ev["recipients"]:
            line += f" → {names(ev['recipients'])}"
        places = [e for e in ev["locations"] if e["id"] not in {r["id"] for r in ev["recipients"]}]
        if places:
            line += f" in {names(places)}"
        line += "".join(f" · {o['relation'].replace('_', ' ')}: {o['label']}" for o in ev["others"])
        expected.append(line)
    assert page.locator("#details .event .what").all_inner_texts() == expected
    assert any(" → " in line for line in expected) and any(" in " in line for line in expected)


def test_the_viewer_links_in_the_readme_open_on_their_entity(chromium_browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    links = re.findall(r"http://127\.0\.0\.1:8000(/\?entity=[^\s`)>]+)", readme)
    assert links
    for link in links:
        with open_page(chromium_browser, server.url, path=link) as page:
            page.wait_for_function("Number(document.querySelector('#cy').dataset.nodes || 0) > 1")
            page.wait_for_selector("#panel:not([hidden]) #details h3")
            name = link.split("=", 1)[1]
            with server.client() as client:
                expected = client.get(f"/entities/{name}").json()["label"]
            assert page.inner_text("#details h3") == expected
