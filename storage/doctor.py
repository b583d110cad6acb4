"""A health report of a store: integrity, settings, counts and what still awaits sync."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from storage.migrate import current_revision, head_revision
from storage.store import Store

_COUNTED_TABLES = (
    "projects",
    "batches",
    "items",
    "responses",
    "guideline_packs",
    "judgments",
    "judgment_revisions",
    "imports",
    "sync_sessions",
)


@dataclass(frozen=True)
class PendingSync:
    """Judgments that exist only on this laptop, or need a person before they can sync."""

    queued: int
    rejected: int
    needs_attention: int
    acked: int
    oldest_queued_at: str | None


@dataclass(frozen=True)
class DoctorReport:
    path: str
    device_id: str
    schema_revision: str | None
    expected_revision: str
    journal_mode: str
    synchronous: str
    foreign_keys: bool
    integrity: list[str]
    foreign_key_problems: list[str]
    counts: dict[str, int]
    judgments_by_status: dict[str, int]
    drafts: int
    pending: PendingSync
    file_bytes: int
    wal_bytes: int
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["healthy"] = self.healthy
        return data


_SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def run_doctor(store: Store) -> DoctorReport:
    """Check the store without changing it; ``problems`` lists anything a person must fix."""
    with store.read() as conn:
        integrity = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        fk_problems = [str(tuple(r)) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        journal = str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())
        synchronous = int(conn.exec_driver_sql("PRAGMA synchronous").scalar() or 0)
        foreign_keys = bool(conn.exec_driver_sql("PRAGMA foreign_keys").scalar())
        counts = {
            table: int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
            for table in _COUNTED_TABLES
        }
        by_status = {
            r.status: int(r.n)
            for r in conn.execute(
                text("SELECT status, COUNT(*) AS n FROM judgments GROUP BY status")
            )
        }
        by_sync = {
            r.sync_state: int(r.n)
            for r in conn.execute(
                text("SELECT sync_state, COUNT(*) AS n FROM judgments GROUP BY sync_state")
            )
        }
        oldest = conn.execute(
            text("SELECT MIN(submitted_at) FROM judgments WHERE sync_state = 'queued'")
        ).scalar()
    pending = PendingSync(
        queued=by_sync.get("queued", 0),
        rejected=by_sync.get("rejected", 0),
        needs_attention=by_sync.get("needs_attention", 0),
        acked=by_sync.get("acked", 0),
        oldest_queued_at=oldest,
    )
    revision = current_revision(store.path, store.key)
    expected = head_revision()
    problems: list[str] = []
    if integrity != ["ok"]:
        problems.append("integrity check failed: " + "; ".join(integrity[:5]))
    if fk_problems:
        problems.append(f"{len(fk_problems)} broken references: " + "; ".join(fk_problems[:5]))
    if revision != expected:
        problems.append(f"schema revision {revision}, expected {expected}")
    if journal.lower() != "wal":
        problems.append(f"journal mode is {journal}, expected wal")
    if pending.rejected:
        problems.append(f"{pending.rejected} judgments were rejected by the server")
    if pending.needs_attention:
        problems.append(f"{pending.needs_attention} judgments need attention before syncing")
    wal = Path(f"{store.path}-wal")
    return DoctorReport(
        path=str(store.path),
        device_id=store.device_id(),
        schema_revision=revision,
        expected_revision=expected,
        journal_mode=journal,
        synchronous=_SYNCHRONOUS.get(synchronous, str(synchronous)),
        foreign_keys=foreign_keys,
        integrity=integrity,
        foreign_key_problems=fk_problems,
        counts=counts,
        judgments_by_status=by_status,
        drafts=by_status.get("draft", 0),
        pending=pending,
        file_bytes=store.path.stat().st_size,
        wal_bytes=wal.stat().st_size if wal.exists() else 0,
        problems=problems,
    )
