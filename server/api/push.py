"""``POST /v1/push``: submitted judgments in, one stored outcome per seq out."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from sqlalchemy.exc import IntegrityError, OperationalError

from protocol import CLIENT_VERSION_HEADER, PushRequest, PushResponse, PushResult
from server.auth import DatabaseDep, PrincipalDep
from server.db import utc_now
from server.errors import ApiError, not_found
from server.models import SyncEvent
from server.push import DeviceNotYours, PushContext, lock_device, push_items

router = APIRouter(prefix="/v1", tags=["sync"])
ATTEMPTS = 3


@router.post("/push", response_model=PushResponse)
def push(
    body: PushRequest, request: Request, principal: PrincipalDep, db: DatabaseDep
) -> PushResponse:
    """Apply the items in seq order (see docs/sync-protocol.md, "Push").

    A race between two requests for a brand-new device, or for one judgment id from two
    devices, ends in a unique-constraint error in one of them; that transaction is simply
    run again, and then finds the other's rows.
    """
    for attempt in range(ATTEMPTS):
        try:
            return _push_once(body, request, principal.user_id, db)
        except (IntegrityError, OperationalError):
            if attempt == ATTEMPTS - 1:
                raise ApiError(503, "busy", "the server is busy; try again shortly") from None
    raise AssertionError("unreachable")


def _push_once(body: PushRequest, request: Request, user_id: str, db: DatabaseDep) -> PushResponse:
    ctx = PushContext(user_id=user_id, session_id=body.session_id)
    results: list[PushResult]
    try:
        with db.session() as session:
            device = lock_device(session, body.device_id, user_id)
            results = push_items(session, device, body.items, ctx)
            counts: dict[str, int] = {}
            for result in results:
                counts[result.status] = counts.get(result.status, 0) + 1
            session.add(
                SyncEvent(
                    session_id=body.session_id,
                    request_id=str(request.scope.get("state", {}).get("request_id", "")),
                    device_id=body.device_id,
                    user_id=user_id,
                    kind="push",
                    first_seq=body.items[0].client_seq,
                    last_seq=body.items[-1].client_seq,
                    counts_json=json.dumps(counts, sort_keys=True),
                    client_version=request.headers.get(CLIENT_VERSION_HEADER, "")[:100],
                    received_at=utc_now(),
                )
            )
            acked = device.last_client_seq
    except DeviceNotYours:
        raise not_found("device") from None
    return PushResponse(acked_through=acked, results=results)
