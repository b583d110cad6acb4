"""The retry policy as tables: what is retried, how long we wait, and what never is."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import httpx
import pytest

from sync import RetryPolicy
from sync._retry import (
    MAX_RETRY_AFTER,
    backoff_delay,
    classify_status,
    delay_before_retry,
    retry_after,
)


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, "ok"),
        (201, "ok"),
        (204, "ok"),
        (400, "fail"),
        (403, "fail"),
        (404, "fail"),
        (409, "fail"),
        (422, "fail"),
        (401, "unauthorized"),
        (413, "too_large"),
        (429, "retry"),
        (500, "retry"),
        (502, "retry"),
        (503, "retry"),
        (504, "retry"),
    ],
)
def test_status_verdicts_4xx_not_retried_413_halves(status: int, verdict: str) -> None:
    assert classify_status(status) == verdict


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("100000", MAX_RETRY_AFTER),
        ("Thu, 26 Nov 2026 12:00:30 GMT", 30.0),
        ("Thu, 26 Nov 2026 11:00:00 GMT", 0.0),  # a date in the past: go now
        ("soon", None),
    ],
)
def test_retry_after_honoured_as_seconds_or_date(header: str, seconds: float | None) -> None:
    response = httpx.Response(429, headers={"Retry-After": header})
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    assert retry_after(response, now) == seconds


def test_retry_after_wins_over_backoff() -> None:
    policy = RetryPolicy()
    response = httpx.Response(503, headers={"Retry-After": "12"})
    assert delay_before_retry(policy, 0, random.Random(1), response) == 12.0
    plain = delay_before_retry(policy, 0, random.Random(1), httpx.Response(503))
    assert 0.0 <= plain <= policy.base


@pytest.mark.parametrize("attempt", range(12))
def test_jitter_bounded_by_exponential_ceiling_and_cap(attempt: int) -> None:
    policy = RetryPolicy(base=0.5, cap=30.0)
    rng = random.Random(attempt)
    ceiling = min(30.0, 0.5 * 2**attempt)
    delays = [backoff_delay(policy, attempt, rng) for _ in range(500)]
    assert all(0.0 <= d <= ceiling for d in delays)
    # Full jitter: the waits spread over the whole range, not bunched at the ceiling.
    assert min(delays) < ceiling * 0.1
    assert max(delays) > ceiling * 0.9
