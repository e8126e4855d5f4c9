"""Questions asked of the live graph: who is this, who is around them, what joins two of them.

Every function reads a MultiDiGraph (the caller holds `KnowledgeGraph.reading()`) and returns
plain dicts and lists that the API serializes as they are, each shape declared once as a TypedDict
in graph.answers. The walks read networkx's own dicts through graph.nxfast. The live graph keeps
no long text (graph.texts): the functions whose answers show sentences, quotes or evidence take
`texts`, where to read them (the store), and read them in one batch per answer; without it they
are read from the graph's own attribute dicts.

A *hop* joins two entities either by a fact (an edge between them: `leader_of`, `member_of`,
`located_in`, ...) or through one event they both take part in (actor -> event -> recipient,
or any two roles of the same event). So depth 1 around Blinken holds his events and everyone
else in them; the event node sits between the two entities and is not a hop of its own.
Traversals read the graph as undirected: role edges point from actor to recipient, and the
question "who is around X" does not care which way.

The parameters every function shares are described here once, not in each function's docstring:
`g`, the graph, held still by the caller (``KnowledgeGraph.reading()``) and only read; `texts`,
where the long text the graph does not keep is read from (the store; graph.texts), None reading
it from the graph's own attribute dicts.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import nxfast
from graph.answers import (
    Contributions,
    EntityDetail,
    EntityHit,
    EntityRef,
    EventDetail,
    EventRef,
    EventSummary,
    Fact,
    Path,
    PathStep,
    RankedEntity,
    RelatedEntity,
    Relation,
    Subgraph,
)
from graph.answers import Rankings as TopRanked
from graph.derived import Rankings
from graph.errors import AmbiguousEntity, EntityNotFound, EventNotFound
from graph.search import NameIndex, normalize_name
from graph.texts import EdgeKey, TextSource, edge_texts, node_texts, with_text
from graph.timeline import Timeline, covers, date_order
from graph.vocabulary import ENTITY_KINDS

__all__ = [
    "CLOSEST",
    "DOMINANT_MENTIONS",
    "PATH_BUDGET",
    "RESOLVE_SCORE",
    "SEARCH_CANDIDATES",
    "SEARCH_TIE",
    "EventFilter",
    "Filters",
    "contributions",
    "count_facts",
    "entity_detail",
    "entity_page",
    "entity_ref",
    "event_detail",
    "event_page",
    "event_summaries",
    "event_summary",
    "events_in_time",
    "events_of",
    "fact_record",
    "is_event",
    "neighborhood",
    "relationships",
    "resolve_entity",
    "roles_in",
    "shortest_paths",
    "top_ranked",
]

# An entity of another kind that carries only a person's surname ("Zelenskiy" read as an
# organization) yields to that person when a name would otherwise be ambiguous.
_SURNAME_KINDS = frozenset({"organization", "place"})
# ... and a name still shared by several entities goes to the one with this many times the
# mentions of the next, because that is what the name means in these articles.
DOMINANT_MENTIONS = 3
# A name no entity carries resolves through entity search: to its best hit when that scores at
# least RESOLVE_SCORE (a one-letter typo or a long prefix of a name, not a fragment) and no other
# entity scores within SEARCH_TIE of it; otherwise the answer lists the CLOSEST names.
RESOLVE_SCORE = 75.0
SEARCH_TIE = 5.0
SEARCH_CANDIDATES = 10
CLOSEST = 5

_EVENT_FIELDS = frozenset({"kind", "label", "event_type", "mode", "date", "sentence", "quote", "evidence"})
_EVENT_ROLES = {"actor": "actors", "recipient": "recipients", "location": "locations"}


def is_event(g: nx.MultiDiGraph, node_id: str) -> bool:
    """Whether `node_id`, a node of `g`, is an event node (not an entity).

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> is_event(g, "event:1"), is_event(g, "person:ann-lee")
    (True, False)
    """
    return nxfast.nodes(g)[node_id].get("kind") == "event"


def entity_ref(g: nx.MultiDiGraph, node_id: str) -> EntityRef:
    """The short form of a node other answers point to.

    Parameters
    ----------
    node_id : str
        A node of `g`, entity or event.

    Returns
    -------
    EntityRef
        Its id, label (the id when it has none), kind and mention count.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> entity_ref(g, "person:ann-lee")
    {'id': 'person:ann-lee', 'label': 'Ann Lee', 'kind': 'person', 'mentions': 3}
    """
    data = nxfast.nodes(g)[node_id]
    return {
        "id": node_id,
        "label": data.get("label") or node_id,
        "kind": data.get("kind") or "",
        "mentions": int(data.get("mentions") or 0),
    }


# -- naming an entity -------------------------------------------------------------------------


def resolve_entity(g: nx.MultiDiGraph, ref: str, *, names: NameIndex, events: bool = False) -> str:
    """The node `ref` names: an id, a label or alias, the surname of one person, or else the name
    that entity search ranks first (typos and partial names forgiven), when it clearly leads.

    Parameters
    ----------
    ref : str
        What a user typed: an id or a name.
    names : NameIndex
        The graph's name index (graph.search), in step with `g`.
    events : bool, default False
        Accept an event id too.

    Returns
    -------
    str
        The node id.

    Raises
    ------
    AmbiguousEntity
        The name fits several entities about equally (`candidates` lists them).
    EntityNotFound
        The name fits none (`candidates` lists the closest names).

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> from graph.search import NameIndex
    >>> names = NameIndex.build(g)
    >>> resolve_entity(g, "Ann Lee", names=names), resolve_entity(g, "lee", names=names)
    ('person:ann-lee', 'person:ann-lee')
    >>> resolve_entity(g, "Anne Lee", names=names)  # a typo
    'person:ann-lee'
    >>> resolve_entity(g, "Cy", names=names)
    Traceback (most recent call last):
    ...
    graph.errors.EntityNotFound: no entity matches 'Cy'
    """
    if ref in g:
        if nxfast.nodes(g)[ref].get("kind") in ENTITY_KINDS or (events and is_event(g, ref)):
            return ref
        raise EntityNotFound(ref, _closest(g, ref, names))
    candidates = names.exact(ref) or names.surname(ref)
    if candidates:
        return _choose(g, ref, candidates)
    hits = names.search(ref, limit=SEARCH_CANDIDATES).hits if normalize_name(ref) else []
    if not hits or hits[0].score < RESOLVE_SCORE:
        raise EntityNotFound(ref, _closest(g, ref, names))
    leaders = [h for h in hits if h.score >= hits[0].score - SEARCH_TIE]
    matched = {normalize_name(h.name) for h in leaders}
    # several entities under one matched name ("Zelensky" -> the alias "Zelenskiy") compare as exact ones
    name = leaders[0].name if len(matched) == 1 else ref
    return _choose(g, name, list(dict.fromkeys(h.id for h in leaders)), asked=ref)


def _choose(g: nx.MultiDiGraph, name: str, candidates: list[str], *, asked: str | None = None) -> str:
    """The one entity of several carrying `name` that the name means here, or AmbiguousEntity."""
    if len(candidates) > 1:
        candidates = _prefer_people(g, name, candidates)
    if len(candidates) > 1:
        nodes = nxfast.nodes(g)
        ranked = sorted(candidates, key=lambda c: (-int(nodes[c].get("mentions") or 0), c))
        top, runner_up = (int(nodes[c].get("mentions") or 0) for c in ranked[:2])
        if top < DOMINANT_MENTIONS * max(runner_up, 1):
            raise AmbiguousEntity(asked or name, [entity_ref(g, c) for c in ranked])
        candidates = ranked[:1]
    return candidates[0]


def _closest(g: nx.MultiDiGraph, ref: str, names: NameIndex) -> list[EntityRef]:
    """Entities whose names come closest to `ref`: its search hits, else those of each word alone."""
    hits = names.search(ref, limit=CLOSEST).hits if normalize_name(ref) else []
    if not hits:
        best: dict[str, float] = {}
        for word in dict.fromkeys(normalize_name(ref).split()):
            for hit in names.search(word, limit=CLOSEST).hits:
                best[hit.id] = max(best.get(hit.id, 0.0), hit.score)
        nodes = nxfast.nodes(g)
        ranked = sorted(best, key=lambda i: (-best[i], -int(nodes[i].get("mentions") or 0), i))
        return [entity_ref(g, i) for i in ranked[:CLOSEST]]
    return [entity_ref(g, h.id) for h in hits]


def _prefer_people(g: nx.MultiDiGraph, ref: str, candidates: list[str]) -> list[str]:
    nodes = nxfast.nodes(g)
    surnames = {
        normalize_name(nodes[c].get("label", "")).rsplit(" ", 1)[-1]
        for c in candidates
        if nodes[c].get("kind") == "person" and " " in normalize_name(nodes[c].get("label", ""))
    }
    name = normalize_name(ref)
    if name not in surnames:
        return candidates
    return [
        c
        for c in candidates
        if not (nodes[c].get("kind") in _SURNAME_KINDS and normalize_name(nodes[c].get("label", "")) == name)
    ]


# -- one entity or event ----------------------------------------------------------------------


def _incident(g: nx.MultiDiGraph, node_id: str) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """(other end, source, target, key, data) for every edge at `node_id`, out-edges first."""
    # the adjacency dicts themselves: networkx's read-only views cost a call per lookup (graph.nxfast)
    for other, keyed in nxfast.succ(g)[node_id].items():
        for key, data in keyed.items():
            yield other, node_id, other, key, data
    for other, keyed in nxfast.pred(g)[node_id].items():
        for key, data in keyed.items():
            yield other, other, node_id, key, data


def _relation(key: str, data: Mapping[str, Any]) -> str:
    return str(data.get("relation") or key)


def fact_record(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    key: str,
    data: Mapping[str, Any],
    *,
    text: Mapping[str, Any] | None = None,
) -> Fact:
    """A fact edge (``leader_of``, ``member_of``, ``located_in``, ...) as answers show it.

    Parameters
    ----------
    source, target, key : str
        The edge.
    data : Mapping
        Its attributes.
    text : Mapping, optional
        Its long text (evidence) when the graph does not keep it (graph.texts).

    Returns
    -------
    Fact
        Both ends' short forms, the relation, the role, the first evidence sentence, the evidence
        and the documents.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> edge = ("person:ann-lee", "person:bo-ek", "leader_of")
    >>> fact = fact_record(g, *edge, g.edges[edge])
    >>> fact["relation"], fact["role"], fact["target"]["label"]
    ('leader_of', 'Chair', 'Bo Ek')
    """
    evidence = list((data if text is None else text).get("evidence") or ())
    return {
        "source": entity_ref(g, source),
        "target": entity_ref(g, target),
        "relation": _relation(key, data),
        "role": data.get("role"),
        "sentence": evidence[0].get("sentence") if evidence else None,
        "evidence": evidence,
        "doc_ids": list(data.get("doc_ids") or ()),
    }


def entity_detail(g: nx.MultiDiGraph, entity_id: str, *, texts: TextSource | None = None) -> EntityDetail:
    """Everything the graph holds about one entity: names, facts, documents, counts, coordinates.

    Parameters
    ----------
    entity_id : str
        An entity of `g` (a person, organization or place; not an event).

    Returns
    -------
    EntityDetail
        Its short form, aliases, documents, degree, coordinates (places), the facts it takes part
        in (`roles`), its events counted by type, and its other attributes.

    Raises
    ------
    EntityNotFound
        `entity_id` is an event.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> detail = entity_detail(g, "person:ann-lee")
    >>> detail["degree"], detail["event_types"], [f["relation"] for f in detail["roles"]]
    (2, {'CONSULT': 1}, ['leader_of'])
    """
    data = nxfast.nodes(g)[entity_id]
    if data.get("kind") not in ENTITY_KINDS:
        raise EntityNotFound(entity_id)
    fact_edges: list[tuple[EdgeKey, Mapping[str, Any]]] = []
    events: dict[str, set[str]] = {}
    for other, source, target, key, edge in _incident(g, entity_id):
        if is_event(g, other):
            events.setdefault(nxfast.nodes(g)[other].get("event_type") or "", set()).add(other)
        else:
            fact_edges.append(((source, target, key), edge))
    said = edge_texts(g, (e for e, _ in fact_edges), texts)
    facts = [fact_record(g, *e, edge, text=said[e]) for e, edge in fact_edges]
    facts.sort(key=lambda f: (f["relation"], f["source"]["id"], f["target"]["id"]))
    known = {"kind", "label", "aliases", "doc_ids", "mentions", "lat", "lon", "country_code"}
    return {
        **entity_ref(g, entity_id),
        "aliases": list(data.get("aliases") or ()),
        "doc_ids": list(data.get("doc_ids") or ()),
        "degree": g.degree(entity_id),
        "lat": data.get("lat"),
        "lon": data.get("lon"),
        "country_code": data.get("country_code"),
        "roles": facts,
        "event_count": sum(len(ids) for ids in events.values()),
        "event_types": {t: len(ids) for t, ids in sorted(events.items())},
        "attributes": {k: v for k, v in data.items() if k not in known},
    }


def event_summary(g: nx.MultiDiGraph, event_id: str, *, texts: TextSource | None = None) -> EventSummary:
    """An event with its participants by role.

    Parameters
    ----------
    event_id : str
        An event of `g`.

    Returns
    -------
    EventSummary
        Its type, mode, label, date, sentence and quote; its actors, recipients, locations and
        other participants; its documents and other attributes.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> summary = event_summary(g, "event:1")
    >>> summary["sentence"]
    'Ann Lee met Bo Ek in Kyiv.'
    >>> [(role, [p["label"] for p in summary[role]]) for role in ("actors", "recipients", "locations")]
    [('actors', ['Ann Lee']), ('recipients', ['Bo Ek']), ('locations', ['Kyiv'])]
    """
    return _summary(g, event_id, node_texts(g, [event_id], texts)[event_id])


def event_summaries(
    g: nx.MultiDiGraph, event_ids: list[str], *, texts: TextSource | None = None
) -> list[EventSummary]:
    """`event_summary` of each event, their text read in one batch.

    Parameters
    ----------
    event_ids : list of str
        Events of `g`.

    Returns
    -------
    list of EventSummary
        In the order of `event_ids`.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> [s["label"] for s in event_summaries(g, ["event:1"])]
    ['Ann Lee CONSULT Bo Ek']
    """
    said = node_texts(g, event_ids, texts)
    return [_summary(g, event_id, said[event_id]) for event_id in event_ids]


def _summary(g: nx.MultiDiGraph, event_id: str, text: Mapping[str, Any]) -> EventSummary:
    """The summary of an event; `text` holds what the graph keeps in the store only (graph.texts)."""
    data = {**nxfast.nodes(g)[event_id], **text}
    roles: dict[str, list[EntityRef]] = {"actors": [], "recipients": [], "locations": []}
    others: list[RelatedEntity] = []
    seen: set[tuple[str, str]] = set()
    for other, _, _, key, edge in _incident(g, event_id):
        relation = _relation(key, edge)
        if (relation, other) in seen:
            continue
        seen.add((relation, other))
        if relation in _EVENT_ROLES:
            roles[_EVENT_ROLES[relation]].append(entity_ref(g, other))
        else:
            others.append({**entity_ref(g, other), "relation": relation})
    return {
        "id": event_id,
        "type": data.get("event_type") or "",
        "mode": data.get("mode"),
        "label": data.get("label") or event_id,
        "date": data.get("date"),
        "sentence": text.get("sentence") or "",
        "quote": text.get("quote"),
        "actors": roles["actors"],
        "recipients": roles["recipients"],
        "locations": roles["locations"],
        "others": others,
        "doc_ids": list(data.get("doc_ids") or ()),
        "attributes": {k: v for k, v in data.items() if k not in _EVENT_FIELDS and k != "doc_ids"},
    }


def event_detail(g: nx.MultiDiGraph, event_id: str, *, texts: TextSource | None = None) -> EventDetail:
    """An event's summary and its evidence.

    Parameters
    ----------
    event_id : str
        What a user asked for.

    Returns
    -------
    EventDetail

    Raises
    ------
    EventNotFound
        `event_id` is not an event of `g`.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> event_detail(g, "event:1")["evidence"]
    []
    """
    if event_id not in g or not is_event(g, event_id):
        raise EventNotFound(event_id)
    text = node_texts(g, [event_id], texts)[event_id]
    return {**_summary(g, event_id, text), "evidence": list(text.get("evidence") or ())}


def events_of(g: nx.MultiDiGraph, entity_id: str, *, role: str | None = None) -> set[str]:
    """The events `entity_id` takes part in, in the given role when one is given.

    Parameters
    ----------
    entity_id : str
        An entity of `g`.
    role : str, optional
        ``actor``, ``recipient``, ``location``, ...

    Returns
    -------
    set of str
        The ids of its events.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> sorted(events_of(g, "person:bo-ek")), events_of(g, "person:bo-ek", role="recipient")
    (['event:1', 'event:2'], {'event:1'})
    """
    found: set[str] = set()
    nodes = nxfast.nodes(g)
    for other, _, _, key, edge in _incident(g, entity_id):
        if nodes[other].get("kind") == "event" and (role is None or _relation(key, edge) == role):
            found.add(other)
    return found


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events an answer keeps: those of `types` (None: any) that fall in [since, until]
    (an event without a date falls in no range)."""

    types: Collection[str] | None = None
    since: str | None = None
    until: str | None = None

    def keeps(self, data: Mapping[str, Any]) -> bool:
        """Whether an event node with these attributes passes."""
        types, since, until = self.types, self.since, self.until
        if types and data.get("event_type") not in types:
            return False
        if not (since or until):
            return True
        date = data.get("date")
        if not date:
            return False
        return covers(date, since, until)


def events_in_time(
    g: nx.MultiDiGraph, event_ids: Iterable[str], within: EventFilter, *, descending: bool = False
) -> list[str]:
    """Those of `event_ids` that pass `within`, in time order (newest first when `descending`),
    undated ones last either way, as the timeline orders them.

    Parameters
    ----------
    event_ids : iterable of str
        Events of `g`.
    within : EventFilter
        The types and the date range kept.
    descending : bool, default False
        Newest first.

    Returns
    -------
    list of str
        The ids of the events kept, in time order.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> events_in_time(g, ["event:1"], EventFilter(types={"CONSULT"}, since="2021-05"))
    ['event:1']
    >>> events_in_time(g, ["event:1"], EventFilter(until="2020"))
    []
    """
    nodes = nxfast.nodes(g)
    rows = [
        date_order(nodes[event_id].get("date"), event_id)
        for event_id in event_ids
        if within.keeps(nodes[event_id])
    ]
    dated = sorted((r for r in rows if not r[0]), reverse=descending)
    undated = sorted((r for r in rows if r[0]), reverse=descending)
    return [event_id for _, _, event_id in dated + undated]


def event_page(
    g: nx.MultiDiGraph,
    timeline: Timeline,
    *,
    participants: Mapping[str, str] | None = None,
    within: EventFilter = EventFilter(),
    descending: bool = False,
    limit: int = 50,
    offset: int = 0,
    texts: TextSource | None = None,
) -> tuple[int, list[EventSummary]]:
    """(how many events match, the summaries of one page of them in time order).

    Every filter given must hold: `participants` maps a role (actor, recipient, location) to the
    entity that must have it, and the events pass `within`. Without participants the timeline's
    index answers.

    Parameters
    ----------
    timeline : Timeline
        The graph's timeline (graph.timeline), in step with `g`.
    participants : Mapping of str to str, optional
        Role -> entity id.
    within : EventFilter, optional
        The types and the date range kept.
    descending : bool, default False
        Newest first.
    limit, offset : int
        The page.

    Returns
    -------
    total : int
        How many events pass the filters, on all pages.
    items : list of EventSummary
        The page of them, in date order (undated last).

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> from graph.timeline import Timeline
    >>> total, items = event_page(g, Timeline(g), participants={"recipient": "person:bo-ek"})
    >>> total, [e["id"] for e in items]
    (1, ['event:1'])
    """
    if participants:
        found: set[str] | None = None
        for role, entity_id in participants.items():
            ids = events_of(g, entity_id, role=role)
            found = ids if found is None else found & ids
        ordered = events_in_time(g, found or (), within, descending=descending)
        total, page = len(ordered), ordered[offset : offset + limit]
    else:
        total, page = timeline.page(
            types=within.types,
            since=within.since,
            until=within.until,
            descending=descending,
            limit=limit,
            offset=offset,
        )
    return total, event_summaries(g, page, texts=texts)


# -- what joins two entities ------------------------------------------------------------------


def roles_in(g: nx.MultiDiGraph, entity_id: str, event_id: str) -> list[str]:
    """The roles `entity_id` has in `event_id` (``actor``, ``recipient``, ``location``, ...), sorted.

    Parameters
    ----------
    entity_id, event_id : str
        An entity and an event of `g`.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> roles_in(g, "person:bo-ek", "event:1")
    ['recipient']
    """
    succ = nxfast.succ(g)
    keyed = {**succ[entity_id].get(event_id, {}), **succ[event_id].get(entity_id, {})}
    return sorted({_relation(key, data) for key, data in keyed.items()})


def relationships(
    g: nx.MultiDiGraph, source: str, target: str, *, texts: TextSource | None = None
) -> list[Relation]:
    """Every event both entities take part in (with its participants by role) and every fact
    between them, in time order.

    Parameters
    ----------
    source, target : str
        Two entities of `g`.

    Returns
    -------
    list of Relation
        Events and facts, each with both entities' roles in it, its evidence and documents; facts
        (undated) last.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> found = relationships(g, "person:ann-lee", "person:bo-ek")
    >>> [(r["kind"], r["type"], r["source_roles"]) for r in found]
    [('event', 'CONSULT', ['actor']), ('fact', 'leader_of', ['source'])]
    """
    items: list[Relation] = []
    # walk the neighbors of whichever entity has fewer; look each up in the other's adjacency
    succ, pred = nxfast.succ(g), nxfast.pred(g)
    near, far = sorted((source, target), key=lambda n: len(succ[n]) + len(pred[n]))
    far_out, far_in = succ[far], pred[far]
    shared = {n for n in itertools.chain(succ[near], pred[near]) if n in far_out or n in far_in}
    nodes = nxfast.nodes(g)
    events = sorted(n for n in shared if nodes[n].get("kind") == "event")
    facts = [(a, b, key) for a, b in ((source, target), (target, source)) for key in succ[a].get(b, {})]
    said, cited = node_texts(g, events, texts), edge_texts(g, facts, texts)
    for a, b, key in facts:
        fact = fact_record(g, a, b, key, succ[a][b][key], text=cited[(a, b, key)])
        items.append(
            {
                "kind": "fact",
                "id": f"{a}|{key}|{b}",
                "type": fact["relation"],
                "mode": None,
                "label": f"{fact['source']['label']} {fact['relation']} {fact['target']['label']}",
                "date": None,
                "sentence": fact["sentence"],
                "quote": None,
                "role": fact["role"],
                "source_roles": ["source" if a == source else "target"],
                "target_roles": ["target" if a == source else "source"],
                "actors": None,
                "recipients": None,
                "locations": None,
                "others": None,
                "evidence": fact["evidence"],
                "doc_ids": fact["doc_ids"],
            }
        )
    for event_id in events:
        summary = _summary(g, event_id, said[event_id])
        items.append(
            {
                "kind": "event",
                "id": event_id,
                "type": summary["type"],
                "mode": summary["mode"],
                "date": summary["date"],
                "label": summary["label"],
                "sentence": summary["sentence"],
                "quote": summary["quote"],
                "role": None,
                "source_roles": roles_in(g, source, event_id),
                "target_roles": roles_in(g, target, event_id),
                "actors": summary["actors"],
                "recipients": summary["recipients"],
                "locations": summary["locations"],
                "others": summary["others"],
                "evidence": list(said[event_id].get("evidence") or ()),
                "doc_ids": summary["doc_ids"],
            }
        )
    items.sort(key=lambda item: date_order(item.get("date"), item.get("id") or ""))
    return items


# -- around a node ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """What a traversal may pass through; None lets everything through."""

    relations: frozenset[str] | None = None
    kinds: frozenset[str] | None = None  # entity kinds
    event_types: frozenset[str] | None = None

    def edge(self, key: str, data: Mapping[str, Any]) -> bool:
        return self.relations is None or _relation(key, data) in self.relations

    def node(self, data: Mapping[str, Any]) -> bool:
        """Whether a node with these attributes may be passed through."""
        if data.get("kind") == "event":
            return self.event_types is None or data.get("event_type") in self.event_types
        return self.kinds is None or data.get("kind") in self.kinds


def _step(g: nx.MultiDiGraph, entity_id: str, filters: Filters, expanded: set[str]) -> Iterator[str]:
    """Nodes one hop from an entity in walk order: each event, then the entities in it."""
    nodes = nxfast.nodes(g)
    for other, _, _, key, edge in _incident(g, entity_id):
        data = nodes[other]
        if not filters.edge(key, edge) or not filters.node(data):
            continue
        yield other
        if data.get("kind") == "event" and other not in expanded:
            expanded.add(other)
            for third, _, _, key2, edge2 in _incident(g, other):
                known = nodes[third]
                if filters.edge(key2, edge2) and known.get("kind") != "event" and filters.node(known):
                    yield third


def neighborhood(
    g: nx.MultiDiGraph,
    center: str,
    *,
    depth: int = 1,
    filters: Filters | None = None,
    limit: int = 200,
    texts: TextSource | None = None,
) -> Subgraph:
    """The subgraph within `depth` hops of `center`, as node-link data (graph JSON).

    Nodes are added breadth first, so when `limit` stops the walk the nearest ones are kept;
    ``graph.truncated`` says so. A hop joins two entities through a fact or through one event
    both take part in; the event node is included between them.

    Parameters
    ----------
    center : str
        An entity or an event of `g`.
    depth : int, default 1
        Hops.
    filters : Filters, optional
        The relations, entity kinds and event types the walk may pass through.
    limit : int, default 200
        Most nodes returned.

    Returns
    -------
    Subgraph
        Node-link data; each node carries `hop`, its distance from the center.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> around = neighborhood(g, "person:ann-lee")
    >>> sorted((n["id"], n["hop"]) for n in around["nodes"])
    [('event:1', 1), ('person:ann-lee', 0), ('person:bo-ek', 1), ('place:kyiv', 1)]
    >>> around["graph"]["truncated"], len(around["edges"])
    (False, 4)
    """
    filters = filters or Filters()
    hop: dict[str, int] = {center: 0}
    truncated = False

    def add(node_id: str, distance: int) -> bool:
        nonlocal truncated
        if node_id in hop:
            return True
        if len(hop) >= limit:
            truncated = True
            return False
        hop[node_id] = distance
        return True

    data_of = nxfast.nodes(g)
    if is_event(g, center):
        frontier = [
            other
            for other, _, _, key, edge in _incident(g, center)
            if filters.edge(key, edge) and filters.node(data_of[other]) and add(other, 1)
        ]
        level = 1
    else:
        frontier, level = [center], 0
    expanded: set[str] = {center}
    while level < depth and frontier and not truncated:
        following: list[str] = []
        for entity_id in frontier:
            for other in _step(g, entity_id, filters, expanded):
                if other in hop:
                    continue
                if not add(other, level + 1):
                    break
                if data_of[other].get("kind") != "event":
                    following.append(other)
            if truncated:
                break
        frontier, level = following, level + 1
    among = [(source, target, key) for source, target, key, _ in _edges_among(g, hop.keys(), filters)]
    node_data, edge_data = with_text(g, texts, nodes=hop, edges=among)
    nodes = [{"id": node_id, **node_data[node_id], "hop": distance} for node_id, distance in hop.items()]
    edges = [{"source": s, "target": t, "key": k, **edge_data[(s, t, k)]} for s, t, k in among]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"center": center, "depth": depth, "truncated": truncated},
        "nodes": nodes,
        "edges": edges,
    }


def _edges_among(
    g: nx.MultiDiGraph, node_ids: Iterable[str], filters: Filters
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    members = set(node_ids)
    for source in members:
        out = nxfast.succ(g)[source]
        # a hub has more edges than the subgraph has nodes: look the members up instead
        if len(out) > len(members):
            targets = [t for t in members if t in out]
        else:
            targets = [t for t in out if t in members]
        for target in targets:
            for key, data in out[target].items():
                if filters.edge(key, data):
                    yield source, target, key, data


# -- paths ------------------------------------------------------------------------------------


# A path search that would touch more hops than this stops and says it is incomplete, so one
# question between two hubs of a large graph cannot hold the read lock for seconds.
PATH_BUDGET = 300_000


def _entity_hops(g: nx.MultiDiGraph, entity_id: str) -> Iterator[tuple[str, str | None]]:
    """(entity one hop away, the event in between or None for a fact), straight off the adjacency."""
    nodes, succ, pred = nxfast.adjacency(g)
    for other in itertools.chain(succ[entity_id], pred[entity_id]):
        if nodes[other].get("kind") != "event":
            yield other, None
            continue
        for third in itertools.chain(succ[other], pred[other]):
            if third != entity_id and nodes[third].get("kind") != "event":
                yield third, other


@dataclass(slots=True)
class _Side:
    """One end of a two-way search: how each reached entity was reached, and how far it is."""

    start: str
    parents: dict[str, list[tuple[str, str | None]]]
    depth: dict[str, int]
    frontier: list[str]
    level: int = 0

    @classmethod
    def at(cls, start: str) -> _Side:
        return cls(start, {start: []}, {start: 0}, [start])

    def spread(self, g: nx.MultiDiGraph) -> int:
        succ, pred = nxfast.succ(g), nxfast.pred(g)
        return sum(len(succ[n]) + len(pred[n]) for n in self.frontier)


def shortest_paths(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_length: int = 4,
    limit: int = 5,
    budget: int = PATH_BUDGET,
    texts: TextSource | None = None,
) -> tuple[list[Path], bool]:
    """Up to `limit` shortest paths of at most `max_length` hops, each with the events on it,
    and whether the search was complete.

    A breadth-first search from both ends, one whole level at a time, always growing the side
    whose frontier has fewer edges: hubs are crossed from whichever side is cheaper.

    Parameters
    ----------
    source, target : str
        Two entities of `g`.
    max_length : int, default 4
        Most hops (an event between two entities, or a fact, is one).
    limit : int, default 5
        Most paths.
    budget : int, default PATH_BUDGET
        Most hops looked at before the search gives up.

    Returns
    -------
    tuple of (list of Path, bool)
        The paths, and False when `budget` ran out first.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> paths, complete = shortest_paths(g, "person:ann-lee", "person:bo-ek")
    >>> complete, [[n["id"] for n in p["nodes"]] for p in paths]  # one hop each: an event or a fact
    (True, [['person:ann-lee', 'event:1', 'person:bo-ek'], ['person:ann-lee', 'person:bo-ek']])
    """
    if source == target:
        return [{"length": 0, "nodes": [entity_ref(g, source)], "steps": []}], True
    forward, backward = _Side.at(source), _Side.at(target)
    spent = 0
    meets: list[tuple[int, str]] = []
    while forward.frontier and backward.frontier and forward.level + backward.level < max_length:
        near, far = sorted((forward, backward), key=lambda side: side.spread(g))
        reached: dict[str, list[tuple[str, str | None]]] = {}
        for entity_id in near.frontier:
            for other, via in _entity_hops(g, entity_id):
                spent += 1
                if other not in near.parents:
                    reached.setdefault(other, []).append((entity_id, via))
            if spent > budget:
                return [], False
        near.level += 1
        near.parents.update(reached)
        near.depth.update(dict.fromkeys(reached, near.level))
        near.frontier = list(reached)
        meets = [(near.level + far.depth[n], n) for n in reached if n in far.depth]
        if meets:
            break
    if not meets:
        return [], True
    shortest = min(total for total, _ in meets)
    chains: list[list[tuple[str, str, str | None]]] = []
    for _, middle in sorted(m for m in meets if m[0] == shortest):
        for head in _walk_back(forward.parents, middle, limit):
            for tail in _walk_back(backward.parents, middle, limit):
                if len(chains) < limit:
                    chains.append(head + [(b, a, via) for a, b, via in reversed(tail)])
    events = list(dict.fromkeys(via for chain in chains for _, _, via in chain if via is not None))
    facts = list(
        dict.fromkeys(
            (x, y, k)
            for chain in chains
            for a, b, via in chain
            if via is None
            for x, y in ((a, b), (b, a))
            for k in nxfast.succ(g)[x].get(y, {})
        )
    )
    said, cited = node_texts(g, events, texts), edge_texts(g, facts, texts)
    return [_path_record(g, chain, said, cited) for chain in chains], True


def _walk_back(
    parents: dict[str, list[tuple[str, str | None]]], goal: str, limit: int
) -> Iterator[list[tuple[str, str, str | None]]]:
    """Chains of (from, to, via) from the search's start to `goal`, at most `limit` of them."""
    found = 0
    stack: list[tuple[str, list[tuple[str, str, str | None]]]] = [(goal, [])]
    while stack and found < limit:
        node, suffix = stack.pop()
        if not parents[node]:
            found += 1
            yield suffix
            continue
        seen: set[tuple[str, str | None]] = set()
        for parent, via in reversed(parents[node]):
            if (parent, via) not in seen:
                seen.add((parent, via))
                stack.append((parent, [(parent, node, via), *suffix]))


def _path_record(
    g: nx.MultiDiGraph,
    chain: list[tuple[str, str, str | None]],
    said: Mapping[str, Mapping[str, Any]],
    cited: Mapping[EdgeKey, Mapping[str, Any]],
) -> Path:
    steps: list[PathStep] = []
    for a, b, via in chain:
        if via is not None:
            steps.append({"source": a, "target": b, "event": _summary(g, via, said[via]), "facts": []})
            continue
        facts = [
            fact_record(g, x, y, k, d, text=cited[(x, y, k)])
            for x, y in ((a, b), (b, a))
            for k, d in nxfast.succ(g)[x].get(y, {}).items()
        ]
        steps.append({"source": a, "target": b, "event": None, "facts": facts})
    nodes = [entity_ref(g, chain[0][0])]
    for _, b, via in chain:
        if via is not None:
            nodes.append(entity_ref(g, via))
        nodes.append(entity_ref(g, b))
    return {"length": len(chain), "nodes": nodes, "steps": steps}


# -- lists of entities ------------------------------------------------------------------------


def entity_page(
    g: nx.MultiDiGraph,
    names: NameIndex,
    query: str | None = None,
    *,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[EntityHit]]:
    """(how many entities match, one page of them): those whose label or an alias matches
    `query`, best match first, or without a query every entity (of `kind`) by mentions.

    Parameters
    ----------
    names : NameIndex
        The graph's name index (graph.search), in step with `g`.
    query : str, optional
        Words of a name; typos are forgiven.
    kind : str, optional
        ``person``, ``organization`` or ``place``.
    limit, offset : int
        The page.

    Returns
    -------
    total : int
        How many entities match.
    hits : list of EntityHit
        The page of them: best match first, or most mentioned first without a query.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> from graph.search import NameIndex
    >>> total, hits = entity_page(g, NameIndex.build(g), "ann")
    >>> total, hits[0]["id"], hits[0]["matched"]
    (1, 'person:ann-lee', 'Ann Lee')
    >>> [e["id"] for e in entity_page(g, NameIndex.build(g))[1]]  # no query: by mentions
    ['person:ann-lee', 'person:bo-ek', 'place:kyiv']
    """
    if query is not None and query.strip():
        page = names.search(query, kind=kind, limit=limit, offset=offset)
    else:
        page = names.browse(kind=kind, limit=limit, offset=offset)
    nodes = nxfast.nodes(g)
    items: list[EntityHit] = [
        {
            **entity_ref(g, hit.id),
            "aliases": list(nodes[hit.id].get("aliases") or ()),
            "score": hit.score,
            "matched": hit.name,
        }
        for hit in page.hits
    ]
    return page.total, items


def top_ranked(g: nx.MultiDiGraph, rankings: Rankings | None, *, top: int) -> TopRanked:
    """The first `top` entities by degree and by PageRank, as the last rankings computed list them
    (an entity gone since is left out), each with its degree and PageRank.

    Parameters
    ----------
    rankings : Rankings or None
        The rankings (graph.derived); None before the first are computed.
    top : int
        Entities per ranking.

    Returns
    -------
    Rankings
        ``top_degree`` and ``top_pagerank``.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> from graph.derived import Rankings as Computed
    >>> computed = Computed(seq=1, computed_at=0.0, seconds=0.0, by_degree=["person:ann-lee", "person:gone"],
    ...                     by_pagerank=[], pagerank={"person:ann-lee": 0.4})
    >>> [(e["id"], e["degree"], e["pagerank"]) for e in top_ranked(g, computed, top=5)["top_degree"]]
    [('person:ann-lee', 2, 0.4)]
    """
    scores = rankings.pagerank if rankings else {}

    def ranked(ids: list[str]) -> list[RankedEntity]:
        found: list[RankedEntity] = [
            {**entity_ref(g, n), "degree": g.degree(n), "pagerank": scores.get(n, 0.0)}
            for n in ids
            if n in g  # gone since the rankings were computed
        ]
        return found[:top]

    return {
        "top_degree": ranked(rankings.by_degree if rankings else []),
        "top_pagerank": ranked(rankings.by_pagerank if rankings else []),
    }


def contributions(g: nx.MultiDiGraph, node_ids: Iterable[str]) -> Contributions:
    """The entities and the events among `node_ids` that the graph holds, by id.

    Parameters
    ----------
    node_ids : iterable of str
        What one document contributed (the store says), some perhaps gone since.

    Returns
    -------
    Contributions
        The entities' short forms and the events' ids, types, labels and dates.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> found = contributions(g, ["event:1", "person:bo-ek", "person:gone"])
    >>> [e["id"] for e in found["entities"]], [(e["id"], e["type"], e["date"]) for e in found["events"]]
    (['person:bo-ek'], [('event:1', 'CONSULT', '2021-05-06')])
    """
    nodes = nxfast.nodes(g)
    entities: list[EntityRef] = []
    events: list[EventRef] = []
    for node_id in sorted(node_ids):
        if node_id not in nodes:
            continue
        data = nodes[node_id]
        if data.get("kind") == "event":
            events.append(
                {
                    "id": node_id,
                    "type": data.get("event_type") or "",
                    "label": data.get("label") or node_id,
                    "date": data.get("date"),
                }
            )
        else:
            entities.append(entity_ref(g, node_id))
    return {"entities": entities, "events": events}


def count_facts(g: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str]]) -> int:
    """How many of `edges`, (source, target, key) triples, join two entities the graph holds
    (facts, not event roles).

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> count_facts(g, [("person:ann-lee", "person:bo-ek", "leader_of"), ("event:1", "person:bo-ek", "x")])
    1
    """
    nodes = nxfast.nodes(g)
    return sum(
        1
        for source, target, _ in edges
        if all(end in nodes and nodes[end].get("kind") != "event" for end in (source, target))
    )
