"""Export the store's items as a Prefdesk task pack, streaming.

Export is the inverse of import: importing a Prefdesk pack and exporting it again gives
the same file, byte for byte, and a foreign import exported and re-imported into an empty
store gives the same items.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from storage.errors import NotFoundError
from storage.models import Batch, Item, Project, ResponseRow
from storage.store import Store
from taskpack import BatchInfo, ItemRecord, Location, PackHeader, item_from_dict, write_taskpack

CHUNK = 500


@dataclass(frozen=True)
class ExportReport:
    path: Path
    project_id: str
    items: int
    batches: int


def export_pack(store: Store, out: Path, project_id: str | None = None) -> ExportReport:
    """Write one project's batches and items to ``out`` (.jsonl, .jsonl.gz or .parquet)."""
    with store.read() as conn:
        project = _choose_project(conn, project_id)
        batches = conn.execute(
            select(Batch.id, Batch.name)
            .where(Batch.project_id == project.id)
            .order_by(Batch.position)
        ).all()
        header = PackHeader(
            project_id=project.id,
            project_name=project.name,
            batches=tuple(BatchInfo(b.id, b.name) for b in batches),
        )
        counter = _Counter()
        write_taskpack(out, header, counter.wrap(_records(conn, [b.id for b in batches])))
    return ExportReport(out, project.id, counter.count, len(batches))


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def wrap(self, records: Iterator[ItemRecord]) -> Iterator[ItemRecord]:
        for record in records:
            self.count += 1
            yield record


def _choose_project(conn: Connection, project_id: str | None) -> Any:
    projects = conn.execute(select(Project.id, Project.name).order_by(Project.id)).all()
    if project_id is not None:
        for row in projects:
            if row.id == project_id:
                return row
        raise NotFoundError(f"project '{project_id}' is not in the store")
    if len(projects) == 1:
        return projects[0]
    if not projects:
        raise NotFoundError("the store holds no project yet: import a task pack first")
    names = ", ".join(p.id for p in projects)
    raise NotFoundError(f"the store holds several projects ({names}); choose one with --project")


def _records(conn: Connection, batch_ids: list[str]) -> Iterator[ItemRecord]:
    for batch_id in batch_ids:
        rows = conn.execute(
            select(Item.id, Item.conversation_json, Item.metadata_json, Item.source_line)
            .where(Item.batch_id == batch_id)
            .order_by(Item.position)
        )
        while chunk := list(islice(rows, CHUNK)):
            responses = _responses(conn, [r.id for r in chunk])
            for row in chunk:
                data: dict[str, Any] = {
                    "id": row.id,
                    "batch": batch_id,
                    "conversation": json.loads(row.conversation_json),
                    "responses": responses[row.id],
                }
                metadata = json.loads(row.metadata_json)
                if metadata:
                    data["metadata"] = metadata
                yield item_from_dict(data, Location("store", field=f"item {row.id}"))


def _responses(conn: Connection, item_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = conn.execute(
        select(ResponseRow)
        .where(ResponseRow.item_id.in_(item_ids))
        .order_by(ResponseRow.item_id, ResponseRow.position)
    )
    for r in rows:
        response: dict[str, Any] = {"id": r.id, "content": r.content}
        if r.model:
            response["model"] = r.model
        suggestions = json.loads(r.suggestions_json)
        if suggestions:
            response["suggestions"] = suggestions
        found[r.item_id].append(response)
    return found
