"""PLOVER JSON Lines: one record per event, with the field names of the PLOVER specification.

Each line holds `id`, `date` (YYYY-MM-DD: the first day of a year-month or year) and `enddate`
(its last day, or the end of a multi-day event), `actor` and `recipient` (lists of actor objects:
`actor_text`, `identifier_id` = our entity id, `identifier_text`, `kind`, and `code`, the ISO
alpha-3 country, when the actor is a place with a country), `event` (a list with the type), `mode`,
`quad_code` (1-4; none for STATEMENT, which is not a PLOVER type), `event_loc` (a location object
with geonames field names: `name`, `latitude`, `longitude`, `country code`, `cc3`), `event_text`
(the sentences that report it), `text_info` (document id and character offsets of the first
sentence), `cite_info` (the document's id, title, URL and publication when known) and, beyond
the specification, `quote`, `doc_ids` and the auxiliary readings (`negated`, `future`,
`hypothetical`, `historical`) when the event has them. Every field is present on every line;
unknown values are null. Undated events have a null `date`.

Limits: PLOVER's `event_loc` is one location; an event placed in a city and its country gets the
first in name order that has coordinates (else the first). Entity-only graphs (the actor view)
have no events and give an empty file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import IO, Any

import networkx as nx
import orjson

from graph.exports.chunks import joined
from graph.views import date_span, event_span
from graph.vocabulary import QUAD_CODES, READINGS

__all__ = ["iter_plover", "plover_record", "read_plover"]

_BATCH = 1000


@cache
def _alpha3(alpha2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country is not None else None


def _country(data: Mapping[str, Any]) -> str | None:
    code = data.get("country_code")
    return _alpha3(code) if isinstance(code, str) and len(code) == 2 else None


def _actor(node: str, data: Mapping[str, Any]) -> dict[str, Any]:
    label = data.get("label") or node
    actor: dict[str, Any] = {
        "actor_text": label,
        "identifier_id": node,
        "identifier_text": label,
        "kind": data.get("kind"),
    }
    if data.get("kind") == "place" and (code := _country(data)):
        actor["code"] = code
    return actor


def _location(node: str, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": data.get("label") or node,
        "identifier_id": node,
        "latitude": data.get("lat"),
        "longitude": data.get("lon"),
        "country code": data.get("country_code"),
        "cc3": _country(data),
    }


def _cite(doc_id: str | None, documents: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    if doc_id is None:
        return None
    doc = documents.get(doc_id) or {}
    return {
        "corpus": "newsgraph",
        "citation": doc_id,
        "url": doc.get("url"),
        "title": doc.get("title"),
        "publication": doc.get("source"),
        "published": doc.get("published"),
    }


def plover_record(
    g: nx.MultiDiGraph, event: str, *, documents: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The PLOVER record of one event node (the fields are listed in this module's docstring).

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph holding the event and its role edges.
    event : str
        The event's node id.
    documents : mapping, optional
        Document id -> its `title`, `url`, `source` and `published`, cited in `cite_info`.

    Returns
    -------
    record : dict
        Every field of the record; unknown values are None.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> g = example_graph()
    >>> record = plover_record(g, "event:1", documents={"d1": {"title": "Ann Lee in Kyiv"}})
    >>> record["date"], record["enddate"], record["event"], record["quad_code"], record["event_text"]
    ('2021-05-06', None, ['CONSULT'], 1, ['Ann Lee met Bo Ek in Kyiv.'])
    >>> record["actor"][0]["actor_text"], record["event_loc"]["cc3"], record["cite_info"]["title"]
    ('Ann Lee', 'UKR', 'Ann Lee in Kyiv')
    >>> record = plover_record(g, "event:2")  # a year: its first and last day; not a PLOVER type
    >>> record["date"], record["enddate"], record["event"], record["quad_code"]
    ('2022-01-01', '2022-12-31', ['STATEMENT'], None)
    """
    data = g.nodes[event]
    roles: dict[str, list[str]] = {"actor": [], "recipient": [], "location": []}
    for adjacency in (g.pred[event], g.succ[event]):
        for other, keyed in adjacency.items():
            for key, edge in keyed.items():
                roles.get(edge.get("relation", key), []).append(other)
    places = sorted(roles["location"], key=lambda n: (g.nodes[n].get("label") or n, n))
    place = next((p for p in places if g.nodes[p].get("lat") is not None), places[0] if places else None)
    evidence = [e for e in data.get("evidence") or () if isinstance(e, dict)]
    first = evidence[0] if evidence else {}
    texts = list(dict.fromkeys(e.get("sentence") for e in evidence if e.get("sentence")))
    if not texts and data.get("sentence"):
        texts = [data["sentence"]]
    doc_ids = list(data.get("doc_ids") or ())
    span = event_span(data)
    event_type = data.get("event_type")
    record: dict[str, Any] = {
        "id": event,
        "date": span[0] if span else None,
        "enddate": span[1] if span and span[1] != span[0] else None,
        "actor": [_actor(n, g.nodes[n]) for n in sorted(roles["actor"])],
        "recipient": [_actor(n, g.nodes[n]) for n in sorted(roles["recipient"])],
        "event": [event_type] if event_type else [],
        "mode": data.get("mode"),
        "quad_code": QUAD_CODES.get(event_type or ""),
        "event_loc": _location(place, g.nodes[place]) if place is not None else None,
        "event_text": texts,
        "text_info": {
            "doc_id": first.get("doc_id") or (doc_ids[0] if doc_ids else None),
            "start": first.get("start"),
            "end": first.get("end"),
        },
        "cite_info": _cite(first.get("doc_id") or (doc_ids[0] if doc_ids else None), documents or {}),
        "quote": data.get("quote"),
        "doc_ids": doc_ids,
    }
    for reading in READINGS:
        if data.get(reading) is not None:
            record[reading] = data[reading]
    return record


def iter_plover(
    g: nx.MultiDiGraph,
    *,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    graph_attrs: dict[str, Any] | None = None,
) -> Iterator[bytes]:
    """Yield JSON Lines, one event per line, in date order (undated last), then by id.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to write; it is only read. A graph without events gives no lines.
    documents : mapping, optional
        Document id -> its metadata, cited in each record (see `plover_record`).
    graph_attrs : dict, optional
        Not written: JSON Lines has no header (taken so every writer is called alike).

    Yields
    ------
    chunk : bytes
        Up to a thousand complete lines.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> lines = b"".join(iter_plover(example_graph())).splitlines()
    >>> [line[:16] for line in lines]
    [b'{"id":"event:1",', b'{"id":"event:2",']
    """
    del graph_attrs  # JSON Lines has no header
    events = [n for n, kind in g.nodes(data="kind") if kind == "event"]
    events.sort(key=lambda n: (date_span(g.nodes[n].get("date")) or ("9999-99-99",), n))
    lines = (
        orjson.dumps(
            plover_record(g, event, documents=documents), option=orjson.OPT_NON_STR_KEYS, default=str
        )
        + b"\n"
        for event in events
    )
    yield from joined(lines, batch=_BATCH, sep=b"")


def read_plover(fh: IO[bytes]) -> Iterator[dict[str, Any]]:
    """The records of a PLOVER JSON Lines file, one dict per non-blank line.

    Yields
    ------
    record : dict
        One line's record.

    Examples
    --------
    >>> import io
    >>> from graph.examples import example_graph
    >>> written = b"".join(iter_plover(example_graph()))
    >>> [(r["id"], r["event_loc"] and r["event_loc"]["name"]) for r in read_plover(io.BytesIO(written))]
    [('event:1', 'Kyiv'), ('event:2', None)]
    >>> list(read_plover(io.BytesIO(b'{"id": "event:d1:0"}\\n\\n{"id": "event:d1:1"}\\n')))
    [{'id': 'event:d1:0'}, {'id': 'event:d1:1'}]
    """
    for line in fh:
        if line.strip():
            yield orjson.loads(line)
