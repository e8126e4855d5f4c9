"""What a speaker said: the clause after "said that", or the quotation the speaker tag belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extract.events.document import DocumentText

# how far a quotation may end before its speaker tag, or start after it ('," the President said')
_SPEAKER_TAG = 60


@dataclass(frozen=True, slots=True)
class Quotation:
    """Where what a speaker said lies in the text."""

    start: int
    end: int
    clause: bool  # the clause after "said (that)", rather than a quotation beside the speaker tag
    direct: bool  # the speaker's own words, in quotation marks: "I" and "we" are the speaker


def quote_of(verb: Token, text: DocumentText) -> str | None:
    """The clause after "said that", else the quotation its speaker tag is attached to
    ('"... NATO," the President said', 'He said: "..."')."""
    found = quotation_of(verb, text)
    if found is None:
        return None
    quote = text.text[found.start : found.end].strip(" ,")
    if found.clause:
        if len(quote) > 1 and quote[0] in '"\u201c' and quote[-1] in '"\u201d':
            quote = quote[1:-1]
        return quote or None
    return quote if len(quote.split()) >= 2 else None


def quotation_of(verb: Token, text: DocumentText) -> Quotation | None:
    """What the speaker of a verb of saying said, if the text shows it."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            words = [t for t in child.subtree if not (t.dep_ == "mark" and t.head.i == child.i)]
            if not words:
                return None
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            # 'said: "I spoke with ..."': the clause is a quotation of the speaker's own words
            direct = any(s < start and end <= e for s, e in text.quotations())
            return Quotation(start, end, clause=True, direct=direct)
    spans = text.quotations()
    sentence = text.sentence(verb)  # the quotation ends or starts in the speaker's sentence
    before = [
        (s, e) for s, e in spans if sentence.start_char <= e <= verb.idx and verb.idx - e <= _SPEAKER_TAG
    ]
    after = [(s, e) for s, e in spans if verb.idx <= s < sentence.end_char and s - verb.idx <= _SPEAKER_TAG]
    if not before and not after:
        return None
    start, end = before[-1] if before else after[0]
    return Quotation(start + 1, end, clause=False, direct=True)
