"""Evaluating rule conditions against answers that already passed the shape checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from guidelines.rubric import BOTH_BAD, TIE, AnyQuestion, Rubric
from guidelines.rules import WINNER_RESPONSE, WINNER_THIS, AllOf, AnyOf, Condition, Not, Test


def holds(
    condition: Condition,
    rubric: Rubric,
    answers: Mapping[str, Any],
    response_id: str | None,
    response_ids: Sequence[str],
) -> bool:
    """Whether ``condition`` holds; ``response_id`` is set inside ``for_each_response`` rules.

    Outside a per-response rule, a test of a per-response question holds when it holds for
    some response (``answered = false`` then means: answered for none).
    """
    if isinstance(condition, AllOf):
        return all(
            holds(c, rubric, answers, response_id, response_ids) for c in condition.conditions
        )
    if isinstance(condition, AnyOf):
        return any(
            holds(c, rubric, answers, response_id, response_ids) for c in condition.conditions
        )
    if isinstance(condition, Not):
        return not holds(condition.condition, rubric, answers, response_id, response_ids)
    question = rubric.question(condition.question)
    if question is None:
        return False
    value = answers.get(question.id)
    if not question.per_response:
        return _one(condition, question, value, response_id, response_ids)
    per: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
    if response_id is not None:
        return _one(condition, question, per.get(response_id), response_id, response_ids)
    if condition.op == "answered" and condition.arg is False:
        return not any(v is not None for v in per.values())
    return any(_one(condition, question, per.get(rid), rid, response_ids) for rid in response_ids)


def _number(value: Any) -> bool:
    """A rating to compare: an int or float, and not a bool (a checkbox is no score)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _one(
    test: Test,
    question: AnyQuestion,
    value: Any,
    response_id: str | None,
    response_ids: Sequence[str],
) -> bool:
    if test.op == "answered":
        return (value is not None) == test.arg
    if value is None:
        return False
    arg = test.arg
    values = arg if isinstance(arg, tuple) else (arg,)
    if test.op == "in":
        return value in values
    if test.op == "has":
        return isinstance(value, list) and arg in value
    if test.op == "at_least":
        return _number(arg) and _number(value) and value >= arg
    if test.op == "at_most":
        return _number(arg) and _number(value) and value <= arg
    if test.op == "strength_in":
        return isinstance(value, Mapping) and value.get("strength") in values
    if test.op == "winner_in":
        winner = value.get("winner") if isinstance(value, Mapping) else None
        if winner in (TIE, BOTH_BAD):
            return winner in values
        if winner is None:
            return False
        return WINNER_RESPONSE in values or (WINNER_THIS in values and winner == response_id)
    if test.op == "rank_is" and isinstance(value, list):
        # Places count responses only: a rewrite ranked as an extra candidate (see
        # ranking_check) does not push the responses below it down a place.
        place = 0
        for group in value:
            if any(rid in response_ids for rid in group):
                place += 1
            if response_id in group:
                return place == arg
    return False
