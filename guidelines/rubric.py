"""The rubric: the questions an annotator answers, as typed, immutable dataclasses.

Each kind is its own class so code that handles answers can match on the type and mypy can
check every branch. Option and point ids are what answers store; labels are only shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from guidelines.localtext import LocalText
from guidelines.rules import Rule

Applies = Literal["item", "response", "pair"]

#: Which ``applies`` values each kind allows; the first is the default.
APPLIES_BY_KIND: dict[str, tuple[Applies, ...]] = {
    "pairwise": ("pair",),
    "ranking": ("item",),
    "rating": ("response", "item"),
    "flags": ("response", "item"),
    "choice": ("item", "response", "pair"),
    "text": ("item", "response", "pair"),
    "rewrite": ("item",),
    "reply": ("item",),
}

#: Answer values a pairwise ``winner`` may hold besides a response id.
TIE = "tie"
BOTH_BAD = "both_bad"


@dataclass(frozen=True, kw_only=True)
class Option:
    """A named option (flags, choice) or a point of a pairwise strength scale."""

    id: str
    label: LocalText
    help: LocalText | None = None


@dataclass(frozen=True, kw_only=True)
class ScalePoint:
    """A labelled integer on a rating scale."""

    value: int
    label: LocalText
    help: LocalText | None = None


@dataclass(frozen=True, kw_only=True)
class Question:
    """What every question has. ``applies`` decides the shape of its answer."""

    kind: ClassVar[str] = ""
    id: str
    label: LocalText
    help: LocalText | None = None
    applies: Applies = "item"
    required: bool = False

    @property
    def per_response(self) -> bool:
        return self.applies == "response"


@dataclass(frozen=True, kw_only=True)
class PairwiseQuestion(Question):
    """A/B preference; ``strength`` lists the points strongest first (empty: plain A/B)."""

    kind: ClassVar[str] = "pairwise"
    strength: tuple[Option, ...] = ()
    allow_tie: bool = False
    allow_both_bad: bool = False


@dataclass(frozen=True, kw_only=True)
class RankingQuestion(Question):
    """An order of all responses, best first; groups of several are ties."""

    kind: ClassVar[str] = "ranking"
    allow_ties: bool = False


@dataclass(frozen=True, kw_only=True)
class RatingQuestion(Question):
    """An integer on a labelled scale for one named dimension."""

    kind: ClassVar[str] = "rating"
    dimension: str
    points: tuple[ScalePoint, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(p.value for p in self.points)


@dataclass(frozen=True, kw_only=True)
class FlagsQuestion(Question):
    """Any subset of the options (an empty list means none applies)."""

    kind: ClassVar[str] = "flags"
    options: tuple[Option, ...]


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    """Exactly one option. A ``skip_reason`` question, once answered, waives required answers."""

    kind: ClassVar[str] = "choice"
    options: tuple[Option, ...]
    skip_reason: bool = False


@dataclass(frozen=True, kw_only=True)
class TextQuestion(Question):
    """Free text such as a rationale."""

    kind: ClassVar[str] = "text"
    min_length: int = 0
    max_length: int | None = None


@dataclass(frozen=True, kw_only=True)
class RewriteQuestion(Question):
    """One response (``source``) edited into the ideal one (``text``)."""

    kind: ClassVar[str] = "rewrite"
    min_length: int = 1


@dataclass(frozen=True, kw_only=True)
class ReplyQuestion(Question):
    """A new reply written from scratch."""

    kind: ClassVar[str] = "reply"
    min_length: int = 1


AnyQuestion = (
    PairwiseQuestion
    | RankingQuestion
    | RatingQuestion
    | FlagsQuestion
    | ChoiceQuestion
    | TextQuestion
    | RewriteQuestion
    | ReplyQuestion
)

QUESTION_CLASSES: dict[str, type[Question]] = {
    cls.kind: cls
    for cls in (
        PairwiseQuestion,
        RankingQuestion,
        RatingQuestion,
        FlagsQuestion,
        ChoiceQuestion,
        TextQuestion,
        RewriteQuestion,
        ReplyQuestion,
    )
}


def option_ids(question: Question) -> tuple[str, ...] | None:
    """The ids an answer may hold for option-like questions, else None."""
    if isinstance(question, PairwiseQuestion):
        return tuple(o.id for o in question.strength)
    if isinstance(question, FlagsQuestion | ChoiceQuestion):
        return tuple(o.id for o in question.options)
    return None


@dataclass(frozen=True)
class Rubric:
    """The questions in display order, the rules between them, and the pack's languages."""

    questions: tuple[AnyQuestion, ...]
    rules: tuple[Rule, ...] = ()
    languages: tuple[str, ...] = ("en",)

    def question(self, question_id: str) -> AnyQuestion | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)
