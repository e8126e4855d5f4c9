"""A pipeline component: a line break ends a sentence (headings, captions and bylines stand alone)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_CONTINUING = frozenset({",", ";", ":", "-", "\u2014", "\u2013", "(", "&"})


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Mark the token after a blank line (or a line break that a wrapped sentence would not make)
    as a sentence start.

    Pasted articles put headings and captions on their own lines without final punctuation; left to
    the parser they run into the next sentence and spoil its tree.
    """
    if "\n" not in doc.text:
        return doc
    last = len(doc) - 1
    for token in doc:
        if not token.is_space or "\n" not in token.text or token.i in (0, last):
            continue
        following, before = doc[token.i + 1], doc[token.i - 1]
        wrapped = following.text[:1].islower() or before.is_lower or before.text in _CONTINUING
        if "\n\n" in token.text or not wrapped:
            following.is_sent_start = True
    return doc
