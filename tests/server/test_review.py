"""The lead's review workflow through the real API (issue 6, item 5): the queue and its
filters and sampling, accept / return / fix decisions, what reaches the annotator's feed,
batch states from assigned to delivered, and what the next delivery holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from protocol import JudgmentPayload
from server.admin.exporting import export
from server.delivery import Filters
from server.review_queue import in_sample
from tests.server.conftest import auth
from tests.server.sync_world import World

CLEAN = {"helpfulness": {"a": 5, "b": 2}, "issues": {"a": [], "b": []}, "ranking": [["a"], ["b"]]}
CONTRADICTION = {"helpfulness": {"a": 2, "b": 5}, "ranking": [["a"], ["b"]]}
FIX = {"helpfulness": {"a": 2, "b": 5}, "issues": {"a": [], "b": []}, "ranking": [["b"], ["a"]]}


class Desk:
    """A project with one annotator's three-item batch and a lead, all through the API."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.ann = world.member("ann", "annotator")
        self.other = world.member("other", "annotator")
        self.lead = world.member("lead", "lead")
        world.items("i1", "i2", "i3")
        self.batch = world.batch("b1", ["i1", "i2", "i3"])
        self.pack = world.demo_pack()
        self.seq = 0

    def judge(
        self,
        item: str,
        answers: dict[str, Any],
        display_order: tuple[str, ...] = ("a", "b"),
        **extra: Any,
    ) -> JudgmentPayload:
        base = self.world.judgment(item, self.pack, display_order=display_order, **extra)
        payload = base.model_copy(update={"answers": answers, "active_ms": 60_000})
        self.seq += 1
        response = self.world.push(self.ann, "d1", [(self.seq, payload)])
        assert response.json()["results"][0]["status"] == "accepted", response.text
        return payload

    def queue(self, **params: Any) -> dict[str, Any]:
        response = self.world.client.get(
            "/v1/projects/p1/review", params=params, headers=auth(self.lead)
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def queued(self, **params: Any) -> list[str]:
        return [e["judgment_id"] for e in self.queue(**params)["entries"]]

    def decide(self, judgment_id: str, token: str | None = None, **body: Any) -> Any:
        return self.world.client.post(
            f"/v1/projects/p1/judgments/{judgment_id}/review",
            json=body,
            headers=auth(token or self.lead),
        )

    def state(self) -> dict[str, Any]:
        response = self.world.client.get("/v1/projects/p1/batches", headers=auth(self.lead))
        assert response.status_code == 200, response.text
        (batch,) = response.json()
        assert isinstance(batch, dict)
        return batch

    def accept_batch(self) -> Any:
        return self.world.client.post(
            f"/v1/projects/p1/batches/{self.batch}/accept", headers=auth(self.lead)
        )


@pytest.fixture
def desk(world: World) -> Desk:
    return Desk(world)


def _reviews_in_feed(world: World, token: str) -> list[dict[str, Any]]:
    return [c["body"] for c in world.feed(token)["changes"] if c["type"] == "review"]


def test_queue_lists_current_judgments_and_filters_by_flag_rule_batch_and_annotator(
    desk: Desk,
) -> None:
    desk.world.assign(desk.batch, "ann")
    flagged = desk.judge("i1", CONTRADICTION)
    clean = desk.judge("i2", CLEAN)
    assert desk.queued() == [flagged.id, clean.id]
    assert desk.queued(flagged=True) == [flagged.id]
    assert desk.queued(flagged=False) == [clean.id]
    assert desk.queued(rule="ranking_contradicts_rating") == [flagged.id]
    assert desk.queued(rule="too_fast") == []
    assert desk.queued(batch=desk.batch) == [flagged.id, clean.id]
    assert desk.queued(batch="no-such-batch") == []
    assert desk.queued(user="other") == []
    entry = desk.queue()["entries"][0]
    assert entry["annotator"]
    assert entry["user_id"] == "ann"
    assert entry["qc_rules"] == ["ranking_contradicts_rating"]
    assert entry["batch_id"] == desk.batch
    assert entry["review"] is None


def test_an_amended_judgment_is_replaced_in_the_queue_by_its_amendment(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    first = desk.judge("i1", CLEAN)
    amendment = desk.judge("i1", FIX, supersedes_id=first.id)
    assert desk.queued() == [amendment.id]
    assert desk.queue()["entries"][0]["supersedes_id"] == first.id
    refused = desk.decide(first.id, outcome="accepted")
    assert refused.status_code == 409
    assert refused.json()["code"] == "superseded"


def test_sampling_is_stable_grows_with_the_rate_and_always_keeps_flagged(desk: Desk) -> None:
    desk.world.items(*(f"s{n}" for n in range(40)))
    desk.world.assign(desk.world.batch("big", [f"s{n}" for n in range(40)]), "ann")
    clean = [desk.judge(f"s{n}", CLEAN).id for n in range(39)]
    flagged = desk.judge("s39", CONTRADICTION).id
    quarter = desk.queued(sample=0.25, seed="week-48", limit=500)
    assert quarter == desk.queued(sample=0.25, seed="week-48", limit=500)
    assert flagged in quarter
    expected = [j for j in clean if in_sample(j, 0.25, "week-48")]
    assert [j for j in quarter if j != flagged] == expected
    assert 0 < len(expected) < 39
    half = desk.queued(sample=0.5, seed="week-48", limit=500)
    assert set(quarter) <= set(half)
    sampled_too = desk.queued(sample=0.01, seed="x", sample_flagged=True, limit=500)
    assert (flagged in sampled_too) == in_sample(flagged, 0.01, "x")


def test_queue_pages_by_server_seq_and_counts_every_page(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    ids = [desk.judge(item, CLEAN).id for item in ("i1", "i2", "i3")]
    first = desk.queue(limit=2)
    assert [e["judgment_id"] for e in first["entries"]] == ids[:2]
    assert first["total"] == 3
    rest = desk.queue(limit=2, after=first["next_after"])
    assert [e["judgment_id"] for e in rest["entries"]] == ids[2:]
    assert rest["next_after"] is None


def test_returning_needs_a_comment_and_reaches_only_the_annotators_feed(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    judgment = desk.judge("i1", CLEAN)
    empty = desk.decide(judgment.id, outcome="returned", comment="   ")
    assert empty.status_code == 422
    assert empty.json()["where"] == "comment"
    returned = desk.decide(judgment.id, outcome="returned", comment="Rank b first: a is wrong.")
    assert returned.status_code == 200, returned.text
    detail = returned.json()
    assert detail["entry"]["review"] == "returned"
    assert detail["reviews"][0]["comment"] == "Rank b first: a is wrong."
    assert detail["payload"]["answers"] == CLEAN  # the judgment itself is untouched
    (body,) = _reviews_in_feed(desk.world, desk.ann)
    assert body["judgment_id"] == judgment.id
    assert body["outcome"] == "returned"
    assert body["comment"] == "Rank b first: a is wrong."
    assert _reviews_in_feed(desk.world, desk.other) == []
    assert desk.queued(review="returned") == [judgment.id]
    assert desk.queued(review="unreviewed") == []


def test_a_fix_is_checked_against_the_rubric_and_kept_beside_the_original(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    judgment = desk.judge("i1", CLEAN)
    bad = desk.decide(judgment.id, outcome="fixed", fixed_answers={"helpfulness": {"a": 9}})
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_fix"
    assert bad.json()["where"].startswith("fixed_answers")
    missing = desk.decide(judgment.id, outcome="fixed")
    assert missing.status_code == 422
    assert missing.json()["where"] == "fixed_answers"
    stray = desk.decide(judgment.id, outcome="accepted", fixed_answers=FIX)
    assert stray.status_code == 422
    fixed = desk.decide(judgment.id, outcome="fixed", fixed_answers=FIX, comment="b is better")
    assert fixed.status_code == 200, fixed.text
    detail = fixed.json()
    assert detail["payload"]["answers"] == CLEAN
    assert detail["reviews"][-1]["fixed_answers"] == FIX
    assert detail["reviews"][-1]["reviewer"]


def test_a_retried_decision_is_recorded_once_and_a_reused_id_is_refused(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    judgment = desk.judge("i1", CLEAN)
    for _ in range(2):
        again = desk.decide(judgment.id, outcome="accepted", review_id="rev-1")
        assert again.status_code == 200
        assert [r["id"] for r in again.json()["reviews"]] == ["rev-1"]
    other = desk.decide(judgment.id, outcome="returned", comment="no", review_id="rev-1")
    assert other.status_code == 409
    assert other.json()["code"] == "review_id_reused"
    assert len(_reviews_in_feed(desk.world, desk.ann)) == 1


def test_annotators_get_403_and_strangers_404_on_every_review_endpoint(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    judgment = desk.judge("i1", CLEAN)
    stranger = desk.world.member("stranger", "lead", project="p2")
    calls = [
        ("GET", "/v1/projects/p1/review"),
        ("GET", f"/v1/projects/p1/judgments/{judgment.id}"),
        ("POST", f"/v1/projects/p1/judgments/{judgment.id}/review"),
        ("GET", "/v1/projects/p1/batches"),
        ("POST", f"/v1/projects/p1/batches/{desk.batch}/accept"),
    ]
    for method, path in calls:
        body = {"outcome": "accepted"} if method == "POST" else None
        as_annotator = desk.world.client.request(method, path, json=body, headers=auth(desk.ann))
        assert as_annotator.status_code == 403, path
        as_stranger = desk.world.client.request(method, path, json=body, headers=auth(stranger))
        assert as_stranger.status_code == 404, path
    missing = desk.world.client.get("/v1/projects/p1/judgments/nope", headers=auth(desk.lead))
    assert missing.status_code == 404


def test_batch_walks_from_open_to_delivered(desk: Desk, tmp_path: Path) -> None:
    world = desk.world
    assert desk.state()["state"] == "open"
    world.assign(desk.batch, "ann")
    assert desk.state()["state"] == "assigned"
    flagged = desk.judge("i1", CONTRADICTION)
    assert desk.state()["state"] == "in_progress"
    desk.judge("i2", CLEAN)
    third = desk.judge("i3", CLEAN)
    state = desk.state()
    assert (state["state"], state["judged"], state["expected"]) == ("submitted", 3, 3)
    assert state["qc_flagged"] == 1
    refused = desk.accept_batch()
    assert refused.status_code == 409
    assert "flagged" in refused.json()["message"]
    desk.decide(flagged.id, outcome="accepted")
    assert desk.state()["state"] == "checked"
    desk.decide(third.id, outcome="returned", comment="Explain the ranking.")
    assert desk.state()["state"] == "returned"
    assert "returned" in desk.accept_batch().json()["message"]
    desk.judge("i3", CLEAN, supersedes_id=third.id)
    assert desk.state()["state"] == "checked"
    accepted = desk.accept_batch()
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["state"], accepted.json()["accepted"]) == ("accepted", 3)
    with world.db.session() as session:
        manifest = export(session, "p1", tmp_path / "d", ("parquet",), Filters(), False)
    assert manifest["judgments"]["delivered"] == 3
    assert desk.state()["state"] == "delivered"


def test_accepting_a_batch_tells_the_annotator_of_each_judgment_nobody_reviewed(
    desk: Desk,
) -> None:
    desk.world.assign(desk.batch, "ann")
    looked_at = desk.judge("i1", CLEAN)
    second, third = desk.judge("i2", CLEAN), desk.judge("i3", CLEAN)
    assert desk.decide(looked_at.id, outcome="accepted", comment="Good.").status_code == 200
    assert desk.accept_batch().status_code == 200
    reviews = _reviews_in_feed(desk.world, desk.ann)
    by_judgment = {r["judgment_id"]: r for r in reviews}
    assert len(reviews) == len(by_judgment) == 3  # one each: none twice for i1
    assert by_judgment[looked_at.id]["comment"] == "Good."
    assert {by_judgment[j.id]["outcome"] for j in (second, third)} == {"accepted"}
    assert desk.queued(review="unreviewed") == []
    assert desk.accept_batch().status_code == 200  # a retry records nothing more
    assert len(_reviews_in_feed(desk.world, desk.ann)) == 3
    assert _reviews_in_feed(desk.world, desk.other) == []


def test_returned_then_amended_then_accepted_is_delivered_without_the_old_version(
    desk: Desk, tmp_path: Path
) -> None:
    world = desk.world
    world.assign(desk.batch, "ann")
    original = desk.judge("i1", CLEAN)
    desk.decide(original.id, outcome="returned", comment="b is the better answer")
    amendment = desk.judge("i1", FIX, supersedes_id=original.id)
    assert desk.queued(review="unreviewed") == [amendment.id]
    assert desk.decide(amendment.id, outcome="accepted").status_code == 200
    out = tmp_path / "delivery"
    with world.db.session() as session:
        export(session, "p1", out, ("parquet",), Filters(), False)
    table = pq.read_table(out / "parquet/train.parquet").to_pylist()
    assert [row["judgment_id"] for row in table] == [amendment.id]
    assert table[0]["review_outcome"] == "accepted"


def test_a_fixed_judgment_is_delivered_with_the_reviewers_answers(
    desk: Desk, tmp_path: Path
) -> None:
    desk.world.assign(desk.batch, "ann")
    judgment = desk.judge("i1", CLEAN)
    desk.decide(judgment.id, outcome="fixed", fixed_answers=FIX)
    out = tmp_path / "delivery"
    with desk.world.db.session() as session:
        export(session, "p1", out, ("parquet",), Filters(), False)
    (row,) = pq.read_table(out / "parquet/train.parquet").to_pylist()
    assert row["review_outcome"] == "fixed"
    assert json.loads(row["answers_json"]) == FIX
