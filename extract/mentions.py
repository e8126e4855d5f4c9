"""Named mentions in a parsed document: the model's names, repaired, and the names it missed.

Sources, in order of trust: a name right after a title ("President of Ukraine Volodymyr
Zelenskyy", "Coroner Gary Hargrove") is a person's, whatever the model said; places of the
gazetteer and organizations of the table the model left untagged; the model's own names. Each span
is trimmed to its name (no "the", no titles, no lowercase edge words; a name cut after "von der" is
made whole), and spans that name nothing are dropped: abbreviations ("Atty."), bare titles
("Chairperson"), words of a headline that the story never uses as a name ("X Beats Y").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extract.data import words
from extract.names import honorifics, is_particle, normalize_name, person_name, title_words
from extract.organizations import canonical_organization, table_names
from extract.places import Place, gazetteer
from extract.titles import (
    TitlePhrase,
    apposition_after,
    appositions,
    body_words,
    find_titles,
    name_after,
    title_names,
)
from graph.vocabulary import EntityKind

__all__ = ["Mention", "Names", "find_mentions"]

LABEL_KINDS: dict[str, EntityKind] = {
    "PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"
}  # fmt: skip
NAME_LABELS = frozenset({*LABEL_KINDS, "NORP"})
_MATCH_CITY_POPULATION = 1_000_000  # cities matched in text even where the NER missed them
_MAX_NAME_CHARS = 120
_LEADING_DROP = frozenset({"the", "a", "an", "'s", "\u2019s"})
_HEADLINE_MIN_WORDS = 4
_NOT_NAME_START = frozenset({"ADV", "SCONJ", "CCONJ", "DET", "PRON", "INTJ"})
_NOT_NAME = _NOT_NAME_START | {"ADP", "AUX", "PART"}
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our"})
_POSSESSIVES = frozenset({"'s", "\u2019s"})


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
    title: TitlePhrase | None = None  # the title the name was found after
    label: str = ""  # the model's label, or TITLE / TABLE where the name came from elsewhere
    surface: str = ""  # the text as written, with its titles ("Lord Walker of Gestingthorpe")


@dataclass(slots=True)
class Names:
    """What one document names: its mentions, its title phrases, and the phrases among them that
    stand for a person unnamed there ("the President of Ukraine said")."""

    mentions: list[Mention] = field(default_factory=list)
    titles: list[TitlePhrase] = field(default_factory=list)
    references: list[TitlePhrase] = field(default_factory=list)


def find_mentions(doc: Doc) -> Names:
    spans = [s for s in (_repair(ent) for ent in doc.ents if ent.label_ in NAME_LABELS) if s is not None]
    spans += _missed(doc, spans, _place_matcher(doc.vocab), "GPE")
    spans += _missed(doc, spans, _organization_matcher(doc.vocab), "ORG")
    spans.sort(key=lambda s: s.start)
    titles = find_titles(doc, spans)
    anchored: dict[int, tuple[Span, TitlePhrase]] = {}
    references = []
    for phrase in titles:
        run = name_after(doc, phrase)
        if run is not None:
            anchored[run[0]] = (Span(doc, run[0], run[1], label="PERSON"), phrase)
        elif phrase.relation and _definite(doc, phrase):
            references.append(phrase)
    claimed = {i for span, _ in anchored.values() for i in range(span.start, span.end)}
    claimed.update(i for phrase in titles for i in phrase.title_tokens)  # "Labour [MP]", "EU [Trade]"
    kept = [part for s in spans for part in _outside(s, claimed)]
    carved = [s for s in (_repair(s) for s in kept if s not in spans) if s is not None]
    spans = [s for s in kept if s in spans] + carved + _bodies(doc, titles, spans)
    spans = filter_spans([*spans, *(s for s, _ in anchored.values())])
    spans = [_held_office(doc, s, openers) for s in spans] if (openers := appositions(titles)) else spans
    headline = _headline_tokens(doc)
    body_words = {t.lower_ for s in spans if s.start not in headline[1] for t in s}
    out = []
    for span in _headline_names(spans, headline, body_words):
        title = anchored[span.start][1] if span.start in anchored else None
        mention = _mention(span, title)
        if mention is not None:
            out.append(mention)
    return Names(out, titles, references)


def _held_office(doc: Doc, span: Span, openers: dict[int, TitlePhrase]) -> Span:
    """A name the model took for an organization or place, set beside a title that heads or holds a
    country's office ("Metropolitan Onufriy, the head of the Ukrainian Orthodox Church,"): a person."""
    if span.label_ in ("PERSON", "NORP"):
        return span
    phrase = apposition_after(doc, span.end, openers)
    if phrase is None or not (phrase.relation == "leader_of" or phrase.scope == "country"):
        return span
    return _repair(Span(doc, span.start, span.end, label="PERSON")) or span


def _definite(doc: Doc, phrase: TitlePhrase) -> bool:
    """A title used as a definite noun phrase: "the President of Ukraine", "the top U.S. diplomat",
    "Russia's president", not "a president" or a list of names."""
    first = min(phrase.start, phrase.body[0]) if phrase.body else phrase.start
    if phrase.body and phrase.body[1] < len(doc) and doc[phrase.body[1]].text in _POSSESSIVES:
        return True
    i = first - 1
    while i >= 0 and doc[i].is_lower and doc[i].pos_ == "ADJ":
        i -= 1  # "the top U.S. diplomat", "the new president"
    return i >= 0 and doc[i].lower_ in _DETERMINERS


def _bodies(doc: Doc, titles: list[TitlePhrase], spans: list[Span]) -> list[Span]:
    """Bodies whose name runs past the model's span: "the [French] Republic", "the [World Bank] Group"."""
    starts = {s.start: s for s in spans}
    out = []
    for phrase in titles:
        if phrase.body is None or phrase.body[0] not in starts:
            continue
        named = starts[phrase.body[0]]
        if named.end < phrase.body[1]:
            out.append(Span(doc, *phrase.body, label="GPE" if named.label_ == "NORP" else named.label_))
    return out


def _mention(span: Span, title: TitlePhrase | None) -> Mention | None:
    label = span.label_
    gaz = gazetteer()
    if label == "NORP" and canonical_organization(span.text) is not None:
        label = "ORG"  # "Lib Dem", "Tory": a party
    elif label == "NORP" or (title is None and label != "PERSON" and gaz.demonym(span.text) is not None):
        place = gaz.demonym(span.text)
        if place is None:
            place = gaz.lookup(span.text)  # "of Ukraine" read as a nationality
            return (
                None
                if place is None
                else Mention(
                    normalize_name(span.text),
                    "place",
                    span.start_char,
                    span.end_char,
                    span,
                    place=place,
                    label="GPE",
                )
            )
        return Mention(
            span.text, "place", span.start_char, span.end_char, span, named=False, place=place, label=label
        )
    kind = LABEL_KINDS[label]
    text = normalize_name(span.text)
    if kind == "person":
        text = person_name(text)
    if _is_junk(text, kind):
        return None
    place = gaz.lookup(text) if kind == "place" else None
    source = "TITLE" if title is not None else label
    return Mention(text, kind, span.start_char, span.end_char, span, place=place, title=title, label=source)


def _is_junk(text: str, kind: str) -> bool:
    """Nothing a node should be made of: no letters, too long, only titles, abbreviations and
    particles ("Atty", "Chairperson", "Mr President"), or a lowercase organization ("the government")."""
    if sum(c.isalpha() for c in text) < 2 or len(text) > _MAX_NAME_CHARS:
        return True
    folded = " ".join(w.casefold().strip(".") for w in text.replace("-", " - ").split()).replace(" - ", "-")
    if folded in title_names():
        return True
    common = title_names() | words("post_nominals.txt") | words("title_modifiers.txt") | set(honorifics())
    if all(w in common or is_particle(w) for w in folded.split()):
        return True
    return kind != "person" and text.islower()


def _outside(span: Span, claimed: set[int]) -> list[Span]:
    """The parts of a span outside the tokens a title-anchored name claims."""
    if not any(i in claimed for i in range(span.start, span.end)):
        return [span]
    parts, start = [], None
    for i in range(span.start, span.end + 1):
        inside = i == span.end or i in claimed
        if not inside and start is None:
            start = i
        elif inside and start is not None:
            parts.append(Span(span.doc, start, i, label=span.label_))
            start = None
    # what is left of "[Republic] Emmanuel Macron", "[Group] David Malpass": words of the body's name
    return [p for p in parts if not all(t.lower_ in body_words() or not t.is_alpha for t in p)]


def _repair(span: Span) -> Span | None:
    """The span trimmed to its name: no leading "the" or titles, no lowercase or punctuation at its
    edges; a name cut after a particle ("Ursula von der") runs on to the capitalized word after it."""
    doc = span.doc
    start, end = span.start, span.end
    while end < len(doc) and end > start and is_particle(doc[end - 1].lower_) and doc[end].text[:1].isupper():
        end += 1  # "Ursula von der" + "Leyen"
        while end < len(doc) and is_particle(doc[end].lower_):
            end += 1
    while start < end and (
        doc[start].lower_ in _LEADING_DROP
        or doc[start].is_punct
        or doc[start].is_space
        or _lower_word(doc, start)
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or _lower_word(doc, end - 1)):
        if doc[end - 1].text == "." and end - 1 > start and len(doc[end - 2]) <= 3:
            break  # "Jr.", "Inc.", "U.S." keep their dot
        end -= 1
    label = span.label_
    while (
        end - start > 2 and doc[end - 1].text.isupper() and doc[end - 1].lower_ in words("post_nominals.txt")
    ):
        end -= 1  # "Guy Mansfield QC": letters after a name are a person's
        label = "PERSON"
    while end - start > 1 and doc[start].pos_ in _NOT_NAME_START and doc[start].text[:1].isupper():
        start += 1  # "Meanwhile Tory", "But Smith": a sentence's first word run into a name
    if label == "PERSON":
        while end - start > 1 and gazetteer().demonym(doc[start].text) is not None:
            start += 1  # "Welshman Jimmy Watkins"
        while end - start > 1 and doc[start].lower_.rstrip(".") in title_words():
            if end - start == 2 and doc[start].lower_.rstrip(".") in _styles():
                break
            start += 1
            while start < end and doc[start].text == ".":
                start += 1
    if start >= end or (end - start == 1 and doc[start].pos_ in _NOT_NAME):
        return None  # nothing left, or "This", "Of" alone
    return (
        span
        if (start, end, label) == (span.start, span.end, span.label_)
        else Span(doc, start, end, label=label)
    )


def _styles() -> frozenset[str]:
    return frozenset(w for w, stands_for in honorifics().items() if stands_for == "style")


def _lower_word(doc: Doc, i: int) -> bool:
    """A lowercase word at a name's edge ("a Golden Globe", "Venice Film Festival to", "m. Ireland")."""
    token = doc[i]
    return token.text[:1].islower() and not is_particle(token.lower_)


def _headline_tokens(doc: Doc) -> tuple[set[int], set[int]]:
    """Token positions on headline-shaped lines (no final stop, at least four words): where every
    word is capitalized, function words too ("Tesla Beats Forecasts As Musk Checks Out"); and where
    every word but small function words is ("Russia to Face Massive Costs from its Isolation")."""
    strict: set[int] = set()
    loose: set[int] = set()
    for sent in doc.sents:
        words_ = [t for t in sent if t.is_alpha]
        if len(words_) < _HEADLINE_MIN_WORDS or sent[-1].text in (".", "!", "?", '"', "\u201d", ":"):
            continue
        content = [t for t in words_ if not t.is_stop]
        if len(content) < _HEADLINE_MIN_WORDS or not all(t.text[:1].isupper() for t in content):
            continue
        loose.update(range(sent.start, sent.end))
        small = [t for t in words_ if t.is_stop and t.i > sent.start]
        if small and all(t.text[:1].isupper() for t in small):
            strict.update(range(sent.start, sent.end))
    return strict, loose


def _headline_names(
    spans: list[Span], headline: tuple[set[int], set[int]], body_words: set[str]
) -> Iterable[Span]:
    """Names on a headline line count where the story uses their words as names too: of "Tesla
    Beats Forecasts As Musk Checks" (one span to the model) only "Musk" stays; "Face Massive
    Costs" goes."""
    strict, loose = headline
    for span in spans:
        if span.label_ == "ORG" and span.start in loose:  # "Face Massive Costs": a name is used whole
            if all(t.lower_ in body_words for t in span if t.is_alpha) or canonical_organization(span.text):
                yield span
            continue
        if span.start not in strict or span.label_ != "PERSON":
            yield span
            continue
        start = None
        for i in range(span.start, span.end + 1):
            known = i < span.end and span.doc[i].lower_ in body_words
            if known and start is None:
                start = i
            elif not known and start is not None:
                yield Span(span.doc, start, i, label=span.label_)
                start = None


@cache
def _place_matcher(vocab: Vocab) -> PhraseMatcher:
    names = gazetteer().surface_names(min_city_population=_MATCH_CITY_POPULATION)
    return _name_matcher(vocab, "GPE", [n for n in names if n[:1].isupper()])


@cache
def _organization_matcher(vocab: Vocab) -> PhraseMatcher:
    names = {normalize_name(n) for label, aliases in table_names() for n in (label, *aliases)}
    return _name_matcher(vocab, "ORG", sorted(n for n in names if n[:1].isupper()))


def _name_matcher(vocab: Vocab, label: str, names: Iterable[str]) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="ORTH")
    tokenizer = English(vocab=vocab).tokenizer  # tokens as the pipeline makes them ("U.S.")
    matcher.add(label, [tokenizer(n) for n in names])
    return matcher


def _missed(doc: Doc, spans: list[Span], matcher: PhraseMatcher, label: str) -> list[Span]:
    """Table names the model did not tag as a name, or tagged only in part ("near Luhansk and
    Donetsk", "the Group of Seven" where it saw only a number, "the Liberal Democrats" where it saw
    "Democrats"). The parts it tagged leave `spans`."""
    owner = {i: s for s in spans for i in range(s.start, s.end)}
    out = []
    for found in filter_spans([Span(doc, start, end, label=label) for _, start, end in matcher(doc)]):
        inside = {owner[i] for i in range(found.start, found.end) if i in owner}
        if all(found.start <= s.start and s.end <= found.end and len(s) < len(found) for s in inside):
            out.append(found)
            for s in inside:
                spans.remove(s)
    return out
