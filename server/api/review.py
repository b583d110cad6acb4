"""The lead's review workflow: the queue, a judgment's detail, decisions, batch states.

All lead or admin only: an annotator gets 403, a non-member 404 (``Principal.require``).
A decision answers the judgment's detail as it is after the decision (what changed).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from protocol import BatchProgress, JudgmentDetail, ReviewDecision, ReviewQueue
from server.auth import DatabaseDep, PrincipalDep
from server.batch_progress import batch_progress
from server.review_decisions import accept_batch, current_judgment, decide
from server.review_queue import QueueFilters, ReviewFilter, judgment_detail, review_queue

router = APIRouter(prefix="/v1/projects", tags=["review"])
MAX_LIMIT = 500
LEADS = ("lead", "admin")


@router.get("/{project_id}/review", response_model=ReviewQueue)
def get_queue(
    project_id: str,
    principal: PrincipalDep,
    db: DatabaseDep,
    rule: Annotated[str | None, Query(max_length=100)] = None,
    flagged: bool | None = None,
    batch: Annotated[str | None, Query(max_length=200)] = None,
    user: Annotated[str | None, Query(max_length=200)] = None,
    review: ReviewFilter = "any",
    sample: Annotated[float, Query(gt=0.0, le=1.0)] = 1.0,
    seed: Annotated[str, Query(max_length=100)] = "",
    sample_flagged: bool = False,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> ReviewQueue:
    """A page of current judgments to review, oldest first (``after`` = last server seq)."""
    principal.require(project_id, *LEADS)
    filters = QueueFilters(
        rule=rule,
        flagged=flagged,
        batch_id=batch,
        user_id=user,
        review=review,
        sample_rate=sample,
        sample_seed=seed,
        sample_flagged=sample_flagged,
    )
    with db.session() as session:
        return review_queue(session, project_id, filters, after, limit)


@router.get("/{project_id}/judgments/{judgment_id}", response_model=JudgmentDetail)
def get_judgment(
    project_id: str, judgment_id: str, principal: PrincipalDep, db: DatabaseDep
) -> JudgmentDetail:
    principal.require(project_id, *LEADS)
    with db.session() as session:
        return judgment_detail(session, current_judgment(session, project_id, judgment_id))


@router.post("/{project_id}/judgments/{judgment_id}/review", response_model=JudgmentDetail)
def post_review(
    project_id: str,
    judgment_id: str,
    body: ReviewDecision,
    principal: PrincipalDep,
    db: DatabaseDep,
) -> JudgmentDetail:
    """Accept, return (comment required) or fix (answers validated against the rubric)."""
    principal.require(project_id, *LEADS)
    with db.session() as session:
        decide(session, project_id, judgment_id, principal.user_id, body)
    with db.session() as session:
        return judgment_detail(session, current_judgment(session, project_id, judgment_id))


@router.get("/{project_id}/batches", response_model=list[BatchProgress])
def get_batches(project_id: str, principal: PrincipalDep, db: DatabaseDep) -> list[BatchProgress]:
    principal.require(project_id, *LEADS)
    with db.session() as session:
        return batch_progress(session, project_id)


@router.post("/{project_id}/batches/{batch_id}/accept", response_model=BatchProgress)
def post_accept_batch(
    project_id: str, batch_id: str, principal: PrincipalDep, db: DatabaseDep
) -> BatchProgress:
    """Accept a checked batch as a whole (409 with the reason when it is not ready)."""
    principal.require(project_id, *LEADS)
    with db.session() as session:
        accept_batch(session, project_id, batch_id, principal.user_id)
    with db.session() as session:
        (progress,) = [p for p in batch_progress(session, project_id) if p.batch_id == batch_id]
        return progress
