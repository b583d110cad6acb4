"""``POST /v1/batches/claim`` and the lease calls ``/v1/assignments/{id}/renew|release``.

Another annotator's assignment answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.exc import IntegrityError, OperationalError

from protocol import ClaimRequest, ClaimResponse, LeaseResponse
from server.assignments import (
    AssignmentError,
    assignment_body,
    own_assignment,
    release,
    renew,
)
from server.auth import DatabaseDep, PrincipalDep
from server.claims import claim
from server.errors import ApiError, not_found
from server.models import Assignment

router = APIRouter(prefix="/v1", tags=["sync"])
CLAIM_ATTEMPTS = 3


@router.post("/batches/claim", response_model=ClaimResponse)
def claim_batch(body: ClaimRequest, principal: PrincipalDep, db: DatabaseDep) -> ClaimResponse:
    """Hold the next open batch; a retry with the same ``claim_request_id`` gets the same.

    Two requests with one id at once: the second's insert of the id fails on commit, and
    its transaction is simply run again, which then finds the first's answer.
    """
    principal.require(body.project_id, "annotator")
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            return _claim_once(body, principal.user_id, db)
        except (IntegrityError, OperationalError):
            if attempt == CLAIM_ATTEMPTS - 1:
                raise ApiError(503, "busy", "the server is busy; try again shortly") from None
    raise AssertionError("unreachable")


def _claim_once(body: ClaimRequest, user_id: str, db: DatabaseDep) -> ClaimResponse:
    with db.session() as session:
        assignment = claim(session, user_id, body.project_id, body.claim_request_id)
        if assignment is None:
            return ClaimResponse(assignment=None, reason="no open batch is waiting for you")
        return ClaimResponse(assignment=assignment_body(session, assignment))


def _lease(assignment: Assignment) -> LeaseResponse:
    return LeaseResponse(
        assignment_id=assignment.id,
        state=assignment.state,
        lease_expires_at=assignment.lease_expires_at,
    )


@router.post("/assignments/{assignment_id}/renew", response_model=LeaseResponse)
def renew_lease(assignment_id: str, principal: PrincipalDep, db: DatabaseDep) -> LeaseResponse:
    """Extend a live hold by the project's lease length; 409 once released or expired."""
    with db.session() as session:
        if own_assignment(session, assignment_id, principal.user_id) is None:
            raise not_found("assignment")
        try:
            return _lease(renew(session, assignment_id, principal.user_id))
        except AssignmentError as exc:
            raise ApiError(409, "not_held", str(exc)) from None


@router.post("/assignments/{assignment_id}/release", response_model=LeaseResponse)
def release_lease(assignment_id: str, principal: PrincipalDep, db: DatabaseDep) -> LeaseResponse:
    """Give the batch back (its slot is free for others); releasing again changes nothing."""
    with db.session() as session:
        if own_assignment(session, assignment_id, principal.user_id) is None:
            raise not_found("assignment")
        return _lease(release(session, assignment_id, principal.user_id))
