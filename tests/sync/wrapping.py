"""A transport wrapper that lets a test misbehave on chosen requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx


class Wrapped(httpx.BaseTransport):
    """Passes requests to ``inner`` but lets a test misbehave per request."""

    def __init__(
        self, inner: httpx.BaseTransport, hook: Callable[[httpx.Request, int], Any]
    ) -> None:
        self.inner = inner
        self.hook = hook
        self.count = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        planned = self.hook(request, self.count)
        if isinstance(planned, httpx.Response):
            return planned
        response = self.inner.handle_request(request)
        if isinstance(planned, Exception):
            raise planned  # after the server has acted on it: the answer is lost
        return response
