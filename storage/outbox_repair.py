"""Repairs of the outbox: re-queue seqs, and re-register a restored store as a new device.

Both keep every judgment and its payload hash; they only renumber or re-open the sync
bookkeeping, each in one writer transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select, update

from storage.ids import utc_now, uuid7
from storage.models import Device, Judgment, RetiredSeq
from storage.outbox import LAST_ACKED_CLIENT_SEQ, store_last_acked
from storage.store import Store
from storage.sync_state import NEXT_CLIENT_SEQ, set_value


def requeue(store: Store, seqs: Iterable[int]) -> int:
    """Put these seqs back in the outbox (the server answers ``duplicate`` for what it has)."""
    wanted = sorted(set(seqs))
    if not wanted:
        return 0
    with store.write() as conn:
        changed = conn.execute(
            update(Judgment)
            .where(Judgment.client_seq.in_(wanted), Judgment.sync_state != "local")
            .values(sync_state="queued", reject_code=None, reject_reason=None)
        ).rowcount
        store_last_acked(conn)
    return int(changed)


def reregister_device(store: Store) -> str:
    """Give the store a fresh device id and re-queue its unsettled judgments from seq 1.

    For a store restored from a backup, whose seqs the server has already seen with other
    content. In one transaction: every issued seq moves to ``retired_seqs`` under the old
    id; ``queued`` and ``needs_attention`` judgments get new contiguous seqs 1..n in their
    old order (same ids, same payload hashes), so the server answers ``duplicate`` for the
    ones it already has. Acked and rejected rows keep their state and are not resent.
    """
    now = utc_now()
    new_id = uuid7()
    with store.write() as conn:
        old_id = conn.execute(select(Device.device_id)).scalar_one()
        issued = conn.execute(
            select(
                Judgment.id,
                Judgment.client_seq,
                Judgment.payload_sha256,
                Judgment.sync_state,
                Judgment.server_seq,
            )
            .where(Judgment.client_seq.is_not(None))
            .order_by(Judgment.client_seq)
        ).all()
        if issued:
            conn.execute(
                insert(RetiredSeq),
                [
                    {
                        "device_id": old_id,
                        "client_seq": r.client_seq,
                        "judgment_id": r.id,
                        "payload_sha256": r.payload_sha256,
                        "sync_state": r.sync_state,
                        "server_seq": r.server_seq,
                        "retired_at": now,
                    }
                    for r in issued
                ],
            )
        # Clear first: the new numbers overlap the old ones under UNIQUE(client_seq).
        conn.execute(
            update(Judgment).where(Judgment.client_seq.is_not(None)).values(client_seq=None)
        )
        unsettled = [r.id for r in issued if r.sync_state in ("queued", "needs_attention")]
        for seq, judgment_id in enumerate(unsettled, start=1):
            conn.execute(
                update(Judgment)
                .where(Judgment.id == judgment_id)
                .values(client_seq=seq, sync_state="queued", reject_code=None, reject_reason=None)
            )
        conn.execute(update(Device).values(device_id=new_id, created_at=now))
        set_value(conn, NEXT_CLIENT_SEQ, str(len(unsettled) + 1))
        set_value(conn, LAST_ACKED_CLIENT_SEQ, "0")
    return new_id
