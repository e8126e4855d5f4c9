"""Mentions -> one entity per real-world thing within a document, each with one kind.

Mentions with the same name are one thing, whatever kind the model gave each ("Yukos" as an
organization twice and a person once). The kind is a vote over the mentions: the model's labels, a
title before the name (a person's), the organization table and the words of the name ("... Bank"),
and the gazetteer, which outvotes the model only for names that are its own main names of big
places, never for an alternate name, a person's surname or first name, or a word of an
organization named in the same text ("Paris Hilton", "Adamu Bello" ... "Bello" stay people).
Then a bare surname or first name joins the one full name it belongs to, an acronym the name it
is defined for ("the Group of Seven (G7)"), and spelling variants share a key.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from extract.data import words
from extract.ids import node_id
from extract.mentions import Mention, Names, find_mentions
from extract.names import (
    bare_given_name,
    common_surname,
    generational_suffixes,
    given_name_first,
    normalize_name,
    organization_key,
    organization_name,
    person_key,
    person_shaped,
    styles,
    to_ascii,
    without_suffix,
)
from extract.organizations import (
    canonical_organization,
    headed_by_organization_word,
    looks_like_facility,
    looks_like_organization,
)
from extract.places import MIN_RELABEL_POPULATION, Place, gazetteer
from graph.records import EntityRecord
from graph.vocabulary import ENTITY_KINDS

__all__ = ["Entity", "EntityIndex", "Mention", "Names", "find_mentions", "group_mentions", "read_entities"]

_MODEL_VOTE = 1.0  # each mention the model labels
_TITLE_VOTE = 3.0  # a name after a title is a person's
_TABLE_VOTE = 3.0  # a name of the organization table
_ORG_WORD_VOTE = 2.0  # "... Bank", "University of ...", "... Inc."
_NAME_PART_VOTE = 2.0  # the surname or first name of a person the text names in full
_AREA_VOTE = 3.0  # a country, region, continent or sea of the gazetteer
_BIG_CITY_VOTE = 2.0
_CITY_VOTE = 1.0
_LOCATIVE_VOTE = 1.5  # "in Lyon", "near Donetsk": a known place after a locative preposition
_SUBJECT_VOTE = 1.5  # a name the gazetteer does not know, acting as a subject: not a place
_LIST_VOTE = 1.5  # shared by the kinds of the names listed with it
_NAME_SHAPE_VOTE = 1.5  # a given name or initials before a surname
_CUE_VOTE = 3.0  # the body of a company's or club's office, a name after "band", "firm", "charity"...
_STRONG_EVIDENCE = 2.0  # what a name must have besides the model's label to sway the names listed with it
_BIG_CITY = 1_000_000
_LOCATIVES = frozenset({"in", "near", "outside", "across", "around", "throughout", "into"})
# place nouns that a name in front of names something else too ("the Clinton camp", "Smith street")
_NOT_ALONE = frozenset({"camp", "street", "streets", "area", "centre", "center", "island", "capital"})


@dataclass(slots=True)
class Entity:
    """Mentions of one thing within a document."""

    kind: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)  # titles seen with the name ("president")

    @property
    def id(self) -> str:
        if self.kind == "person":  # the label keeps a generational suffix only to tell a son apart
            return node_id("person", person_key(self.label, keep_suffix=True))
        if self.kind == "organization":
            return node_id("organization", organization_key(self.label))
        return node_id(self.kind, self.label)

    def record(self) -> EntityRecord:
        named = [m for m in self.mentions if m.named]
        aliases = {m.text for m in named} | {m.surface for m in named if m.surface} | {self.label}
        return EntityRecord(
            id=self.id,
            kind=self.kind,
            label=self.label,
            aliases=sorted(aliases),
            mentions=len(named) or 1,
            attrs=dict(self.attrs),
        )


def read_entities(doc: Doc) -> tuple[list[Entity], Names]:
    """The entities a parsed document names, and what the names were read from."""
    names = find_mentions(doc)
    return group_mentions(names.mentions), names


def group_mentions(mentions: Iterable[Mention]) -> list[Entity]:
    """Merge mentions of one thing and give each thing one kind."""
    mentions = list(mentions)
    named = [m for m in mentions if m.named]
    groups: dict[str, list[Mention]] = defaultdict(list)
    plain = {_surface_key(m.text) for m in named if without_suffix(m.text) == m.text}
    for m in named:
        key = _surface_key(m.text)
        if without_suffix(m.text) != m.text and key in plain:
            key += " " + m.text.split()[-1].casefold()  # "Sergei Ivanov" and "Sergei Ivanov Jr.": two
        groups[key].append(m)
    parts = _name_parts(named)
    _join_organization_words(groups)
    org_words = {w for m in named if m.kind == "organization" and " " in m.text for w in m.text.split()}
    org_words |= {"=" + m.text for m in named if m.kind == "organization"}  # "=Mercedes": a name of its own
    entities: dict[tuple[str, str], Entity] = {}
    evidence = {key: _vote(group, parts, org_words)[2] for key, group in groups.items()}
    listed = _coordinated_kinds(groups, evidence)
    lowercase = _lowercase_words(named)
    for key, group in groups.items():
        if _work(group) or _common_word(group, lowercase):
            continue
        kind, place, _ = _vote(group, parts, org_words, listed.get(key))
        for m in group:
            m.kind, m.place = kind, place
        _add(
            entities,
            group,
            kind,
            place,
            keep_suffix=key.rsplit(" ", 1)[-1].rstrip(".") in generational_suffixes(),
        )
    for m in mentions:
        if not m.named and m.place is not None:  # a nationality word: its country
            _add(entities, [m], "place", m.place)
    _join_name_parts(entities)
    _drop_bare_given_names(entities)
    _join_acronyms(entities)
    # a nationality word alone ("Western European nations") does not make its country an entity
    return [e for e in entities.values() if any(m.named or _acts(m) for m in e.mentions)]


def _join_organization_words(groups: dict[str, list[Mention]]) -> None:
    """One word that ends the name of exactly one organization the text names in full, and is no
    place, known organization or part of a person's name there, is that organization ("Argentinas"
    of "Aguas Argentinas", "Lords" of "House of Lords"), whatever the model took it for; so is the
    first word ("Amnesty" of "Amnesty International") unless the model named it an organization or
    a place of its own ("Sony" beside "Sony Ericsson") and the rest of the name does not follow it
    ("Aguas" + "Argentinas" as the model split them)."""
    ends: dict[str, set[str]] = defaultdict(set)
    firsts: dict[str, set[str]] = defaultdict(set)
    for key, group in groups.items():
        words_ = key.split()
        if len(words_) > 1 and any(m.kind == "organization" for m in group):
            ends[words_[-1]].add(key)
            firsts[words_[0]].add(key)
    if not ends:
        return
    persons = _name_parts([m for k, g in groups.items() if k not in ends.get(k.split()[-1], ()) for m in g])
    for key in [k for k in groups if " " not in k]:
        text = groups[key][0].text
        if persons.get(person_key(text)) or gazetteer().lookup(text) is not None or text.isupper():
            continue
        if canonical_organization(text) is not None:
            continue
        # "Sony" beside "Sony Ericsson", "Yangtze" beside "Yangtze Electric": named apart
        named_apart = any(m.label in ("ORG", "GPE", "LOC") for m in groups[key])
        whole = ends.get(key, set()) | {
            k for k in firsts.get(key, ()) if not named_apart or _runs_into(groups[key], k)
        }
        if len(whole) == 1:
            groups[next(iter(whole))].extend(groups.pop(key))


def _runs_into(group: list[Mention], key: str) -> bool:
    """Every mention is followed by the next word of the name `key` begins with."""
    following = key.split()[1]
    return all(
        m.span is not None and m.span.end < len(m.span.doc) and m.span.doc[m.span.end].lower_ == following
        for m in group
    )


def _lowercase_words(mentions: list[Mention]) -> set[str]:
    """The words the document writes in lowercase."""
    doc = next((m.span.doc for m in mentions if m.span is not None), None)
    return {t.text for t in doc if t.is_lower} if doc is not None else set()


def _work(group: list[Mention]) -> bool:
    """A film, book or show ("the film Ray", "his novel Hotel"): no node. A name the text gives a
    person's title, a person's full name and a known organization stay whatever precedes them."""
    if not any(m.cue == "work" for m in group) or any(m.label == "TITLE" for m in group):
        return False
    text = max((m.text for m in group), key=len)
    return not person_shaped(text) and canonical_organization(text) is None


def _surface_key(text: str) -> str:
    """Mentions of one name, whatever kind the model gave them: case, dots, accents, legal form
    and generational suffix aside; an acronym keeps its case ("US" is not "Us")."""
    if text.isupper() and len(text.replace(".", "")) <= 5:
        return "=" + text.replace(".", "")
    return " ".join(to_ascii(organization_name(without_suffix(text))).casefold().replace(".", "").split())


def _name_parts(mentions: list[Mention]) -> dict[str, int]:
    """First names and surnames of the people named in full (folded; a surname of several words
    too: "el guerrouj", "von der leyen") -> how many such people."""
    counts: Counter[str] = Counter()
    full = {person_key(m.text) for m in mentions if m.kind == "person" and len(m.text.split()) > 1}
    for key in full:
        parts = key.split()
        counts.update({parts[0], *(" ".join(parts[i:]) for i in range(1, len(parts)))})
    return counts


def _coordinated_kinds(
    groups: dict[str, list[Mention]], evidence: dict[str, str | None]
) -> dict[str, Counter[str]]:
    """For each name, the kinds that the names listed with it ("Sberbank, Russian Agricultural
    Bank, Gazprom and Alrosa") have on evidence other than the model's label: a list names things
    of one kind."""
    at: dict[int, str] = {}
    doc = None
    for key, group in groups.items():
        for m in group:
            if m.span is not None:
                at[m.span.root.i], doc = key, m.span.doc
    out: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[int] = set()
    for i in sorted(at):
        if doc is None or i in seen:
            continue
        top = doc[i]
        while top.dep_ == "conj" and top.head != top:
            top = top.head
        members = _conjuncts(top)
        seen.update(members)
        keys = {at[m] for m in members if m in at}
        for key in keys:
            out[key].update(kind for other in keys - {key} if (kind := evidence.get(other)))
    return out


def _conjuncts(top: Token) -> set[int]:
    found, stack = {top.i}, [top]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.i not in found:
                found.add(child.i)
                stack.append(child)
    return found


def _vote(
    group: list[Mention], parts: dict[str, int], org_words: set[str], listed: Counter[str] | None = None
) -> tuple[str, Place | None, str | None]:
    """The kind of a group of same-name mentions, its place when it is one, and the kind that
    evidence other than the model's labels points to (None when there is none)."""
    votes: dict[str, float] = defaultdict(float)  # evidence besides the model's labels
    text = max((m.text for m in group), key=len)
    for m in group:
        if m.label == "TITLE":
            votes["person"] += _TITLE_VOTE
    # a last word that is also a common surname, after a given name, is a surname ("Charlotte
    # Church", "Nathan Lane"; not "Stata Labs", "Musselburgh Racecourse", "Downing Street")
    surname = common_surname(text.split()[-1]) and given_name_first(text)
    if canonical_organization(text) is not None:
        votes["organization"] += _TABLE_VOTE
    elif headed_by_organization_word(text) or (looks_like_organization(text) and not surname):
        votes["organization"] += _ORG_WORD_VOTE  # "Manchester United" as a place
    elif looks_like_facility(text) and not surname:
        votes["place"] += _ORG_WORD_VOTE  # "Woodhill Prison", "Heathrow Airport"
    elif _person_shaped(text, group) and "=" + text.split()[0] not in org_words:  # not "Mercedes Smart"
        votes["person"] += _NAME_SHAPE_VOTE
    single = len(text.split()) == 1
    if parts.get(person_key(text)) and text.split()[-1][:1].isupper():
        # the text names that person in full: each bare mention of the name is theirs
        votes["person"] += _NAME_PART_VOTE + _MODEL_VOTE * len(group)
    place = next((m.place for m in group if m.place is not None), None) or gazetteer().lookup(text)
    if place is not None:
        said_place = any(m.kind == "place" for m in group)
        if said_place or not (gazetteer().is_alternate(text) or (single and text in org_words)):
            votes["place"] += _place_weight(place)
    if any(m.cue == "organization" for m in group) and (place is None or place.kind == "city"):
        # "Chelsea boss", "rock band Korn" (for every mention of the name); not "England coach"
        votes["organization"] += _CUE_VOTE + _MODEL_VOTE * len(group)
    for m in group:
        _context_vote(m, votes, known_place=place is not None)
    strongest = max(ENTITY_KINDS, key=lambda k: votes[k])
    evidence = strongest if votes[strongest] >= _STRONG_EVIDENCE else None
    model = Counter(m.kind for m in group if m.label != "TITLE")
    total: dict[str, float] = {k: votes[k] + _MODEL_VOTE * model[k] for k in ENTITY_KINDS}
    if listed and sum(listed.values()) >= 2:
        for k, count in listed.items():
            total[k] += _LIST_VOTE * count / sum(listed.values())
    kind = max(ENTITY_KINDS, key=lambda k: (total[k], model[k], -ENTITY_KINDS.index(k)))
    return kind, place if kind == "place" else None, evidence


def _person_shaped(text: str, group: list[Mention]) -> bool:
    """ "S Jones", "M Lewis-Francis" whatever the model said; "Arjen Robben", "Carolina Kluft" where
    it took them for an organization, not a place ("Beverly Hilton", "Milton Keynes")."""
    parts = text.split()
    if not person_shaped(text) or gazetteer().lookup(parts[-1]) is not None:
        return False
    if not given_name_first(text):
        return True
    first = gazetteer().lookup(parts[0])  # "Asia Aid", not "Carolina Kluft"
    area = first is not None and first.kind != "city"
    return not area and not any(m.label in ("GPE", "LOC", "FAC") for m in group)


def _context_vote(m: Mention, votes: dict[str, float], *, known_place: bool) -> None:
    """What the sentence says of a name: "in Lyon" is a place; a name the gazetteer does not know
    that acts as a subject ("Gazprom said", "Sovcomflot was hit") is no place; a plural is no person
    ("the Lakers", "Law Lords")."""
    span = m.span
    if span is None or m.label == "TITLE":
        return
    root = span.root
    role = root
    while role.dep_ == "conj" and role.head != role:
        role = role.head
    if role.dep_ == "pobj" and role.head.lower_ in _LOCATIVES:
        votes["place"] += _LOCATIVE_VOTE if known_place else _LOCATIVE_VOTE / 2
    if _told_as_place(role):
        votes["place"] += _CUE_VOTE
    elif role.dep_ in ("nsubj", "nsubjpass") and not known_place and m.label in ("GPE", "LOC", "FAC"):
        votes["organization"] += _SUBJECT_VOTE
    plural = root.tag_ in ("NNS", "NNPS") and root.lower_.endswith("s")
    definite = span.start > 0 and span.doc[span.start - 1].lower_ == "the"
    if m.label == "PERSON" and plural and (len(span) == 1 or definite):  # not "Jeremy Irons"
        votes["organization"] += _SUBJECT_VOTE
    if root.dep_ in ("poss", "compound") and root.head.lower_ in words("organization_nouns.txt"):
        votes["organization"] += _MODEL_VOTE  # "Yukos's subsidiary", "Nestle shares"


def _told_as_place(name: Token) -> bool:
    """ "the town of Goma", "the streets of Tehran", "Kaduna state", "the Helmand region": a name
    a common noun for a kind of place (extract/data/place_nouns.txt) tells as one."""
    head = name.head
    if name.dep_ == "pobj" and head.lower_ == "of":
        return _place_noun(head.head, words("place_nouns.txt"))
    return name.dep_ in ("compound", "nmod") and _place_noun(head, words("place_nouns.txt") - _NOT_ALONE)


def _place_noun(word: Token, nouns: frozenset[str]) -> bool:
    return word.is_lower and word.pos_ == "NOUN" and (word.lower_ in nouns or word.lemma_ in nouns)


def _place_weight(place: Place) -> float:
    if place.kind != "city":  # a state or county of ISO 3166-2 weighs like a town ("Victoria", "Kent")
        return _AREA_VOTE if place.population else _CITY_VOTE
    if place.population >= _BIG_CITY:
        return _BIG_CITY_VOTE
    return _CITY_VOTE if place.population >= MIN_RELABEL_POPULATION else 0.0


def _add(
    entities: dict[tuple[str, str], Entity],
    group: list[Mention],
    kind: str,
    place: Place | None,
    *,
    keep_suffix: bool = False,
) -> None:
    text = max((m.text for m in group if m.named), key=len, default=group[0].text)
    if place is not None:
        key, label = place.name, place.name
    elif kind == "organization":
        label = canonical_organization(text) or organization_name(text)
        key = organization_key(label)
    elif kind == "person":
        label = text if keep_suffix else without_suffix(text)
        key = person_key(label, keep_suffix=True)
    else:
        label = normalize_name(text)
        key = label.casefold()
    entity = entities.get((kind, key))
    if entity is None:
        entity = entities[(kind, key)] = Entity(kind, label)
        if place is not None:
            entity.attrs.update(place.attrs())
    elif kind == "person" and len(label) > len(entity.label):
        entity.label = label
    entity.mentions.extend(group)


def _join_name_parts(entities: dict[tuple[str, str], Entity]) -> None:
    """A short name joins the one person named in full whose surname it is ("Guerrouj", "El
    Guerrouj", "Prince Saud" of "Hicham El Guerrouj", "Saud Al-Faisal"); failing that, a single
    word joins the one person whose first name it is, unless the text introduces it as someone
    else ("his son, Sergei"). With two such people it stays apart."""
    persons = [e for e in entities.values() if e.kind == "person"]
    for key, entity in sorted(entities.items(), key=lambda item: len(item[1].label)):
        if entity.kind != "person":
            continue
        words_ = person_key(_without_style(entity.label)).split()
        longer = [p for p in persons if p is not entity and len(person_key(p.label).split()) > len(words_)]
        full = [p for p in longer if person_key(p.label).split()[-len(words_) :] == words_]
        if not full and len(words_) == 1 and not any(_introduced(m) for m in entity.mentions):
            full = [p for p in longer if person_key(p.label).split()[0] == words_[0]]
        if len(full) == 1 and key in entities:
            full[0].mentions.extend(entity.mentions)
            del entities[key]
            persons.remove(entity)


def _without_style(label: str) -> str:
    """ "Prince Saud" -> "Saud": a style before a single name, for matching the name in full."""
    parts = label.split()
    return parts[1] if len(parts) == 2 and parts[0].casefold() in styles() else label


def _introduced(m: Mention) -> bool:
    """A first name the text says who it is: "his son, Sergei", "her daughter Lucy", "a boy named
    Sam", "Lucy, 25,"; not "rock star Ozzy"."""
    span = m.span
    if span is None:
        return False
    doc, kin = span.doc, words("kin_nouns.txt")
    if span.root.dep_ == "appos" and span.root.head.lower_ in kin:
        return True
    before = [t for t in doc[max(span.start - 2, 0) : span.start] if not t.is_punct]
    if before and (before[-1].lower_ in kin or before[-1].lower_ in ("named", "called")):
        return True
    return span.end + 2 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].like_num


def _drop_bare_given_names(entities: dict[tuple[str, str], Entity]) -> None:
    """A first name alone that joined no one named in full and that the text does not introduce
    ("Sheila said", "Brian"): who it is cannot be told, so it makes no node."""
    for key, entity in list(entities.items()):
        if entity.kind != "person" or " " in entity.label or not bare_given_name(entity.label):
            continue
        place = gazetteer().lookup(entity.label)
        if place is not None and place.kind != "city":
            continue  # "Devon", "Georgia": a region's name too
        if not any(_introduced(m) or m.label == "TITLE" for m in entity.mentions):
            del entities[key]


def _common_word(group: list[Mention], lowercase: set[str]) -> bool:
    """One word the text also writes in lowercase, capitalized only where a sentence or a heading
    starts ("Committee", "Budget", "Looking"): a common word, not a name."""
    text = group[0].text
    if " " in text or text.lower() not in lowercase:
        return False
    return all(m.span is not None and _sentence_first(m.span) for m in group)


def _sentence_first(span: Span) -> bool:
    i = span.start - 1
    while i >= 0 and (span.doc[i].is_punct or span.doc[i].is_space):
        i -= 1
    return i < span.sent.start


def _join_acronyms(entities: dict[tuple[str, str], Entity]) -> None:
    """ "the Group of Seven (G7)": a name followed by its acronym in brackets is one organization."""
    by_label = {e.label: key for key, e in entities.items() if e.kind == "organization"}
    for key, entity in list(entities.items()):
        if entity.kind != "organization" or key not in entities:
            continue
        for m in entity.mentions:
            span = m.span
            if span is None or span.end + 2 >= len(span.doc):
                continue
            doc = span.doc
            if doc[span.end].text == "(" and doc[span.end + 2].text == ")":
                acronym = doc[span.end + 1].text
                other_key = by_label.get(acronym)
                other = entities.get(other_key) if other_key else None
                if other is not None and other is not entity and acronym.isupper():
                    entity.mentions.extend(other.mentions)
                    del entities[other_key]  # type: ignore[arg-type]
                    break


def _acts(m: Mention) -> bool:
    """A nationality word that modifies a noun standing for its country ("Russian troops")."""
    span = m.span
    if span is None:
        return False
    head = span.root.head.lower_
    return head in words("proxy_nouns.txt") or head.removesuffix("s") in words("proxy_nouns.txt")


class EntityIndex:
    """Which entity a stretch of text refers to: the lookup facts and events use."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = list(entities)
        self._by_char: dict[int, Entity] = {}
        for entity in self.entities:
            for m in entity.mentions:
                for pos in range(m.start, m.end):
                    self._by_char.setdefault(pos, entity)

    def at(self, start: int, end: int | None = None) -> Entity | None:
        """The entity mentioned at character `start` (or anywhere in [start, end))."""
        for pos in range(start, end if end is not None and end > start else start + 1):
            found = self._by_char.get(pos)
            if found is not None:
                return found
        return None

    def for_token(self, token: Token) -> Entity | None:
        return self.at(token.idx, token.idx + len(token.text))
