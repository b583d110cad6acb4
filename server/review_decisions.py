"""A lead's decisions: accept, return with a comment, fix-and-accept, accept a whole batch.

Each decision is a new ``reviews`` row; the judgment itself never changes. A ``fixed``
review keeps the reviewer's answers beside the original. Every decision reaches the
annotator through the feed (scoped to them) in the same transaction. Decisions are
idempotent by ``review_id``: the same id with the same decision is answered again, with
a different decision it is refused, so a retried request never records twice.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines import pack_from_canonical
from guidelines.validate_answers import validate_answers
from protocol import ReviewDecision
from server.batch_progress import batch_progress
from server.change_log import append_change
from server.db import new_id, utc_now
from server.errors import ApiError, not_found
from server.models import Assignment, Batch, Judgment, PackVersion, Review
from server.review_state import is_current, latest_review_outcome


def current_judgment(session: Session, project_id: str, judgment_id: str) -> Judgment:
    judgment = session.get(Judgment, judgment_id)
    if judgment is None or judgment.project_id != project_id:
        raise not_found("judgment")
    return judgment


def _check_fix(session: Session, judgment: Judgment, answers: dict[str, Any]) -> None:
    pack = session.get(PackVersion, (judgment.project_id, judgment.pack_id, judgment.pack_version))
    if pack is None:
        raise ApiError(409, "pack_missing", "the judgment's guideline pack is not on the server")
    rubric = pack_from_canonical(pack.canonical).rubric
    response_ids = json.loads(judgment.payload_json).get("display_order", [])
    problems = validate_answers(rubric, answers, response_ids)
    if problems:
        first = problems[0]
        where = f"fixed_answers.{first.question_id}" if first.question_id else "fixed_answers"
        raise ApiError(422, "invalid_fix", first.message, where)


def _same(review: Review, decision: ReviewDecision) -> bool:
    fixed = json.loads(review.fixed_answers_json) if review.fixed_answers_json else None
    return (
        review.outcome == decision.outcome
        and review.comment == decision.comment
        and fixed == decision.fixed_answers
    )


def decide(
    session: Session,
    project_id: str,
    judgment_id: str,
    reviewer_id: str,
    decision: ReviewDecision,
) -> Review:
    """Record ``decision`` on a current judgment; returns the review (new or the retried one)."""
    judgment = current_judgment(session, project_id, judgment_id)
    if decision.review_id is not None:
        earlier = session.get(Review, decision.review_id)
        if earlier is not None:
            if earlier.judgment_id != judgment_id or not _same(earlier, decision):
                raise ApiError(
                    409, "review_id_reused", "this review_id was used for another decision"
                )
            return earlier
    superseded = session.execute(
        select(Judgment.id).where(Judgment.id == judgment_id, ~is_current())
    ).scalar()
    if superseded is not None:
        raise ApiError(
            409, "superseded", "the annotator has amended this judgment: review the amendment"
        )
    comment = decision.comment.strip()
    if decision.outcome == "returned" and not comment:
        raise ApiError(422, "comment_required", "say what to change when returning", "comment")
    if decision.outcome == "fixed":
        if decision.fixed_answers is None:
            raise ApiError(
                422, "fix_required", "a fix needs the corrected answers", "fixed_answers"
            )
        _check_fix(session, judgment, decision.fixed_answers)
    elif decision.fixed_answers is not None:
        raise ApiError(
            422, "unexpected_fix", "answers go with the 'fixed' outcome only", "fixed_answers"
        )
    review = Review(
        id=decision.review_id or new_id(),
        judgment_id=judgment_id,
        reviewer_id=reviewer_id,
        outcome=decision.outcome,
        comment=comment,
        reviewed_at=utc_now(),
        fixed_answers_json=(
            json.dumps(decision.fixed_answers, ensure_ascii=False, sort_keys=True)
            if decision.fixed_answers is not None
            else None
        ),
    )
    session.add(review)
    session.flush()
    append_change(
        session,
        project_id=project_id,
        scope_user_id=judgment.user_id,
        entity_type="review",
        entity_id=review.id,
        entity_version=1,
    )
    return review


def accept_batch(session: Session, project_id: str, batch_id: str, reviewer_id: str) -> Batch:
    """Accept the batch as a whole: each judgment nobody reviewed gets an acceptance.

    Refused while a judgment of it is returned, or QC flagged and not yet reviewed — the
    lead must look at those one by one first — and while judgments are still missing.
    """
    batch = session.get(Batch, batch_id)
    if batch is None or batch.project_id != project_id:
        raise not_found("batch")
    (progress,) = [p for p in batch_progress(session, project_id) if p.batch_id == batch_id]
    if progress.state in ("accepted", "delivered"):
        return batch
    if progress.state != "checked":
        reasons = {
            "returned": f"{progress.returned} returned judgments wait for an amendment",
            "submitted": "QC flagged judgments still wait for a review",
        }
        raise ApiError(
            409,
            "batch_not_ready",
            reasons.get(
                progress.state,
                f"only {progress.judged} of {progress.expected} judgments are in",
            ),
        )
    batch.accepted_at = utc_now()
    batch.accepted_by = reviewer_id
    # Each judgment nobody reviewed one by one gets its own acceptance, so the annotator
    # hears of it through the feed like any other decision.
    unreviewed = session.execute(
        select(Judgment.id, Judgment.user_id)
        .join(Assignment, Assignment.id == Judgment.assignment_id)
        .where(
            Assignment.batch_id == batch_id,
            Judgment.project_id == project_id,
            is_current(),
            latest_review_outcome().is_(None),
        )
        .order_by(Judgment.id)
    ).all()
    reviews = [
        Review(
            id=new_id(),
            judgment_id=judgment_id,
            reviewer_id=reviewer_id,
            outcome="accepted",
            comment="",
            reviewed_at=batch.accepted_at,
        )
        for judgment_id, _user in unreviewed
    ]
    session.add_all(reviews)
    session.flush()
    for review, (_judgment_id, user_id) in zip(reviews, unreviewed, strict=True):
        append_change(
            session,
            project_id=project_id,
            scope_user_id=user_id,
            entity_type="review",
            entity_id=review.id,
            entity_version=1,
        )
    return batch
