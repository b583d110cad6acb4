"""Property tests over generated rubrics and judgments: the validator never crashes, and
migration carries over every answer that its maps can carry."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidelines import (
    ChoiceQuestion,
    FlagsQuestion,
    GuidelinePack,
    LocalText,
    Option,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    ReplyQuestion,
    RewriteQuestion,
    Rubric,
    ScalePoint,
    TextQuestion,
    rules,
    validate_answers,
)
from guidelines.changelog import ChangelogEntry
from guidelines.manifest import Manifest
from guidelines.migrate import migrate_draft

IDS = st.text(alphabet="abcdefgh_", min_size=1, max_size=6).map(lambda s: "q" + s)
TEXT = LocalText.of(en="label")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _options(draw: st.DrawFn, low: int) -> tuple[Option, ...]:
    ids = draw(st.lists(IDS, min_size=low, max_size=5, unique=True))
    return tuple(Option(id=i, label=TEXT) for i in ids)


@st.composite
def questions(draw: st.DrawFn, qid: str) -> Any:
    kind = draw(
        st.sampled_from(
            ["pairwise", "ranking", "rating", "flags", "choice", "text", "rewrite", "reply"]
        )
    )
    required = draw(st.booleans())
    per = draw(st.sampled_from(["response", "item"]))
    if kind == "pairwise":
        strength = _options(draw, 0) if draw(st.booleans()) else ()
        strength = strength if len(strength) != 1 else ()
        return PairwiseQuestion(
            id=qid,
            label=TEXT,
            applies="pair",
            required=required,
            strength=strength,
            allow_tie=draw(st.booleans()),
            allow_both_bad=draw(st.booleans()),
        )
    if kind == "ranking":
        return RankingQuestion(
            id=qid, label=TEXT, required=required, allow_ties=draw(st.booleans())
        )
    if kind == "rating":
        values = sorted(draw(st.sets(st.integers(-3, 9), min_size=2, max_size=7)))
        points = tuple(ScalePoint(value=v, label=TEXT) for v in values)
        return RatingQuestion(
            id=qid, label=TEXT, applies=per, required=required, dimension="d", points=points
        )
    if kind == "flags":
        return FlagsQuestion(
            id=qid, label=TEXT, applies=per, required=required, options=_options(draw, 1)
        )
    if kind == "choice":
        return ChoiceQuestion(
            id=qid,
            label=TEXT,
            applies=draw(st.sampled_from(["item", "response", "pair"])),
            required=required,
            options=_options(draw, 2),
            skip_reason=draw(st.booleans()),
        )
    if kind == "text":
        return TextQuestion(
            id=qid, label=TEXT, applies=per, required=required, min_length=draw(st.integers(0, 5))
        )
    cls = RewriteQuestion if kind == "rewrite" else ReplyQuestion
    return cls(id=qid, label=TEXT, required=required, min_length=draw(st.integers(0, 5)))


@st.composite
def rubrics(draw: st.DrawFn) -> Rubric:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    qs = tuple(draw(questions(qid)) for qid in ids)
    ops = st.sampled_from(
        ["answered", "in", "has", "winner_in", "strength_in", "rank_is", "at_least", "at_most"]
    )
    args = st.one_of(
        st.booleans(), st.integers(-2, 9), IDS, st.tuples(st.one_of(IDS, st.integers(0, 5)))
    )
    tests = st.builds(rules.Test, st.sampled_from(ids), ops, args)
    conditions = st.recursive(
        tests,
        lambda inner: st.one_of(
            st.builds(rules.AllOf, st.tuples(inner, inner)),
            st.builds(rules.AnyOf, st.tuples(inner, inner)),
            st.builds(rules.Not, inner),
        ),
        max_leaves=4,
    )
    drawn = draw(
        st.lists(
            st.builds(
                rules.Rule,
                IDS,
                st.sampled_from(["required_if", "forbid"]),
                st.sampled_from(ids),
                conditions,
                st.booleans(),
                st.just(TEXT),
            ),
            max_size=3,
        )
    )
    return Rubric(qs, tuple(drawn), ("en",))


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10)
    | st.text(max_size=8)
    | st.sampled_from(["a", "b", "c", "tie", "both_bad"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["a", "b", "c", "winner", "strength", "source", "text"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=10,
)


@SETTINGS
@given(data=st.data())
def test_the_validator_never_crashes_on_any_answers(data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    rids = data.draw(
        st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True)
    )
    keys = st.sampled_from([*rubric.ids, "stray"])
    answers = data.draw(st.dictionaries(keys, JSON, max_size=6))
    problems = validate_answers(
        rubric, answers, rids, lang=data.draw(st.sampled_from(["en", "zh", "fr"]))
    )
    for problem in problems:
        assert problem.message
        assert problem.question_id in (*rubric.ids, "stray")


def _pack(version: str, rubric: Rubric, entries: tuple[ChangelogEntry, ...]) -> GuidelinePack:
    manifest = Manifest("p", version, TEXT, ("en",), "0.1.0", "proj", ())
    return GuidelinePack(manifest, rubric, (), entries, (), {}, sha256=version)


def _answer(draw: st.DrawFn, q: Any, rids: list[str]) -> Any:
    def one() -> Any:
        if isinstance(q, FlagsQuestion):
            return draw(st.lists(st.sampled_from([o.id for o in q.options]), unique=True))
        if isinstance(q, ChoiceQuestion):
            return draw(st.sampled_from([o.id for o in q.options]))
        return draw(st.sampled_from(q.values))

    if isinstance(q, PairwiseQuestion):
        if q.strength:
            return {
                "winner": draw(st.sampled_from(rids)),
                "strength": draw(st.sampled_from([o.id for o in q.strength])),
            }
        return {"winner": draw(st.sampled_from(rids))}
    if q.per_response:
        return {rid: one() for rid in rids}
    return one()


@st.composite
def option_rubrics(draw: st.DrawFn) -> Rubric:
    ids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    out: list[Any] = []
    for qid in ids:
        q = draw(questions(qid))
        if isinstance(q, FlagsQuestion | ChoiceQuestion | RatingQuestion) or (
            isinstance(q, PairwiseQuestion) and q.strength
        ):
            out.append(q)
    return Rubric(tuple(out), (), ("en",))


def _renamed(q: Any, mapping: dict[str, str], new_id: str) -> Any:
    if isinstance(q, PairwiseQuestion):
        return dataclasses.replace(
            q,
            id=new_id,
            strength=tuple(dataclasses.replace(o, id=mapping.get(o.id, o.id)) for o in q.strength),
        )
    if isinstance(q, FlagsQuestion | ChoiceQuestion):
        return dataclasses.replace(
            q,
            id=new_id,
            options=tuple(dataclasses.replace(o, id=mapping.get(o.id, o.id)) for o in q.options),
        )
    return dataclasses.replace(q, id=new_id)


@SETTINGS
@given(data=st.data())
def test_migration_never_loses_an_answer_it_could_map(data: st.DataObject) -> None:
    old = data.draw(option_rubrics())
    rids = ["a", "b"]
    answers = {q.id: _answer(data.draw, q, rids) for q in old.questions}
    q_renames: dict[str, str] = {}
    o_renames: dict[str, dict[str, str]] = {}
    new_questions = []
    for q in old.questions:
        new_id = q.id + "_v2" if data.draw(st.booleans()) else q.id
        if new_id != q.id:
            q_renames[q.id] = new_id
        ids = [
            o.id
            for o in (q.strength if isinstance(q, PairwiseQuestion) else getattr(q, "options", ()))
        ]
        mapping = {i: i + "_new" for i in ids if data.draw(st.booleans())}
        if mapping:
            o_renames[new_id] = mapping
        new_questions.append(_renamed(q, mapping, new_id))
    entry = ChangelogEntry(
        "1.1.0", "editorial", TEXT, renamed_questions=q_renames, renamed_options=o_renames
    )
    v1 = _pack("1.0.0", old, ())
    v2 = _pack("1.1.0", Rubric(tuple(new_questions), (), ("en",)), (entry,))
    result = migrate_draft(answers, v1, v2)
    assert result.needs_annotator == ()
    assert result.dropped == ()
    for q in old.questions:
        new_id = q_renames.get(q.id, q.id)
        mapping = o_renames.get(new_id, {})
        expected = _map_expected(q, answers[q.id], mapping)
        assert result.answers[new_id] == expected
    assert validate_answers(v2.rubric, result.answers, rids) == []


def _map_expected(q: Any, value: Any, mapping: dict[str, str]) -> Any:
    def one(v: Any) -> Any:
        if isinstance(q, FlagsQuestion):
            return [mapping.get(x, x) for x in v]
        if isinstance(q, ChoiceQuestion):
            return mapping.get(v, v)
        return v

    if isinstance(q, PairwiseQuestion):
        return {**value, "strength": mapping.get(value["strength"], value["strength"])}
    if q.per_response:
        return {rid: one(v) for rid, v in value.items()}
    return one(value)
