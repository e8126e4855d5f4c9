"""GET /export/{format}: the graph, or a view of it, in a format other tools read, streamed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from api.deps import KGDep
from api.errors import APIError, responses
from api.filters import DatesDep
from graph.exports import FORMATS
from graph.exports.source import export_stream
from graph.views import InvalidSelection, Selection, View
from graph.vocabulary import EVENT_TYPES, NODE_KINDS

router = APIRouter(prefix="/export", tags=["export"])


def _listing(words: Iterable[str]) -> str:
    """A pattern for a comma-separated list of these words (the server also takes any case)."""
    word = f"({'|'.join(words)})"
    return rf"^[ ,]*({word}( *,[ ,]*{word})*)?[ ,]*$"


def export_content(names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The OpenAPI `content` of a 200 answering with one of these export formats."""
    return {media: {} for media in sorted({FORMATS[name].media_type for name in names})}


class UnknownFormat(APIError):
    status = 404


class BadSelection(APIError):
    status = 422


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
        list[str] | None,
        Query(
            description="node kinds to keep (repeat or comma-separate)",
            json_schema_extra={"items": {"type": "string", "pattern": _listing(NODE_KINDS)}},
        ),
    ] = None,
    event_type: Annotated[
        list[str] | None,
        Query(
            description="event types to keep, e.g. CONSULT,ASSAULT",
            json_schema_extra={"items": {"type": "string", "pattern": _listing(EVENT_TYPES)}},
        ),
    ] = None,
    facts: Annotated[bool, Query(description="actor view: keep facts as their own edges")] = True,
) -> StreamingResponse:
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        selection = Selection.parse(
            view=view, kinds=kind, event_types=event_type, since=dates.since, until=dates.until, facts=facts
        )
    except InvalidSelection as exc:
        raise BadSelection(str(exc)) from exc
    export_format = FORMATS[fmt]
    documents = None
    if export_format.needs_documents:
        documents = {d["id"]: d for d in kg.store.documents(limit=kg.store.count_documents() + 1)}
    # The whole graph streams from the store's rows at one moment; a selection is made from a copy
    # of the live graph's rows taken under its read lock. Either way the file is one consistent
    # moment, and neither a large graph nor a slow client holds back writers.
    chunks = export_stream(fmt, selection, store=kg.store, live=lambda: kg, documents=documents)
    name = "newsgraph" if view == "full" else f"newsgraph-{view}"
    return StreamingResponse(
        chunks,
        media_type=export_format.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}{export_format.suffix}"'},
    )
