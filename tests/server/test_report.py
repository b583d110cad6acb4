"""``GET /v1/projects/{p}/report`` through the real API: who may read it, figures on a small
hand-checked case, superseded revisions left out, an empty project, an unreadable pack."""

from __future__ import annotations

import json
from statistics import fmean
from typing import Any

import krippendorff
import numpy as np
import pytest
import scipy.stats  # type: ignore[import-untyped]
from sqlalchemy import update

from protocol import ProjectReport
from server.models import GoldAnswer, Judgment, PackVersion
from server.report import ReportSettings, project_report
from tests.server.conftest import auth
from tests.server.sync_world import World
from tests.server.test_review import CLEAN, CONTRADICTION, FIX, Desk

GOLD = {"ranking": [["a"], ["b"]], "helpfulness": {"a": 5, "b": 2}}


def _report(world: World, token: str) -> Any:
    return world.client.get("/v1/projects/p1/report", headers=auth(token))


def _body(world: World, token: str) -> dict[str, Any]:
    response = _report(world, token)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    ProjectReport.model_validate(body)
    return body


def _push(world: World, desk: Desk, token: str, answers: list[tuple[str, Any]]) -> None:
    for seq, (item, given) in enumerate(answers, start=1):
        payload = world.judgment(item, desk.pack, display_order=("a", "b"))
        payload = payload.model_copy(update={"answers": given, "active_ms": 30_000})
        response = world.push(token, "d2", [(seq, payload)])
        assert response.json()["results"][0]["status"] == "accepted", response.text


def test_annotators_get_403_and_strangers_404(world: World) -> None:
    desk = Desk(world)
    stranger = world.member("stranger", "lead", project="p2")
    assert _report(world, desk.ann).status_code == 403
    assert _report(world, stranger).status_code == 404


def test_a_project_with_no_judgments_reports_unknowns_not_zeros(world: World) -> None:
    desk = Desk(world)
    body = _body(world, desk.lead)
    assert (body["judgments"], body["annotators"], body["questions"]) == (0, [], [])
    assert body["days"] == []
    assert body["qc_counts"] == {}
    assert [b["state"] for b in body["batches"]] == ["open"]


def test_a_lone_annotator_without_gold_or_active_time_has_none_figures(world: World) -> None:
    desk = Desk(world)
    world.assign(desk.batch, "ann")
    payload = world.judgment("i1", desk.pack).model_copy(update={"answers": CLEAN, "active_ms": 0})
    assert world.push(desk.ann, "d1", [(1, payload)]).json()["results"][0]["status"] == "accepted"
    body = _body(world, desk.lead)
    (ann,) = body["annotators"]
    assert ann["judgments"] == 1
    assert ann["active_ms"] == 0
    assert ann["per_hour"] is None  # no active time: unknown, not 0 an hour
    assert (ann["gold_items"], ann["gold_accuracy"]) == (0, None)
    assert ann["peer_agreement"] is None  # nobody to agree with
    assert ann["length_rho"] is None
    (ranking,) = [q for q in body["questions"] if q["question_id"] == "ranking"]
    assert (ranking["value"], ranking["alpha"], ranking["units"]) == (None, None, 0)
    (day,) = body["days"]
    assert (day["judgments"], day["gold_accuracy"], day["agreement"]) == (1, None, None)


def test_figures_of_two_annotators_equal_hand_counts_scipy_and_krippendorff(
    world: World,
) -> None:
    desk = Desk(world)
    ann2 = world.member("ann2", "annotator")
    with world.db.session() as session:
        for item in ("i1", "i2"):
            session.add(GoldAnswer(project_id="p1", item_id=item, answers_json=json.dumps(GOLD)))
    world.assign(desk.batch, "ann")
    world.assign(world.batch("b2", ["i1", "i2"]), "ann2")
    first = desk.judge("i1", FIX)  # wrong on gold: amended below, so it no longer counts
    desk.judge("i1", CLEAN, supersedes_id=first.id)
    desk.judge("i2", CLEAN)
    _push(world, desk, ann2, [("i1", CLEAN), ("i2", FIX)])
    body = _body(world, desk.lead)
    people = {a["user_id"]: a for a in body["annotators"]}
    assert body["judgments"] == 4  # the superseded revision is left out
    assert people["ann"]["judgments"] == 2
    assert people["ann"]["active_ms"] == 120_000
    assert people["ann"]["per_hour"] == 2 / (120_000 / 3_600_000)
    # Gold scores the ranking and each response's rating: 3 answers a gold item.
    assert (people["ann"]["gold_items"], people["ann"]["gold_accuracy"]) == (2, 1.0)
    assert (people["ann2"]["gold_items"], people["ann2"]["gold_accuracy"]) == (2, 3 / 6)
    questions = {q["question_id"]: q for q in body["questions"]}
    ranking, helpfulness = questions["ranking"], questions["helpfulness"]
    # i1: both rank a first; i2: opposite rankings.
    taus = [
        scipy.stats.kendalltau([0, 1], [0, 1], variant="b").statistic,
        scipy.stats.kendalltau([0, 1], [1, 0], variant="b").statistic,
    ]
    assert ranking["metric"] == "mean_tau_b"
    assert ranking["value"] == pytest.approx(fmean(taus), abs=1e-12) == 0.0
    assert (ranking["units"], ranking["annotators"]) == (2, 2)
    assert [(p["a"], p["b"], p["common"]) for p in ranking["pairs"]] == [("ann", "ann2", 2)]
    assert ranking["pairs"][0]["value"] == pytest.approx(fmean(taus), abs=1e-12)
    # ann, ann2 × units (i1,a) (i1,b) (i2,a) (i2,b): rank positions, then ratings.
    positions = np.array([[0, 1, 0, 1], [0, 1, 1, 0]], dtype=float)
    ratings = np.array([[5, 2, 5, 2], [5, 2, 2, 5]], dtype=float)
    expected_rank_alpha = krippendorff.alpha(
        reliability_data=positions, level_of_measurement="ordinal"
    )
    expected_rating_alpha = krippendorff.alpha(
        reliability_data=ratings, level_of_measurement="ordinal", value_domain=[1, 2, 3, 4, 5]
    )
    assert ranking["alpha"] == pytest.approx(expected_rank_alpha, abs=1e-12)
    assert helpfulness["metric"] == "alpha_ordinal"
    assert helpfulness["value"] == pytest.approx(expected_rating_alpha, abs=1e-12)
    assert helpfulness["percent"] == 0.5  # 2 of the 4 (item, response) units agree
    assert people["ann"]["peer_agreement"] == people["ann2"]["peer_agreement"] == 0.0
    assert people["ann"]["position_shares"] == [1.0, 0.0]  # a, shown first, ranked first twice


def test_days_go_by_the_day_the_server_received_each_judgment(world: World) -> None:
    desk = Desk(world)
    world.assign(desk.batch, "ann")
    with world.db.session() as session:
        session.add(GoldAnswer(project_id="p1", item_id="i1", answers_json=json.dumps(GOLD)))
    early = desk.judge("i1", CLEAN)
    desk.judge("i2", CLEAN)
    with world.db.session() as session:
        session.execute(
            update(Judgment)
            .where(Judgment.id == early.id)
            .values(received_at="2026-11-01T23:59:59.000000Z")
        )
    days = _body(world, desk.lead)["days"]
    received = [(d["day"], d["judgments"], d["gold_accuracy"]) for d in days]
    assert len(received) == 2
    assert received[0] == ("2026-11-01", 1, 1.0)  # its payload says submitted on 2026-11-26
    assert received[1][1:] == (1, None)  # i2 is not gold: unknown, not 0


def test_a_rule_tripped_on_most_of_an_annotators_judgments_becomes_a_flag(
    world: World,
) -> None:
    desk = Desk(world)
    world.assign(desk.batch, "ann")
    desk.judge("i1", CONTRADICTION)
    desk.judge("i2", CONTRADICTION)
    desk.judge("i3", CLEAN)
    body = _body(world, desk.lead)
    (ann,) = body["annotators"]
    assert ann["qc_counts"]["ranking_contradicts_rating"] == 2
    assert body["qc_counts"]["ranking_contradicts_rating"] == 2
    assert "ranking_contradicts_rating" in ann["flags"]  # 2 of 3 > max_rule_share
    with world.db.session() as session:
        strict = project_report(session, "p1", ReportSettings(max_rule_share=0.7))
    assert "ranking_contradicts_rating" not in strict.annotators[0].flags


def test_text_copied_across_items_is_counted_and_flagged(world: World) -> None:
    desk = Desk(world)
    world.assign(desk.batch, "ann")
    same = "The first answer is clearly better."
    for item in ("i1", "i2"):
        desk.judge(item, {**CLEAN, "rationale": same})
    desk.judge("i3", {**CLEAN, "rationale": "Only b mentions the date."})
    (ann,) = _body(world, desk.lead)["annotators"]
    assert ann["qc_counts"]["text_copied_across_items"] == 2  # both copies, not only the second
    assert "text_copied_across_items" in ann["flags"]


def test_an_unreadable_pack_is_a_note_not_a_failure(world: World) -> None:
    desk = Desk(world)
    world.assign(desk.batch, "ann")
    desk.judge("i1", CLEAN)
    with world.db.session() as session:
        row = session.get(PackVersion, ("p1", desk.pack.id, desk.pack.version))
        assert row is not None
        row.canonical = b"not a pack"
    body = _body(world, desk.lead)
    notes = " ".join(body["notes"])
    assert "could not be read" in notes
    assert "left out" in notes
    assert body["judgments"] == 0
