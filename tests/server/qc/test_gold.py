from __future__ import annotations

import pytest
import scipy.stats  # type: ignore[import-untyped]

from server.qc.gold import GoldSettings, gold_accuracy, score_answer
from tests.server.qc.helpers import PAIR_RUBRIC, RUBRIC, judgment

REFS = {
    "g1": {
        "rank": [["a"], ["b"], ["c"]],
        "helpful": {"a": 6, "b": 4, "c": 2},
        "issues": {"a": [], "b": ["off_topic"], "c": ["unsafe_content", "self_harm"]},
        "topic": "code",
    }
}


def test_a_perfect_annotator_is_right_on_every_scored_answer() -> None:
    j = judgment("g1", "ann", dict(REFS["g1"]))
    result = gold_accuracy([j], REFS, RUBRIC)["ann"]
    # ranking 1 + ratings 3 + flags 3 + choice 1
    assert (result.answered, result.correct, result.items) == (8, 8, 1)
    assert result.accuracy == 1.0
    assert result.questions["rank"].mean_tau == pytest.approx(1.0)


def test_ratings_are_correct_within_one_point_only() -> None:
    answers = {"helpful": {"a": 5, "b": 6, "c": 2}}  # a: -1 ok, b: +2 wrong, c: exact
    q = gold_accuracy([judgment("g1", "ann", answers)], REFS, RUBRIC)["ann"].questions["helpful"]
    assert (q.answered, q.correct) == (3, 2)
    strict = GoldSettings(rating_tolerance=0)
    res = gold_accuracy([judgment("g1", "ann", answers)], REFS, RUBRIC, strict)
    assert res["ann"].questions["helpful"].correct == 1


def test_flags_choices_and_pairwise_winners_must_match_exactly() -> None:
    answers = {
        "issues": {"a": [], "b": [], "c": ["self_harm", "unsafe_content"]},  # order ignored
        "topic": "chat",
    }
    res = gold_accuracy([judgment("g1", "ann", answers)], REFS, RUBRIC)["ann"]
    assert res.questions["issues"].correct == 2
    assert res.questions["topic"].correct == 0
    ab = PAIR_RUBRIC.questions[0]
    assert score_answer(ab, {"winner": "a", "strength": "much"}, {"winner": "a"}).correct  # type: ignore[union-attr]
    assert not score_answer(ab, {"winner": "b"}, {"winner": "a"}).correct  # type: ignore[union-attr]


def test_a_ranking_is_scored_by_kendall_tau_b_against_the_reference_with_ties() -> None:
    given = [["a", "b"], ["c"], ["d"]]
    ref = [["a"], ["b"], ["c"], ["d"]]
    expected = scipy.stats.kendalltau([0, 0, 1, 2], [0, 1, 2, 3], variant="b").statistic
    score = score_answer(RUBRIC.questions[0], given, ref)
    assert score is not None
    assert score.tau == pytest.approx(expected)
    assert score.correct == (expected >= 0.5)
    swapped = score_answer(RUBRIC.questions[0], [["b"], ["a"], ["c"], ["d"]], ref)
    assert swapped is not None
    assert swapped.tau == pytest.approx(4 / 6)  # one discordant pair of six
    high = score_answer(
        RUBRIC.questions[0], [["b"], ["a"], ["c"], ["d"]], ref, GoldSettings(tau_threshold=0.9)
    )
    assert high is not None
    assert not high.correct


def test_mean_tau_averages_over_gold_items() -> None:
    refs = {"g1": {"rank": [["a"], ["b"], ["c"]]}, "g2": {"rank": [["a"], ["b"], ["c"]]}}
    js = [
        judgment("g1", "ann", {"rank": [["a"], ["b"], ["c"]]}),
        judgment("g2", "ann", {"rank": [["c"], ["b"], ["a"]]}),
    ]
    q = gold_accuracy(js, refs, RUBRIC)["ann"].questions["rank"]
    assert q.mean_tau == pytest.approx(0.0)
    assert (q.answered, q.correct) == (2, 1)


def test_skipped_judgments_missing_answers_and_non_gold_items_are_left_out() -> None:
    js = [
        judgment("g1", "ann", {"topic": "code"}, status="skipped"),
        judgment("g1", "bob", {"topic": "code"}),  # other questions unanswered
        judgment("x9", "bob", {"topic": "math"}),
    ]
    res = gold_accuracy(js, REFS, RUBRIC)
    assert "ann" not in res
    assert (res["bob"].answered, res["bob"].correct, res["bob"].items) == (1, 1, 1)


def test_an_annotator_without_any_gold_answer_has_no_accuracy() -> None:
    res = gold_accuracy([judgment("g1", "ann", {"why": "because"})], REFS, RUBRIC)
    assert res["ann"].answered == 0
    assert res["ann"].accuracy is None
