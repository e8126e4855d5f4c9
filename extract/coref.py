"""Who a pronoun, a role noun or a speaker's "I" stands for, added as mentions of that entity.

Rules, not a model: "He" at a clause start is the person most recently named as a subject;
"the top U.S. diplomat" is the one person whose title the role noun names; in transcripts
("THE PRESIDENT:", "Aide to the President Yury Ushakov:") "I" and "we" are the labelled speaker.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from extract.entities import Entity, Mention, _table, fold_name
from extract.facts import Title
from graph.records import Document

_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "our", "us"})
_SPEAKER = re.compile(r"^(?P<label>(?:[A-Z][A-Za-z.'\-]*\s){0,6}[A-Z][A-Za-z.'\-]*):\s", re.MULTILINE)
_BYLINE_SPEAKER = re.compile(
    r"\b(?:remarks|statement|address|speech|interview|briefing|press conference)\s+(?:by|of|with)\s+"
    r"(?:the\s+)?(?P<who>[A-Z][\w.'\- ]{2,60})",
    re.IGNORECASE,
)
_LOOKBACK_SENTENCES = 3


@lru_cache(maxsize=1)
def _role_nouns() -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(row[1].split("|")) for row in _table("role_nouns.tsv")}


def _add(entity: Entity, token: Token) -> None:
    entity.mentions.append(
        Mention(token.text, entity.kind, token.idx, token.idx + len(token.text), None, named=False)
    )


def resolve_references(doc: Doc, entities: list[Entity], titles: list[Title], document: Document) -> None:
    persons = [e for e in entities if e.kind == "person"]
    if not persons:
        return
    by_start = {m.start: e for e in persons for m in e.mentions if m.named}
    _resolve_pronouns(doc, by_start)
    _resolve_role_nouns(doc, persons, titles)
    _resolve_speakers(doc, persons, document)


def _resolve_pronouns(doc: Doc, by_start: dict[int, Entity]) -> None:
    recent: list[tuple[int, Entity, bool]] = []  # (sentence number, person, was subject)
    for number, sent in enumerate(doc.sents):
        for token in sent:
            person = by_start.get(token.idx)
            if person is not None:
                head = token if token.dep_ in ("nsubj", "nsubjpass") else token.head
                subject = token.dep_ in ("nsubj", "nsubjpass") or (
                    head.dep_ in ("nsubj", "nsubjpass") and token.ent_iob_ != "O"
                )
                recent.append((number, person, subject))
            elif token.lower_ in _PRONOUNS and token.pos_ == "PRON" and not _in_quote(token):
                window = [(n, p, s) for n, p, s in recent if number - n <= _LOOKBACK_SENTENCES]
                subjects = [p for n, p, s in window if s and n < number] or [p for _, p, _ in window]
                if subjects:
                    _add(subjects[-1], token)


def _in_quote(token: Token) -> bool:
    before = token.doc.text[token.sent.start_char : token.idx]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


def _resolve_role_nouns(doc: Doc, persons: list[Entity], titles: list[Title]) -> None:
    roles = _role_nouns()
    for chunk in doc.noun_chunks:
        if chunk[0].lower_ != "the" or len(chunk) > 6:
            continue
        words = [t for t in chunk[1:] if t.ent_type_ not in ("GPE", "NORP", "ORG") and t.pos_ != "PUNCT"]
        phrase = " ".join(t.lower_ for t in words)
        wanted = roles.get(phrase)
        if wanted is None:
            continue
        country = next((t for t in chunk if t.ent_type_ in ("GPE", "NORP")), None)
        candidates = [
            t.person
            for t in titles
            if t.role.lower().removeprefix("former ") in wanted
            and not t.role.lower().startswith("former")
            and (country is None or t.body is None or _same_place(t.body, country))
        ]
        unique = {p.id: p for p in candidates}
        if len(unique) == 1:
            _add(next(iter(unique.values())), chunk.root)


def _same_place(body: Entity, token: Token) -> bool:
    from extract.places import gazetteer

    place = gazetteer().lookup(token.text) or gazetteer().demonym(token.text)
    return place is not None and body.label == place.name


def _resolve_speakers(doc: Doc, persons: list[Entity], document: Document) -> None:
    """Transcripts: the labelled speaker is "I" and "we" until the next label."""
    text = doc.text
    labels = list(_SPEAKER.finditer(text))
    if not labels:
        return
    byline = _BYLINE_SPEAKER.search(document.title or text[:300])
    host = _person_named(byline.group("who"), persons) if byline else None
    spans: list[tuple[int, int, Entity]] = []
    for i, match in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        speaker = _person_named(match.group("label"), persons) or (
            host if match.group("label").isupper() else None
        )
        if speaker is not None:
            spans.append((match.end(), end, speaker))
    for start, end, speaker in spans:
        chunk = doc.char_span(start, end, alignment_mode="contract")
        if chunk is None:
            continue
        for token in chunk:
            if token.lower_ in _FIRST_PERSON and token.pos_ == "PRON":
                _add(speaker, token)


def _person_named(words: str, persons: list[Entity]) -> Entity | None:
    folded = set(fold_name(words).split())
    hits = [p for p in persons if fold_name(p.label).split()[-1] in folded]
    return hits[0] if len(hits) == 1 else None
