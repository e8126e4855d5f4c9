"""Documents: list and read them, add one or a batch (extracted on arrival), delete one.

A POSTed batch goes down the one ingest path (extract.ingest): extracted outside the request
threads (api.extraction), written in order by the live graph, which the answer then reports on.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError

from api.deps import KGDep, WriteAccess
from api.errors import PayloadTooLarge, UnsupportedMediaType, responses
from api.extraction import ServerExtractor
from api.schemas import Deleted, DocumentDetail, DocumentIn, DocumentPage, IngestReport
from extract.documents import check_meta
from extract.ingest import ingest
from graph.knowledge import KnowledgeGraph
from graph.records import Document

router = APIRouter(prefix="/documents", tags=["documents"])

_BATCH = TypeAdapter(list[DocumentIn])
_ONE = DocumentIn.model_json_schema()
_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [_ONE, {"type": "array", "items": _ONE, "minItems": 1}],
                "description": "one document, or a batch (a list) of up to NEWSGRAPH_MAX_BATCH, ids distinct",
            }
        }
    },
}
# One batch extracts and writes at a time: batches then land whole, in arrival order. Readers are
# not held up: each document is applied under the graph's write lock, a few milliseconds.
_ingest_lock = threading.Lock()

DocId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=1000,
        description="document id; may contain '/'",
        openapi_examples={"seed": {"value": "rferl-blinken-to-visit-ukraine"}},
    ),
]


# OpenAPI links: what a client (or schemathesis' stateful phase) can call next with an answer's ids.
_READ = "#/paths/~1documents~1{doc_id}/get"
_DELETE = "#/paths/~1documents~1{doc_id}/delete"
_ENTITY = "#/paths/~1entities~1{entity}/get"
_POSTED_LINKS = {
    "ReadDocument": {"operationRef": _READ, "parameters": {"doc_id": "$response.body#/items/0/id"}},
    "DeleteDocument": {"operationRef": _DELETE, "parameters": {"doc_id": "$response.body#/items/0/id"}},
    "ReadEntity": {
        "operationRef": _ENTITY,
        "parameters": {"entity": "$response.body#/items/0/entities/0/id"},
    },
}
_READ_LINKS = {
    "DeleteDocument": {"operationRef": _DELETE, "parameters": {"doc_id": "$request.path.doc_id"}},
    "ReadEntity": {"operationRef": _ENTITY, "parameters": {"entity": "$response.body#/entities/0/id"}},
}


@router.get("", response_model=DocumentPage, responses=responses(422))
def list_documents(
    kg: KGDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Stored documents by published date, then id (metadata only)."""
    return {
        "total": kg.count_documents(),
        "limit": limit,
        "offset": offset,
        "items": kg.documents(limit=limit, offset=offset),
    }


@router.get(
    "/{doc_id:path}",
    response_model=DocumentDetail,
    responses={200: {"description": "the document", "links": _READ_LINKS}, **responses(404, 422)},
)
def read_document(
    kg: KGDep,
    doc_id: DocId,
    text: Annotated[bool, Query(description="include the text")] = True,
) -> dict[str, Any]:
    """One document's metadata and text, and the entities and events it contributes."""
    return kg.document(doc_id, with_text=text)


@router.post(
    "",
    response_model=IngestReport,
    dependencies=[WriteAccess],
    responses={
        200: {"description": "what each document gave the graph", "links": _POSTED_LINKS},
        **responses(401, 413, 415, 422, 503),
    },
    openapi_extra={"requestBody": _REQUEST_BODY},
)
async def add_documents(request: Request) -> dict[str, Any]:
    """Extract and store one document or a batch. A document whose id is already stored replaces
    the old one's contribution, and sending the same text again changes nothing ("unchanged")."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        sent = media_type or "no content type"
        raise UnsupportedMediaType(f"send the document(s) as application/json, not {sent!r}")
    raw = await request.body()
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RequestValidationError(
            [{"loc": ("body",), "msg": f"not valid JSON: {exc}", "type": "json_invalid"}]
        ) from exc
    if not isinstance(body, dict | list):
        raise RequestValidationError(
            [{"loc": ("body",), "msg": "send a document (an object) or a list of them", "type": "type"}]
        )
    try:
        batch = [DocumentIn.model_validate(body)] if isinstance(body, dict) else _BATCH.validate_python(body)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from exc
    if not batch:
        raise RequestValidationError([{"loc": ("body",), "msg": "the batch is empty", "type": "too_short"}])
    _refuse_repeated_ids(batch)
    limit = request.app.state.settings.max_batch
    if len(batch) > limit:
        raise PayloadTooLarge(f"a batch of {len(batch)} documents is over the limit of {limit}")
    documents = [_document(item) for item in batch]
    state = request.app.state
    items = await asyncio.to_thread(_ingest, state.kg, state.extraction, documents)
    counts: dict[str, int] = {}
    for item in items:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    return {"items": items, "counts": counts}


@router.delete(
    "/{doc_id:path}", response_model=Deleted, dependencies=[WriteAccess], responses=responses(401, 404, 422)
)
def delete_document(kg: KGDep, doc_id: DocId) -> dict[str, Any]:
    """Remove a document and everything only it contributed; what others also say stays."""
    with _ingest_lock:
        result = kg.delete(doc_id)
    return {"id": result.doc_id, "status": "deleted", "nodes": result.nodes, "edges": result.edges}


def _refuse_repeated_ids(batch: list[DocumentIn]) -> None:
    """Two documents with one id in a batch: the later would silently replace the earlier."""
    where: dict[str, list[int]] = {}
    for position, item in enumerate(batch):
        where.setdefault(item.id, []).append(position)
    errors = [
        {
            "loc": ("body", positions[1], "id"),
            "msg": f"the id {doc_id!r} is in the batch {len(positions)} times (items "
            f"{', '.join(map(str, positions))}); send each document once",
            "type": "value_error",
        }
        for doc_id, positions in where.items()
        if len(positions) > 1
    ]
    if errors:
        raise RequestValidationError(errors)


def _document(item: DocumentIn) -> Document:
    extra = dict(item.model_extra or {})
    meta = extra.pop("meta", None)
    if isinstance(meta, dict):
        extra = {**meta, **extra}
    elif meta is not None:
        extra["meta"] = meta
    check_meta(extra, where=item.id)
    return Document(
        id=item.id,
        text=item.text,
        title=item.title,
        source=item.source,
        url=item.url,
        published=item.published.isoformat() if item.published else None,
        meta=extra,
    )


def _ingest(
    kg: KnowledgeGraph, extraction: ServerExtractor, documents: list[Document]
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    with _ingest_lock:
        for outcome in ingest(documents, extract=extraction.extract_many, into=kg):
            doc_id = outcome.document.id
            if outcome.status == "failed":
                items.append({"id": doc_id, "status": "failed", "error": outcome.error})
                continue
            items.append({"id": doc_id, "status": outcome.status, **kg.contribution(doc_id)})
    return items
