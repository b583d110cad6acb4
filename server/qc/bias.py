"""Bias diagnostics per annotator: displayed position of first choices, and response length.

Position: the first choice (pairwise winner, or the sole response of a ranking's top group)
is mapped through the judgment's ``display_order`` to the position it was SHOWN at. Under no
bias each of the k shown positions is equally likely, so the expected count of position p is
the sum of 1/k over the judgments that showed more than p responses; a chi-square
goodness-of-fit test (scipy) compares the observed counts with it.

Length: every response gets a preference score (ranking: 1 for the top group down to 0 for
the last; pairwise: 1 winner, 0 loser) and its log length minus the item's mean log length;
Spearman's ρ (scipy) between the two, with its p-value.

Either is flagged when p < ``max_p`` and the effect is beyond its threshold. Length is
measured against ``baseline_rho`` (0 by default) because real preferences can favour longer
answers by themselves: then only a departure from the reference's own ρ is a bias.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import scipy.stats  # type: ignore[import-untyped]

from guidelines.rubric import PairwiseQuestion, RankingQuestion, Rubric
from server.qc.records import Judgment, as_ranking, rank_positions


@dataclass(frozen=True)
class BiasSettings:
    max_p: float = 0.01
    #: Largest |observed − expected| share of picks at any displayed position.
    min_position_effect: float = 0.15
    #: Smallest |Spearman ρ − baseline ρ| between preference and relative length.
    min_length_rho: float = 0.3
    #: The ρ expected without annotator bias: 0, or the reference ranking's own ρ when the
    #: ground truth itself prefers longer answers (real human OASST rankings: ρ ≈ 0.5).
    baseline_rho: float = 0.0


@dataclass(frozen=True)
class PositionBias:
    annotator: str
    picks: int
    counts: tuple[int, ...]
    expected: tuple[float, ...]
    chi2: float | None
    p_value: float | None
    effect: float
    flagged: bool

    @property
    def shares(self) -> tuple[float, ...]:
        return tuple(c / self.picks for c in self.counts) if self.picks else ()


@dataclass(frozen=True)
class LengthBias:
    annotator: str
    points: int
    rho: float | None
    p_value: float | None
    flagged: bool
    #: p of ρ against ``baseline_rho`` (Fisher z); equals ``p_value`` for a baseline of 0.
    p_vs_baseline: float | None = None


def first_choice(judgment: Judgment, question: object) -> str | None:
    """The response the annotator put first on ``question``; None if none stands alone."""
    raw = judgment.answers.get(str(getattr(question, "id", "")))
    if isinstance(question, PairwiseQuestion) and isinstance(raw, Mapping):
        winner = raw.get("winner")
        return winner if isinstance(winner, str) and winner in judgment.display_order else None
    if isinstance(question, RankingQuestion):
        ranking = as_ranking(raw)
        if ranking and len(ranking[0]) == 1:
            return ranking[0][0]
    return None


def _question(rubric: Rubric, question_id: str) -> object:
    q = rubric.question(question_id)
    if not isinstance(q, PairwiseQuestion | RankingQuestion):
        raise ValueError(f"{question_id} is not a pairwise or ranking question")
    return q


def position_bias(
    annotator: str,
    judgments: Iterable[Judgment],
    rubric: Rubric,
    question_id: str,
    settings: BiasSettings | None = None,
) -> PositionBias:
    """Displayed position of ``annotator``'s first choices on ``question_id``."""
    settings = settings or BiasSettings()
    q = _question(rubric, question_id)
    picks: list[tuple[int, int]] = []  # (displayed position, number shown)
    for j in judgments:
        if j.annotator != annotator or not j.submitted or len(j.display_order) < 2:
            continue
        choice = first_choice(j, q)
        if choice is not None and choice in j.display_order:
            picks.append((j.display_order.index(choice), len(j.display_order)))
    width = max((k for _, k in picks), default=0)
    counts = [0] * width
    expected = [0.0] * width
    for pos, k in picks:
        counts[pos] += 1
        for slot in range(k):
            expected[slot] += 1 / k
    if not picks:
        return PositionBias(annotator, 0, (), (), None, None, 0.0, False)
    n = len(picks)
    effect = max(abs(c - e) / n for c, e in zip(counts, expected, strict=True))
    test = scipy.stats.chisquare(counts, expected)
    chi2, p = float(test.statistic), float(test.pvalue)
    flagged = p < settings.max_p and effect >= settings.min_position_effect
    return PositionBias(annotator, n, tuple(counts), tuple(expected), chi2, p, effect, flagged)


def preference_points(judgment: Judgment, question: object) -> list[tuple[float, str]]:
    """(preference score in [0, 1], response id) for each ranked / compared response."""
    raw = judgment.answers.get(str(getattr(question, "id", "")))
    if isinstance(question, RankingQuestion):
        ranking = as_ranking(raw)
        if not ranking or len(ranking) < 2:
            return []
        last = len(ranking) - 1
        return [(1 - pos / last, rid) for rid, pos in rank_positions(ranking).items()]
    winner = first_choice(judgment, question)
    if winner is None:
        return []
    return [(1.0 if rid == winner else 0.0, rid) for rid in judgment.display_order]


def length_bias(
    annotator: str,
    judgments: Iterable[Judgment],
    rubric: Rubric,
    question_id: str,
    lengths: Mapping[str, Mapping[str, int]],
    settings: BiasSettings | None = None,
) -> LengthBias:
    """Spearman ρ between preference and relative length; ``lengths``: item → response → chars."""
    settings = settings or BiasSettings()
    q = _question(rubric, question_id)
    scores: list[float] = []
    rel: list[float] = []
    for j in judgments:
        if j.annotator != annotator or not j.submitted or j.item_id not in lengths:
            continue
        sizes = lengths[j.item_id]
        points = [(s, r) for s, r in preference_points(j, q) if r in sizes]
        if len(points) < 2:
            continue
        logs = [math.log1p(sizes[r]) for _, r in points]
        mean = sum(logs) / len(logs)
        scores += [s for s, _ in points]
        rel += [x - mean for x in logs]
    return _spearman(annotator, scores, rel, settings)


def _spearman(
    annotator: str, xs: Sequence[float], ys: Sequence[float], settings: BiasSettings
) -> LengthBias:
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return LengthBias(annotator, len(xs), None, None, False)
    result = scipy.stats.spearmanr(xs, ys)
    rho, p = float(result.statistic), float(result.pvalue)
    base = settings.baseline_rho
    p_base = p if base == 0 else _fisher_p(rho, base, len(xs))
    flagged = p_base < settings.max_p and abs(rho - base) >= settings.min_length_rho
    return LengthBias(annotator, len(xs), rho, p, flagged, p_base)


def _fisher_p(rho: float, base: float, n: int) -> float:
    """Two-sided p of ρ ≠ ``base`` by Fisher's z (standard error 1/√(n−3))."""
    clip = 1 - 1e-12
    z = (math.atanh(max(-clip, min(clip, rho))) - math.atanh(base)) * math.sqrt(n - 3)
    return float(2 * scipy.stats.norm.sf(abs(z)))
