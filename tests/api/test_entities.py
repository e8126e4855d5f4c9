"""GET /entities, /entities/{id}, /entities/{id}/neighbors over a live server."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.conftest import entity_named
from tests.conftest import SEEDS
from tests.graph.story import BLINKEN, BORIS, DEMAND, DUSTIN, KYIV, RUSSIA, UKRAINE, VISIT, ZELENSKIY

# -- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [("Zelensky", "Zelenskiy"), ("zelenskiy", "Zelenskiy"), ("Blinkin", "Blinken"), ("antony", "Blinken")],
)
def test_search_entities_forgives_typos(
    seed_client: httpx.Client, seed_graph: dict, q: str, expected: str
) -> None:
    expected = entity_named(seed_graph, expected)
    body = seed_client.get("/entities", params={"q": q}).json()
    ids = [item["id"] for item in body["items"]]
    assert expected in ids[:3]
    assert body["total"] >= len(ids) >= 1
    # ranked by relevance, then by mentions
    keys = [(-item["score"], -item["mentions"]) for item in body["items"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("query", [{"q": "u"}, {"q": "Blinken"}, {}])
def test_search_entities_pages_add_up(seed_client: httpx.Client, query: dict) -> None:
    everything = seed_client.get("/entities", params={**query, "limit": 200}).json()
    assert everything["total"] == len(everything["items"]) >= 1
    pages = [
        seed_client.get("/entities", params={**query, "limit": 2, "offset": offset}).json()
        for offset in range(0, everything["total"] + 2, 2)
    ]
    assert all(page["total"] == everything["total"] for page in pages)
    assert [item["id"] for page in pages for item in page["items"]] == [i["id"] for i in everything["items"]]


def test_search_entities_by_kind(seed_client: httpx.Client, seed_graph: dict) -> None:
    body = seed_client.get("/entities", params={"kind": "person", "limit": 200}).json()
    people = [n for n in seed_graph["nodes"] if n["kind"] == "person"]
    assert body["total"] == len(people)
    assert {item["id"] for item in body["items"]} == {n["id"] for n in people}
    mentions = [item["mentions"] for item in body["items"]]
    assert mentions == sorted(mentions, reverse=True)


# -- detail -----------------------------------------------------------------------------------


def test_read_entity_by_name(seed_client: httpx.Client, seed_graph: dict) -> None:
    blinken = entity_named(seed_graph, "Blinken")
    response = seed_client.get("/entities/Blinken")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == blinken and body["kind"] == "person"
    assert "Blinken" in body["aliases"]
    titles = {p.stem: json.loads(p.read_text())["title"] for p in SEEDS.glob("*.json")}
    assert {d["id"]: d["title"] for d in body["documents"]} == {i: titles[i] for i in body["doc_ids"]}
    node = next(n for n in seed_graph["nodes"] if n["id"] == blinken)
    assert body["mentions"] == node["mentions"]
    assert body["degree"] == sum(blinken in (e["source"], e["target"]) for e in seed_graph["edges"])
    assert sum(body["event_types"].values()) == body["event_count"] > 0


def test_read_entity_facts_and_coordinates(story_client: httpx.Client) -> None:
    zelenskiy = story_client.get("/entities/Zelenskiy").json()
    assert zelenskiy["id"] == ZELENSKIY
    [fact] = zelenskiy["roles"]
    assert (fact["relation"], fact["role"], fact["target"]["id"]) == ("leader_of", "President", UKRAINE)
    kyiv = story_client.get("/entities/Kiev").json()
    assert (kyiv["id"], kyiv["lat"], kyiv["lon"], kyiv["country_code"]) == (KYIV, 50.45, 30.52, "UA")


def test_read_entity_not_found(seed_client: httpx.Client) -> None:
    response = seed_client.get("/entities/person:nobody-at-all")
    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith("no entity matches 'person:nobody-at-all'")


def test_read_entity_ambiguous_name_lists_candidates(story_client: httpx.Client) -> None:
    response = story_client.get("/entities/Johnson")
    assert response.status_code == 409
    error = response.json()["error"]
    assert "Johnson" in error["message"]
    assert {c["id"] for c in error["candidates"]} == {BORIS, DUSTIN}


# -- neighbors --------------------------------------------------------------------------------


def test_read_neighbors_is_graph_json(seed_client: httpx.Client, seed_graph: dict) -> None:
    blinken = entity_named(seed_graph, "Blinken")
    body = seed_client.get("/entities/Blinken/neighbors", params={"depth": 1}).json()
    assert (body["directed"], body["multigraph"]) == (True, True)
    assert body["graph"]["center"] == blinken
    ids = {n["id"] for n in body["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    # every event Blinken takes part in is there with everyone else in it, and his facts' other ends
    kinds = {n["id"]: n["kind"] for n in seed_graph["nodes"]}
    around = {e["target"] for e in seed_graph["edges"] if e["source"] == blinken}
    around |= {e["source"] for e in seed_graph["edges"] if e["target"] == blinken}
    events = {n for n in around if kinds[n] == "event"}
    members = {e["source"] for e in seed_graph["edges"] if e["target"] in events}
    members |= {e["target"] for e in seed_graph["edges"] if e["source"] in events}
    assert ids == around | members | {blinken}
    assert {n["hop"] for n in body["nodes"]} == {0, 1}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"depth": 1}, {BLINKEN, VISIT, ZELENSKIY, KYIV, DEMAND, RUSSIA}),
        ({"depth": 1, "kind": "person"}, {BLINKEN, VISIT, ZELENSKIY, DEMAND}),
        ({"depth": 1, "relation": ["actor", "location"]}, {BLINKEN, VISIT, KYIV, DEMAND}),
        ({"depth": 2, "event_type": "CONSULT"}, {BLINKEN, VISIT, ZELENSKIY, KYIV, UKRAINE}),
    ],
)
def test_read_neighbors_filters(story_client: httpx.Client, params: dict, expected: set[str]) -> None:
    body = story_client.get("/entities/Blinken/neighbors", params=params).json()
    assert {n["id"] for n in body["nodes"]} == expected


def test_read_neighbors_limit_truncates(story_client: httpx.Client) -> None:
    body = story_client.get(f"/entities/{BLINKEN}/neighbors", params={"depth": 3, "limit": 3}).json()
    assert len(body["nodes"]) == 3 and body["graph"]["truncated"] is True


@pytest.mark.parametrize("params", [{"depth": 0}, {"depth": 4}, {"limit": 10**9}, {"kind": "event"}])
def test_read_neighbors_bad_parameters(story_client: httpx.Client, params: dict) -> None:
    response = story_client.get(f"/entities/{BLINKEN}/neighbors", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["where"].startswith("query.")
