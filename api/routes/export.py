"""GET /export/{format}: the graph in a format other tools read, streamed."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from api.deps import KGDep
from api.errors import APIError
from graph.exports import FORMATS, export_chunks

router = APIRouter(prefix="/export", tags=["export"])


class UnknownFormat(APIError):
    status = 404


@router.get("/{fmt}", response_class=StreamingResponse)
def export(kg: KGDep, fmt: str) -> StreamingResponse:
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    _, media_type, suffix = FORMATS[fmt]
    # Render under the read lock so the export is one consistent snapshot.
    with kg.reading() as g:
        body = b"".join(export_chunks(g, fmt))

    def chunks() -> Iterator[bytes]:
        yield body

    return StreamingResponse(
        chunks(),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="newsgraph{suffix}"'},
    )
