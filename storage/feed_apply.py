"""Apply one page of the server's change feed, and move the feed cursor, in one transaction.

Contract: ``apply_feed_page`` either applies every change of the page *and* sets
``feed_cursor`` to ``next_after``, or (on any exception, a crash, a power cut) changes
nothing, so the same page is fetched and applied again. Applying a page twice gives the
same store: an entity is only overwritten by a strictly newer version, pack versions are
write-once, and items with the same content are left alone. The server owns these
entities (server wins); nothing an annotator made is ever deleted here.

A change that cannot be applied (malformed body, a pack whose bytes do not match its
hash) is skipped with a sentence in ``FeedApplied.problems``; the cursor still moves,
because the same bad change would otherwise stop every later sync.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, delete, func, insert, select, update

import protocol
from guidelines import GuidelinePack, PackError, pack_from_canonical
from guidelines.canonical import sha256_hex
from storage.errors import ImportConflictError
from storage.feed_items import encode_items, upsert_items
from storage.ids import utc_now
from storage.models import Assignment, Batch, Project, Review
from storage.packs import add_pack_version_in
from storage.store import Store
from storage.sync_log import FEED_CURSOR
from storage.sync_state import get_value, set_value
from taskpack import TaskPackError

#: Called with each incoming pack before it is kept; raise ``PackError`` to refuse it
#: (the app passes a check of the lead's signature against the profile's trusted keys).
PackVerifier = Callable[[GuidelinePack, protocol.PackVersionBody], None]


@dataclass(frozen=True)
class FeedApplied:
    """What one page did. ``packs_added`` lists new (pack id, version): the caller moves
    open drafts forward onto them (that needs the guideline migration map, an app concern)."""

    applied: int
    skipped: int
    packs_added: list[tuple[str, str]]
    batches_changed: list[str]
    problems: list[str] = field(default_factory=list)


def apply_feed_page(
    store: Store,
    changes: Sequence[protocol.FeedChange],
    next_after: int,
    *,
    verify_pack: PackVerifier | None = None,
) -> FeedApplied:
    """Apply ``changes`` (in ``server_seq`` order) and set the cursor, all or nothing."""
    # Parsing and hashing happen before the write lock is taken: they are the slow part.
    prepared: list[tuple[protocol.FeedChange, Any]] = []
    problems: list[str] = []
    for change in changes:
        try:
            prepared.append((change, _prepare(change, verify_pack)))
        except (ValidationError, TaskPackError, PackError, ValueError, binascii.Error) as exc:
            problems.append(f"feed change {change.server_seq} ({change.type} {change.id}): {exc}")
    applied, skipped = 0, len(changes) - len(prepared)
    packs_added: list[tuple[str, str]] = []
    batches: list[str] = []
    with store.write() as conn:
        for change, ready in prepared:
            done = _apply(conn, change, ready, packs_added, batches, problems)
            applied += done
            skipped += not done
        current = int(get_value(conn, FEED_CURSOR) or "0")
        if next_after > current:  # a re-fetched older page never moves the cursor back
            set_value(conn, FEED_CURSOR, str(next_after))
    return FeedApplied(applied, skipped, packs_added, list(dict.fromkeys(batches)), problems)


def _prepare(change: protocol.FeedChange, verify: PackVerifier | None) -> Any:
    if change.op == "remove" or change.body is None:
        return None
    if change.type == "assignment":
        body = protocol.AssignmentBody.model_validate(change.body)
        return body, encode_items(change.server_seq, [i.item for i in body.items])
    if change.type == "pack_version":
        pack_body = protocol.PackVersionBody.model_validate(change.body)
        data = base64.b64decode(pack_body.canonical_b64, validate=True)
        if sha256_hex(data) != pack_body.sha256:
            raise ValueError(f"pack bytes do not match their sha256 {pack_body.sha256}; refused")
        pack = pack_from_canonical(data)
        if (pack.id, pack.version, pack.sha256) != (
            pack_body.pack_id,
            pack_body.version,
            pack_body.sha256,
        ):
            raise ValueError(f"the bytes are pack {pack.id} {pack.version}, not what was announced")
        if verify is not None:
            verify(pack, pack_body)
        return pack, data
    if change.type == "review":
        return protocol.ReviewBody.model_validate(change.body)
    return None


def _apply(
    conn: Connection,
    change: protocol.FeedChange,
    ready: Any,
    packs_added: list[tuple[str, str]],
    batches: list[str],
    problems: list[str],
) -> bool:
    """Apply one prepared change; False when it was skipped (stale, unknown or no-op)."""
    if change.type == "assignment":
        if change.op == "remove" or ready is None:
            return _release_assignment(conn, change, batches)
        body, rows = ready
        return _upsert_assignment(conn, change, body, rows, batches, problems)
    if change.type == "pack_version" and ready is not None:
        pack, data = ready
        try:
            added = add_pack_version_in(
                conn, pack.id, pack.version, pack.sha256, pack.title.get(), data
            )
        except ImportConflictError as exc:  # raised before any write: the page goes on
            problems.append(str(exc))
            return False
        if added:
            packs_added.append((pack.id, pack.version))
        return added
    if change.type == "review":
        return _apply_review(conn, change, ready)
    return False  # judgment_status and pack removals carry nothing to keep yet


def _upsert_assignment(
    conn: Connection,
    change: protocol.FeedChange,
    body: protocol.AssignmentBody,
    rows: list[Any],
    batches: list[str],
    problems: list[str],
) -> bool:
    # Versions count per assignment, so a batch re-assigned later (a new assignment with
    # version 1) is not mistaken for an older copy of the previous assignment.
    known = conn.execute(
        select(Assignment.version).where(Assignment.assignment_id == body.assignment_id)
    ).scalar()
    if known is not None and known >= change.version:
        return False
    if conn.execute(select(Project.id).where(Project.id == body.project_id)).first() is None:
        conn.execute(
            insert(Project).values(id=body.project_id, name=body.project_name, created_at=utc_now())
        )
    batch = conn.execute(select(Batch.project_id).where(Batch.id == body.batch_id)).first()
    values = {
        "name": body.batch_name,
        "state": body.state,
        "lease_expires_at": body.lease_expires_at,
        "server_version": change.version,
    }
    if batch is None:
        position = conn.execute(
            select(func.coalesce(func.max(Batch.position), -1)).where(
                Batch.project_id == body.project_id
            )
        ).scalar_one()
        conn.execute(
            insert(Batch).values(
                id=body.batch_id,
                project_id=body.project_id,
                position=position + 1,
                created_at=utc_now(),
                **values,
            )
        )
    elif batch.project_id != body.project_id:
        problems.append(
            f"batch {body.batch_id} belongs to project {batch.project_id} here, not "
            f"{body.project_id}; assignment {body.assignment_id} was left out"
        )
        return False
    else:
        conn.execute(update(Batch).where(Batch.id == body.batch_id).values(**values))
    conn.execute(delete(Assignment).where(Assignment.assignment_id == body.assignment_id))
    conn.execute(
        insert(Assignment).values(
            assignment_id=body.assignment_id,
            batch_id=body.batch_id,
            version=change.version,
            state=body.state,
        )
    )
    problems.extend(upsert_items(conn, body.batch_id, rows))
    batches.append(body.batch_id)
    return True


def _release_assignment(conn: Connection, change: protocol.FeedChange, batches: list[str]) -> bool:
    """The batch is no longer assigned here: mark it released; its items all stay."""
    known = conn.execute(
        select(Assignment.batch_id, Assignment.version).where(Assignment.assignment_id == change.id)
    ).first()
    if known is None or known.version >= change.version:
        return False
    conn.execute(
        update(Assignment)
        .where(Assignment.assignment_id == change.id)
        .values(version=change.version, state="released")
    )
    conn.execute(
        update(Batch)
        .where(Batch.id == known.batch_id)
        .values(state="released", server_version=change.version)
    )
    batches.append(known.batch_id)
    return True


def _apply_review(
    conn: Connection, change: protocol.FeedChange, body: protocol.ReviewBody | None
) -> bool:
    """Keep the newest review per judgment (feed order decides: highest ``server_seq``)."""
    if body is None:
        return False  # a removed review leaves the last decision visible
    stored = conn.execute(
        select(Review.server_seq).where(Review.judgment_id == body.judgment_id)
    ).scalar()
    if stored is not None and stored >= change.server_seq:
        return False
    conn.execute(delete(Review).where(Review.judgment_id == body.judgment_id))
    conn.execute(
        insert(Review).values(
            judgment_id=body.judgment_id,
            outcome=body.outcome,
            comment=body.comment,
            reviewed_at=body.reviewed_at,
            server_seq=change.server_seq,
            version=change.version,
        )
    )
    return True
