"""Who a pronoun, a title used alone or a speaker's "I" stands for, added as mentions of that entity.

Rules, not a model: "said the President of Ukraine", "the Head of State noted", "the Chinese
leader", "the top U.S. diplomat" stand for the one person the document gives a title they cover
(extract/data/role_nouns.tsv), of the same body where both name one, never for the country; "He" at
a clause start is the person most recently named as a subject (or so referred to); in transcripts
("THE PRESIDENT:", "Aide to the President Yury Ushakov:") "I" and "we" are the labelled speaker.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from extract.data import rows
from extract.entities import Entity, EntityIndex, Mention
from extract.facts import Title, body_fits
from extract.names import person_key
from extract.titles import TitlePhrase
from graph.records import Document

__all__ = ["resolve_references"]

_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "our", "us"})
_SPEAKER = re.compile(r"^(?P<label>(?:[A-Z][A-Za-z.'\-]*\s){0,6}[A-Z][A-Za-z.'\-]*):\s", re.MULTILINE)
_BYLINE_SPEAKER = re.compile(
    r"\b(?:remarks|statement|address|speech|interview|briefing|press conference)\s+(?:by|of|with)\s+"
    r"(?:the\s+)?(?P<who>[A-Z][\w.'\- ]{2,60})",
    re.IGNORECASE,
)
_LOOKBACK_SENTENCES = 3
_SUBJECT_REACH = 3  # compound and apposition links from a name up to the subject it belongs to
_SALIENCE = 2  # how many times more than anyone else the one untitled person must be named


@cache
def _covers() -> dict[str, frozenset[str]]:
    """A title used alone -> the titles it covers (itself included)."""
    table = {row[0]: frozenset({row[0], *row[1].split("|")}) for row in rows("role_nouns.tsv")}
    return table


def _covered(title: str) -> frozenset[str]:
    key = _plain(title)
    return _covers().get(key, frozenset({key}))


def _plain(title: str) -> str:
    return " ".join(title.lower().removeprefix("former ").replace("-", " - ").split()).replace(" - ", "-")


def _add(entity: Entity, token: Token) -> None:
    entity.mentions.append(
        Mention(token.text, entity.kind, token.idx, token.idx + len(token.text), None, named=False)
    )


def resolve_references(
    doc: Doc,
    entities: list[Entity],
    titles: list[Title],
    references: list[TitlePhrase],
    document: Document,
    index: EntityIndex,
) -> list[Title]:
    """Add the mentions that pronouns, titles used alone and transcript speakers make; return the
    titles those role references give their holders (with a body the title had not named)."""
    persons = [e for e in entities if e.kind == "person"]
    if not persons:
        return []
    found = _resolve_roles(doc, titles, references, index, persons)
    by_start = {m.start: e for e in persons for m in e.mentions if m.named or m.title is not None}
    _resolve_pronouns(doc, by_start)
    _resolve_speakers(doc, persons, document)
    return found


def _resolve_roles(
    doc: Doc, titles: list[Title], references: list[TitlePhrase], index: EntityIndex, persons: list[Entity]
) -> list[Title]:
    out = []
    untitled = [p for p in persons if p.id not in {t.person.id for t in titles}]
    for ref in references:
        body = _body(doc, ref, index)
        covered = _covered(ref.title)
        holders = {
            t.person.id: t
            for t in titles
            if _plain(t.role) in covered
            and t.role.lower().startswith("former") == ref.former
            and (body is None or (t.body.id == body.id if t.body is not None else body_fits(t.scope, body)))
        }
        span = doc[ref.start : _title_end(ref)]
        mention = Mention(span.text, "person", span.start_char, span.end_char, span, named=False, title=ref)
        if len(holders) == 1:
            title = next(iter(holders.values()))
            title.person.mentions.append(mention)
            if body is not None and title.body is None:
                out.append(Title(title.person, ref.title, ref.relation, body, mention, ref.scope))
        elif not holders and body is not None and ref.scope == "country":
            # "The President of Russia" where the text names, without any title, one person far
            # more than any other: the one who can hold an office it gives no one else
            holder = _main_untitled(untitled)
            if holder is not None:
                holder.mentions.append(mention)
                out.append(Title(holder, ref.title, ref.relation, body, mention, ref.scope))
                untitled = []
    return out


def _main_untitled(untitled: list[Entity]) -> Entity | None:
    counts = sorted(((sum(m.named for m in p.mentions), p) for p in untitled), key=lambda c: -c[0])
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[0][0] < _SALIENCE * counts[1][0]):
        return None
    return counts[0][1]


def _title_end(ref: TitlePhrase) -> int:
    """The end of the title's own words ("the [President] of Ukraine")."""
    if ref.body is not None and ref.body[0] >= ref.start:
        end = ref.body[0]
        return max(ref.start + 1, end - 1 if end - 1 > ref.start else end)
    return ref.end


def _body(doc: Doc, ref: TitlePhrase, index: EntityIndex) -> Entity | None:
    if ref.body is None:
        return None
    span = doc[ref.body[0] : ref.body[1]]
    found = index.at(span.start_char, span.end_char)
    return found if found is not None and found.kind != "person" else None


def _resolve_pronouns(doc: Doc, by_start: dict[int, Entity]) -> None:
    recent: list[tuple[int, Entity, bool]] = []  # (sentence number, person, was subject)
    text = doc.text  # Doc.text joins every token: once, not per pronoun
    for number, sent in enumerate(doc.sents):
        for token in sent:
            person = by_start.get(token.idx)
            if person is not None:
                recent.append((number, person, _subject(token)))
            elif token.lower_ in _PRONOUNS and token.pos_ == "PRON" and not _in_quote(text, sent, token):
                window = [(n, p, s) for n, p, s in recent if number - n <= _LOOKBACK_SENTENCES]
                subjects = [p for n, p, s in window if s and n < number] or [p for _, p, _ in window]
                if subjects:
                    _add(subjects[-1], token)


def _subject(token: Token) -> bool:
    """The name is the subject, or part of it, or set beside it: "Mr Straw said", "The shadow
    foreign secretary, Michael Ancram, welcomed"."""
    for _ in range(_SUBJECT_REACH):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if token.dep_ not in ("compound", "appos", "flat") or token.head is token:
            return False
        token = token.head
    return False


def _in_quote(text: str, sent: Span, token: Token) -> bool:
    before = text[sent.start_char : token.idx]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


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
    folded = set(person_key(words).split())
    hits = [p for p in persons if person_key(p.label).split()[-1] in folded]
    return hits[0] if len(hits) == 1 else None
