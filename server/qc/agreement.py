"""Agreement statistics on overlap items, from flat ``Record``s (see ``records``).

Every function takes the records of ONE question. The statistics come from well-kept
libraries: Krippendorff's α from ``krippendorff``, Kendall τ-b from scipy, Cohen's and
Fleiss' κ from statsmodels. Each returns None when the statistic is undefined (fewer than
two raters on any unit, a single category, nothing in common).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations
from typing import Literal

import krippendorff
import numpy as np
from statsmodels.stats import inter_rater  # type: ignore[import-untyped]

from server.qc.ranks import kendall_tau_b
from server.qc.records import Record, Value, as_ranking, rank_positions

Level = Literal["nominal", "ordinal", "interval", "ratio"]
Unit = tuple[str, str | None]


def by_unit(records: Iterable[Record]) -> dict[Unit, dict[str, Value]]:
    """Unit → annotator → value (a later record of the same annotator wins)."""
    out: dict[Unit, dict[str, Value]] = defaultdict(dict)
    for r in records:
        out[r.unit][r.annotator] = r.value
    return dict(out)


def _codes(values: Iterable[Hashable]) -> dict[Hashable, int]:
    return {v: i for i, v in enumerate(sorted(set(values), key=repr))}


def krippendorff_alpha(
    records: Iterable[Record],
    level: Level = "nominal",
    value_domain: Sequence[int] | None = None,
) -> float | None:
    """Krippendorff's α over annotators × units (missing answers allowed).

    Nominal values of any kind are coded as integers; ordinal and interval values must be
    numbers. ``value_domain`` (a rating scale's points) makes ordinal distances use the
    whole scale, not only the values that occur.
    """
    units = by_unit(records)
    annotators = sorted({a for per in units.values() for a in per})
    if len(annotators) < 2 or not units:
        return None
    values = [v for per in units.values() for v in per.values()]
    numeric = all(isinstance(v, int) for v in values)
    if level != "nominal" and not numeric:
        raise ValueError(f"{level} alpha needs numeric values")
    codes = _codes(values) if not numeric else {}
    matrix = np.full((len(annotators), len(units)), np.nan)
    for col, per in enumerate(units.values()):
        for row, annotator in enumerate(annotators):
            if annotator in per:
                v = per[annotator]
                matrix[row, col] = float(v) if numeric else codes[v]  # type: ignore[arg-type]
    domain = (
        sorted(set(value_domain) | set(matrix[~np.isnan(matrix)].tolist()))
        if (value_domain is not None and numeric)
        else None
    )
    pairable = sum(1 for c in range(matrix.shape[1]) if (~np.isnan(matrix[:, c])).sum() >= 2)
    if pairable == 0 or len(set(matrix[~np.isnan(matrix)].tolist()) | set(domain or [])) < 2:
        return None
    alpha = krippendorff.alpha(
        reliability_data=matrix, level_of_measurement=level, value_domain=domain
    )
    return None if math.isnan(alpha) else float(alpha)


def percent_agreement(records: Iterable[Record]) -> tuple[float | None, int]:
    """(share of agreeing annotator pairs over all units, number of pairs compared)."""
    agree = total = 0
    for per in by_unit(records).values():
        for a, b in combinations(sorted(per), 2):
            total += 1
            agree += per[a] == per[b]
    return (agree / total if total else None), total


def cohens_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's κ of two raters' paired labels (statsmodels); None when undefined."""
    if len(a) != len(b):
        raise ValueError("both raters need the same number of labels")
    if not a:
        return None
    codes = _codes([*a, *b])
    table = np.zeros((len(codes), len(codes)))
    for x, y in zip(a, b, strict=True):
        table[codes[x], codes[y]] += 1
    if len(codes) < 2:
        return None  # one category: chance agreement is 1
    kappa = float(inter_rater.cohens_kappa(table, return_results=False))
    return None if math.isnan(kappa) else kappa


def fleiss_kappa(records: Iterable[Record]) -> tuple[float | None, int]:
    """(Fleiss' κ, units used) over the units rated by the most common number of raters.

    Fleiss' κ needs the same number of raters on every unit; units with another count are
    left out (the count of units used is returned). Needs at least two raters per unit.
    """
    units = by_unit(records)
    sizes = [len(per) for per in units.values() if len(per) >= 2]
    if not sizes:
        return None, 0
    n = max(set(sizes), key=lambda s: (sizes.count(s), s))
    rows = [list(per.values()) for per in units.values() if len(per) == n]
    codes = _codes(v for row in rows for v in row)
    if len(codes) < 2:
        return None, len(rows)
    data = np.array([[codes[v] for v in row] for row in rows])
    table, _ = inter_rater.aggregate_raters(data, n_cat=len(codes))
    kappa = float(inter_rater.fleiss_kappa(table, method="fleiss"))
    return (None if math.isnan(kappa) else kappa), len(rows)


def ranking_taus(records: Iterable[Record]) -> dict[tuple[str, str], list[float]]:
    """(annotator a, annotator b), a < b → their τ-b on every item both ranked (if defined)."""
    out: dict[tuple[str, str], list[float]] = defaultdict(list)
    for per in by_unit(records).values():
        for a, b in combinations(sorted(per), 2):
            ra, rb = as_ranking_value(per[a]), as_ranking_value(per[b])
            tau = kendall_tau_b(ra, rb) if ra and rb else None
            if tau is not None:
                out[(a, b)].append(tau)
    return dict(out)


def as_ranking_value(value: Value) -> tuple[tuple[str, ...], ...] | None:
    """A record's value as a ranking, or None if it is not one."""
    if isinstance(value, tuple) and value and all(isinstance(g, tuple) for g in value):
        return as_ranking([list(g) for g in value])
    return None


def ranking_position_records(records: Iterable[Record]) -> list[Record]:
    """One record per ranked response holding its position (0 = best), for ordinal α."""
    out: list[Record] = []
    for r in records:
        ranking = as_ranking_value(r.value)
        if ranking is None:
            continue
        for rid, pos in rank_positions(ranking).items():
            out.append(Record(r.item_id, r.annotator, r.question_id, pos, rid, r.day))
    return out
