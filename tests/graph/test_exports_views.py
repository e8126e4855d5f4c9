"""Selections for export (graph/views.py): filters by kind, event type and date; the actor view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from graph.knowledge import KnowledgeGraph
from graph.views import (
    InvalidSelection,
    Selection,
    actor_view,
    copy_rows,
    date_span,
    event_span,
    filter_graph,
    select,
)
from tests.graph.test_exports_readers import story_extraction

BLINKEN, ZELENSKIY, G7 = "person:antony-blinken", "person:volodymyr-zelenskiy", "organization:g7"
KYIV, UKRAINE, RUSSIA, HOSTILE = "place:kyiv", "place:ukraine", "place:russia", "person:hostile"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[nx.MultiDiGraph]:
    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("views") / "story.db")
    kg.ingest(story_extraction())
    with kg.reading() as g:
        yield g
    kg.close()


def events(g: nx.MultiDiGraph) -> set[str]:
    return {n for n, k in g.nodes(data="kind") if k == "event"}


def entities(g: nx.MultiDiGraph) -> set[str]:
    return {n for n, k in g.nodes(data="kind") if k != "event"}


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2021-05-06", ("2021-05-06", "2021-05-06")),
        ("2021-04", ("2021-04-01", "2021-04-30")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2014", ("2014-01-01", "2014-12-31")),
        (" 2021-05 ", ("2021-05-01", "2021-05-31")),
        ("2021-02-30", None),
        ("2021-01-00", None),
        ("2021-00", None),
        ("0000", None),
        ("2021-13", None),
        ("May 2021", None),
        ("", None),
        (None, None),
        (2021, None),
    ],
)
def test_date_span(value: Any, span: tuple[str, str] | None) -> None:
    assert date_span(value) == span


def test_event_span_runs_to_date_end() -> None:
    assert event_span({"date": "2021-05-05", "date_end": "2021-05-06"}) == ("2021-05-05", "2021-05-06")
    assert event_span({"date": "2021-05", "date_end": "2021-05-06"}) == ("2021-05-01", "2021-05-31")
    assert event_span({"date_end": "2021-05-06"}) is None


# (filters, events kept, entities kept); entities stay only where a kept event involves them
FILTERS = [
    ({}, None, None),
    ({"kinds": {"person"}}, set(), {BLINKEN, ZELENSKIY, HOSTILE}),
    ({"kinds": {"place", "event"}}, None, {KYIV, UKRAINE, RUSSIA}),
    ({"event_types": {"CONSULT"}}, {"event:visit", "event:meet"}, {BLINKEN, ZELENSKIY, KYIV, UKRAINE}),
    ({"event_types": {"ACCUSE", "COERCE"}}, {"event:condemn", "event:annex"}, {G7, RUSSIA}),
    (
        {"since": "2021-05", "until": "2021-05-31"},
        {"event:visit", "event:meet", "event:threat", "event:hostile"},
        {BLINKEN, ZELENSKIY, KYIV, RUSSIA, UKRAINE, HOSTILE},
    ),
    ({"since": "2021-04-20", "until": "2021-04-25"}, {"event:buildup"}, {RUSSIA, UKRAINE}),
    ({"until": "2020"}, {"event:annex"}, {RUSSIA}),
    ({"since": "2021-05-06"}, {"event:visit", "event:meet"}, {BLINKEN, ZELENSKIY, KYIV, UKRAINE}),
    (
        {"event_types": {"CONSULT"}, "kinds": {"event", "person"}},
        {"event:visit", "event:meet"},
        {BLINKEN, ZELENSKIY},
    ),
]


@pytest.mark.parametrize(("filters", "kept_events", "kept_entities"), FILTERS)
def test_filter_graph(
    story: nx.MultiDiGraph,
    filters: dict[str, Any],
    kept_events: set[str] | None,
    kept_entities: set[str] | None,
) -> None:
    out = filter_graph(story, **filters)
    assert events(out) == (events(story) if kept_events is None else kept_events)
    assert entities(out) == (entities(story) if kept_entities is None else kept_entities)
    # every edge between kept nodes stays, no other
    want = {(u, v, k) for u, v, k in story.edges(keys=True) if u in out and v in out}
    assert set(out.edges(keys=True)) == want


def test_filter_keeps_facts_between_kept_entities(story: nx.MultiDiGraph) -> None:
    out = filter_graph(story, event_types={"CONSULT", "MOBILIZE"})
    assert out.has_edge(KYIV, UKRAINE, "located_in")


def test_selections_are_copies(story: nx.MultiDiGraph) -> None:
    for view in ("full", "actors"):
        out = select(story, Selection(view=view))
        out.nodes[BLINKEN]["label"] = "changed"
        for _, _, data in out.edges(data=True):
            data["relation"] = "changed"
    assert story.nodes[BLINKEN]["label"] == "Antony Blinken"
    assert "changed" not in {d["relation"] for _, _, d in story.edges(data=True)}


def test_copied_rows_keep_the_graph_as_it_was(story: nx.MultiDiGraph) -> None:
    rows = copy_rows(story)
    live = story.copy()
    live.nodes[BLINKEN]["label"] = "changed"
    live.add_edge(BLINKEN, KYIV, key="visited", relation="visited")
    built = rows.to_graph()
    assert built.nodes[BLINKEN]["label"] == "Antony Blinken"
    assert set(built.edges(keys=True)) == set(story.edges(keys=True))
    assert dict(built.nodes(data=True)) == dict(story.nodes(data=True))


# -- the actor view ------------------------------------------------------------------------------


def test_actor_view_links_entities_through_their_events(story: nx.MultiDiGraph) -> None:
    view = actor_view(story)
    assert events(view) == set()
    assert entities(view) == entities(story)
    edges = {(u, v): d for u, v, k, d in view.edges(keys=True, data=True) if k == "events"}
    # one edge per pair, from the side with the earlier role (actor, recipient, location)
    assert set(edges) == {
        (BLINKEN, KYIV),
        (BLINKEN, ZELENSKIY),
        (ZELENSKIY, KYIV),
        (BLINKEN, UKRAINE),
        (ZELENSKIY, UKRAINE),
        (KYIV, UKRAINE),  # two locations of one event: in id order
        (RUSSIA, UKRAINE),
        (G7, RUSSIA),
        (HOSTILE, KYIV),
    }
    assert edges[(BLINKEN, KYIV)]["weight"] == 2
    assert edges[(BLINKEN, KYIV)]["event_ids"] == ["event:meet", "event:visit"]
    russia = edges[(RUSSIA, UKRAINE)]
    assert (russia["weight"], russia["event_types"]) == (2, ["MOBILIZE", "THREATEN"])
    assert (russia["date_start"], russia["date_end"]) == ("2021-04-01", "2021-05-03")
    assert russia["dates"] == ["2021-04", "2021-05-03"]
    assert "date_start" not in edges[(G7, RUSSIA)]  # the condemnation is undated
    assert edges[(G7, RUSSIA)]["doc_ids"] == ["story"]


@pytest.mark.parametrize(("facts", "fact_edges"), [(True, 2), (False, 0)])
def test_actor_view_facts(story: nx.MultiDiGraph, facts: bool, fact_edges: int) -> None:
    view = actor_view(story, facts=facts)
    assert sum(1 for _, _, k in view.edges(keys=True) if k != "events") == fact_edges


@pytest.mark.parametrize(
    ("selection", "pairs"),
    [
        (
            Selection(view="actors", event_types=frozenset({"CONSULT"})),
            {
                (BLINKEN, KYIV),
                (BLINKEN, ZELENSKIY),
                (ZELENSKIY, KYIV),
                (BLINKEN, UKRAINE),
                (ZELENSKIY, UKRAINE),
                (KYIV, UKRAINE),
            },
        ),
        (Selection(view="actors", since="2021-04", until="2021-04"), {(RUSSIA, UKRAINE)}),
        (Selection(view="actors", kinds=frozenset({"place"})), {(RUSSIA, UKRAINE), (KYIV, UKRAINE)}),
    ],
)
def test_select_actor_view_with_filters(
    story: nx.MultiDiGraph, selection: Selection, pairs: set[tuple[str, str]]
) -> None:
    view = select(story, selection)
    assert {(u, v) for u, v, k in view.edges(keys=True) if k == "events"} == pairs


def test_filtered_actor_view_weights_count_only_kept_events(story: nx.MultiDiGraph) -> None:
    view = select(story, Selection.parse(view="actors", event_types=["MOBILIZE"]))
    assert view.edges[RUSSIA, UKRAINE, "events"]["weight"] == 1


# -- parsing what users type ---------------------------------------------------------------------


def test_selection_parse_normalizes() -> None:
    sel = Selection.parse(view="actors", kinds=["Person,place", " event "], event_types="consult, assault")
    assert sel.kinds == {"person", "place", "event"}
    assert sel.event_types == {"CONSULT", "ASSAULT"}
    assert Selection.parse(kinds=[], since="").is_everything


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"view": "nodes"}, "unknown view 'nodes'"),
        ({"kinds": ["city"]}, "unknown kind 'city'"),
        ({"event_types": ["ATTACK"]}, "unknown event type 'ATTACK'"),
        ({"since": "May 2021"}, "since must be a date"),
        ({"until": "2021-02-30"}, "until must be a date"),
        ({"since": "2021-06", "until": "2021-05"}, "since 2021-06 is after until 2021-05"),
    ],
)
def test_selection_parse_rejects(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidSelection, match=message):
        Selection.parse(**kwargs)
