"""Claiming the next batch: idempotent by ``claim_request_id``, one slot of ``overlap``.

A claim offers the oldest open batch of the project that has a free slot, that the caller
does not hold (and did not let expire: it is not offered to them again), and that still has
an item the caller has not judged (an item can sit in several batches). The answer is stored
under the request id, so a retried claim after a lost response gets the same batch and never
a second one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.assignments import AssignmentError, assign, expire_leases, live_count
from server.db import utc_now
from server.models import Assignment, Batch, BatchItem, ClaimRequest, Judgment


def claim(
    session: Session, user_id: str, project_id: str, claim_request_id: str
) -> Assignment | None:
    """Hold the next batch for ``user_id``; None when nothing is waiting for them.

    A request id first used by another user answers None: it never reveals their batch.
    """
    previous = session.get(ClaimRequest, claim_request_id)
    if previous is not None:
        if previous.user_id != user_id or previous.assignment_id is None:
            return None
        return session.get(Assignment, previous.assignment_id)
    now = utc_now()
    expire_leases(session, now)
    chosen: Assignment | None = None
    candidates = session.execute(
        select(Batch)
        .where(Batch.project_id == project_id, Batch.state == "open")
        .order_by(Batch.created_at, Batch.id)
    ).scalars()
    for batch in candidates:
        held = session.execute(
            select(Assignment.state).where(
                Assignment.batch_id == batch.id, Assignment.user_id == user_id
            )
        ).scalar()
        if held is not None and held != "released":
            continue  # holding it now, or it expired on them: not offered again
        if live_count(session, batch.id) >= batch.overlap:
            continue
        if not _has_unjudged_item(session, batch, user_id):
            continue
        try:
            chosen = assign(session, batch.id, user_id, now=now)
        except AssignmentError:
            continue  # another claim took the last slot meanwhile (assign counts under lock)
        break
    session.add(
        ClaimRequest(
            id=claim_request_id,
            user_id=user_id,
            project_id=project_id,
            assignment_id=chosen.id if chosen else None,
            created_at=now,
        )
    )
    session.flush()
    return chosen


def _has_unjudged_item(session: Session, batch: Batch, user_id: str) -> bool:
    judged = (
        select(Judgment.id)
        .where(
            Judgment.project_id == batch.project_id,
            Judgment.item_id == BatchItem.item_id,
            Judgment.user_id == user_id,
        )
        .exists()
    )
    first_open = session.execute(
        select(BatchItem.position).where(BatchItem.batch_id == batch.id, ~judged).limit(1)
    ).first()
    return first_open is not None
