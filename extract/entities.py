"""Named-entity mentions -> one entity per real-world thing within a document."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from extract.ids import node_id
from graph.records import EntityRecord

_LABEL_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(slots=True)
class Mention:
    """One named span in the text, normalized."""

    text: str
    kind: str
    start: int  # character offsets in the document
    end: int
    span: Span | None = None


@dataclass(slots=True)
class Entity:
    """Mentions of one thing within a document."""

    kind: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return node_id(self.kind, self.label)

    def record(self) -> EntityRecord:
        aliases = sorted({m.text for m in self.mentions} | {self.label})
        return EntityRecord(
            id=self.id,
            kind=self.kind,
            label=self.label,
            aliases=aliases,
            mentions=len(self.mentions),
            attrs=dict(self.attrs),
        )


def normalize_name(text: str) -> str:
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    return _LEADING_THE.sub("", text).strip(" .,;:-\u2014")


def find_mentions(doc: Doc) -> list[Mention]:
    out = []
    for ent in doc.ents:
        kind = _LABEL_KINDS.get(ent.label_)
        if kind is None:
            continue
        text = normalize_name(ent.text)
        if not text or not any(c.isalpha() for c in text):
            continue
        out.append(Mention(text, kind, ent.start_char, ent.end_char, ent))
    return out


def group_mentions(mentions: Iterable[Mention]) -> list[Entity]:
    """Merge mentions of one thing: exact names, and a surname with the one full name it ends."""
    entities: dict[tuple[str, str], Entity] = {}
    for m in mentions:
        key = (m.kind, m.text.casefold())
        entities.setdefault(key, Entity(m.kind, m.text)).mentions.append(m)
    persons = [e for e in entities.values() if e.kind == "person" and len(e.label.split()) > 1]
    for key, entity in list(entities.items()):
        if entity.kind != "person" or len(entity.label.split()) != 1:
            continue
        full = [p for p in persons if p.label.split()[-1].casefold() == entity.label.casefold()]
        if len(full) == 1:
            full[0].mentions.extend(entity.mentions)
            del entities[key]
    return list(entities.values())


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
