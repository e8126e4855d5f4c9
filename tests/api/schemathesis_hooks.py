"""schemathesis hooks: what the OpenAPI schema cannot say, taught to the generator.

A date range is valid only with `since` on or before `until`, a rule across two parameters that
JSON Schema cannot express; valid cases are generated in that order (the route answers 422 for the
other, see tests/api/test_filters.py).
"""

from __future__ import annotations

from typing import Any

import schemathesis

from graph.views import date_span


@schemathesis.hook
def map_query(context: Any, query: dict[str, Any] | None) -> dict[str, Any] | None:
    if not query or not isinstance(query.get("since"), str) or not isinstance(query.get("until"), str):
        return query
    first, last = date_span(query["since"]), date_span(query["until"])
    if first and last and first[0] > last[1]:
        query = {**query, "since": query["until"], "until": query["since"]}
    return query
