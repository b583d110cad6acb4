"""Refuse request bodies over a size limit with 413 before a handler reads them.

Checked twice: the declared Content-Length up front, and the bytes actually received (a
chunked body has no length to declare). The push endpoint has a tighter limit than the rest,
so a client knows to halve its batch.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protocol import MAX_PUSH_BODY_BYTES, MAX_REQUEST_BYTES, ErrorBody


class BodyTooLarge(Exception):
    pass


def limit_for(path: str) -> int:
    return MAX_PUSH_BODY_BYTES if path.rstrip("/").endswith("/v1/push") else MAX_REQUEST_BYTES


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(send, limit)


async def _too_large(send: Send, limit: int) -> None:
    body: dict[str, Any] = ErrorBody(
        code="too_large", message=f"request body over {limit} bytes; send less at once"
    ).model_dump()
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(data)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
