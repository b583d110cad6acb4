"""The last resort: every judgment the server has not acknowledged, written to one file.

For when sync cannot be repaired in time (a lost account, a dead server): the file holds
each judgment in the shape sync pushes it (``payload`` as in ``protocol.JudgmentPayload``,
and the ``payload_sha256`` computed at submission), so the vendor can load it on the server
side and check every hash. Drafts travel too, with ``payload_sha256`` null (a draft is not
hashed until it is submitted). Acked judgments are left out: the server has them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from storage.models import Judgment
from storage.outbox import payload_from_row
from storage.store import Store

#: ``rejected`` is included: the server answered, but does not hold the judgment.
UNSYNCED_STATES = ("local", "queued", "needs_attention", "rejected")


@dataclass(frozen=True)
class UnsyncedReport:
    path: Path
    judgments: int
    drafts: int


def export_unsynced(store: Store, out: Path) -> UnsyncedReport:
    """Write the store's unacknowledged judgments to ``out`` as JSON lines, atomically."""
    with store.read() as conn:
        rows = conn.execute(
            select(Judgment)
            .where(Judgment.sync_state.in_(UNSYNCED_STATES))
            .order_by(Judgment.client_seq.is_(None), Judgment.client_seq, Judgment.created_at)
        ).all()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    drafts = 0
    with partial.open("w", encoding="utf-8") as handle:
        for row in rows:
            drafts += row.status == "draft"
            line = {
                "client_seq": row.client_seq,
                "sync_state": row.sync_state,
                "payload": payload_from_row(row),
                "payload_sha256": row.payload_sha256,
            }
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, out)
    return UnsyncedReport(out, len(rows), drafts)
