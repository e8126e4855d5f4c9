"""GET /export/{format}: the graph, or a view of it, in a format other tools read, streamed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from api.deps import KGDep
from api.downloads import download, export_content
from api.errors import APIError, responses
from api.filters import DatesDep
from graph.exports import FORMATS
from graph.exports.source import export_live
from graph.views import Selection, View
from graph.vocabulary import EVENT_TYPES, NODE_KINDS

router = APIRouter(prefix="/export", tags=["export"])


def _listing_query(description: str, words: Iterable[str]) -> Any:
    """A repeatable query parameter whose values are comma-separated lists of these words; the
    pattern documents them (the server also takes any case)."""
    word = f"({'|'.join(words)})"
    pattern = rf"^[ ,]*({word}( *,[ ,]*{word})*)?[ ,]*$"
    return Query(description=description, json_schema_extra={"items": {"type": "string", "pattern": pattern}})


class UnknownFormat(APIError):
    status = 404


@router.get(
    "/{fmt}",
    response_class=StreamingResponse,
    summary="Export the graph",
    responses={
        200: {"description": "The export, streamed", "content": export_content(FORMATS)},
        **responses(404, 422),
    },
)
def export(
    kg: KGDep,
    dates: DatesDep,
    # documented as the list of formats; anything else is a 404 naming them, not a bare 422
    fmt: Annotated[str, Path(description="the file format", json_schema_extra={"enum": list(FORMATS)})],
    view: Annotated[View, Query(description="full graph or the actor view")] = "full",
    kind: Annotated[
        list[str] | None, _listing_query("node kinds to keep (repeat or comma-separate)", NODE_KINDS)
    ] = None,
    event_type: Annotated[
        list[str] | None, _listing_query("event types to keep, e.g. CONSULT,ASSAULT", EVENT_TYPES)
    ] = None,
    facts: Annotated[bool, Query(description="actor view: keep facts as their own edges")] = True,
) -> StreamingResponse:
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    selection = Selection.parse(  # InvalidSelection answers 422 (api.errors)
        view=view, kinds=kind, event_types=event_type, since=dates.since, until=dates.until, facts=facts
    )
    name = "newsgraph" if view == "full" else f"newsgraph-{view}"
    return download(export_live(kg, fmt, selection), fmt, name=name)
