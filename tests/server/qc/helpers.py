"""A small rubric with every comparable kind, and a judgment factory."""

from __future__ import annotations

from typing import Any

from guidelines.localtext import LocalText
from guidelines.rubric import (
    ChoiceQuestion,
    FlagsQuestion,
    Option,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    RewriteQuestion,
    Rubric,
    ScalePoint,
    TextQuestion,
)
from server.qc.records import Judgment


def _t(text: str) -> LocalText:
    return LocalText.of(en=text)


def _opts(*ids: str) -> tuple[Option, ...]:
    return tuple(Option(id=i, label=_t(i)) for i in ids)


RUBRIC = Rubric(
    questions=(
        RankingQuestion(id="rank", label=_t("Rank"), allow_ties=True),
        RatingQuestion(
            id="helpful",
            label=_t("Helpful"),
            dimension="helpfulness",
            applies="response",
            points=tuple(ScalePoint(value=v, label=_t(str(v))) for v in range(1, 8)),
        ),
        FlagsQuestion(
            id="issues",
            label=_t("Issues"),
            applies="response",
            options=_opts("unsafe_content", "self_harm", "off_topic"),
        ),
        ChoiceQuestion(id="topic", label=_t("Topic"), options=_opts("code", "chat", "math")),
        TextQuestion(id="why", label=_t("Why")),
        RewriteQuestion(id="fix", label=_t("Rewrite")),
    )
)

PAIR_RUBRIC = Rubric(
    questions=(
        PairwiseQuestion(
            id="ab", label=_t("Better"), applies="pair", strength=_opts("much", "slightly")
        ),
    )
)


def judgment(
    item: str,
    annotator: str,
    answers: dict[str, Any],
    *,
    order: tuple[str, ...] = ("a", "b", "c"),
    active_ms: int = 600_000,
    status: str = "submitted",
    at: str | None = "2026-11-20T10:00:00Z",
) -> Judgment:
    return Judgment(
        judgment_id=f"{annotator}:{item}",
        item_id=item,
        annotator=annotator,
        answers=answers,
        display_order=order,
        active_ms=active_ms,
        status=status,
        submitted_at=at,
    )
