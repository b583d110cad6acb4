"""Kendall τ-b between two rankings (scipy), defined where scipy's is not."""

from __future__ import annotations

import functools
import math

import scipy.stats  # type: ignore[import-untyped]

from server.qc.records import Ranking, rank_positions


def kendall_tau_b(a: Ranking, b: Ranking) -> float | None:
    """τ-b over the responses both rankings place; ties are groups.

    None when it is undefined: fewer than two common responses, or one ranking ties all of
    them (no order to correlate) while the other does not. Two rankings that both tie
    everything agree completely: 1.0.
    """
    pa, pb = rank_positions(a), rank_positions(b)
    common = sorted(set(pa) & set(pb))
    if len(common) < 2:
        return None
    xa = [pa[r] for r in common]
    xb = [pb[r] for r in common]
    flat_a, flat_b = len(set(xa)) == 1, len(set(xb)) == 1
    if flat_a or flat_b:
        return 1.0 if flat_a and flat_b else None
    # τ-b depends only on the multiset of (position in a, position in b) pairs, and short
    # rankings repeat the same few: sorted, they key a cache of scipy's answers.
    return _tau_b(tuple(sorted(zip(xa, xb, strict=True))))


@functools.lru_cache(maxsize=65_536)
def _tau_b(pairs: tuple[tuple[int, int], ...]) -> float | None:
    # scipy's checks around the statistic cost about 0.6 ms a call, which a report makes
    # for every pair of annotators on every item.
    xa, xb = [a for a, _ in pairs], [b for _, b in pairs]
    tau = float(scipy.stats.kendalltau(xa, xb, variant="b").statistic)
    return None if math.isnan(tau) else tau
