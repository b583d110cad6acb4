"""POST /v1/batches/claim and the lease endpoints: idempotent claims, slots, expiry."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from server.assignments import live_count
from server.db import utc_now
from server.models import Assignment, Batch
from tests.server.conftest import auth
from tests.server.sync_world import World


def _claim(world: World, token: str, request_id: str, project: str = "p1") -> dict[str, Any]:
    response = world.client.post(
        "/v1/batches/claim",
        json={"device_id": "dev-1", "claim_request_id": request_id, "project_id": project},
        headers=auth(token),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _batches(world: World, count: int, overlap: int = 1) -> list[str]:
    world.items(*(f"i{n}" for n in range(count)))
    return [world.batch(f"b{n}", [f"i{n}"], overlap=overlap) for n in range(count)]


def test_claim_is_idempotent_by_claim_request_id(world: World) -> None:
    token = world.member("ann", "annotator")
    _batches(world, 3)
    first = _claim(world, token, "claim-1")["assignment"]
    again = _claim(world, token, "claim-1")["assignment"]  # the answer was lost; retried
    assert first["assignment_id"] == again["assignment_id"]
    assert first["batch_name"] == "b0"
    nxt = _claim(world, token, "claim-2")["assignment"]
    assert nxt["batch_name"] == "b1"  # a new request id is a new claim


def test_claim_gives_the_oldest_open_batch_with_a_lease(world: World) -> None:
    token = world.member("ann", "annotator")
    _batches(world, 2)
    body = _claim(world, token, "c")["assignment"]
    assert body["batch_name"] == "b0"
    assert body["state"] == "assigned"
    assert body["lease_expires_at"] > utc_now()
    assert [entry["item"]["id"] for entry in body["items"]] == ["i0"]


def test_a_batch_with_overlap_two_goes_to_two_annotators_then_is_full(world: World) -> None:
    tokens = [world.member(name, "annotator") for name in ("ann", "bob", "cat")]
    first, _ = _batches(world, 2, overlap=2)
    got = [
        _claim(world, token, f"c-{n}")["assignment"]["batch_id"] for n, token in enumerate(tokens)
    ]
    assert got[:2] == [first, first]
    assert got[2] != first
    # Nobody is offered a batch they already hold.
    assert _claim(world, tokens[0], "c-again")["assignment"]["batch_id"] != first


def test_nothing_to_claim_answers_no_assignment_with_a_reason(world: World) -> None:
    token = world.member("ann", "annotator")
    body = _claim(world, token, "c")
    assert body["assignment"] is None
    assert body["reason"]
    assert _claim(world, token, "c")["assignment"] is None  # and the same when retried


def test_expired_lease_frees_the_slot_for_another_annotator(world: World) -> None:
    ann = world.member("ann", "annotator")
    bob = world.member("bob", "annotator")
    (batch,) = _batches(world, 1)
    held = _claim(world, ann, "ann-1")["assignment"]
    assert _claim(world, bob, "bob-1")["assignment"] is None  # full while ann holds it
    world.expire(held["assignment_id"])
    taken = _claim(world, bob, "bob-2")["assignment"]
    assert taken["batch_id"] == batch
    assert world.assignment_of(batch, "ann").state == "expired"
    # ann's client learns of the expiry from the feed.
    (change,) = [c for c in world.feed(ann)["changes"] if c["id"] == held["assignment_id"]]
    assert change["body"]["state"] == "expired"


def test_release_frees_the_slot_and_renew_extends_only_a_live_lease(world: World) -> None:
    ann = world.member("ann", "annotator")
    bob = world.member("bob", "annotator")
    (batch,) = _batches(world, 1)
    held = _claim(world, ann, "ann-1")["assignment"]
    world.expire(held["assignment_id"])  # past due but not yet noticed: renewing saves it
    renewed = world.client.post(f"/v1/assignments/{held['assignment_id']}/renew", headers=auth(ann))
    assert renewed.status_code == 200
    assert renewed.json()["lease_expires_at"] > utc_now()
    released = world.client.post(
        f"/v1/assignments/{held['assignment_id']}/release", headers=auth(ann)
    )
    assert released.json()["state"] == "released"
    again = world.client.post(f"/v1/assignments/{held['assignment_id']}/renew", headers=auth(ann))
    assert again.status_code == 409
    assert _claim(world, bob, "bob-1")["assignment"]["batch_id"] == batch


def test_claim_needs_the_annotator_role_in_that_project(world: World) -> None:
    lead = world.member("lee", "lead")
    world.member("zed", "annotator", project="p2")
    _batches(world, 1)
    response = world.client.post(
        "/v1/batches/claim",
        json={"device_id": "d", "claim_request_id": "c", "project_id": "p1"},
        headers=auth(lead),
    )
    assert response.status_code == 403
    stranger = world.member("eve", "annotator", project="p2")
    response = world.client.post(
        "/v1/batches/claim",
        json={"device_id": "d", "claim_request_id": "c2", "project_id": "p1"},
        headers=auth(stranger),
    )
    assert response.status_code == 404


def test_claim_skips_closed_batches_and_batches_whose_items_you_have_all_judged(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1", "i2")
    first = world.batch("first", ["i1"])
    world.assign(first, "ann")
    world.push(token, "dev-1", [(1, world.judgment("i1", world.pack()))])
    world.batch("again-i1", ["i1"], overlap=2)  # the same item cut into another batch
    closed = world.batch("closed", ["i2"])
    with world.db.session() as session:
        row = session.get(Batch, closed)
        assert row is not None
        row.state = "closed"
    fresh = world.batch("fresh", ["i2"])
    assert _claim(world, token, "c")["assignment"]["batch_id"] == fresh


def test_annotators_racing_for_the_last_slot_get_it_once(world: World) -> None:
    """Claims at the same moment: the batch row lock lets exactly one take a slot of one."""
    tokens = [world.member(f"ann{n}", "annotator") for n in range(4)]
    (batch,) = _batches(world, 1)
    start = threading.Barrier(len(tokens) + 1)
    got: list[object] = []

    def worker(n: int, token: str) -> None:
        start.wait()
        for attempt in range(2):  # the same request id sent twice at once, as a retry might
            got.append(_claim(world, token, f"c-{n}")["assignment"])
            del attempt

    threads = [threading.Thread(target=worker, args=(n, t)) for n, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join(60)
    winners = [a for a in got if a is not None]
    assert len(winners) == 2  # one annotator, answered twice
    assert {a["batch_id"] for a in winners} == {batch}  # type: ignore[index]
    with world.db.session() as session:
        assert live_count(session, batch) == 1


def test_the_same_claim_sent_twice_at_once_is_one_claim(world: World) -> None:
    token = world.member("ann", "annotator")
    _batches(world, 3)
    start = threading.Barrier(3)
    got: list[dict[str, Any]] = []

    def worker() -> None:
        start.wait()
        got.append(_claim(world, token, "same-id")["assignment"])

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len({a["assignment_id"] for a in got}) == 1


def _set_lease(world: World, assignment_id: str, when: dt.datetime) -> None:
    with world.db.session() as session:
        row = session.get(Assignment, assignment_id)
        assert row is not None
        row.lease_expires_at = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_renew_extends_the_lease_to_a_full_period_from_now(world: World) -> None:
    ann = world.member("ann", "annotator")  # the project's lease is 3600 s
    _batches(world, 1)
    held = _claim(world, ann, "c")["assignment"]
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
    _set_lease(world, held["assignment_id"], soon)
    renewed = world.client.post(f"/v1/assignments/{held['assignment_id']}/renew", headers=auth(ann))
    until = dt.datetime.strptime(renewed.json()["lease_expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert until.replace(tzinfo=dt.UTC) > soon + dt.timedelta(seconds=3000)


def test_a_renewed_lease_reaches_the_annotators_feed(world: World) -> None:
    ann = world.member("ann", "annotator")
    _batches(world, 1)
    held = _claim(world, ann, "c")["assignment"]
    cursor = world.feed(ann)["next_after"]
    renewed = world.client.post(f"/v1/assignments/{held['assignment_id']}/renew", headers=auth(ann))
    (change,) = world.feed(ann, after=cursor)["changes"]
    assert change["body"]["lease_expires_at"] == renewed.json()["lease_expires_at"]


def test_a_batch_with_overlap_three_takes_three_annotators_and_not_a_fourth(
    world: World,
) -> None:
    tokens = [world.member(f"ann{n}", "annotator") for n in range(4)]
    (batch,) = _batches(world, 1, overlap=3)
    got = [_claim(world, token, f"c{n}")["assignment"] for n, token in enumerate(tokens)]
    assert [a["batch_id"] if a else None for a in got] == [batch, batch, batch, None]


def test_a_released_batch_leaves_the_releasers_feed_as_a_remove(world: World) -> None:
    ann = world.member("ann", "annotator")
    _batches(world, 1)
    held = _claim(world, ann, "c")["assignment"]
    cursor = world.feed(ann)["next_after"]
    world.client.post(f"/v1/assignments/{held['assignment_id']}/release", headers=auth(ann))
    (change,) = world.feed(ann, after=cursor)["changes"]
    assert (change["id"], change["op"], change["body"]) == (held["assignment_id"], "remove", None)


def test_an_expired_hold_is_not_offered_again_to_the_annotator_who_let_it_expire(
    world: World,
) -> None:
    ann = world.member("ann", "annotator")
    (batch,) = _batches(world, 1)
    held = _claim(world, ann, "c1")["assignment"]
    world.expire(held["assignment_id"])
    assert _claim(world, ann, "c2")["assignment"] is None
    assert world.assignment_of(batch, "ann").state == "expired"


def test_an_annotator_who_released_a_batch_may_claim_it_again(world: World) -> None:
    ann = world.member("ann", "annotator")
    (batch,) = _batches(world, 1)
    held = _claim(world, ann, "c1")["assignment"]
    world.client.post(f"/v1/assignments/{held['assignment_id']}/release", headers=auth(ann))
    again = _claim(world, ann, "c2")["assignment"]
    assert (again["batch_id"], again["state"]) == (batch, "assigned")
