"""The sync outbox: submitted judgments waiting for the server, and what the server said.

A judgment enters the outbox at submission (``sync_state = 'queued'`` with a contiguous
``client_seq``) and never leaves the table: the server's answer only changes its
bookkeeping columns (``acked``, ``rejected`` or ``needs_attention``). Every function that
writes runs in one writer transaction, so a crash leaves either all of a page's answers
applied or none, and applying the same answers again changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, func, select, update

import protocol
from storage.models import Judgment
from storage.store import Store
from storage.sync_state import NEXT_CLIENT_SEQ, get_value, set_value

LAST_ACKED_CLIENT_SEQ = "last_acked_client_seq"
#: States whose rows the server has answered for good under the current device id.
_SETTLED = ("acked", "rejected")


@dataclass(frozen=True)
class OutboxEntry:
    """One queued judgment as it travels: ``payload`` is exactly what was hashed."""

    client_seq: int
    judgment_id: str
    payload: dict[str, Any]
    payload_sha256: str


@dataclass(frozen=True)
class PushApplied:
    """Counts of one page of push results as applied; ``gap_expected`` is where to resume."""

    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    violations: tuple[int, ...] = ()
    gap_expected: int | None = None


class LocalSummary(NamedTuple):
    """What this store believes the server holds from the current device id."""

    last_acked_seq: int
    accepted: int
    rejected: int
    digest: str


def payload_from_row(row: Any) -> dict[str, Any]:
    """The wire payload of a stored judgment (same keys and values as its hash covers)."""
    return {
        "id": row.id,
        "item_id": row.item_id,
        "pack": {"id": row.pack_id, "version": row.pack_version, "sha256": row.pack_sha256},
        "answers": json.loads(row.answers_json),
        "status": row.status,
        "skip_reason": row.skip_reason,
        "display_order": json.loads(row.display_order_json),
        "active_ms": row.active_ms,
        "supersedes_id": row.supersedes_id,
        "created_at": row.created_at,
        "submitted_at": row.submitted_at,
    }


def outbox_page(store: Store, after_seq: int, limit: int) -> list[OutboxEntry]:
    """Queued judgments with ``client_seq > after_seq``, ascending, at most ``limit``."""
    with store.read() as conn:
        rows = conn.execute(
            select(Judgment)
            .where(Judgment.sync_state == "queued", Judgment.client_seq > after_seq)
            .order_by(Judgment.client_seq)
            .limit(limit)
        ).all()
    return [OutboxEntry(r.client_seq, r.id, payload_from_row(r), r.payload_sha256) for r in rows]


def pending_count(store: Store) -> int:
    """Judgments still waiting to be sent (``queued``)."""
    with store.read() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(Judgment).where(Judgment.sync_state == "queued")
            ).scalar_one()
        )


def attention_count(store: Store) -> int:
    """Judgments the server refused as a violation; pushing is stopped while any remain."""
    with store.read() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(Judgment)
                .where(Judgment.sync_state == "needs_attention")
            ).scalar_one()
        )


def next_client_seq(store: Store) -> int:
    with store.read() as conn:
        return int(get_value(conn, NEXT_CLIENT_SEQ) or "1")


def apply_push_results(
    store: Store, session_id: str, results: Sequence[protocol.PushResult]
) -> PushApplied:
    """Record the server's answers for one push page in one transaction; idempotent.

    ``accepted``/``duplicate`` → ``acked`` with ``server_seq``; ``rejected`` → ``rejected``
    with code and reason (kept, never resent); ``violation`` → ``needs_attention``;
    ``gap`` changes nothing (the caller resends from ``expected``). A row is matched by
    seq *and* judgment id, so an answer about other content can never mark this one, and
    a row already acked is never downgraded.
    """
    accepted = duplicate = rejected = 0
    violations: list[int] = []
    gap: int | None = None
    with store.write() as conn:
        for r in results:
            match = and_(Judgment.client_seq == r.client_seq, Judgment.id == r.judgment_id)
            if r.status in ("accepted", "duplicate"):
                conn.execute(
                    update(Judgment)
                    .where(match, Judgment.sync_state != "acked")
                    .values(
                        sync_state="acked",
                        server_seq=r.server_seq,
                        ack_session_id=session_id,
                        reject_code=None,
                        reject_reason=None,
                    )
                )
                accepted += r.status == "accepted"
                duplicate += r.status == "duplicate"
            elif r.status == "rejected":
                conn.execute(
                    update(Judgment)
                    .where(match, Judgment.sync_state.in_(("queued", "needs_attention")))
                    .values(
                        sync_state="rejected",
                        ack_session_id=session_id,
                        reject_code=r.code or "rejected",
                        reject_reason=r.reason or "",
                    )
                )
                rejected += 1
            elif r.status == "violation":
                conn.execute(
                    update(Judgment)
                    .where(match, Judgment.sync_state == "queued")
                    .values(
                        sync_state="needs_attention",
                        reject_code=r.code or "violation",
                        reject_reason=r.reason or "",
                    )
                )
                violations.append(r.client_seq)
            elif r.status == "gap" and gap is None:
                gap = r.expected
        store_last_acked(conn)
    return PushApplied(accepted, duplicate, rejected, tuple(violations), gap)


def store_last_acked(conn: Connection) -> None:
    last = conn.execute(
        select(func.coalesce(func.max(Judgment.client_seq), 0)).where(
            Judgment.sync_state.in_(_SETTLED)
        )
    ).scalar_one()
    set_value(conn, LAST_ACKED_CLIENT_SEQ, str(last))


def local_summary(store: Store) -> LocalSummary:
    """The counterpart of the server's device summary, over settled rows of this device id."""
    with store.read() as conn:
        rows = conn.execute(
            select(Judgment.client_seq, Judgment.payload_sha256, Judgment.sync_state).where(
                Judgment.sync_state.in_(_SETTLED), Judgment.client_seq.is_not(None)
            )
        ).all()
    triples = [
        (
            int(r.client_seq),
            str(r.payload_sha256),
            "accepted" if r.sync_state == "acked" else r.sync_state,
        )
        for r in rows
    ]
    return LocalSummary(
        last_acked_seq=max((t[0] for t in triples), default=0),
        accepted=sum(t[2] == "accepted" for t in triples),
        rejected=sum(t[2] == "rejected" for t in triples),
        digest=protocol.device_digest(triples),
    )


def conflict_digest(store: Store) -> str:
    """The local digest as the server computes it when every ``needs_attention`` row was an
    id conflict (the server consumed the seq and keeps it as rejected).

    Equal to the server's digest ⇒ the only disagreement is judgments whose id the server
    holds with other content: re-registering would not help (the lead must look).
    """
    with store.read() as conn:
        rows = conn.execute(
            select(Judgment.client_seq, Judgment.payload_sha256, Judgment.sync_state).where(
                Judgment.sync_state.in_((*_SETTLED, "needs_attention")),
                Judgment.client_seq.is_not(None),
            )
        ).all()
    return protocol.device_digest(
        (
            int(r.client_seq),
            str(r.payload_sha256),
            "accepted" if r.sync_state == "acked" else "rejected",
        )
        for r in rows
    )
