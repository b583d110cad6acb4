"""Consistency checks run on every judgment ``/v1/push`` accepts (issue 6, item 3): the
findings are stored in the push's transaction, listed by ``/v1/projects/{id}/qc`` for leads,
and carried as ``qc_flags`` by the delivery export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

import server.qc_on_push as qc_on_push
from protocol import JudgmentPayload, PackRef
from server.admin.exporting import export
from server.delivery import Filters
from server.models import Judgment, QcFinding
from server.qc.consistency import Finding
from tests.server.conftest import auth
from tests.server.sync_world import World

CONTRADICTION = {"helpfulness": {"a": 2, "b": 5}, "ranking": [["a"], ["b"]]}
CLEAN = {"helpfulness": {"a": 5, "b": 2}, "issues": {"a": [], "b": []}, "ranking": [["a"], ["b"]]}


@pytest.fixture
def seeded(world: World) -> tuple[World, str, str, PackRef]:
    annotator = world.member("ann", "annotator")
    lead = world.member("lead", "lead")
    world.items("i1", "i2", "i3")
    world.assign(world.batch("b1", ["i1", "i2", "i3"]), "ann")
    return world, annotator, lead, world.demo_pack()


def _judgment(
    world: World, item_id: str, pack: PackRef, answers: dict[str, Any], active_ms: int = 60_000
) -> JudgmentPayload:
    base = world.judgment(item_id, pack, display_order=("a", "b"))
    return base.model_copy(update={"answers": answers, "active_ms": active_ms})


def _findings(world: World, token: str, **params: Any) -> list[dict[str, Any]]:
    response = world.client.get("/v1/projects/p1/qc", params=params, headers=auth(token))
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["findings"]
    return found


def _statuses(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def test_contradiction_is_found_and_listed_and_a_clean_judgment_has_none(
    seeded: tuple[World, str, str, PackRef],
) -> None:
    world, annotator, lead, pack = seeded
    bad = _judgment(world, "i1", pack, CONTRADICTION)
    good = _judgment(world, "i2", pack, CLEAN)
    assert _statuses(world.push(annotator, "d1", [(1, bad), (2, good)])) == ["accepted"] * 2
    found = _findings(world, lead)
    assert [(f["judgment_id"], f["rule"]) for f in found] == [
        (bad.id, "ranking_contradicts_rating")
    ]
    assert found[0]["user_id"] == "ann"
    assert found[0]["question_ids"] == ["ranking", "helpfulness"]
    assert found[0]["response_ids"] == ["a", "b"]
    assert "ranked above" in found[0]["sentence"]
    assert _findings(world, lead, rule="too_fast") == []
    assert _findings(world, lead, user="someone-else") == []


def test_too_fast_judgment_is_flagged(seeded: tuple[World, str, str, PackRef]) -> None:
    world, annotator, lead, pack = seeded
    fast = _judgment(world, "i1", pack, CLEAN, active_ms=10)
    assert _statuses(world.push(annotator, "d1", [(1, fast)])) == ["accepted"]
    assert [f["rule"] for f in _findings(world, lead)] == ["too_fast"]


def test_a_retried_push_adds_no_second_finding(seeded: tuple[World, str, str, PackRef]) -> None:
    world, annotator, lead, pack = seeded
    bad = _judgment(world, "i1", pack, CONTRADICTION)
    assert _statuses(world.push(annotator, "d1", [(1, bad)])) == ["accepted"]
    assert _statuses(world.push(annotator, "d1", [(1, bad)])) == ["duplicate"]
    # The same judgment again from another device: still the one finding.
    assert _statuses(world.push(annotator, "d2", [(1, bad)])) == ["duplicate"]
    assert len(_findings(world, lead)) == 1


def test_a_qc_crash_still_accepts_the_judgment(
    seeded: tuple[World, str, str, PackRef],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    world, annotator, _, pack = seeded

    def crash(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("qc bug")

    monkeypatch.setattr(qc_on_push, "check_judgment", crash)
    bad = _judgment(world, "i1", pack, CONTRADICTION)
    assert _statuses(world.push(annotator, "d1", [(1, bad)])) == ["accepted"]
    with world.db.session() as session:
        assert session.get(Judgment, bad.id) is not None
        assert session.execute(select(func.count()).select_from(QcFinding)).scalar() == 0
    logged = [r.getMessage() for r in caplog.records if r.name == "server.qc_on_push"]
    assert logged == [f"qc: checks failed on judgment {bad.id} (RuntimeError)"]


def test_an_unreadable_pack_skips_qc_and_accepts(world: World) -> None:
    token = world.member("ann", "annotator")
    world.items("i1")
    world.assign(world.batch("b1", ["i1"]), "ann")
    pack = world.pack()  # its canonical bytes are not a pack
    fast = _judgment(world, "i1", pack, CONTRADICTION, active_ms=1)
    assert _statuses(world.push(token, "d1", [(1, fast)])) == ["accepted"]


def test_qc_listing_needs_lead_or_admin(seeded: tuple[World, str, str, PackRef]) -> None:
    world, annotator, _, _ = seeded
    assert world.client.get("/v1/projects/p1/qc", headers=auth(annotator)).status_code == 403
    outsider = world.member("out", "lead", project="p2")
    assert world.client.get("/v1/projects/p1/qc", headers=auth(outsider)).status_code == 404
    admin = world.member("adm", "admin")
    assert world.client.get("/v1/projects/p1/qc", headers=auth(admin)).status_code == 200


def test_qc_listing_pages_with_after(seeded: tuple[World, str, str, PackRef]) -> None:
    world, annotator, lead, pack = seeded
    entries = [(n, _judgment(world, f"i{n}", pack, CONTRADICTION)) for n in (1, 2, 3)]
    assert _statuses(world.push(annotator, "d1", entries)) == ["accepted"] * 3
    first = world.client.get("/v1/projects/p1/qc", params={"limit": 2}, headers=auth(lead)).json()
    assert len(first["findings"]) == 2
    assert first["next_after"] is not None
    rest = _findings(world, lead, after=first["next_after"])
    assert len(rest) == 1
    seen = {f["judgment_id"] for f in first["findings"] + rest}
    assert seen == {p.id for _, p in entries}


def test_export_parquet_carries_the_qc_flags(
    seeded: tuple[World, str, str, PackRef], tmp_path: Path
) -> None:
    world, annotator, _, pack = seeded
    bad = _judgment(world, "i1", pack, CONTRADICTION, active_ms=10)
    good = _judgment(world, "i2", pack, CLEAN)
    assert _statuses(world.push(annotator, "d1", [(1, bad), (2, good)])) == ["accepted"] * 2
    filters = Filters(accepted_only=False, pack_versions=(), exclude_stale=False)
    with world.db.session() as session:
        export(session, "p1", tmp_path, ("parquet",), filters, keep_ties=True)
    table = pq.read_table(tmp_path / "parquet" / "train.parquet").to_pylist()
    flags = {row["judgment_id"]: row["qc_flags"] for row in table}
    assert flags == {bad.id: ["ranking_contradicts_rating", "too_fast"], good.id: []}


def test_a_failed_findings_insert_still_accepts_the_judgment(
    seeded: tuple[World, str, str, PackRef], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The insert runs in a savepoint: a database error there leaves the push usable."""
    world, annotator, _, pack = seeded
    bad = _judgment(world, "i1", pack, CONTRADICTION)
    broken = Finding(None, bad.id, "i1", "ann", (), "x")  # type: ignore[arg-type]
    monkeypatch.setattr(qc_on_push, "findings_for", lambda *a: [("p1", broken)])
    assert _statuses(world.push(annotator, "d1", [(1, bad)])) == ["accepted"]
    with world.db.session() as session:
        assert session.get(Judgment, bad.id) is not None
        assert session.execute(select(func.count()).select_from(QcFinding)).scalar() == 0
    monkeypatch.undo()
    good = _judgment(world, "i2", pack, CLEAN)
    assert _statuses(world.push(annotator, "d1", [(2, good)])) == ["accepted"]


def test_a_rationale_copied_across_items_flags_every_copy_across_pushes(
    seeded: tuple[World, str, str, PackRef],
) -> None:
    world, annotator, lead, pack = seeded
    text = "Response A is clearly better because it is accurate."
    first = _judgment(world, "i1", pack, {**CLEAN, "rationale": text})
    assert _statuses(world.push(annotator, "d1", [(1, first)])) == ["accepted"]
    assert _findings(world, lead, rule="text_copied_across_items") == []
    copied = _judgment(world, "i2", pack, {**CLEAN, "rationale": text.upper() + "!"})
    short = _judgment(world, "i3", pack, {**CLEAN, "rationale": "ok"})
    assert _statuses(world.push(annotator, "d1", [(2, copied), (3, short)])) == ["accepted"] * 2
    found = _findings(world, lead, rule="text_copied_across_items")
    assert sorted(f["judgment_id"] for f in found) == sorted([first.id, copied.id])
    assert all(f["question_ids"] == ["rationale"] for f in found)
    assert "i1" in next(f["sentence"] for f in found if f["judgment_id"] == copied.id)


def test_the_same_text_from_two_annotators_is_not_a_copy(
    seeded: tuple[World, str, str, PackRef],
) -> None:
    world, annotator, lead, pack = seeded
    other = world.member("ann2", "annotator")
    world.assign(world.batch("b2", ["i1", "i2", "i3"]), "ann2")
    text = "Response A is clearly better because it is accurate."
    mine = _judgment(world, "i1", pack, {**CLEAN, "rationale": text})
    theirs = _judgment(world, "i2", pack, {**CLEAN, "rationale": text})
    assert _statuses(world.push(annotator, "d1", [(1, mine)])) == ["accepted"]
    assert _statuses(world.push(other, "d2", [(1, theirs)])) == ["accepted"]
    assert _findings(world, lead, rule="text_copied_across_items") == []
