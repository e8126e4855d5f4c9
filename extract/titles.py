"""Title phrases in a parsed document: "President of Ukraine", "Chinese President", "NSC Spokesperson",
"Deputy Minister of Foreign Affairs", "the chief executive of Siemens", "Atty. Gen.".

A title phrase is a title (extract/data/titles.tsv, or an abbreviation of one in honorifics.tsv) with
the modifiers before it ("former", "Deputy"), a portfolio after it ("of Foreign Affairs",
portfolios.txt) and the body it belongs to: a name right after "of", "at" or "to" ("President of the
World Bank"), else a name right before it ("Chinese President", "Apple chief executive", "Russia's
President"). The words after a phrase may be the holder's name ("President Xi Jinping", "the head of
Naftogaz, Andriy Kobolev"); a phrase with no name after it may stand for the holder ("said the
President of Ukraine").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extract.data import lines, rows, words
from extract.names import honorifics, is_particle, organization_key, person_shaped, title_words
from extract.organizations import known_organizations
from extract.places import gazetteer

__all__ = [
    "TitlePhrase",
    "apposition_after",
    "appositions",
    "body_words",
    "find_titles",
    "implied_country",
    "name_after",
    "title_names",
    "title_relation",
]

_BODY_PREPS = frozenset({"of", "at", "to", "for"})
_TRAILING = _BODY_PREPS | {"the", "a", "an", "in", "with", "on"}
_FORMER = frozenset({"former", "ex", "then"})
_SERVES = frozenset({"deputy", "vice", "assistant", "associate", "junior"})  # serves in the body
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
# titles that a portfolio may stand before: "Trade Commissioner", "home affairs spokesman"
_PORTFOLIO_HEADS = frozenset(
    {
        "minister",
        "secretary",
        "commissioner",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "editor",
        "correspondent",
        "adviser",
        "advisor",
        "czar",
        "tsar",
    }
)
_APPOSITION_OPENERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_APPOSITION_ENDS = frozenset({",", ".", ";", ":", ")", "\u2014", "-", "and", "said", "says"})
_GOVERNMENTS = frozenset({"administration", "government", "cabinet", "team"})
_MAX_NAME_TOKENS = 6
_MAX_DESCRIPTION = 4  # lowercase words between "of" and the body's name


@dataclass(frozen=True, slots=True)
class TitlePhrase:
    """A title with its modifiers, portfolio and body, as token offsets into the document."""

    start: int  # first token, modifiers included
    end: int  # the token after the phrase (after an "of" body when there is one)
    title: str  # as written: "Deputy Minister of Foreign Affairs", "Secretary-General"
    relation: str  # leader_of | member_of | "" for a descriptor ("singer")
    scope: str  # "country": a national office
    body: tuple[int, int] | None  # the token span naming the body, before or after the title
    former: bool
    title_end: int = -1  # the token after the title's own words (before "of <body>"); -1: `end`

    @property
    def title_tokens(self) -> range:
        return range(self.start, self.end if self.title_end < 0 else self.title_end)

    @property
    def role(self) -> str:
        return (
            f"former {self.title}"
            if self.former and not self.title.lower().startswith("former")
            else self.title
        )


@cache
def _title_rows() -> dict[str, tuple[str, str]]:
    out = {}
    for row in rows("titles.tsv"):
        relation = row[1] if len(row) > 1 else "member_of"
        out[row[0]] = ("" if relation == "-" else relation, row[2] if len(row) > 2 else "")
    return out


@cache
def _implied() -> dict[str, str]:
    return {row[0]: row[3] for row in rows("titles.tsv") if len(row) > 3 and row[3]}


def implied_country(title: str) -> str | None:
    """The country code of an office only one country has ("Home Secretary" -> "GB"), or None."""
    key = " ".join(title.lower().removeprefix("former ").split())
    implied = _implied()
    return next((code for name, code in implied.items() if key == name or key.endswith(" " + name)), None)


@cache
def title_names() -> frozenset[str]:
    """Every title of the table, lowercase: what alone names no one ("Chairperson", "Foreign Minister")."""
    return frozenset(_title_rows())


def title_relation(title: str) -> tuple[str, str]:
    """(relation, scope) of a title as written; modifiers and a portfolio do not change its row."""
    key = " ".join(_expand(w) or w for w in title.lower().replace(".", "").split())
    table = _title_rows()
    words_ = key.split()
    # the head of a title is its last word: "principal analyst" is an analyst, "deputy foreign
    # minister" a foreign minister; failing that, the first title in it ("Minister of Foreign Affairs")
    spans = [(start, len(words_)) for start in range(len(words_))]
    spans += [(start, stop) for start in range(len(words_)) for stop in range(len(words_) - 1, start, -1)]
    for start, stop in spans:
        found = table.get(" ".join(words_[start:stop]))
        if found is not None:
            relation, scope = found
            before = words_[:start]
            if relation and (any(w in _SERVES for w in before) or _has_portfolio(before)):
                relation = "member_of"  # "business editor", "finance director" serve in the body
            return relation, scope
    return "member_of", ""


def _has_portfolio(words_: list[str]) -> bool:
    """The words before a title end with a portfolio ("business", "home affairs")."""
    return any(tuple(words_[-len(p) :]) == p for p in _portfolios() if len(p) <= len(words_))


def _expand(abbreviation: str) -> str:
    return honorifics().get(abbreviation, "") if abbreviation in honorifics() else abbreviation


@cache
def _portfolios() -> tuple[tuple[str, ...], ...]:
    """Portfolios as lowercase word tuples, longest first."""
    return tuple(sorted((tuple(p.lower().split()) for p in lines("portfolios.txt")), key=len, reverse=True))


@cache
def _matcher(vocab: Vocab) -> PhraseMatcher:
    tokenizer = English(vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add("TITLE", [tokenizer(t) for t in _title_rows()])
    # abbreviations of titles, with and without their dot: "Sen.", "Supt", "Atty."
    abbreviations = [w for w, stands_for in honorifics().items() if stands_for and stands_for != "style"]
    # the tokenizer keeps "Gen." whole and splits "Atty."
    forms = [form for w in abbreviations for form in ([w], [f"{w}."], [w, "."])]
    matcher.add("TITLE", [Doc(vocab, words=form) for form in forms])
    return matcher


def find_titles(doc: Doc, names: Sequence[Span]) -> list[TitlePhrase]:
    """Every title phrase in the document; `names` are the name spans found so far (bodies)."""
    starts = {s.start: s for s in names}
    ends = {s.end: s for s in names}
    inside = {i: s for s in names if s.label_ != "PERSON" for i in range(s.start, s.end)}
    persons = {i: s for s in names if s.label_ == "PERSON" for i in range(s.start + 1, s.end)}
    found: list[TitlePhrase] = []
    for span in filter_spans([Span(doc, s, e) for _, s, e in _matcher(doc.vocab)(doc)]):
        span = _without_compound_of(span)
        host = inside.get(span.start)
        if host is not None and _part_of_name(host, span):
            continue  # "General Motors", "Prince Edward Island"
        if span.start in persons:
            continue  # part of a person's name: "Martin Luther King"
        phrase = _phrase(doc, span, starts, ends, inside)
        last = found[-1] if found else None
        if (
            last is not None
            and last.end == phrase.start
            and (last.body is None or last.body[0] < last.start)
            and doc[last.end - 1].is_lower == doc[phrase.start].is_lower  # not "coach [Dean] Ryan"
        ):
            phrase = _chain(doc, last, phrase)  # "Atty. Gen.", "Dist. Judge", "principal analyst": one title
            found.pop()
        found.append(phrase)
    return found


def _without_compound_of(span: Span) -> Span:
    """ "head of state energy company": "state" starts a compound, so the title is "head"."""
    doc = span.doc
    of = next((t.i for t in span if t.lower_ == "of"), None)
    if of is None or span.end >= len(doc):
        return span
    following = doc[span.end]
    if following.is_alpha and following.is_lower and following.pos_ in ("NOUN", "ADJ"):
        return doc[span.start : of]
    return span


def _part_of_name(host: Span, title: Span) -> bool:
    """A title inside an organization's or a place's name, not before a person's name that the
    model ran into it ("Metropolitan Yepifaniy", "NSC Spokesperson Adrienne Watson")."""
    if host.end <= title.end:
        return host.start < title.start and host.end < title.end
    if host.start == title.start:
        rest = host.doc[title.end : host.end]
        person_like = len(rest) >= 2 and all(_capitalized(t) or is_particle(t.lower_) for t in rest)
        if person_like and rest[-1].lower_ not in body_words() | words("facility_words.txt"):
            return False  # "Socialite Paris Hilton", not "General Electric Company"
        return host.label_ == "ORG" or gazetteer().lookup(host.text) is not None
    return not _capitalized(host.doc[title.end])


def _chain(doc: Doc, first: TitlePhrase, second: TitlePhrase) -> TitlePhrase:
    title = doc[first.start : second.end].text if second.body is None else f"{first.title} {second.title}"
    if second.body is not None and second.body[0] >= second.start:
        title = doc[first.start : second.body[0]].text.rsplit(" of", 1)[0]
    parts = [w for w in title.split() if w.lower() not in _FORMER]
    while parts and parts[-1].lower() in _TRAILING:
        parts.pop()  # "principal analyst at", "adviser to the"
    title = " ".join(parts)
    relation, scope = title_relation(title)
    return TitlePhrase(
        first.start,
        second.end,
        title,
        relation,
        scope,
        second.body or first.body,
        first.former or second.former,
        second.title_end,
    )


def _phrase(
    doc: Doc, span: Span, starts: dict[int, Span], ends: dict[int, Span], inside: dict[int, Span]
) -> TitlePhrase:
    start, end = span.start, span.end
    if end < len(doc) and doc[end].text == "." and span.text.lower() in honorifics():
        end += 1  # "Atty ." as the tokenizer splits it
    if doc[span.end - 1].lower_ in _PORTFOLIO_HEADS:
        start = _portfolio_start(doc, start)  # "Trade Commissioner", "foreign affairs spokesman"
    modifiers = words("title_modifiers.txt")
    while start > 0 and (
        doc[start - 1].lower_ in modifiers
        or (doc[start - 1].text == "-" and start > 1 and doc[start - 2].lower_ in modifiers)
    ):
        start -= 1
    former = any(t.lower_ in _FORMER for t in doc[start : span.start])
    end = title_stop = _portfolio_end(doc, end)
    body = None
    # a company's or club's office: its body is one whatever the model took it for ("Chelsea boss")
    in_organization = title_relation(span.text)[1] == "organization"
    if end + 1 < len(doc) and doc[end].lower_ in _BODY_PREPS:
        after = end + 1 + (doc[end + 1].lower_ in ("the", "a", "an"))
        named = starts.get(after) or starts.get(end + 1) or _described_body(doc, after, starts)
        if named is not None:
            # "President of [Ukraine Volodymyr Zelenskyy]", "head of [Siemens, Roland Busch]": the
            # model ran the body into the holder's name
            stop = _leading_body(named)
            owned = _owned(doc, named, starts)
            if stop is not None:
                body, end = (named.start, stop), stop
            elif owned is not None:  # "a strategist at Moscow's Sovlink Securities"
                body, end = (owned.start, owned.end), owned.end
            elif named.label_ != "PERSON" or (in_organization and not person_shaped(named.text)):
                end = _body_words_end(doc, named.end)  # "the French [Republic]", "the World Bank [Group]"
                body = (named.start, end)
    if body is None:
        before = start - 1 if start > 0 and doc[start - 1].text in _POSSESSIVE else start
        if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _GOVERNMENTS:
            before = start - 2  # "the U.S. administration of President Joe Biden"
        named = ends.get(before) or inside.get(start - 1)
        adjacent = before == start
        held = named is not None and (
            named.label_ != "PERSON" or (in_organization and adjacent and not person_shaped(named.text))
        )
        if named is not None and held and named.start < start:
            # "Liberal Democrat spokesman", or "Labour" of "Labour MP" that the model took for one name
            body = (named.start, min(named.end, start))
            former = former or (named.start > 0 and doc[named.start - 1].lower_ in _FORMER)
    first = start
    while first < span.start and (doc[first].lower_ in _FORMER or doc[first].text == "-"):
        first += 1
    title = doc[first:title_stop].text
    relation, scope = title_relation(title)
    return TitlePhrase(start, end, title, relation, scope, body, former, title_stop)


def _body_words_end(doc: Doc, end: int) -> int:
    """Past capitalized words that continue a body's name before the holder's: "Republic", "Group"."""
    while (
        end + 1 < len(doc)
        and doc[end].lower_ in body_words()
        and _capitalized(doc[end])
        and _capitalized(doc[end + 1])
    ):
        end += 1
    return end


@cache
def body_words() -> frozenset[str]:
    """Words that continue the name of a body: organization words and "Republic", "Kingdom"..."""
    return words("organization_words.txt") | words("place_words.txt")


def _described_body(doc: Doc, i: int, starts: dict[int, Span]) -> Span | None:
    """A body named after a few words that describe it: "of the central bank Bundesbank", "of
    state energy company Naftogaz"."""
    for j in range(i, min(i + _MAX_DESCRIPTION, len(doc))):
        if j in starts:
            return starts[j]
        token = doc[j]
        if not (token.is_alpha and token.is_lower and token.pos_ in ("NOUN", "ADJ", "PROPN")):
            return None
    return None


def _leading_body(span: Span) -> int | None:
    """Where a body at the start of a name span ends, when a name follows it in the same span."""
    doc = span.doc
    comma = next((t.i for t in span if t.text == ","), None)
    if comma is not None and comma > span.start:
        return comma
    gaz = gazetteer()
    for stop in range(span.end - 1, span.start, -1):
        rest = doc[stop : span.end]
        if not (_capitalized(rest[0]) and _capitalized(rest[-1])) or rest[0].lower_ in body_words():
            continue
        if not all(_capitalized(t) or is_particle(t.lower_) for t in rest):
            continue  # "Gloria de la Fuente": particles inside
        if span.label_ != "PERSON" and len(rest) < 2:
            continue
        lead = doc[span.start : stop].text
        if gaz.lookup(lead) is not None or organization_key(lead) in known_organizations():
            return stop
    return None


def _owned(doc: Doc, named: Span, starts: dict[int, Span]) -> Span | None:
    """The name after "<place>'s" that the place owns: "Moscow's [Sovlink Securities]"."""
    i = named.end
    if i + 1 < len(doc) and doc[i].text in _POSSESSIVE and named.label_ in ("GPE", "LOC", "NORP"):
        return starts.get(i + 1)
    return None


def _portfolio_start(doc: Doc, start: int) -> int:
    """Before a title, the portfolio it covers: "Trade Commissioner", "foreign affairs spokesman"."""
    before = tuple(t.lower_ for t in doc[max(start - 5, 0) : start])
    for portfolio in _portfolios():
        if before[-len(portfolio) :] == portfolio:
            return start - len(portfolio)
    return start


def _portfolio_end(doc: Doc, end: int) -> int:
    """After "Minister of Foreign Affairs", "Secretary of State for Health": past the portfolio."""
    if end + 1 >= len(doc) or doc[end].lower_ not in ("of", "for"):
        return end
    following = tuple(t.lower_ for t in doc[end + 1 : end + 6])
    for portfolio in _portfolios():
        if following[: len(portfolio)] == portfolio and doc[end + 1].text[:1].isupper():
            return end + 1 + len(portfolio)
    return end


def appositions(phrases: list[TitlePhrase]) -> dict[int, TitlePhrase]:
    """Title phrases by the token an apposition would start with: the title, or its body before it."""
    return {p.start: p for p in phrases} | {p.body[0]: p for p in phrases if p.body and p.body[0] < p.start}


def apposition_after(doc: Doc, end: int, openers: dict[int, TitlePhrase]) -> TitlePhrase | None:
    """The title phrase set after a name that ends at token `end`: "<name>, the head of Apple,",
    "<name>, Russia's foreign minister,", "<name>, a strategist at Nordea,"."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    i = end + 1
    while i < len(doc) and doc[i].lower_ in _APPOSITION_OPENERS:
        i += 1
    phrase = openers.get(i)
    if phrase is None or phrase.start < end:
        return None
    return phrase if phrase.end >= len(doc) or doc[phrase.end].lower_ in _APPOSITION_ENDS else None


def name_after(doc: Doc, phrase: TitlePhrase) -> tuple[int, int] | None:
    """The holder's name right after a title phrase, as a token span, or None.

    "President Xi Jinping", "President of Ukraine Volodymyr Zelenskyy", "the chief executive of
    Siemens, Roland Busch," (after a comma only when the phrase names its body, and only a name of
    two words or more that is not the first of a list).
    """
    i = phrase.end
    comma = i < len(doc) and doc[i].text == ","
    if comma:
        if phrase.body is None:
            return None
        i += 1
    while i < len(doc) and doc[i].lower_.rstrip(".") in honorifics() and _capitalized(doc[i]):
        i += 1 + (
            i + 1 < len(doc) and doc[i + 1].text == "."
        )  # "Liberal Democrat spokesman Sir Menzies Campbell"
    end = i
    while end < len(doc) and end - i < _MAX_NAME_TOKENS and _name_token(doc, end, first=end == i):
        end += 1
    while end > i and not _capitalized(doc[end - 1]):
        end -= 1  # a name does not end on a particle or hyphen
    if end == i or doc[i].lower_.rstrip(".") in title_words():
        return None
    if comma and (end - i < 2 or (end < len(doc) and doc[end].lower_ in ("and", "or", "&"))):
        return None
    return (i, end)


def _name_token(doc: Doc, i: int, *, first: bool) -> bool:
    token = doc[i]
    if token.is_space or (i > 0 and doc[i - 1].whitespace_ and "\n" in doc[i - 1].whitespace_):
        return False
    if _capitalized(token):  # the parser's sentence starts inside a run of names are not trusted
        return True
    if first:
        return False
    if token.text == "-" and not doc[i - 1].whitespace_:  # "Quillinan-Meiland"
        return True
    # "von der Leyen", "ten Hag": particles inside a name, before a capitalized word
    while i < len(doc) and (
        is_particle(doc[i].lower_) or (doc[i].text == "-" and not doc[i - 1].whitespace_)
    ):
        i += 1  # "al-Gosaibi" is "al", "-", "Gosaibi" to the tokenizer
    return i < len(doc) and _capitalized(doc[i])


def _capitalized(token: Token) -> bool:
    """A word that can be part of a name: capitalized letters ("Xi", "O'Brien", "W.", "McCain")."""
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text) and token.pos_ not in ("PUNCT", "SYM", "NUM")
