"""Sessions of ``SyncClient`` against the in-memory fake server (protocol v1)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from storage import Store
from storage.outbox import local_summary, outbox_page, pending_count
from storage.sync_log import feed_cursor
from sync import SyncProgress
from sync._lock import LOCK_FILENAME, ProfileLock
from tests.storage.sync_seed import item_dict, submit
from tests.sync.conftest import MakeClient
from tests.sync.fake_server import TOKEN, FakeServer
from tests.sync.wrapping import Wrapped

ITEMS = [f"item-{n}" for n in range(8)]


def _states(store: Store) -> dict[str, str]:
    with store.read() as conn:
        rows = conn.execute(text("SELECT id, sync_state FROM judgments")).all()
    return {r.id: r.sync_state for r in rows}


def _session_rows(store: Store) -> list[tuple[object, ...]]:
    with store.read() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT outcome, pushed, accepted, error FROM sync_sessions ORDER BY 1")
            )
        ]


def test_full_session_pushes_everything_and_empties_the_outbox(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    judged = submit(store, ITEMS[:5]) + submit(store, ITEMS[5:], skip=True)
    phases: list[SyncProgress] = []
    result = make_client().run(progress=phases.append)
    assert result.outcome == "ok", result.problem
    assert (result.pushed, result.accepted, result.duplicate, result.rejected) == (8, 8, 0, 0)
    assert pending_count(store) == 0
    assert set(_states(store).values()) == {"acked"}
    assert set(server.judgments) == {j.id for j in judged}
    assert next(p.phase for p in phases) == "meta"
    assert {"push", "pull", "summary"} <= {p.phase for p in phases}
    assert _session_rows(store) == [("ok", 8, 8, None)]
    assert local_summary(store).digest == server.summary(store.device_id()).digest


def test_rejected_judgment_stays_visible_and_is_not_resent(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    server.reject_items = {"item-1"}
    a, b = submit(store, ITEMS[:2])
    client = make_client()
    assert client.run().rejected == 1
    assert _states(store) == {a.id: "acked", b.id: "rejected"}
    before = list(server.pushed_seqs)
    second = client.run()
    assert second.outcome == "ok"
    assert second.pushed == 0
    assert server.pushed_seqs == before


def test_server_reports_gap_and_client_resends_from_expected(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    submit(store, ITEMS[:4])
    client = make_client()
    assert client.run().outcome == "ok"
    # The server is restored from a backup that knows only seqs 1–2; two more are queued.
    device = store.device_id()
    server.last_seq[device] = 2
    for seq in (3, 4):
        jid = server.outcomes.pop((device, seq))["judgment_id"]
        del server.judgments[jid]
    submit(store, ITEMS[4:6])
    result = client.run()
    assert result.outcome == "ok", result.problem
    assert pending_count(store) == 0
    assert server.last_seq[device] == 6
    assert server.pushed_seqs[-5:] == [5, 3, 4, 5, 6]  # gap at 5, then resent from 3


def test_413_halves_the_page_until_it_fits(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    server.max_items = 3
    submit(store, ITEMS)
    result = make_client().run()
    assert result.outcome == "ok"
    assert result.accepted == 8
    assert server.calls["/v1/push"] == 2 + 4  # 8 and 4 refused, then four pages of 2


def test_other_4xx_is_not_retried_and_names_the_server_message(
    store: Store, server: FakeServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    submit(store, ITEMS[:1])

    def refuse(request: httpx.Request, _n: int) -> httpx.Response | None:
        if request.url.path == "/v1/push":
            return httpx.Response(409, json={"code": "conflict", "message": "device is frozen"})
        return None

    result = make_client(Wrapped(server.transport(), refuse)).run()
    assert result.outcome == "error"
    assert result.problem is not None
    assert "device is frozen" in result.problem
    assert sleeps == []
    assert pending_count(store) == 1


def test_5xx_and_429_are_retried_with_retry_after_then_succeed(
    store: Store, server: FakeServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    submit(store, ITEMS[:2])

    def flaky(request: httpx.Request, n: int) -> httpx.Response | None:
        if request.url.path == "/v1/push" and server.calls["/v1/push"] == 0:
            if not sleeps:
                return httpx.Response(503, json={"code": "down", "message": "maintenance"})
            if len(sleeps) == 1:
                return httpx.Response(429, headers={"Retry-After": "9"})
        return None

    result = make_client(Wrapped(server.transport(), flaky)).run()
    assert result.outcome == "ok"
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5
    assert sleeps[1] == 9.0


def test_lost_push_response_then_retry_yields_duplicate_not_new_row(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    submit(store, ITEMS[:3])

    def drop_first_push(request: httpx.Request, _n: int) -> Exception | None:
        if request.url.path == "/v1/push" and server.calls["/v1/push"] == 0:
            return httpx.ReadError("connection dropped (test)")
        return None

    result = make_client(Wrapped(server.transport(), drop_first_push)).run()
    assert result.outcome == "ok"
    assert (result.accepted, result.duplicate) == (0, 3)
    assert len(server.judgments) == 3


def test_network_down_is_offline_and_keeps_the_outbox(
    store: Store, make_client: MakeClient, sleeps: list[float]
) -> None:
    submit(store, ITEMS[:2])

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    result = make_client(httpx.MockTransport(down)).run()
    assert result.outcome == "offline"
    assert result.action is not None
    assert "connection" in result.action
    assert len(sleeps) == 3  # four attempts
    assert pending_count(store) == 2


def test_unauthorized_asks_to_sign_in_and_never_shows_the_token(
    store: Store, server: FakeServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.token = "another-token"
    result = make_client(token=TOKEN).run()
    assert result.outcome == "unauthorized"
    assert result.action is not None
    assert "Sign in" in result.action
    assert TOKEN not in repr(result)
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(_session_rows(store))


def test_meta_out_of_range_stops_sync_with_server_message(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    submit(store, ITEMS[:1])
    server.protocol_range = (2, 3)
    server.message = "Protocol 1 retired on 1 Dec; update Prefdesk."
    result = make_client().run()
    assert (result.outcome, result.problem) == ("too_old", server.message)
    assert server.calls["/v1/push"] == 0
    server.protocol_range, server.must_stop = (1, 1), True
    assert make_client().run().outcome == "too_old"


def test_concurrent_run_returns_busy(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    submit(store, ITEMS[:1])
    second = make_client()
    inner: list[str] = []

    def during_first(progress: SyncProgress) -> None:
        if progress.phase == "push" and not inner:
            inner.append(second.run().outcome)

    assert make_client().run(progress=during_first).outcome == "ok"
    assert inner == ["busy"]
    lock = ProfileLock(store.path.parent / LOCK_FILENAME)
    assert lock.try_acquire()
    try:
        assert second.run().outcome == "busy"
    finally:
        lock.release()
    assert second.run().outcome == "ok"


def test_cancellation_between_pages_keeps_what_was_done(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    server.max_items = 4
    submit(store, ITEMS)
    cancelled: list[bool] = []

    def cancel_after_first_page(progress: SyncProgress) -> None:
        if progress.phase == "push" and progress.done > 0:
            cancelled.append(True)

    client = make_client()
    result = client.run(progress=cancel_after_first_page, cancel=lambda: bool(cancelled))
    assert (result.outcome, result.accepted) == ("cancelled", 4)
    assert [e.client_seq for e in outbox_page(store, 0, 10)] == [5, 6, 7, 8]
    assert _session_rows(store)[0][:3] == ("cancelled", 4, 4)
    assert client.run().accepted == 4
    assert pending_count(store) == 0


def test_pull_applies_assignments_and_packs_and_moves_the_cursor(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    for n in range(3):
        server.add_change("assignment", f"as-{n}", 1, _assignment(n))
    result = make_client().run()
    assert result.outcome == "ok"
    assert result.pulled == 3
    assert feed_cursor(store) == 3
    with store.read() as conn:
        batches = conn.execute(text("SELECT id FROM batches WHERE server_version = 1")).all()
    assert len(batches) == 3


def test_claim_reuses_its_stored_id_after_a_lost_answer(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    server.claimable = [_assignment(9)]

    def drop_claim_answers(request: httpx.Request, _n: int) -> Exception | None:
        if request.url.path == "/v1/batches/claim":
            return httpx.ReadError("dropped (test)")
        return None

    lost = make_client(Wrapped(server.transport(), drop_claim_answers)).run(claim_project="remote")
    assert lost.outcome == "offline"
    assert len(server.claims) == 1  # every retry was the same claim
    result = make_client().run(claim_project="remote")
    assert result.outcome == "ok"
    assert result.pulled == 1
    assert len(server.claims) == 1
    with store.read() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM items WHERE batch_id = 'rb-9'")).scalar() == 1
        )


def test_restored_db_reusing_seqs_triggers_violation_then_reregistration_without_duplicates(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    # Another copy of this profile already sent seqs 1–2 with other judgments.
    device = store.device_id()
    server.last_seq[device] = 2
    for seq in (1, 2):
        server.outcomes[(device, seq)] = {
            "judgment_id": f"lost-{seq}",
            "sha": "f" * 64,
            "status": "accepted",
            "server_seq": seq,
        }
    judged = submit(store, ITEMS[:3])
    result = make_client().run()
    assert result.outcome == "ok", result.problem
    assert store.device_id() != device
    assert set(_states(store).values()) == {"acked"}
    assert {j.id for j in judged} <= set(server.judgments)
    assert len(server.judgments) == 3
    assert "re-registered" in str(_session_rows(store)[0][3])


def test_reused_judgment_id_with_new_payload_is_violation_and_not_overwritten(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    (judged,) = submit(store, ITEMS[:1])
    server.judgments[judged.id] = ("0" * 64, 41)
    device = store.device_id()
    client = make_client()
    result = client.run()
    assert result.outcome == "attention"
    assert result.action is not None
    assert _states(store) == {judged.id: "needs_attention"}
    assert server.judgments[judged.id] == ("0" * 64, 41)
    # Re-registering cannot fix a conflict of ids, so the device keeps its id, run after run.
    assert client.run().outcome == "attention"
    assert store.device_id() == device


def test_summary_mismatch_requeues_and_server_answers_duplicate(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    submit(store, ITEMS[:3])
    client = make_client()
    client.run()
    device = store.device_id()
    server.last_seq[device] = 1  # the server lost seqs 2–3 but kept the judgments
    del server.outcomes[(device, 2)], server.outcomes[(device, 3)]
    result = client.run()
    assert result.outcome == "ok"
    assert (result.pushed, result.duplicate) == (2, 2)
    assert local_summary(store).digest == server.summary(device).digest


def _assignment(n: int) -> dict[str, Any]:
    return {
        "assignment_id": f"as-{n}",
        "project_id": "remote",
        "project_name": "Remote",
        "batch_id": f"rb-{n}",
        "batch_name": f"Remote {n}",
        "state": "assigned",
        "lease_expires_at": None,
        "items": [{"item": item_dict(f"remote-{n}")}],
    }
