"""Every shipped template is a valid pack whose reference judgment passes and whose broken
judgments fail, each with a message naming the question."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from guidelines import (
    GuidelinePack,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    load_pack,
    validate_answers,
)
from guidelines.templates import TEMPLATES, template_path


def _template(name: str) -> GuidelinePack:
    return load_pack(template_path(name))


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_is_valid_in_english_and_chinese(name: str) -> None:
    pack = _template(name)
    assert pack.languages == ("en", "zh")
    assert pack.warnings == ()
    for q in pack.rubric.questions:
        assert q.label.get("en") != q.label.get("zh"), q.id


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_reference_judgment_of_each_template_passes(name: str) -> None:
    pack = _template(name)
    assert pack.examples
    for example in pack.examples:
        assert validate_answers(pack.rubric, example.answers, example.response_ids) == []


def _reference(name: str) -> tuple[GuidelinePack, dict[str, Any], tuple[str, ...]]:
    pack = _template(name)
    example = pack.examples[0]
    return pack, copy.deepcopy(dict(example.answers)), example.response_ids


CASES = [
    ("arena", "missing", "vote", {"vote": None}),
    ("llama2", "missing", "safety", {"safety": None}),
    ("llama2", "tie", "preference", {"preference": {"winner": "tie"}}),
    (
        "llama2",
        "out_of_scale",
        "preference",
        {"preference": {"winner": "a", "strength": "much_better"}},
    ),
    ("helpsteer2", "out_of_scale", "verbosity", {"verbosity": {"a": 1, "b": 5}}),
    ("helpsteer2", "missing", "coherence", {"coherence": {"a": 4}}),
    ("ultrafeedback", "out_of_scale", "honesty", {"honesty": {"a": 0, "b": 1}}),
    (
        "ultrafeedback",
        "missing",
        "helpfulness_rationale",
        {"helpfulness_rationale": {"a": "Correct and exactly what was needed."}},
    ),
    ("ultrafeedback", "rule", "truthfulness", {"truthfulness": {"a": 5, "b": 5}}),
    ("ultrafeedback", "rule", "honesty", {"honesty": None, "honesty_rationale": None}),
    ("instructgpt", "out_of_scale", "overall", {"overall": {"a": 8, "b": 2, "c": 7}}),
    ("instructgpt", "rule", "ranking", {"metadata": {"a": ["harmful_advice"], "b": [], "c": []}}),
    ("instructgpt", "missing", "metadata", {"metadata": None}),
    ("oasst-ranking", "tie", "ranking", {"ranking": [["a", "b"], ["c"]]}),
    ("oasst-ranking", "rule", "ranking", {"labels": {"a": ["spam"], "b": [], "c": ["spam"]}}),
    ("oasst-ranking", "missing", "ranking", {"ranking": None}),
]


@pytest.mark.parametrize(
    ("name", "breakage", "question", "change"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES]
)
def test_a_broken_judgment_fails_naming_the_question(
    name: str, breakage: str, question: str, change: dict[str, Any]
) -> None:
    pack, answers, rids = _reference(name)
    for key, value in change.items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    problems = validate_answers(pack.rubric, answers, rids)
    assert problems, f"{name}: {breakage} was not caught"
    label = pack.rubric.question(question).label.get("en")  # type: ignore[union-attr]
    assert any(p.question_id == question and label in p.message for p in problems), problems
    zh = validate_answers(pack.rubric, answers, rids, lang="zh")
    zh_label = pack.rubric.question(question).label.get("zh")  # type: ignore[union-attr]
    assert any(zh_label in p.message for p in zh)


def test_every_kind_of_broken_judgment_is_covered_by_the_cases() -> None:
    assert {c[1] for c in CASES} == {"missing", "out_of_scale", "tie", "rule"}
    assert {c[0] for c in CASES} == set(TEMPLATES)


def test_a_skip_reason_waives_the_required_answers() -> None:
    pack = _template("instructgpt")
    assert validate_answers(pack.rubric, {"skip": "cannot_judge"}, ["a", "b", "c", "d"]) == []


def test_not_rankable_waives_the_ranking() -> None:
    pack = _template("oasst-ranking")
    assert validate_answers(pack.rubric, {"rank_issue": ["not_rankable"]}, ["a", "b"]) == []
    assert [p.code for p in validate_answers(pack.rubric, {}, ["a", "b"])] == ["required_if"]


def test_templates_express_their_landmark_schemas() -> None:
    instruct = _template("instructgpt")
    overall = instruct.rubric.question("overall")
    assert isinstance(overall, RatingQuestion)
    assert overall.values == tuple(range(1, 8))
    ranking = instruct.rubric.question("ranking")
    assert isinstance(ranking, RankingQuestion)
    assert ranking.allow_ties
    assert len(instruct.rubric.question("metadata").options) == 11  # type: ignore[union-attr]
    llama = _template("llama2").rubric
    assert [o.id for o in llama.question("preference").strength] == [  # type: ignore[union-attr]
        "significantly_better",
        "better",
        "slightly_better",
        "negligibly_better",
    ]
    assert len(llama.question("safety").options) == 3  # type: ignore[union-attr]
    helpsteer = _template("helpsteer2").rubric
    assert [q.id for q in helpsteer.questions] == [
        "helpfulness",
        "correctness",
        "coherence",
        "complexity",
        "verbosity",
    ]
    assert all(
        isinstance(q, RatingQuestion) and q.values == (0, 1, 2, 3, 4) for q in helpsteer.questions
    )
    arena = _template("arena").rubric.question("vote")
    assert isinstance(arena, PairwiseQuestion)
    assert arena.allow_tie
    assert arena.allow_both_bad
    assert arena.strength == ()
    ultra = _template("ultrafeedback").rubric
    for aspect in ("instruction_following", "honesty", "truthfulness", "helpfulness"):
        assert ultra.question(aspect).values == (1, 2, 3, 4, 5)  # type: ignore[union-attr]
        assert ultra.question(f"{aspect}_rationale") is not None
    oasst = _template("oasst-ranking").rubric
    assert not oasst.question("ranking").allow_ties  # type: ignore[union-attr]
    assert len(oasst.question("labels").options) == 9  # type: ignore[union-attr]
