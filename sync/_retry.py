"""Retry policy: which failures are worth another attempt, and how long to wait first.

Exponential backoff with full jitter (a uniform wait in ``[0, min(cap, base·2^n)]``) so
that many clients coming back after an outage do not retry in step. A ``Retry-After``
given by the server (429, 503) is honoured instead, within ``MAX_RETRY_AFTER``.
Pure functions: the transport loop in ``_transport`` does the waiting.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

import httpx

#: Network failures after which the same request may safely be sent again: every call of
#: the protocol is idempotent (push by seq, claim by claim id, the rest are reads).
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
)
#: A server asking for a longer pause than this is treated as asking for this long.
MAX_RETRY_AFTER = 300.0

Verdict = Literal["ok", "retry", "too_large", "unauthorized", "fail"]


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` counts every attempt, the first one included."""

    base: float = 0.5
    cap: float = 30.0
    max_attempts: int = 8


def classify_status(status: int) -> Verdict:
    """What one HTTP status means for the request that got it."""
    if 200 <= status < 300:
        return "ok"
    if status == 413:
        return "too_large"
    if status == 401:
        return "unauthorized"
    if status == 429 or status >= 500:
        return "retry"
    return "fail"  # other 4xx: the same request would be refused again


def backoff_delay(policy: RetryPolicy, attempt: int, rng: random.Random) -> float:
    """Full jitter after the ``attempt``-th failure (0-based)."""
    ceiling = min(policy.cap, policy.base * (2 ** min(attempt, 62)))
    return rng.uniform(0.0, ceiling)


def retry_after(response: httpx.Response, now: datetime | None = None) -> float | None:
    """Seconds the server asked us to wait (delta-seconds or an HTTP date), if it did."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def delay_before_retry(
    policy: RetryPolicy, attempt: int, rng: random.Random, response: httpx.Response | None
) -> float:
    """The wait before the next attempt: the server's ``Retry-After``, else backoff."""
    if response is not None:
        asked = retry_after(response)
        if asked is not None:
            return asked
    return backoff_delay(policy, attempt, rng)
