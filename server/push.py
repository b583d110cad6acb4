"""Receiving pushed judgments: the per-device sequence rule, with stored outcomes.

One transaction per request, serialised per device (a row lock on ``devices`` on
PostgreSQL; SQLite's single writer). For each item, in ascending ``client_seq``:

- ``seq <= last``: replay the stored outcome — the same id and hash get ``duplicate`` (an
  acceptance) or the same rejection; anything else is a ``violation`` and nothing changes;
- ``seq == last + 1``: a judgment id the server already holds is ``duplicate`` (same user,
  same hash) or ``violation``; otherwise validate and store ``accepted`` or ``rejected``;
  either way the seq is used up and its fate is final;
- ``seq > last + 1``: ``gap`` with the seq expected next; the rest is not looked at.

The response is a function of stored state, so a retry gets the same answer. Lookups are
made once per request (not per item) and rows are written in bulk: a page of 200 costs a
handful of statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from protocol import PushItem, PushResult, PushStatus
from server.assignments import mark_progress
from server.db import reserve_seqs, utc_now
from server.models import Assignment, Device, Judgment, PushOutcome
from server.push_checks import Checker
from server.qc_on_push import record_findings

# Core tables: bulk inserts skip the ORM's per-row bookkeeping.
JUDGMENTS = cast(Table, Judgment.__table__)
PUSH_OUTCOMES = cast(Table, PushOutcome.__table__)


class DeviceNotYours(Exception):
    """The device id is registered to another user (answered as 404)."""


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
    ordered = sorted(items, key=lambda i: i.client_seq)
    last = device.last_client_seq
    stored = _stored_outcomes(
        session, device.device_id, [i.client_seq for i in ordered if i.client_seq <= last]
    )
    held = _held(session, [i.payload.id for i in ordered if i.client_seq > last])
    checker = Checker(session, ctx.user_id, [i.payload.item_id for i in ordered])
    results: list[PushResult] = []
    outcomes: list[dict[str, Any]] = []
    accepted: list[tuple[PushItem, Assignment, str, bool, bool, str]] = []
    for item in ordered:
        if item.client_seq <= last:
            results.append(_replay(stored.get(item.client_seq), item))
            continue
        if item.client_seq > last + 1:
            results.append(_gap(item, last + 1))
            break
        last = item.client_seq
        earlier = held.get(item.payload.id)
        if earlier is not None:
            results.append(_already_held(earlier, item, ctx.user_id, device, outcomes))
            continue
        verdict = checker.check(item)
        if verdict.rejection is not None:
            code, reason = verdict.rejection
            outcomes.append(_outcome(device, item, "rejected", code=code, reason=reason))
            results.append(_result(item, "rejected", code=code, reason=reason))
            continue
        assert verdict.assignment is not None
        assert verdict.project_id is not None
        accepted.append(
            (
                item,
                verdict.assignment,
                verdict.project_id,
                verdict.stale,
                verdict.late,
                verdict.canonical,
            )
        )
        held[item.payload.id] = (item.payload_sha256, ctx.user_id, 0, verdict.stale, verdict.late)
        results.append(_result(item, "accepted", stale_pack=verdict.stale, late=verdict.late))
    if accepted:
        seqs = reserve_seqs(session, "judgment_seq", len(accepted))
        seq_of: dict[str, int] = {}
        judgments = []
        for offset, (item, assignment, project_id, stale, late, canonical) in enumerate(accepted):
            seq = seqs[offset]
            seq_of[item.payload.id] = seq
            judgments.append(
                _judgment_row(item, device, ctx, assignment, project_id, seq, stale, late)
                | {"payload_json": canonical}
            )
            outcomes.append(
                _outcome(device, item, "accepted", server_seq=seq, stale=stale, late=late)
            )
            ctx.touched[assignment.id] = assignment
        session.execute(insert(JUDGMENTS), judgments)
        record_findings(session, ctx.user_id, [(a[0], a[2]) for a in accepted], ctx.received_at)
        # A second copy of an id accepted earlier in this same request points at its seq.
        for row in outcomes:
            if row["status"] == "accepted" and row["server_seq"] is None:
                row["server_seq"] = seq_of.get(row["judgment_id"])
        results = [
            r.model_copy(update={"server_seq": seq_of.get(r.judgment_id)})
            if r.status in ("accepted", "duplicate") and r.server_seq is None
            else r
            for r in results
        ]
    if outcomes:
        session.execute(insert(PUSH_OUTCOMES), outcomes)
    device.last_client_seq = last
    for assignment in sorted(ctx.touched.values(), key=lambda a: a.id):  # lock order: by id
        mark_progress(session, assignment)
    return results


def _stored_outcomes(session: Session, device_id: str, seqs: list[int]) -> dict[int, PushOutcome]:
    if not seqs:
        return {}
    rows = session.execute(
        select(PushOutcome).where(
            PushOutcome.device_id == device_id, PushOutcome.client_seq.in_(seqs)
        )
    ).scalars()
    return {row.client_seq: row for row in rows}


def _held(session: Session, ids: list[str]) -> dict[str, tuple[str, str, int, bool, bool]]:
    if not ids:
        return {}
    rows = session.execute(
        select(
            Judgment.id,
            Judgment.payload_sha256,
            Judgment.user_id,
            Judgment.server_seq,
            Judgment.stale_pack,
            Judgment.late,
        ).where(Judgment.id.in_(ids))
    ).all()
    return {r.id: (r.payload_sha256, r.user_id, r.server_seq, r.stale_pack, r.late) for r in rows}


def _result(item: PushItem, status: PushStatus, **fields: Any) -> PushResult:
    return PushResult(
        client_seq=item.client_seq, judgment_id=item.payload.id, status=status, **fields
    )


def _gap(item: PushItem, expected: int) -> PushResult:
    return _result(item, "gap", expected=expected)


def _violation(item: PushItem, reason: str) -> PushResult:
    return _result(item, "violation", code="seq_or_id_reused", reason=reason)


def _replay(stored: PushOutcome | None, item: PushItem) -> PushResult:
    if (
        stored is None
        or stored.judgment_id != item.payload.id
        or stored.payload_sha256 != item.payload_sha256
    ):
        return _violation(item, "this seq was already used by different content")
    if stored.code == "id_conflict":  # answered as a violation the first time: the same again
        return _violation(item, stored.reason or "this judgment id is already held")
    if stored.status == "accepted":
        return _result(
            item,
            "duplicate",
            server_seq=stored.server_seq,
            stale_pack=stored.stale_pack,
            late=stored.late,
        )
    return _result(item, "rejected", code=stored.code, reason=stored.reason)


def _already_held(
    earlier: tuple[str, str, int, bool, bool],
    item: PushItem,
    user_id: str,
    device: Device,
    outcomes: list[dict[str, Any]],
) -> PushResult:
    sha, owner, server_seq, stale, late = earlier
    if owner != user_id or sha != item.payload_sha256:
        # The seq is used up so later items are not blocked; the client keeps its row.
        reason = "this judgment id is already held with different content"
        outcomes.append(_outcome(device, item, "rejected", code="id_conflict", reason=reason))
        return _violation(item, reason)
    outcomes.append(
        _outcome(device, item, "accepted", server_seq=server_seq or None, stale=stale, late=late)
    )
    return _result(item, "duplicate", server_seq=server_seq or None, stale_pack=stale, late=late)


def _outcome(
    device: Device,
    item: PushItem,
    status: str,
    *,
    code: str | None = None,
    reason: str | None = None,
    server_seq: int | None = None,
    stale: bool = False,
    late: bool = False,
) -> dict[str, Any]:
    return {
        "device_id": device.device_id,
        "client_seq": item.client_seq,
        "judgment_id": item.payload.id,
        "payload_sha256": item.payload_sha256,
        "status": status,
        "code": code,
        "reason": reason,
        "server_seq": server_seq,
        "stale_pack": stale,
        "late": late,
    }


def _judgment_row(
    item: PushItem,
    device: Device,
    ctx: PushContext,
    assignment: Assignment,
    project_id: str,
    seq: int,
    stale: bool,
    late: bool,
) -> dict[str, Any]:
    payload = item.payload
    return {
        "id": payload.id,
        "server_seq": seq,
        "project_id": project_id,
        "item_id": payload.item_id,
        "user_id": ctx.user_id,
        "device_id": device.device_id,
        "client_seq": item.client_seq,
        "assignment_id": assignment.id,
        "pack_id": payload.pack.id,
        "pack_version": payload.pack.version,
        "pack_sha256": payload.pack.sha256,
        "status": payload.status,
        "supersedes_id": payload.supersedes_id,
        "payload_json": "",
        "payload_sha256": item.payload_sha256,
        "stale_pack": stale,
        "late": late,
        "session_id": ctx.session_id,
        "received_at": ctx.received_at,
    }
