"""The one answer validator: good answers pass, each kind of broken answer names its question."""

from __future__ import annotations

from typing import Any

import pytest

from guidelines import GuidelinePack, validate_answers

GOOD: dict[str, Any] = {
    "preference": {"winner": "a", "strength": "better"},
    "safety": {"a": [], "b": ["pii"]},
    "helpfulness": {"a": 3, "b": 1},
}


def _codes(
    pack: GuidelinePack, answers: Any, rids: tuple[str, ...] = ("a", "b")
) -> list[tuple[str, str | None, str]]:
    return [
        (p.question_id, p.response_id, p.code) for p in validate_answers(pack.rubric, answers, rids)
    ]


def test_complete_answers_pass(demo: GuidelinePack) -> None:
    assert validate_answers(demo.rubric, GOOD, ["a", "b"]) == []


def test_a_tie_passes_where_ties_are_allowed(demo: GuidelinePack) -> None:
    answers = {**GOOD, "preference": {"winner": "tie"}}
    assert validate_answers(demo.rubric, answers, ["a", "b"]) == []


def test_a_missing_required_answer_names_the_question(demo: GuidelinePack) -> None:
    answers = {k: v for k, v in GOOD.items() if k != "preference"}
    problems = validate_answers(demo.rubric, answers, ["a", "b"])
    assert [(p.question_id, p.code) for p in problems] == [("preference", "required")]
    assert problems[0].message == "“Which response is better?” needs an answer."


def test_a_per_response_answer_missing_for_one_response_names_that_response(
    demo: GuidelinePack,
) -> None:
    answers = {**GOOD, "helpfulness": {"a": 2}}
    assert _codes(demo, answers) == [("helpfulness", "b", "required")]


def test_messages_follow_the_annotators_language(demo: GuidelinePack) -> None:
    answers = {k: v for k, v in GOOD.items() if k != "preference"}
    problems = validate_answers(demo.rubric, answers, ["a", "b"], lang="zh")
    assert problems[0].message == "“哪个回复更好？”必须作答。"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"helpfulness": {"a": 4, "b": 1}}, ("helpfulness", "a", "out_of_scale")),
        ({"helpfulness": {"a": True, "b": 1}}, ("helpfulness", "a", "out_of_scale")),
        ({"helpfulness": {"a": "3", "b": 1}}, ("helpfulness", "a", "out_of_scale")),
        ({"helpfulness": [3, 1]}, ("helpfulness", None, "per_response_shape")),
        ({"helpfulness": {"a": 3, "b": 1, "c": 2}}, ("helpfulness", "c", "unknown_response")),
        ({"safety": {"a": ["toxic"], "b": []}}, ("safety", "a", "unknown_option")),
        ({"safety": {"a": ["pii", "pii"], "b": []}}, ("safety", "a", "duplicate_option")),
        ({"safety": {"a": "pii", "b": []}}, ("safety", "a", "flags_shape")),
        ({"preference": {"winner": "a"}}, ("preference", None, "strength_missing")),
        ({"preference": {"winner": "a", "strength": "huge"}}, ("preference", None, "bad_strength")),
        ({"preference": {"winner": "both_bad"}}, ("preference", None, "both_bad_not_allowed")),
        (
            {"preference": {"winner": "tie", "strength": "better"}},
            ("preference", None, "strength_unexpected"),
        ),
        ({"preference": {"winner": "c", "strength": "better"}}, ("preference", None, "bad_winner")),
        ({"preference": "a"}, ("preference", None, "pairwise_shape")),
        ({"rationale": 42}, ("rationale", None, "text_shape")),
        ({"rationale": "short"}, ("rationale", None, "too_short")),
        ({"unknown": 1}, ("unknown", None, "unknown_question")),
    ],
)
def test_each_broken_answer_is_reported_on_its_question(
    demo: GuidelinePack, change: dict[str, Any], expected: tuple[str, str | None, str]
) -> None:
    assert expected in _codes(demo, {**GOOD, **change})


def test_required_if_rule_demands_a_rationale_for_a_strong_preference(demo: GuidelinePack) -> None:
    answers = {**GOOD, "preference": {"winner": "a", "strength": "much_better"}}
    problems = validate_answers(demo.rubric, answers, ["a", "b"])
    assert [(p.question_id, p.code) for p in problems] == [("rationale", "required_if")]
    assert problems[0].message == "“Why?” needs an answer here (explain a strong preference)."
    answers["rationale"] = "A is correct and B is not."
    assert validate_answers(demo.rubric, answers, ["a", "b"]) == []


def test_forbid_rule_refuses_preferring_a_response_flagged_unsafe(demo: GuidelinePack) -> None:
    answers = {**GOOD, "safety": {"a": ["unsafe"], "b": []}}
    problems = validate_answers(demo.rubric, answers, ["a", "b"])
    assert [(p.question_id, p.response_id, p.code) for p in problems] == [
        ("preference", "a", "rule")
    ]
    assert (
        problems[0].message
        == "“Which response is better?”: an unsafe response cannot be preferred."
    )
    flagged_loser = {**GOOD, "safety": {"a": [], "b": ["unsafe"]}}
    assert validate_answers(demo.rubric, flagged_loser, ["a", "b"]) == []


def test_a_pair_question_on_an_item_with_three_responses_is_reported(demo: GuidelinePack) -> None:
    answers = {**GOOD, "helpfulness": {"a": 3, "b": 1, "c": 1}, "safety": {}}
    assert _codes(demo, answers, ("a", "b", "c")) == [("preference", None, "pair_needs_two")]


@pytest.mark.parametrize("answers", [None, [], "x", 3])
def test_answers_that_are_not_a_table_give_one_problem_not_a_crash(
    demo: GuidelinePack, answers: Any
) -> None:
    assert [p.code for p in validate_answers(demo.rubric, answers, ["a", "b"])] == ["not_a_mapping"]


def test_problems_serialise_to_json(demo: GuidelinePack) -> None:
    problem = validate_answers(demo.rubric, {}, ["a", "b"])[0]
    assert problem.to_json() == {
        "question_id": "preference",
        "response_id": None,
        "code": "required",
        "message": "“Which response is better?” needs an answer.",
    }
