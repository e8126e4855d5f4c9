"""GET /paths: shortest chains of events and facts between two entities."""

from __future__ import annotations

import httpx
import pytest

from tests.graph.story import BLINKEN, CONDEMN, DEMAND, NATO, UKRAINE, VISIT


def _check_steps(path: dict) -> None:
    for step in path["steps"]:
        if step["event"] is not None:
            members = {
                e["id"] for r in ("actors", "recipients", "locations", "others") for e in step["event"][r]
            }
            assert {step["source"], step["target"]} <= members
        else:
            assert step["facts"] and all(
                {f["source"]["id"], f["target"]["id"]} == {step["source"], step["target"]}
                for f in step["facts"]
            )


def test_paths_story(story_client: httpx.Client) -> None:
    body = story_client.get("/paths", params={"source": "NATO", "target": "Ukraine", "max_length": 4}).json()
    assert (body["source"]["id"], body["target"]["id"]) == (NATO, UKRAINE)
    assert [p["length"] for p in body["paths"]] == [4, 4]
    for path in body["paths"]:
        assert [n["id"] for n in path["nodes"][:6]] == [NATO, CONDEMN, "place:russia", DEMAND, BLINKEN, VISIT]
        _check_steps(path)


def test_paths_none_within_max_length(story_client: httpx.Client) -> None:
    body = story_client.get("/paths", params={"source": "NATO", "target": "Ukraine", "max_length": 3}).json()
    assert body["paths"] == []


def test_paths_seeds(seed_client: httpx.Client) -> None:
    body = seed_client.get("/paths", params={"source": "Blinken", "target": "Russia"}).json()
    assert body["paths"] and body["paths"][0]["length"] == 1
    for path in body["paths"]:
        _check_steps(path)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"source": "NATO", "target": "Ukraine", "max_length": 7}, 422),
        ({"source": "NATO", "target": "Ukraine", "max_length": 0}, 422),
        ({"source": "NATO", "target": "Nowhere"}, 404),
        ({"source": "Johnson", "target": "NATO"}, 409),
    ],
)
def test_paths_errors(story_client: httpx.Client, params: dict, status: int) -> None:
    assert story_client.get("/paths", params=params).status_code == status
