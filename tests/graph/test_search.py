"""The name index: typo-tolerant, ranked, paginated search over entity labels and aliases."""

from __future__ import annotations

import random
import string

import networkx as nx
import pytest
from rapidfuzz.distance import Levenshtein

from graph.knowledge import KnowledgeGraph
from graph.search import NameIndex, normalize_name
from graph.vocabulary import ENTITY_KINDS
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


def test_the_knowledge_graph_searches_its_own_index(kg: KnowledgeGraph) -> None:
    assert write_story(kg).indexes.names.search("Blinkn").hits[0].id == BLINKEN


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


# -- the index against a search by brute force ---------------------------------------------------

SYLLABLES = ["ka", "ro", "mi", "len", "sto", "va", "ber", "gu", "ni", "tor"]


def _name(rng: random.Random) -> str:
    words = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 3))
    ]
    return " ".join(w.capitalize() for w in words)


def _similarity(query_word: str, word: str) -> float:
    """How the module docstring says a query word matches a word of a name."""
    if query_word == word:
        return 1.0
    best = 0.6 + 0.3 * len(query_word) / len(word) if word.startswith(query_word) else 0.0
    typos = 0 if len(query_word) < 4 else 1 if len(query_word) <= 7 else 2
    distance = Levenshtein.distance(query_word, word)
    if typos and distance <= typos:
        best = max(best, 1.0 - distance / max(len(query_word), len(word)))
    return best


def brute_force(g: nx.MultiDiGraph, query: str, kind: str | None) -> list[tuple[str, float, str]]:
    words = list(dict.fromkeys(normalize_name(query).split()))
    found = []
    for node, data in g.nodes(data=True):
        if kind is not None and data["kind"] != kind:
            continue
        best: tuple[float, str] | None = None
        for name in dict.fromkeys([data["label"], *data.get("aliases", ())]):
            name_words = normalize_name(name).split()
            sims = [max((_similarity(q, w) for w in name_words), default=0.0) for q in words]
            if all(sims):
                covered = min(len(words), len(name_words)) / len(name_words)
                score = 100.0 * (sum(sims) / len(words)) * (0.8 + 0.2 * covered)
                if best is None or score > best[0] + 1e-9:
                    best = (score, name)
        if best is not None:
            found.append((node, best[0], best[1], data["mentions"]))
    found.sort(key=lambda f: (-round(f[1], 6), -f[3], f[0]))
    return [(node, round(score, 2), name) for node, score, name, _ in found]


@pytest.fixture(scope="module")
def crowd() -> nx.MultiDiGraph:
    """2,000 entities named from ten syllables: many shared words, prefixes and near misses."""
    rng = random.Random(8)
    g = nx.MultiDiGraph()
    for i in range(2000):
        label = _name(rng)
        aliases = [label.split()[-1]] if rng.random() < 0.3 else []
        kind = rng.choice(ENTITY_KINDS)
        g.add_node(
            f"{kind}:{i}", kind=kind, label=label, aliases=[label, *aliases], mentions=rng.randint(1, 5)
        )
    return g


def test_search_ranks_as_a_brute_force_scan_does(crowd: nx.MultiDiGraph) -> None:
    rng = random.Random(9)
    index = NameIndex.build(crowd)
    labels = [d["label"] for _, d in crowd.nodes(data=True)]
    queries = []
    for _ in range(30):
        label = rng.choice(labels)
        word = rng.choice(label.split())
        typo = word[: len(word) // 2] + word[len(word) // 2 + 1 :] if len(word) > 4 else word
        other = rng.choice(labels).split()[0]
        # a rare word beside a common prefix: the prefix's many names are checked word by word
        queries += [label, word, word[:3], typo, f"{typo} {other}", f"{label} {rng.choice(SYLLABLES)}"]
    for query in queries:
        for kind in (None, "place"):
            expected = brute_force(crowd, query, kind)
            page = index.search(query, kind=kind, limit=25, offset=3)
            assert page.total == len(expected), query
            assert [(h.id, h.score, h.name) for h in page.hits] == expected[3:28], query


def test_an_index_updated_in_place_answers_as_one_built_anew(crowd: nx.MultiDiGraph) -> None:
    rng = random.Random(10)
    g = crowd.copy()
    index = NameIndex.build(g)
    nodes = list(g)
    for n in range(400):
        node = rng.choice(nodes)
        if rng.random() < 0.2 and node in g:
            g.remove_node(node)
            index.update(node, None)
        else:
            new = f"person:new-{n}" if rng.random() < 0.3 else node
            data = {"kind": "person", "label": _name(rng), "mentions": rng.randint(1, 9)}
            data["aliases"] = [data["label"]]
            g.add_node(new, **data)
            g.nodes[new].update(data)
            index.update(new, g.nodes[new])
            nodes.append(new)
    fresh = NameIndex.build(g)
    assert index.recent > 0 and len(index) == len(fresh) == g.number_of_nodes()
    labels = [d["label"] for _, d in g.nodes(data=True)]
    for query in [*rng.sample(labels, 40), "ka", "Kaber", "rominni", "sto va"]:
        assert index.search(query, limit=30) == fresh.search(query, limit=30), query
        assert index.exact(query) == fresh.exact(query), query
        assert index.surname(query.split()[-1]) == fresh.surname(query.split()[-1]), query
    assert index.browse(limit=200, offset=50) == fresh.browse(limit=200, offset=50)
    compacted = index.compacted()
    assert compacted.recent == 0 and compacted.search("sto va", limit=50) == fresh.search("sto va", limit=50)
