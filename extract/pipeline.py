"""Run the steps in order: clean text -> spaCy -> entities -> facts -> events -> one Extraction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extract.acronyms import with_defined_acronyms
from extract.clean import clean_text
from extract.coref import resolve_references
from extract.entities import EntityIndex, read_entities
from extract.errors import ExtractionError, Failure
from extract.events import extract_events
from extract.facts import extract_facts, read_titles
from extract.nlp import DEFAULT_MODEL, load_pipeline
from graph.records import Document, Extraction


@dataclass(slots=True)
class Extractor:
    """Turns documents into extraction records; holds the loaded spaCy pipeline."""

    nlp: Language

    @classmethod
    def load(cls, model: str = DEFAULT_MODEL) -> Extractor:
        return cls(load_pipeline(model))

    def extract(self, document: Document) -> Extraction:
        result = next(iter(self.extract_many([document])))
        if isinstance(result, Failure):
            raise ExtractionError(f"document {result.where!r}: {result.reason}")
        return result

    def extract_many(
        self, documents: Iterable[Document], *, batch_size: int = 32
    ) -> Iterator[Extraction | Failure]:
        """Extract each document, streaming texts through `nlp.pipe` in batches."""
        limit = self.nlp.max_length

        def pairs() -> Iterator[tuple[str, tuple[Document, int]]]:
            for d in documents:
                text = clean_text(d.text, source=d.source, title=d.title)
                # spaCy raises on a text over max_length, which would stop the whole batch.
                yield ("", (d, len(text))) if len(text) > limit else (text, (d, 0))

        for spacy_doc, (document, too_long) in self.nlp.pipe(pairs(), as_tuples=True, batch_size=batch_size):
            if too_long:
                yield Failure(document.id, f"the text has {too_long:,} characters; at most {limit:,} allowed")
                continue
            try:
                yield read_doc(spacy_doc, document)
            except Exception as exc:  # one bad document must not stop the batch
                yield Failure(document.id, f"extraction failed: {exc!r}")


def read_doc(spacy_doc: Doc, document: Document) -> Extraction:
    """Everything one parsed document says, as graph records."""
    entities, names = read_entities(spacy_doc)
    index = EntityIndex(entities)
    titles = read_titles(spacy_doc, entities, index, names.titles)
    titles += resolve_references(spacy_doc, entities, titles, names.references, document, index)
    facts = extract_facts(spacy_doc, entities, titles, index, document)
    index = EntityIndex(entities)  # events look up who a token refers to here
    events, role_edges = extract_events(spacy_doc, index, document)
    return Extraction(
        document=document,
        entities=with_defined_acronyms([e.record() for e in entities], spacy_doc.text),
        events=events,
        edges=[*facts, *role_edges],
    )
