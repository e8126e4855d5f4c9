"""Query parameters several routes share, checked so that a filter never silently does nothing.

- `DatesDep`: `since` and `until`, each a real calendar date, year-month or year, and `since` not
  after `until`; a bad one answers 422 saying what a date looks like (as the command line does).
- `RelationQuery`: relation names from the graph's vocabulary.
- `PairDep`: `source` and `target`, the two entities a question about a pair names.
- `known_parameters`: an app-wide dependency that answers 422 for a query parameter the route does
  not take (`/events?actr=Blinken` would otherwise list every event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from api.schemas import ENTITY_NAME
from graph.views import DATE_FORMS, date_span
from graph.vocabulary import Relation

_YEAR = r"(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})"
_LEAP_YEAR = r"(\d{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = r"((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))"
# A year (0001-9999), a year-month or a day that is on the calendar: 2021-02-29 is not, 2020-02-29 is.
# The OpenAPI schema carries this pattern, so clients and fuzzers know exactly what is accepted.
CALENDAR_DATE = rf"^({_YEAR}(-(0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
_CALENDAR_DATE = re.compile(CALENDAR_DATE)


def _date_checker(name: str) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is not None and not _CALENDAR_DATE.fullmatch(value):
            raise PydanticCustomError(
                "date",
                "{name} must be {forms}; got {value}",
                {"name": name, "forms": DATE_FORMS, "value": repr(value)},
            )
        return value

    return AfterValidator(check)


def _date_query(meaning: str) -> object:
    return Query(
        description=f"{meaning}: ISO date, year-month or year (a partial date on an event covers its span)",
        json_schema_extra={"pattern": CALENDAR_DATE},
        openapi_examples={"month": {"value": "2021-05"}, "day": {"value": "2021-05-05"}},
    )


SinceQuery = Annotated[str | None, _date_query("events on or after"), _date_checker("since")]
UntilQuery = Annotated[str | None, _date_query("events on or before"), _date_checker("until")]


@dataclass(frozen=True, slots=True)
class DateRange:
    since: str | None = None
    until: str | None = None


def date_range(since: SinceQuery = None, until: UntilQuery = None) -> DateRange:
    """`since` and `until`, each checked, and in order."""
    if since and until:
        first, last = date_span(since), date_span(until)
        if first and last and first[0] > last[1]:
            message = f"since {since} is after until {until}: no date is in that range"
            raise RequestValidationError([{"loc": ("query", "since"), "msg": message, "type": "value_error"}])
    return DateRange(since, until)


DatesDep = Annotated[DateRange, Depends(date_range)]


def _entity_query(example: str) -> Any:
    """A required query parameter that names an entity (graph.queries.resolve_entity reads it)."""
    return Query(
        min_length=1,
        max_length=1000,
        description=ENTITY_NAME,
        openapi_examples={"name": {"value": example}},
    )


@dataclass(frozen=True, slots=True)
class EntityPair:
    source: str
    target: str


def entity_pair(
    source: Annotated[str, _entity_query("Blinken")], target: Annotated[str, _entity_query("Zelenskiy")]
) -> EntityPair:
    """The two entities a question about a pair names (ids or names, not yet resolved)."""
    return EntityPair(source, target)


PairDep = Annotated[EntityPair, Depends(entity_pair)]

RelationQuery = Annotated[
    list[Relation] | None,
    Query(description="follow only edges of these relations: event roles and facts"),
]


_QUERY_NAMES: dict[int, frozenset[str]] = {}  # by id(route): routes live as long as the app


def _query_names(route: APIRoute) -> frozenset[str]:
    """The query parameters of a route and of every dependency it has."""
    known = _QUERY_NAMES.get(id(route))
    if known is not None:
        return known
    names: set[str] = set()
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        names.update(param.alias for param in dependant.query_params)
        stack.extend(dependant.dependencies)
    return _QUERY_NAMES.setdefault(id(route), frozenset(names))


async def known_parameters(request: Request) -> None:
    """Refuse a query parameter the route does not take, naming those it does."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route)
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in known]
    if unknown:
        takes = f"it takes {', '.join(sorted(known))}" if known else "it takes none"
        message = f"unknown parameter {unknown[0]!r} for {route.path_format}; {takes}"
        raise RequestValidationError(
            [{"loc": ("query", unknown[0]), "msg": message, "type": "extra_forbidden"}]
        )
