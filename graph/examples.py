"""The small graph, and the small store, the examples in the graph's docstrings run on.

Two people, a place and what joins them: Ann Lee met Bo Ek in Kyiv (event:1, a CONSULT on
2021-05-06: Ann the actor, Bo the recipient, Kyiv the location), Ann chairs Bo (a `leader_of` fact
with the role "Chair"), and Bo spoke in 2022 (event:2, a STATEMENT, Bo the actor). The attributes
are those the store gives merged nodes and edges (graph.records), long text included.

`example_knowledge` is the same story read from one document, d1, and kept in a throwaway store:
what the examples of the store, the live graph and the exports that stream from the store use.

>>> g = example_graph()
>>> sorted(g.nodes), g.number_of_edges()
(['event:1', 'event:2', 'person:ann-lee', 'person:bo-ek', 'place:kyiv'], 5)
>>> kg = example_knowledge()
>>> with kg.reading() as live:
...     sorted(live.nodes) == sorted(g.nodes), live.number_of_edges()
(True, 5)
>>> kg.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Evidence, Extraction

if TYPE_CHECKING:
    from graph.knowledge import KnowledgeGraph

__all__ = ["TEXT", "example_extraction", "example_graph", "example_knowledge"]

TEXT = "Ann Lee met Bo Ek in Kyiv. She chairs him. Bo Ek spoke in 2022."


def example_graph() -> nx.MultiDiGraph:
    """A new copy of the example graph (see the module docstring)."""
    g = nx.MultiDiGraph()
    g.add_node("person:ann-lee", kind="person", label="Ann Lee", mentions=3)
    g.add_node("person:bo-ek", kind="person", label="Bo Ek", mentions=2)
    g.add_node("place:kyiv", kind="place", label="Kyiv", mentions=1, country_code="UA", lat=50.45, lon=30.52)
    for event_id, event_type, label, date, sentence in (
        ("event:1", "CONSULT", "Ann Lee CONSULT Bo Ek", "2021-05-06", "Ann Lee met Bo Ek in Kyiv."),
        ("event:2", "STATEMENT", "Bo Ek STATEMENT", "2022", "Bo Ek spoke in 2022."),
    ):
        g.add_node(
            event_id,
            kind="event",
            event_type=event_type,
            label=label,
            date=date,
            sentence=sentence,
            doc_ids=["d1"],
        )
    g.add_edge("person:ann-lee", "event:1", "actor", relation="actor")
    g.add_edge("event:1", "person:bo-ek", "recipient", relation="recipient")
    g.add_edge("event:1", "place:kyiv", "location", relation="location")
    g.add_edge("person:ann-lee", "person:bo-ek", "leader_of", relation="leader_of", role="Chair")
    g.add_edge("person:bo-ek", "event:2", "actor", relation="actor")
    return g


def example_extraction() -> Extraction:
    """The example story as one reading of document d1 (see the module docstring)."""
    ann = EntityRecord("person:ann-lee", "person", "Ann Lee", mentions=3)
    bo = EntityRecord("person:bo-ek", "person", "Bo Ek", mentions=2)
    kyiv = EntityRecord(
        "place:kyiv", "place", "Kyiv", attrs={"country_code": "UA", "lat": 50.45, "lon": 30.52}
    )
    met, spoke = TEXT.index("Ann Lee met"), TEXT.index("Bo Ek spoke")
    meeting = EventRecord(
        "event:1",
        "CONSULT",
        "Ann Lee CONSULT Bo Ek",
        mode="meet",
        date="2021-05-06",
        evidence=[Evidence("d1", "Ann Lee met Bo Ek in Kyiv.", met, met + 26)],
    )
    speech = EventRecord(
        "event:2",
        "STATEMENT",
        "Bo Ek STATEMENT",
        date="2022",
        evidence=[Evidence("d1", "Bo Ek spoke in 2022.", spoke, spoke + 20)],
    )
    edges = [
        EdgeRecord(ann.id, meeting.id, "actor"),
        EdgeRecord(meeting.id, bo.id, "recipient"),
        EdgeRecord(meeting.id, kyiv.id, "location"),
        EdgeRecord(ann.id, bo.id, "leader_of", role="Chair"),
        EdgeRecord(bo.id, speech.id, "actor"),
    ]
    document = Document("d1", TEXT, title="Ann Lee in Kyiv", url="https://example.org/d1")
    return Extraction(document, [ann, bo, kyiv], [meeting, speech], edges)


def example_knowledge() -> KnowledgeGraph:
    """A knowledge graph in a throwaway store holding `example_extraction`; `close()` it."""
    from graph.knowledge import KnowledgeGraph

    kg = KnowledgeGraph.open(":memory:")
    kg.ingest(example_extraction())
    return kg
