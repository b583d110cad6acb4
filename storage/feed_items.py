"""Items of an assigned batch, written exactly as an import of the same items would write them.

Items arrive from the server in the task pack's native item form; they are checked by
``taskpack.item_from_dict`` and encoded by the importer's own encoder, so an item that came
by sync and one that came from a file are byte-for-byte alike (same ``content_sha256``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from storage.ids import utc_now
from storage.importer import _INSERT_ITEM, _INSERT_RESPONSE, _encode, _Row
from storage.models import Item, Judgment, ResponseRow
from taskpack import Location, item_from_dict


def encode_items(change_seq: int, items: Sequence[dict[str, Any]]) -> list[_Row]:
    """Check and encode an assignment's items (outside any transaction: it is CPU work).

    Raises ``TaskPackError`` naming the change and the item's index.
    """
    rows = []
    for index, data in enumerate(items):
        where = Location(f"feed change {change_seq}", line=index + 1, field=f"items[{index}]")
        rows.append(_encode(item_from_dict(data, where)))
    return rows


def upsert_items(conn: Connection, batch_id: str, rows: Sequence[_Row]) -> list[str]:
    """Add new items to ``batch_id``; returns problems (sentences) for items left alone.

    An item already stored with the same content is left exactly as it is. One with other
    content is replaced only while nobody has judged it (no judgment or draft); otherwise it
    is kept, because a judgment must keep pointing at what the annotator saw.
    """
    problems: list[str] = []
    if not rows:
        return problems
    stored = {
        r.id: r.content_sha256
        for r in conn.execute(
            select(Item.id, Item.content_sha256).where(Item.id.in_([row.id for row in rows]))
        )
    }
    position: int = (
        conn.execute(
            select(func.coalesce(func.max(Item.position), -1)).where(Item.batch_id == batch_id)
        ).scalar_one()
        + 1
    )
    now = utc_now()
    for row in rows:
        digest = stored.get(row.id)
        if digest == row.digest:
            continue
        if digest is not None:
            if not _same_content(conn, row):
                problems.extend(_replace(conn, row))
            continue
        conn.exec_driver_sql(
            _INSERT_ITEM,
            (
                row.id,
                batch_id,
                position,
                row.conversation_json,
                row.metadata_json,
                row.digest,
                len(row.responses),
                None,
                row.line,
                now,
            ),
        )
        if row.responses:
            conn.exec_driver_sql(_INSERT_RESPONSE, list(row.responses))
        stored[row.id] = row.digest
        position += 1
    return problems


def _same_content(conn: Connection, row: _Row) -> bool:
    """Same conversation, metadata and responses (the digest also covers the batch name,
    which a server and a task-pack file may spell differently for the same item)."""
    item = conn.execute(
        select(Item.conversation_json, Item.metadata_json).where(Item.id == row.id)
    ).one()
    responses = conn.execute(
        select(
            ResponseRow.item_id,
            ResponseRow.id,
            ResponseRow.position,
            ResponseRow.content,
            ResponseRow.model,
            ResponseRow.suggestions_json,
        )
        .where(ResponseRow.item_id == row.id)
        .order_by(ResponseRow.position)
    ).all()
    return (item.conversation_json, item.metadata_json) == (
        row.conversation_json,
        row.metadata_json,
    ) and [tuple(r) for r in responses] == list(row.responses)


def _replace(conn: Connection, row: _Row) -> list[str]:
    judged = conn.execute(select(Judgment.id).where(Judgment.item_id == row.id).limit(1)).first()
    if judged is not None:
        return [
            f"item {row.id} changed on the server but has judgments here; the version they "
            "were made on is kept"
        ]
    conn.execute(delete(ResponseRow).where(ResponseRow.item_id == row.id))
    conn.execute(
        update(Item)
        .where(Item.id == row.id)
        .values(
            conversation_json=row.conversation_json,
            metadata_json=row.metadata_json,
            content_sha256=row.digest,
            response_count=len(row.responses),
        )
    )
    conn.exec_driver_sql(_INSERT_RESPONSE, list(row.responses))
    return []
