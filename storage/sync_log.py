"""The local sync audit trail (``sync_sessions``) and the sync client's small durable keys.

A session row is written when a sync starts and completed when it ends, so a session cut
short by a crash stays visible as started-but-unfinished. The feed cursor and pending
claim ids live in ``sync_state`` next to the seq counters.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from storage.ids import utc_now, uuid7
from storage.models import SyncSession, SyncStateEntry
from storage.store import Store
from storage.sync_state import get_value, set_value

FEED_CURSOR = "feed_cursor"
_CLAIM_PREFIX = "claim_request:"


@dataclass(frozen=True)
class SessionCounts:
    pushed: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    pulled: int = 0


def feed_cursor(store: Store) -> int:
    """The ``server_seq`` through which the feed has been applied (0: nothing yet)."""
    with store.read() as conn:
        return int(get_value(conn, FEED_CURSOR) or "0")


def start_session(store: Store) -> str:
    """Record that a sync begins; returns its session id (also sent to the server)."""
    session_id = uuid7()
    with store.write() as conn:
        cursor = int(get_value(conn, FEED_CURSOR) or "0")
        conn.execute(
            insert(SyncSession).values(
                session_id=session_id,
                started_at=utc_now(),
                pushed=0,
                accepted=0,
                duplicate=0,
                rejected=0,
                pulled=0,
                cursor_before=cursor,
            )
        )
    return session_id


def finish_session(
    store: Store, session_id: str, outcome: str, counts: SessionCounts, error: str | None
) -> None:
    """Complete the session's row with what happened (``error`` is a sentence, no secrets)."""
    with store.write() as conn:
        cursor = int(get_value(conn, FEED_CURSOR) or "0")
        conn.execute(
            update(SyncSession)
            .where(SyncSession.session_id == session_id)
            .values(
                finished_at=utc_now(),
                outcome=outcome,
                pushed=counts.pushed,
                accepted=counts.accepted,
                duplicate=counts.duplicate,
                rejected=counts.rejected,
                pulled=counts.pulled,
                cursor_after=cursor,
                error=error,
            )
        )


def claim_request_id(store: Store, project_id: str) -> str:
    """The claim id for ``project_id``: the pending one, or a new one stored *before* use.

    Storing it first is what makes a retried claim (after a lost answer) the same claim,
    so the server hands back the same batch instead of a second one.
    """
    key = _CLAIM_PREFIX + project_id
    with store.write() as conn:
        existing = get_value(conn, key)
        if existing is not None:
            return existing
        new_id = uuid7()
        set_value(conn, key, new_id)
        return new_id


def clear_claim_request(store: Store, project_id: str) -> None:
    """Forget the pending claim once its answer is applied; the next claim is a new one."""
    with store.write() as conn:
        conn.execute(delete(SyncStateEntry).where(SyncStateEntry.key == _CLAIM_PREFIX + project_id))


def last_session(store: Store) -> tuple[str, str | None] | None:
    """(session id, outcome) of the newest session, for the status line."""
    with store.read() as conn:
        row = conn.execute(
            select(SyncSession.session_id, SyncSession.outcome)
            .order_by(SyncSession.started_at.desc(), SyncSession.session_id.desc())
            .limit(1)
        ).first()
    return None if row is None else (row.session_id, row.outcome)
