"""Evidence offsets: `start`/`end` cover exactly the evidence sentence in the document as stored,
for events and facts alike, however much page furniture comes before it."""

from __future__ import annotations

from extract.documents import read_documents
from extract.errors import Failure
from extract.pipeline import Extractor
from graph.records import Document, Evidence, Extraction
from tests.conftest import SEEDS

FURNITURE = "Accessibility links\n\nSkip to content\n\nSubscribe now!\n\nAdvertisement\n\n"


def evidence(result: Extraction) -> list[Evidence]:
    found = [e for event in result.events for e in event.evidence]
    found += [e for edge in result.edges for e in edge.evidence]
    return found


def test_a_fact_after_page_furniture_points_at_its_sentence(extractor: Extractor) -> None:
    sentence = "Norwegian Foreign Minister Anniken Huitfeldt arrived in Oslo on Monday."
    text = FURNITURE + sentence + "\n\nShe met reporters at the airport."
    result = extractor.extract(Document(id="furniture", text=text))
    facts = [e for e in result.edges if e.relation == "member_of"]
    assert facts, result.edges
    for item in facts[0].evidence:
        assert (item.sentence, item.start, item.end) == (
            sentence,
            len(FURNITURE),
            len(FURNITURE) + len(sentence),
        )


def test_every_offset_covers_its_sentence_on_the_seeds(extractor: Extractor) -> None:
    documents = [d for d in read_documents([SEEDS]) if not isinstance(d, Failure)]
    checked = 0
    for document, result in zip(documents, extractor.extract_many(documents), strict=True):
        assert not isinstance(result, Failure), result
        for item in evidence(result):
            assert item.sentence and document.text[item.start : item.end] == item.sentence, item
            checked += 1
    assert checked > 100
