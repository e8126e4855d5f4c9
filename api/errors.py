"""Every error becomes a JSON body with a clear message; domain errors map to statuses here."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.schemas import ErrorBody
from extract.errors import DocumentError, ExtractionError, ModelNotInstalled
from graph.errors import AmbiguousEntity, DocumentNotFound, EntityNotFound, EventNotFound, GraphError
from graph.views import InvalidSelection

log = logging.getLogger("newsgraph.api")


class APIError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthorized(APIError):
    status = 401


class UnsupportedMediaType(APIError):
    status = 415


class PayloadTooLarge(StarletteHTTPException):
    """Raised while the body is read, so it must pass FastAPI's body parsing as an HTTP error."""

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(413, message, headers=dict(headers) if headers else None)


_STATUS: list[tuple[type[Exception], int]] = [
    (DocumentNotFound, 404),
    (EntityNotFound, 404),
    (EventNotFound, 404),
    (AmbiguousEntity, 409),
    (InvalidSelection, 422),
    (DocumentError, 422),
    (ModelNotInstalled, 503),
    (ExtractionError, 422),
    (GraphError, 500),
]

_MEANING = {
    401: "writes need the X-API-Key header (when NEWSGRAPH_API_KEY is set)",
    404: "no such entity, event or document; for a name, the body lists the closest entities",
    409: "the name fits several entities; the body lists them, use one of their ids",
    413: "the request body (or batch) is over the configured limit",
    415: "the body must be application/json",
    422: "a parameter or the body is invalid; the message says which and why",
    503: "the extraction model is not installed",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an operation can answer with."""
    return {code: {"model": ErrorBody, "description": _MEANING[code]} for code in codes}


def error_response(
    status: int, message: str, *, headers: Mapping[str, str] | None = None, **extra: object
) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "message": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse({"error": body}, status_code=status, headers=headers)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (the router names only the first route's)."""
    bare = {k: v for k, v in request.scope.items() if k in ("type", "path", "root_path", "app", "headers")}
    routes = request.app.router.routes
    return [m for m in _METHODS if any(r.matches({**bare, "method": m})[0] == Match.FULL for r in routes)]


def document_errors(app: FastAPI) -> None:
    """Make /openapi.json describe the 422 body the handlers send, wherever FastAPI put its own."""
    make_schema = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = make_schema()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(
            ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs", {})
        )
        components["ErrorBody"] = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        components["ErrorBody"].pop("$defs", None)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                invalid = operation.get("responses", {}).get("422")
                if invalid is not None and "HTTPValidationError" in str(invalid):
                    operation["responses"]["422"] = {
                        "description": _MEANING[422],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
                        },
                    }
        for unused in ("HTTPValidationError", "ValidationError"):
            if unused not in str(schema.get("paths")):
                components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(APIError)
    async def api_error(_: Request, exc: APIError) -> JSONResponse:
        return error_response(exc.status, exc.message)

    @app.exception_handler(AmbiguousEntity)
    async def ambiguous(_: Request, exc: AmbiguousEntity) -> JSONResponse:
        return error_response(409, str(exc), candidates=exc.candidates)

    @app.exception_handler(EntityNotFound)
    async def not_found(_: Request, exc: EntityNotFound) -> JSONResponse:
        return error_response(404, str(exc), candidates=exc.candidates)

    @app.exception_handler(ExtractionError)
    @app.exception_handler(GraphError)
    async def domain_error(_: Request, exc: Exception) -> JSONResponse:
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)
        if status >= 500:
            log.error("internal error: %r", exc)
        return error_response(status, str(exc) if status < 500 else "internal error")

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"where": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
            for err in exc.errors()
        ]
        message = "invalid request: " + "; ".join(f"{d['where']}: {d['message']}" for d in details)
        return error_response(422, message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = exc.headers
        if exc.status_code == 405:
            headers = {"Allow": ", ".join(allowed_methods(request))}
        return error_response(exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error_response(500, "internal error")
