"""A pipeline component: line breaks and datelines end sentences (headings and captions stand alone)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# a dateline: an upper-case place (and region or date) then a dash, on the first lines of a report
DATELINE = re.compile(
    r"\s*(?:[^\n]*\n\s*){0,3}?([A-Z][A-Z.'\- ]{2,30}|[A-Z][a-z]+(?= ?[,(]))"
    r"(?:,[ A-Za-z.0-9]{2,30}){0,2}\s*(?:\([A-Za-z .]{2,30}\))?\s*[-\u2013\u2014]{1,2}\s"
)
_OPENING_TOKENS = 80
_CONTINUING = frozenset({",", ";", ":", "-", "\u2014", "\u2013", "(", "&"})


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Preset sentence starts the parser keeps: after a line break and after a dateline."""
    _break_lines(doc)
    _break_dateline(doc)
    return doc


def opening(doc: Doc) -> str:
    """The first characters of the text (Doc.text joins every token; a dateline needs only these)."""
    return "".join(t.text_with_ws for t in doc[:_OPENING_TOKENS])


def _break_dateline(doc: Doc) -> None:
    """'KYIV, Ukraine (AP) — Russia shelled ...': the report starts after the dateline."""
    head = opening(doc)
    match = DATELINE.match(head)
    if match is None or match.end() >= len(head):
        return
    span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
    if span is not None and span.start > 0:
        span[0].is_sent_start = True


def _break_lines(doc: Doc) -> None:
    """Mark the token after a blank line (or a line break that a wrapped sentence would not make)
    as a sentence start.

    Pasted articles put headings and captions on their own lines without final punctuation; left to
    the parser they run into the next sentence and spoil its tree.
    """
    last = len(doc) - 1
    for token in doc:
        if not token.is_space or "\n" not in token.text or token.i in (0, last):
            continue
        following, before = doc[token.i + 1], doc[token.i - 1]
        wrapped = following.text[:1].islower() or before.is_lower or before.text in _CONTINUING
        if "\n\n" in token.text or not wrapped:
            following.is_sent_start = True
