"""What the annotator's queue shows: projects, batches, items and their status.

An item's status is derived, never stored: the status of its newest judgment, or ``new``.
Model ids are not part of these views — judging is blind; only delivery reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, text

from storage.errors import NotFoundError
from storage.models import Item, Project, ResponseRow
from storage.store import Store

PREVIEW_CHARS = 160

# A judgment the server sent back (rejected at push, or returned by a lead's review)
# makes its item "returned".
_RETURNED = """(j.sync_state IN ('rejected', 'needs_attention')
              OR EXISTS (SELECT 1 FROM reviews AS r
                         WHERE r.judgment_id = j.id AND r.outcome = 'returned'))"""
_ITEM_STATUS = f"""
COALESCE((SELECT CASE WHEN {_RETURNED} THEN 'returned' ELSE j.status END
          FROM judgments AS j WHERE j.item_id = items.id
          ORDER BY j.created_at DESC, j.id DESC LIMIT 1), 'new')
"""


@dataclass(frozen=True)
class ProjectSummary:
    id: str
    name: str


@dataclass(frozen=True)
class BatchSummary:
    id: str
    project_id: str
    name: str
    state: str
    items: int
    submitted: int
    skipped: int
    drafts: int
    #: Items whose newest judgment came back (see ``_RETURNED``); also counted as done.
    returned: int = 0

    @property
    def done(self) -> int:
        return self.submitted + self.skipped


@dataclass(frozen=True)
class ItemSummary:
    id: str
    batch_id: str
    position: int
    status: str
    preview: str
    response_count: int


@dataclass(frozen=True)
class ResponseView:
    id: str
    content: str


@dataclass(frozen=True)
class ItemDetail:
    id: str
    batch_id: str
    conversation: list[dict[str, Any]]
    responses: list[ResponseView]
    metadata: dict[str, Any]


def list_projects(store: Store) -> list[ProjectSummary]:
    with store.read() as conn:
        rows = conn.execute(select(Project.id, Project.name).order_by(Project.id)).all()
    return [ProjectSummary(r.id, r.name) for r in rows]


def list_batches(store: Store, project_id: str | None = None) -> list[BatchSummary]:
    # Counts come from two cheap aggregates instead of a status per item: item totals from
    # the batch index, and states from the (far fewer) judgments, newest per item.
    sql = f"""
        WITH totals AS (SELECT batch_id, COUNT(*) AS n FROM items GROUP BY batch_id),
        newest AS (
            SELECT j.item_id, j.status, {_RETURNED} AS returned, ROW_NUMBER() OVER (
                       PARTITION BY j.item_id ORDER BY j.created_at DESC, j.id DESC) AS rn
            FROM judgments AS j
        ),
        states AS (
            SELECT i.batch_id,
                   SUM(n.status = 'submitted') AS submitted,
                   SUM(n.status = 'skipped') AS skipped,
                   SUM(n.status = 'draft') AS drafts,
                   SUM(n.returned) AS returned
            FROM newest AS n JOIN items AS i ON i.id = n.item_id
            WHERE n.rn = 1 GROUP BY i.batch_id
        )
        SELECT b.id, b.project_id, b.name, b.state, b.position,
               COALESCE(t.n, 0) AS items,
               COALESCE(s.submitted, 0) AS submitted,
               COALESCE(s.skipped, 0) AS skipped,
               COALESCE(s.drafts, 0) AS drafts,
               COALESCE(s.returned, 0) AS returned
        FROM batches AS b
        LEFT JOIN totals AS t ON t.batch_id = b.id
        LEFT JOIN states AS s ON s.batch_id = b.id
        {"WHERE b.project_id = :project" if project_id else ""}
        ORDER BY b.project_id, b.position
    """
    with store.read() as conn:
        rows = conn.execute(text(sql), {"project": project_id}).all()
    return [
        BatchSummary(
            r.id,
            r.project_id,
            r.name,
            r.state,
            r.items,
            r.submitted,
            r.skipped,
            r.drafts,
            r.returned,
        )
        for r in rows
    ]


def list_items(
    store: Store,
    batch_id: str,
    *,
    status: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ItemSummary]:
    """Items of a batch in order, optionally filtered by status and by text in the prompt.

    ``limit``/``offset`` page through a large batch, so a queue never builds 100k rows.
    """
    conditions = ["items.batch_id = :batch"]
    if search:
        conditions.append("instr(lower(items.conversation_json), lower(:search)) > 0")
    sql = f"""
        SELECT * FROM (
            SELECT items.id, items.batch_id, items.position, items.response_count,
                   substr(json_extract(items.conversation_json, '$[#-1].content'), 1,
                          {PREVIEW_CHARS}) AS preview,
                   {_ITEM_STATUS} AS status
            FROM items WHERE {" AND ".join(conditions)}
        ) {"WHERE status = :status" if status else ""}
        ORDER BY position
        {"LIMIT :limit OFFSET :offset" if limit is not None else ""}
    """
    params: dict[str, object] = {"batch": batch_id, "status": status, "search": search}
    if limit is not None:
        params.update(limit=limit, offset=offset)
    with store.read() as conn:
        rows = conn.execute(text(sql), params).all()
    return [
        ItemSummary(r.id, r.batch_id, r.position, r.status, r.preview or "", r.response_count)
        for r in rows
    ]


def get_item(store: Store, item_id: str) -> ItemDetail:
    with store.read() as conn:
        return _get_item(conn, item_id)


def _get_item(conn: Connection, item_id: str) -> ItemDetail:
    row = conn.execute(
        select(Item.id, Item.batch_id, Item.conversation_json, Item.metadata_json).where(
            Item.id == item_id
        )
    ).first()
    if row is None:
        raise NotFoundError(f"item {item_id} is not in the store")
    responses = conn.execute(
        select(ResponseRow.id, ResponseRow.content)
        .where(ResponseRow.item_id == item_id)
        .order_by(ResponseRow.position)
    ).all()
    return ItemDetail(
        id=row.id,
        batch_id=row.batch_id,
        conversation=json.loads(row.conversation_json),
        responses=[ResponseView(r.id, r.content) for r in responses],
        metadata=json.loads(row.metadata_json),
    )


def count_items(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(Item)).scalar_one())


def latest_judgment_id(store: Store, item_id: str) -> str | None:
    """The item's newest judgment (a draft, or the last submission or amendment)."""
    with store.read() as conn:
        value = conn.execute(
            text(
                "SELECT id FROM judgments WHERE item_id = :item "
                "ORDER BY created_at DESC, id DESC LIMIT 1"
            ),
            {"item": item_id},
        ).scalar()
    return None if value is None else str(value)


def project_of_item(store: Store, item_id: str) -> str:
    with store.read() as conn:
        value = conn.execute(
            text(
                "SELECT b.project_id FROM items AS i JOIN batches AS b ON b.id = i.batch_id "
                "WHERE i.id = :item"
            ),
            {"item": item_id},
        ).scalar()
    if value is None:
        raise NotFoundError(f"item {item_id} is not in the store")
    return str(value)


def next_open_item(store: Store, after_item_id: str | None) -> str | None:
    """The first item after ``after_item_id`` in queue order that is new or a draft.

    Queue order is batch position, then item position; the search wraps around so an item
    left behind earlier is still offered. It stops at the first match, so it stays quick
    on a store of 100k items.
    """
    base = f"""
        SELECT items.id FROM items JOIN batches ON batches.id = items.batch_id
        WHERE {_ITEM_STATUS} IN ('new', 'draft') AND items.id != :current {{where}}
        ORDER BY batches.position, items.position LIMIT 1
    """
    after = "AND (batches.position, items.position) > (:bpos, :ipos)"
    with store.read() as conn:
        here = None
        if after_item_id is not None:
            here = conn.execute(
                text(
                    "SELECT b.position AS bpos, i.position AS ipos FROM items AS i "
                    "JOIN batches AS b ON b.id = i.batch_id WHERE i.id = :item"
                ),
                {"item": after_item_id},
            ).first()
        params = {"current": after_item_id or ""}
        if here is not None:
            found = conn.execute(
                text(base.format(where=after)),
                {**params, "bpos": here.bpos, "ipos": here.ipos},
            ).scalar()
            if found is not None:
                return str(found)
        found = conn.execute(text(base.format(where="")), params).scalar()
    return None if found is None else str(found)
