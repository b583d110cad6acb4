"""Receiving pushed judgments: the per-device sequence rule, with stored outcomes.

One transaction per request, serialised per device (a row lock on ``devices`` on
PostgreSQL; SQLite's single writer). For each item, in ascending ``client_seq``:

- ``seq <= last``: replay the stored outcome — the same id and hash get ``duplicate`` (an
  acceptance) or the same rejection; anything else is a ``violation`` and nothing changes;
- ``seq == last + 1``: a judgment id the user's devices already sent is ``duplicate`` (same
  hash) or ``violation``; otherwise validate, store ``accepted`` or ``rejected``; either way
  the seq is used up and its fate is final;
- ``seq > last + 1``: ``gap`` with the seq expected next; the rest is not looked at.

The response is a function of stored state, so a retry gets the same answer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import PushItem, PushResult, canonical_json, payload_sha256
from server.assignments import mark_progress
from server.db import next_seq, utc_now
from server.models import (
    Assignment,
    Batch,
    BatchItem,
    Device,
    Item,
    Judgment,
    Membership,
    PackVersion,
    PushOutcome,
)
from server.pack_versions import newest_version


class DeviceNotYours(Exception):
    """The device id is registered to another user (answered as 404)."""


@dataclass(frozen=True)
class Rejection:
    code: str
    reason: str


@dataclass
class PushContext:
    user_id: str
    session_id: str
    received_at: str = field(default_factory=utc_now)
    touched: dict[str, Assignment] = field(default_factory=dict)


def lock_device(session: Session, device_id: str, user_id: str) -> Device:
    device = session.get(Device, device_id, with_for_update=True)
    now = utc_now()
    if device is None:
        device = Device(
            device_id=device_id,
            user_id=user_id,
            last_client_seq=0,
            registered_at=now,
            last_seen_at=now,
        )
        session.add(device)
        session.flush()
    elif device.user_id != user_id:
        raise DeviceNotYours(device_id)
    device.last_seen_at = now
    return device


def push_items(
    session: Session, device: Device, items: Sequence[PushItem], ctx: PushContext
) -> list[PushResult]:
    results: list[PushResult] = []
    for item in sorted(items, key=lambda i: i.client_seq):
        last = device.last_client_seq
        if item.client_seq <= last:
            results.append(_replay(session, device.device_id, item))
            continue
        if item.client_seq > last + 1:
            results.append(
                PushResult(
                    client_seq=item.client_seq,
                    judgment_id=item.payload.id,
                    status="gap",
                    expected=last + 1,
                )
            )
            break
        results.append(_take(session, device, item, ctx))
        device.last_client_seq = item.client_seq
    for assignment in ctx.touched.values():
        mark_progress(session, assignment)
    return results


def _replay(session: Session, device_id: str, item: PushItem) -> PushResult:
    stored = session.get(PushOutcome, (device_id, item.client_seq))
    if (
        stored is None
        or stored.judgment_id != item.payload.id
        or stored.payload_sha256 != item.payload_sha256
    ):
        return _violation(item, "this seq was already used by different content")
    return _result_of(stored, replay=True)


def _violation(item: PushItem, reason: str) -> PushResult:
    return PushResult(
        client_seq=item.client_seq,
        judgment_id=item.payload.id,
        status="violation",
        code="seq_or_id_reused",
        reason=reason,
    )


def _result_of(stored: PushOutcome, replay: bool) -> PushResult:
    status = {True: "duplicate", False: "accepted"}[replay]
    if stored.status != "accepted":
        status = "rejected"
    return PushResult(
        client_seq=stored.client_seq,
        judgment_id=stored.judgment_id,
        status=status,  # type: ignore[arg-type]
        server_seq=stored.server_seq,
        code=stored.code,
        reason=stored.reason,
        stale_pack=stored.stale_pack,
        late=stored.late,
    )


def _take(session: Session, device: Device, item: PushItem, ctx: PushContext) -> PushResult:
    held = session.get(Judgment, item.payload.id)
    if held is not None:
        if held.user_id != ctx.user_id or held.payload_sha256 != item.payload_sha256:
            # Consume the seq so later items are not blocked; the client keeps its row.
            _store(
                session,
                device,
                item,
                "rejected",
                code="id_conflict",
                reason="this judgment id is already held with different content",
            )
            return _violation(item, "this judgment id is already held with different content")
        stored = _store(
            session,
            device,
            item,
            "accepted",
            server_seq=held.server_seq,
            stale=held.stale_pack,
            late=held.late,
        )
        return _result_of(stored, replay=True)
    rejection, assignment = _validate(session, item, ctx.user_id)
    if rejection is not None:
        stored = _store(
            session, device, item, "rejected", code=rejection.code, reason=rejection.reason
        )
        return _result_of(stored, replay=False)
    assert assignment is not None
    payload = item.payload
    batch_project = _project_of_assignment(session, assignment)
    stale = newest_version(session, batch_project, payload.pack.id) != payload.pack.version
    late = assignment.state in ("expired", "released") or (
        assignment.lease_expires_at is not None and assignment.lease_expires_at < ctx.received_at
    )
    seq = next_seq(session, "judgment_seq")
    session.add(
        Judgment(
            id=payload.id,
            server_seq=seq,
            project_id=batch_project,
            item_id=payload.item_id,
            user_id=ctx.user_id,
            device_id=device.device_id,
            client_seq=item.client_seq,
            assignment_id=assignment.id,
            pack_id=payload.pack.id,
            pack_version=payload.pack.version,
            pack_sha256=payload.pack.sha256,
            status=payload.status,
            supersedes_id=payload.supersedes_id,
            payload_json=canonical_json(payload.model_dump()),
            payload_sha256=item.payload_sha256,
            stale_pack=stale,
            late=late,
            session_id=ctx.session_id,
            received_at=ctx.received_at,
        )
    )
    ctx.touched[assignment.id] = assignment
    stored = _store(session, device, item, "accepted", server_seq=seq, stale=stale, late=late)
    return _result_of(stored, replay=False)


def _store(
    session: Session,
    device: Device,
    item: PushItem,
    status: str,
    *,
    code: str | None = None,
    reason: str | None = None,
    server_seq: int | None = None,
    stale: bool = False,
    late: bool = False,
) -> PushOutcome:
    stored = PushOutcome(
        device_id=device.device_id,
        client_seq=item.client_seq,
        judgment_id=item.payload.id,
        payload_sha256=item.payload_sha256,
        status=status,
        code=code,
        reason=reason,
        server_seq=server_seq,
        stale_pack=stale,
        late=late,
    )
    session.add(stored)
    session.flush()
    return stored


def _project_of_assignment(session: Session, assignment: Assignment) -> str:
    batch = session.get(Batch, assignment.batch_id)
    assert batch is not None
    return batch.project_id


def _validate(
    session: Session, item: PushItem, user_id: str
) -> tuple[Rejection | None, Assignment | None]:
    payload = item.payload
    if payload_sha256(payload.model_dump()) != item.payload_sha256:
        return Rejection("hash_mismatch", "payload_sha256 does not match the payload"), None
    not_assigned = Rejection(
        "not_assigned", f"item {payload.item_id!r} is not in any batch assigned to you"
    )
    row = session.execute(
        select(Assignment, Item.response_ids_json)
        .join(BatchItem, BatchItem.batch_id == Assignment.batch_id)
        .join(Item, Item.id == BatchItem.item_id)
        .join(
            Membership,
            (Membership.project_id == Item.project_id)
            & (Membership.user_id == user_id)
            & (Membership.role == "annotator"),
        )
        .where(Assignment.user_id == user_id, BatchItem.item_id == payload.item_id)
        .order_by(Assignment.created_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return not_assigned, None
    assignment, response_ids_json = row
    project_id = _project_of_assignment(session, assignment)
    pack = session.get(PackVersion, (project_id, payload.pack.id, payload.pack.version))
    if pack is None or pack.sha256 != payload.pack.sha256:
        return Rejection(
            "unknown_pack",
            f"guideline pack {payload.pack.id} {payload.pack.version} with this hash is not "
            "published in the project",
        ), None
    if sorted(payload.display_order) != sorted(json.loads(response_ids_json)):
        return Rejection(
            "bad_display_order", "display_order is not an ordering of the item's responses"
        ), None
    if payload.supersedes_id is not None:
        earlier = session.get(Judgment, payload.supersedes_id)
        if earlier is None or earlier.user_id != user_id or earlier.item_id != payload.item_id:
            return Rejection(
                "bad_supersedes", "supersedes_id is not an earlier judgment of yours on this item"
            ), None
    return None, assignment
