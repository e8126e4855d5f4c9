"""Answers that are a file: an export streamed in one of the graph's formats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from graph.exports import FORMATS


def export_content(names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The OpenAPI `content` of a 200 answering with one of these export formats."""
    return {media: {} for media in sorted({FORMATS[name].media_type for name in names})}


def download(chunks: Iterator[bytes], fmt: str, *, name: str) -> StreamingResponse:
    """The chunks of an export in format `fmt`, streamed as the file `name` plus the format's suffix."""
    export_format = FORMATS[fmt]
    return StreamingResponse(
        chunks,
        media_type=export_format.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}{export_format.suffix}"'},
    )
