"""Request body size limit, as ASGI middleware: the declared Content-Length and the bytes streamed.

A body over the limit is answered 413. The answer waits until the client has sent its body (read
and dropped, up to `DRAIN_BYTES`): a client still writing when the server answers and closes gets
"connection reset by peer" instead of the 413, and urllib and many others never read it. The answer
closes the connection. A body declared larger than the limit plus `DRAIN_BYTES` is answered at once.

A body sent without a length (chunked) is counted as it arrives; the read that crosses the limit
drains the rest and raises PayloadTooLarge, which the error handlers turn into the 413 body.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PayloadTooLarge, error_response

DRAIN_BYTES = 64 * 1024 * 1024  # about a second of reading on a local network; enough for a paste
CLOSE = {"Connection": "close"}


async def drain(receive: Receive, *, budget: int) -> None:
    """Read and drop the rest of the request body, at most `budget` bytes of it."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await error_response(400, "Content-Length is not a number", headers=CLOSE)(
                    scope, receive, send
                )
                return
            if int(declared) > self.max_bytes:
                if int(declared) <= self.max_bytes + DRAIN_BYTES:
                    await drain(receive, budget=int(declared))
                await error_response(413, self._message(), headers=CLOSE)(scope, receive, send)
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    if message.get("more_body", False):
                        await drain(receive, budget=DRAIN_BYTES)
                    raise PayloadTooLarge(self._message(), headers=CLOSE)
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"the request body is over the limit of {self.max_bytes} bytes"
