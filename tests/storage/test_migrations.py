"""Upgrades keep every judgment byte for byte, refuse newer files, and roll back whole."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage import MigrationError, Store, StoreTooNewError
from storage.engine import create_maintenance_engine
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Base
from storage.store import DB_FILENAME

JUDGMENT_COLUMNS_0001 = (
    "id, item_id, pack_id, pack_version, pack_sha256, answers_json, status, skip_reason, "
    "display_order_json, active_ms, supersedes_id, payload_sha256, created_at, updated_at, "
    "submitted_at"
)


def _make_0001_store(profile: Path) -> Path:
    profile.mkdir(parents=True)
    path = profile / DB_FILENAME
    upgrade(path, profile / "backups", target="0001")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO projects VALUES ('p', 'Project', '2026-01-01T00:00:00.000Z')")
        conn.execute(
            "INSERT INTO batches VALUES ('b', 'p', 'Batch', 0, 'assigned', NULL, NULL, "
            "'2026-01-01T00:00:00.000Z')"
        )
        conn.execute(
            "INSERT INTO guideline_packs VALUES ('pack', '1.0.0', 'aa', 'Pack', x'00ff', "
            "'2026-01-01T00:00:00.000Z', NULL)"
        )
        for n in range(6):
            conn.execute(
                "INSERT INTO items VALUES (?, 'b', ?, ?, '{}', ?, 2, NULL, ?, "
                "'2026-01-01T00:00:00.000Z')",
                (f"i{n}", n, f'[{{"role":"user","content":"q{n} 你好"}}]', f"h{n}", n + 2),
            )
            for r in ("r1", "r2"):
                conn.execute(
                    "INSERT INTO responses VALUES (?, ?, ?, ?, 'm', '{}')",
                    (f"i{n}", r, int(r[1]) - 1, f"answer {r} to q{n} — ünïcode ✓"),
                )
        # Three submitted-but-unsynced (one a skip), two drafts, one draft amending i0.
        rows = [
            ("j-sub-2", "i2", "submitted", None, "2026-01-02T00:00:03.000Z"),
            ("j-sub-0", "i0", "submitted", None, "2026-01-02T00:00:01.000Z"),
            ("j-skip-1", "i1", "skipped", "not my language", "2026-01-02T00:00:02.000Z"),
            ("j-draft-3", "i3", "draft", None, None),
            ("j-draft-4", "i4", "draft", None, None),
        ]
        for jid, item, status, reason, submitted in rows:
            answers = f'{{"overall":{{"r1":5,"r2":3}},"rationale":"{jid} 理由\\n"}}'
            conn.execute(
                f"INSERT INTO judgments ({JUDGMENT_COLUMNS_0001}) VALUES "
                "(?, ?, 'pack', '1.0.0', 'aa', ?, ?, ?, '[\"r2\",\"r1\"]', 4321, NULL, ?, "
                "'2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.500Z', ?)",
                (
                    jid,
                    item,
                    answers,
                    status,
                    reason,
                    None if status == "draft" else hashlib.sha256(jid.encode()).hexdigest(),
                    submitted,
                ),
            )
            conn.execute(
                "INSERT INTO judgment_revisions (judgment_id, revision, kind, status, "
                "answers_json, skip_reason, active_ms, saved_at) VALUES (?, 1, 'draft_saved', "
                "'draft', ?, NULL, 1000, '2026-01-02T00:00:00.200Z')",
                (jid, answers),
            )
        conn.execute(
            f"INSERT INTO judgments ({JUDGMENT_COLUMNS_0001}) VALUES ('j-amend-0', 'i0', "
            "'pack', '1.0.0', 'aa', '{}', 'draft', NULL, '[\"r1\",\"r2\"]', 0, 'j-sub-0', NULL, "
            "'2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z', NULL)"
        )
    conn.close()
    return path


def _dump(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(row) for row in conn.execute(sql)]
    finally:
        conn.close()


def test_upgrade_keeps_drafts_and_unsynced_submissions_byte_for_byte(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    path = _make_0001_store(profile)
    judgments_sql = f"SELECT {JUDGMENT_COLUMNS_0001} FROM judgments ORDER BY id"
    revisions_sql = "SELECT * FROM judgment_revisions ORDER BY id"
    content_sql = "SELECT * FROM items ORDER BY id"
    responses_sql = "SELECT * FROM responses ORDER BY item_id, id"
    before = [_dump(path, q) for q in (judgments_sql, revisions_sql, content_sql, responses_sql)]

    with Store.open(profile) as store:
        assert store.migration.from_revision == "0001"
        assert store.migration.to_revision == head_revision()
        snapshot = store.migration.snapshot

    after = [_dump(path, q) for q in (judgments_sql, revisions_sql, content_sql, responses_sql)]
    assert after == before
    outbox = _dump(path, "SELECT id, sync_state, client_seq FROM judgments ORDER BY client_seq, id")
    # Submitted and skipped ones queue in submission order; drafts stay local.
    assert outbox == [
        ("j-amend-0", "local", None),
        ("j-draft-3", "local", None),
        ("j-draft-4", "local", None),
        ("j-sub-0", "queued", 1),
        ("j-skip-1", "queued", 2),
        ("j-sub-2", "queued", 3),
    ]
    assert _dump(path, "SELECT value FROM sync_state WHERE key='next_client_seq'") == [("4",)]
    assert snapshot is not None
    assert snapshot.exists()
    assert current_revision(snapshot) == "0001"
    assert _dump(snapshot, judgments_sql) == before[0]
    assert _dump(path, "PRAGMA integrity_check") == [("ok",)]


def test_upgraded_store_still_refuses_to_change_a_submitted_judgment(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    path = _make_0001_store(profile)
    Store.open(profile).close()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        conn.execute("UPDATE judgments SET answers_json = '{}' WHERE id = 'j-sub-0'")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        conn.execute("DELETE FROM judgments WHERE id = 'j-skip-1'")
    conn.execute("UPDATE judgments SET sync_state = 'acked', server_seq = 7 WHERE id = 'j-sub-0'")
    conn.close()


def test_store_written_by_a_newer_build_is_refused_and_left_untouched(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    Store.open(profile).close()
    path = profile / DB_FILENAME
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNewError, match=r"newer Prefdesk .*0999"):
        Store.open(profile)
    assert path.read_bytes() == before


def test_upgrade_that_would_break_references_rolls_back_whole(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    path = _make_0001_store(profile)
    conn = sqlite3.connect(path)
    with conn:  # an old file damaged by hand: a judgment of an item that is gone
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(
            f"INSERT INTO judgments ({JUDGMENT_COLUMNS_0001}) VALUES ('orphan', 'no-such-item', "
            "'pack', '1.0.0', 'aa', '{}', 'draft', NULL, '[]', 0, NULL, NULL, 't', 't', NULL)"
        )
    conn.close()
    with pytest.raises(MigrationError, match="nothing was changed"):
        Store.open(profile)
    assert current_revision(path) == "0001"
    assert _dump(path, "SELECT name FROM sqlite_master WHERE name = 'sync_state'") == []


def test_models_describe_exactly_the_schema_the_migrations_build(tmp_path: Path) -> None:
    Store.open(tmp_path / "profile").close()
    engine = create_maintenance_engine(tmp_path / "profile" / DB_FILENAME)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diffs == []


def test_fresh_store_runs_with_wal_full_sync_foreign_keys_and_busy_timeout(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "profile") as store, store.read() as conn:
        pragmas = [
            conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        ]
    assert pragmas == ["wal", 2, 1, 10_000]
