"""POST /v1/push: the per-device seq rule, stored outcomes, and what is kept (never refused).

Runs on SQLite and, when PREFDESK_TEST_DATABASE_URL is set, on a fresh PostgreSQL schema.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from protocol import PackRef, PushItem, payload_sha256
from server.models import ChangeLogEntry, Judgment, PushOutcome, SyncEvent
from server.push import PushContext, lock_device, push_items
from tests.server.conftest import auth
from tests.server.sync_world import World


@dataclass
class Seeded:
    token: str
    batch_id: str
    pack: PackRef


@pytest.fixture
def seeded(world: World) -> Seeded:
    """Annotator ``ann`` holds a batch of i1..i3 under pack guide 1.0.0."""
    token = world.member("ann", "annotator")
    world.items("i1", "i2", "i3")
    batch = world.batch("b1", ["i1", "i2", "i3"])
    world.assign(batch, "ann")
    return Seeded(token, batch, world.pack("1.0.0"))


def _judgments(world: World) -> int:
    with world.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Judgment)) or 0)


def test_retried_push_after_lost_response_yields_duplicate_not_a_new_row(
    world: World, seeded: Seeded
) -> None:
    j1 = world.judgment("i1", seeded.pack)
    first = world.push(seeded.token, "dev-1", [(1, j1)])
    assert first.status_code == 200
    (accepted,) = first.json()["results"]
    assert accepted["status"] == "accepted"
    # The answer is lost; the client sends exactly the same request again.
    again = world.push(seeded.token, "dev-1", [(1, j1)]).json()
    assert again["results"][0]["status"] == "duplicate"
    assert again["results"][0]["server_seq"] == accepted["server_seq"]
    assert again["acked_through"] == 1
    assert _judgments(world) == 1


def test_gap_is_reported_and_healed_by_resending_from_expected(
    world: World, seeded: Seeded
) -> None:
    j1, j2, j3 = (world.judgment(i, seeded.pack) for i in ("i1", "i2", "i3"))
    assert world.push(seeded.token, "dev-1", [(1, j1)]).json()["acked_through"] == 1
    gapped = world.push(seeded.token, "dev-1", [(3, j3)]).json()
    assert gapped["results"] == [
        {
            "client_seq": 3,
            "judgment_id": j3.id,
            "status": "gap",
            "server_seq": None,
            "code": None,
            "reason": None,
            "expected": 2,
            "stale_pack": False,
            "late": False,
        }
    ]
    assert gapped["acked_through"] == 1
    assert _judgments(world) == 1  # nothing after the gap was looked at
    healed = world.push(seeded.token, "dev-1", [(2, j2), (3, j3)]).json()
    assert [r["status"] for r in healed["results"]] == ["accepted", "accepted"]
    assert healed["acked_through"] == 3


def test_items_after_a_gap_in_the_same_request_are_not_applied(
    world: World, seeded: Seeded
) -> None:
    j1, j3 = world.judgment("i1", seeded.pack), world.judgment("i3", seeded.pack)
    body = world.push(seeded.token, "dev-1", [(1, j1), (3, j3)]).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "gap"]
    assert body["results"][1]["expected"] == 2
    assert _judgments(world) == 1


def test_reused_judgment_id_with_new_payload_is_violation_and_not_overwritten(
    world: World, seeded: Seeded
) -> None:
    original = world.judgment("i1", seeded.pack, choice="a")
    world.push(seeded.token, "dev-1", [(1, original)])
    changed = world.judgment("i1", seeded.pack, judgment_id=original.id, choice="b")
    # Same seq, other content (a restored backup, say) ...
    same_seq = world.push(seeded.token, "dev-1", [(1, changed)]).json()["results"][0]
    assert same_seq["status"] == "violation"
    # ... and a fresh seq carrying a held id with other content.
    next_seq = world.push(seeded.token, "dev-1", [(2, changed)]).json()
    assert next_seq["results"][0]["status"] == "violation"
    assert next_seq["acked_through"] == 2  # the seq is used up, later items are not blocked
    with world.db.session() as session:
        stored = session.get(Judgment, original.id)
        assert stored is not None
        assert '"preferred":"a"' in stored.payload_json
    assert _judgments(world) == 1
    # Asking again gets the same answer: outcomes are a function of stored state.
    replay = world.push(seeded.token, "dev-1", [(2, changed)]).json()["results"][0]
    assert replay["status"] == "violation"


def test_same_judgment_pushed_from_a_second_device_of_the_same_user_is_duplicate(
    world: World, seeded: Seeded
) -> None:
    j1 = world.judgment("i1", seeded.pack)
    first = world.push(seeded.token, "laptop", [(1, j1)]).json()["results"][0]
    # A re-registered device (restored laptop) re-queues what it had under new seqs.
    other = world.push(seeded.token, "laptop-restored", [(1, j1)]).json()["results"][0]
    assert other["status"] == "duplicate"
    assert other["server_seq"] == first["server_seq"]
    assert _judgments(world) == 1


def test_the_same_judgment_id_from_another_user_is_a_violation(
    world: World, seeded: Seeded
) -> None:
    j1 = world.judgment("i1", seeded.pack)
    world.push(seeded.token, "dev-ann", [(1, j1)])
    bob = world.member("bob", "annotator")
    world.assign(world.batch("b2", ["i1"]), "bob")
    result = world.push(bob, "dev-bob", [(1, j1)]).json()["results"][0]
    assert result["status"] == "violation"
    assert _judgments(world) == 1


def test_judgment_under_an_older_pack_version_is_accepted_and_marked_stale(
    world: World, seeded: Seeded
) -> None:
    world.pack("1.1.0")
    result = world.push(seeded.token, "dev-1", [(1, world.judgment("i1", seeded.pack))])
    (row,) = result.json()["results"]
    assert row["status"] == "accepted"
    assert row["stale_pack"] is True
    with world.db.session() as session:
        assert session.scalar(select(Judgment.stale_pack)) is True


def test_judgment_after_lease_expiry_is_accepted_and_marked_late(
    world: World, seeded: Seeded
) -> None:
    world.expire(world.assignment_of(seeded.batch_id, "ann").id)
    world.feed(seeded.token)  # a feed read applies the expiry
    assert world.assignment_of(seeded.batch_id, "ann").state == "expired"
    (row,) = world.push(seeded.token, "dev-1", [(1, world.judgment("i1", seeded.pack))]).json()[
        "results"
    ]
    assert (row["status"], row["late"]) == ("accepted", True)


def test_judgment_after_release_is_accepted_and_marked_late(world: World, seeded: Seeded) -> None:
    assignment = world.assignment_of(seeded.batch_id, "ann")
    world.client.post(f"/v1/assignments/{assignment.id}/release", headers=auth(seeded.token))
    (row,) = world.push(seeded.token, "dev-1", [(1, world.judgment("i1", seeded.pack))]).json()[
        "results"
    ]
    assert (row["status"], row["late"]) == ("accepted", True)


def test_push_for_an_unassigned_item_is_rejected_with_not_assigned_and_the_seq_is_consumed(
    world: World, seeded: Seeded
) -> None:
    world.items("elsewhere")  # exists, but in no batch of ann's
    elsewhere, nowhere = (
        world.judgment("elsewhere", seeded.pack),
        world.judgment("nowhere", seeded.pack),
    )
    body = world.push(seeded.token, "dev-1", [(1, elsewhere), (2, nowhere)]).json()
    assert [(r["status"], r["code"]) for r in body["results"]] == [
        ("rejected", "not_assigned"),
        ("rejected", "not_assigned"),  # the same answer for an item that does not exist
    ]
    assert body["results"][0]["reason"].replace("elsewhere", "X") == body["results"][1][
        "reason"
    ].replace("nowhere", "X")
    assert body["acked_through"] == 2
    nxt = world.push(seeded.token, "dev-1", [(3, world.judgment("i1", seeded.pack))]).json()
    assert nxt["results"][0]["status"] == "accepted"
    assert _judgments(world) == 1


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        ("hash", "hash_mismatch"),
        ("pack_sha", "unknown_pack"),
        ("pack_version", "unknown_pack"),
        ("display_order", "bad_display_order"),
        ("supersedes", "bad_supersedes"),
    ],
)
def test_an_invalid_judgment_is_rejected_naming_the_rule_and_a_retry_gets_the_same(
    world: World, seeded: Seeded, spoil: str, code: str
) -> None:
    pack, sha = seeded.pack, None
    order: tuple[str, ...] = ("a", "b")
    supersedes = None
    if spoil == "hash":
        sha = "0" * 64
    elif spoil == "pack_sha":
        pack = PackRef(id=pack.id, version=pack.version, sha256="f" * 64)
    elif spoil == "pack_version":
        pack = PackRef(id=pack.id, version="9.9.9", sha256=pack.sha256)
    elif spoil == "display_order":
        order = ("a", "c")
    else:
        supersedes = "no-such-judgment"
    j = world.judgment("i1", pack, display_order=order, supersedes_id=supersedes)
    first = world.push(seeded.token, "dev-1", [(1, j)], sha=sha).json()["results"][0]
    assert (first["status"], first["code"]) == ("rejected", code)
    assert first["reason"]
    again = world.push(seeded.token, "dev-1", [(1, j)], sha=sha).json()["results"][0]
    assert again == first
    assert _judgments(world) == 0


def test_an_amendment_of_your_own_judgment_is_accepted_but_not_of_someone_elses(
    world: World, seeded: Seeded
) -> None:
    original = world.judgment("i1", seeded.pack)
    world.push(seeded.token, "dev-1", [(1, original)])
    amend = world.judgment("i1", seeded.pack, choice="b", supersedes_id=original.id)
    assert world.push(seeded.token, "dev-1", [(2, amend)]).json()["results"][0]["status"] == (
        "accepted"
    )
    bob = world.member("bob", "annotator")
    world.assign(world.batch("b2", ["i1"]), "bob")
    theirs = world.judgment("i1", seeded.pack, supersedes_id=original.id)
    result = world.push(bob, "dev-bob", [(1, theirs)]).json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "bad_supersedes")


def test_every_accepted_judgment_joins_a_sync_event_by_session_id(
    world: World, seeded: Seeded
) -> None:
    j1, j2 = world.judgment("i1", seeded.pack), world.judgment("i2", seeded.pack)
    world.push(seeded.token, "dev-1", [(1, j1)], session_id="morning")
    evening = world.client.post(
        "/v1/push",
        json={
            "device_id": "dev-1",
            "session_id": "evening",
            "items": [
                {
                    "client_seq": 2,
                    "payload": j2.model_dump(),
                    "payload_sha256": payload_sha256(j2.model_dump()),
                }
            ],
        },
        headers=auth(seeded.token) | {"Prefdesk-Client": "prefdesk/0.1.0"},
    )
    with world.db.session() as session:
        rows = session.execute(
            select(Judgment.id, SyncEvent.session_id, SyncEvent.client_version, SyncEvent.user_id)
            .join(SyncEvent, SyncEvent.session_id == Judgment.session_id)
            .order_by(Judgment.server_seq)
        ).all()
        assert [(r[0], r[1]) for r in rows] == [(j1.id, "morning"), (j2.id, "evening")]
        assert rows[1][2] == "prefdesk/0.1.0"
        assert {r[3] for r in rows} == {"ann"}
        event = session.execute(select(SyncEvent).where(SyncEvent.session_id == "evening")).one()[0]
        assert (event.first_seq, event.last_seq, event.kind) == (2, 2, "push")
        assert event.request_id == evening.headers["x-request-id"]  # joins the access log
        assert '"accepted": 1' in event.counts_json


def test_assignment_goes_in_progress_then_submitted_and_the_feed_says_so(
    world: World, seeded: Seeded
) -> None:
    assignment_id = world.assignment_of(seeded.batch_id, "ann").id
    world.push(seeded.token, "dev-1", [(1, world.judgment("i1", seeded.pack))])
    assert world.assignment_of(seeded.batch_id, "ann").state == "in_progress"
    world.push(
        seeded.token,
        "dev-1",
        [(2, world.judgment("i2", seeded.pack)), (3, world.judgment("i3", seeded.pack))],
    )
    assert world.assignment_of(seeded.batch_id, "ann").state == "submitted"
    (change,) = [c for c in world.feed(seeded.token)["changes"] if c["id"] == assignment_id]
    assert change["body"]["state"] == "submitted"


def test_a_skipped_item_counts_as_judged_and_is_stored_as_sent(
    world: World, seeded: Seeded
) -> None:
    skip = world.judgment("i1", seeded.pack).model_copy(
        update={"status": "skipped", "skip_reason": "unreadable", "answers": {}}
    )
    result = world.push(seeded.token, "dev-1", [(1, skip)]).json()["results"][0]
    assert result["status"] == "accepted"
    with world.db.session() as session:
        assert session.scalar(select(Judgment.status)) == "skipped"


def test_a_device_registered_to_another_user_is_404_and_nothing_is_stored(
    world: World, seeded: Seeded
) -> None:
    world.push(seeded.token, "dev-1", [(1, world.judgment("i1", seeded.pack))])
    bob = world.member("bob", "annotator")
    response = world.push(bob, "dev-1", [(2, world.judgment("i2", seeded.pack))])
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    with world.db.session() as session:
        assert session.scalar(select(func.count()).select_from(PushOutcome)) == 1


def test_unknown_fields_and_a_missing_token_are_refused(world: World, seeded: Seeded) -> None:
    j1 = world.judgment("i1", seeded.pack)
    body = {
        "device_id": "dev-1",
        "session_id": "s",
        "items": [{"client_seq": 1, "payload": j1.model_dump(), "payload_sha256": "0" * 64}],
        "force": True,
    }
    refused = world.client.post("/v1/push", json=body, headers=auth(seeded.token))
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_request"
    del body["force"]
    assert world.client.post("/v1/push", json=body).status_code == 401
    assert _judgments(world) == 0


def test_two_requests_pushing_for_one_device_at_once_apply_each_judgment_once(
    world: World, seeded: Seeded
) -> None:
    """Two sync workers of one device race with the same page (and a brand-new device row):
    the device lock serialises them, so one accepts and the other replays duplicates."""
    entries = [(n, world.judgment(f"i{n}", seeded.pack)) for n in (1, 2, 3)]
    start = threading.Barrier(2)
    answers: list[dict[str, object]] = []

    def worker() -> None:
        start.wait()
        response = world.push(seeded.token, "dev-race", entries)
        assert response.status_code == 200, response.text
        answers.append(response.json())

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(
        tuple(r["status"] for r in answer["results"])  # type: ignore[attr-defined]
        for answer in answers
    )
    assert statuses == [("accepted",) * 3, ("duplicate",) * 3]
    assert _judgments(world) == 3
    with world.db.session() as session:
        assert session.scalar(select(func.count()).select_from(PushOutcome)) == 3


def test_the_last_items_of_a_batch_pushed_from_two_devices_at_once_make_it_submitted(
    world: World, seeded: Seeded
) -> None:
    """Device A's push is open when device B's arrives: B must count A's judgment (it waits
    for the assignment row, then counts), or the batch would stay in progress for ever."""
    sessions = sessionmaker(world.db.engine)
    world.push(seeded.token, "dev-a", [(1, world.judgment("i1", seeded.pack))])

    def push_direct(session: Session, device_id: str, seq: int, item_id: str) -> None:
        device = lock_device(session, device_id, "ann")
        payload = world.judgment(item_id, seeded.pack)
        item = PushItem(
            client_seq=seq, payload=payload, payload_sha256=payload_sha256(payload.model_dump())
        )
        (result,) = push_items(session, device, [item], PushContext("ann", "race"))
        assert result.status == "accepted"

    t_a = sessions()
    t_a.begin()
    push_direct(t_a, "dev-a", 2, "i2")
    thread = threading.Thread(
        target=lambda: _in_transaction(sessions, lambda s: push_direct(s, "dev-b", 1, "i3"))
    )
    thread.start()
    time.sleep(0.5)  # B is now waiting on a lock A holds
    t_a.commit()
    t_a.close()
    thread.join(30)
    assignment = world.assignment_of(seeded.batch_id, "ann")
    assert assignment.state == "submitted"
    with world.db.session() as session:
        versions = session.scalars(
            select(ChangeLogEntry.entity_version).where(ChangeLogEntry.entity_id == assignment.id)
        ).all()
    assert len(versions) == len(set(versions))  # every change of the assignment is a new version


def _in_transaction(sessions: sessionmaker[Session], work: Callable[[Session], None]) -> None:
    with sessions.begin() as session:
        work(session)
