"""Selections of the graph for export: filters by kind, event type and date, and the actor view.

Every function here is pure: it reads a MultiDiGraph and returns a new one whose attribute dicts
are copies, so the result can be written out after the live graph's lock is released.

- `filter_graph` keeps nodes of the given kinds and events of the given types that fall in a date
  range. When an event filter (type or dates) is given, an entity stays only if it takes part in
  an event that stays: the export is the story in that window, not every name ever read.
- `actor_view` links people, organizations and places directly: one edge per ordered pair of
  entities that share events (actor before recipient before location), weighted by the number of
  those events, with their types, ids and date range; facts between entities can stay as their own
  edges.
- `select` applies a `Selection` (what the CLI and the API receive) in the right order.
- `copy_rows` copies the rows of a live graph quickly, so its lock is held only for that.

Dates are ISO dates, year-months or years; `date_span` turns each into its first and last day, so
"2021-04" overlaps a range that starts on 2021-04-20.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, get_args

import networkx as nx

from graph.errors import GraphError
from graph.vocabulary import ENTITY_KINDS, EVENT_TYPES, FACT_RELATIONS, NODE_KINDS, ROLE_RELATIONS

__all__ = [
    "ACTOR_EDGE",
    "DATE_FORMS",
    "VIEWS",
    "GraphRows",
    "InvalidSelection",
    "Selection",
    "View",
    "actor_view",
    "copy_rows",
    "date_span",
    "event_span",
    "filter_graph",
    "select",
]

View = Literal["full", "actors"]
VIEWS: tuple[View, ...] = get_args(View)
ACTOR_EDGE = "events"  # key and relation of an actor-view edge
# actor < recipient < location
_ROLE_ORDER: dict[str, int] = {name: i for i, name in enumerate(ROLE_RELATIONS)}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


DATE_FORMS = "a date like 2021-05-05, 2021-05 or 2021"


class InvalidSelection(GraphError, ValueError):
    """A view, kind, event type or date that the selection does not know."""


def date_span(value: object) -> tuple[str, str] | None:
    """The first and last day an ISO date, year-month or year covers.

    Parameters
    ----------
    value : object
        A date as the graph keeps one: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Returns
    -------
    span : tuple of two str, or None
        The first and the last day (ISO dates) of the period; None when `value` is not a string
        of one of those forms or names no day on the calendar.

    Examples
    --------
    >>> from graph.views import date_span
    >>> date_span("2021-05-06")
    ('2021-05-06', '2021-05-06')
    >>> date_span("2024-02")
    ('2024-02-01', '2024-02-29')
    >>> date_span("2021"), date_span("2021-02-30"), date_span(None)
    (('2021-01-01', '2021-12-31'), None, None)
    """
    return _span(value) if isinstance(value, str) else None


@lru_cache(maxsize=8192)  # a graph has few distinct dates and exports ask for each many times
def _span(value: str) -> tuple[str, str] | None:
    match = _DATE.match(value.strip())
    if match is None:
        return None
    has_month, has_day = match.group(2) is not None, match.group(3) is not None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if not 1 <= year <= 9999 or (has_month and not 1 <= month <= 12):
        return None
    if not has_month:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    last = calendar.monthrange(year, month)[1]
    if not has_day:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if not 1 <= day <= last:
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return iso, iso


def event_span(data: dict[str, Any]) -> tuple[str, str] | None:
    """The days an event node covers: its `date`, through its `date_end` when it has one.

    Parameters
    ----------
    data : dict
        The event node's attributes.

    Returns
    -------
    span : tuple of two str, or None
        The first and last day (ISO dates); None for an undated event.

    Examples
    --------
    >>> from graph.views import event_span
    >>> event_span({"date": "2021-05-05", "date_end": "2021-05-06"})
    ('2021-05-05', '2021-05-06')
    >>> event_span({"date": "2021-05"}), event_span({"kind": "event"})
    (('2021-05-01', '2021-05-31'), None)
    """
    span = date_span(data.get("date"))
    if span is None:
        return None
    end = date_span(data.get("date_end"))
    return (span[0], end[1]) if end and end[1] > span[1] else span


@dataclass(frozen=True, slots=True)
class Selection:
    """What to export: the view, and the filters (None means no filter)."""

    view: str = "full"
    kinds: frozenset[str] | None = None
    event_types: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    facts: bool = True  # actor view: keep facts between entities as their own edges

    @classmethod
    def parse(
        cls,
        *,
        view: str = "full",
        kinds: Iterable[str] | None = None,
        event_types: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        facts: bool = True,
    ) -> Selection:
        """Check and normalize raw values ("person,place" lists, any-case event types).

        Parameters
        ----------
        view : {"full", "actors"}
            The whole graph, or entities linked directly (see `actor_view`).
        kinds : iterable of str, optional
            Node kinds to keep; each item may hold several, comma-separated.
        event_types : iterable of str, optional
            Event types to keep, in any case; comma-separated like `kinds`.
        since, until : str, optional
            Keep events that overlap this range (ISO date, year-month or year; see `date_span`).
        facts : bool
            In the actor view, keep the facts between entities as their own edges.

        Returns
        -------
        selection : Selection
            The filters as sets (None where there is no filter).

        Raises
        ------
        InvalidSelection
            For an unknown view, kind or event type, a date that is not one, or `since` after
            `until`; the message names what is accepted.

        Examples
        --------
        >>> from graph.views import Selection
        >>> chosen = Selection.parse(kinds=["person,place"], event_types=["consult"], since="2021-05")
        >>> sorted(chosen.kinds), sorted(chosen.event_types), chosen.since
        (['person', 'place'], ['CONSULT'], '2021-05')
        >>> Selection.parse(kinds=["people"])
        Traceback (most recent call last):
        ...
        graph.views.InvalidSelection: unknown kind 'people'; choose from person, organization, place, event
        """
        if view not in VIEWS:
            raise InvalidSelection(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
        kind_set = _split(kinds, str.lower)
        if kind_set is not None and (bad := sorted(kind_set - set(NODE_KINDS))):
            raise InvalidSelection(f"unknown kind {bad[0]!r}; choose from {', '.join(NODE_KINDS)}")
        type_set = _split(event_types, str.upper)
        if type_set is not None and (bad := sorted(type_set - set(EVENT_TYPES))):
            raise InvalidSelection(f"unknown event type {bad[0]!r}; choose from {', '.join(EVENT_TYPES)}")
        since, until = (since or "").strip() or None, (until or "").strip() or None
        for name, value in (("since", since), ("until", until)):
            if value is not None and date_span(value) is None:
                raise InvalidSelection(f"{name} must be {DATE_FORMS}; got {value!r}")
        if since and until and date_span(since)[0] > date_span(until)[1]:  # type: ignore[index]
            raise InvalidSelection(f"since {since} is after until {until}: no date is in that range")
        return cls(view, kind_set, type_set, since, until, facts)

    @property
    def is_everything(self) -> bool:
        return self.view == "full" and not (self.kinds or self.event_types or self.since or self.until)

    @property
    def filters_events(self) -> bool:
        return bool(self.event_types or self.since or self.until)


@dataclass(frozen=True, slots=True)
class GraphRows:
    """Copies of a graph's rows: cheap to take under a read lock, turned into a graph after it."""

    graph: dict[str, Any]
    nodes: list[tuple[Any, dict[str, Any]]]
    edges: list[tuple[Any, Any, Any, dict[str, Any]]]

    def to_graph(self) -> nx.MultiDiGraph:
        out = nx.MultiDiGraph()
        out.graph.update(self.graph)
        out.add_nodes_from(self.nodes)
        out.add_edges_from(self.edges)
        return out


def copy_rows(g: nx.MultiDiGraph) -> GraphRows:
    """The graph's attributes, nodes and edges with their attribute dicts copied.

    Building a networkx graph costs several times more than copying its rows, so a caller holding
    the live graph's lock takes this and builds (and filters) after releasing it.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The live graph.

    Returns
    -------
    rows : GraphRows
        The copies; ``rows.to_graph()`` builds a new graph from them.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.views import copy_rows
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("place:kyiv", kind="place", label="Kyiv")
    >>> rows = copy_rows(g)
    >>> g.nodes["place:kyiv"]["label"] = "Kiev"
    >>> rows.to_graph().nodes["place:kyiv"]["label"]
    'Kyiv'
    """
    return GraphRows(
        dict(g.graph),
        [(n, dict(d)) for n, d in g.nodes(data=True)],
        [(u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)],
    )


def _split(values: Iterable[str] | None, norm: Any) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = frozenset(norm(p.strip()) for v in values for p in v.split(",") if p.strip())
    return out or None


def select(g: nx.MultiDiGraph, selection: Selection) -> nx.MultiDiGraph:
    """The graph a selection describes, as a new graph (a copy even when nothing is filtered).

    The actor view is built from the events the filters keep, then its entities are filtered by
    kind.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to select from; it is not changed.
    selection : Selection
        The view and the filters (see `Selection.parse`).

    Returns
    -------
    selected : networkx.MultiDiGraph
        A new graph whose attribute dicts are copies.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> actors = select(g, Selection.parse(view="actors", until="2021-12-31", facts=False))
    >>> sorted(actors.edges(keys=True))
    [('person:ann-lee', 'person:bo-ek', 'events'), ('person:ann-lee', 'place:kyiv', 'events'),
     ('person:bo-ek', 'place:kyiv', 'events')]
    """
    if selection.view == "full":
        return filter_graph(
            g,
            kinds=selection.kinds,
            event_types=selection.event_types,
            since=selection.since,
            until=selection.until,
        )
    events = g
    if selection.filters_events:
        events = filter_graph(
            g, event_types=selection.event_types, since=selection.since, until=selection.until
        )
    view = actor_view(events, facts=selection.facts)  # copies what it keeps
    if selection.kinds:
        view = filter_graph(view, kinds=selection.kinds)
    return view


def filter_graph(
    g: nx.MultiDiGraph,
    *,
    kinds: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> nx.MultiDiGraph:
    """Nodes of `kinds`, events of `event_types` in [since, until], and the edges between them.

    When an event filter (types or dates) is given, an entity stays only if a kept event involves
    it.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to filter; it is not changed.
    kinds : iterable of str, optional
        Node kinds to keep (``"event"`` among them to keep events); all kinds when None.
    event_types : iterable of str, optional
        Event types to keep; all when None.
    since, until : str, optional
        Keep events whose days overlap this range (see `event_span`); undated events go when a
        bound is given.

    Returns
    -------
    filtered : networkx.MultiDiGraph
        The kept nodes and the edges between them, as copies.

    Raises
    ------
    InvalidSelection
        When `since` or `until` is not a date.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> sorted(filter_graph(g, event_types=["STATEMENT"]))
    ['event:2', 'person:bo-ek']
    >>> sorted(filter_graph(g, kinds=["person", "event"], since="2021-05", until="2021-05"))
    ['event:1', 'person:ann-lee', 'person:bo-ek']
    """
    kind_set = set(kinds) if kinds else None
    type_set = set(event_types) if event_types else None
    lo = _bound(since, 0)
    hi = _bound(until, 1)
    filters_events = bool(type_set or lo or hi)

    def event_kept(data: dict[str, Any]) -> bool:
        if type_set is not None and data.get("event_type") not in type_set:
            return False
        if lo or hi:
            span = event_span(data)
            if span is None or (lo and span[1] < lo) or (hi and span[0] > hi):
                return False
        return True

    keep: set[str] = set()
    for node, data in g.nodes(data=True):
        kind = data.get("kind")
        if kind_set is not None and kind not in kind_set:
            continue
        if kind == "event" and filters_events and not event_kept(data):
            continue
        keep.add(node)
    if filters_events:
        # Entities stay only where a kept event involves them.
        involved = {
            other
            for node in keep
            if g.nodes[node].get("kind") == "event"
            for other in (*g.pred[node], *g.succ[node])
        }
        keep = {n for n in keep if g.nodes[n].get("kind") == "event" or n in involved}
    return _induced_copy(g, keep)


def _bound(value: str | None, end: int) -> str | None:
    if not value:
        return None
    span = date_span(value)
    if span is None:
        raise InvalidSelection(f"not a date: {value!r}")
    return span[end]


def _induced_copy(g: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    out.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in keep)
    out.add_edges_from(
        (u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True) if u in keep and v in keep
    )
    return out


def actor_view(g: nx.MultiDiGraph, *, facts: bool = True) -> nx.MultiDiGraph:
    """People, organizations and places linked directly, one edge per pair sharing events.

    Each pair of entities that take part in the same events gets one edge (key and relation
    `ACTOR_EDGE`), from the one of higher role (actor, then recipient, then location), with the
    number of those events as `weight`, their `event_types`, `event_ids`, `doc_ids`, `dates` and,
    when dated, `date_start` and `date_end`.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A graph with event nodes and role edges; it is not changed.
    facts : bool
        Keep the facts between entities (leader_of, member_of, located_in) as their own edges.

    Returns
    -------
    view : networkx.MultiDiGraph
        The entities (attribute dicts copied) and the edges between them; its graph attribute
        `view` is ``"actors"``.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> view = actor_view(g)
    >>> edge = view.edges["person:ann-lee", "person:bo-ek", "events"]
    >>> edge["weight"], edge["event_types"], edge["date_start"], edge["date_end"]
    (1, ['CONSULT'], '2021-05-06', '2021-05-06')
    >>> sorted(view.edges(keys=True))[:2]  # the fact stays an edge of its own
    [('person:ann-lee', 'person:bo-ek', 'events'), ('person:ann-lee', 'person:bo-ek', 'leader_of')]
    """
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    out.graph["view"] = "actors"
    out.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if d.get("kind") in ENTITY_KINDS)
    pairs: dict[tuple[str, str], _PairEvents] = {}
    for event, data in g.nodes(data=True):
        if data.get("kind") != "event":
            continue
        people = _participants(g, event)
        for i, (_, a) in enumerate(people):
            for _, b in people[i + 1 :]:
                if a != b:
                    pairs.setdefault((a, b), _PairEvents()).add(event, data)
    for (a, b), joined in pairs.items():
        out.add_edge(a, b, key=ACTOR_EDGE, **joined.attrs())
    if facts:
        out.add_edges_from(
            (u, v, k, dict(d))
            for u, v, k, d in g.edges(keys=True, data=True)
            if d.get("relation", k) in FACT_RELATIONS and u in out and v in out
        )
    return out


def _participants(g: nx.MultiDiGraph, event: str) -> list[tuple[int, str]]:
    """An event's entities in role order (actors first), each once, at its first role."""
    found: dict[str, int] = {}
    for source, _, key, data in g.in_edges(event, keys=True, data=True):
        _seen(found, source, data.get("relation", key), g)
    for _, target, key, data in g.out_edges(event, keys=True, data=True):
        _seen(found, target, data.get("relation", key), g)
    return sorted((rank, node) for node, rank in found.items())


def _seen(found: dict[str, int], node: str, relation: str, g: nx.MultiDiGraph) -> None:
    rank = _ROLE_ORDER.get(relation)
    if rank is None or g.nodes[node].get("kind") not in ENTITY_KINDS:
        return
    if rank < found.get(node, len(_ROLE_ORDER)):
        found[node] = rank


class _PairEvents:
    """The events that join one pair of entities, folded into edge attributes."""

    __slots__ = ("dates", "doc_ids", "event_ids", "spans", "types")

    def __init__(self) -> None:
        self.event_ids: list[str] = []
        self.types: set[str] = set()
        self.dates: set[str] = set()
        self.doc_ids: set[str] = set()
        self.spans: list[tuple[str, str]] = []

    def add(self, event: str, data: dict[str, Any]) -> None:
        self.event_ids.append(event)
        if data.get("event_type"):
            self.types.add(data["event_type"])
        span = event_span(data)
        if span is not None:
            self.dates.add(data["date"])
            self.spans.append(span)
        self.doc_ids.update(data.get("doc_ids") or ())

    def attrs(self) -> dict[str, Any]:
        spans = self.spans
        attrs: dict[str, Any] = {
            "relation": ACTOR_EDGE,
            "weight": len(self.event_ids),
            "event_types": sorted(self.types),
            "event_ids": sorted(self.event_ids),
            "doc_ids": sorted(self.doc_ids),
            "dates": sorted(self.dates),
        }
        if spans:
            attrs["date_start"] = min(s[0] for s in spans)
            attrs["date_end"] = max(s[1] for s in spans)
        return attrs
