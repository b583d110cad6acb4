"""What the review workflow asks of every judgment: is it current, what was decided on it.

A judgment is *current* when no amendment supersedes it: only current revisions are
reviewed, counted and delivered. Its *review* is the newest ``reviews`` row; a judgment in a
batch a lead accepted as a whole counts as accepted when nobody reviewed it one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from server.models import Assignment, Batch, Judgment, Review

#: Outcomes that make a judgment deliverable.
ACCEPTING = frozenset({"accepted", "fixed"})


def is_current() -> ColumnElement[bool]:
    """SQL: the outer ``Judgment`` row is not superseded by another judgment."""
    newer = aliased(Judgment)
    return ~select(newer.id).where(newer.supersedes_id == Judgment.id).exists()


def latest_review_outcome() -> Any:
    """SQL scalar: the outcome of the outer ``Judgment``'s newest review, NULL if none."""
    return (
        select(Review.outcome)
        .where(Review.judgment_id == Judgment.id)
        .order_by(Review.reviewed_at.desc(), Review.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def latest_reviews(session: Session, judgment_ids: Iterable[str]) -> dict[str, Review]:
    """The newest review of each of ``judgment_ids`` that has one."""
    ids = list(judgment_ids)
    latest: dict[str, Review] = {}
    for start in range(0, len(ids), 500):  # stay under every backend's bind-parameter cap
        chunk = ids[start : start + 500]
        rows = session.execute(
            select(Review)
            .where(Review.judgment_id.in_(chunk))
            .order_by(Review.reviewed_at, Review.id)
        ).scalars()
        for review in rows:
            latest[review.judgment_id] = review
    return latest


def batch_of(session: Session, judgment: Judgment) -> Batch | None:
    if judgment.assignment_id is None:
        return None
    assignment = session.get(Assignment, judgment.assignment_id)
    return session.get(Batch, assignment.batch_id) if assignment is not None else None


def effective_outcome(review: Review | None, batch_accepted: bool) -> str | None:
    """The outcome delivery and progress go by: a review decides; else batch acceptance."""
    if review is not None:
        return review.outcome
    return "accepted" if batch_accepted else None
