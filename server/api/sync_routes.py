"""``/v1/feed``, batch claims and leases, and the device summary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from protocol import (
    MAX_FEED_PAGE,
    ClaimRequest,
    ClaimResponse,
    DeviceSummary,
    FeedPage,
    LeaseResponse,
    device_digest,
)
from server.assignments import (
    AssignmentError,
    assignment_body,
    expire_leases,
    release,
    renew,
)
from server.auth import DatabaseDep, PrincipalDep
from server.claims import claim
from server.errors import ApiError, not_found
from server.feed import read_page
from server.models import Assignment, Device, PushOutcome

router = APIRouter(prefix="/v1", tags=["sync"])
CLAIM_ATTEMPTS = 3


@router.get("/feed", response_model=FeedPage)
def feed(
    principal: PrincipalDep,
    db: DatabaseDep,
    after: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_FEED_PAGE)] = 200,
) -> FeedPage:
    """Changes after ``after`` for the caller: their assignments, their projects' pack
    versions, reviews of their judgments — in ``server_seq`` order."""
    with db.session() as session:
        expire_leases(session, user_id=principal.user_id)
    with db.session() as session:
        return read_page(session, principal.user_id, principal.roles, after, limit)


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
    try:
        with db.session() as session:
            return _lease(renew(session, assignment_id, principal.user_id))
    except AssignmentError as exc:
        if "no assignment" in str(exc):
            raise not_found("assignment") from None
        raise ApiError(409, "not_held", str(exc)) from None


@router.post("/assignments/{assignment_id}/release", response_model=LeaseResponse)
def release_lease(assignment_id: str, principal: PrincipalDep, db: DatabaseDep) -> LeaseResponse:
    try:
        with db.session() as session:
            return _lease(release(session, assignment_id, principal.user_id))
    except AssignmentError:
        raise not_found("assignment") from None


@router.get("/devices/{device_id}/summary", response_model=DeviceSummary)
def device_summary(device_id: str, principal: PrincipalDep, db: DatabaseDep) -> DeviceSummary:
    """What the server holds from one of the caller's devices, with a digest to compare.

    404 alike for a device never seen and for another user's (no oracle for whose ids
    exist); the client reads 404 as "holds nothing from this device"."""
    with db.session() as session:
        device = session.get(Device, device_id)
        if device is None or device.user_id != principal.user_id:
            raise not_found("device")
        rows = session.execute(
            select(PushOutcome.client_seq, PushOutcome.payload_sha256, PushOutcome.status).where(
                PushOutcome.device_id == device_id
            )
        ).all()
    triples = [(int(seq), str(sha), str(status)) for seq, sha, status in rows]
    return DeviceSummary(
        device_id=device_id,
        last_client_seq=device.last_client_seq,
        accepted=sum(1 for t in triples if t[2] == "accepted"),
        rejected=sum(1 for t in triples if t[2] == "rejected"),
        digest=device_digest(triples),
    )
