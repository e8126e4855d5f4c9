"""Facts between entities: leader_of / member_of from titles and appositions, located_in from the gazetteer.

"Ukrainian President Volodymyr Zelenskiy", "NATO Secretary-General Jens Stoltenberg",
"President of Ukraine Volodymyr Zelenskyy", "Andriy Kobolev, the head of Naftogaz" and
"the head of state energy company Naftogaz, Andriy Kobolev" all give a person a title and the body
the title belongs to. A title with no body ("Foreign Minister Dmytro Kuleba") belongs to the country
the article is about, when one country clearly dominates it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from extract.entities import Entity, EntityIndex, Mention, _table
from graph.records import Document, EdgeRecord, Evidence

# the body named after a title: capitalized words ("of the United States", "of the Russian
# Federation"), so the match cannot run across a verb to an earlier title
_BODY_WORDS = r"(?:[A-Z0-9][\w.'\-]*\s*|(?:of|and|for|the|&)\s+){1,8}?"
_BODY_RE = re.compile(rf"(?:the\s+)?{_BODY_WORDS}")
_DOMINANCE = 1.5  # the top country needs this many times the runner-up's mentions


@dataclass(frozen=True, slots=True)
class Title:
    person: Entity
    role: str  # as written: "Secretary of State"
    relation: str  # leader_of | member_of
    body: Entity | None  # the organization or country; None when the text names none
    mention: Mention


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    return {row[0]: row[1] for row in _table("titles.tsv")}


@lru_cache(maxsize=1)
def _national_titles() -> frozenset[str]:
    return frozenset(row[0] for row in _table("titles.tsv") if len(row) > 2 and row[2] == "country")


@lru_cache(maxsize=1)
def _title_pattern() -> str:
    names = sorted(_titles(), key=len, reverse=True)
    return "|".join(re.escape(t).replace(r"\-", r"[\- ]?").replace(r"\ ", r"\s+") for t in names)


@lru_cache(maxsize=1)
def _before_name() -> re.Pattern[str]:
    # "... U.S. Secretary of State " / "President of Ukraine " / "the head of X, "
    return re.compile(
        rf"(?:(?:administration|government|cabinet|team)\s+of\s+)?"
        rf"(?P<former>former\s+)?(?P<title>{_title_pattern()})"
        rf"(?:\s+(?:of|to)\s+(?P<of>[^,;:]{{1,80}}?))?(?P<comma>\s*,)?\s*$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _after_name() -> re.Pattern[str]:
    # ", the head of the Ukrainian Orthodox Church"
    return re.compile(
        rf"^\s*,\s*(?:the\s+|a\s+)?(?P<former>former\s+)?(?P<title>{_title_pattern()})"
        rf"\s+(?:of|at|for)\s+(?P<of>(?:the\s+)?{_BODY_WORDS})(?=\s*(?:[,.;)]|$))",
        re.IGNORECASE,
    )


def _relation(title: str) -> str:
    key = re.sub(r"\s+", " ", title.lower())
    return _titles().get(key) or _titles().get(key.replace(" ", "-"), "member_of")


def _body_in(index: EntityIndex, start: int, end: int, *, person: Entity) -> Entity | None:
    """The first organization or place named in [start, end)."""
    pos = start
    while pos < end:
        found = index.at(pos)
        if found is not None and found is not person and found.kind in ("organization", "place"):
            return found
        pos += 1
    return None


def _names_a_person(index: EntityIndex, start: int, end: int) -> bool:
    return any((e := index.at(pos)) is not None and e.kind == "person" for pos in range(start, end))


def _body_before(index: EntityIndex, text: str, pos: int, *, person: Entity) -> Entity | None:
    """The organization or country directly before a title ("U.S." / "Ukrainian" / "NATO")."""
    while pos > 0 and text[pos - 1] in " \t'\u2019s":
        if text[pos - 1] == "s" and pos > 1 and text[pos - 2] not in "'\u2019":
            break
        pos -= 1
    found = index.at(pos - 1) if pos > 0 else None
    if found is not None and found is not person and found.kind in ("organization", "place"):
        return found
    return None


def read_titles(doc: Doc, entities: list[Entity], index: EntityIndex) -> list[Title]:
    """Every person's title seen in the text, with the body it belongs to where the text says."""
    text = doc.text
    found: list[Title] = []
    for person in (e for e in entities if e.kind == "person"):
        for m in person.mentions:
            if not m.named or m.span is None:
                continue
            sent: Span = m.span.sent
            before = text[max(sent.start_char, m.start - 140) : m.start]
            match = _before_name().search(before)
            if match is not None:
                base = m.start - len(before)
                if match.group("comma") and not before[: match.start()].lower().endswith("the "):
                    continue  # "with President of X David Malpass, Volodymyr Zelenskyy": a list
                body = None
                if match.group("of"):
                    of_start, of_end = base + match.start("of"), base + match.end("of")
                    if _names_a_person(index, of_start, of_end):
                        continue  # "President of X David Malpass": the title is Malpass's
                    if not match.group("comma") and not _BODY_RE.fullmatch(match.group("of")):
                        continue  # a bare title's body is capitalized words: "of the United States"
                    body = _body_in(index, of_start, of_end + 1, person=person)
                if body is None and not match.group("comma"):
                    body = _body_before(index, text, base + match.start(), person=person)
                if match.group("comma") and not match.group("of"):
                    continue  # "..., President," lists, not a title of this name
                role = _role(match)
                found.append(Title(person, role, _relation(match.group("title")), body, m))
                continue
            after = text[m.end : min(sent.end_char, m.end + 140)]
            match = _after_name().search(after)
            if match is not None:
                body = _body_in(index, m.end + match.start("of"), m.end + match.end("of"), person=person)
                if body is not None:
                    found.append(Title(person, _role(match), _relation(match.group("title")), body, m))
    return found


def _role(match: re.Match[str]) -> str:
    title = " ".join(match.group("title").split())
    return f"former {title}" if match.group("former") else title


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
    if len(ranked) == 1 or ranked[0][1] >= _DOMINANCE * ranked[1][1]:
        return by_id[ranked[0][0]]
    return None


def _home_in_sentence(home: Entity | None, mention: Mention) -> Entity | None:
    """The article's country, when the sentence with the bare title speaks of it too."""
    if home is None or mention.span is None:
        return None
    sent = mention.span.sent
    return home if any(sent.start_char <= m.start < sent.end_char for m in home.mentions) else None


def extract_facts(
    doc: Doc, entities: list[Entity], index: EntityIndex, document: Document
) -> tuple[list[Title], list[EdgeRecord]]:
    titles = read_titles(doc, entities, index)
    known_body = {t.person.id: t.body for t in titles if t.body is not None}
    home = dominant_country(entities)
    edges: dict[tuple[str, str, str], EdgeRecord] = {}
    for t in titles:
        body = t.body or known_body.get(t.person.id)
        if body is None and t.role.lower().removeprefix("former ") in _national_titles():
            body = _home_in_sentence(home, t.mention)
        if t.role.lower() not in t.person.roles:
            t.person.roles.append(t.role.lower())
        if body is None:
            continue
        sent = t.mention.span.sent if t.mention.span is not None else None
        evidence = _evidence(document.id, sent)
        key = (t.person.id, body.id, t.relation)
        if key in edges:
            continue
        edges[key] = EdgeRecord(t.person.id, body.id, t.relation, role=t.role, evidence=[evidence])
    edges.update({(e.source, e.target, e.relation): e for e in _located_in(entities, document)})
    return titles, list(edges.values())


def _evidence(doc_id: str, sent: Span | None) -> Evidence:
    """The sentence and its offsets, both without the whitespace around it (blanked furniture)."""
    if sent is None:
        return Evidence(doc_id, "", 0, 0)
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return Evidence(doc_id, text.strip(), start, start + len(text.strip()))


def _located_in(entities: list[Entity], document: Document) -> list[EdgeRecord]:
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
    del document
    return out
