"""Import task packs into the store: all or nothing, idempotent, streaming.

The whole import is one writer transaction: any bad row raises and rolls everything back,
so a failed import leaves the store exactly as it was. Items are written in chunks as they
are read, so memory stays flat however large the file. Whether an id was seen before is
asked of the database (per chunk), not of an in-memory set:

- same id already stored by an earlier import, same content → unchanged (idempotent);
- same id already stored, different content → conflict, naming both places;
- same id twice in this file → error naming both lines, unless the reader derived the id
  from identical content (a repeated source row), which is counted and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, func, insert, select, update

from storage.ids import utc_now
from storage.models import Batch, ImportRun, Item, Project
from storage.store import Store
from taskpack import (
    BatchInfo,
    ItemRecord,
    Location,
    PackHeader,
    TaskPackError,
    canonical_json,
    open_source,
    sha256_of_parts,
)
from taskpack.native import record_parts

CHUNK = 500
DEFAULT_PROJECT = "local"
_INSERT_ITEM = (
    "INSERT INTO items (id, batch_id, position, conversation_json, metadata_json, "
    "content_sha256, response_count, import_id, source_line, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_SEEN = "INSERT INTO temp.import_seen (id, line) VALUES (?, ?)"
_INSERT_RESPONSE = (
    "INSERT INTO responses (item_id, id, position, content, model, suggestions_json) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class ImportProgress:
    """Reported after each chunk; ``total_bytes`` is the source's size on disk."""

    bytes_read: int
    total_bytes: int
    rows: int


@dataclass(frozen=True)
class ImportReport:
    """What one import did. ``rows`` counts items read from the source."""

    source: str
    format: str
    project_id: str
    rows: int
    added: int
    unchanged: int
    repeated_rows: int
    batches: tuple[str, ...]


ProgressCallback = Callable[[ImportProgress], None]


def batch_id_from_filename(path: Path) -> str:
    """A stable batch id for foreign files, which name no batch: the file's stem, slugged."""
    name = path.name
    for suffix in (".gz", ".jsonl", ".json", ".parquet"):
        name = name.removesuffix(suffix)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "imported"


def import_source(
    store: Store,
    path: Path,
    *,
    format: str | None = None,
    project_id: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import one task-pack file, or raise ``TaskPackError`` naming the place and change nothing."""
    default_batch = batch_id_from_filename(path)
    started = utc_now()
    with (
        open_source(path, format=format, default_batch=default_batch) as source,
        store.write() as conn,
    ):
        project = _ensure_project(conn, source.header, project_id, path)
        batches, next_batch_position = _ensure_batches(
            conn, source.header, project, default_batch, path
        )
        run_id: int = conn.execute(
            insert(ImportRun)
            .returning(ImportRun.id)
            .values(
                source_name=path.name,
                source_format=source.format,
                source_bytes=source.total_bytes,
                items_added=0,
                items_unchanged=0,
                rows_repeated=0,
                started_at=started,
                finished_at=started,
            )
        ).scalar_one()
        writer = _ChunkWriter(conn, run_id, path, project, batches, next_batch_position)
        for chunk in _chunks(map(_encode, source), CHUNK):
            writer.write(chunk)
            if progress is not None:
                progress(ImportProgress(source.bytes_read, source.total_bytes, writer.rows))
        if writer.added:
            conn.execute(
                update(ImportRun)
                .where(ImportRun.id == run_id)
                .values(
                    items_added=writer.added,
                    items_unchanged=writer.unchanged,
                    rows_repeated=writer.repeated,
                    finished_at=utc_now(),
                )
            )
        else:  # a repeated import leaves the store exactly as it was, its log included
            conn.execute(delete(ImportRun).where(ImportRun.id == run_id))
        return ImportReport(
            source=str(path),
            format=source.format,
            project_id=project,
            rows=writer.rows,
            added=writer.added,
            unchanged=writer.unchanged,
            repeated_rows=writer.repeated,
            batches=tuple(sorted(writer.batches_touched)),
        )


class _Row(NamedTuple):
    """A record as the store keeps it, encoded and hashed as soon as it is read.

    Chunks hold these instead of records, and each record is dropped once encoded. Records
    kept for a whole chunk outlived the garbage collector's young generations and set off
    full collections; these tuples of text and numbers are soon not tracked at all.
    """

    id: str
    line: int
    id_is_derived: bool
    batch: str | None
    digest: str
    conversation_json: str
    metadata_json: str
    #: Ready for ``_INSERT_RESPONSE``.
    responses: tuple[tuple[str, str, int, str, str, str], ...]


def _encode(record: ItemRecord) -> _Row:
    # Each top-level value is encoded once, for both the content hash and the row.
    parts = record_parts(record)
    return _Row(
        record.id,
        record.source_line,
        record.id_is_derived,
        record.batch,
        sha256_of_parts(parts),
        parts["conversation"],
        parts.get("metadata", "{}"),
        tuple(
            [
                (
                    record.id,
                    response.id,
                    index,
                    response.content,
                    response.model,
                    canonical_json(response.suggestions) if response.suggestions else "{}",
                )
                for index, response in enumerate(record.responses)
            ]
        ),
    )


def _chunks(rows: Iterable[_Row], size: int) -> Iterator[list[_Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _ensure_project(conn: Connection, header: PackHeader, requested: str | None, path: Path) -> str:
    if requested and header.project_id and requested != header.project_id:
        raise TaskPackError(
            Location(path.name, line=1, field="project.id"),
            f"the pack belongs to project '{header.project_id}', not '{requested}'",
        )
    project = requested or header.project_id or DEFAULT_PROJECT
    exists = conn.execute(select(Project.id).where(Project.id == project)).first()
    if exists is None:
        conn.execute(
            insert(Project).values(
                id=project, name=header.project_name or project, created_at=utc_now()
            )
        )
    return project


def _ensure_batches(
    conn: Connection, header: PackHeader, project: str, default_batch: str, path: Path
) -> tuple[dict[str, str], int]:
    """Create the header's batches (or the file's default batch) that the store lacks.

    Returns batch names by id, in pack order, and the next free batch position.
    """
    wanted = list(header.batches) or [BatchInfo(default_batch, default_batch)]
    next_position: int = (
        conn.execute(
            select(func.coalesce(func.max(Batch.position), -1)).where(Batch.project_id == project)
        ).scalar_one()
        + 1
    )
    now = utc_now()
    for info in wanted:
        row = conn.execute(select(Batch.project_id).where(Batch.id == info.id)).first()
        if row is None:
            conn.execute(
                insert(Batch).values(
                    id=info.id,
                    project_id=project,
                    name=info.name,
                    position=next_position,
                    state="assigned",
                    created_at=now,
                )
            )
            next_position += 1
        elif row.project_id != project:
            raise TaskPackError(
                Location(path.name, line=1, field="batches"),
                f"batch '{info.id}' already belongs to project '{row.project_id}'",
            )
    return {info.id: info.name for info in wanted}, next_position


class _ChunkWriter:
    """Writes chunks of records inside the import's transaction and keeps the counts."""

    def __init__(
        self,
        conn: Connection,
        run_id: int,
        path: Path,
        project: str,
        batches: dict[str, str],
        next_batch_position: int,
    ) -> None:
        self.conn = conn
        self.run_id = run_id
        self.path = path
        self.project = project
        self.default_batch = next(iter(batches))
        self.batch_names = batches
        self.next_batch_position = next_batch_position
        self.item_positions: dict[str, int] = {}
        self.batches_touched: set[str] = set()
        self.rows = self.added = self.unchanged = self.repeated = 0
        self.now = utc_now()
        # Ids of unchanged items already met in this file live in a temp table, not in
        # memory, so a re-import of a huge pack stays flat; it vanishes with the connection.
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS import_seen (id TEXT PRIMARY KEY, line INTEGER)"
        )
        conn.exec_driver_sql("DELETE FROM temp.import_seen")

    def write(self, chunk: list[_Row]) -> None:
        self.rows += len(chunk)
        stored = self._stored([row.id for row in chunk])
        unchanged_here: list[tuple[str, int]] = []
        items: list[tuple[Any, ...]] = []
        responses: list[tuple[Any, ...]] = []
        for row in chunk:
            earlier = stored.get(row.id)
            if earlier is not None:
                if self._classify_known(row, earlier):
                    stored[row.id] = (self.run_id, row.digest, row.line)
                    unchanged_here.append((row.id, row.line))
                continue
            # Met again later in this chunk, the id is then known as this run's.
            stored[row.id] = (self.run_id, row.digest, row.line)
            batch_id = row.batch or self.default_batch
            position = self.item_positions.get(batch_id)
            if position is None:
                position = self._first_position(batch_id)
            self.item_positions[batch_id] = position + 1
            items.append(
                (
                    row.id,
                    batch_id,
                    position,
                    row.conversation_json,
                    row.metadata_json,
                    row.digest,
                    len(row.responses),
                    self.run_id,
                    row.line,
                    self.now,
                )
            )
            responses.extend(row.responses)
        if unchanged_here:
            self.conn.exec_driver_sql(_INSERT_SEEN, unchanged_here)
        if items:
            # Driver-level executemany: at 100k rows SQLAlchemy's per-row parameter
            # processing costs more than SQLite's insert itself.
            self.conn.exec_driver_sql(_INSERT_ITEM, items)
            self.conn.exec_driver_sql(_INSERT_RESPONSE, responses)
            self.added += len(items)

    def _classify_known(self, row: _Row, earlier: tuple[int, str, int]) -> bool:
        """Count or refuse a row whose id is known; True when it is an unchanged item."""
        run, earlier_digest, earlier_line = earlier
        where = Location(self.path.name, line=row.line, field="id")
        if run == self.run_id:
            if row.id_is_derived and row.digest == earlier_digest:
                self.repeated += 1
                return False
            raise TaskPackError(
                where, f"duplicate id '{row.id}' (first used at line {earlier_line})"
            )
        if row.digest == earlier_digest:
            self.unchanged += 1
            return True
        raise TaskPackError(
            where,
            f"id '{row.id}' is already in the store with different content "
            f"(import #{run}, line {earlier_line}); give the changed item a new id",
        )

    def _stored(self, ids: list[str]) -> dict[str, tuple[int, str, int]]:
        """``(import run, content hash, source line)`` of those ``ids`` already stored.

        One query per chunk. Unchanged items met earlier in this file count as this run's
        (at the line they were met), so a second occurrence is a duplicate rather than
        another "unchanged".
        """
        placeholders = ", ".join("?" * len(ids))
        rows = self.conn.exec_driver_sql(
            "SELECT i.id, i.import_id, i.content_sha256, i.source_line, s.line "
            "FROM items AS i LEFT JOIN temp.import_seen AS s ON s.id = i.id "
            f"WHERE i.id IN ({placeholders})",
            tuple(ids),
        )
        return {
            item_id: (self.run_id, digest, seen_line)
            if seen_line is not None
            else (run or 0, digest, line)
            for item_id, run, digest, line, seen_line in rows
        }

    def _first_position(self, batch_id: str) -> int:
        """The next free item position in a batch this import has not written to yet."""
        self._create_batch_if_missing(batch_id)
        self.batches_touched.add(batch_id)
        position: int = (
            self.conn.execute(
                select(func.coalesce(func.max(Item.position), -1)).where(Item.batch_id == batch_id)
            ).scalar_one()
            + 1
        )
        return position

    def _create_batch_if_missing(self, batch_id: str) -> None:
        # Only a pack whose header lists no batches can name new ones on its items.
        if self.conn.execute(select(Batch.id).where(Batch.id == batch_id)).first() is not None:
            return
        self.conn.execute(
            insert(Batch).values(
                id=batch_id,
                project_id=self.project,
                name=self.batch_names.get(batch_id, batch_id),
                position=self.next_batch_position,
                state="assigned",
                created_at=self.now,
            )
        )
        self.next_batch_position += 1
