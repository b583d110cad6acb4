"""An httpx transport that misbehaves the way networks and proxies do, on a seeded schedule.

Wraps a real transport. Per request it may: pass it through; drop the response after the
server has committed (the client sees a read error); answer 5xx or 429 without or after
delivering; time out; reset the connection before sending; answer 413 for a large body; or
deliver the request twice, or replay an earlier request out of order before this one.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

import httpx

FAULTS = (
    "pass",
    "drop_after_commit",
    "server_error_before",
    "server_error_after",
    "too_many_requests",
    "timeout_before",
    "timeout_after",
    "reset",
    "too_large",
    "deliver_twice",
    "replay_earlier",
)


@dataclass
class FaultyTransport(httpx.BaseTransport):
    """Injects faults into a share ``rate`` of requests; counts what it did in ``injected``."""

    inner: httpx.BaseTransport
    rng: random.Random
    rate: float = 0.4
    injected: Counter[str] = field(default_factory=Counter)
    _sent: list[httpx.Request] = field(default_factory=list)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        fault = "pass" if self.rng.random() >= self.rate else self.rng.choice(FAULTS[1:])
        if fault == "too_large" and len(request.content) < 4096:
            fault = "pass"
        self.injected[fault] += 1
        if fault == "reset":
            raise httpx.ConnectError("connection reset by peer (injected)", request=request)
        if fault == "timeout_before":
            raise httpx.ConnectTimeout("timed out connecting (injected)", request=request)
        if fault == "server_error_before":
            return httpx.Response(503, json={"code": "unavailable", "message": "injected"})
        if fault == "too_many_requests":
            return httpx.Response(
                429, headers={"Retry-After": "0"}, json={"code": "slow_down", "message": "x"}
            )
        if fault == "too_large":
            return httpx.Response(413, json={"code": "too_large", "message": "injected"})
        if fault == "replay_earlier" and self._sent:
            self._deliver(self.rng.choice(self._sent))
        response = self._deliver(request)
        if fault == "deliver_twice":
            response = self._deliver(request)
        if fault == "drop_after_commit":
            raise httpx.ReadError("connection dropped after send (injected)", request=request)
        if fault == "timeout_after":
            raise httpx.ReadTimeout("timed out reading (injected)", request=request)
        if fault == "server_error_after":
            return httpx.Response(502, json={"code": "bad_gateway", "message": "injected"})
        return response

    def _deliver(self, request: httpx.Request) -> httpx.Response:
        copy = httpx.Request(
            request.method, request.url, headers=request.headers, content=request.content
        )
        if request.method == "POST":
            self._sent.append(copy)
            del self._sent[:-20]
        response = self.inner.handle_request(copy)
        response.read()  # decoded: the copy must not claim an encoding any more
        headers = [
            (k, v)
            for k, v in response.headers.items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(response.status_code, headers=headers, content=response.content)

    def close(self) -> None:
        self.inner.close()
