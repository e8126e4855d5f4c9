"""Events in time order, indexed so a date range or a type is found by bisection, not by a scan.

Dates are ISO strings of three precisions: "2021", "2021-05", "2021-05-05". A partial date covers
its whole year or month, so "2021-05" is inside `since=2021-05-03` (it may be on or after that day)
and inside `until=2021-05-01`. Within one precision both tests are monotonic in the date string, so
each precision keeps its own sorted list; a query bisects each list and merges the slices.
Ascending order puts a partial date before the days it contains ("2021-05" < "2021-05-01"); events
without a date come last in either order and are left out when a range is asked for.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

_AFTER_ALL = "~"  # sorts after every digit and "-": "2021-05~" is the end of May 2021


def covers_since(date: str, since: str) -> bool:
    """Could an event dated `date` (any precision) be on or after `since`?"""
    return date + _AFTER_ALL >= since


def covers_until(date: str, until: str) -> bool:
    """Could an event dated `date` be on or before `until`?"""
    return date <= until + _AFTER_ALL


def date_order(date: str | None, event_id: str) -> tuple[bool, str, str]:
    return (date is None, date or "", event_id)


@dataclass(slots=True)
class _Dated:
    """Events of one date precision: parallel sorted lists of dates and ids."""

    dates: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def window(self, since: str | None, until: str | None) -> range:
        lo, hi = 0, len(self.dates)
        if self.dates:
            width = len(self.dates[0])
            if since is not None:
                lo = bisect.bisect_left(self.dates, since[:width])
            if until is not None:
                hi = bisect.bisect_right(self.dates, until + _AFTER_ALL)
        return range(lo, max(lo, hi))

    def pairs(self, rows: range, *, descending: bool) -> Iterator[tuple[str, str]]:
        for i in reversed(rows) if descending else rows:
            yield self.dates[i], self.ids[i]


@dataclass(slots=True)
class _Track:
    """All events of one type (or of every type), by precision, plus the undated ones (by id)."""

    dated: dict[int, _Dated] = field(default_factory=dict)
    undated: list[str] = field(default_factory=list)


class Timeline:
    """Every event of a graph version in time order, overall and per event type."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        rows: list[tuple[str, str | None, str]] = []
        for node_id, data in g.nodes(data=True):
            if data.get("kind") == "event":
                date = data.get("date")
                event_type = data.get("event_type") or ""
                rows.append((node_id, date if isinstance(date, str) and date else None, event_type))
        rows.sort(key=lambda r: date_order(r[1], r[0]))
        self.all = _Track()
        self.by_type: dict[str, _Track] = {}
        for event_id, date, event_type in rows:
            for track in (self.all, self.by_type.setdefault(event_type, _Track())):
                if date is None:
                    track.undated.append(event_id)
                else:
                    part = track.dated.setdefault(len(date), _Dated())
                    part.dates.append(date)
                    part.ids.append(event_id)

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
                rows = part.window(since, until)
                total += len(rows)
                dated.append(part.pairs(rows, descending=descending))
            if not ranged:
                total += len(track.undated)
                undated.append(reversed(track.undated) if descending else track.undated)
        in_time = (event_id for _, event_id in heapq.merge(*dated, reverse=descending))
        no_time = heapq.merge(*undated, reverse=descending)
        ordered = itertools.chain(in_time, no_time)
        return total, list(itertools.islice(ordered, offset, offset + limit))
