"""0004 (sync client tables) keeps a non-empty outbox byte for byte."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from storage.migrate import current_revision, head_revision, upgrade
from storage.outbox import outbox_page
from storage.store import DB_FILENAME
from tests.storage.test_migrations import _dump, _make_0001_store

OUTBOX_SQL = (
    "SELECT id, payload_sha256, sync_state, client_seq, answers_json, display_order_json, "
    "submitted_at FROM judgments ORDER BY id"
)


def test_store_with_a_non_empty_outbox_survives_migration_with_identical_payload_hashes(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"
    path = _make_0001_store(profile)
    upgrade(path, profile / "backups", target="0003")
    assert current_revision(path) == "0003"
    before = _dump(path, OUTBOX_SQL)
    queued = [row for row in before if row[2] == "queued"]
    assert len(queued) == 3

    with Store.open(profile) as store:
        assert store.migration.from_revision == "0003"
        assert store.migration.to_revision == head_revision() == "0004"
        entries = outbox_page(store, 0, 10)

    assert _dump(path, OUTBOX_SQL) == before
    assert [(e.judgment_id, e.payload_sha256, e.client_seq) for e in entries] == sorted(
        [(r[0], r[1], r[3]) for r in queued], key=lambda t: t[2]
    )
    assert _dump(profile / DB_FILENAME, "PRAGMA integrity_check") == [("ok",)]
