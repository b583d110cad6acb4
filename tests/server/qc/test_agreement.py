from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
import scipy.stats  # type: ignore[import-untyped]

from server.qc.agreement import (
    Level,
    cohens_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    ranking_taus,
)
from server.qc.agreement_report import agreement_by_day, agreement_report, peer_agreement
from server.qc.records import Judgment, Record, answer_records, from_payload
from tests.server.qc.helpers import PAIR_RUBRIC, RUBRIC, judgment

NAN = math.nan
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders x 12 units.
KRIPP = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def _records(matrix: list[list[float]], q: str = "q") -> list[Record]:
    return [
        Record(f"u{u}", f"c{c}", q, int(v))
        for c, row in enumerate(matrix)
        for u, v in enumerate(row)
        if not math.isnan(v)
    ]


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("interval", 0.849), ("ordinal", 0.815)]
)
def test_krippendorff_alpha_matches_the_package_and_the_published_example(
    level: Level, published: float
) -> None:
    ours = krippendorff_alpha(_records(KRIPP), level)
    reference = krippendorff.alpha(reliability_data=np.array(KRIPP), level_of_measurement=level)
    assert ours == pytest.approx(reference)
    assert ours == pytest.approx(published, abs=5e-4)


def test_nominal_alpha_codes_string_answers() -> None:
    recs = [
        Record("i1", "x", "t", "code"),
        Record("i1", "y", "t", "code"),
        Record("i2", "x", "t", "chat"),
        Record("i2", "y", "t", "math"),
        Record("i3", "x", "t", "math"),
        Record("i3", "y", "t", "math"),
    ]
    # codes sorted by repr: chat=0, code=1, math=2
    matrix = np.array([[1, 0, 2], [1, 2, 2]], dtype=float)
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert krippendorff_alpha(recs, "nominal") == pytest.approx(expected)


def test_alpha_is_undefined_for_a_single_annotator_or_identical_answers() -> None:
    assert krippendorff_alpha([Record("i1", "x", "q", 3), Record("i2", "x", "q", 4)]) is None
    same = [Record(f"i{i}", a, "q", 3) for i in range(3) for a in ("x", "y")]
    assert krippendorff_alpha(same, "nominal") is None
    assert percent_agreement(same) == (1.0, 3)


def test_fleiss_kappa_reproduces_the_fleiss_1971_wikipedia_example() -> None:
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    recs: list[Record] = []
    for s, counts in enumerate(table):
        labels = [cat for cat, n in enumerate(counts) for _ in range(n)]
        recs += [Record(f"s{s}", f"r{r}", "q", f"cat{lab}") for r, lab in enumerate(labels)]
    kappa, units = fleiss_kappa(recs)
    assert units == 10
    assert kappa == pytest.approx(0.2099, abs=1e-4)  # P̄ = 0.378, P̄e = 0.213


def test_cohens_kappa_reproduces_the_textbook_example() -> None:
    # 50 proposals: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.7, pe 0.5, kappa 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohens_kappa(a, b) == pytest.approx(0.4)
    assert cohens_kappa(["a", "a"], ["a", "a"]) is None
    assert cohens_kappa([], []) is None


def test_kendall_tau_b_between_two_annotators_rankings_matches_scipy_with_ties() -> None:
    recs = [
        Record("i1", "x", "rank", (("a", "b"), ("c",), ("d",))),
        Record("i1", "y", "rank", (("b",), ("a",), ("d",), ("c",))),
    ]
    expected = scipy.stats.kendalltau([0, 0, 1, 2], [1, 0, 3, 2], variant="b").statistic
    assert ranking_taus(recs)[("x", "y")] == [pytest.approx(expected)]


def _pairwise_judgments() -> list[Judgment]:
    winners = {
        "x": ["a", "a", "b", "b", "a", "b"],
        "y": ["a", "a", "b", "a", "a", "b"],
        "z": ["a", "b", "b", "b", "a", "a"],
    }
    return [
        judgment(f"i{i}", who, {"ab": {"winner": w, "strength": "much"}}, order=("a", "b"))
        for who, ws in winners.items()
        for i, w in enumerate(ws)
    ]


def test_pairwise_report_has_fleiss_kappa_and_cohens_kappa_per_pair() -> None:
    js = _pairwise_judgments()
    recs = answer_records(js, PAIR_RUBRIC)
    rep = agreement_report(recs, PAIR_RUBRIC)["ab"]
    assert (rep.units, rep.annotators, rep.fleiss_units) == (6, 3, 6)
    # independent Fleiss: per item counts of (a, b)
    rows = [[3, 0], [2, 1], [0, 3], [1, 2], [3, 0], [1, 2]]
    n = 3
    p_i = [(sum(c * c for c in r) - n) / (n * (n - 1)) for r in rows]
    p_j = [sum(r[k] for r in rows) / (len(rows) * n) for k in range(2)]
    pe = sum(p * p for p in p_j)
    assert rep.fleiss_kappa == pytest.approx((sum(p_i) / len(p_i) - pe) / (1 - pe))
    xy = next(p for p in rep.pairs if (p.a, p.b) == ("x", "y"))
    assert xy.percent == pytest.approx(5 / 6)
    # x: a a b b a b ; y: a a b a a b -> po 5/6, pe = (3/6*4/6 + 3/6*2/6)
    pe_xy = 0.5 * 4 / 6 + 0.5 * 2 / 6
    assert xy.cohens_kappa == pytest.approx((5 / 6 - pe_xy) / (1 - pe_xy))
    assert rep.percent == pytest.approx(percent_agreement(recs)[0])


def test_rating_report_uses_ordinal_alpha_on_the_scale_per_response() -> None:
    js = [
        judgment("i1", "x", {"helpful": {"a": 7, "b": 2, "c": 4}}),
        judgment("i1", "y", {"helpful": {"a": 6, "b": 2, "c": 5}}),
        judgment("i2", "x", {"helpful": {"a": 3, "b": 3}}),
        judgment("i2", "y", {"helpful": {"a": 1}}),  # b missing
        judgment("i3", "x", {"helpful": {"a": 5}}),  # single annotator: not an overlap
    ]
    rep = agreement_report(answer_records(js, RUBRIC), RUBRIC)["helpful"]
    matrix = np.array([[7, 2, 4, 3, 3], [6, 2, 5, 1, NAN]])
    expected = krippendorff.alpha(
        reliability_data=matrix, level_of_measurement="ordinal", value_domain=list(range(1, 8))
    )
    assert rep.level == "ordinal"
    assert rep.units == 4
    assert rep.alpha == pytest.approx(expected)
    interval = agreement_report(answer_records(js, RUBRIC), RUBRIC, {"helpful": "interval"})
    expected_i = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    assert interval["helpful"].alpha == pytest.approx(expected_i)


def test_skipped_judgments_are_excluded_from_records() -> None:
    js = [
        judgment("i1", "x", {"topic": "code"}),
        judgment("i1", "y", {"topic": "chat"}, status="skipped"),
    ]
    recs = answer_records(js, RUBRIC)
    assert [r.annotator for r in recs] == ["x"]
    rep = agreement_report(recs, RUBRIC)["topic"]
    assert (rep.units, rep.alpha, rep.percent, rep.fleiss_kappa) == (0, None, None, None)


def test_agreement_is_reported_per_day_of_submission() -> None:
    js = [
        judgment("i1", "x", {"topic": "code"}, at="2026-11-20T09:00:00Z"),
        judgment("i1", "y", {"topic": "code"}, at="2026-11-20T11:00:00Z"),
        judgment("i2", "x", {"topic": "code"}, at="2026-11-21T09:00:00Z"),
        judgment("i2", "y", {"topic": "chat"}, at="2026-11-21T09:30:00Z"),
    ]
    days = agreement_by_day(answer_records(js, RUBRIC), RUBRIC)
    assert sorted(days) == ["2026-11-20", "2026-11-21"]
    assert days["2026-11-20"]["topic"].percent == 1.0
    assert days["2026-11-21"]["topic"].percent == 0.0


def test_peer_agreement_singles_out_the_annotator_who_agrees_with_nobody() -> None:
    good = [["a"], ["b"], ["c"]]
    js = [judgment(f"i{i}", w, {"rank": good}) for i in range(3) for w in ("x", "y")]
    js += [judgment(f"i{i}", "z", {"rank": [["c"], ["b"], ["a"]]}) for i in range(3)]
    rep = agreement_report(answer_records(js, RUBRIC), RUBRIC)["rank"]
    peers = peer_agreement(rep)
    assert peers["x"] == pytest.approx(0.0)  # +1 with y, -1 with z
    assert peers["z"] == pytest.approx(-1.0)
    assert rep.mean_tau == pytest.approx(-1 / 3)


def test_fleiss_kappa_uses_only_units_with_the_common_number_of_raters() -> None:
    full = [("i1", "a a b"), ("i2", "b b b"), ("i3", "a b b")]
    recs = [
        Record(item, f"r{k}", "q", v) for item, vals in full for k, v in enumerate(vals.split())
    ]
    recs += [Record("i4", "r0", "q", "a"), Record("i4", "r1", "q", "b")]  # two raters only
    kappa, units = fleiss_kappa(recs)
    assert units == 3
    expected, _ = fleiss_kappa(recs[:9])
    assert kappa == pytest.approx(expected)
    same = [Record(f"i{i}", f"r{k}", "q", "a") for i in range(3) for k in range(3)]
    assert fleiss_kappa(same) == (None, 3)
    assert fleiss_kappa([Record("i1", "r0", "q", "a")]) == (None, 0)


def test_records_come_from_a_stored_payload() -> None:
    from protocol.wire import JudgmentPayload, PackRef

    payload = JudgmentPayload(
        id="j1",
        item_id="i1",
        pack=PackRef(id="p", version="1", sha256="0" * 64),
        answers={"rank": [["b"], ["a"]], "helpful": {"a": 3, "b": None}, "topic": "code"},
        status="submitted",
        display_order=["a", "b"],
        active_ms=1234,
        created_at="2026-11-20T09:00:00Z",
        submitted_at="2026-11-20T09:01:00Z",
    )
    j = from_payload(payload, "ann")
    assert (j.display_order, j.active_ms, j.day) == (("a", "b"), 1234, "2026-11-20")
    recs = answer_records([j], RUBRIC)
    assert [(r.question_id, r.response_id, r.value) for r in recs] == [
        ("rank", None, (("b",), ("a",))),
        ("helpful", "a", 3),  # the unanswered response is a missing value, not a record
        ("topic", None, "code"),
    ]
