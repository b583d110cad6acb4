"""Agreement on one item, for the delivery's minimum-agreement filter.

An item's figure is the mean, over its units (a question, or a question on one response)
answered by two or more annotators and over every pair of them, of: Kendall's τ-b between
their rankings for ranking questions, and 1 for the same answer / 0 for a different one
otherwise. It lies in [-1, 1]; an item judged by a single annotator has no figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from statistics import fmean

from guidelines.rubric import RankingQuestion, Rubric
from server.qc.agreement import as_ranking_value, by_unit
from server.qc.ranks import kendall_tau_b
from server.qc.records import Record


def item_agreement(records: Iterable[Record], rubric: Rubric) -> dict[str, float]:
    """Item id → its agreement figure (items with fewer than two annotators left out)."""
    rankings = {q.id for q in rubric.questions if isinstance(q, RankingQuestion)}
    by_question: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_question[record.question_id].append(record)
    scores: dict[str, list[float]] = defaultdict(list)
    for qid, found in by_question.items():
        for unit, per in by_unit(found).items():
            item_id = unit[0]
            for a, b in combinations(sorted(per), 2):
                if qid in rankings:
                    ra, rb = as_ranking_value(per[a]), as_ranking_value(per[b])
                    tau = kendall_tau_b(ra, rb) if ra and rb else None
                    if tau is not None:
                        scores[item_id].append(tau)
                else:
                    scores[item_id].append(1.0 if per[a] == per[b] else 0.0)
    return {item_id: fmean(values) for item_id, values in scores.items() if values}
