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

_AFTER_ALL = "~"  # sorts after every digit and "-": "2021-05~" is the end of May 2021


def covers_since(date: str, since: str) -> bool:
    """Could an event dated `date` (any precision) be on or after `since`?"""
    return date + _AFTER_ALL >= since


def covers_until(date: str, until: str) -> bool:
    """Could an event dated `date` be on or before `until`?"""
    return date <= until + _AFTER_ALL


def date_order(date: str | None, event_id: str) -> tuple[bool, str, str]:
    """The key that sorts events in time order: by date, undated last, ties by id."""
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
    """Every event of a graph in time order, overall and per event type."""

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
        """File an event node (its attributes) in."""
        date, event_type = _when(data)
        self.all.add(event_id, date)
        self.by_type.setdefault(event_type, _Track()).add(event_id, date)

    def remove(self, event_id: str, data: Mapping[str, Any]) -> None:
        """Take an event node out (the attributes it was filed with)."""
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
        """(how many events match, the ids of one page of them in time order)."""
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
