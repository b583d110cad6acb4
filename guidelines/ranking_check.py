"""Checking a ranking answer, including rewrites ranked beside the responses.

A rewrite answer may carry ``"candidate": true``: the annotator wants their rewrite ranked
against the responses. Every ranking question must then place it too, under the *rewrite
question's id* as its candidate id. That id is unique within the rubric, the same on every
item, and known to the app, the importer and the server without any extra state; a response
id cannot serve, because the rewrite is not one of the item's responses.

A rewrite counts as a candidate whenever its raw answer says ``"candidate": true``, even if the
rewrite itself has another problem: the annotator then sees that one problem, not a second
one on every ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from guidelines.rubric import RankingQuestion, RewriteQuestion, Rubric

Issue = tuple[str, dict[str, object]]  # (message key, params), as in validate_answers


def rewrite_labels(rubric: Rubric, lang: str) -> dict[str, str]:
    """Every rewrite question's id (its candidate id) → its label in ``lang``."""
    return {q.id: q.label.get(lang) for q in rubric.questions if isinstance(q, RewriteQuestion)}


def marked_candidates(rewrites: Mapping[str, str], answers: Mapping[str, Any]) -> dict[str, str]:
    """The rewrites of ``rewrites`` whose answer asks to be ranked (``"candidate": true``)."""
    out: dict[str, str] = {}
    for qid, label in rewrites.items():
        raw = answers.get(qid)
        if isinstance(raw, Mapping) and raw.get("candidate") is True:
            out[qid] = label
    return out


def check_ranking(
    q: RankingQuestion,
    value: Any,
    rids: Sequence[str],
    candidates: Mapping[str, str] | None = None,
    rewrites: Mapping[str, str] | None = None,
) -> tuple[Issue | None, Any]:
    """(problem, cleaned value) of a ranking of ``rids`` plus the marked ``candidates``.

    ``rewrites`` are all rewrite questions (id → label), so that ranking an unmarked rewrite
    gets a message about the rewrite rather than about an unknown response.
    """
    candidates = candidates or {}
    rewrites = rewrites or {}
    if not isinstance(value, list) or not value:
        return ("ranking_shape", {}), None
    seen: list[str] = []
    for group in value:
        if not isinstance(group, list) or not group or not all(isinstance(r, str) for r in group):
            return ("ranking_shape", {}), None
        for rid in group:
            if rid not in rids and rid not in candidates:
                if rid in rewrites:
                    return ("ranking_candidate_unexpected", {"rewrite": rewrites[rid]}), None
                return ("unknown_response", {"rid": rid}), None
            if rid in seen:
                return ("ranking_duplicate", {"rid": rid}), None
            seen.append(rid)
        if len(group) > 1 and not q.allow_ties:
            return ("ranking_tie", {"ids": ", ".join(group)}), None
    absent = [r for r in rids if r not in seen]
    if absent:
        return ("ranking_incomplete", {"ids": ", ".join(absent)}), None
    for cid, label in candidates.items():
        if cid not in seen:
            return ("ranking_candidate_missing", {"rewrite": label}), None
    return None, [list(g) for g in value]
