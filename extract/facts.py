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

from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extract.data import words
from extract.entities import Entity, EntityIndex, Mention
from extract.titles import TitlePhrase, apposition_after, appositions, implied_country, title_names
from graph.records import Document, EdgeRecord, Evidence

__all__ = ["Title", "body_fits", "dominant_country", "extract_facts", "fits", "read_titles"]

_DOMINANCE = 1.5  # the top country needs this many times the runner-up's mentions
_STRONG_DOMINANCE = 2.5  # ... for a minister in a sentence that names no country
_MAX_TITLE_WORDS = 3  # "top diplomat", "foreign minister" after a country's name
_PREDICATIVE_REACH = 12  # tokens back from "as <title>" to the name it describes
_PLACE_NOUNS = words("facility_words.txt") | {
    "camp",
    "village",
    "town",
    "city",
    "district",
    "region",
    "province",
}
_DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "greater",
    }
)


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
    openers = appositions(phrases)
    found: list[Title] = []
    for person in (e for e in entities if e.kind == "person"):
        for m in person.mentions:
            if not m.named or m.span is None:
                continue
            for phrase in (m.title, apposition_after(doc, m.span.end, openers)):
                if phrase is None:
                    continue
                body = _body(doc, index, phrase, person) or _body_after_name(doc, index, m, person)
                found.append(Title(person, phrase.role, phrase.relation, body, m, phrase.scope))
    found += _predicative(doc, index, phrases)
    return found


def _predicative(doc: Doc, index: EntityIndex, phrases: list[TitlePhrase]) -> list[Title]:
    """ "<name> ... as <title>": "a problem for Charles Clarke on his first day as home secretary"
    gives the title to the nearest person named before "as" in the sentence."""
    out = []
    for phrase in phrases:
        if phrase.start == 0 or doc[phrase.start - 1].lower_ != "as" or not phrase.relation:
            continue
        if phrase.end < len(doc) and doc[phrase.end].dep_ in ("nsubj", "nsubjpass"):
            continue  # "as home secretary he gave": the subject after it holds the title
        sent_start = doc[phrase.start].sent.start
        for i in range(phrase.start - 2, max(sent_start, phrase.start - _PREDICATIVE_REACH) - 1, -1):
            person = index.for_token(doc[i])
            if person is None or person.kind != "person":
                continue
            mention = next((m for m in person.mentions if m.start <= doc[i].idx < m.end), None)
            if mention is not None and mention.named:
                body = _body(doc, index, phrase, person)
                out.append(Title(person, phrase.role, phrase.relation, body, mention, phrase.scope))
            break
    return out


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


def dominant_country(entities: list[Entity], *, ratio: float = _DOMINANCE) -> Entity | None:
    """The country an article is about: clearly the most mentioned one (`ratio` times the next)."""
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
    if (len(ranked) == 1 and ranked[0][1] > 1) or (len(ranked) > 1 and ranked[0][1] >= ratio * ranked[1][1]):
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


def _may_hold(role: str, home: Entity | None) -> bool:
    """An office only one country has ("Foreign Secretary") is no other country's."""
    code = implied_country(role)
    return home is not None and (code is None or home.attrs.get("country_code") == code)


def _counterparts(doc: Doc, entities: list[Entity], offices: list[Title]) -> list[Title]:
    """ "Mr Blair met his Israeli counterpart, Ariel Sharon": the holder of the owner's national
    office (one the text ties to a country) in the country named with "counterpart"; whose
    counterpart, and of which country, the text must say."""
    found: list[Title] = []
    index: EntityIndex | None = None
    for token in doc:
        if token.lower_ != "counterpart":
            continue
        index = index or EntityIndex(entities)  # with the pronouns coreference added
        owner = next((index.for_token(c) for c in token.children if c.dep_ == "poss"), None)
        country = next(
            (
                e
                for c in token.children
                if c.dep_ in ("amod", "compound") and (e := index.for_token(c)) is not None
            ),
            None,
        )
        holder_token = next((c for c in token.children if c.dep_ == "appos"), None)
        if holder_token is None and token.dep_ == "appos":
            holder_token = token.head
        holder = index.for_token(holder_token) if holder_token is not None else None
        if owner is None or holder is None or country is None or holder is owner:
            continue
        if owner.kind != "person" or holder.kind != "person" or country.attrs.get("place_type") != "country":
            continue
        office = next((t for t in offices if t.person is owner and t.body is not country), None)
        mention = next((m for m in holder.mentions if m.start <= holder_token.idx < m.end), None)  # type: ignore[union-attr]
        if office is not None and mention is not None:
            found.append(Title(holder, office.role, office.relation, country, mention, office.scope))
    return found


def _home_in_sentence(
    home: Entity | None, mention: Mention, entities: list[Entity], *, alone: bool = False
) -> Entity | None:
    """The article's country, when the sentence with the bare title speaks of it, and the country
    named last before the title is no other ("he flew in from the United States, where he met
    President George W Bush" in a story from Britain: no fact). A country named as the body of
    another title ("the top U.S. diplomat will meet President Zelenskiy") does not count. With
    `alone` (a minister in a story about one country far more than any other: "Planning Minister
    Julio De Vido" in a story about Argentina) a sentence that names no country will do."""
    if home is None or mention.span is None:
        return None
    sent = mention.span.sent
    named = [
        (m.start, e.id)
        for e in entities
        if e.attrs.get("place_type") == "country"
        for m in e.mentions
        if sent.start_char <= m.start < sent.end_char and not _owns_title(m)
    ]
    if not named and alone:
        return home
    if home.id not in {country for _, country in named}:
        return None
    before = [(start, country) for start, country in named if start < mention.start]
    return home if not before or max(before)[1] == home.id else None


def _owns_title(m: Mention) -> bool:
    """A country named as the body of a title of its own ("the top U.S. diplomat", "Russia's
    president"): it speaks of that title's holder, not of the one in question."""
    if m.span is None:
        return False
    doc, i = m.span.doc, m.span.end
    if i < len(doc) and doc[i].text in ("'s", "\u2019s"):
        i += 1
    following = [t.lower_ for t in doc[i : i + _MAX_TITLE_WORDS]]
    if following and following[0] in ("counterpart", "counterparts"):
        return True  # "his French counterpart"
    return any(" ".join(following[:k]) in title_names() for k in range(1, len(following) + 1))


def fits(title: Title, body: Entity) -> bool:
    """Whether a title can hold a fact with this body: a company's or club's office has no country
    or region for body ("England coach"), and only a national office or a head ("leader",
    "head") leads a country ("the Indian director" leads no country)."""
    place_type = body.attrs.get("place_type") if body.kind == "place" else None
    if title.scope == "organization" and place_type in ("country", "region"):
        return False
    if title.relation == "leader_of" and place_type == "country" and title.scope != "country":
        return title.role.lower().split()[-1] in words("generic_heads.txt")
    return True


def body_fits(scope: str, body: Entity) -> bool:
    """A body the text gives with another title (or a reference) suits this one: a national office
    belongs to a place, a company's or club's to an organization ("Prime Minister" does not head
    "the Catholic Church" because its head is named)."""
    if scope == "country":
        return body.kind == "place"
    return body.kind == "organization" if scope == "organization" else True


def extract_facts(
    doc: Doc, entities: list[Entity], titles: list[Title], index: EntityIndex, document: Document
) -> list[EdgeRecord]:
    """leader_of / member_of edges from the titles read; located_in edges from the text and the gazetteer."""
    edges: dict[tuple[str, str, str], EdgeRecord] = {}
    offices = _title_facts(titles, entities, document, edges)
    _title_facts(_counterparts(doc, entities, offices), entities, document, edges)
    edges.update({(e.source, e.target, e.relation): e for e in _located_in(doc, entities, index, document)})
    return list(edges.values())


def _title_facts(
    titles: list[Title],
    entities: list[Entity],
    document: Document,
    edges: dict[tuple[str, str, str], EdgeRecord],
) -> list[Title]:
    """Add an edge for each title whose body the text gives or implies; return the national offices
    with the country each was found to belong to."""
    known: dict[str, list[Entity]] = defaultdict(list)  # a person's bodies named with any title
    for t in titles:
        if t.body is not None and t.relation:
            known[t.person.id].append(t.body)
    home = dominant_country(entities)
    strong = home is not None and dominant_country(entities, ratio=_STRONG_DOMINANCE) is home
    offices = []
    for t in titles:
        if t.role.lower() not in t.person.roles:
            t.person.roles.append(t.role.lower())
        if not t.relation:
            continue
        inferred = [*known[t.person.id], _implied_body(t.role, entities)]
        if t.body is not None:
            body = t.body if fits(t, t.body) else None
        else:
            body = next((b for b in inferred if b is not None and fits(t, b) and body_fits(t.scope, b)), None)
        if body is None and t.body is None and t.scope == "country" and _may_hold(t.role, home):
            body = _home_in_sentence(home, t.mention, entities, alone=t.relation == "member_of" and strong)
        if body is None:
            continue
        if t.scope == "country" and body.attrs.get("place_type") == "country":
            offices.append(Title(t.person, t.role, t.relation, body, t.mention, t.scope))
        sent = t.mention.span.sent if t.mention.span is not None else None
        key = (t.person.id, body.id, t.relation)
        if key not in edges:
            edges[key] = EdgeRecord(
                t.person.id, body.id, t.relation, role=t.role, evidence=[_evidence(document.id, sent)]
            )
    return offices


def _evidence(doc_id: str, sent: Span | None) -> Evidence:
    """The sentence and its offsets, both without the whitespace around it (blanked furniture)."""
    if sent is None:
        return Evidence(doc_id, "", 0, 0)
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return Evidence(doc_id, text.strip(), start, start + len(text.strip()))


def _located_in(doc: Doc, entities: list[Entity], index: EntityIndex, document: Document) -> list[EdgeRecord]:
    """A place in a bigger one: from the text ("Belmarsh prison, south London", "a camp in Darfur,
    Sudan") or from the gazetteer (a city or region in a country the document names)."""
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
        for m in e.mentions:
            container = _container(doc, index, m, e)
            if container is not None:
                sent = m.span.sent if m.span is not None else None
                evidence = [_evidence(document.id, sent)]
                out.append(
                    EdgeRecord(e.id, container.id, "located_in", evidence=evidence, attrs={"basis": "text"})
                )
    return out


def _may_contain(inner: Entity, outer: Entity) -> bool:
    """The gazetteer does not contradict that `outer` holds `inner`: it knows one of them, and where
    both have a country it is the same one ("Belmarsh prison, south London" yes; "Humphreys,
    Dempsey" from a team sheet, or "Paris, Ireland", no)."""
    if "place_type" not in outer.attrs and "place_type" not in inner.attrs:
        return False
    inner_code, outer_code = inner.attrs.get("country_code"), outer.attrs.get("country_code")
    return inner_code is None or outer_code is None or inner_code == outer_code


def _container(doc: Doc, index: EntityIndex, m: Mention, place: Entity) -> Entity | None:
    """ "<place>, <bigger place>": a comma, a few lowercase words of direction, then a place that
    ends the phrase and is no list ("Belmarsh prison, south London"; not "Kyiv, Kharkiv and Odesa")."""
    if not m.named or m.span is None:
        return None
    i = m.span.end
    while i < len(doc) and doc[i].is_lower and doc[i].lower_ in _PLACE_NOUNS:
        i += 1  # "Belmarsh prison, south London"
    if i + 1 >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    while i < len(doc) and doc[i].is_lower and doc[i].lower_ in _DIRECTIONS:
        i += 1
    found = index.for_token(doc[i]) if i < len(doc) else None
    if found is None or found is place or found.kind != "place":
        return None
    inner, outer = place.attrs.get("place_type"), found.attrs.get("place_type")
    if outer == "city" and inner in ("city", "region", "country", "continent", "sea"):
        return None
    if not _may_contain(place, found):
        return None  # "the draw in Paris, Ireland face ...": Paris is in France
    end = next((j for j in range(i, len(doc)) if index.for_token(doc[j]) is not found), len(doc))
    if end < len(doc) and doc[end].lower_ in ("and", "or", "&"):
        return None  # a list of places
    following = index.for_token(doc[end + 1]) if end + 1 < len(doc) and doc[end].text == "," else None
    if following is not None and following.kind == "place":
        return None  # "Kyiv, Kharkiv, Odesa"
    return found
