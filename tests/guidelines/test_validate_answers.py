"""The one answer validator: good answers pass, each kind of broken answer names its question."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from guidelines import (
    FlagsQuestion,
    GuidelinePack,
    LocalText,
    Option,
    RankingQuestion,
    RewriteQuestion,
    Rubric,
    rules,
    validate_answers,
)
from guidelines.changelog import ChangelogEntry
from guidelines.manifest import Manifest
from guidelines.migrate import migrate_draft

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


# A rewrite ranked as an extra candidate: rankings place it under the rewrite question's id.

RANK = RankingQuestion(id="rank", label=LocalText.of(en="Rank them", zh="排序"), allow_ties=True)
REWRITE = RewriteQuestion(id="rewrite", label=LocalText.of(en="Rewrite", zh="改写"))
SAFETY = FlagsQuestion(
    id="safety",
    label=LocalText.of(en="Safety"),
    applies="response",
    options=(Option(id="unsafe", label=LocalText.of(en="Unsafe")),),
)
CANDIDATES = Rubric((RANK, REWRITE), languages=("en", "zh"))
RIDS = ("a", "b")


def _problems(answers: dict[str, Any], rubric: Rubric = CANDIDATES) -> list[tuple[str, str]]:
    return [(p.question_id, p.code) for p in validate_answers(rubric, answers, RIDS)]


def test_a_rewrite_marked_as_candidate_is_ranked_under_its_question_id() -> None:
    answers = {
        "rewrite": {"source": "a", "text": "Better.", "candidate": True},
        "rank": [["rewrite"], ["a", "b"]],
    }
    assert validate_answers(CANDIDATES, answers, RIDS) == []


def test_a_rewrite_may_say_it_is_not_a_candidate_and_is_then_not_ranked() -> None:
    answers = {
        "rewrite": {"source": "a", "text": "Better.", "candidate": False},
        "rank": [["a"], ["b"]],
    }
    assert validate_answers(CANDIDATES, answers, RIDS) == []


def test_a_ranking_that_omits_a_marked_rewrite_is_refused_naming_the_ranking() -> None:
    answers = {
        "rewrite": {"source": "a", "text": "Better.", "candidate": True},
        "rank": [["a"], ["b"]],
    }
    problems = validate_answers(CANDIDATES, answers, RIDS)
    assert [(p.question_id, p.code) for p in problems] == [("rank", "ranking_candidate_missing")]
    assert problems[0].message == (
        "“Rank them” must also place the rewrite (“Rewrite”), which is marked to be ranked."
    )
    zh = validate_answers(CANDIDATES, answers, RIDS, lang="zh")
    assert zh[0].message.startswith("“排序”还必须为改写（“改写”）排序")


def test_a_ranking_that_places_an_unmarked_rewrite_is_refused_naming_the_ranking() -> None:
    for rewrite in ({"source": "a", "text": "Better."}, None):
        answers = {"rewrite": rewrite, "rank": [["rewrite"], ["a"], ["b"]]}
        problems = validate_answers(CANDIDATES, answers, RIDS)
        assert [(p.question_id, p.code) for p in problems] == [
            ("rank", "ranking_candidate_unexpected")
        ]
        assert "“Rank them”" in problems[0].message


def test_a_marked_rewrite_still_needs_every_response_ranked() -> None:
    answers = {
        "rewrite": {"source": "a", "text": "Better.", "candidate": True},
        "rank": [["rewrite"], ["a"]],
    }
    assert _problems(answers) == [("rank", "ranking_incomplete")]


def test_a_marked_rewrite_tied_with_a_response_needs_ties_allowed() -> None:
    strict = Rubric((dataclasses.replace(RANK, allow_ties=False), REWRITE))
    answers = {
        "rewrite": {"source": "a", "text": "Better.", "candidate": True},
        "rank": [["rewrite", "a"], ["b"]],
    }
    assert _problems(answers, strict) == [("rank", "ranking_tie")]


def test_an_invalid_marked_rewrite_gives_one_problem_not_one_per_ranking() -> None:
    answers = {
        "rewrite": {"source": "a", "text": "", "candidate": True},
        "rank": [["rewrite"], ["a"], ["b"]],
    }
    assert _problems(answers) == [("rewrite", "too_short")]


@pytest.mark.parametrize(
    "rewrite",
    [
        {"source": "a", "text": "x", "candidate": "yes"},
        {"source": "a", "text": "x", "candidate": 1},
        {"source": "a", "text": "x", "extra": True},
        {"source": "a", "candidate": True},
        {"text": "x", "candidate": True},
    ],
)
def test_the_rewrite_shape_allows_only_a_boolean_candidate_beside_source_and_text(
    rewrite: dict[str, Any],
) -> None:
    assert ("rewrite", "rewrite_shape") in _problems({"rewrite": rewrite})


def test_a_ranked_rewrite_does_not_push_responses_down_a_place_in_rules() -> None:
    best_is_safe = rules.Rule(
        id="best_is_safe",
        kind="forbid",
        question="rank",
        when=rules.AllOf((rules.Test("rank", "rank_is", 1), rules.Test("safety", "has", "unsafe"))),
        for_each_response=True,
    )
    rubric = Rubric((RANK, REWRITE, SAFETY), (best_is_safe,))
    answers: dict[str, Any] = {
        "rewrite": {"source": "b", "text": "Better.", "candidate": True},
        "safety": {"a": ["unsafe"], "b": []},
        "rank": [["rewrite"], ["a"], ["b"]],
    }
    assert _problems(answers, rubric) == [("rank", "rule")]
    answers["rank"] = [["rewrite"], ["b"], ["a"]]
    assert _problems(answers, rubric) == []


def test_migration_follows_a_renamed_rewrite_into_the_rankings() -> None:
    def pack(version: str, rubric: Rubric, *entries: ChangelogEntry) -> GuidelinePack:
        manifest = Manifest("p", version, LocalText.of(en="p"), ("en",), "0.1.0", "proj", ())
        return GuidelinePack(manifest, rubric, (), entries, (), {}, sha256=version)

    renamed = dataclasses.replace(REWRITE, id="ideal")
    entry = ChangelogEntry(
        "1.1.0", "editorial", LocalText.of(en="rename"), renamed_questions={"rewrite": "ideal"}
    )
    old, new = pack("1.0.0", CANDIDATES), pack("1.1.0", Rubric((RANK, renamed)), entry)
    draft = {
        "rewrite": {"source": "a", "text": "Better.", "candidate": True},
        "rank": [["a", "rewrite"], ["b"]],
    }
    result = migrate_draft(draft, old, new)
    assert result.answers["rank"] == [["a", "ideal"], ["b"]]
    assert validate_answers(new.rubric, result.answers, RIDS) == []


@pytest.mark.parametrize(
    "answers",
    [
        {"rank": [["zzz"]]},
        {"rewrite": {"source": "zzz", "text": "Better."}},
    ],
)
def test_an_unknown_response_inside_an_item_answer_is_reported_not_raised(
    answers: dict[str, Any],
) -> None:
    problems = validate_answers(CANDIDATES, answers, RIDS)
    assert [p.code for p in problems] == ["unknown_response"]
    assert "'zzz'" in problems[0].message
