"""The per-device seq rule of POST /v1/push as a table, and the rules around it.

(test_push.py holds the narrative cases; this file states the rule row by row.) Runs on
SQLite and, with PREFDESK_TEST_DATABASE_URL set, on a fresh PostgreSQL schema per test.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from protocol import JudgmentPayload, PackRef, payload_sha256
from server.assignments import unassign
from server.models import ChangeLogEntry, Judgment, PushOutcome
from tests.server.conftest import auth
from tests.server.sync_world import World


@dataclass
class Pushed:
    """ann's device ``dev-1`` after seq 1 accepted (j1 on i1) and seq 2 rejected (bad hash)."""

    token: str
    batch_id: str
    pack: PackRef
    j1: JudgmentPayload
    j1_seq: int
    j2: JudgmentPayload


@pytest.fixture
def pushed(world: World) -> Pushed:
    token = world.member("ann", "annotator")
    world.items("i1", "i2", "i3")
    batch = world.batch("b1", ["i1", "i2", "i3"])
    world.assign(batch, "ann")
    pack = world.demo_pack()
    j1, j2 = world.judgment("i1", pack), world.judgment("i2", pack)
    first = world.push(token, "dev-1", [(1, j1)]).json()["results"][0]
    assert first["status"] == "accepted"
    second = world.push(token, "dev-1", [(2, j2)], sha="0" * 64).json()["results"][0]
    assert second["code"] == "hash_mismatch"
    return Pushed(token, batch, pack, j1, first["server_seq"], j2)


def _count(world: World, table: type[Any]) -> int:
    with world.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def _push_one(
    world: World, p: Pushed, seq: int, payload: JudgmentPayload, sha: str | None = None
) -> tuple[dict[str, Any], int]:
    body = world.push(p.token, "dev-1", [(seq, payload)], sha=sha).json()
    return body["results"][0], body["acked_through"]


# -- the table ------------------------------------------------------------------------------

Make = Callable[[World, Pushed], tuple[int, JudgmentPayload, str | None]]

TABLE: list[tuple[str, Make, str, dict[str, Any], int, int]] = [
    # (case, what is pushed, status, fields of the result, acked_through, judgment rows)
    ("accepted seq replayed", lambda w, p: (1, p.j1, None), "duplicate", {}, 2, 1),
    (
        "rejected seq replayed",
        lambda w, p: (2, p.j2, "0" * 64),
        "rejected",
        {"code": "hash_mismatch"},
        2,
        1,
    ),
    (
        "accepted seq with other content under the same id",
        lambda w, p: (1, p.j1.model_copy(update={"answers": {"preferred": "b"}}), None),
        "violation",
        {"code": "seq_or_id_reused"},
        2,
        1,
    ),
    (
        "accepted seq with another judgment id",
        lambda w, p: (1, w.judgment("i3", p.pack), None),
        "violation",
        {"code": "seq_or_id_reused"},
        2,
        1,
    ),
    (
        "rejected seq with corrected content",
        lambda w, p: (2, p.j2, None),
        "violation",
        {"code": "seq_or_id_reused"},
        2,
        1,
    ),
    (
        "next seq carrying a held id with the same content",
        lambda w, p: (3, p.j1, None),
        "duplicate",
        {},
        3,
        1,
    ),
    (
        "next seq carrying a held id with other content",
        lambda w, p: (3, p.j1.model_copy(update={"answers": {"preferred": "b"}}), None),
        "violation",
        {"code": "seq_or_id_reused"},
        3,
        1,
    ),
    (
        "next seq with a new judgment",
        lambda w, p: (3, w.judgment("i3", p.pack), None),
        "accepted",
        {},
        3,
        2,
    ),
    (
        "a seq beyond the next",
        lambda w, p: (5, w.judgment("i3", p.pack), None),
        "gap",
        {"expected": 3},
        2,
        1,
    ),
]


@pytest.mark.parametrize(
    ("case", "make", "status", "fields", "acked", "rows"),
    TABLE,
    ids=[row[0].replace(" ", "-") for row in TABLE],
)
def test_the_seq_rule_answers_each_case_as_the_table_says(
    world: World,
    pushed: Pushed,
    case: str,
    make: Make,
    status: str,
    fields: dict[str, Any],
    acked: int,
    rows: int,
) -> None:
    seq, payload, sha = make(world, pushed)
    result, acked_through = _push_one(world, pushed, seq, payload, sha)
    assert result["status"] == status, case
    for name, value in fields.items():
        assert result[name] == value, name
    assert acked_through == acked
    assert _count(world, Judgment) == rows
    # The same request again gets the same answer: outcomes are a function of stored state.
    again, _ = _push_one(world, pushed, seq, payload, sha)
    if status == "accepted":
        assert again["status"] == "duplicate"
    else:
        assert again == result


def test_a_duplicate_carries_the_original_server_seq(world: World, pushed: Pushed) -> None:
    result, _ = _push_one(world, pushed, 1, pushed.j1)
    assert result["server_seq"] == pushed.j1_seq


def test_a_violation_leaves_the_stored_judgment_unchanged(world: World, pushed: Pushed) -> None:
    with world.db.session() as session:
        before = session.get(Judgment, pushed.j1.id)
        assert before is not None
    changed = pushed.j1.model_copy(update={"answers": {"preferred": "b"}})
    _push_one(world, pushed, 1, changed)
    _push_one(world, pushed, 3, changed)
    with world.db.session() as session:
        after = session.get(Judgment, pushed.j1.id)
        assert after is not None
        assert (after.payload_sha256, after.payload_json, after.server_seq) == (
            before.payload_sha256,
            before.payload_json,
            before.server_seq,
        )


# -- pages ------------------------------------------------------------------------------------


def test_an_accepted_page_retried_is_all_duplicates_with_the_original_seqs_and_no_new_rows(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1", "i2", "i3")
    world.assign(world.batch("b1", ["i1", "i2", "i3"]), "ann")
    pack = world.demo_pack()
    page = [(n, world.judgment(f"i{n}", pack)) for n in (1, 2, 3)]
    first = world.push(token, "dev-1", page).json()["results"]
    outcomes_before = _count(world, PushOutcome)
    again = world.push(token, "dev-1", page).json()["results"]
    assert [r["status"] for r in again] == ["duplicate"] * 3
    assert [r["server_seq"] for r in again] == [r["server_seq"] for r in first]
    assert _count(world, Judgment) == 3
    assert _count(world, PushOutcome) == outcomes_before


def test_a_gap_applies_nothing_after_it_and_resending_from_expected_heals(
    world: World, pushed: Pushed
) -> None:
    j3 = world.judgment("i3", pushed.pack)
    j4 = world.judgment("i3", pushed.pack, choice="b", supersedes_id=j3.id)
    gapped = world.push(pushed.token, "dev-1", [(4, j4)]).json()
    assert gapped["results"][0]["expected"] == 3
    assert _count(world, Judgment) == 1
    healed = world.push(pushed.token, "dev-1", [(3, j3), (4, j4)]).json()
    assert [r["status"] for r in healed["results"]] == ["accepted", "accepted"]
    assert healed["acked_through"] == 4


# -- second device of the same user ---------------------------------------------------------


def test_the_same_judgment_from_a_second_device_of_the_same_user_is_duplicate(
    world: World, pushed: Pushed
) -> None:
    result = world.push(pushed.token, "dev-2", [(1, pushed.j1)]).json()["results"][0]
    assert (result["status"], result["server_seq"]) == ("duplicate", pushed.j1_seq)


def test_a_held_id_with_other_content_from_a_second_device_is_a_violation_and_stays_one(
    world: World, pushed: Pushed
) -> None:
    changed = pushed.j1.model_copy(update={"answers": {"preferred": "b"}})
    first = world.push(pushed.token, "dev-2", [(1, changed)]).json()
    assert first["results"][0]["status"] == "violation"
    assert first["acked_through"] == 1  # the seq is used up: later items are not blocked
    retry = world.push(pushed.token, "dev-2", [(1, changed)]).json()["results"][0]
    assert retry == first["results"][0]
    assert _count(world, Judgment) == 1


# -- rejections -------------------------------------------------------------------------------


def _spoiled(world: World, pack: PackRef, code: str) -> tuple[JudgmentPayload, str | None]:
    if code == "hash_mismatch":
        return world.judgment("i1", pack), "0" * 64
    if code == "not_assigned":
        return world.judgment("bobs-item", pack), None
    if code == "unknown_pack":
        return world.judgment("i1", pack.model_copy(update={"version": "9.9.9"})), None
    if code == "bad_display_order":
        return world.judgment("i1", pack, display_order=("a", "a")), None
    return world.judgment("i1", pack, supersedes_id="never-pushed"), None


CODES = ["hash_mismatch", "not_assigned", "unknown_pack", "bad_display_order", "bad_supersedes"]


@pytest.mark.parametrize("code", CODES)
def test_a_rejection_uses_up_its_seq_and_a_retry_replays_the_same_rejection(
    world: World, code: str
) -> None:
    token = world.member("ann", "annotator")
    world.member("bob", "annotator")
    world.items("i1", "bobs-item")
    world.assign(world.batch("b1", ["i1"]), "ann")
    world.assign(world.batch("b2", ["bobs-item"]), "bob")
    pack = world.demo_pack()
    bad, sha = _spoiled(world, pack, code)
    first = world.push(token, "dev-1", [(1, bad)], sha=sha).json()
    assert (first["results"][0]["status"], first["results"][0]["code"]) == ("rejected", code)
    assert first["acked_through"] == 1
    retry = world.push(token, "dev-1", [(1, bad)], sha=sha).json()["results"][0]
    assert retry == first["results"][0]
    after = world.push(token, "dev-1", [(2, world.judgment("i1", pack))]).json()["results"][0]
    assert after["status"] == "accepted"


def test_an_item_of_another_annotator_and_a_missing_item_get_the_same_reason(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.member("bob", "annotator")
    world.items("i1", "x-item")
    world.assign(world.batch("b1", ["i1"]), "ann")
    world.assign(world.batch("b2", ["x-item"]), "bob")
    pack = world.demo_pack()
    # Two ids of one length, so only their existence could tell the reasons apart.
    theirs, missing = world.judgment("x-item", pack), world.judgment("y-item", pack)
    results = world.push(token, "dev-1", [(1, theirs), (2, missing)]).json()["results"]
    assert results[0]["code"] == results[1]["code"] == "not_assigned"
    assert results[0]["reason"].replace("x-item", "ITEM") == results[1]["reason"].replace(
        "y-item", "ITEM"
    )


# -- kept, never refused ----------------------------------------------------------------------


def test_a_judgment_under_an_older_pack_version_is_accepted_with_stale_pack(
    world: World, pushed: Pushed
) -> None:
    world.pack("2.0.0", pack_id=pushed.pack.id)
    result, _ = _push_one(world, pushed, 3, world.judgment("i3", pushed.pack))
    assert (result["status"], result["stale_pack"]) == ("accepted", True)


def test_a_judgment_under_the_newest_pack_version_is_not_stale(
    world: World, pushed: Pushed
) -> None:
    result, _ = _push_one(world, pushed, 3, world.judgment("i3", pushed.pack))
    assert (result["status"], result["stale_pack"]) == ("accepted", False)


def test_pack_versions_compare_by_number_not_by_text_when_deciding_stale(
    world: World, pushed: Pushed
) -> None:
    nine = world.pack("9.0.0", pack_id="numbered")
    world.pack("10.0.0", pack_id="numbered")
    result, _ = _push_one(world, pushed, 3, world.judgment("i3", nine))
    assert result["stale_pack"] is True


def test_a_judgment_after_the_lease_ran_out_is_accepted_with_late_even_before_expiry_is_noticed(
    world: World, pushed: Pushed
) -> None:
    world.expire(world.assignment_of(pushed.batch_id, "ann").id)  # lease_expires_at in the past
    result, _ = _push_one(world, pushed, 3, world.judgment("i3", pushed.pack))
    assert (result["status"], result["late"]) == ("accepted", True)


def test_a_judgment_within_the_lease_is_not_late(world: World, pushed: Pushed) -> None:
    result, _ = _push_one(world, pushed, 3, world.judgment("i3", pushed.pack))
    assert result["late"] is False


# -- the request itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "field"),
    [("body", "force"), ("item", "priority"), ("payload", "annotator")],
)
def test_an_unknown_field_is_422_naming_the_field(
    world: World, pushed: Pushed, where: str, field: str
) -> None:
    j3 = world.judgment("i3", pushed.pack)
    payload = j3.model_dump() | ({field: 1} if where == "payload" else {})
    item = {"client_seq": 3, "payload": payload, "payload_sha256": payload_sha256(payload)}
    item |= {field: 1} if where == "item" else {}
    body: dict[str, Any] = {"device_id": "dev-1", "session_id": "s", "items": [item]}
    body |= {field: 1} if where == "body" else {}
    response = world.client.post("/v1/push", json=body, headers=auth(pushed.token))
    assert response.status_code == 422
    assert response.json()["where"].endswith(field)
    assert field in response.json()["message"]
    assert _count(world, Judgment) == 1


def test_a_device_id_registered_to_another_user_is_404(world: World, pushed: Pushed) -> None:
    bob = world.member("bob", "annotator")
    response = world.push(bob, "dev-1", [(3, world.judgment("i3", pushed.pack))])
    assert response.status_code == 404


def test_the_assignment_moves_assigned_in_progress_submitted_with_a_feed_entry_each(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1", "i2")
    batch = world.batch("b1", ["i1", "i2"])
    assignment_id = world.assign(batch, "ann")
    pack = world.demo_pack()
    seen: list[tuple[str, int]] = []
    cursor = 0
    for seq, item_id in ((0, None), (1, "i1"), (2, "i2")):
        if item_id is not None:
            world.push(token, "dev-1", [(seq, world.judgment(item_id, pack))])
        page = world.feed(token, after=cursor)
        cursor = page["next_after"]
        (change,) = [c for c in page["changes"] if c["id"] == assignment_id]
        seen.append((change["body"]["state"], change["version"]))
    assert [state for state, _ in seen] == ["assigned", "in_progress", "submitted"]
    assert [version for _, version in seen] == sorted({v for _, v in seen})
    with world.db.session() as session:
        entries = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.entity_id == assignment_id)
        )
    assert entries == 3


# -- one page carrying the same thing twice ---------------------------------------------------


def test_one_id_twice_in_a_page_is_accepted_then_duplicate_with_one_server_seq(
    world: World, pushed: Pushed
) -> None:
    j3 = world.judgment("i3", pushed.pack)
    results = world.push(pushed.token, "dev-1", [(3, j3), (4, j3)]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "duplicate"]
    assert results[1]["server_seq"] == results[0]["server_seq"]
    again = world.push(pushed.token, "dev-1", [(3, j3), (4, j3)]).json()["results"]
    assert [(r["status"], r["server_seq"]) for r in again] == [
        ("duplicate", results[0]["server_seq"])
    ] * 2


def test_one_id_twice_in_a_page_with_other_content_is_accepted_then_violation(
    world: World, pushed: Pushed
) -> None:
    j3 = world.judgment("i3", pushed.pack)
    other = j3.model_copy(update={"answers": {"preferred": "b"}})
    results = world.push(pushed.token, "dev-1", [(3, j3), (4, other)]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "violation"]
    with world.db.session() as session:
        stored = session.get(Judgment, j3.id)
        assert stored is not None
        assert stored.payload_sha256 == payload_sha256(j3.model_dump())


def test_one_seq_twice_in_a_page_applies_the_first_and_refuses_the_second(
    world: World, pushed: Pushed
) -> None:
    a, b = world.judgment("i3", pushed.pack), world.judgment("i2", pushed.pack)
    results = world.push(pushed.token, "dev-1", [(3, a), (3, b)]).json()["results"]
    assert sorted(r["status"] for r in results) == ["accepted", "violation"]
    assert _count(world, Judgment) == 2


def test_a_page_sent_out_of_order_is_applied_in_seq_order(world: World, pushed: Pushed) -> None:
    a, b = world.judgment("i3", pushed.pack), world.judgment("i2", pushed.pack)
    body = world.push(pushed.token, "dev-1", [(4, b), (3, a)]).json()
    assert [(r["client_seq"], r["status"]) for r in body["results"]] == [
        (3, "accepted"),
        (4, "accepted"),
    ]


def test_an_amendment_after_the_batch_is_submitted_keeps_it_submitted_without_a_feed_entry(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1")
    batch = world.batch("b1", ["i1"])
    world.assign(batch, "ann")
    pack = world.demo_pack()
    original = world.judgment("i1", pack)
    world.push(token, "dev-1", [(1, original)])
    cursor = world.feed(token)["next_after"]
    amend = world.judgment("i1", pack, choice="b", supersedes_id=original.id)
    assert world.push(token, "dev-1", [(2, amend)]).json()["results"][0]["status"] == "accepted"
    assert world.assignment_of(batch, "ann").state == "submitted"
    assert world.feed(token, after=cursor)["changes"] == []


def test_a_gzipped_push_is_applied_like_a_plain_one(world: World, pushed: Pushed) -> None:
    j3 = world.judgment("i3", pushed.pack)
    body = {
        "device_id": "dev-1",
        "session_id": "s",
        "items": [
            {
                "client_seq": 3,
                "payload": j3.model_dump(),
                "payload_sha256": payload_sha256(j3.model_dump()),
            }
        ],
    }
    response = world.client.post(
        "/v1/push",
        content=gzip.compress(json.dumps(body).encode()),
        headers=auth(pushed.token)
        | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.json()["results"][0]["status"] == "accepted"


# -- an item in several of the annotator's batches --------------------------------------------


def test_a_judgment_goes_to_the_live_hold_when_its_item_also_sits_in_a_newer_released_batch(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1")
    live = world.batch("live", ["i1"])
    world.assign(live, "ann")
    released = world.batch("released", ["i1"])
    world.assign(released, "ann")
    with world.db.session() as session:
        assert unassign(session, released, "ann")
    pack = world.demo_pack()
    result = world.push(token, "dev-1", [(1, world.judgment("i1", pack))]).json()["results"][0]
    assert (result["status"], result["late"]) == ("accepted", False)
    assert world.assignment_of(live, "ann").state == "submitted"
    with world.db.session() as session:
        assignment_id = session.scalar(select(Judgment.assignment_id))
    assert assignment_id == world.assignment_of(live, "ann").id


def test_a_judgment_goes_to_the_live_hold_when_its_item_also_sits_in_a_newer_expired_batch(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1")
    live = world.batch("live", ["i1"])
    world.assign(live, "ann")
    lapsed = world.batch("lapsed", ["i1"])
    world.assign(lapsed, "ann")
    world.expire(world.assignment_of(lapsed, "ann").id)
    pack = world.demo_pack()
    result = world.push(token, "dev-1", [(1, world.judgment("i1", pack))]).json()["results"][0]
    assert (result["status"], result["late"]) == ("accepted", False)
    assert world.assignment_of(live, "ann").state == "submitted"


def test_an_item_id_used_in_two_projects_is_judged_in_the_project_whose_pack_it_names(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.member("ann", "annotator", project="p2")
    world.items("i1")
    world.items("i1", project="p2")  # the same id in another project (same task pack, say)
    world.assign(world.batch("in-p2", ["i1"], project="p2"), "ann")
    in_p1 = world.batch("in-p1", ["i1"])
    world.assign(in_p1, "ann")  # the newer hold
    p2_pack = world.pack("1.0.0", project="p2", pack_id="p2-guide")
    world.pack("1.0.0")  # p1 has its own pack
    result = world.push(token, "dev-1", [(1, world.judgment("i1", p2_pack))]).json()["results"][0]
    assert result["status"] == "accepted"
    with world.db.session() as session:
        assert session.scalar(select(Judgment.project_id)) == "p2"
    assert world.assignment_of(in_p1, "ann").state == "assigned"
