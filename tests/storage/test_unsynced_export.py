"""The last-resort export: exactly the judgments the server has not acknowledged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import protocol
from storage import JudgmentRepository, Store
from storage.outbox import apply_push_results
from storage.unsynced import export_unsynced
from tests.storage.sync_seed import ARENA, seed, submit, validate


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    seed(store, tmp_path)
    return store


def _accept(store: Store, seq: int, judgment_id: str) -> None:
    result = protocol.PushResult.model_validate(
        {"client_seq": seq, "judgment_id": judgment_id, "status": "accepted", "server_seq": seq}
    )
    apply_push_results(store, "session", [result])


def test_the_file_holds_the_queued_judgments_and_drafts_and_nothing_the_server_acked(
    seeded: Store, tmp_path: Path
) -> None:
    synced, queued = submit(seeded, ["item-0", "item-1"])
    skipped = submit(seeded, ["item-2"], skip=True)[0]
    _accept(seeded, 1, synced.id)
    draft = JudgmentRepository(seeded, validate).start_draft(
        "item-3", ARENA.id, ARENA.version, ["r1", "r2"]
    )
    out = tmp_path / "rescue" / "unsynced.jsonl"

    report = export_unsynced(seeded, out)

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["payload"]["id"] for line in lines] == [queued.id, skipped.id, draft.id]
    assert synced.id not in out.read_text(encoding="utf-8")
    assert (report.judgments, report.drafts) == (3, 1)
    for line in lines[:2]:
        # The shape sync pushes, and the hash the server will check.
        item = protocol.PushItem.model_validate(
            {k: line[k] for k in ("client_seq", "payload", "payload_sha256")}
        )
        assert protocol.payload_sha256(item.payload.model_dump()) == line["payload_sha256"]
    assert lines[2]["payload_sha256"] is None
    assert lines[2]["payload"]["status"] == "draft"
    assert not list(out.parent.glob("*.partial"))


def test_the_export_holds_no_token(seeded: Store, tmp_path: Path) -> None:
    submit(seeded, ["item-0"])
    out = tmp_path / "unsynced.jsonl"
    export_unsynced(seeded, out)
    assert "pdt_" not in out.read_text(encoding="utf-8")
    assert "token" not in out.read_text(encoding="utf-8").lower()


def test_a_store_with_everything_synced_exports_an_empty_file(
    seeded: Store, tmp_path: Path
) -> None:
    [only] = submit(seeded, ["item-0"])
    _accept(seeded, 1, only.id)
    out = tmp_path / "unsynced.jsonl"
    assert export_unsynced(seeded, out).judgments == 0
    assert out.read_text(encoding="utf-8") == ""
