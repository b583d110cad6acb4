from __future__ import annotations

import math

import pytest
import scipy.stats  # type: ignore[import-untyped]

from server.qc.bias import BiasSettings, length_bias, position_bias
from server.qc.records import Judgment
from tests.server.qc.helpers import PAIR_RUBRIC, RUBRIC, judgment


def _pairs(winners_by_position: list[int], order_flip: bool = True) -> list[Judgment]:
    """A pairwise judgment per entry, picking the response shown at that position."""
    out = []
    for i, pos in enumerate(winners_by_position):
        order = ("a", "b") if not (order_flip and i % 2) else ("b", "a")
        out.append(
            judgment(
                f"i{i}", "ann", {"ab": {"winner": order[pos], "strength": "much"}}, order=order
            )
        )
    return out


def test_first_choices_are_counted_by_displayed_position_not_by_response_id() -> None:
    js = _pairs([0] * 30)  # always the left one, though it is "a" and "b" alternately
    res = position_bias("ann", js, PAIR_RUBRIC, "ab")
    assert res.counts == (30, 0)
    assert res.shares == (1.0, 0.0)
    expected = scipy.stats.chisquare([30, 0], [15, 15])
    assert res.chi2 == pytest.approx(30.0)  # (30-15)^2/15 * 2
    assert res.p_value == pytest.approx(expected.pvalue)
    assert res.flagged


def test_balanced_picks_are_not_flagged() -> None:
    res = position_bias("ann", _pairs([0, 1] * 15), PAIR_RUBRIC, "ab")
    assert res.counts == (15, 15)
    assert res.p_value == pytest.approx(1.0)
    assert not res.flagged


def test_mixed_numbers_of_responses_expect_one_over_k_per_position() -> None:
    js = [judgment(f"t{i}", "ann", {"rank": [["a"], ["b"], ["c"]]}) for i in range(6)]
    js += [judgment(f"p{i}", "ann", {"rank": [["b"], ["a"]]}, order=("a", "b")) for i in range(4)]
    js.append(judgment("tie", "ann", {"rank": [["a", "b"], ["c"]]}))  # no single first choice
    js.append(judgment("sk", "ann", {"rank": [["a"], ["b"], ["c"]]}, status="skipped"))
    res = position_bias("ann", js, RUBRIC, "rank")
    assert res.counts == (6, 4, 0)
    assert res.expected == pytest.approx((6 / 3 + 4 / 2, 6 / 3 + 4 / 2, 6 / 3))
    chi2 = sum((o - e) ** 2 / e for o, e in zip([6, 4, 0], [4, 4, 2], strict=True))
    assert res.chi2 == pytest.approx(chi2)
    assert res.p_value == pytest.approx(scipy.stats.chi2.sf(chi2, 2))
    assert res.effect == pytest.approx(2 / 10)


def test_an_annotator_without_picks_has_no_test() -> None:
    res = position_bias("nobody", _pairs([0, 1]), PAIR_RUBRIC, "ab")
    assert (res.picks, res.p_value, res.flagged) == (0, None, False)
    with pytest.raises(ValueError, match="not a pairwise or ranking"):
        position_bias("ann", [], RUBRIC, "helpful")


def test_preferring_longer_responses_shows_as_spearman_correlation_with_relative_length() -> None:
    lengths = {f"i{i}": {"a": 100 + i, "b": 300 + 7 * i, "c": 50 + 3 * i} for i in range(12)}
    js = [judgment(f"i{i}", "ann", {"rank": [["b"], ["a"], ["c"]]}) for i in range(12)]
    res = length_bias("ann", js, RUBRIC, "rank", lengths)
    scores, rel = [], []
    for i in range(12):
        logs = {r: math.log1p(n) for r, n in lengths[f"i{i}"].items()}
        mean = sum(logs.values()) / 3
        for r, s in (("b", 1.0), ("a", 0.5), ("c", 0.0)):
            scores.append(s)
            rel.append(logs[r] - mean)
    expected = scipy.stats.spearmanr(scores, rel)
    assert res.points == 36
    assert res.rho == pytest.approx(expected.statistic)
    assert res.p_value == pytest.approx(expected.pvalue)
    assert res.flagged
    assert not length_bias(
        "ann", js, RUBRIC, "rank", lengths, BiasSettings(min_length_rho=0.99)
    ).flagged


def test_length_bias_is_undefined_when_every_response_has_the_same_length() -> None:
    lengths = {f"i{i}": {"a": 10, "b": 10} for i in range(5)}
    js = [
        judgment(f"i{i}", "ann", {"ab": {"winner": "a", "strength": "much"}}, order=("a", "b"))
        for i in range(5)
    ]
    res = length_bias("ann", js, PAIR_RUBRIC, "ab", lengths)
    assert (res.rho, res.p_value, res.flagged) == (None, None, False)


def test_length_bias_against_a_baseline_uses_fisher_z_on_the_difference() -> None:
    lengths = {f"i{i}": {"a": 100 + i, "b": 300 + 7 * i, "c": 50 + 3 * i} for i in range(12)}
    js = [judgment(f"i{i}", "ann", {"rank": [["b"], ["a"], ["c"]]}) for i in range(12)]
    plain = length_bias("ann", js, RUBRIC, "rank", lengths)
    assert plain.rho is not None
    assert plain.p_vs_baseline == plain.p_value
    near = length_bias("ann", js, RUBRIC, "rank", lengths, BiasSettings(baseline_rho=0.8))
    z = (math.atanh(plain.rho) - math.atanh(0.8)) * math.sqrt(36 - 3)
    assert near.p_vs_baseline == pytest.approx(2 * scipy.stats.norm.sf(abs(z)))
    assert near.rho == plain.rho
    assert not near.flagged  # |rho - 0.8| is below 0.3
