"""GET /relationships: the events and facts joining two entities, with their evidence."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import entity_named
from tests.conftest import SEEDS
from tests.graph.story import BLINKEN, BORIS, DUSTIN, KYIV, UKRAINE, VISIT, VISIT_SENTENCE, ZELENSKIY


def _in_its_document(client: httpx.Client, evidence: dict) -> bool:
    text = client.get(f"/documents/{evidence['doc_id']}").json()["text"]
    return text[evidence["start"] : evidence["end"]] == evidence["sentence"] or evidence["sentence"] in text


def test_blinken_and_zelenskiy_met(seed_client: httpx.Client, seed_graph: dict) -> None:
    """The question the product exists for: how are Blinken and Zelenskiy related?"""
    response = seed_client.get("/relationships", params={"source": "Blinken", "target": "Zelenskiy"})
    assert response.status_code == 200
    body = response.json()
    expected = (entity_named(seed_graph, "Blinken"), entity_named(seed_graph, "Zelenskiy"))
    assert (body["source"]["id"], body["target"]["id"]) == expected
    meetings = [item for item in body["items"] if item["kind"] == "event" and item["type"] == "CONSULT"]
    assert meetings, f"no meeting or visit joins them: {body['items']}"
    for meeting in meetings:
        assert meeting["evidence"] and all(_in_its_document(seed_client, e) for e in meeting["evidence"])
        assert {"actor", "recipient"} & set(meeting["source_roles"] + meeting["target_roles"])
    seed_ids = {p.stem for p in SEEDS.glob("*.txt")}
    assert {d["id"] for d in body["documents"]} <= seed_ids


def test_blinken_demands_of_russia(seed_client: httpx.Client) -> None:
    body = seed_client.get("/relationships", params={"source": "Blinken", "target": "Russia"}).json()
    demands = [item for item in body["items"] if item["type"] == "REQUEST"]
    assert demands
    assert all(d["source_roles"] == ["actor"] and "recipient" in d["target_roles"] for d in demands)
    assert any("Russia" in d["sentence"] and "Blinken" in d["sentence"] for d in demands)
    assert all(_in_its_document(seed_client, e) for d in demands for e in d["evidence"])


def test_relationships_events_and_facts(story_client: httpx.Client) -> None:
    visit = story_client.get(
        "/relationships", params={"source": "Blinken", "target": "Volodymyr Zelenskiy"}
    ).json()
    assert [(i["kind"], i["id"], i["type"], i["date"]) for i in visit["items"]] == [
        ("event", VISIT, "CONSULT", "2021-05-06")
    ]
    assert visit["items"][0]["sentence"] == VISIT_SENTENCE
    assert visit["documents"] == [
        {"id": "d1", "title": "Visit", "source": None, "url": None, "published": "2021-05-06"}
    ]
    fact = story_client.get("/relationships", params={"source": UKRAINE, "target": ZELENSKIY}).json()
    [item] = fact["items"]
    assert (item["kind"], item["type"], item["role"]) == ("fact", "leader_of", "President")
    assert (item["source_roles"], item["target_roles"]) == (["target"], ["source"])


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"source": "Blinken", "target": "Nobody Atall"}, 404),
        ({"source": "Johnson", "target": "Blinken"}, 409),
        ({"source": "Blinken"}, 422),
        ({"source": "", "target": "Blinken"}, 422),
    ],
)
def test_relationships_errors(story_client: httpx.Client, params: dict, status: int) -> None:
    response = story_client.get("/relationships", params=params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    if status == 409:
        assert {c["id"] for c in error["candidates"]} == {BORIS, DUSTIN}


def test_relationships_of_an_entity_with_itself_is_empty(story_client: httpx.Client) -> None:
    body = story_client.get("/relationships", params={"source": "Blinken", "target": "Antony Blinken"}).json()
    assert (body["total"], body["items"]) == (0, [])


def test_relationship_events_name_their_participants_by_role(story_client: httpx.Client) -> None:
    body = story_client.get("/relationships", params={"source": "Blinken", "target": "Zelenskiy"}).json()
    [item] = [i for i in body["items"] if i["kind"] == "event"]
    event = story_client.get(f"/events/{item['id']}").json()
    for role in ("actors", "recipients", "locations", "others"):
        assert item[role] == event[role]
    assert [a["id"] for a in item["actors"]] == [BLINKEN] and item["locations"][0]["id"] == KYIV
