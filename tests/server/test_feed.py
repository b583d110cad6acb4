"""GET /v1/feed: the caller's changes in server_seq order, current state, resumable cursor."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import server.feed
from protocol import MAX_FEED_PAGE
from server.assignments import assign, unassign
from server.change_log import append_change
from server.db import Database, utc_now
from server.models import ChangeLogEntry, GoldAnswer
from server.settings import ServerSettings
from tests.server.conftest import auth
from tests.server.sync_world import World


def _all_changes(world: World, token: str, limit: int) -> tuple[list[dict[str, object]], int]:
    """Read the feed page by page from 0; returns the changes and how many pages it took."""
    after, changes, pages = 0, [], 0
    while True:
        page = world.feed(token, after=after, limit=limit)
        pages += 1
        changes.extend(page["changes"])
        assert page["next_after"] >= after
        after = page["next_after"]
        if not page["has_more"]:
            assert after == page["feed_head"]
            return changes, pages


def test_feed_pages_in_seq_order_and_resumes_from_cursor(world: World) -> None:
    token = world.member("ann", "annotator")
    world.items(*(f"i{n}" for n in range(5)))
    batches = [world.batch(f"b{n}", [f"i{n}"]) for n in range(5)]
    for batch in batches:
        world.assign(batch, "ann")
    world.pack("1.0.0")
    world.pack("1.1.0")  # rows only, no change entries: they do not appear
    paged, pages = _all_changes(world, token, limit=2)
    assert pages == 3
    seqs = [c["server_seq"] for c in paged]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
    assert [c["body"]["batch_name"] for c in paged] == [f"b{n}" for n in range(5)]  # type: ignore[index]
    whole = world.feed(token, after=0, limit=MAX_FEED_PAGE)
    assert whole["changes"] == paged
    # Resuming from the end yields nothing new, and the cursor stays at the head.
    tail = world.feed(token, after=whole["next_after"])
    assert (tail["changes"], tail["has_more"]) == ([], False)


def test_feed_serves_the_current_state_once_per_entity_per_page(world: World) -> None:
    token = world.member("ann", "annotator")
    world.items("i1", "i2")
    batch = world.batch("b1", ["i1", "i2"])
    assignment_id = world.assign(batch, "ann")
    pack = world.pack()
    world.push(token, "dev-1", [(1, world.judgment("i1", pack))])  # → in_progress
    world.push(token, "dev-1", [(2, world.judgment("i2", pack))])  # → submitted
    changes = world.feed(token)["changes"]
    assert [(c["id"], c["body"]["state"], c["version"]) for c in changes] == [
        (assignment_id, "submitted", 3)
    ]


def test_feed_never_shows_another_users_assignment(world: World) -> None:
    ann = world.member("ann", "annotator")
    bob = world.member("bob", "annotator")
    world.items("i1", "i2")
    mine, theirs = world.batch("mine", ["i1"]), world.batch("theirs", ["i2"])
    world.assign(mine, "ann")
    world.assign(theirs, "bob")
    bob_page = world.feed(bob)
    ann_page = world.feed(ann)
    assert [c["body"]["batch_name"] for c in ann_page["changes"]] == ["mine"]
    assert [c["body"]["batch_name"] for c in bob_page["changes"]] == ["theirs"]
    assert "theirs" not in json.dumps(ann_page)
    # Filtered entries still move the cursor: nothing is re-read next time.
    assert ann_page["next_after"] == ann_page["feed_head"]


def test_feed_hides_other_projects_entirely(world: World) -> None:
    ann = world.member("ann", "annotator")
    world.member("zed", "annotator", project="p2")
    world.items("x1", project="p2")
    world.assign(world.batch("secret", ["x1"], project="p2"), "zed")
    assert world.feed(ann)["changes"] == []


def test_an_unassigned_batch_arrives_as_a_remove_without_a_body(world: World) -> None:
    token = world.member("ann", "annotator")
    world.items("i1")
    batch = world.batch("b1", ["i1"])
    assignment_id = world.assign(batch, "ann")
    after = world.feed(token)["next_after"]
    with world.db.session() as session:
        assert unassign(session, batch, "ann")
    (change,) = world.feed(token, after=after)["changes"]
    assert (change["id"], change["op"], change["body"]) == (assignment_id, "remove", None)


def test_gold_items_arrive_as_ordinary_items_with_no_answers_and_no_marker(world: World) -> None:
    token = world.member("ann", "annotator")
    world.items("i1", "g1", gold=("g1",))
    with world.db.session() as session:
        session.add(
            GoldAnswer(project_id="p1", item_id="g1", answers_json='{"preferred": "SECRET-A"}')
        )
    world.assign(world.batch("b1", ["i1", "g1"]), "ann")
    (change,) = world.feed(token)["changes"]
    items = [entry["item"] for entry in change["body"]["items"]]
    assert [item["id"] for item in items] == ["i1", "g1"]
    assert set(items[0]) == set(items[1])  # the gold item looks exactly like the other
    text = json.dumps(change).lower()
    assert "gold" not in text
    assert "secret-a" not in text


def test_a_page_is_bounded_by_bytes_as_well_as_by_count(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = world.member("ann", "annotator")
    world.items(*(f"i{n}" for n in range(4)))
    for n in range(4):
        world.assign(world.batch(f"b{n}", [f"i{n}"]), "ann")
    monkeypatch.setattr(server.feed, "PAGE_BYTES", 10)  # every body is larger than this
    changes, pages = _all_changes(world, token, limit=MAX_FEED_PAGE)
    assert pages == 4
    assert [c["body"]["batch_name"] for c in changes] == ["b0", "b1", "b2", "b3"]  # type: ignore[index]


def test_a_limit_above_the_maximum_and_a_missing_token_are_refused(world: World) -> None:
    token = world.member("ann", "annotator")
    too_many = world.client.get(
        "/v1/feed", params={"limit": MAX_FEED_PAGE + 1}, headers=auth(token)
    )
    assert too_many.status_code == 422
    assert world.client.get("/v1/feed").status_code == 401


# -- commit order ---------------------------------------------------------------------------


@pytest.fixture
def pg_world(tmp_path: object) -> Iterator[World]:
    from fastapi.testclient import TestClient

    from server.app import create_app
    from tests.server.cli_helpers import pg_schema_url

    with pg_schema_url() as url:  # skips, saying why, without PREFDESK_TEST_DATABASE_URL
        db = Database.open(url)
        try:
            with TestClient(create_app(ServerSettings(database_url=url), db)) as client:
                yield World(db, client)
        finally:
            db.dispose()


@pytest.mark.postgres
def test_cursor_never_skips_a_late_committed_change(pg_world: World) -> None:
    """T1 takes a feed seq and stays open; T2 wants a later one and must wait for T1's
    commit (the counter's row lock), so no reader can see T2's seq before T1's exists."""
    world = pg_world
    token = world.member("ann", "annotator")
    world.items("i1", "i2")
    b1, b2 = world.batch("b1", ["i1"]), world.batch("b2", ["i2"])
    before = world.feed(token)["next_after"]
    sessions = sessionmaker(world.db.engine)
    t1 = sessions()
    t1.begin()
    assign(t1, b1, "ann")  # holds the feed_seq counter's row lock from here to commit
    t2_done = threading.Event()
    t2_finished_at: list[float] = []

    def second_writer() -> None:
        with sessions.begin() as t2:
            assign(t2, b2, "ann")
        t2_finished_at.append(time.monotonic())
        t2_done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    try:
        assert not t2_done.wait(1.0), "T2 committed a later seq while T1 was still open"
        middle = world.feed(token, after=before)
        assert middle["changes"] == []
        assert middle["next_after"] == before  # the cursor did not move past T1's seq
    finally:
        t1_committed_at = time.monotonic()
        t1.commit()
        t1.close()
        thread.join(10)
    assert t2_done.is_set()
    assert t2_finished_at[0] >= t1_committed_at
    changes = world.feed(token, after=middle["next_after"])["changes"]
    assert [c["body"]["batch_name"] for c in changes] == ["b1", "b2"]
    assert changes[0]["server_seq"] < changes[1]["server_seq"]


def test_writers_of_feed_changes_commit_in_seq_order_on_sqlite(world_db: Database) -> None:
    """On SQLite the same holds by construction: a writer's BEGIN IMMEDIATE waits."""
    if world_db.engine.dialect.name != "sqlite":
        pytest.skip(
            "SQLite-only; on PostgreSQL test_cursor_never_skips_a_late_committed_change proves it"
        )
    sessions = sessionmaker(world_db.engine)
    t1: Session = sessions()
    t1.begin()
    t1.add(
        ChangeLogEntry(
            server_seq=999,
            project_id="p",
            scope_user_id=None,
            entity_type="review",
            entity_id="r",
            entity_version=1,
            op="upsert",
            created_at=utc_now(),
        )
    )
    t1.flush()
    started = threading.Event()
    done = threading.Event()

    def second_writer() -> None:
        started.set()
        with sessions.begin() as t2:
            t2.execute(select(ChangeLogEntry.server_seq)).all()
        done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    started.wait(5)
    assert not done.wait(0.5)
    t1.commit()
    t1.close()
    thread.join(10)
    assert done.is_set()


# -- pack versions, compression, the counter lock itself ------------------------------------


def _publish_demo_pack(world: World, lead: str) -> str:
    """Publish app/demo/guidelines through ``server.packs.publish``; returns its feed id."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.pack_catalog import DEMO_PACK
    from guidelines import load_pack
    from guidelines.keys import TrustedKey
    from guidelines.signing import sign_pack
    from server.models import TrustedKey as TrustedKeyRow
    from server.packs import feed_id, publish

    pack = load_pack(DEMO_PACK)
    key = Ed25519PrivateKey.generate()
    with world.db.session() as session:
        session.add(
            TrustedKeyRow(
                project_id="p1",
                key_id=TrustedKey(key.public_key()).key_id,
                public_key=TrustedKey(key.public_key()).to_text(),
                added_at=utc_now(),
            )
        )
        session.flush()
        canonical_b64 = base64.b64encode(pack.canonical_bytes()).decode()
        publish(session, "p1", lead, canonical_b64, sign_pack(pack, key).to_toml())
    return feed_id(pack.id, pack.version)


def test_a_published_pack_version_is_in_every_members_feed_and_no_one_elses(
    world: World,
) -> None:
    members = {
        name: world.member(name, role)
        for name, role in (("ann", "annotator"), ("bob", "annotator"), ("lee", "lead"))
    }
    outsider = world.member("zed", "annotator", project="p2")
    pack_feed_id = _publish_demo_pack(world, "lee")
    for name, token in members.items():
        ids = [(c["type"], c["id"]) for c in world.feed(token)["changes"]]
        assert ids == [("pack_version", pack_feed_id)], name
    assert world.feed(outsider)["changes"] == []


def test_a_pack_version_in_the_feed_carries_bytes_that_hash_to_its_sha256(world: World) -> None:
    token = world.member("ann", "annotator")
    world.member("lee", "lead")
    _publish_demo_pack(world, "lee")
    (change,) = world.feed(token)["changes"]
    canonical = base64.b64decode(change["body"]["canonical_b64"])
    assert hashlib.sha256(canonical).hexdigest() == change["body"]["sha256"]


def _large_feed(world: World) -> str:
    token = world.member("ann", "annotator")
    ids = [f"i{n:03d}" for n in range(60)]
    world.items(*ids)
    world.assign(world.batch("big", ids), "ann")
    return token


def test_a_large_feed_page_is_gzipped_when_the_client_accepts_gzip(world: World) -> None:
    token = _large_feed(world)
    response = world.client.get("/v1/feed", headers=auth(token) | {"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert len(response.json()["changes"][0]["body"]["items"]) == 60  # decoded intact


def test_a_feed_page_is_plain_when_the_client_does_not_accept_gzip(world: World) -> None:
    token = _large_feed(world)
    response = world.client.get("/v1/feed", headers=auth(token) | {"Accept-Encoding": "identity"})
    assert "content-encoding" not in response.headers


def test_a_small_feed_page_is_not_compressed(world: World) -> None:
    token = world.member("ann", "annotator")
    response = world.client.get("/v1/feed", headers=auth(token) | {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in response.headers


@pytest.mark.postgres
def test_a_second_feed_append_waits_for_the_first_to_commit(pg_world: World) -> None:
    """append_change itself: T1 appends and stays open, T2's append blocks until T1 commits,
    so seq order is commit order and a reader's cursor cannot pass an uncommitted seq."""
    sessions = sessionmaker(pg_world.db.engine)
    t1 = sessions()
    t1.begin()
    first = append_change(
        t1,
        project_id="p1",
        scope_user_id=None,
        entity_type="review",
        entity_id="r1",
        entity_version=1,
    )
    t2_appended = threading.Event()
    t2_seq: list[int] = []

    def second_writer() -> None:
        with sessions.begin() as t2:
            t2_seq.append(
                append_change(
                    t2,
                    project_id="p1",
                    scope_user_id=None,
                    entity_type="review",
                    entity_id="r2",
                    entity_version=1,
                )
            )
            t2_appended.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    try:
        blocked = not t2_appended.wait(1.0)
    finally:
        t1.commit()
        t1.close()
        thread.join(10)
    assert blocked, "T2 appended a feed change while T1 still held its seq open"
    assert t2_appended.is_set()
    assert t2_seq == [first + 1]
