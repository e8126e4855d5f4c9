"""GET /export/{format}: the graph, or a view of it, in a format other tools read, streamed."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from api.deps import KGDep
from api.errors import APIError
from graph.exports import FORMATS, export_chunks
from graph.views import InvalidSelection, Selection, select, snapshot

router = APIRouter(prefix="/export", tags=["export"])

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class UnknownFormat(APIError):
    status = 404


class BadSelection(APIError):
    status = 422


@router.get(
    "/{fmt}",
    response_class=StreamingResponse,
    summary="Export the graph",
    responses={200: {"description": "The export, streamed", "content": {"application/octet-stream": {}}}},
)
def export(
    kg: KGDep,
    fmt: Annotated[str, Path(description="json, graphml, gexf, cytoscape or plover")],
    view: Annotated[Literal["full", "actors"], Query(description="full graph or the actor view")] = "full",
    kind: Annotated[
        list[str] | None, Query(description="node kinds to keep (repeat or comma-separate)")
    ] = None,
    event_type: Annotated[
        list[str] | None, Query(description="event types to keep, e.g. CONSULT,ASSAULT")
    ] = None,
    since: Annotated[str | None, Query(pattern=_DATE, description="events on or after this date")] = None,
    until: Annotated[str | None, Query(pattern=_DATE, description="events on or before this date")] = None,
    facts: Annotated[bool, Query(description="actor view: keep facts as their own edges")] = True,
) -> StreamingResponse:
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        selection = Selection.parse(
            view=view, kinds=kind, event_types=event_type, since=since, until=until, facts=facts
        )
    except InvalidSelection as exc:
        raise BadSelection(str(exc)) from exc
    export_format = FORMATS[fmt]
    documents = None
    if export_format.needs_documents:
        documents = {d["id"]: d for d in kg.store.documents(limit=kg.store.count_documents() + 1)}
    # Copy the rows under the read lock, then build, select and stream without it: the file is one
    # consistent snapshot, and neither a large graph nor a slow client holds back writers.
    with kg.reading() as g:
        rows = snapshot(g)
    chosen = rows.to_graph()
    del rows
    if not selection.is_everything:
        chosen = select(chosen, selection)
    name = "newsgraph" if view == "full" else f"newsgraph-{view}"
    return StreamingResponse(
        export_chunks(chosen, fmt, documents=documents),
        media_type=export_format.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}{export_format.suffix}"'},
    )
