"""Feed pages: applied with the cursor in one transaction, re-appliable, never destructive."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import protocol
from guidelines import load_pack
from guidelines.templates import template_path
from storage import Store, import_source
from storage.catalog import list_items
from storage.feed_apply import apply_feed_page
from storage.sync_log import feed_cursor
from tests.storage.sync_seed import item_dict, seed, submit

HELPSTEER = load_pack(template_path("helpsteer2"))
TABLES = ("projects", "batches", "items", "responses", "guideline_packs", "assignments", "reviews")


def _assignment(seq: int, version: int, items: list[str], **kw: Any) -> protocol.FeedChange:
    body = {
        "assignment_id": "as-1",
        "project_id": "remote",
        "project_name": "Remote project",
        "batch_id": "rb-1",
        "batch_name": "Remote batch",
        "state": "assigned",
        "lease_expires_at": "2026-12-01T00:00:00Z",
        "items": [{"item": item_dict(i)} for i in items],
        **kw,
    }
    return protocol.FeedChange(
        server_seq=seq, type="assignment", id="as-1", version=version, op="upsert", body=body
    )


def _pack(seq: int, sha256: str | None = None) -> protocol.FeedChange:
    body = protocol.PackVersionBody(
        project_id="remote",
        pack_id=HELPSTEER.id,
        version=HELPSTEER.version,
        sha256=sha256 or HELPSTEER.sha256,
        canonical_b64=base64.b64encode(HELPSTEER.canonical_bytes()).decode(),
        signature_toml="",
        published_by="lead",
        published_at="2026-11-26T00:00:00Z",
    )
    return protocol.FeedChange(
        server_seq=seq,
        type="pack_version",
        id=f"{HELPSTEER.id}@{HELPSTEER.version}",
        version=1,
        op="upsert",
        body=body.model_dump(),
    )


def _review(seq: int, judgment_id: str, outcome: str) -> protocol.FeedChange:
    body = {"judgment_id": judgment_id, "outcome": outcome, "reviewed_at": "2026-11-26T01:00:00Z"}
    return protocol.FeedChange(
        server_seq=seq, type="review", id=f"rv-{seq}", version=1, op="upsert", body=body
    )


def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store.read() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2"))]
            for t in TABLES
        } | {"cursor": [(feed_cursor(store),)]}


def _page() -> list[protocol.FeedChange]:
    return [_assignment(3, 1, ["remote-0", "remote-1"]), _pack(5)]


def test_feed_page_applied_twice_gives_the_same_store(store: Store) -> None:
    first = apply_feed_page(store, _page(), 5)
    once = _dump(store)
    second = apply_feed_page(store, _page(), 5)
    assert _dump(store) == once
    assert (first.applied, first.skipped) == (2, 0)
    assert first.packs_added == [(HELPSTEER.id, HELPSTEER.version)]
    assert first.batches_changed == ["rb-1"]
    assert (second.applied, second.packs_added) == (0, [])
    assert [i.id for i in list_items(store, "rb-1")] == ["remote-0", "remote-1"]
    assert feed_cursor(store) == 5


def test_crash_between_page_apply_and_commit_reapplies_the_page(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _dump(store)

    def crash(*_args: object) -> None:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patched:
        patched.setattr("storage.feed_apply.set_value", crash)
        with pytest.raises(RuntimeError, match="power cut"):
            apply_feed_page(store, _page(), 5)
    assert _dump(store) == before  # nothing of the page stayed, the cursor included
    result = apply_feed_page(store, _page(), 5)
    assert result.packs_added == [(HELPSTEER.id, HELPSTEER.version)]
    with Store.open(tmp_path / "clean") as clean:
        apply_feed_page(clean, _page(), 5)
        assert _strip_times(_dump(store)) == _strip_times(_dump(clean))


def _strip_times(dump: dict[str, list[tuple[object, ...]]]) -> dict[str, object]:
    return {t: [tuple(v for v in r if not _is_time(v)) for r in rows] for t, rows in dump.items()}


def _is_time(value: object) -> bool:
    return isinstance(value, str) and value.startswith("20") and value.endswith("Z")


def test_assigned_items_are_stored_exactly_as_an_import_stores_them(
    store: Store, tmp_path: Path
) -> None:
    apply_feed_page(store, [_assignment(1, 1, ["remote-0"])], 1)
    with Store.open(tmp_path / "imported") as imported:
        seed(imported, tmp_path, items=0)
        path = tmp_path / "one.jsonl"
        path.write_text(
            '{"format":"prefdesk.taskpack","format_version":1}\n'
            + json.dumps(item_dict("remote-0"))
            + "\n"
        )
        import_source(imported, path)
        sql = "SELECT conversation_json, metadata_json, content_sha256, response_count FROM items"
        with store.read() as a, imported.read() as b:
            assert a.execute(text(sql)).all() == b.execute(text(sql)).all()
            responses = "SELECT * FROM responses ORDER BY item_id, position"
            assert a.execute(text(responses)).all() == b.execute(text(responses)).all()


def test_older_assignment_version_is_not_applied_and_remove_keeps_judged_items(
    store: Store, tmp_path: Path
) -> None:
    seed(store, tmp_path, items=0)
    apply_feed_page(store, [_assignment(1, 2, ["remote-0", "remote-1"])], 1)
    stale = apply_feed_page(store, [_assignment(2, 1, ["remote-0"], batch_name="Old name")], 2)
    assert stale.applied == 0
    submit(store, ["remote-0"])
    removal = protocol.FeedChange(
        server_seq=3, type="assignment", id="as-1", version=3, op="remove"
    )
    assert apply_feed_page(store, [removal], 3).batches_changed == ["rb-1"]
    with store.read() as conn:
        batch = conn.execute(text("SELECT name, state, server_version FROM batches")).all()
        items = conn.execute(text("SELECT id FROM items ORDER BY id")).scalars().all()
    assert [tuple(b) for b in batch if b[0] != "Batch"] == [("Remote batch", "released", 3)]
    assert items == ["remote-0", "remote-1"]


def test_pack_whose_bytes_do_not_match_its_hash_is_refused_and_the_cursor_moves(
    store: Store,
) -> None:
    result = apply_feed_page(store, [_pack(9, sha256="0" * 64)], 9)
    assert (result.applied, result.skipped, result.packs_added) == (0, 1, [])
    assert "do not match" in result.problems[0]
    assert feed_cursor(store) == 9
    assert apply_feed_page(store, [], 4).applied == 0
    assert feed_cursor(store) == 9  # an older page never moves the cursor back


def test_returned_review_shows_the_item_as_returned(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, items=2)
    a, b = submit(store, ["item-0", "item-1"])
    apply_feed_page(store, [_review(1, a.id, "returned"), _review(2, b.id, "accepted")], 2)
    statuses = {i.id: i.status for i in list_items(store, "batch")}
    assert statuses == {"item-0": "returned", "item-1": "submitted"}
    apply_feed_page(store, [_review(3, a.id, "fixed")], 3)
    assert list_items(store, "batch")[0].status == "submitted"


def test_an_imported_item_assigned_by_the_server_is_left_alone_whatever_its_batch_spelling(
    store: Store, tmp_path: Path
) -> None:
    seed(store, tmp_path, items=2)  # item-0 and item-1 imported with "batch": "batch"
    (judged,) = submit(store, ["item-0"])
    with store.read() as conn:
        before = conn.execute(text("SELECT * FROM items ORDER BY id")).all()
    result = apply_feed_page(store, [_assignment(1, 1, ["item-0", "item-1"])], 1)
    assert result.problems == []
    with store.read() as conn:
        assert conn.execute(text("SELECT * FROM items ORDER BY id")).all() == before
    assert judged.item_id == "item-0"
