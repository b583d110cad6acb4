"""``GET /v1/projects/{p}/report`` through the real API: who may read it, figures on a small
hand-checked case, superseded revisions left out, an empty project, an unreadable pack."""

from __future__ import annotations

import json
from typing import Any

from server.models import GoldAnswer, PackVersion
from tests.server.conftest import auth
from tests.server.sync_world import World
from tests.server.test_review import CLEAN, FIX, Desk

GOLD = {"ranking": [["a"], ["b"]], "helpfulness": {"a": 5, "b": 2}}


def _report(world: World, token: str) -> Any:
    return world.client.get("/v1/projects/p1/report", headers=auth(token))


def test_annotators_get_403_and_strangers_404(world: World) -> None:
    desk = Desk(world)
    stranger = world.member("stranger", "lead", project="p2")
    assert _report(world, desk.ann).status_code == 403
    assert _report(world, stranger).status_code == 404


def test_a_project_with_no_judgments_reports_unknowns_not_zeros(world: World) -> None:
    desk = Desk(world)
    response = _report(world, desk.lead)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["judgments"], body["annotators"], body["questions"]) == (0, [], [])
    assert body["days"] == []
    assert [b["state"] for b in body["batches"]] == ["open"]


def test_figures_of_two_annotators_with_gold_and_an_amendment(world: World) -> None:
    desk = Desk(world)
    ann2 = world.member("ann2", "annotator")
    with world.db.session() as session:
        session.add(GoldAnswer(project_id="p1", item_id="i1", answers_json=json.dumps(GOLD)))
    world.assign(desk.batch, "ann")
    world.assign(world.batch("b2", ["i1", "i2"]), "ann2")
    first = desk.judge("i1", FIX)  # wrong on gold: amended below, so it no longer counts
    desk.judge("i1", CLEAN, supersedes_id=first.id)
    desk.judge("i2", CLEAN)
    for seq, (item, answers) in enumerate((("i1", CLEAN), ("i2", FIX)), start=1):
        payload = world.judgment(item, desk.pack, display_order=("a", "b"))
        payload = payload.model_copy(update={"answers": answers, "active_ms": 30_000})
        assert world.push(ann2, "d2", [(seq, payload)]).status_code == 200
    body = _report(world, desk.lead).json()
    people = {a["user_id"]: a for a in body["annotators"]}
    assert body["judgments"] == 4  # the superseded revision is left out
    assert people["ann"]["judgments"] == 2
    assert people["ann"]["gold_items"] == 1
    assert people["ann"]["gold_accuracy"] == 1.0
    assert people["ann"]["per_hour"] == 2 / (120_000 / 3_600_000)
    assert people["ann2"]["gold_accuracy"] == 1.0
    (ranking,) = [q for q in body["questions"] if q["question_id"] == "ranking"]
    # i1: both rank a first (tau 1); i2: opposite rankings (tau -1).
    assert ranking["value"] == 0.0
    assert ranking["units"] == 2
    assert [(p["a"], p["b"], p["value"]) for p in ranking["pairs"]] == [("ann", "ann2", 0.0)]
    assert people["ann"]["peer_agreement"] == 0.0


def test_an_unreadable_pack_is_a_note_not_a_failure(world: World) -> None:
    desk = Desk(world)
    world.assign(desk.batch, "ann")
    desk.judge("i1", CLEAN)
    with world.db.session() as session:
        row = session.get(PackVersion, ("p1", desk.pack.id, desk.pack.version))
        assert row is not None
        row.canonical = b"not a pack"
    response = _report(world, desk.lead)
    assert response.status_code == 200, response.text
    notes = " ".join(response.json()["notes"])
    assert "could not be read" in notes
    assert "left out" in notes
