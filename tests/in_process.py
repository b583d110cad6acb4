"""A synchronous ``httpx`` transport into the server app of a running Starlette ``TestClient``.

Our sync and lead clients speak ``httpx``. Starlette's ``TestClient`` is built on ``httpx2``
whenever that package is installed (``starlette/testclient.py`` imports ``httpx2`` first, and
``huggingface_hub`` 2, which ``datasets`` needs, depends on it), so the ``TestClient`` and its
transport are then ``httpx2`` objects that an ``httpx.Client`` cannot use. ``InProcess``
sends each ``httpx`` request to the app through ``httpx.ASGITransport`` on the
``TestClient``'s own event loop (its blocking portal, where the app's lifespan ran), whichever
HTTP library the ``TestClient`` itself was built on.
"""

from __future__ import annotations

import httpx
from starlette.testclient import TestClient


class InProcess(httpx.BaseTransport):
    """Runs each request through the ASGI app of ``client``, which must be entered
    (``with TestClient(app) as client``); app exceptions propagate, as with the TestClient."""

    def __init__(self, client: TestClient) -> None:
        if client.portal is None:
            raise RuntimeError("enter the TestClient first: with TestClient(app) as client")
        self._portal = client.portal
        self._asgi = httpx.ASGITransport(app=client.app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body as one ByteStream, which iterates both ways
        return self._portal.call(self._send, request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        body = b"".join([part async for part in response.stream])  # still content-encoded
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(body),
            extensions=response.extensions,
            request=request,
        )
