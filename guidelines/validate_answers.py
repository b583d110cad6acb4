"""The one answer validator: the app, the importer and the server all call this.

``validate_answers`` checks shapes first (is a rating on its scale, a ranking complete, a
tie allowed …), then evaluates the rubric's rules on the answers that passed. It never
raises on bad input: every mistake becomes an ``AnswerProblem`` naming the question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guidelines.answer_messages import message
from guidelines.ranking_check import check_ranking, marked_candidates, rewrite_labels
from guidelines.rubric import (
    BOTH_BAD,
    TIE,
    AnyQuestion,
    ChoiceQuestion,
    FlagsQuestion,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    ReplyQuestion,
    RewriteQuestion,
    Rubric,
    TextQuestion,
)
from guidelines.rule_eval import holds


@dataclass(frozen=True)
class AnswerProblem:
    """One reason the answers cannot be submitted. ``message`` names the question's label."""

    question_id: str
    message: str
    response_id: str | None = None
    code: str = "invalid"

    def to_json(self) -> dict[str, str | None]:
        return {
            "question_id": self.question_id,
            "response_id": self.response_id,
            "code": self.code,
            "message": self.message,
        }


_Issue = tuple[str, dict[str, object]]  # (message key, params)


def validate_answers(
    rubric: Rubric,
    answers: Mapping[str, Any],
    response_ids: Sequence[str],
    *,
    lang: str | None = None,
) -> list[AnswerProblem]:
    """Every problem of ``answers`` under ``rubric`` for an item with ``response_ids``."""
    lang = lang or (rubric.languages[0] if rubric.languages else "en")
    rids = [str(r) for r in response_ids]
    untrusted: object = answers  # callers pass decoded JSON; it may be anything
    if not isinstance(untrusted, Mapping):
        return [AnswerProblem("", message("not_a_mapping", lang), None, "not_a_mapping")]
    problems: list[AnswerProblem] = []
    for key in answers:
        if rubric.question(str(key)) is None:
            problems.append(
                AnswerProblem(
                    str(key), message("unknown_question", lang, qid=key), None, "unknown_question"
                )
            )
    clean: dict[str, Any] = {}
    # Rankings also place the rewrites marked as candidates (guidelines/ranking_check.py).
    rewrites = rewrite_labels(rubric, lang)
    candidates = marked_candidates(rewrites, answers)
    for q in rubric.questions:
        label = q.label.get(lang)

        def add(
            issue: _Issue, rid: str | None = None, *, q: AnyQuestion = q, label: str = label
        ) -> None:
            key, params = issue
            # An issue may name the response itself (an unknown id inside a ranking).
            text = message(key, lang, **{"label": label, "rid": rid, **params})
            problems.append(AnswerProblem(q.id, text, rid, key))

        raw = answers.get(q.id)
        if raw is None:
            continue
        if q.applies == "pair" and len(rids) != 2:
            add(("pair_needs_two", {"n": len(rids)}))
            continue
        if isinstance(q, RankingQuestion):
            issue, value = check_ranking(q, raw, rids, candidates, rewrites)
            if issue:
                add(issue)
            else:
                clean[q.id] = value
            continue
        if not q.per_response:
            issue, value = _check(q, raw, rids, lang)
            if issue:
                add(issue)
            elif value is not None:
                clean[q.id] = value
            continue
        if not isinstance(raw, Mapping):
            add(("per_response_shape", {}))
            continue
        per: dict[str, Any] = {}
        for rid, item in raw.items():
            if str(rid) not in rids:
                add(("unknown_response", {}), str(rid))
                continue
            if item is None:
                continue
            issue, value = _check(q, item, rids, lang)
            if issue:
                add(issue, str(rid))
            elif value is not None:
                per[str(rid)] = value
        clean[q.id] = per
    problems.extend(_required(rubric, answers, clean, rids, lang))
    return problems


def is_answered(question: AnyQuestion, raw: Any, response_ids: Sequence[str]) -> bool:
    """Whether ``raw`` counts as an answer (every response, for per-response questions)."""
    if raw is None:
        return False
    if question.per_response:
        return isinstance(raw, Mapping) and all(_present(raw.get(rid)) for rid in response_ids)
    return _present(raw)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _required(
    rubric: Rubric,
    raw: Mapping[str, Any],
    clean: Mapping[str, Any],
    rids: list[str],
    lang: str,
) -> list[AnswerProblem]:
    out: list[AnswerProblem] = []
    skipping = any(
        isinstance(q, ChoiceQuestion) and q.skip_reason and q.id in clean for q in rubric.questions
    )

    def missing(q: AnyQuestion, only: str | None) -> list[str | None]:
        """Responses (or None for the item) that still need an answer to ``q``."""
        value = raw.get(q.id)
        if not q.per_response:
            return [] if _present(value) else [None]
        per = value if isinstance(value, Mapping) else {}
        targets = [only] if only is not None else rids
        return [rid for rid in targets if not _present(per.get(rid))]

    if not skipping:
        for q in rubric.questions:
            if q.required and not (q.applies == "pair" and len(rids) != 2):
                for rid in missing(q, None):
                    key = "required" if rid is None else "required_response"
                    out.append(
                        AnswerProblem(
                            q.id,
                            message(key, lang, label=q.label.get(lang), rid=rid),
                            rid,
                            "required",
                        )
                    )
    for rule in rubric.rules:
        target = rubric.question(rule.question)
        if target is None or (skipping and rule.kind == "required_if"):
            continue
        label = target.label.get(lang)
        scopes: list[str | None] = list(rids) if rule.for_each_response else [None]
        for scope in scopes:
            if not holds(rule.when, rubric, clean, scope, rids):
                continue
            why = rule.message.get(lang) if rule.message else f"rule {rule.id}"
            if rule.kind == "forbid":
                text = message("rule", lang, label=label, why=why)
                out.append(AnswerProblem(target.id, text, scope, "rule"))
                continue
            if target.required and not skipping:
                continue  # already reported as plainly required
            text = message("required_if", lang, label=label, why=why)
            for rid in missing(target, scope if target.per_response else None):
                out.append(AnswerProblem(target.id, text, rid, "required_if"))
    return out


def _check(q: AnyQuestion, value: Any, rids: list[str], lang: str) -> tuple[_Issue | None, Any]:
    """(problem, cleaned value) for one answer value of ``q`` (rankings: ``check_ranking``)."""
    if isinstance(q, RatingQuestion):
        points = ", ".join(str(v) for v in q.values)
        if isinstance(value, bool) or not isinstance(value, int) or value not in q.values:
            return ("out_of_scale", {"value": value, "points": points}), None
        return None, value
    if isinstance(q, ChoiceQuestion):
        ids = [o.id for o in q.options]
        if not isinstance(value, str):
            return ("choice_shape", {}), None
        if value not in ids:
            return ("unknown_option", {"value": value, "options": ", ".join(ids)}), None
        return None, value
    if isinstance(q, FlagsQuestion):
        ids = [o.id for o in q.options]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return ("flags_shape", {}), None
        for v in value:
            if v not in ids:
                return ("unknown_option", {"value": v, "options": ", ".join(ids)}), None
        if len(set(value)) != len(value):
            dup = next(v for v in value if value.count(v) > 1)
            return ("duplicate_option", {"value": dup}), None
        return None, list(value)
    if isinstance(q, TextQuestion | ReplyQuestion):
        if not isinstance(value, str):
            return ("text_shape", {}), None
        return _length(q, value), (value if value.strip() else None)
    if isinstance(q, RewriteQuestion):
        if (
            not isinstance(value, Mapping)
            or not isinstance(value.get("text"), str)
            or not {"source", "text"} <= set(value) <= {"source", "text", "candidate"}
            or not isinstance(value.get("candidate", False), bool)
        ):
            return ("rewrite_shape", {}), None
        if value.get("source") not in rids:
            return ("unknown_response", {"rid": value.get("source")}), None
        return _length(q, value["text"]), dict(value)
    if isinstance(q, PairwiseQuestion):
        return _pairwise(q, value, rids)
    return check_ranking(q, value, rids)


def _length(q: TextQuestion | ReplyQuestion | RewriteQuestion, text: str) -> _Issue | None:
    size = len(text.strip())
    if size < q.min_length:
        return "too_short", {"n": q.min_length, "m": size}
    if isinstance(q, TextQuestion) and q.max_length is not None and size > q.max_length:
        return "too_long", {"n": q.max_length, "m": size}
    return None


def _pairwise(q: PairwiseQuestion, value: Any, rids: list[str]) -> tuple[_Issue | None, Any]:
    if (
        not isinstance(value, Mapping)
        or "winner" not in value
        or not set(value) <= {"winner", "strength"}
    ):
        return ("pairwise_shape", {}), None
    winner, strength = value.get("winner"), value.get("strength")
    points = ", ".join(o.id for o in q.strength)
    if winner in (TIE, BOTH_BAD):
        allowed = q.allow_tie if winner == TIE else q.allow_both_bad
        if not allowed:
            return (("tie_not_allowed" if winner == TIE else "both_bad_not_allowed"), {}), None
        if strength is not None:
            return ("strength_unexpected", {}), None
        return None, {"winner": winner}
    if not isinstance(winner, str) or winner not in rids:
        return ("bad_winner", {"value": winner}), None
    if not q.strength:
        if strength is not None:
            return ("bad_strength", {"value": strength, "points": points or "—"}), None
        return None, {"winner": winner}
    if strength is None:
        return ("strength_missing", {"points": points}), None
    if strength not in [o.id for o in q.strength]:
        return ("bad_strength", {"value": strength, "points": points}), None
    return None, {"winner": winner, "strength": strength}
