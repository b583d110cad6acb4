"""Importing task packs into a project: the same readers as the desktop app's store.

Contract (as for the local store): the whole import is one transaction, so a bad row leaves
the database as it was; re-importing the same content is a no-op; an id already stored
with different content is refused, naming the id and the line; an id used twice in one
file is refused naming both lines, unless the reader derived the id from identical content
(a repeated source row), which is counted and skipped.

Items are stored as the task pack's native item dict without its ``batch`` key: on the
server, batches are cut by ``batch make``, not taken from the pack. A gold-answers file
(JSONL, one ``{"id": ITEM, "answers": {...}}`` a line) marks those items as gold and keeps
their answers in ``gold_answers``, which never leave the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.admin.errors import AdminError
from server.admin.projects import require_project
from server.db import utc_now
from server.models import Batch, BatchItem, GoldAnswer, Item
from taskpack import ItemRecord, TaskPackError, canonical_json, content_sha256, open_source
from taskpack.native import item_to_dict

CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    source: str
    format: str
    project_id: str
    rows: int
    added: int
    unchanged: int
    repeated_rows: int
    gold: int


def _chunks(records: Iterable[ItemRecord]) -> Iterator[list[ItemRecord]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def import_file(
    session: Session,
    project_id: str,
    path: Path,
    *,
    format: str | None = None,
    gold_answers: Path | None = None,
) -> ImportResult:
    """Import ``path`` into ``project_id`` inside ``session``'s transaction, or raise
    ``AdminError`` naming the file, line and field (the caller then rolls back)."""
    require_project(session, project_id)
    try:
        with open_source(path, format=format) as source:
            claimed = source.header.project_id
            if claimed is not None and claimed != project_id:
                raise AdminError(
                    f"{path.name}, line 1, field 'project.id': the pack belongs to project "
                    f"{claimed!r}, not {project_id!r}"
                )
            writer = _Writer(session, project_id, path)
            for chunk in _chunks(source):
                writer.write(chunk)
            source_format = source.format
    except TaskPackError as exc:
        raise AdminError(str(exc)) from None
    except OSError as exc:
        raise AdminError(f"{path}: cannot read the file: {exc}") from None
    gold = 0 if gold_answers is None else mark_gold(session, project_id, gold_answers)
    return ImportResult(
        source=str(path),
        format=source_format,
        project_id=project_id,
        rows=writer.rows,
        added=writer.added,
        unchanged=writer.unchanged,
        repeated_rows=writer.repeated,
        gold=gold,
    )


class _Writer:
    """Adds one chunk at a time, asking the database which ids it already holds."""

    def __init__(self, session: Session, project_id: str, path: Path) -> None:
        self.session = session
        self.project_id = project_id
        self.path = path
        self.now = utc_now()
        #: id -> (content hash, line) of every item met in this file so far.
        self.seen: dict[str, tuple[str, int]] = {}
        self.rows = self.added = self.unchanged = self.repeated = 0

    def write(self, chunk: list[ItemRecord]) -> None:
        self.rows += len(chunk)
        stored = dict(
            self.session.execute(
                select(Item.id, Item.content_sha256).where(
                    Item.project_id == self.project_id, Item.id.in_([r.id for r in chunk])
                )
            ).all()
        )
        rows: list[dict[str, Any]] = []
        for record in chunk:
            as_dict = item_to_dict(record)
            as_dict.pop("batch", None)  # server batches come from ``batch make``
            digest = content_sha256(record, as_dict)
            where = f"{self.path.name}, line {record.source_line}, field 'id'"
            earlier = self.seen.get(record.id)
            if earlier is not None:
                if record.id_is_derived and earlier[0] == digest:
                    self.repeated += 1
                    continue
                raise AdminError(
                    f"{where}: duplicate id {record.id!r} (first used at line {earlier[1]})"
                )
            self.seen[record.id] = (digest, record.source_line)
            if record.id in stored:
                if stored[record.id] != digest:
                    raise AdminError(
                        f"{where}: item {record.id!r} is already in project "
                        f"{self.project_id!r} with different content; give the changed item "
                        "a new id"
                    )
                self.unchanged += 1
                continue
            rows.append(
                {
                    "project_id": self.project_id,
                    "id": record.id,
                    "item_json": canonical_json(as_dict),
                    "content_sha256": digest,
                    "response_ids_json": json.dumps([r.id for r in record.responses]),
                    "is_gold": False,
                    "source_name": self.path.name,
                    "imported_at": self.now,
                }
            )
        if rows:
            self.session.execute(insert(Item), rows)
            self.added += len(rows)


def _gold_lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """``(line, item id, canonical answers JSON)`` of a gold-answers JSONL file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AdminError(f"{path.name}: cannot read the gold-answers file: {exc}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}, line {number}"
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise AdminError(f"{where}: not valid JSON ({exc})") from None
        if not isinstance(value, dict) or set(value) != {"id", "answers"}:
            raise AdminError(f'{where}: expected {{"id": ITEM_ID, "answers": {{...}}}}')
        if not isinstance(value["id"], str) or not value["id"]:
            raise AdminError(f"{where}, field 'id': must be a non-empty string")
        if not isinstance(value["answers"], dict) or not value["answers"]:
            raise AdminError(f"{where}, field 'answers': must be a non-empty object")
        yield number, value["id"], canonical_json(value["answers"])


def mark_gold(session: Session, project_id: str, path: Path) -> int:
    """Mark the items a gold-answers file names as gold; returns how many it names."""
    in_batches = {
        item_id
        for (item_id,) in session.execute(
            select(BatchItem.item_id)
            .join(Batch, Batch.id == BatchItem.batch_id)
            .where(Batch.project_id == project_id)
        )
    }
    count = 0
    for number, item_id, answers in _gold_lines(path):
        where = f"{path.name}, line {number}, field 'id'"
        item = session.get(Item, (project_id, item_id))
        if item is None:
            raise AdminError(f"{where}: no item {item_id!r} in project {project_id!r}")
        if not item.is_gold and item_id in in_batches:
            raise AdminError(
                f"{where}: item {item_id!r} is already in a batch as a regular item; "
                "gold items must be marked before batches are cut"
            )
        existing = session.get(GoldAnswer, (project_id, item_id))
        if existing is None:
            session.add(GoldAnswer(project_id=project_id, item_id=item_id, answers_json=answers))
        elif existing.answers_json != answers:
            raise AdminError(
                f"{where}: item {item_id!r} already has different gold answers; "
                "gold answers are not changed by a re-import"
            )
        item.is_gold = True
        count += 1
    session.flush()
    return count
