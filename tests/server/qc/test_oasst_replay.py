"""Replay of real human rankings (OpenAssistant en_100_tree) as simulated annotators.

Each sibling group whose replies all carry ``rank`` becomes an item; its human ranking is
the truth. Four faithful annotators follow it with small noise; a random clicker ranks at
random; a first-clicker ranks in displayed order; a fast one ranks faithfully but far below
the reading floor. Bias, consistency and agreement must flag exactly the three bad ones.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from statistics import fmean
from typing import Any

import krippendorff
import numpy as np
import pytest
import scipy.stats  # type: ignore[import-untyped]

from guidelines.localtext import LocalText
from guidelines.rubric import RankingQuestion, Rubric
from server.qc.agreement_report import agreement_report, peer_agreement
from server.qc.bias import length_bias, position_bias
from server.qc.consistency import ConsistencySettings, ItemText, check_annotator
from server.qc.records import Judgment, answer_records
from server.report import ReportSettings

DATA = Path(__file__).resolve().parents[3].parent / "shared/data/oasst-en100-trees"
FILE = DATA / "en_100_tree.lines0-79.jsonl"
RUBRIC = Rubric(questions=(RankingQuestion(id="rank", label=LocalText.of(en="Rank")),))
FAITHFUL = ("faithful1", "faithful2", "faithful3", "faithful4")
BAD = ("random_clicker", "first_clicker", "too_fast")
#: The server report's thresholds, so this replay checks the values the lead's report uses.
THRESHOLDS = ReportSettings()

pytestmark = pytest.mark.skipif(
    not FILE.exists(), reason=f"shared OASST data not present at {FILE} (../shared is absent)"
)


def _groups(node: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    replies = [r for r in node.get("replies", []) if not r.get("deleted")]
    if len(replies) >= 2 and all("rank" in r for r in replies):
        yield node, replies
    for reply in replies:
        yield from _groups(reply)


def _items() -> dict[str, tuple[ItemText, list[str]]]:
    """Item id → (texts, human ranking best first)."""
    out: dict[str, tuple[ItemText, list[str]]] = {}
    for line in FILE.read_text(encoding="utf-8").splitlines():
        for parent, replies in _groups(json.loads(line)["prompt"]):
            texts = {r["message_id"]: r["text"] for r in replies}
            ranking = [r["message_id"] for r in sorted(replies, key=lambda r: r["rank"])]
            out[parent["message_id"]] = (ItemText(parent["text"], texts), ranking)
    return out


def _noisy(truth: list[str], rng: random.Random) -> list[str]:
    ranking = list(truth)
    if rng.random() < 0.2:  # now and then swap two neighbours
        i = rng.randrange(len(ranking) - 1)
        ranking[i], ranking[i + 1] = ranking[i + 1], ranking[i]
    return ranking


def _simulate() -> tuple[list[Judgment], dict[str, ItemText], dict[str, list[str]]]:
    rng = random.Random(20261126)
    items = _items()
    settings = ConsistencySettings()
    judgments: list[Judgment] = []
    for name in (*FAITHFUL, *BAD):
        for item_id, (text, truth) in items.items():
            shown = list(truth)
            rng.shuffle(shown)
            if name == "random_clicker":
                ranking = rng.sample(truth, len(truth))
            elif name == "first_clicker":
                ranking = list(shown)
            else:
                ranking = _noisy(truth, rng)
            floor_ms = text.chars / settings.chars_per_second * 1000
            fast = name == "too_fast"
            active = int(floor_ms * (rng.uniform(0.05, 0.2) if fast else rng.uniform(1.2, 3)))
            judgments.append(
                Judgment(
                    judgment_id=f"{name}:{item_id}",
                    item_id=item_id,
                    annotator=name,
                    answers={"rank": [[r] for r in ranking]},
                    display_order=tuple(shown),
                    active_ms=active,
                    submitted_at=f"2026-11-{20 + len(judgments) % 3}T10:00:00Z",
                )
            )
    return judgments, {k: t for k, (t, _) in items.items()}, {k: r for k, (_, r) in items.items()}


def test_qc_flags_the_three_bad_simulated_annotators_and_none_of_the_faithful() -> None:
    judgments, texts, truth = _simulate()
    assert len(texts) >= 150  # README: 171 fully ranked sibling groups
    lengths = {i: {r: len(t) for r, t in text.responses.items()} for i, text in texts.items()}
    report = agreement_report(answer_records(judgments, RUBRIC), RUBRIC)["rank"]
    peers = peer_agreement(report)
    # The human rankings themselves prefer longer replies; a faithful annotator inherits it.
    human = [
        Judgment(f"h:{i}", i, "human", {"rank": [[r] for r in ranking]}, tuple(ranking), 10**6)
        for i, ranking in truth.items()
    ]
    baseline = length_bias("human", human, RUBRIC, "rank", lengths)
    assert baseline.rho is not None
    assert baseline.rho > 0.3  # real data: rho ~ 0.5, p < 1e-10
    assert length_bias("human", human, RUBRIC, "rank", lengths).flagged  # against 0: flagged
    settings = dataclasses.replace(THRESHOLDS.bias, baseline_rho=baseline.rho)
    flagged: dict[str, list[str]] = {}
    for name in (*FAITHFUL, *BAD):
        mine = [j for j in judgments if j.annotator == name]
        reasons = []
        if position_bias(name, mine, RUBRIC, "rank", THRESHOLDS.bias).flagged:
            reasons.append("position_bias")
        if length_bias(name, mine, RUBRIC, "rank", lengths, settings).flagged:
            reasons.append("length_bias")
        fast = [f for f in check_annotator(mine, RUBRIC, texts) if f.rule == "too_fast"]
        if len(fast) > THRESHOLDS.max_rule_share * len(mine):
            reasons.append("too_fast")
        if peers[name] < THRESHOLDS.min_peer_tau:
            reasons.append("peer_agreement")
        flagged[name] = reasons
    assert all(flagged[name] == [] for name in FAITHFUL), flagged
    assert "peer_agreement" in flagged["random_clicker"], flagged
    assert "position_bias" in flagged["first_clicker"], flagged
    assert flagged["too_fast"] == ["too_fast"], flagged


def test_replay_agreement_equals_independent_scipy_and_krippendorff_values() -> None:
    judgments, _, _ = _simulate()
    names = sorted({j.annotator for j in judgments})
    report = agreement_report(answer_records(judgments, RUBRIC), RUBRIC)["rank"]
    # positions per (item, response) and annotator, built straight from the answers
    pos: dict[tuple[str, str], dict[str, int]] = {}
    for j in judgments:
        for p, group in enumerate(j.answers["rank"]):
            pos.setdefault((j.item_id, group[0]), {})[j.annotator] = p
    units = sorted(pos)
    matrix = np.array([[pos[u].get(n, np.nan) for u in units] for n in names], dtype=float)
    expected_alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal")
    assert report.alpha == pytest.approx(expected_alpha)
    taus = []
    by_item: dict[str, dict[str, list[str]]] = {}
    for j in judgments:
        by_item.setdefault(j.item_id, {})[j.annotator] = [g[0] for g in j.answers["rank"]]
    for per in by_item.values():
        for a, b in combinations(sorted(per), 2):
            order = per[a]
            xa = list(range(len(order)))
            xb = [per[b].index(r) for r in order]
            taus.append(scipy.stats.kendalltau(xa, xb, variant="b").statistic)
    assert report.mean_tau == pytest.approx(fmean(taus))
    assert report.units == len(by_item)
    assert report.annotators == len(names)
