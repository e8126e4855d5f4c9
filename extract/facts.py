"""Facts between entities: leader_of / member_of from titles and appositions, located_in from the gazetteer.

A person's title comes from the title phrase before the name ("Ukrainian President Volodymyr
Zelenskiy", "NATO Secretary-General Jens Stoltenberg", "President of the People's Republic of China
Xi Jinping", "the head of state energy company Naftogaz, Andriy Kobolev") or from an apposition
after it ("Jacinda Ardern, the Prime Minister of New Zealand,", "Eric Kraus, a strategist at
Sovlink Securities,", "President Putin of Russia"). The body is the organization or country the
phrase names; a national title with no body named ("Foreign Minister Dmytro Kuleba") belongs to the
country the article is about, when one country clearly dominates it and the sentence names it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from extract.entities import Entity, EntityIndex, Mention
from extract.titles import TitlePhrase, implied_country
from graph.records import Document, EdgeRecord, Evidence

__all__ = ["Title", "dominant_country", "extract_facts", "read_titles"]

_DOMINANCE = 1.5  # the top country needs this many times the runner-up's mentions
_APPOSITION_OPENERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_APPOSITION_ENDS = frozenset({",", ".", ";", ":", ")", "\u2014", "-", "and", "said", "says"})


@dataclass(frozen=True, slots=True)
class Title:
    person: Entity
    role: str  # as written: "Secretary of State"
    relation: str  # leader_of | member_of | "" (a descriptor: no fact)
    body: Entity | None  # the organization or country; None when the text names none
    mention: Mention
    scope: str = ""  # "country": a national office


def read_titles(
    doc: Doc, entities: list[Entity], index: EntityIndex, phrases: list[TitlePhrase]
) -> list[Title]:
    """Every person's title seen in the text, with the body it belongs to where the text says."""
    after_comma = {p.start: p for p in phrases} | {
        p.body[0]: p for p in phrases if p.body and p.body[0] < p.start
    }
    found: list[Title] = []
    for person in (e for e in entities if e.kind == "person"):
        for m in person.mentions:
            if not m.named or m.span is None:
                continue
            phrase = m.title or _apposition(doc, m, after_comma)
            if phrase is None:
                continue
            body = _body(doc, index, phrase, person) or _body_after_name(doc, index, m, person)
            found.append(Title(person, phrase.role, phrase.relation, body, m, phrase.scope))
    return found


def _apposition(doc: Doc, m: Mention, phrases: dict[int, TitlePhrase]) -> TitlePhrase | None:
    """ "<name>, the head of Apple," / "<name>, Russia's foreign minister," -> that title phrase."""
    assert m.span is not None
    i = m.span.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    while i < len(doc) and doc[i].lower_ in _APPOSITION_OPENERS:
        i += 1
    phrase = phrases.get(i)
    if phrase is None or phrase.start < m.span.end:
        return None
    end = phrase.end
    return phrase if end >= len(doc) or doc[end].lower_ in _APPOSITION_ENDS else None


def _body(doc: Doc, index: EntityIndex, phrase: TitlePhrase, person: Entity) -> Entity | None:
    if phrase.body is None:
        return None
    span = doc[phrase.body[0] : phrase.body[1]]
    found = index.at(span.start_char, span.end_char)
    return found if found is not None and found is not person and found.kind != "person" else None


def _body_after_name(doc: Doc, index: EntityIndex, m: Mention, person: Entity) -> Entity | None:
    """ "President Putin of Russia", "Supt Jane Smith of West Yorkshire Police"."""
    assert m.span is not None
    i = m.span.end
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return None
    start = i + 1 + (doc[i + 1].lower_ == "the")
    if start >= len(doc):
        return None
    found = index.for_token(doc[start])
    return found if found is not None and found is not person and found.kind != "person" else None


def dominant_country(entities: list[Entity]) -> Entity | None:
    """The country an article is about: clearly the most mentioned one."""
    countries = {
        e.attrs.get("country_code"): e
        for e in entities
        if e.kind == "place" and e.attrs.get("place_type") == "country"
    }
    counts = Counter[str]()
    by_id = {e.id: e for e in countries.values()}
    for e in entities:  # a country's cities and regions speak of it too
        country = countries.get(e.attrs.get("country_code")) if e.kind == "place" else None
        if country is not None:
            counts[country.id] += len(e.mentions)
    ranked = counts.most_common(2)
    if not ranked:
        return None
    if (len(ranked) == 1 and ranked[0][1] > 1) or (
        len(ranked) > 1 and ranked[0][1] >= _DOMINANCE * ranked[1][1]
    ):
        return by_id[ranked[0][0]]
    return None


def _implied_body(role: str, entities: list[Entity]) -> Entity | None:
    """The country of an office only it has ("Home Secretary"), when the article names it."""
    code = implied_country(role)
    if code is None:
        return None
    return next(
        (
            e
            for e in entities
            if e.attrs.get("place_type") == "country" and e.attrs.get("country_code") == code
        ),
        None,
    )


def _home_in_sentence(home: Entity | None, mention: Mention) -> Entity | None:
    """The article's country, when the sentence with the bare title speaks of it too."""
    if home is None or mention.span is None:
        return None
    sent = mention.span.sent
    return home if any(sent.start_char <= m.start < sent.end_char for m in home.mentions) else None


def extract_facts(entities: list[Entity], titles: list[Title], document: Document) -> list[EdgeRecord]:
    """leader_of / member_of edges from the titles read, located_in edges from the gazetteer."""
    known_body = {t.person.id: t.body for t in titles if t.body is not None and t.relation}
    home = dominant_country(entities)
    edges: dict[tuple[str, str, str], EdgeRecord] = {}
    for t in titles:
        if t.role.lower() not in t.person.roles:
            t.person.roles.append(t.role.lower())
        if not t.relation:
            continue
        body = t.body or known_body.get(t.person.id) or _implied_body(t.role, entities)
        if body is None and t.scope == "country":
            body = _home_in_sentence(home, t.mention)
        if body is None:
            continue
        sent = t.mention.span.sent if t.mention.span is not None else None
        evidence = Evidence(
            document.id,
            sent.text.strip() if sent else "",
            sent.start_char if sent else 0,
            sent.end_char if sent else 0,
        )
        key = (t.person.id, body.id, t.relation)
        if key not in edges:
            edges[key] = EdgeRecord(t.person.id, body.id, t.relation, role=t.role, evidence=[evidence])
    edges.update({(e.source, e.target, e.relation): e for e in _located_in(entities)})
    return list(edges.values())


def _located_in(entities: list[Entity]) -> list[EdgeRecord]:
    """A city or region in a country the same document names (from the gazetteer)."""
    countries = {
        e.attrs.get("country_code"): e
        for e in entities
        if e.kind == "place" and e.attrs.get("place_type") == "country"
    }
    out = []
    for e in entities:
        if e.kind != "place" or e.attrs.get("place_type") == "country":
            continue
        country = countries.get(e.attrs.get("country_code"))
        if country is not None:
            out.append(EdgeRecord(e.id, country.id, "located_in", attrs={"basis": "gazetteer"}))
    return out
