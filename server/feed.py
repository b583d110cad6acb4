"""Reading the change feed: one user's page of changes, bodies built from current state.

Only seqs at or below the committed ``feed_seq`` counter are served. Because the counter's
row lock makes commit order equal seq order, every change at or below that value has
committed, so a cursor can never move past a change that becomes visible later.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from protocol import FeedChange, FeedPage, PackVersionBody, ReviewBody
from server.assignments import assignment_body
from server.db import counter_value
from server.models import Assignment, ChangeLogEntry, PackVersion, Review

#: Bodies in one page stop growing past this (a page always carries at least one change).
PAGE_BYTES = 4 * 1024 * 1024


def read_page(
    session: Session, user_id: str, projects: Iterable[str], after: int, limit: int
) -> FeedPage:
    head = counter_value(session, "feed_seq")
    rows = (
        session.execute(
            select(ChangeLogEntry)
            .where(
                ChangeLogEntry.server_seq > after,
                ChangeLogEntry.server_seq <= head,
                ChangeLogEntry.project_id.in_(list(projects)),
                or_(
                    ChangeLogEntry.scope_user_id.is_(None), ChangeLogEntry.scope_user_id == user_id
                ),
            )
            .order_by(ChangeLogEntry.server_seq)
            .limit(limit + 1)
        )
        .scalars()
        .all()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    # Having read everything up to ``head`` for this user, the cursor may jump to it.
    next_after = rows[-1].server_seq if more else max(head, after)
    latest: dict[tuple[str, str], ChangeLogEntry] = {}
    for row in rows:
        # A later entry for the same entity supersedes an earlier one in the same page.
        latest.pop((row.entity_type, row.entity_id), None)
        latest[(row.entity_type, row.entity_id)] = row
    changes: list[FeedChange] = []
    size = 0
    ordered = sorted(latest.values(), key=lambda r: r.server_seq)
    for index, row in enumerate(ordered):
        change = _change(session, row, user_id)
        if change is not None:
            changes.append(change)
            size += len(json.dumps(change.body)) if change.body else 0
        if size > PAGE_BYTES and index < len(ordered) - 1:
            more, next_after = True, row.server_seq
            break
    return FeedPage(changes=changes, next_after=next_after, has_more=more, feed_head=head)


def _change(session: Session, row: ChangeLogEntry, user_id: str) -> FeedChange | None:
    body: dict[str, Any] | None = None
    version = row.entity_version
    if row.entity_type == "assignment":
        assignment = session.get(Assignment, row.entity_id)
        if assignment is None or assignment.user_id != user_id:
            return None
        version = assignment.version
        op: Literal["upsert", "remove"] = "remove" if assignment.state == "released" else "upsert"
        if op == "upsert":
            body = assignment_body(session, assignment).model_dump()
        return FeedChange(
            server_seq=row.server_seq,
            type="assignment",
            id=row.entity_id,
            version=version,
            op=op,
            body=body,
        )
    if row.entity_type == "pack_version":
        pack_id, _, pack_version = row.entity_id.rpartition("@")
        pack = session.get(PackVersion, (row.project_id, pack_id, pack_version))
        if pack is None:
            return None
        body = PackVersionBody(
            project_id=pack.project_id,
            pack_id=pack.pack_id,
            version=pack.version,
            sha256=pack.sha256,
            canonical_b64=base64.b64encode(pack.canonical).decode("ascii"),
            signature_toml=pack.signature_toml,
            published_by=pack.published_by,
            published_at=pack.published_at,
        ).model_dump()
        return FeedChange(
            server_seq=row.server_seq,
            type="pack_version",
            id=row.entity_id,
            version=version,
            op="upsert",
            body=body,
        )
    if row.entity_type == "review":
        review = session.get(Review, row.entity_id)
        if review is None:
            return None
        body = ReviewBody(
            judgment_id=review.judgment_id,
            outcome=review.outcome,  # type: ignore[arg-type]
            comment=review.comment,
            reviewed_at=review.reviewed_at,
        ).model_dump()
        return FeedChange(
            server_seq=row.server_seq,
            type="review",
            id=row.entity_id,
            version=version,
            op="upsert",
            body=body,
        )
    return None
