"""One trigger's reading: the mention of an event in one sentence, before mentions are merged."""

from __future__ import annotations

from dataclasses import dataclass

from extract.dates import ResolvedDate
from extract.entities import Entity


@dataclass(slots=True)
class EventMention:
    """One trigger's reading: who did what to whom, where and when, in one sentence."""

    event_type: str
    mode: str | None
    trigger: str
    actors: list[Entity]
    recipients: list[Entity]
    locations: list[Entity]
    date: ResolvedDate | None
    sentence: str
    start: int
    end: int
    quote: str | None = None
    occasion: str | None = None  # what a statement was said on: "conference", "interview:person:marr"
    future: bool = False
    negated: bool = False
    hypothetical: bool = False

    def targets(self) -> set[str]:
        return {e.id for e in self.recipients} | {e.id for e in self.locations}
