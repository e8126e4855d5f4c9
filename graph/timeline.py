"""Events in time order, indexed so a date range or a type is found by bisection, not by a scan.

Dates are ISO strings of three precisions: "2021", "2021-05", "2021-05-05". A partial date covers
its whole year or month, so "2021-05" is inside `since=2021-05-03` (it may be on or after that day)
and inside `until=2021-05-01`. Within one precision both tests are monotonic in the date string, so
each precision keeps its own sorted list of the dates it holds, and each date its events sorted by
id; a query bisects each list and merges the slices.
Ascending order puts a partial date before the days it contains ("2021-05" < "2021-05-01"); events
without a date come last in either order and are left out when a range is asked for.

The timeline follows the live graph: `add` and `remove` file one event in or out in time
proportional to the events sharing its date, so a write never rebuilds it.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

__all__ = ["Timeline", "covers", "date_order"]

_AFTER_ALL = "~"  # sorts after every digit and "-": "2021-05~" is the end of May 2021


def covers(date: str, since: str | None = None, until: str | None = None) -> bool:
    """Could an event dated `date` fall in the range from `since` to `until`?

    Parameters
    ----------
    date : str
        The event's date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
    since, until : str, optional
        The range's first and last day, of any of those precisions (a month or a year runs to
        its end); no bound when None.

    Returns
    -------
    bool
        True when some day `date` covers is in the range.

    Examples
    --------
    >>> covers("2021-05", since="2021-05-03"), covers("2021-04", since="2021-05-03")
    (True, False)
    >>> covers("2021", until="2021-01-01"), covers("2021-05-06", until="2021-05")
    (True, True)
    >>> covers("2021-06", "2021-01", "2021-05-31")
    False
    """
    return (not since or date + _AFTER_ALL >= since) and (not until or date <= until + _AFTER_ALL)


def date_order(date: str | None, event_id: str) -> tuple[bool, str, str]:
    """The key that sorts events in time order: by date, undated last, ties by id.

    Parameters
    ----------
    date : str or None
        The event's date (any precision), None when undated.
    event_id : str
        The event's node id.

    Returns
    -------
    key : tuple of (bool, str, str)
        Sorts a partial date before the days it contains, and undated events after all others.

    Examples
    --------
    >>> from graph.timeline import date_order
    >>> events = [("event:c", None), ("event:b", "2021-05-06"), ("event:a", "2021-05")]
    >>> [event_id for event_id, date in sorted(events, key=lambda e: date_order(e[1], e[0]))]
    ['event:a', 'event:b', 'event:c']
    """
    return (date is None, date or "", event_id)


@dataclass(slots=True)
class _Dated:
    """Events of one date precision: the dates held, sorted, and each date's event ids, sorted."""

    dates: list[str] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)

    def add(self, date: str, event_id: str) -> None:
        same_day = self.ids.get(date)
        if same_day is None:
            bisect.insort(self.dates, date)
            self.ids[date] = [event_id]
        else:
            bisect.insort(same_day, event_id)

    def remove(self, date: str, event_id: str) -> None:
        same_day = self.ids.get(date)
        if same_day is None:
            return
        at = bisect.bisect_left(same_day, event_id)
        if at < len(same_day) and same_day[at] == event_id:
            del same_day[at]
        if not same_day:
            del self.ids[date]
            del self.dates[bisect.bisect_left(self.dates, date)]

    def window(self, since: str | None, until: str | None) -> list[str]:
        """The dates held within [since, until]."""
        lo, hi = 0, len(self.dates)
        if self.dates:
            width = len(self.dates[0])
            if since is not None:
                lo = bisect.bisect_left(self.dates, since[:width])
            if until is not None:
                hi = bisect.bisect_right(self.dates, until + _AFTER_ALL)
        return self.dates[lo:hi]

    def count(self, dates: list[str]) -> int:
        return sum(len(self.ids[d]) for d in dates)

    def pairs(self, dates: list[str], *, descending: bool) -> Iterator[tuple[str, str]]:
        for date in reversed(dates) if descending else dates:
            same_day = self.ids[date]
            for event_id in reversed(same_day) if descending else same_day:
                yield date, event_id


@dataclass(slots=True)
class _Track:
    """All events of one type (or of every type), by precision, plus the undated ones (by id)."""

    dated: dict[int, _Dated] = field(default_factory=dict)
    undated: list[str] = field(default_factory=list)

    def add(self, event_id: str, date: str | None) -> None:
        if date is None:
            bisect.insort(self.undated, event_id)
        else:
            self.dated.setdefault(len(date), _Dated()).add(date, event_id)

    def remove(self, event_id: str, date: str | None) -> None:
        if date is None:
            at = bisect.bisect_left(self.undated, event_id)
            if at < len(self.undated) and self.undated[at] == event_id:
                del self.undated[at]
        elif len(date) in self.dated:
            self.dated[len(date)].remove(date, event_id)


def _when(data: Mapping[str, Any]) -> tuple[str | None, str]:
    """An event's date (None when it has none) and type, as the timeline files it."""
    date = data.get("date")
    return (date if isinstance(date, str) and date else None), data.get("event_type") or ""


class Timeline:
    """Every event of a graph in time order, overall and per event type.

    Parameters
    ----------
    g : networkx.MultiDiGraph, optional
        The graph whose event nodes it starts with; empty when None.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.timeline import Timeline
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("event:visit", kind="event", event_type="CONSULT", date="2021-05-06")
    >>> g.add_node("event:talks", kind="event", event_type="CONSULT", date="2021-05")
    >>> g.add_node("event:speech", kind="event", event_type="STATEMENT")
    >>> timeline = Timeline(g)
    >>> timeline.page()
    (3, ['event:talks', 'event:visit', 'event:speech'])
    >>> timeline.add("event:attack", {"kind": "event", "event_type": "ASSAULT", "date": "2021-05-07"})
    >>> timeline.page(since="2021-05-06", descending=True)
    (3, ['event:attack', 'event:visit', 'event:talks'])
    """

    def __init__(self, g: nx.MultiDiGraph | None = None) -> None:
        self.all = _Track()
        self.by_type: dict[str, _Track] = {}
        if g is None:
            return
        rows: list[tuple[str, str | None, str]] = []
        for node_id, data in g.nodes(data=True):
            if data.get("kind") == "event":
                rows.append((node_id, *_when(data)))
        rows.sort(key=lambda r: date_order(r[1], r[0]))  # appending in order keeps every list sorted
        for event_id, date, event_type in rows:
            for track in (self.all, self.by_type.setdefault(event_type, _Track())):
                if date is None:
                    track.undated.append(event_id)
                else:
                    part = track.dated.setdefault(len(date), _Dated())
                    same_day = part.ids.get(date)
                    if same_day is None:
                        part.dates.append(date)
                        part.ids[date] = [event_id]
                    else:
                        same_day.append(event_id)

    def add(self, event_id: str, data: Mapping[str, Any]) -> None:
        """File an event node in.

        Parameters
        ----------
        event_id : str
            The event's node id.
        data : mapping
            Its attributes; `date` and `event_type` place it.
        """
        date, event_type = _when(data)
        self.all.add(event_id, date)
        self.by_type.setdefault(event_type, _Track()).add(event_id, date)

    def remove(self, event_id: str, data: Mapping[str, Any]) -> None:
        """Take an event node out: `add` undone, given the attributes it was filed with."""
        date, event_type = _when(data)
        self.all.remove(event_id, date)
        if event_type in self.by_type:
            self.by_type[event_type].remove(event_id, date)

    def page(
        self,
        *,
        types: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        descending: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[str]]:
        """How many events match, and the ids of one page of them in time order.

        Parameters
        ----------
        types : iterable of str, optional
            Event types to keep; all types when None.
        since, until : str, optional
            Keep events that could fall in this range (see `covers`);
            undated events are left out when either is given.
        descending : bool
            Latest first; undated events still come last.
        limit, offset : int
            The page: at most `limit` ids, after skipping `offset`.

        Returns
        -------
        total : int
            How many events match in all.
        ids : list of str
            The page's event ids.

        Examples
        --------
        >>> from graph.timeline import Timeline
        >>> timeline = Timeline()
        >>> for n, date in enumerate(["2021-05-06", "2021-05-07", "2021-06-01"]):
        ...     timeline.add(f"event:{n}", {"kind": "event", "event_type": "AID", "date": date})
        >>> timeline.page(types=["AID"], until="2021-05", limit=1, offset=1)
        (2, ['event:1'])
        """
        if types is None:
            tracks = [self.all]
        else:
            tracks = [self.by_type[t] for t in sorted(set(types)) if t in self.by_type]
        ranged = since is not None or until is not None
        total = 0
        dated: list[Iterator[tuple[str, str]]] = []
        undated: list[Iterable[str]] = []
        for track in tracks:
            for part in track.dated.values():
                dates = part.window(since, until)
                total += part.count(dates)
                dated.append(part.pairs(dates, descending=descending))
            if not ranged:
                total += len(track.undated)
                undated.append(reversed(track.undated) if descending else track.undated)
        in_time = (event_id for _, event_id in heapq.merge(*dated, reverse=descending))
        no_time = heapq.merge(*undated, reverse=descending)
        ordered = itertools.chain(in_time, no_time)
        return total, list(itertools.islice(ordered, offset, offset + limit))
