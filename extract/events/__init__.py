"""The event reader: a parsed document -> PLOVER events with actor, recipient, place and date.

Steps, one module each:

- `lexicon`: the trigger, role, mode and frame tables of extract/data, read once;
- `triggers`: which words of the document announce an event (one lookup per token, then the row's
  conditions on the parse);
- `grammar`: clause structure over the dependency parse (subjects, objects, governing clauses);
- `participants`: which entities a noun phrase names ("Russian troops" -> Russia);
- `arguments`: who fills each role of a trigger;
- `modality`: future, hypothetical, negated readings; `timing`: the event's date;
  `quotes`: what a speaker said;
- `reader`: all of the above for one trigger -> an `EventMention`;
- `merging`: mentions of one event -> one event; `records`: events -> graph records.

A trigger becomes an event only when some entity acts in it, or (material conflict told in the
passive) suffers it.

>>> from extract.pipeline import Extractor
>>> from graph.records import Document
>>> result = Extractor.load().extract(Document(id="d", text="Spain sent tanks to Latvia."))
>>> [(e.event_type, e.label) for e in result.events]
[('AID', 'Spain AID Latvia')]
"""

from __future__ import annotations

from spacy.tokens import Doc

from extract.entities import EntityIndex
from extract.events.lexicon import load_lexicon
from extract.events.reader import EventReader
from extract.events.records import build_records
from graph.records import Document, EdgeRecord, EventRecord

__all__ = ["extract_events"]


def extract_events(
    doc: Doc, index: EntityIndex, document: Document
) -> tuple[list[EventRecord], list[EdgeRecord]]:
    """The events one parsed document tells, and the role edges that tie them to its entities."""
    reader = EventReader(doc, index, document, load_lexicon())
    return build_records(
        list(reader.mentions()), document=document, entities=index.entities, dateline=reader.dateline()
    )
