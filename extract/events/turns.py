"""Turns of a transcript: what follows a speaker's label ("President of Russia Vladimir Putin: ...")
is a statement by that speaker, though no verb of saying tells it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.tokens import Span

from extract.entities import Entity
from extract.events.document import DocumentText

# a line that opens with a label of capitalized words (and the small words of titles) and a colon
_WORD = r"(?:[A-Z][\w.'\u2019\-]*|of|the|and|de|da|von|der|van|al|bin)"
_LABEL = re.compile(rf"^[ \t]*({_WORD}(?:[ \t]+{_WORD}){{0,9}}):[ \t]+\S", re.MULTILINE)


def speaker_turns(
    text: DocumentText, at: Callable[[int, int], Entity | None]
) -> Iterator[tuple[Entity, Span]]:
    """(speaker, first sentence of the turn) for each labelled turn whose label names a person."""
    for match in _LABEL.finditer(text.text):
        end = match.end(1)
        speaker = at(end - 1, end)  # the label ends with the name: "President of Russia Vladimir Putin"
        if speaker is None or speaker.kind != "person":
            continue
        first = text.doc.char_span(match.end() - 1, match.end(), alignment_mode="expand")
        if first is not None:
            yield speaker, text.sentence(first[0])
