"""The delivery's minimum-agreement filter: per-item agreement among the item's annotators
(``server.qc.item_agreement``), checked against scipy, and applied by the export."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import scipy.stats  # type: ignore[import-untyped]

from guidelines.localtext import LocalText
from guidelines.rubric import ChoiceQuestion, Option, RankingQuestion, Rubric
from server.admin.exporting import export
from server.delivery import Filters
from server.qc.item_agreement import item_agreement
from server.qc.records import Judgment, answer_records
from tests.server.sync_world import World
from tests.server.test_review import CLEAN, FIX, Desk

RUBRIC = Rubric(
    questions=(
        RankingQuestion(id="rank", label=LocalText.of(en="Rank")),
        ChoiceQuestion(
            id="pick",
            label=LocalText.of(en="Pick"),
            options=(
                Option(id="x", label=LocalText.of(en="x")),
                Option(id="y", label=LocalText.of(en="y")),
            ),
        ),
    )
)


def _j(annotator: str, item: str, rank: list[list[str]], pick: str) -> Judgment:
    return Judgment(f"{annotator}-{item}", item, annotator, {"rank": rank, "pick": pick}, (), 1000)


def test_item_agreement_is_the_mean_of_pairwise_tau_and_exact_matches() -> None:
    judgments = [
        _j("u1", "i1", [["a"], ["b"], ["c"]], "x"),
        _j("u2", "i1", [["a"], ["c"], ["b"]], "x"),
        _j("u1", "i2", [["a"], ["b"], ["c"]], "x"),
        _j("u2", "i2", [["c"], ["b"], ["a"]], "y"),
        _j("u1", "i3", [["a"], ["b"], ["c"]], "x"),  # one annotator: no figure
    ]
    figures = item_agreement(answer_records(judgments, RUBRIC), RUBRIC)
    tau_i1 = scipy.stats.kendalltau([1, 2, 3], [1, 3, 2]).statistic
    tau_i2 = scipy.stats.kendalltau([1, 2, 3], [3, 2, 1]).statistic
    assert set(figures) == {"i1", "i2"}
    assert abs(figures["i1"] - (tau_i1 + 1.0) / 2) < 1e-12
    assert abs(figures["i2"] - (tau_i2 + 0.0) / 2) < 1e-12


def test_export_with_a_minimum_agreement_keeps_only_items_annotators_agree_on(
    world: World, tmp_path: Path
) -> None:
    desk = Desk(world)
    ann2 = world.member("ann2", "annotator")
    second = world.batch("b2", ["i1", "i2", "i3"])
    world.assign(desk.batch, "ann")
    world.assign(second, "ann2")
    agreed = desk.judge("i1", CLEAN)
    disputed = desk.judge("i2", CLEAN)
    for seq, (item, answers) in enumerate((("i1", CLEAN), ("i2", FIX)), start=1):
        payload = world.judgment(item, desk.pack, display_order=("a", "b"))
        payload = payload.model_copy(update={"answers": answers, "active_ms": 60_000})
        assert world.push(ann2, "d2", [(seq, payload)]).status_code == 200
    with world.db.session() as session:
        manifest = export(
            session, "p1", tmp_path / "d", ("parquet",),
            Filters(accepted_only=False, min_agreement=0.5), False,
        )  # fmt: skip
    rows = pq.read_table(tmp_path / "d/parquet/train.parquet").to_pylist()
    assert {r["item_id"] for r in rows} == {"i1"}
    assert agreed.id in {r["judgment_id"] for r in rows}
    assert disputed.id not in {r["judgment_id"] for r in rows}
    assert manifest["filters"]["min_agreement"] == 0.5
