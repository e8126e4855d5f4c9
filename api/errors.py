"""Every error becomes a JSON body with a clear message; domain errors map to statuses here."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from extract.errors import DocumentError, ExtractionError, ModelNotInstalled
from graph.errors import AmbiguousEntity, DocumentNotFound, EntityNotFound, EventNotFound, GraphError

log = logging.getLogger("newsgraph.api")


class APIError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthorized(APIError):
    status = 401


class PayloadTooLarge(APIError):
    status = 413


class UnsupportedMediaType(APIError):
    status = 415


_STATUS: list[tuple[type[Exception], int]] = [
    (DocumentNotFound, 404),
    (EntityNotFound, 404),
    (EventNotFound, 404),
    (AmbiguousEntity, 409),
    (DocumentError, 422),
    (ModelNotInstalled, 503),
    (ExtractionError, 422),
    (GraphError, 500),
]


def _body(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(APIError)
    async def api_error(_: Request, exc: APIError) -> JSONResponse:
        return _body(exc.status, exc.message)

    @app.exception_handler(AmbiguousEntity)
    async def ambiguous(_: Request, exc: AmbiguousEntity) -> JSONResponse:
        return _body(409, str(exc), candidates=exc.candidates)

    @app.exception_handler(ExtractionError)
    @app.exception_handler(GraphError)
    async def domain_error(_: Request, exc: Exception) -> JSONResponse:
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)
        if status >= 500:
            log.error("internal error: %r", exc)
        return _body(status, str(exc) if status < 500 else "internal error")

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"where": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
            for err in exc.errors()
        ]
        return _body(
            422,
            "invalid request: " + "; ".join(f"{d['where']}: {d['message']}" for d in details),
            details=details,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _body(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _body(500, "internal error")
