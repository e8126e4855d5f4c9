"""The name index: typo-tolerant, ranked, paginated search over entity labels and aliases."""

from __future__ import annotations

import random
import string

import networkx as nx
import pytest

from graph.knowledge import KnowledgeGraph
from graph.search import NameIndex, normalize_name, search_entities
from tests.graph.story import (
    BLINKEN,
    BORIS,
    DUSTIN,
    KYIV,
    NATO,
    RUSSIA,
    ZELENSKIY,
    ZELENSKIY_ORG,
    write_story,
)


@pytest.fixture
def index(kg: KnowledgeGraph) -> NameIndex:
    return NameIndex.build(write_story(kg).graph)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zelens'kyy", "zelens kyy"),
        ("  U.S.  ", "u s"),
        ("Kyïv", "kyiv"),
        ("ЗЕЛЕНСЬКИЙ", "зеленськии"),
        ("-- ! --", ""),
    ],
)
def test_normalize_name(text: str, expected: str) -> None:
    assert normalize_name(text) == expected


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Blinken", BLINKEN),
        ("blinkin", BLINKEN),  # one letter wrong
        ("Blnken", BLINKEN),  # one letter missing
        ("Antony Blinkin", BLINKEN),
        ("blinken antony", BLINKEN),  # word order does not matter
        ("Volodymyr Zelensky", ZELENSKIY),
        ("kiev", KYIV),  # an alias
        ("Kyyiv", KYIV),
        ("nat", NATO),  # a prefix
        ("north atlantic", NATO),
        ("russa", RUSSIA),
    ],
)
def test_search_finds_the_right_entity_first(index: NameIndex, query: str, first: str) -> None:
    page = index.search(query)
    assert page.hits and page.hits[0].id == first


@pytest.mark.parametrize("query", ["Zelensky", "zelenskiy", "ZELENSKYY"])
def test_search_spelling_variants_find_the_person(index: NameIndex, query: str) -> None:
    # the person and the organization misread from his surname both carry the name "Zelenskiy";
    # equally good matches rank by mentions (the organization has 4, the person 3)
    assert [h.id for h in index.search(query).hits] == [ZELENSKIY_ORG, ZELENSKIY]


@pytest.mark.parametrize("query", ["xyzzy", "Blankety", "", "  ", "q"])
def test_search_without_a_match_is_empty(index: NameIndex, query: str) -> None:
    page = index.search(query)
    assert (page.total, page.hits) == (0, [])


def test_exact_name_ranks_above_a_typo_and_a_longer_name(kg: KnowledgeGraph) -> None:
    g = nx.MultiDiGraph()
    g.add_node("person:anna-berg", kind="person", label="Anna Berg", aliases=["Berg"], mentions=1)
    g.add_node("organization:berg-foundation", kind="organization", label="Berg Foundation", mentions=50)
    g.add_node("person:anna-burg", kind="person", label="Burg", mentions=90)
    hits = NameIndex.build(g).search("Berg").hits
    assert [h.id for h in hits] == ["person:anna-berg", "organization:berg-foundation", "person:anna-burg"]
    assert hits[0].score == 100.0 and hits[0].name == "Berg"
    assert hits[0].score > hits[1].score > hits[2].score


def test_search_kind_filter_and_pages(index: NameIndex) -> None:
    everything = index.search("johnson")
    assert everything.total == 2 and {h.id for h in everything.hits} == {BORIS, DUSTIN}
    assert index.search("johnson", kind="place").total == 0
    first, second = index.search("johnson", limit=1), index.search("johnson", limit=1, offset=1)
    assert first.total == second.total == 2
    assert [first.hits[0].id, second.hits[0].id] == [h.id for h in everything.hits]
    assert index.search("johnson", offset=2).hits == []


def test_browse_lists_by_mentions(index: NameIndex) -> None:
    page = index.browse(kind="person", limit=2)
    assert page.total == 5
    assert [h.id for h in page.hits] == [BLINKEN, ZELENSKIY]  # 6 and 3 mentions


def test_search_entities_one_off(kg: KnowledgeGraph) -> None:
    assert search_entities(write_story(kg).graph, "Blinkn")[0].id == BLINKEN


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10)))


def test_search_finds_a_typo_among_many_names() -> None:
    rng = random.Random(5)
    g = nx.MultiDiGraph()
    for i in range(20_000):
        g.add_node(f"person:{i}", kind="person", label=f"{_word(rng)} {_word(rng)}", mentions=1)
    g.add_node(
        "person:antony-blinken", kind="person", label="Antony Blinken", aliases=["Blinken"], mentions=9
    )
    g.add_node("person:anton-blinkan", kind="person", label="Anton Blinkan", mentions=1)
    hits = NameIndex.build(g).search("Blinkin").hits
    assert [h.id for h in hits[:2]] == ["person:antony-blinken", "person:anton-blinkan"]
