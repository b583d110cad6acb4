"""The summary every benchmark gives of its timings (milliseconds, rounded for the JSON)."""

from __future__ import annotations

import statistics


def percentile(samples: list[float], q: float, digits: int = 2) -> float:
    """The nearest-rank ``q`` quantile of ``samples`` (0 ≤ q ≤ 1)."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], digits)


def latency_stats(samples: list[float], digits: int = 2) -> dict[str, float]:
    """p50, p95, mean and count of ``samples`` (ms)."""
    return {
        "p50_ms": percentile(samples, 0.5, digits),
        "p95_ms": percentile(samples, 0.95, digits),
        "mean_ms": round(statistics.fmean(samples), digits),
        "n": len(samples),
    }
