"""Batches held by annotators: assigning, claiming, leases, and what the feed says of them.

Every state change bumps the assignment's ``version`` and appends a feed entry scoped to
its annotator in the same transaction. A batch with ``overlap`` k can be held by k
different annotators at once; a released or expired hold frees its slot. Expiry is applied
lazily (on claims, feed reads and pushes), so no background job is needed and several
server processes agree.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol import AssignmentBody, AssignmentItem
from server.change_log import append_change
from server.db import new_id, utc_now
from server.models import (
    Assignment,
    Batch,
    BatchItem,
    Item,
    Judgment,
    Membership,
    Project,
)

LIVE = ("assigned", "in_progress", "submitted")


class AssignmentError(Exception):
    """An assignment request that cannot be done; the message says why."""


def _later(now: str, seconds: int) -> str:
    start = dt.datetime.strptime(now, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    return (start + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _touch(session: Session, assignment: Assignment, state: str, project_id: str) -> None:
    # Callers hold the row lock on a freshly read ``assignment``, so ``version`` only grows.
    assignment.state = state
    assignment.version += 1
    assignment.updated_at = utc_now()
    session.flush()
    append_change(
        session,
        project_id=project_id,
        scope_user_id=assignment.user_id,
        entity_type="assignment",
        entity_id=assignment.id,
        entity_version=assignment.version,
        op="remove" if state == "released" else "upsert",
    )


def _batch(session: Session, batch_id: str, *, lock: bool = False) -> tuple[Batch, Project]:
    # ``lock``: hold the batch row until commit, so concurrent assigns and claims of one
    # batch count its live holds one after another (READ COMMITTED would let both see a
    # free slot on PostgreSQL; SQLite's single writer serialises them anyway).
    batch = session.get(Batch, batch_id, with_for_update=lock)
    if batch is None:
        raise AssignmentError(f"no batch {batch_id!r}")
    project = session.get(Project, batch.project_id)
    assert project is not None
    return batch, project


def live_count(session: Session, batch_id: str, except_user: str | None = None) -> int:
    """Holds on the batch that take one of its ``overlap`` slots."""
    query = select(func.count()).where(Assignment.batch_id == batch_id, Assignment.state.in_(LIVE))
    if except_user is not None:
        query = query.where(Assignment.user_id != except_user)
    return int(session.execute(query).scalar() or 0)


def assign(session: Session, batch_id: str, user_id: str, *, now: str | None = None) -> Assignment:
    """Give ``batch_id`` to ``user_id`` (new, or revived after a release or expiry)."""
    now = now or utc_now()
    # Lock order everywhere: due assignment rows (by id), then the batch row.
    expire_leases(session, now)
    batch, project = _batch(session, batch_id, lock=True)
    is_annotator = session.get(Membership, (project.id, user_id, "annotator")) is not None
    if not is_annotator:
        raise AssignmentError(f"{user_id!r} is not an annotator in project {project.id!r}")
    existing = _hold(session, batch_id, user_id)
    if existing is not None and existing.state in LIVE:
        return existing
    if live_count(session, batch_id, except_user=user_id) >= batch.overlap:
        raise AssignmentError(
            f"batch {batch_id!r} already has its {batch.overlap} annotator(s); raise its "
            "overlap or unassign someone first"
        )
    lease = _later(now, project.lease_seconds)
    if existing is None:
        existing = Assignment(
            id=new_id(),
            batch_id=batch_id,
            user_id=user_id,
            state="assigned",
            lease_expires_at=lease,
            version=0,
            created_at=now,
            updated_at=now,
        )
        session.add(existing)
    existing.lease_expires_at = lease
    _touch(session, existing, "assigned", project.id)
    return existing


def unassign(session: Session, batch_id: str, user_id: str) -> bool:
    """Take the batch back; the annotator's client drops it (work already sent is kept)."""
    _batch(session, batch_id)
    existing = _hold(session, batch_id, user_id)
    if existing is None or existing.state not in LIVE:
        return False
    _, project = _batch(session, batch_id)
    _touch(session, existing, "released", project.id)
    return True


def _hold(session: Session, batch_id: str, user_id: str) -> Assignment | None:
    """The user's assignment to the batch, row-locked and freshly read (see ``_touch``)."""
    query = (
        select(Assignment)
        .where(Assignment.batch_id == batch_id, Assignment.user_id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.execute(query).scalar_one_or_none()


def own_assignment(session: Session, assignment_id: str, user_id: str) -> Assignment | None:
    """The assignment if it is ``user_id``'s, else None (callers answer 404 either way).
    Row-locked and freshly read, as every change of an assignment must be."""
    assignment = session.get(
        Assignment, assignment_id, with_for_update=True, populate_existing=True
    )
    if assignment is None or assignment.user_id != user_id:
        return None
    return assignment


def renew(session: Session, assignment_id: str, user_id: str) -> Assignment:
    assignment = own_assignment(session, assignment_id, user_id)
    if assignment is None:
        raise AssignmentError(f"no assignment {assignment_id!r}")
    _, project = _batch(session, assignment.batch_id)
    if assignment.state not in LIVE:
        raise AssignmentError(f"assignment {assignment_id!r} is {assignment.state}; claim again")
    assignment.lease_expires_at = _later(utc_now(), project.lease_seconds)
    _touch(session, assignment, assignment.state, project.id)
    return assignment


def release(session: Session, assignment_id: str, user_id: str) -> Assignment:
    assignment = own_assignment(session, assignment_id, user_id)
    if assignment is None:
        raise AssignmentError(f"no assignment {assignment_id!r}")
    if assignment.state in LIVE:
        _, project = _batch(session, assignment.batch_id)
        _touch(session, assignment, "released", project.id)
    return assignment


def expire_leases(
    session: Session, now: str | None = None, user_id: str | None = None
) -> list[Assignment]:
    """Mark holds whose lease ran out as expired, freeing their slots (only ``user_id``'s
    when given, so a feed read touches nobody else's rows)."""
    now = now or utc_now()
    query = select(Assignment).where(
        Assignment.state.in_(("assigned", "in_progress")),
        Assignment.lease_expires_at.is_not(None),
        Assignment.lease_expires_at < now,
    )
    if user_id is not None:
        query = query.where(Assignment.user_id == user_id)
    # Locked in id order, so concurrent expiries queue rather than deadlock; a row another
    # transaction expired meanwhile no longer matches when the lock is granted.
    query = query.order_by(Assignment.id).with_for_update()
    due = session.execute(query.execution_options(populate_existing=True)).scalars().all()
    for assignment in due:
        _, project = _batch(session, assignment.batch_id)
        _touch(session, assignment, "expired", project.id)
    return list(due)


def assignment_body(session: Session, assignment: Assignment) -> AssignmentBody:
    """What the annotator's client receives: the batch's items with nothing gold about them."""
    batch, project = _batch(session, assignment.batch_id)
    rows = session.execute(
        select(Item.item_json)
        .join(BatchItem, (BatchItem.item_id == Item.id) & (Item.project_id == project.id))
        .where(BatchItem.batch_id == batch.id)
        .order_by(BatchItem.position)
    ).scalars()
    items = []
    for raw in rows:
        data = json.loads(raw)
        data["batch"] = batch.id
        items.append(AssignmentItem(item=data))
    return AssignmentBody(
        assignment_id=assignment.id,
        project_id=project.id,
        project_name=project.name,
        batch_id=batch.id,
        batch_name=batch.name,
        pack_id=batch.pack_id,
        state=assignment.state,  # type: ignore[arg-type]
        lease_expires_at=assignment.lease_expires_at,
        items=items,
    )


def mark_progress(session: Session, assignment: Assignment) -> None:
    """After a judgment: assigned → in_progress, and → submitted once every item is judged.

    The row is locked and re-read first: a push from the annotator's other device may have
    judged the batch's other items and committed meanwhile, and its judgments must be
    counted (else the batch would stay in progress for ever) and its version not reused.
    """
    if assignment.state not in ("assigned", "in_progress"):
        return
    session.refresh(assignment, with_for_update=True)
    if assignment.state not in ("assigned", "in_progress"):
        return
    _, project = _batch(session, assignment.batch_id)
    # Items of the batch this annotator has not judged yet, one index probe per item.
    judged = (
        select(Judgment.id)
        .where(
            Judgment.project_id == project.id,
            Judgment.item_id == BatchItem.item_id,
            Judgment.user_id == assignment.user_id,
        )
        .exists()
    )
    open_items = session.execute(
        select(func.count()).where(BatchItem.batch_id == assignment.batch_id, ~judged)
    ).scalar()
    state = "in_progress" if open_items else "submitted"
    if state != assignment.state:
        _touch(session, assignment, state, project.id)
