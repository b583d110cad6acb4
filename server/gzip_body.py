"""Accept gzip-compressed request bodies (``Content-Encoding: gzip``), bounded after inflating.

Judgment payloads repeat their keys and pack references, so a push page shrinks several
times over under gzip; the client compresses pushes. The inflated body is held to the same
limit as a plain one (a small bomb cannot grow past it), and an unreadable stream is 400.
"""

from __future__ import annotations

import json
import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protocol import ErrorBody
from server.body_limit import limit_for


class GzipBodyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        if headers.get(b"content-encoding", b"").strip().lower() != b"gzip":
            await self.app(scope, receive, send)
            return
        compressed = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            compressed += message.get("body", b"")
            if not message.get("more_body", False):
                break
        limit = limit_for(scope["path"])
        inflater = zlib.decompressobj(wbits=31)
        try:
            body = inflater.decompress(bytes(compressed), limit + 1)
            complete = inflater.eof and not inflater.unconsumed_tail
        except zlib.error:
            await _error(send, 400, "bad_encoding", "the gzip request body could not be read")
            return
        if len(body) > limit or (not complete and inflater.unconsumed_tail):
            await _error(send, 413, "too_large", f"request body over {limit} bytes; send less")
            return
        if not complete:
            await _error(send, 400, "bad_encoding", "the gzip request body is cut short")
            return
        new_headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
        ] + [(b"content-length", str(len(body)).encode())]
        sent = False

        async def inflated() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app({**scope, "headers": new_headers}, inflated, send)


async def _error(send: Send, status: int, code: str, message: str) -> None:
    data = json.dumps(ErrorBody(code=code, message=message).model_dump()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
