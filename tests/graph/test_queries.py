"""Queries over a live graph built by the real store from a hand-written story (tests/graph/story.py)."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from graph.centrality import TOP, pagerank, rank_store
from graph.errors import AmbiguousEntity, EntityNotFound, EventNotFound
from graph.knowledge import KnowledgeGraph
from graph.queries import (
    Filters,
    entity_detail,
    event_detail,
    neighborhood,
    relationships,
    resolve_entity,
    shortest_paths,
)
from graph.records import Document, Extraction
from graph.search import NameIndex
from graph.store import Store
from graph.timeline import Timeline, covers
from graph.vocabulary import ENTITY_KINDS
from tests.graph.story import (
    ANNEX,
    BLINKEN,
    BORIS,
    CONDEMN,
    CRIMEA,
    DEMAND,
    DUSTIN,
    KYIV,
    LONER,
    MOBILIZE,
    NATO,
    RUSSIA,
    SPEECH,
    UKRAINE,
    VISIT,
    VISIT_SENTENCE,
    ZELENSKIY,
    story,
    write_story,
)


@pytest.fixture
def g(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    return write_story(kg).graph


@pytest.fixture
def texts(kg: KnowledgeGraph) -> Store:
    """Where the live graph's long text is: the store (the graph keeps none in memory)."""
    return kg.store


@pytest.fixture
def names(g: nx.MultiDiGraph) -> NameIndex:
    return NameIndex.build(g)


# -- naming -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (BLINKEN, BLINKEN),  # an id
        ("Antony Blinken", BLINKEN),  # the label
        ("blinken", BLINKEN),  # an alias, any case
        ("KIEV", KYIV),  # a spelling variant kept as an alias
        ("Zelenskiy", ZELENSKIY),  # the person wins over the organization that is only his surname
        ("Loner", LONER),  # a surname alone, when one person has it
        ("North Atlantic Treaty Organization", NATO),
        ("Blinkin", BLINKEN),  # a typo, as search forgives it
        ("Zelensky", ZELENSKIY),  # a typo of a name a person and an organization share
        ("Antony Blink", BLINKEN),  # a name cut short
    ],
)
def test_resolve_entity_by_id_or_name(g: nx.MultiDiGraph, names: NameIndex, ref: str, expected: str) -> None:
    assert resolve_entity(g, ref, names=names) == expected


def test_resolve_entity_ambiguous_name_lists_candidates(g: nx.MultiDiGraph, names: NameIndex) -> None:
    with pytest.raises(AmbiguousEntity) as caught:
        resolve_entity(g, "Johnson", names=names)
    assert {c["id"] for c in caught.value.candidates} == {BORIS, DUSTIN}
    assert all({"label", "kind", "mentions"} <= c.keys() for c in caught.value.candidates)


def test_resolve_entity_dominant_name_wins(kg: KnowledgeGraph) -> None:
    write_story(kg)
    # Boris is now named ten times as often as Dustin: "Johnson" means him
    d3 = story()[2]
    d3.entities[0].mentions = 20
    kg.ingest(Extraction(Document("sport/d3", d3.document.text + " More."), d3.entities, d3.events, d3.edges))
    assert resolve_entity(kg.graph, "Johnson", names=NameIndex.build(kg.graph)) == BORIS


@pytest.mark.parametrize(
    ("ref", "closest"),
    [
        ("person:nobody", []),
        ("", []),
        ("Johnson Boris Dustin", [BORIS, DUSTIN]),
        ("Bl", [BLINKEN]),  # a fragment is not a name, but the answer points to one
        ("Blinken Obama", [BLINKEN]),
    ],
)
def test_resolve_entity_unknown_lists_the_closest(
    g: nx.MultiDiGraph, names: NameIndex, ref: str, closest: list[str]
) -> None:
    with pytest.raises(EntityNotFound) as caught:
        resolve_entity(g, ref, names=names)
    assert set(closest) <= {c["id"] for c in caught.value.candidates}
    assert bool(closest) == bool(caught.value.candidates)


def test_resolve_entity_a_typo_of_a_shared_name_is_ambiguous(g: nx.MultiDiGraph, names: NameIndex) -> None:
    with pytest.raises(AmbiguousEntity) as caught:
        resolve_entity(g, "Johnsen", names=names)
    assert {c["id"] for c in caught.value.candidates} == {BORIS, DUSTIN}


def test_resolve_entity_events_only_when_asked(g: nx.MultiDiGraph, names: NameIndex) -> None:
    with pytest.raises(EntityNotFound):
        resolve_entity(g, VISIT, names=names)
    assert resolve_entity(g, VISIT, names=names, events=True) == VISIT


# -- detail -----------------------------------------------------------------------------------


def test_entity_detail_holds_facts_documents_and_counts(g: nx.MultiDiGraph, texts: Store) -> None:
    detail = entity_detail(g, ZELENSKIY, texts=texts)
    assert detail["label"] == "Volodymyr Zelenskiy"
    assert detail["doc_ids"] == ["d1"]
    assert detail["degree"] == g.degree(ZELENSKIY) == 2
    [fact] = detail["roles"]
    assert (fact["relation"], fact["role"], fact["target"]["id"]) == ("leader_of", "President", UKRAINE)
    assert fact["sentence"] == "Zelenskiy is Ukraine's president."
    assert detail["event_types"] == {"CONSULT": 1}


def test_entity_detail_of_a_place_has_coordinates(g: nx.MultiDiGraph) -> None:
    detail = entity_detail(g, KYIV)
    assert (detail["lat"], detail["lon"], detail["country_code"]) == (50.45, 30.52, "UA")


def test_event_detail_by_role(g: nx.MultiDiGraph, texts: Store) -> None:
    detail = event_detail(g, VISIT, texts=texts)
    assert (detail["type"], detail["mode"], detail["date"]) == ("CONSULT", "visit", "2021-05-06")
    assert [e["id"] for e in detail["actors"]] == [BLINKEN]
    assert [e["id"] for e in detail["recipients"]] == [ZELENSKIY]
    assert [e["id"] for e in detail["locations"]] == [KYIV]
    assert detail["evidence"][0]["sentence"] == VISIT_SENTENCE
    with pytest.raises(EventNotFound):
        event_detail(g, BLINKEN)


# -- relationships ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (BLINKEN, ZELENSKIY, [("event", VISIT, ["actor"], ["recipient"])]),
        (ZELENSKIY, BLINKEN, [("event", VISIT, ["recipient"], ["actor"])]),
        (ZELENSKIY, UKRAINE, [("fact", f"{ZELENSKIY}|leader_of|{UKRAINE}", ["source"], ["target"])]),
        (UKRAINE, ZELENSKIY, [("fact", f"{ZELENSKIY}|leader_of|{UKRAINE}", ["target"], ["source"])]),
        # in time order: 2014 before 2021-04
        (
            RUSSIA,
            CRIMEA,
            [("event", ANNEX, ["actor"], ["recipient"]), ("event", MOBILIZE, ["actor"], ["location"])],
        ),
        (BLINKEN, NATO, []),
    ],
)
def test_relationships(
    g: nx.MultiDiGraph, texts: Store, source: str, target: str, expected: list[tuple]
) -> None:
    found = relationships(g, source, target, texts=texts)
    assert [(r["kind"], r["id"], r["source_roles"], r["target_roles"]) for r in found] == expected
    for item in found:
        assert item["evidence"] and item["evidence"][0]["sentence"] == item["sentence"]
        assert item["doc_ids"]


# -- neighbors --------------------------------------------------------------------------------


def _ids(subgraph: dict) -> set[str]:
    return {n["id"] for n in subgraph["nodes"]}


@pytest.mark.parametrize(
    ("center", "depth", "filters", "expected"),
    [
        (BLINKEN, 1, Filters(), {BLINKEN, VISIT, ZELENSKIY, KYIV, DEMAND, RUSSIA}),
        (
            BLINKEN,
            2,
            Filters(),
            {
                BLINKEN,
                VISIT,
                ZELENSKIY,
                KYIV,
                DEMAND,
                RUSSIA,
                UKRAINE,
                MOBILIZE,
                CRIMEA,
                CONDEMN,
                NATO,
                ANNEX,
            },
        ),
        (BLINKEN, 1, Filters(kinds=frozenset({"person"})), {BLINKEN, VISIT, ZELENSKIY, DEMAND}),
        (BLINKEN, 2, Filters(event_types=frozenset({"CONSULT"})), {BLINKEN, VISIT, ZELENSKIY, KYIV, UKRAINE}),
        (BLINKEN, 1, Filters(relations=frozenset({"actor", "location"})), {BLINKEN, VISIT, KYIV, DEMAND}),
        (VISIT, 1, Filters(), {VISIT, BLINKEN, ZELENSKIY, KYIV}),
        (BORIS, 3, Filters(), {BORIS, SPEECH}),
        (LONER, 2, Filters(), {LONER}),
    ],
)
def test_neighborhood(
    g: nx.MultiDiGraph, center: str, depth: int, filters: Filters, expected: set[str]
) -> None:
    sub = neighborhood(g, center, depth=depth, filters=filters)
    assert _ids(sub) == expected
    assert sub["graph"] == {"center": center, "depth": depth, "truncated": False}
    # the edges are exactly the graph's edges among those nodes that the filters let through
    wanted = {
        (u, v, k)
        for u, v, k, d in g.edges(keys=True, data=True)
        if u in expected and v in expected and filters.edge(k, d)
    }
    assert {(e["source"], e["target"], e["key"]) for e in sub["edges"]} == wanted
    assert all(0 <= n["hop"] <= depth for n in sub["nodes"])


def test_neighborhood_limit_keeps_the_nearest(g: nx.MultiDiGraph) -> None:
    full = neighborhood(g, BLINKEN, depth=3)
    hops = {n["id"]: n["hop"] for n in full["nodes"]}
    for limit in range(1, len(hops)):
        cut = neighborhood(g, BLINKEN, depth=3, limit=limit)
        assert len(cut["nodes"]) == limit and cut["graph"]["truncated"]
        kept = sorted(n["hop"] for n in cut["nodes"])
        assert kept == sorted(hops.values())[:limit]


def test_neighborhood_hop_counts_an_event_between_entities_as_one(g: nx.MultiDiGraph) -> None:
    hops = {n["id"]: n["hop"] for n in neighborhood(g, BLINKEN, depth=3)["nodes"]}
    assert (hops[VISIT], hops[ZELENSKIY], hops[UKRAINE], hops[CRIMEA]) == (1, 1, 2, 2)


# -- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "length", "count"),
    [
        (BLINKEN, ZELENSKIY, 1, 1),
        (BLINKEN, UKRAINE, 2, 2),  # via Zelenskiy (leader_of) or via Kyiv (located_in)
        (NATO, UKRAINE, 4, 2),
        (BLINKEN, BLINKEN, 0, 1),
        (BLINKEN, LONER, None, 0),
    ],
)
def test_shortest_paths(g: nx.MultiDiGraph, source: str, target: str, length: int | None, count: int) -> None:
    paths, complete = shortest_paths(g, source, target, max_length=6, limit=10)
    assert complete and len(paths) == count
    for path in paths:
        assert path["length"] == length == len(path["steps"])
        entities = [n["id"] for n in path["nodes"] if n["kind"] != "event"]
        assert entities[0] == source and entities[-1] == target
        for step in path["steps"]:
            if step["event"] is not None:
                members = {
                    e["id"] for role in ("actors", "recipients", "locations") for e in step["event"][role]
                }
                assert {step["source"], step["target"]} <= members
            else:
                assert step["facts"]
    assert len({tuple(n["id"] for n in p["nodes"]) for p in paths}) == len(paths)


def test_shortest_paths_respects_max_length_and_limit(g: nx.MultiDiGraph) -> None:
    assert shortest_paths(g, NATO, UKRAINE, max_length=3) == ([], True)
    assert len(shortest_paths(g, NATO, UKRAINE, max_length=4, limit=1)[0]) == 1
    assert shortest_paths(g, NATO, UKRAINE, budget=5) == ([], False)


def test_shortest_paths_agree_with_networkx_on_the_entity_graph() -> None:
    """On a random story, the two-way search finds exactly the shortest paths networkx finds over
    the graph of entities joined when they share an event or a fact."""
    rng = random.Random(11)
    g = nx.MultiDiGraph()
    people = [f"person:{i:02d}" for i in range(60)]
    g.add_nodes_from(people, kind="person")
    hops = nx.Graph()
    hops.add_nodes_from(people)
    for e in range(80):
        event = f"event:{e}"
        g.add_node(event, kind="event")
        a, b = rng.sample(people, 2)
        g.add_edge(a, event, key="actor")
        g.add_edge(event, b, key="recipient")
        hops.add_edge(a, b)
    for _ in range(12):
        a, b = rng.sample(people, 2)
        g.add_edge(a, b, key="member_of")
        hops.add_edge(a, b)
    checked = 0
    for a, b in (rng.sample(people, 2) for _ in range(60)):
        paths, complete = shortest_paths(g, a, b, max_length=5, limit=1000)
        assert complete
        try:
            expected = {tuple(p) for p in nx.all_shortest_paths(hops, a, b)}
        except nx.NetworkXNoPath:
            expected = set()
        if expected and len(next(iter(expected))) - 1 > 5:
            expected = set()
        found = {tuple(n["id"] for n in p["nodes"] if n["kind"] != "event") for p in paths}
        assert found == expected
        assert all(p["length"] == len(p["steps"]) == len(next(iter(expected))) - 1 for p in paths)
        checked += bool(expected)
    assert checked > 20


# -- timeline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "since", "until", "inside"),
    [
        ("2021-05", "2021-05-03", None, True),  # May may well be after the 3rd
        ("2021-05", None, "2021-05-01", True),
        ("2021-04", "2021-05-03", None, False),
        ("2021", "2021-12-31", "2021-12-31", True),
        ("2020-12-31", "2021", None, False),
        ("2021-05-06", "2021-05-06", "2021-05-06", True),
        ("2021-05-07", None, "2021-05-06", False),
    ],
)
def test_partial_dates_cover_their_span(
    date: str, since: str | None, until: str | None, inside: bool
) -> None:
    assert covers(date, since, until) == inside


def test_timeline_orders_by_date_with_undated_last(g: nx.MultiDiGraph) -> None:
    total, ids = Timeline(g).page(limit=100)
    assert ids == [ANNEX, MOBILIZE, CONDEMN, DEMAND, VISIT, SPEECH]
    assert total == 6
    assert Timeline(g).page(descending=True, limit=100)[1] == [
        VISIT,
        DEMAND,
        CONDEMN,
        MOBILIZE,
        ANNEX,
        SPEECH,
    ]


def _random_timeline_graph(seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(300):
        year = rng.choice(["2019", "2020", "2021"])
        date = rng.choice(
            [
                None,
                year,
                f"{year}-{rng.randint(1, 12):02d}",
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            ]
        )
        g.add_node(
            f"event:{i:03d}", kind="event", date=date, event_type=rng.choice(["AID", "CONSULT", "ASSAULT"])
        )
    return g


@pytest.mark.parametrize("seed", range(3))
def test_timeline_pages_equal_a_full_scan(seed: int) -> None:
    g = _random_timeline_graph(seed)
    timeline = Timeline(g)
    rng = random.Random(seed)
    for _ in range(40):
        since = rng.choice([None, "2020", "2020-06", "2020-06-15", "2021-02-01"])
        until = rng.choice([None, "2020", "2020-12", "2021-03-31", "2021"])
        types = rng.choice([None, ["AID"], ["CONSULT", "ASSAULT"], ["PROTEST"]])
        descending = rng.random() < 0.5
        offset, limit = rng.randint(0, 60), rng.randint(1, 80)
        expected = [
            (d.get("date"), n)
            for n, d in g.nodes(data=True)
            if (types is None or d["event_type"] in types)
            and (
                (since is None and until is None)
                or (d["date"] is not None and covers(d["date"], since, until))
            )
        ]
        dated = sorted((x for x in expected if x[0] is not None), reverse=descending)
        undated = sorted((x for x in expected if x[0] is None), reverse=descending)
        ordered = [n for _, n in dated + undated]
        total, page = timeline.page(
            types=types, since=since, until=until, descending=descending, limit=limit, offset=offset
        )
        assert total == len(ordered)
        assert page == ordered[offset : offset + limit]


# -- counts and centrality --------------------------------------------------------------------


def test_counts_and_rankings(kg: KnowledgeGraph) -> None:
    g = write_story(kg).graph
    counts = kg.counts.as_dict()
    assert counts["kinds"] == {"event": 6, "organization": 2, "person": 5, "place": 4}
    assert counts["event_types"] == {
        "ACCUSE": 1,
        "COERCE": 1,
        "CONSULT": 1,
        "MOBILIZE": 1,
        "REQUEST": 1,
        "STATEMENT": 1,
    }
    assert sum(counts["relations"].values()) == counts["edges"] == g.number_of_edges()
    rankings = rank_store(kg.store.path)
    assert rankings.seq == kg.seq
    entities = [n for n, kind in g.nodes(data="kind") if kind != "event"]
    assert sorted(rankings.by_degree) == sorted(entities)  # fewer than the 100 kept
    degrees = [g.degree(n) for n in rankings.by_degree]
    assert degrees == sorted(degrees, reverse=True) and rankings.by_degree[0] == RUSSIA
    assert rankings.by_pagerank == top_entities(g, pagerank(g))
    assert all(abs(rankings.pagerank[n] - score) < 1e-9 for n, score in pagerank(g).items() if n in entities)


def top_entities(g: nx.MultiDiGraph, scores: dict[str, float], *, limit: int = TOP) -> list[str]:
    """The `limit` people, organizations and places of highest score, highest first (ties by id)."""
    entities = [n for n, kind in g.nodes(data="kind") if kind in ENTITY_KINDS]
    return sorted(entities, key=lambda n: (-scores.get(n, 0.0), n))[:limit]


def test_pagerank_matches_networkx_on_the_undirected_graph(g: nx.MultiDiGraph) -> None:
    ours = pagerank(g)
    undirected = nx.MultiGraph()
    undirected.add_nodes_from(g)
    undirected.add_edges_from((u, v, (u, v, k)) for u, v, k in g.edges(keys=True))
    reference = _pagerank_python(undirected, tol=1e-12, max_iter=500)
    assert ours.keys() == reference.keys()
    assert max(abs(ours[n] - reference[n]) for n in ours) < 1e-6
    top = top_entities(g, ours, limit=3)
    assert all(g.nodes[n]["kind"] != "event" for n in top)
    assert [ours[n] for n in top] == sorted((ours[n] for n in top), reverse=True)
