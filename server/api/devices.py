"""``GET /v1/devices/{device_id}/summary``: the drift check of one of the caller's devices."""

from __future__ import annotations

from fastapi import APIRouter

from protocol import DeviceSummary
from server.auth import DatabaseDep, PrincipalDep
from server.errors import not_found
from server.summary import device_summary

router = APIRouter(prefix="/v1", tags=["sync"])


@router.get("/devices/{device_id}/summary", response_model=DeviceSummary)
def summary(device_id: str, principal: PrincipalDep, db: DatabaseDep) -> DeviceSummary:
    """What the server holds from the device, with a digest to compare.

    404 alike for a device never seen and for another user's (no oracle for whose ids
    exist); the client reads 404 as "holds nothing from this device"."""
    with db.session() as session:
        found = device_summary(session, device_id, principal.user_id)
    if found is None:
        raise not_found("device")
    return found
