"""The outbox: what is sent is what was hashed, answers apply once, nothing is ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

import protocol
from storage import Store
from storage.catalog import list_items
from storage.judgments import payload_sha256
from storage.outbox import (
    apply_push_results,
    local_summary,
    next_client_seq,
    outbox_page,
    pending_count,
)
from storage.outbox_repair import requeue, reregister_device
from tests.storage.sync_seed import seed, submit


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    seed(store, tmp_path)
    return store


def _rows(store: Store) -> list[tuple[object, ...]]:
    with store.read() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT id, sync_state, client_seq, server_seq, reject_code, payload_sha256 "
                    "FROM judgments ORDER BY id"
                )
            )
        ]


def _result(seq: int, jid: str, status: protocol.PushStatus, **kw: object) -> protocol.PushResult:
    return protocol.PushResult.model_validate(
        {"client_seq": seq, "judgment_id": jid, "status": status, **kw}
    )


def test_payload_hash_equals_protocol_hash(seeded: Store) -> None:
    judged = submit(seeded, ["item-0", "item-1"]) + submit(seeded, ["item-2"], skip=True)
    entries = outbox_page(seeded, 0, 10)
    assert [e.judgment_id for e in entries] == [j.id for j in judged]
    for entry, state in zip(entries, judged, strict=True):
        wire = protocol.JudgmentPayload.model_validate(entry.payload).model_dump()
        assert wire == entry.payload
        assert protocol.payload_sha256(wire) == entry.payload_sha256 == payload_sha256(state)
        assert entry.payload_sha256 == state.payload_sha256
        protocol.PushItem.model_validate(
            {
                "client_seq": entry.client_seq,
                "payload": wire,
                "payload_sha256": entry.payload_sha256,
            }
        )


def test_outbox_pages_queued_judgments_in_ascending_seq_after_the_cursor(seeded: Store) -> None:
    submit(seeded, [f"item-{n}" for n in range(5)])
    assert [e.client_seq for e in outbox_page(seeded, 0, 2)] == [1, 2]
    assert [e.client_seq for e in outbox_page(seeded, 2, 10)] == [3, 4, 5]
    assert pending_count(seeded) == 5


def test_apply_results_idempotent(seeded: Store) -> None:
    a, b, c = submit(seeded, ["item-0", "item-1", "item-2"])
    results = [
        _result(1, a.id, "accepted", server_seq=10),
        _result(2, b.id, "duplicate", server_seq=7),
        _result(3, c.id, "rejected", code="unknown_item", reason="item is not assigned to you"),
    ]
    first = apply_push_results(seeded, "s1", results)
    after_first = _rows(seeded)
    second = apply_push_results(seeded, "s2", results)
    assert _rows(seeded) == after_first
    assert (first.accepted, first.duplicate, first.rejected) == (1, 1, 1)
    assert second.gap_expected is None
    with seeded.read() as conn:
        sessions = conn.execute(text("SELECT id, ack_session_id FROM judgments")).all()
    assert {s for _, s in sessions} == {"s1"}  # the second application changed nothing
    assert pending_count(seeded) == 0


def test_rejected_judgment_stays_visible_and_is_not_resent(seeded: Store) -> None:
    (judged,) = submit(seeded, ["item-0"])
    apply_push_results(
        seeded, "s", [_result(1, judged.id, "rejected", code="bad", reason="pack unknown")]
    )
    assert outbox_page(seeded, 0, 10) == []
    with seeded.read() as conn:
        row = conn.execute(
            text("SELECT sync_state, reject_code, reject_reason FROM judgments WHERE id = :j"),
            {"j": judged.id},
        ).one()
    assert tuple(row) == ("rejected", "bad", "pack unknown")
    statuses = {i.id: i.status for i in list_items(seeded, "batch")}
    assert statuses["item-0"] == "returned"
    # A later acceptance of other content under the seq cannot un-reject it silently.
    apply_push_results(seeded, "s", [_result(1, "someone-else", "accepted", server_seq=1)])
    assert _rows(seeded)[0][1] == "rejected"


def test_violation_needs_attention_and_gap_changes_nothing(seeded: Store) -> None:
    a, b = submit(seeded, ["item-0", "item-1"])
    before = _rows(seeded)
    applied = apply_push_results(seeded, "s", [_result(1, a.id, "gap", expected=1)])
    assert applied.gap_expected == 1
    assert _rows(seeded) == before
    applied = apply_push_results(seeded, "s", [_result(2, b.id, "violation", code="seq_taken")])
    assert applied.violations == (2,)
    states = {r[0]: r[1] for r in _rows(seeded)}
    assert states == {a.id: "queued", b.id: "needs_attention"}


def test_local_summary_is_the_protocol_digest_of_settled_rows(seeded: Store) -> None:
    a, b, c = submit(seeded, ["item-0", "item-1", "item-2"])
    apply_push_results(
        seeded,
        "s",
        [_result(1, a.id, "accepted", server_seq=1), _result(2, b.id, "rejected", code="x")],
    )
    summary = local_summary(seeded)
    assert summary.last_acked_seq == 2
    assert (summary.accepted, summary.rejected) == (1, 1)
    expected = protocol.device_digest(
        [(1, str(a.payload_sha256), "accepted"), (2, str(b.payload_sha256), "rejected")]
    )
    assert summary.digest == expected
    assert c.client_seq == 3


def test_requeue_puts_settled_seqs_back_in_the_outbox(seeded: Store) -> None:
    a, b = submit(seeded, ["item-0", "item-1"])
    apply_push_results(
        seeded,
        "s",
        [_result(1, a.id, "accepted", server_seq=1), _result(2, b.id, "accepted", server_seq=2)],
    )
    assert requeue(seeded, [2]) == 1
    assert [e.judgment_id for e in outbox_page(seeded, 0, 10)] == [b.id]
    assert local_summary(seeded).last_acked_seq == 1


def test_reregister_keeps_every_judgment_and_issues_new_contiguous_seqs(seeded: Store) -> None:
    judged = submit(seeded, [f"item-{n}" for n in range(5)])
    apply_push_results(
        seeded,
        "s",
        [
            _result(1, judged[0].id, "accepted", server_seq=1),
            _result(2, judged[1].id, "rejected", code="x"),
            _result(4, judged[3].id, "violation"),
        ],
    )
    old_device = seeded.device_id()
    hashes = {r[0]: r[5] for r in _rows(seeded)}

    new_device = reregister_device(seeded)

    assert new_device != old_device
    assert seeded.device_id() == new_device
    rows = {r[0]: r for r in _rows(seeded)}
    assert {jid: r[5] for jid, r in rows.items()} == hashes  # same ids, same hashes
    assert rows[judged[0].id][1:3] == ("acked", None)
    assert rows[judged[1].id][1:3] == ("rejected", None)  # final: not resent
    # The unsettled ones, in their old order, are 1..3 under the new device id.
    assert [(e.judgment_id, e.client_seq) for e in outbox_page(seeded, 0, 10)] == [
        (judged[2].id, 1),
        (judged[3].id, 2),
        (judged[4].id, 3),
    ]
    assert next_client_seq(seeded) == 4
    assert local_summary(seeded).last_acked_seq == 0
    with seeded.read() as conn:
        retired = conn.execute(
            text("SELECT device_id, client_seq, judgment_id FROM retired_seqs ORDER BY client_seq")
        ).all()
    assert [tuple(r) for r in retired] == [(old_device, n + 1, j.id) for n, j in enumerate(judged)]
    # The next submission continues the new sequence.
    (later,) = submit(seeded, ["item-5"])
    assert later.client_seq == 4
