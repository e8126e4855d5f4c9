"""Items of a list act through the sentence that leads into it.

Fact sheets and readouts list what their subject did under a lead sentence ending in a colon:
"Today, the United States carried out the following actions:" then "- Full blocking sanctions on
VTB Bank ...". An event told in such an item with no doer of its own is the lead's subject's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from extract.entities import Entity
from extract.events.document import DocumentText
from extract.events.grammar import SUBJECTS

_ITEM = re.compile(r"^\s*(?:[-\u2022*\u2013\u2014\u00b7\u25aa\u25cf]|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class Lead:
    """The sentence that leads into a list: its verb (which dates the items) and its subject."""

    verb: Token
    doers: list[Entity]


def list_leads(text: DocumentText, refer: Callable[[Token], list[Entity]]) -> Iterator[tuple[int, int, Lead]]:
    """(start, end, lead) for each list item whose lead sentence names its subject."""
    lead: Lead | None = None
    offset = 0
    for line in text.text.splitlines(keepends=True):
        start, end = offset, offset + len(line.rstrip())
        offset += len(line)
        if not line.strip():
            continue
        if _ITEM.match(line):
            if lead is not None:
                yield start, end, lead
            continue
        lead = _lead(text, end, refer) if line.rstrip().endswith(":") else None


def _lead(text: DocumentText, end: int, refer: Callable[[Token], list[Entity]]) -> Lead | None:
    """The sentence that ends (with its colon) at `end`, if its subject names someone."""
    span = text.doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None:
        return None
    sentence: Span = text.sentence(span[0])
    root = sentence.root
    doers = [e for s in root.children if s.dep_ in SUBJECTS for e in refer(s)]
    return Lead(root, doers) if doers else None
