"""Who a pronoun, a title used alone or a speaker's "I" stands for, added as mentions of that entity.

Rules, not a model: "said the President of Ukraine", "the Head of State noted", "the Chinese
leader", "the top U.S. diplomat" stand for the one person the document gives a title they cover
(extract/data/role_nouns.tsv), of the same body where both name one, never for the country; in
transcripts ("THE PRESIDENT:", "Aide to the President Yury Ushakov:") "I" and "we" are the labelled
speaker.

"he", "she", "him", "his", "her" outside quotations stand for a person named (or so referred to)
outside quotations: in a clause under the one whose subject that person is ("Ruto said that he
would ..."), else the subject of the nearest sentence before, the main clause's subject first, else
the person last named. A person of the other sex is never chosen: a courtesy title or a noun beside
the name tells it ("Mrs", "Lord", "actress", "his wife"), and so does a pronoun that had only one
person to stand for. News names more men than women, so a person of unknown sex is taken for a
"he" as readily as one marked male, while "she" goes to a woman the text marks as one when it has one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import numpy as np
from spacy.attrs import IDX, LOWER, SENT_START
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from extract import clean
from extract.data import rows
from extract.entities import Entity, EntityIndex, Mention
from extract.facts import Title, body_fits
from extract.names import person_key
from extract.quotations import quotations
from extract.titles import TitlePhrase
from graph.records import Document

__all__ = ["resolve_references"]

_PRONOUN_SEX = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_SEX_REACH = 3  # how far before a name a word telling the sex may stand ("best actress winner X")
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "our", "us"})
_SPEAKER = re.compile(r"^(?P<label>(?:[A-Z][A-Za-z.'\-]*\s){0,6}[A-Z][A-Za-z.'\-]*):\s", re.MULTILINE)
_LOOKBACK_SENTENCES = 3
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
    by_start = {m.start: (e, m) for e in persons for m in e.mentions if m.named or m.title is not None}
    text = doc.text  # Doc.text joins every token: once for both
    _resolve_pronouns(doc, by_start, text)
    _resolve_speakers(doc, persons, document, text)
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
        if len(holders) > 1 and body is not None:
            # "the President of Russia": the one the text titles so, over those titled without a body
            exact = {
                t.person.id: t
                for t in titles
                if t.person.id in holders and t.body is not None and t.body.id == body.id
            }
            holders = exact or holders
        if len(holders) > 1 and body is None:
            # "the President" where several presidents are named: the one the story is about, named
            # far more often than the others
            main = _most_named([t.person for t in holders.values()])
            holders = {main.id: holders[main.id]} if main is not None else holders
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
    return _most_named(untitled)


def _most_named(persons: list[Entity]) -> Entity | None:
    """The person named at least twice and `_SALIENCE` times as often as any other."""
    counts = sorted(((sum(m.named for m in p.mentions), p) for p in persons), key=lambda c: -c[0])
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


@dataclass(slots=True)
class _Referent:
    """A person named (or referred to) at one place: in which sentence, and how salient there."""

    person: Entity
    sentence: int
    token: int
    level: int  # 2: the main clause's subject; 1: another clause's subject; 0: not a subject


@cache
def _pronoun_hashes() -> np.ndarray:
    store = StringStore()
    return np.array(sorted(store.add(word) for word in _PRONOUN_SEX), dtype=np.uint64)


@cache
def _sex_words() -> dict[str, str]:
    return {word: sex for word, sex in rows("gendered_words.tsv")}


def _resolve_pronouns(doc: Doc, named: dict[int, tuple[Entity, Mention]], text: str) -> None:
    """Each third-person pronoun outside quotations -> a mention of the person it stands for."""
    if not len(doc) or not named:
        return
    offsets = doc.to_array(IDX)
    sentence_of = np.cumsum(doc.to_array(SENT_START) == 1)
    pronouns = np.flatnonzero(np.isin(doc.to_array(LOWER), _pronoun_hashes()))
    at: dict[int, tuple[Entity, Mention]] = {}
    for start, found in named.items():
        i = int(np.searchsorted(offsets, start))
        if i < len(doc) and offsets[i] == start:
            at[i] = found
    quotes = quotations(text)
    opens = [s for s, _ in quotes]
    sexes: dict[str, str] = {}
    for i, (person, mention) in at.items():
        sex = _sex_beside(doc, i, mention)
        if sex is not None:
            sexes.setdefault(person.id, sex)
    recent: list[_Referent] = []
    for i in sorted({*at, *(int(p) for p in pronouns)}):
        token = doc[i]
        n = int(sentence_of[i])
        k = bisect_right(opens, token.idx) - 1
        if k >= 0 and token.idx < quotes[k][1]:
            continue  # a name quoted, or "he" in a quotation: the speaker's words, not the story's
        if i in at:
            person, mention = at[i]
            recent.append(_Referent(person, n, i, _salience(doc, i, mention, offsets)))
            continue
        if token.pos_ != "PRON":
            continue
        window = [r for r in recent if n - r.sentence <= _LOOKBACK_SENTENCES]
        sex = _PRONOUN_SEX[token.lower_]
        fits = [r for r in window if sexes.get(r.person.id, sex) == sex]
        if sex == "f" and any(sexes.get(r.person.id) == "f" for r in fits):
            fits = [r for r in fits if sexes.get(r.person.id) == "f"]
        chosen = _antecedent(token, fits, n)
        if chosen is None:
            continue
        _add(chosen, token)
        if len({r.person.id for r in window}) == 1:
            sexes.setdefault(chosen.id, sex)  # the only one it could stand for
        if token.dep_ in _SUBJECTS:
            recent.append(_Referent(chosen, n, i, 2 if token.head.dep_ == "ROOT" else 1))


def _antecedent(pronoun: Token, fits: list[_Referent], sentence: int) -> Entity | None:
    """A subject whose clause holds the pronoun's; else the nearest sentence's subject (its main
    clause's first); else the person last named."""
    for r in reversed(fits):
        if r.sentence == sentence and r.level and _under(pronoun, r.token):
            return r.person
    earlier = [r for r in fits if r.level and r.sentence < sentence]
    if earlier:
        last = earlier[-1].sentence
        return max((r for r in earlier if r.sentence == last), key=lambda r: (r.level, r.token)).person
    return fits[-1].person if fits else None


def _under(pronoun: Token, subject_at: int) -> bool:
    """'Ruto said that he ...', 'Ruto thanked his hosts': the pronoun sits in the clause of the
    verb the name is subject of (as its possessive) or in a clause below it; 'Ruto thanked him' is
    someone else."""
    verb = pronoun.doc[subject_at]
    while verb.dep_ not in _SUBJECTS and verb.head != verb:
        verb = verb.head
    verb = verb.head
    if pronoun.head == verb:
        return pronoun.dep_ == "poss"
    return any(a == verb for a in pronoun.ancestors)


def _salience(doc: Doc, i: int, mention: Mention, offsets: np.ndarray) -> int:
    """2 when the name (with its title: "President of Ukraine Volodymyr Zelenskyy met") is the
    subject of the sentence's main clause, 1 of another clause, else 0."""
    first = mention.title.start if mention.title is not None and mention.title.start < i else i
    last = max(int(np.searchsorted(offsets, mention.end)), i + 1)
    subject = next((t for t in doc[first:last] if t.dep_ in _SUBJECTS and not first <= t.head.i < last), None)
    if subject is None:  # "The Shadow Secretary, Theresa May, said": the name beside the subject
        subject = doc[last - 1]
        while subject.dep_ in ("appos", "compound", "flat") and subject.head != subject:
            subject = subject.head
        if subject.dep_ not in _SUBJECTS:
            return 0
    head = subject.head
    return 2 if head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT") else 1


def _sex_beside(doc: Doc, i: int, mention: Mention) -> str | None:
    """'Mrs Thatcher', 'actress Sienna Miller', 'his wife Sharon', 'Jones, a spokeswoman,'."""
    words = _sex_words()
    for token in reversed(doc[max(i - _SEX_REACH, 0) : i]):
        if token.is_punct and token.text != ".":
            break
        sex = words.get(token.lower_.rstrip("."))
        if sex is not None:
            return sex
    root = mention.span.root if mention.span is not None else doc[i]
    for child in root.children:
        if child.dep_ == "appos" and (sex := words.get(child.lower_)) is not None:
            return sex
    return None


def _resolve_speakers(doc: Doc, persons: list[Entity], document: Document, text: str) -> None:
    """Transcripts: the labelled speaker is "I" and "we" until the next label."""
    labels = list(_SPEAKER.finditer(text))
    if not labels:
        return
    byline = clean.byline().match((document.title or text[:300].split("\n", 1)[0]).strip())
    host = _person_named(byline.group("who"), persons) if byline else None
    spans: list[tuple[int, int, Entity]] = []
    for i, match in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        speaker = _person_named(match.group("label"), persons)
        if speaker is None and host is not None and match.group("label").isupper():
            speaker = host  # "THE PRESIDENT:" in the transcript of the remarks the headline names
            label = doc.char_span(match.start("label"), match.end("label"))
            if label is not None:
                speaker.mentions.append(
                    Mention(label.text, "person", label.start_char, label.end_char, label, named=False)
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
