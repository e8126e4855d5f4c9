"""schemathesis hooks: what the OpenAPI schema cannot say, taught to the generator.

Two rules hold across values, which JSON Schema cannot express; every case is sent keeping them
(the routes answer 422 otherwise, see tests/api/test_filters.py and test_documents.py):
- a date range has `since` on or before `until`;
- the documents of one batch have distinct ids.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from graph.views import date_span


def dates_in_order(query: dict[str, Any]) -> dict[str, Any]:
    since, until = query.get("since"), query.get("until")
    if isinstance(since, str) and isinstance(until, str):
        first, last = date_span(since), date_span(until)
        if first and last and first[0] > last[1]:
            return {**query, "since": until, "until": since}
    return query


def distinct_ids(batch: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for item in batch:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            doc_id = item["id"]
            while doc_id.strip() in seen:
                doc_id += "-again"
            seen.add(doc_id.strip())
            item = {**item, "id": doc_id}
        out.append(item)
    return out


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if isinstance(case.query, dict):
        case.query = dates_in_order(case.query)
    if isinstance(case.body, list):
        case.body = distinct_ids(case.body)
