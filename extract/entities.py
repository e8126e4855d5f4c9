"""Named-entity mentions -> one entity per real-world thing within a document.

Mentions come from spaCy's NER; the gazetteer corrects the kind of place names the model takes for
people or organizations ("Kyiv" as a person) and gives places their canonical name; spelling
variants of one name share a key ("Zelenskiy" / "Zelenskyy" / "Zelensky"); a bare surname joins
the one full name it ends; nationality words stand for their country when they act.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extract.ids import node_id
from extract.places import MIN_RELABEL_POPULATION, Place, gazetteer
from graph.names import fold_name
from graph.records import EntityRecord

_LABEL_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
_NAME_LABELS = frozenset({*_LABEL_KINDS, "NORP"})
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")  # "EmmanuelPresident": two words a scraper joined
# transliteration variants of one name: Zelenskiy / Zelenskyy / Zelensky, Yury / Yuriy
_MATCH_CITY_POPULATION = 1_000_000  # cities matched in text even where the NER missed them
_TRANSLIT_ENDINGS = re.compile(r"(?:iy|yy|yi|ii|ij)$")


@dataclass(slots=True)
class Mention:
    """One stretch of text that refers to an entity."""

    text: str
    kind: str
    start: int  # character offsets in the document
    end: int
    span: Span | None = None
    named: bool = True  # False for a pronoun, role noun or nationality word: not an alias
    place: Place | None = None


@dataclass(slots=True)
class Entity:
    """Mentions of one thing within a document."""

    kind: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)  # titles seen with the name ("President")

    @property
    def id(self) -> str:
        if self.kind == "person":
            return node_id("person", fold_name(self.label))
        return node_id(self.kind, self.label)

    def record(self) -> EntityRecord:
        aliases = sorted({m.text for m in self.mentions if m.named} | {self.label})
        count = sum(1 for m in self.mentions if m.named) or 1
        return EntityRecord(
            id=self.id,
            kind=self.kind,
            label=self.label,
            aliases=aliases,
            mentions=count,
            attrs=dict(self.attrs),
        )


def normalize_name(text: str) -> str:
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    return _LEADING_THE.sub("", text).strip(" .,;:-\u2014\"'\u201c\u201d")


@cache
def _table(filename: str) -> list[list[str]]:
    text = resources.files("extract.data").joinpath(filename).read_text("utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def organization_names() -> dict[str, str]:
    """Any known name of an organization (casefolded, no dots) -> its canonical label."""
    return {_org_key(name): row[0] for row in _table("organizations.tsv") for name in _names_in_row(row)}


def _names_in_row(row: list[str]) -> list[str]:
    return [row[0], *(row[1].split("|") if len(row) > 1 and row[1] else [])]


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every word of every title, lowercased: to strip "President" from "President Joe Biden"."""
    return frozenset(w for row in _table("titles.tsv") for w in row[0].split())


def _org_key(name: str) -> str:
    return _LEADING_THE.sub("", name).replace(".", "").casefold().strip()


def _strip_titles(text: str, *, after_of: bool = False) -> str:
    """ "President of Ukraine Volodymyr Zelenskyy" -> "Volodymyr Zelenskyy". `after_of`: the name
    follows "<title> of" in the text, so a leading place is the office's ("of | Ukraine Volodymyr ...")."""
    words = text.split()
    titles = title_words() | {"former", "mr", "mrs", "ms", "dr"}
    last = "of" if after_of else ""
    while len(words) > 1:
        if words[0].casefold().rstrip(".") in titles:
            last = words[0].casefold()
            words = words[1:]
        elif last == "of" and (size := _leading_place(words)):
            last = ""
            words = words[size:]
        else:
            break
    return " ".join(words)


def _leading_place(words: list[str]) -> int:
    """How many leading words (not all of them) name a place: "United States Joseph Biden" -> 2."""
    for size in (3, 2, 1):
        if len(words) > size and gazetteer().lookup(" ".join(words[:size])) is not None:
            return size
    return 0


def _after_title_of(ent: Span) -> bool:
    """The span follows "<title> of": "President of [Ukraine Volodymyr Zelenskyy]"."""
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in title_words()


def _office_holder(ent: Span) -> tuple[Span, Span] | None:
    """A person or organization span after "<title> of" that is the office's body and then a
    name: "President of [Ukraine Volodymyr Zelenskyy]" -> (Ukraine, Volodymyr Zelenskyy); "the
    chief executive of [Siemens, Roland Busch]" -> (Siemens, Roland Busch)."""
    if ent.label_ not in ("PERSON", "ORG") or not _after_title_of(ent):
        return None
    comma = next((t.i - ent.start for t in ent if t.text == ","), None)
    if comma is not None:  # "<title> of <body>, <name>": an apposition the model read as one name
        office, name = ent[:comma], ent[comma + 1 :]
        return (office, name) if len(office) and _looks_like_name(name) else None
    for size in (3, 2, 1):
        name = ent[size:]
        if not _looks_like_name(name):
            continue
        office = ent[:size]
        if gazetteer().lookup(office.text) is not None and _org_key(name.text) not in organization_names():
            return office, name
    return None


def _looks_like_name(span: Span) -> bool:
    return len(span) >= 2 and all(t.is_title and t.is_alpha for t in span)


def _name_after_office(doc: Doc, ent: Span) -> Span | None:
    """The name the model left untagged after "<title> of <body>": "President of [Ukraine]
    Volodymyr Zelenskyy" -> Volodymyr Zelenskyy."""
    end = ent.end
    while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper() and not doc[end].ent_type_:
        end += 1
    if end - ent.end < 2 or doc[ent.end].lower_ in title_words():
        return None
    return doc[ent.end : end]


def _person_name(text: str, *, after_of: bool = False) -> str:
    """A person's name without leading titles or the debris of a scraped speaker line:
    "Emmanuel Macron Macron EmmanuelPresident" (name, name again reversed, glued to a title) ->
    "Emmanuel Macron"."""
    words = _strip_titles(text, after_of=after_of).split()
    titles = title_words()
    for i, word in enumerate(words):
        parts = _GLUED.split(word)
        if len(parts) > 1 and parts[1].casefold() in titles:
            words = [*words[:i], parts[0]]
            break
    half = len(words) // 2
    if len(words) >= 4 and len(words) % 2 == 0 and words[half:] in (words[:half], words[:half][::-1]):
        words = words[:half]
    return " ".join(words)


def _part_of_title(ent: Span) -> bool:
    """ "Secretary of State": the model tags "State" as an organization."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ != "of":
        return False
    phrase = f"{doc[ent.start - 2].lower_} of {ent.text.lower()}"
    return any(row[0] == phrase or row[0].endswith(" " + phrase) for row in _table("titles.tsv"))


@lru_cache(maxsize=4)
def _place_matcher(vocab: Vocab) -> PhraseMatcher:
    names = gazetteer().surface_names(min_city_population=_MATCH_CITY_POPULATION)
    return _name_matcher(vocab, "PLACE", [n for n in names if n[:1].isupper()])


@lru_cache(maxsize=4)
def _organization_matcher(vocab: Vocab) -> PhraseMatcher:
    names = {_LEADING_THE.sub("", n) for row in _table("organizations.tsv") for n in _names_in_row(row)}
    return _name_matcher(vocab, "ORG", sorted(n for n in names if n[:1].isupper()))


def _name_matcher(vocab: Vocab, label: str, names: list[str]) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="ORTH")
    tokenizer = English(vocab=vocab).tokenizer  # tokens as the pipeline makes them ("U.S.")
    matcher.add(label, [tokenizer(n) for n in names])
    return matcher


def _missed_names(doc: Doc, matcher: PhraseMatcher) -> list[Span]:
    """Table names the NER did not tag as a name ("near Luhansk and Donetsk", "the Group of
    Seven", where the model saw only a number)."""
    taken = {i for ent in doc.ents if ent.label_ in _NAME_LABELS for i in range(ent.start, ent.end)}
    spans = [Span(doc, start, end) for _, start, end in matcher(doc)]
    return [s for s in filter_spans(spans) if not any(i in taken for i in range(s.start, s.end))]


def find_mentions(doc: Doc) -> list[Mention]:
    gaz = gazetteer()
    out = []
    for span in _missed_names(doc, _place_matcher(doc.vocab)):
        place = gaz.lookup(span.text)
        if place is not None:
            out.append(Mention(span.text, "place", span.start_char, span.end_char, span, place=place))
    for span in _missed_names(doc, _organization_matcher(doc.vocab)):
        out.append(Mention(span.text, "organization", span.start_char, span.end_char, span))
    for ent in doc.ents:
        label = ent.label_
        if label in ("GPE", "ORG", "LOC") and _after_title_of(ent):
            name = _name_after_office(doc, ent)
            if name is not None:  # "President of Ukraine Volodymyr Zelenskyy": the model saw only Ukraine
                text = _person_name(name.text)
                out.append(Mention(text, "person", name.start_char, name.end_char, name))
        held = _office_holder(ent)
        if held is not None:  # "President of [Ukraine Volodymyr Zelenskyy]": a place, then a person
            office, holder = held
            place = gaz.lookup(office.text)
            text = normalize_name(office.text)
            kind_ = "place" if place is not None else "organization"
            out.append(Mention(text, kind_, office.start_char, office.end_char, office, place=place))
            out.append(Mention(holder.text, "person", holder.start_char, holder.end_char, holder))
            continue
        if label == "NORP" or gaz.demonym(ent.text) is not None:
            place = gaz.demonym(ent.text)
            if place is not None:
                out.append(
                    Mention(ent.text, "place", ent.start_char, ent.end_char, ent, named=False, place=place)
                )
            continue
        kind = _LABEL_KINDS.get(label)
        if kind is None or _part_of_title(ent):
            continue
        text = normalize_name(ent.text)
        if kind == "person":
            text = _person_name(text, after_of=_after_title_of(ent))
        if not text or not any(c.isalpha() for c in text) or len(text) > 120:
            continue
        place = gaz.lookup(text)
        if place is not None and kind != "place":
            # the model's systematic errors: "Kyiv" as a person, "Crimea" as an organization
            big = place.kind != "city" or place.population >= MIN_RELABEL_POPULATION
            kind = "place" if big and _org_key(text) not in organization_names() else kind
        if kind == "organization" and text.islower():
            continue
        out.append(
            Mention(text, kind, ent.start_char, ent.end_char, ent, place=place if kind == "place" else None)
        )
    return out


def _entity_key(m: Mention) -> tuple[str, str]:
    if m.place is not None:
        return ("place", m.place.name)
    if m.kind == "organization":
        canonical = organization_names().get(_org_key(m.text))
        return ("organization", canonical or m.text)
    if m.kind == "person":
        return ("person", fold_name(m.text))
    return (m.kind, m.text.casefold())


def group_mentions(mentions: Iterable[Mention]) -> list[Entity]:
    """Merge mentions of one thing: same canonical name, and a surname with the full name it ends."""
    mentions = list(mentions)
    entities: dict[tuple[str, str], Entity] = {}
    surnames = {fold_name(m.text).split()[-1] for m in mentions if m.kind == "person" and " " in m.text}
    bare = {fold_name(m.text) for m in mentions if m.kind == "person" and " " not in m.text}
    for m in mentions:
        if m.kind != "person" and m.named and m.place is None and _names_person(m.text, surnames, bare):
            m.kind = "person"
        if m.kind == "place" and m.place is None:
            m.place = gazetteer().lookup(m.text)
        key = _entity_key(m)
        entity = entities.get(key)
        if entity is None:
            label = m.place.name if m.place else (key[1] if m.kind == "organization" else m.text)
            entity = entities[key] = Entity(m.kind, label)
            if m.place is not None:
                entity.attrs.update(m.place.attrs())
        entity.mentions.append(m)
        if m.kind == "person" and len(m.text) > len(entity.label):
            entity.label = m.text
    _join_surnames(entities)
    _join_acronyms(entities)
    # a nationality word alone ("Western European nations") does not make its country an entity
    return [e for e in entities.values() if any(m.named or _acts(m) for m in e.mentions)]


def _names_person(text: str, surnames: set[str], bare: set[str]) -> bool:
    """ "Blinken" tagged as a place, or "Volodymyr Zelenskyy" as an organization, where the text
    names that person elsewhere."""
    words = fold_name(text).split()
    if len(words) == 1:
        return words[0] in surnames
    capitalized = all(w[:1].isupper() for w in text.split())
    return capitalized and len(words) <= 3 and (words[-1] in bare or words[-1] in surnames)


def _join_surnames(entities: dict[tuple[str, str], Entity]) -> None:
    persons = [e for e in entities.values() if e.kind == "person" and len(e.label.split()) > 1]
    for key, entity in list(entities.items()):
        if entity.kind != "person" or len(entity.label.split()) != 1:
            continue
        surname = fold_name(entity.label)
        full = [p for p in persons if fold_name(p.label).split()[-1] == surname]
        if len(full) == 1:
            full[0].mentions.extend(entity.mentions)
            del entities[key]


def _join_acronyms(entities: dict[tuple[str, str], Entity]) -> None:
    """ "the Group of Seven (G7)": a name followed by its acronym in brackets is one organization."""
    for entity in list(entities.values()):
        if entity.kind != "organization":
            continue
        for m in entity.mentions:
            span = m.span
            if span is None or span.end + 2 >= len(span.doc):
                continue
            doc = span.doc
            if doc[span.end].text == "(" and doc[span.end + 2].text == ")":
                acronym = doc[span.end + 1].text
                other = entities.get(("organization", acronym))
                if other is not None and other is not entity and acronym.isupper():
                    entity.mentions.extend(other.mentions)
                    del entities[("organization", acronym)]
                    break


def _acts(m: Mention) -> bool:
    """A nationality word that modifies a noun standing for its country ("Russian troops")."""
    span = m.span
    if span is None:
        return False
    head = span.root.head.lower_
    return head in proxy_nouns() or head.removesuffix("s") in proxy_nouns()


@lru_cache(maxsize=1)
def proxy_nouns() -> frozenset[str]:
    text = resources.files("extract.data").joinpath("proxy_nouns.txt").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


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
