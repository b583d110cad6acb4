"""Declarative rules between answers: the data, not the evaluation (see ``rule_eval``).

A condition is a tree of tests of single questions joined by ``all`` / ``any`` / ``not``.
Rules are plain data so the app, the importer and the server evaluate the very same thing,
and so a diff can compare two versions of a rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from guidelines.localtext import LocalText

TestOp = Literal[
    "answered", "in", "has", "winner_in", "strength_in", "rank_is", "at_least", "at_most"
]
TEST_OPS: tuple[TestOp, ...] = (
    "answered",
    "in",
    "has",
    "winner_in",
    "strength_in",
    "rank_is",
    "at_least",
    "at_most",
)
RuleKind = Literal["required_if", "forbid"]

#: ``winner_in`` values besides ``tie`` / ``both_bad``: any response won, or the response
#: the rule is being checked for (only in ``for_each_response`` rules).
WINNER_RESPONSE = "response"
WINNER_THIS = "this"


@dataclass(frozen=True)
class Test:
    """One test of one question's answer; ``arg`` depends on ``op``."""

    question: str
    op: TestOp
    arg: bool | int | str | tuple[str | int, ...]


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    condition: Condition


Condition = Test | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Rule:
    """``required_if``: ``question`` needs an answer when ``when`` holds.
    ``forbid``: answers for which ``when`` holds are refused, naming ``question``.
    With ``for_each_response`` the rule is checked once per response, and tests of
    per-response questions look at that response's answer."""

    id: str
    kind: RuleKind
    question: str
    when: Condition
    for_each_response: bool = False
    message: LocalText | None = None


def tests_in(condition: Condition) -> Iterator[Test]:
    """Every test of a condition, depth first."""
    if isinstance(condition, Test):
        yield condition
    elif isinstance(condition, Not):
        yield from tests_in(condition.condition)
    else:
        for part in condition.conditions:
            yield from tests_in(part)


def describe(condition: Condition) -> str:
    """A compact, stable spelling of a condition, used by diffs."""
    if isinstance(condition, Test):
        arg = condition.arg
        shown = "[" + ", ".join(str(a) for a in arg) + "]" if isinstance(arg, tuple) else arg
        if isinstance(shown, bool):
            shown = "true" if shown else "false"
        return f"{condition.question} {condition.op} {shown}"
    if isinstance(condition, Not):
        return f"not ({describe(condition.condition)})"
    joiner = " and " if isinstance(condition, AllOf) else " or "
    return "(" + joiner.join(describe(c) for c in condition.conditions) + ")"
