"""Turns of a transcript: what follows a speaker's label ("President of Russia Vladimir Putin: ...")
is a statement by that speaker, though no verb of saying tells it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.tokens import Span

from extract.entities import Entity
from extract.events.document import DocumentText

# a label of capitalized words (and the small words of titles) and a colon, opening a line or, in
# transcripts scraped into one paragraph, following the end of the last turn's sentence
_WORD = r"(?:[A-Z][\w.'\u2019\-]*|of|the|and|de|da|von|der|van|al|bin)"
_LABEL = re.compile(
    rf"(?:^|(?<=[.!?][\"\u201d ]) |(?<=[.!?]) )[ \t]*({_WORD}(?:[ \t]+{_WORD}){{0,9}})"
    rf"(?:[ \t]*\([^)\n]{{1,30}}\))?:[ \t]+\S",
    re.MULTILINE,
)


def speaker_turns(
    text: DocumentText, at: Callable[[int, int], Entity | None]
) -> Iterator[tuple[Entity, Span]]:
    """(speaker, first sentence of the turn) for each labelled turn whose label names a person."""
    for match in _LABEL.finditer(text.text):
        # the person the label names, after any title: "President of Russia Vladimir Putin"
        label = text.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        named = [at(t.idx, t.idx + len(t.text)) for t in label] if label is not None else []
        persons = [e for e in named if e is not None and e.kind == "person"]
        if not persons or any(p.id != persons[0].id for p in persons):
            continue
        speaker = persons[0]
        first = text.doc.char_span(match.end() - 1, match.end(), alignment_mode="expand")
        if first is not None:
            yield speaker, text.sentence(first[0])
