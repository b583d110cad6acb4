"""Moving a draft judgment from the pack version it was started under to a newer one.

Only drafts move: a submitted judgment keeps the version it was made under forever, and
the changelog's ``re_review`` policy decides whether it is flagged or sent back. The input
is never modified; the result holds the answers that carry over and, for every answer that
does not, the question id, the reason, and the old value so the app can show it again.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guidelines.errors import MigrationError
from guidelines.pack import GuidelinePack
from guidelines.renames import Renames, compose_renames
from guidelines.rubric import (
    BOTH_BAD,
    TIE,
    AnyQuestion,
    ChoiceQuestion,
    FlagsQuestion,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    RewriteQuestion,
)
from guidelines.version import version_key


@dataclass(frozen=True)
class MigrationResult:
    """``answers`` are keyed by the new version's question ids; ``needs_annotator`` lists the
    questions (new ids) whose old answer could not be carried over, ``reasons`` says why and
    ``previous`` keeps the old answer. ``dropped`` are old question ids the new version removed;
    ``new_questions`` are questions the old version did not have."""

    answers: dict[str, Any]
    needs_annotator: tuple[str, ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)
    previous: dict[str, Any] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()
    new_questions: tuple[str, ...] = ()


class _Unmappable(Exception):
    pass


def migrate_draft(
    answers: Mapping[str, Any], from_pack: GuidelinePack, to_pack: GuidelinePack
) -> MigrationResult:
    if from_pack.id != to_pack.id:
        raise MigrationError(f"a draft for pack {from_pack.id} cannot move to pack {to_pack.id}")
    if version_key(to_pack.version) < version_key(from_pack.version):
        raise MigrationError(
            f"a draft cannot move back from {from_pack.version} to {to_pack.version}"
        )
    if to_pack.version == from_pack.version:
        if to_pack.sha256 != from_pack.sha256:
            raise MigrationError(
                f"two different packs both claim to be {to_pack.id} {to_pack.version}"
            )
        return MigrationResult(copy.deepcopy(dict(answers)))
    entries = to_pack.entries_since(from_pack.version)
    renames = compose_renames(from_pack.rubric, entries)
    semantic: dict[str, str] = {}
    for entry in entries:
        if entry.kind == "semantic":
            for qid in entry.questions:
                semantic[qid] = (
                    f"version {entry.version} changed what it means: {entry.summary.get()}"
                )
    out: dict[str, Any] = {}
    needs: list[str] = []
    reasons: dict[str, str] = {}
    previous: dict[str, Any] = {}
    dropped: list[str] = []
    # A rewrite ranked as a candidate sits in rankings under its question id: follow renames.
    candidate_ids = {
        q.id: renames.questions[q.id]
        for q in from_pack.rubric.questions
        if isinstance(q, RewriteQuestion) and renames.questions[q.id] != q.id
    }
    for old_id, value in answers.items():
        old_q = from_pack.rubric.question(old_id)
        new_id = renames.questions.get(old_id)
        new_q = to_pack.rubric.question(new_id) if new_id else None
        if old_q is None or new_q is None:
            dropped.append(old_id)
            continue
        if value is None:
            continue
        reason = (
            semantic.get(new_q.id) or semantic.get(old_id) or _structural(old_q, new_q, renames)
        )
        if reason is None:
            try:
                mapped = _map(old_q, new_q, value, renames)
                if candidate_ids and isinstance(new_q, RankingQuestion):
                    mapped = _rename_candidates(mapped, candidate_ids)
                out[new_q.id] = mapped
                continue
            except _Unmappable as exc:
                reason = str(exc)
        needs.append(new_q.id)
        reasons[new_q.id] = reason
        previous[new_q.id] = copy.deepcopy(value)
    reached = {renames.questions.get(q.id) for q in from_pack.rubric.questions}
    fresh = tuple(q.id for q in to_pack.rubric.questions if q.id not in reached)
    return MigrationResult(out, tuple(needs), reasons, previous, tuple(dropped), fresh)


def _structural(old: AnyQuestion, new: AnyQuestion, renames: Renames) -> str | None:
    """Why no old answer can carry over, whatever it was, or None."""
    if old.kind != new.kind:
        return f"it changed from a {old.kind} to a {new.kind} question"
    if old.applies != new.applies:
        return f"it now applies per {new.applies}, not per {old.applies}"
    if isinstance(old, RatingQuestion) and isinstance(new, RatingQuestion):
        if old.values != new.values:
            return f"its scale changed from {_join(old.values)} to {_join(new.values)}"
        if old.dimension != new.dimension:
            return f"it now rates {new.dimension}, not {old.dimension}"
    if isinstance(old, PairwiseQuestion) and isinstance(new, PairwiseQuestion):
        mapped = [renames.option(old.id, o.id) for o in old.strength]
        if mapped != [o.id for o in new.strength]:
            return (
                f"its strength scale changed from {_join(o.id for o in old.strength)} "
                f"to {_join(o.id for o in new.strength)}"
            )
    return None


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values) or "none"


def _map(old: AnyQuestion, new: AnyQuestion, value: Any, renames: Renames) -> Any:
    if new.per_response:
        if not isinstance(value, Mapping):
            raise _Unmappable("the old answer is not one answer per response")
        return {rid: _map_one(old, new, v, renames) for rid, v in value.items() if v is not None}
    return _map_one(old, new, value, renames)


def _map_one(old: AnyQuestion, new: AnyQuestion, value: Any, renames: Renames) -> Any:
    if isinstance(new, ChoiceQuestion):
        mapped = renames.option(old.id, value) if isinstance(value, str) else value
        if mapped not in [o.id for o in new.options]:
            raise _Unmappable(f"option '{value}' no longer exists")
        return mapped
    if isinstance(new, FlagsQuestion):
        if not isinstance(value, list):
            raise _Unmappable("the old answer is not a list of options")
        known = [o.id for o in new.options]
        mapped_list = [renames.option(old.id, v) if isinstance(v, str) else v for v in value]
        for original, mapped in zip(value, mapped_list, strict=True):
            if mapped not in known:
                raise _Unmappable(f"option '{original}' no longer exists")
        return mapped_list
    if isinstance(new, PairwiseQuestion):
        if not isinstance(value, Mapping):
            raise _Unmappable("the old answer is not a pairwise answer")
        result = dict(value)
        winner = result.get("winner")
        if (winner == TIE and not new.allow_tie) or (winner == BOTH_BAD and not new.allow_both_bad):
            raise _Unmappable(f"'{winner}' is no longer allowed")
        if "strength" in result and isinstance(result["strength"], str):
            result["strength"] = renames.option(old.id, result["strength"])
        return result
    if isinstance(new, RankingQuestion):
        tied = isinstance(value, list) and any(isinstance(g, list) and len(g) > 1 for g in value)
        if tied and not new.allow_ties:
            raise _Unmappable("ties are no longer allowed")
        return copy.deepcopy(value)
    return copy.deepcopy(value)


def _rename_candidates(ranking: Any, candidate_ids: Mapping[str, str]) -> Any:
    if not isinstance(ranking, list):
        return ranking
    return [
        [candidate_ids.get(r, r) if isinstance(r, str) else r for r in g]
        if isinstance(g, list)
        else g
        for g in ranking
    ]
