"""A small hand-written story as extraction records, for tests that need to know the exact graph.

Four documents: Blinken visits Zelenskiy in Kyiv; Russia masses troops in Crimea, Blinken demands
it stop and NATO condemns it; two Johnsons (a name that means two people) and an "organization"
that is only Zelenskiy's surname misread; Russia annexing Crimea in 2014.
"""

from __future__ import annotations

from graph.knowledge import KnowledgeGraph
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Evidence, Extraction

BLINKEN = "person:antony-blinken"
ZELENSKIY = "person:volodymyr-zelenskiy"
ZELENSKIY_ORG = "organization:zelenskiy"
KYIV = "place:kyiv"
UKRAINE = "place:ukraine"
RUSSIA = "place:russia"
CRIMEA = "place:crimea"
NATO = "organization:nato"
BORIS = "person:boris-johnson"
DUSTIN = "person:dustin-johnson"
LONER = "person:ivan-loner"

VISIT = "event:d1:0"
MOBILIZE = "event:d2:0"
DEMAND = "event:d2:1"
CONDEMN = "event:d2:2"
SPEECH = "event:d3:0"
ANNEX = "event:d4:0"

VISIT_SENTENCE = "Blinken met Zelenskiy in Kyiv on Thursday."


def _entity(node_id: str, label: str, *aliases: str, mentions: int = 1, **attrs: object) -> EntityRecord:
    kind = node_id.split(":", 1)[0]
    return EntityRecord(node_id, kind, label, [label, *aliases], mentions=mentions, attrs=dict(attrs))


def _event(
    doc: str, node_id: str, event_type: str, sentence: str, *, date: str | None, mode: str | None = None
) -> EventRecord:
    evidence = [Evidence(doc, sentence, 0, len(sentence))]
    label = f"{event_type} {node_id}"
    return EventRecord(node_id, event_type, label, mode=mode, date=date, sentence=sentence, evidence=evidence)


def _edge(
    doc: str, source: str, target: str, relation: str, sentence: str, role: str | None = None
) -> EdgeRecord:
    return EdgeRecord(
        source, target, relation, role=role, evidence=[Evidence(doc, sentence, 0, len(sentence))]
    )


def story() -> list[Extraction]:
    d1 = Extraction(
        Document(
            "d1", VISIT_SENTENCE + " Zelenskiy is Ukraine's president.", title="Visit", published="2021-05-06"
        ),
        entities=[
            _entity(BLINKEN, "Antony Blinken", "Blinken", mentions=5),
            _entity(ZELENSKIY, "Volodymyr Zelenskiy", "Zelenskiy", mentions=3),
            _entity(KYIV, "Kyiv", "Kiev", mentions=2, lat=50.45, lon=30.52, country_code="UA"),
            _entity(UKRAINE, "Ukraine", mentions=4, country_code="UA"),
        ],
        events=[_event("d1", VISIT, "CONSULT", VISIT_SENTENCE, date="2021-05-06", mode="visit")],
        edges=[
            _edge("d1", BLINKEN, VISIT, "actor", VISIT_SENTENCE),
            _edge("d1", VISIT, ZELENSKIY, "recipient", VISIT_SENTENCE),
            _edge("d1", VISIT, KYIV, "location", VISIT_SENTENCE),
            _edge(
                "d1", ZELENSKIY, UKRAINE, "leader_of", "Zelenskiy is Ukraine's president.", role="President"
            ),
            _edge("d1", KYIV, UKRAINE, "located_in", VISIT_SENTENCE),
        ],
    )
    troops = "Russia massed troops in Crimea in April."
    demand = "Blinken demanded that Russia pull back."
    condemn = "NATO condemned Russia on April 22."
    d2 = Extraction(
        Document("d2", f"{troops} {demand} {condemn}", title="Troops", published="2021-04-20"),
        entities=[
            _entity(BLINKEN, "Antony Blinken", "Blinken", mentions=1),
            _entity(RUSSIA, "Russia", mentions=3),
            _entity(CRIMEA, "Crimea", mentions=1),
            _entity(NATO, "NATO", "North Atlantic Treaty Organization", mentions=1),
        ],
        events=[
            _event("d2", MOBILIZE, "MOBILIZE", troops, date="2021-04", mode="troops"),
            _event("d2", DEMAND, "REQUEST", demand, date="2021-05"),
            _event("d2", CONDEMN, "ACCUSE", condemn, date="2021-04-22"),
        ],
        edges=[
            _edge("d2", RUSSIA, MOBILIZE, "actor", troops),
            _edge("d2", MOBILIZE, CRIMEA, "location", troops),
            _edge("d2", BLINKEN, DEMAND, "actor", demand),
            _edge("d2", DEMAND, RUSSIA, "recipient", demand),
            _edge("d2", NATO, CONDEMN, "actor", condemn),
            _edge("d2", CONDEMN, RUSSIA, "recipient", condemn),
        ],
    )
    speech = "Johnson said Zelenskiy spoke."
    d3 = Extraction(
        Document("sport/d3", f"{speech} Ivan Loner watched.", title="Johnsons"),
        entities=[
            _entity(BORIS, "Boris Johnson", "Johnson", mentions=2),
            _entity(DUSTIN, "Dustin Johnson", "Johnson", mentions=2),
            _entity(ZELENSKIY_ORG, "Zelenskiy", mentions=4),
            _entity(LONER, "Ivan Loner", mentions=1),
        ],
        events=[_event("sport/d3", SPEECH, "STATEMENT", speech, date=None)],
        edges=[_edge("sport/d3", BORIS, SPEECH, "actor", speech)],
    )
    annex = "Russia annexed Crimea in 2014."
    d4 = Extraction(
        Document("d4", annex, title="Annexation", published="2021-05-01"),
        entities=[_entity(RUSSIA, "Russia", mentions=1), _entity(CRIMEA, "Crimea", mentions=1)],
        events=[_event("d4", ANNEX, "COERCE", annex, date="2014", mode="seize")],
        edges=[_edge("d4", RUSSIA, ANNEX, "actor", annex), _edge("d4", ANNEX, CRIMEA, "recipient", annex)],
    )
    return [d1, d2, d3, d4]


def write_story(kg: KnowledgeGraph) -> KnowledgeGraph:
    for extraction in story():
        kg.ingest(extraction)
    return kg
