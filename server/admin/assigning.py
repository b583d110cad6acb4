"""``assign`` / ``unassign``: the admin face of ``server.assignments``.

The rules (lease from the project, one live hold per annotator and batch, overlap, the feed
entry for the annotator) live in ``server.assignments``, shared with the API; this module
only resolves names and turns its errors into ``AdminError``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from sqlalchemy.orm import Session

from server.admin.batching import find_batch
from server.admin.errors import AdminError
from server.admin.users import require_user


@dataclass(frozen=True)
class AssignResult:
    assignment_id: str
    batch_id: str
    batch_name: str
    user: str
    state: str
    lease_expires_at: str | None


def assign_batch(session: Session, project_id: str, batch_ref: str, user_id: str) -> AssignResult:
    from server.assignments import AssignmentError, assign

    batch = find_batch(session, project_id, batch_ref)
    require_user(session, user_id)
    try:
        row = assign(session, batch.id, user_id)
    except AssignmentError as exc:
        raise AdminError(str(exc)) from None
    return AssignResult(row.id, batch.id, batch.name, user_id, row.state, row.lease_expires_at)


def unassign_batch(session: Session, project_id: str, batch_ref: str, user_id: str) -> bool:
    """False when the user held no live assignment of that batch."""
    from server.assignments import AssignmentError, unassign

    batch = find_batch(session, project_id, batch_ref)
    require_user(session, user_id)
    try:
        return bool(unassign(session, batch.id, user_id))
    except AssignmentError as exc:
        raise AdminError(str(exc)) from None


def describe(args: argparse.Namespace, result: AssignResult) -> str:
    lease = f", held until {result.lease_expires_at}" if result.lease_expires_at else ""
    return f"{result.batch_name} ({result.batch_id}) assigned to {result.user}{lease}"
