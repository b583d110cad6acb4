"""What the server holds from one device: counts and the digest the client recomputes.

The digest is ``protocol.device_digest`` over ``(client_seq, payload_sha256, status)`` of
the device's stored outcomes: one row per settled seq (a retried duplicate is not a row; a
judgment id already held counts once, with the outcome stored for this seq).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import DeviceSummary, device_digest
from server.models import Device, PushOutcome


def device_summary(session: Session, device_id: str, user_id: str) -> DeviceSummary | None:
    """The summary, or None when the device is unknown or another user's (answer 404)."""
    device = session.get(Device, device_id)
    if device is None or device.user_id != user_id:
        return None
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
