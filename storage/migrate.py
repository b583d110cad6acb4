"""Bring a store file to the schema this build expects, without ever risking its data.

Before an upgrade the old file is snapshotted with ``VACUUM INTO`` (a consistent copy even
with a live WAL, unlike a file copy); the upgrade then runs in one ``BEGIN IMMEDIATE``
transaction with foreign keys off, is checked with ``PRAGMA foreign_key_check`` and only
then committed. A file from a newer build is refused rather than touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from storage.cipher import open_raw
from storage.engine import create_maintenance_engine
from storage.errors import MigrationError, StoreTooNewError
from storage.ids import utc_now

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SNAPSHOTS_KEPT = 3


@dataclass(frozen=True)
class MigrationReport:
    from_revision: str | None
    to_revision: str
    snapshot: Path | None


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> list[str]:
    """Revisions this build knows, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(path: Path, key: bytes | None = None) -> str | None:
    """The file's Alembic revision, or None for a new or empty file (``key``: encrypted)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = open_raw(path, key)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


def snapshot(path: Path, backup_dir: Path, label: str, key: bytes | None = None) -> Path:
    """Copy the live database consistently into ``backup_dir`` and prune old snapshots.

    The copy of an encrypted store is encrypted with the same key (SQLCipher's
    ``VACUUM INTO`` keeps the source's key), so no plaintext copy is left behind."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().replace(":", "").replace("-", "").replace(".", "")
    target = backup_dir / f"{path.stem}-{label}-{stamp}.sqlite"
    conn = open_raw(path, key, isolation_level=None)
    try:
        conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()
    old = sorted(backup_dir.glob(f"{path.stem}-*.sqlite"))
    for stale in old[:-SNAPSHOTS_KEPT]:
        stale.unlink()
    return target


def upgrade(
    path: Path, backup_dir: Path, target: str = "head", key: bytes | None = None
) -> MigrationReport:
    """Upgrade ``path`` to ``target`` (default: this build's head), snapshotting first."""
    revisions = known_revisions()
    before = current_revision(path, key)
    if before is not None and before not in revisions:
        raise StoreTooNewError(
            f"{path} was written by a newer Prefdesk (schema revision {before}); this build "
            f"knows revisions up to {revisions[-1]}. Update Prefdesk to open it."
        )
    goal = revisions[-1] if target == "head" else target
    if before == goal:
        return MigrationReport(before, goal, None)
    taken = snapshot(path, backup_dir, f"before-{before}", key) if before is not None else None
    engine = create_maintenance_engine(path, foreign_keys=False, key=key)
    try:
        with engine.begin() as conn:
            _run_alembic(conn, goal)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise MigrationError(
                    f"upgrade of {path} to {goal} would break references: {problems[:5]}; "
                    "nothing was changed"
                )
            conn.execute(text(f"PRAGMA user_version = {int(goal)}"))
    except (MigrationError, StoreTooNewError):
        raise
    except Exception as exc:
        raise MigrationError(
            f"upgrade of {path} from {before} to {goal} failed ({exc}); nothing was changed"
            + (f", and a snapshot is at {taken}" if taken else "")
        ) from exc
    finally:
        engine.dispose()
    return MigrationReport(before, goal, taken)


def _run_alembic(conn: Connection, goal: str) -> None:
    cfg = _config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, goal)
