"""Appending to the change feed, always inside the transaction that made the change.

Rows carry no body: the feed serves each entity's state as it is when read, so a reader
that is behind gets the newest state once per page (the entity's ``version`` tells the
client whether it is newer than its copy). The ``feed_seq`` counter's row lock makes commit
order equal seq order, so no reader's cursor can pass a change that commits later.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from server.db import next_seq, utc_now
from server.models import ChangeLogEntry

EntityType = Literal["assignment", "pack_version", "review", "judgment_status"]


def append_change(
    session: Session,
    *,
    project_id: str,
    scope_user_id: str | None,
    entity_type: EntityType,
    entity_id: str,
    entity_version: int,
    op: Literal["upsert", "remove"] = "upsert",
) -> int:
    """Record one change; returns its ``server_seq``. Call as late in the transaction as
    possible: the counter lock is held from here until commit."""
    seq = next_seq(session, "feed_seq")
    session.add(
        ChangeLogEntry(
            server_seq=seq,
            project_id=project_id,
            scope_user_id=scope_user_id,
            entity_type=entity_type,
            entity_id=entity_id,
            entity_version=entity_version,
            op=op,
            created_at=utc_now(),
        )
    )
    return seq
