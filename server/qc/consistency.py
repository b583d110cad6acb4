"""Consistency rules run on one judgment (and, across items, the annotator's others).

Each ``Finding`` names its rule id, the questions involved and a sentence for the review
queue. Rules:

- ``ranking_contradicts_rating``: a response ranked strictly above another has a strictly
  lower rating on the same rating question.
- ``unsafe_ranked_first``: a response flagged with an unsafe option ranked first.
- ``rewrite_identical_to_original``: the rewrite (near-)equals the response it edits.
- ``rewrite_copied_from_response``: the rewrite (near-)equals another response.
- ``text_copied_across_items``: the same normalized free text on several items.
- ``too_fast``: active time below the reading-time floor for the item's length.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from guidelines.rubric import (
    FlagsQuestion,
    RankingQuestion,
    RatingQuestion,
    RewriteQuestion,
    Rubric,
    TextQuestion,
)
from server.qc.records import Judgment, as_ranking, rank_positions


@dataclass(frozen=True)
class ConsistencySettings:
    #: A flags option whose id contains one of these (case-insensitive) marks a response unsafe.
    unsafe_markers: tuple[str, ...] = ("unsafe", "harm")
    #: rapidfuzz ratio (0–100) from which a rewrite counts as a copy.
    copy_ratio: float = 98.0
    #: Reading speed for the time floor, characters per second.
    chars_per_second: float = 25.0
    #: A text answer on this many items (same normalized text) is a copy.
    min_copies: int = 2
    #: Shorter normalized texts ("ok", "n/a") are not checked for copies.
    min_text_chars: int = 10


@dataclass(frozen=True)
class ItemText:
    """What the annotator had to read: the prompt and each response's text."""

    prompt: str
    responses: Mapping[str, str]

    @property
    def chars(self) -> int:
        return len(self.prompt) + sum(len(t) for t in self.responses.values())


@dataclass(frozen=True)
class Finding:
    rule: str
    judgment_id: str
    item_id: str
    annotator: str
    question_ids: tuple[str, ...]
    message: str
    response_ids: tuple[str, ...] = ()


def _finding(
    j: Judgment, rule: str, qids: Sequence[str], msg: str, rids: Sequence[str] = ()
) -> Finding:
    return Finding(rule, j.judgment_id, j.item_id, j.annotator, tuple(qids), msg, tuple(rids))


def normalize_text(text: str) -> str:
    """Lower case, words only, single spaces: what "the same text" means for copies."""
    return " ".join(re.findall(r"\w+", text.lower()))


def ranking_vs_ratings(j: Judgment, rubric: Rubric) -> list[Finding]:
    out: list[Finding] = []
    rankings = [q for q in rubric.questions if isinstance(q, RankingQuestion)]
    ratings = [q for q in rubric.questions if isinstance(q, RatingQuestion) and q.per_response]
    for rq in rankings:
        ranking = as_ranking(j.answers.get(rq.id))
        if ranking is None:
            continue
        pos = rank_positions(ranking)
        for sq in ratings:
            raw = j.answers.get(sq.id)
            if not isinstance(raw, Mapping):
                continue
            scores = {r: v for r, v in raw.items() if isinstance(v, int) and r in pos}
            for hi in scores:
                for lo in scores:
                    if pos[hi] < pos[lo] and scores[hi] < scores[lo]:
                        msg = (
                            f"{hi} is ranked above {lo} in {rq.id} but rated lower on "
                            f"{sq.id} ({scores[hi]} < {scores[lo]})."
                        )
                        out.append(
                            _finding(j, "ranking_contradicts_rating", [rq.id, sq.id], msg, [hi, lo])
                        )
    return out


def unsafe_first(j: Judgment, rubric: Rubric, settings: ConsistencySettings) -> list[Finding]:
    markers = tuple(m.lower() for m in settings.unsafe_markers)
    unsafe: dict[str, str] = {}  # response id → flags question id
    for fq in rubric.questions:
        if not isinstance(fq, FlagsQuestion) or not fq.per_response:
            continue
        bad = {o.id for o in fq.options if any(m in o.id.lower() for m in markers)}
        raw = j.answers.get(fq.id)
        for rid, flags in raw.items() if isinstance(raw, Mapping) else []:
            if isinstance(flags, list) and bad & set(flags):
                unsafe.setdefault(str(rid), fq.id)
    out: list[Finding] = []
    for rq in rubric.questions:
        ranking = as_ranking(j.answers.get(rq.id)) if isinstance(rq, RankingQuestion) else None
        for rid in ranking[0] if ranking else ():
            if rid in unsafe:
                msg = f"{rid} is flagged unsafe in {unsafe[rid]} but ranked first in {rq.id}."
                out.append(_finding(j, "unsafe_ranked_first", [rq.id, unsafe[rid]], msg, [rid]))
    return out


def rewrite_copies(
    j: Judgment, rubric: Rubric, item: ItemText, settings: ConsistencySettings
) -> list[Finding]:
    out: list[Finding] = []
    for q in rubric.questions:
        raw = j.answers.get(q.id)
        if not isinstance(q, RewriteQuestion) or not isinstance(raw, Mapping):
            continue
        text, source = raw.get("text"), raw.get("source")
        if not isinstance(text, str):
            continue
        for rid, original in item.responses.items():
            if fuzz.ratio(text.strip(), original.strip()) < settings.copy_ratio:
                continue
            if rid == source:
                msg = f"The rewrite in {q.id} is (nearly) identical to the original {rid}."
                out.append(_finding(j, "rewrite_identical_to_original", [q.id], msg, [rid]))
            else:
                msg = f"The rewrite in {q.id} is copied from another response, {rid}."
                out.append(_finding(j, "rewrite_copied_from_response", [q.id], msg, [rid]))
    return out


def too_fast(j: Judgment, item: ItemText, settings: ConsistencySettings) -> list[Finding]:
    floor_ms = item.chars / settings.chars_per_second * 1000
    if j.active_ms >= floor_ms:
        return []
    msg = (
        f"Active for {j.active_ms / 1000:.1f} s; reading {item.chars} characters at "
        f"{settings.chars_per_second:g} per second takes at least {floor_ms / 1000:.1f} s."
    )
    return [_finding(j, "too_fast", [], msg)]


def copied_texts(
    judgments: Iterable[Judgment], rubric: Rubric, settings: ConsistencySettings | None = None
) -> list[Finding]:
    """Free-text answers (text questions) an annotator gave on several items."""
    settings = settings or ConsistencySettings()
    texts = [q for q in rubric.questions if isinstance(q, TextQuestion)]
    seen: dict[tuple[str, str, str], list[Judgment]] = defaultdict(list)
    for j in judgments:
        if not j.submitted:
            continue
        for q in texts:
            raw = j.answers.get(q.id)
            values = raw.values() if isinstance(raw, Mapping) else [raw]
            for value in {normalize_text(v) for v in values if isinstance(v, str)}:
                if len(value) >= settings.min_text_chars:
                    seen[(j.annotator, q.id, value)].append(j)
    out: list[Finding] = []
    for (_, qid, _), js in seen.items():
        items = sorted({j.item_id for j in js})
        if len(items) < settings.min_copies:
            continue
        for j in js:
            others = ", ".join(i for i in items if i != j.item_id)
            msg = f"The text in {qid} is the same as on item(s) {others}."
            out.append(_finding(j, "text_copied_across_items", [qid], msg))
    return out


def check_judgment(
    judgment: Judgment,
    rubric: Rubric,
    item: ItemText,
    settings: ConsistencySettings | None = None,
    others: Iterable[Judgment] = (),
) -> list[Finding]:
    """Every finding on ``judgment``; ``others`` (the annotator's other judgments) enable the
    cross-item rule. Skipped judgments have no findings."""
    settings = settings or ConsistencySettings()
    if not judgment.submitted:
        return []
    mine = [o for o in others if o.annotator == judgment.annotator]
    copies = [
        f
        for f in copied_texts([judgment, *mine], rubric, settings)
        if f.judgment_id == judgment.judgment_id
    ]
    return [
        *ranking_vs_ratings(judgment, rubric),
        *unsafe_first(judgment, rubric, settings),
        *rewrite_copies(judgment, rubric, item, settings),
        *copies,
        *too_fast(judgment, item, settings),
    ]


def check_annotator(
    judgments: Sequence[Judgment],
    rubric: Rubric,
    items: Mapping[str, ItemText],
    settings: ConsistencySettings | None = None,
) -> list[Finding]:
    """Findings over all of an annotator's (or several annotators') judgments."""
    settings = settings or ConsistencySettings()
    out: list[Finding] = []
    for j in judgments:
        if not j.submitted or j.item_id not in items:
            continue
        item = items[j.item_id]
        out += ranking_vs_ratings(j, rubric) + unsafe_first(j, rubric, settings)
        out += rewrite_copies(j, rubric, item, settings) + too_fast(j, item, settings)
    return out + copied_texts(judgments, rubric, settings)
