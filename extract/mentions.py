"""Named mentions in a parsed document: the model's names, repaired, and the names it missed.

Sources, in order of trust: a name right after a title ("President of Ukraine Volodymyr
Zelenskyy", "Coroner Gary Hargrove") is a person's, whatever the model said; places of the
gazetteer and organizations of the table the model left untagged; the model's own names. Each span
is trimmed to its name (no "the", no titles, no lowercase edge words; a name cut after "von der" is
made whole), and spans that name nothing are dropped: abbreviations ("Atty."), bare titles
("Chairperson"), words of a headline that the story never uses as a name ("X Beats Y").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extract.data import rows, words
from extract.names import (
    common_surname,
    generational_suffixes,
    given_name_first,
    honorifics,
    is_particle,
    normalize_name,
    organization_name,
    person_name,
    person_shaped,
    title_words,
)
from extract.organizations import (
    canonical_organization,
    looks_like_facility,
    looks_like_organization,
    table_names,
)
from extract.places import Place, gazetteer
from extract.sentences import DATELINE, opening
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
_MAX_HONORIFIC_NAME = 4  # tokens after "Mr" that make the name ("Kilroy", "-", "Silk")
_WORKS = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT"})  # "Madame Butterfly": no person
_NOT_NAME_START = frozenset({"ADV", "SCONJ", "CCONJ", "DET", "PRON", "INTJ"})
_NOT_NAME = _NOT_NAME_START | {"ADP", "AUX", "PART"}
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our"})
_POSSESSIVES = frozenset({"'s", "\u2019s"})
_BRACKETS = frozenset("()[]{}")
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})


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
    cue: str = ""  # what the words around say it is: "organization" ("Chelsea boss"), "work" ("the film Ray")


@dataclass(slots=True)
class Names:
    """What one document names: its mentions, its title phrases, and the phrases among them that
    stand for a person unnamed there ("the President of Ukraine said")."""

    mentions: list[Mention] = field(default_factory=list)
    titles: list[TitlePhrase] = field(default_factory=list)
    references: list[TitlePhrase] = field(default_factory=list)


def find_mentions(doc: Doc) -> Names:
    spans = [
        s
        for ent in doc.ents
        if ent.label_ in NAME_LABELS
        for part in _parts(ent)
        if (s := _repair(part)) is not None
    ]
    spans = _honorific_names(doc, spans)
    spans += _propagated(doc, spans)
    spans += _missed(doc, spans, _place_matcher(doc.vocab), "GPE")
    spans += _dateline_place(doc, spans)
    spans += _missed(doc, spans, _organization_matcher(doc.vocab), "ORG")
    spans += _missed(doc, spans, _demonym_matcher(doc.vocab), "NORP")  # "Venezuelan president"
    spans.sort(key=lambda s: s.start)
    titles = find_titles(doc, spans)
    anchored: dict[int, tuple[Span, TitlePhrase]] = {}
    references = []
    for phrase in titles:
        run = name_after(doc, phrase)
        if run is not None and _built_name(doc[run[0] : run[1]].text):
            continue  # "partner Mitsubishi Motors", "Imam Khomeini International Airport"
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
    bodies = {p.body[0] for p in titles if p.body is not None and p.scope == "organization"}
    out = []
    for span in _headline_names(spans, headline, body_words):
        title = anchored[span.start][1] if span.start in anchored else None
        mention = _mention(span, title)
        if mention is not None:
            mention.cue = "organization" if span.start in bodies else _noun_cue(span)
            out.append(mention)
    return Names(out, titles, references)


def _dateline_place(doc: Doc, spans: list[Span]) -> list[Span]:
    """The upper-case place of a dateline ("KYIV, Ukraine (AP) -") that the model left untagged
    and the gazetteer knows by its usual spelling."""
    match = DATELINE.match(opening(doc))
    if match is None or not match.group(1).isupper():
        return []
    span = doc.char_span(match.start(1), match.end(1), alignment_mode="contract")
    if span is None or not len(span) or gazetteer().lookup(span.text.title()) is None:
        return []
    inside = [s for s in spans if s.start < span.end and span.start < s.end]
    if any(s.start < span.start or s.end > span.end for s in inside):
        return []
    for s in inside:  # "SAO" of "SAO PAULO"
        spans.remove(s)
    return [Span(doc, span.start, span.end, label="GPE")]


def _built_label(text: str) -> str:
    if looks_like_facility(text):
        return "FAC"
    return "ORG" if looks_like_organization(text) else "NORP"


def _built_name(text: str) -> bool:
    """An organization's or a built place's name by its words ("Mitsubishi Motors", "Heathrow
    Airport"), unless a given name and a common surname make it a person's ("Charlotte Church")."""
    if not (looks_like_organization(text) or looks_like_facility(text) or canonical_organization(text)):
        return False
    return not (given_name_first(text) and common_surname(text.split()[-1]))


def _propagated(doc: Doc, spans: list[Span]) -> list[Span]:
    """A one-word name the model tagged somewhere, where it left the same word untagged as a proper
    noun elsewhere ("copy protection firm [Macrovision]" before "Macrovision says"), with the label
    it gave that word most often."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for s in spans:
        if len(s) == 1 and s.label_ in LABEL_KINDS and len(s.text) > 2 and s.text[:1].isupper():
            labels[s.text][s.label_] += 1
    if not labels:
        return []
    taken = {i for s in spans for i in range(s.start, s.end)} | {
        i for e in doc.ents for i in range(e.start, e.end)
    }
    return [
        Span(doc, t.i, t.i + 1, label=labels[t.text].most_common(1)[0][0])
        for t in doc
        if t.text in labels and t.i not in taken and t.pos_ == "PROPN"
    ]


def _noun_cue(span: Span) -> str:
    """What a common noun right before a name says it is: "rock band Korn", "US insurer Marsh",
    "the charity Cafod" (an organization); "the film Ray", "hit musical Mamma Mia" (a work)."""
    if span.start == 0:
        return ""
    before = span.doc[span.start - 1]
    if not before.is_lower or before.pos_ not in ("NOUN", "ADJ"):
        return ""
    noun = before.lower_
    kinds = words("organization_kinds.txt")
    if noun in kinds or (noun.endswith("s") and noun[:-1] in kinds):  # "brewers Heineken and Carlsberg"
        return "organization"
    return "work" if noun in words("work_nouns.txt") else ""


def _honorific_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Mr Camus", "Dr Ozick", "Sir Alex Ferguson": the capitalized words after a courtesy title
    are a person's name, whether the model missed them or took them for a nationality or a place.
    A name the model tagged as a person already keeps its span."""
    persons = {i for s in spans if s.label_ == "PERSON" for i in range(s.start, s.end)}
    found = []
    for token in doc[:-1]:
        if token.i in persons or not token.text[:1].isupper() or token.lower_.rstrip(".") not in _courtesy():
            continue
        start = token.i + 1 + (doc[token.i + 1].text == ".")
        end = start
        while end < len(doc) and end - start < _MAX_HONORIFIC_NAME and _name_part(doc, end):
            end += 1
        if (
            end > start
            and doc[start].lower_.rstrip(".") not in title_words()
            and doc[start].ent_type_ not in _WORKS
        ):
            found.append(Span(doc, token.i, end, label="PERSON"))
    if not found:
        return spans
    taken = {i for s in found for i in range(s.start, s.end)}
    kept = [s for s in spans if not any(i in taken for i in range(s.start, s.end))]
    return kept + [s for s in (_repair(s) for s in found) if s is not None]


def _name_part(doc: Doc, i: int) -> bool:
    """A capitalized word, or a hyphen that joins two ("Kilroy-Silk")."""
    token = doc[i]
    if token.text == "-" and i > 0 and not doc[i - 1].whitespace_ and not token.whitespace_:
        return i + 1 < len(doc) and _capitalized_name(doc[i + 1])
    return _capitalized_name(token)


def _capitalized_name(token: Token) -> bool:
    return token.text[:1].isupper() and token.is_alpha and not token.is_sent_start


@cache
def _courtesy() -> frozenset[str]:
    """Courtesy titles that stand before a name and name no office: "mr", "mrs", "dr", "sir"..."""
    return frozenset(w for w, title in honorifics().items() if not title or title == "professor")


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
    if label == "NORP" and gaz.demonym(span.text) is None and len(span) > 1:
        label = _built_label(span.text)  # "Imam Khomeini International Airport" as a nationality
    if label == "NORP" and canonical_organization(span.text) is not None:
        label = "ORG"  # "Lib Dem", "Tory": a party
    elif label == "NORP" or (
        title is None and (label != "PERSON" or len(span) == 1) and gaz.demonym(span.text) is not None
    ):  # "Russian", and "Briton", "Scot" as the model may take them for a person
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
    if _PLURAL_ACRONYM.match(text) or _award(folded):
        return True  # "MPs", "GPs"; "Booker Prize", "Golden Globes"
    return kind != "person" and text.islower()


def _award(folded: str) -> bool:
    awards = words("award_words.txt")
    return folded in awards or folded.rsplit(" ", 1)[-1] in awards


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


def _parts(span: Span) -> list[Span]:
    """The names in one model span: a list run together ("Vignal, Prso, Novo", "Lil' Kim, Maya and
    Pink") splits at its commas and its last "and"; any span at a bracket ("Council (WTTC") or a
    dash between spaces ("Clive Griffiths - Wales"); a person's at a lowercase word that is no
    particle ("Scott Bakula as Captain Archer", "Ray Charles biopic Ray")."""
    doc = span.doc
    commas = any(t.text == "," for t in span[:-1])
    cuts = [t.i for t in span if _cut(t, commas, span)]
    if not cuts:
        return _owner_and_holder(span)
    bounds = [span.start - 1, *cuts, span.end]
    return [Span(doc, a + 1, b, label=span.label_) for a, b in itertools.pairwise(bounds) if b > a + 1]


def _owner_and_holder(span: Span) -> list[Span]:
    """ "aerospace group [EADS Philippe Camus]": after a noun for an organization, a person's name
    the model ran the organization's into."""
    doc = span.doc
    if span.label_ != "PERSON" or len(span) < 3 or span.start == 0:
        return [span]
    if doc[span.start - 1].lower_ not in words("organization_kinds.txt"):
        return [span]
    for k in range(span.start + 1, span.end - 1):
        acronym = k == span.start + 1 and doc[span.start].text.isupper() and len(doc[span.start]) > 1
        if person_shaped(doc[k : span.end].text) or (
            acronym and all(_capitalized_name(t) for t in doc[k : span.end])
        ):
            return [Span(doc, span.start, k, label="ORG"), Span(doc, k, span.end, label="PERSON")]
    return [span]


def _cut(t: Token, commas: bool, span: Span) -> bool:
    doc = span.doc
    if t.text in _BRACKETS or (t.text in _DASHES and t.whitespace_ and t.i > 0 and doc[t.i - 1].whitespace_):
        return True
    if commas and (t.text == "," or t.lower_ in ("and", "&")):
        return not _suffix_after(doc, t.i, span.end)
    return span.label_ == "PERSON" and t.text[:1].islower() and t.is_alpha and not is_particle(t.lower_)


def _suffix_after(doc: Doc, i: int, end: int) -> bool:
    """ "Martin Luther King, Jr.", "Acme, Inc.": a comma before a suffix or legal form, not a list."""
    rest = doc[i + 1 : end].text.strip(" .").casefold()
    return bool(rest) and (rest in generational_suffixes() or organization_name("X " + rest) == "X")


def _repair(span: Span) -> Span | None:
    """The span trimmed to its name: no leading "the" or titles, no lowercase or punctuation at its
    edges; a name cut after a particle ("Ursula von der") runs on to the capitalized word after it."""
    doc = span.doc
    start, end = span.start, span.end
    while (
        end < len(doc)
        and end > start
        and is_particle(doc[end - 1].lower_)
        and doc[end].text[:1].isupper()
        and _name_before(doc, start, end - 1)
    ):
        end += 1  # "Ursula von der" + "Leyen"; not "Liverpool 2-1 at" + "Old Trafford"
        while end < len(doc) and is_particle(doc[end].lower_):
            end += 1
    while start < end and (
        doc[start].lower_ in _LEADING_DROP
        or doc[start].is_punct
        or doc[start].is_space
        or _lower_word(doc, start)
    ):
        start += 1
    while end > start:
        score = _score_tokens(doc, start, end, span.label_)  # "Tommy Robredo 6", "Wales 21-17"
        if score:
            end -= score
            continue
        # a lowercase word, or a particle with no name after it
        trailing = _lower_word(doc, end - 1) or doc[end - 1].is_lower
        if not (doc[end - 1].is_punct or doc[end - 1].is_space or trailing):
            break
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


def _name_before(doc: Doc, start: int, i: int) -> bool:
    """Whether the particles ending at token `i` follow a word of a name ("Ursula von der")."""
    while i > start and is_particle(doc[i - 1].lower_):
        i -= 1
    return i > start and doc[i - 1].is_alpha and doc[i - 1].text[:1].isupper()


def _score_tokens(doc: Doc, start: int, end: int, label: str) -> int:
    """How many tokens at the end of a name are a score or a number that no person's or place's
    name ends with ("6-2", "21 - 17" as the tokenizer may split it, "51"; "Radio 4" keeps its own)."""
    last = doc[end - 1].text
    if end - start < 2 or not any(c.isdigit() for c in last) or any(c.isalpha() for c in last):
        return 0
    if (
        end - start > 3
        and doc[end - 2].text == "-"
        and doc[end - 3].is_digit
        and not doc[end - 3].whitespace_
    ):
        return 3
    return 1 if "-" in last or label in ("PERSON", "GPE", "LOC") else 0


def _styles() -> frozenset[str]:
    return frozenset(w for w, stands_for in honorifics().items() if stands_for == "style")


def _lower_word(doc: Doc, i: int) -> bool:
    """A lowercase word at a name's edge ("a Golden Globe", "Venice Film Festival to", "m. Ireland")."""
    token = doc[i]
    return token.text[:1].islower() and not is_particle(token.lower_)


def _headline_tokens(doc: Doc) -> tuple[set[int], set[int]]:
    """Token positions on headline-shaped lines (a whole line, no final stop, no brackets, at least
    four words): where every word is capitalized, function words too ("Tesla Beats Forecasts As Musk
    Checks Out"); and where every word but small function words is ("Russia to Face Massive Costs
    from its Isolation"). A list of names ("Philip Roth (US) Muriel Spark (UK)") is no headline."""
    strict: set[int] = set()
    loose: set[int] = set()
    text = doc.text
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        words_ = [t for t in tokens if t.is_alpha]
        if len(words_) < _HEADLINE_MIN_WORDS or tokens[-1].text in (".", "!", "?", '"', "\u201d", ":"):
            continue
        if any(t.text in _BRACKETS for t in tokens) or not _whole_line(text, tokens[0], tokens[-1]):
            continue
        content = [t for t in words_ if not t.is_stop]
        if len(content) < _HEADLINE_MIN_WORDS or not all(t.text[:1].isupper() for t in content):
            continue
        loose.update(range(sent.start, sent.end))
        small = [t for t in words_ if t.is_stop and t.i > sent.start]
        if small and all(t.text[:1].isupper() for t in small):
            strict.update(range(sent.start, sent.end))
    return strict, loose


def _whole_line(text: str, first: Token, last: Token) -> bool:
    """The tokens from `first` to `last` are a line of their own."""
    i = first.idx - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    j = last.idx + len(last.text)
    while j < len(text) and text[j] in " \t":
        j += 1
    return (i < 0 or text[i] == "\n") and (j >= len(text) or text[j] in "\r\n")


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
        if span.label_ == "PERSON" and span.start in loose and span.start not in strict:
            # "President Biden Announcing Response to ...": a name after a title in a title-case
            # headline runs as far as the model's name or the story's own words for it
            end = span.start + 1
            while end < span.end and (
                span.doc[end].ent_type_ == "PERSON" or span.doc[end].lower_ in body_words
            ):
                end += 1
            yield Span(span.doc, span.start, end, label=span.label_)
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
def _demonym_matcher(vocab: Vocab) -> PhraseMatcher:
    return _name_matcher(
        vocab, "NORP", sorted({row[0] for row in rows("demonyms.tsv") if row[0][:1].isupper()})
    )


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
