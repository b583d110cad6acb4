"""Kendall τ-b between two rankings (scipy), defined where scipy's is not."""

from __future__ import annotations

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
    tau = float(scipy.stats.kendalltau(xa, xb, variant="b").statistic)
    return None if math.isnan(tau) else tau
