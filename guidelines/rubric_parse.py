"""rubric.toml → ``Rubric``, reporting every mistake with file, line and key."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from guidelines.errors import KeyPath
from guidelines.reader import TableReader, TomlSource
from guidelines.rubric import (
    APPLIES_BY_KIND,
    BOTH_BAD,
    TIE,
    AnyQuestion,
    Applies,
    ChoiceQuestion,
    FlagsQuestion,
    Option,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    ReplyQuestion,
    RewriteQuestion,
    Rubric,
    ScalePoint,
    TextQuestion,
)
from guidelines.rules import (
    TEST_OPS,
    WINNER_RESPONSE,
    WINNER_THIS,
    AllOf,
    AnyOf,
    Condition,
    Not,
    Rule,
    Test,
)
from guidelines.schema import CONDITION, OPTION, POINT, QUESTION, QUESTION_KINDS, RUBRIC, RULE

ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
ID_RULE = "lower-case letters, digits and '_', starting with a letter"


def parse_rubric(src: TomlSource, langs: tuple[str, ...]) -> Rubric | None:
    """The rubric of ``src``, or None when it is too broken to use; problems go to ``src``."""
    if src.data is None:
        return None
    top = TableReader(src, (), src.data, RUBRIC, langs)
    questions: list[AnyQuestion] = []
    seen: set[str] = set()
    broken: set[str] = set()  # ids of questions with mistakes: rules may still name them
    for path, data in top.tables("questions"):
        question = _question(top, path, data)
        if question is None:
            if isinstance(data.get("id"), str):
                broken.add(data["id"])
            continue
        if question.id in seen:
            top.src.problem(
                (*path, "id"), "duplicate-id", f"question id '{question.id}' is used twice"
            )
            continue
        seen.add(question.id)
        questions.append(question)
    if not questions and not top.failed:
        top.problem("questions", "empty-rubric", "the rubric needs at least one question")
    rubric = Rubric(tuple(questions), (), langs)
    rules: list[Rule] = []
    rule_ids: set[str] = set()
    for path, data in top.tables("rules"):
        rule = _rule(top.child(path, data, RULE), rubric, broken)
        if rule is None:
            continue
        if rule.id in rule_ids:
            src.problem((*path, "id"), "duplicate-id", f"rule id '{rule.id}' is used twice")
            continue
        rule_ids.add(rule.id)
        rules.append(rule)
    top.finish()
    return Rubric(tuple(questions), tuple(rules), langs)


def _ident(r: TableReader, key: str, what: str) -> str | None:
    value = r.string(key)
    if value is not None and not ID_RE.match(value):
        r.problem(key, "bad-id", f"{what} id '{value}' must be {ID_RULE}")
        return None
    return value


def _question(top: TableReader, path: KeyPath, data: Mapping[str, Any]) -> AnyQuestion | None:
    kind = data.get("kind")
    spec = QUESTION_KINDS.get(kind) if isinstance(kind, str) else None
    r = top.child(path, data, spec or QUESTION)
    qid = _ident(r, "id", "question")
    if spec is None:
        r.string("kind")
        if isinstance(kind, str):
            close = difflib.get_close_matches(kind, list(QUESTION_KINDS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            r.problem(
                "kind",
                "unknown-kind",
                f"unknown question kind '{kind}'{hint}; kinds: {', '.join(QUESTION_KINDS)}",
            )
        return None
    assert isinstance(kind, str)
    label = r.text("label")
    help_ = r.text("help")
    required = r.boolean("required")
    allowed = APPLIES_BY_KIND[kind]
    applies_raw = r.string("applies") if r.has("applies") else allowed[0]
    applies: Applies = allowed[0]
    if applies_raw is not None:
        match = [a for a in allowed if a == applies_raw]
        if match:
            applies = match[0]
        else:
            r.problem(
                "applies",
                "bad-applies",
                f"a {kind} question applies to {' or '.join(allowed)}, not '{applies_raw}'",
            )
    common: dict[str, Any] = {
        "label": label,
        "help": help_,
        "applies": applies,
        "required": required,
    }
    question = _kind_fields(r, kind, common)
    r.finish()
    if r.failed or qid is None or label is None or question is None:
        return None
    built: AnyQuestion = question(qid)
    return built


def _kind_fields(r: TableReader, kind: str, common: dict[str, Any]) -> Any:
    """A function id → question, or None when the kind's own keys are broken."""
    if kind == "pairwise":
        strength = _options(r, "strength", minimum=0, what="strength point")
        tie, both_bad = r.boolean("allow_tie"), r.boolean("allow_both_bad")
        if strength is not None and len(strength) == 1:
            r.problem(
                "strength",
                "scale-too-small",
                "a strength scale with one point says nothing: give two or more, or none",
            )
            strength = None
        if strength is None:
            return None
        return lambda qid: PairwiseQuestion(
            id=qid, strength=strength, allow_tie=tie, allow_both_bad=both_bad, **common
        )
    if kind == "ranking":
        ties = r.boolean("allow_ties")
        return lambda qid: RankingQuestion(id=qid, allow_ties=ties, **common)
    if kind == "rating":
        dimension = _ident(r, "dimension", "dimension")
        points = _points(r)
        if dimension is None or points is None:
            return None
        return lambda qid: RatingQuestion(id=qid, dimension=dimension, points=points, **common)
    if kind in ("flags", "choice"):
        options = _options(r, "options", minimum=1 if kind == "flags" else 2, what="option")
        if options is None:
            return None
        if kind == "flags":
            return lambda qid: FlagsQuestion(id=qid, options=options, **common)
        skip = r.boolean("skip_reason")
        return lambda qid: ChoiceQuestion(id=qid, options=options, skip_reason=skip, **common)
    lengths = _lengths(r, with_max=kind == "text")
    if lengths is None:
        return None
    low, high = lengths
    if kind == "text":
        return lambda qid: TextQuestion(id=qid, min_length=low, max_length=high, **common)
    cls = RewriteQuestion if kind == "rewrite" else ReplyQuestion
    return lambda qid: cls(id=qid, min_length=low, **common)


def _options(r: TableReader, key: str, *, minimum: int, what: str) -> tuple[Option, ...] | None:
    entries = r.tables(key)
    out: list[Option] = []
    ids: set[str] = set()
    broken = False
    for path, data in entries:
        o = r.child(path, data, OPTION)
        oid = _ident(o, "id", what)
        label = o.text("label")
        help_ = o.text("help")
        o.finish()
        if oid is not None and oid in ids:
            o.problem("id", "duplicate-id", f"{what} id '{oid}' is used twice")
            oid = None
        if oid is None or label is None or o.failed:
            broken = True
            continue
        ids.add(oid)
        out.append(Option(id=oid, label=label, help=help_))
    if len(entries) < minimum and key in r.data:
        code = "scale-too-small" if what == "strength point" else "too-few-options"
        r.problem(key, code, f"'{key}' needs at least {minimum} {what}(s), found {len(entries)}")
        return None
    return None if broken else tuple(out)


def _points(r: TableReader) -> tuple[ScalePoint, ...] | None:
    entries = r.tables("points")
    out: list[ScalePoint] = []
    broken = False
    for path, data in entries:
        p = r.child(path, data, POINT)
        value = p.integer("value")
        label = p.text("label")
        help_ = p.text("help")
        p.finish()
        if value is not None and out and value <= out[-1].value:
            p.problem("value", "bad-scale", "point values must be distinct and increasing")
            value = None
        if value is None or label is None or p.failed:
            broken = True
            continue
        out.append(ScalePoint(value=value, label=label, help=help_))
    if len(entries) < 2 and "points" in r.data:
        r.problem(
            "points",
            "scale-too-small",
            f"a rating scale needs two or more points, found {len(entries)}",
        )
        return None
    return None if broken else tuple(out)


def _lengths(r: TableReader, *, with_max: bool) -> tuple[int, int | None] | None:
    low = r.integer("min_length")
    high = r.integer("max_length") if with_max else None
    if low is None or low < 0:
        r.problem("min_length", "bad-length", "min_length must be a whole number, 0 or more")
        return None
    if high is not None and high < max(low, 1):
        r.problem("max_length", "bad-length", f"max_length {high} is below min_length {low}")
        return None
    return low, high


def _rule(r: TableReader, rubric: Rubric, broken: set[str]) -> Rule | None:
    rid = _ident(r, "id", "rule")
    kind = r.string("kind")
    target = r.string("question")
    each = r.boolean("for_each_response")
    message = r.text("message")
    raw_when = r.raw("when")
    r.finish()
    if kind is not None and kind not in ("required_if", "forbid"):
        r.problem(
            "kind", "unknown-rule-kind", f"unknown rule kind '{kind}'; kinds: required_if, forbid"
        )
    if kind == "forbid" and message is None and not r.has("message"):
        r.problem(
            "message",
            "missing-key",
            "a forbid rule needs a 'message' telling the annotator what to fix",
        )
    if target is not None and rubric.question(target) is None and target not in broken:
        r.problem(
            "question",
            "dangling-reference",
            f"rule refers to question '{target}', which the rubric does not have",
        )
    when = _condition(r, (*r.path, "when"), raw_when) if raw_when is not None else None
    if when is not None:
        _check_tests(r, (*r.path, "when"), when, rubric, each, broken)
    if (
        r.failed
        or rid is None
        or target is None
        or when is None
        or kind not in ("required_if", "forbid")
    ):
        return None
    return Rule(
        rid, "required_if" if kind == "required_if" else "forbid", target, when, each, message
    )


def _condition(parent: TableReader, path: KeyPath, raw: object) -> Condition | None:
    if not isinstance(raw, dict):
        parent.src.problem(
            path,
            "bad-condition",
            'a condition must be a table such as { question = "q", answered = true }',
        )
        parent.failed = True
        return None
    c = parent.child(path, raw, CONDITION)
    c.finish()
    combinators = [k for k in ("all", "any", "not") if k in raw]
    tests = [k for k in TEST_OPS if k in raw]
    if len(combinators) + len(tests) != 1 or (combinators and "question" in raw):
        c.problem(
            None,
            "bad-condition",
            "a condition needs exactly one of: a question with one test "
            f"({', '.join(TEST_OPS)}), or one of all / any / not",
        )
        parent.failed = True
        return None
    if combinators:
        key = combinators[0]
        if key == "not":
            inner = _condition(parent, (*path, "not"), raw["not"])
            return None if inner is None else Not(inner)
        parts = raw[key]
        if not isinstance(parts, list) or not parts:
            c.problem(key, "bad-condition", f"'{key}' needs a non-empty array of conditions")
            parent.failed = True
            return None
        conds = [_condition(parent, (*path, key, i), part) for i, part in enumerate(parts)]
        if any(x is None for x in conds):
            return None
        kept = tuple(x for x in conds if x is not None)
        return AllOf(kept) if key == "all" else AnyOf(kept)
    question = c.string("question")
    if question is None:
        c.problem("question", "missing-key", "a test needs the 'question' it tests")
        parent.failed = True
        return None
    op = tests[0]
    arg = raw[op]
    ok = {
        "answered": isinstance(arg, bool),
        "has": isinstance(arg, str),
        "rank_is": isinstance(arg, int) and not isinstance(arg, bool) and arg >= 1,
        "at_least": isinstance(arg, int) and not isinstance(arg, bool),
        "at_most": isinstance(arg, int) and not isinstance(arg, bool),
    }.get(op, isinstance(arg, list) and bool(arg) and all(isinstance(a, str | int) for a in arg))
    if not ok:
        c.problem(
            op, "bad-condition", f"'{op}' has a value of the wrong type: {c.spec.key(op).doc}"
        )
        parent.failed = True
        return None
    value = tuple(arg) if isinstance(arg, list) else arg
    return Test(question, op, value)


def _check_tests(
    r: TableReader, path: KeyPath, when: Condition, rubric: Rubric, each: bool, broken: set[str]
) -> None:
    for where, test in _located_tests(when, path):
        q = rubric.question(test.question)
        if q is None and test.question in broken:
            r.failed = True
            continue
        if q is None:
            r.src.problem(
                where,
                "dangling-reference",
                f"condition refers to question '{test.question}', which the rubric does not have",
            )
            r.failed = True
            continue
        problem = _test_problem(test, q, each)
        if problem:
            r.src.problem(where, problem[0], problem[1])
            r.failed = True


def _located_tests(condition: Condition, path: KeyPath) -> list[tuple[KeyPath, Test]]:
    if isinstance(condition, Test):
        return [(path, condition)]
    if isinstance(condition, Not):
        return _located_tests(condition.condition, (*path, "not"))
    key = "all" if isinstance(condition, AllOf) else "any"
    out: list[tuple[KeyPath, Test]] = []
    for index, part in enumerate(condition.conditions):
        out.extend(_located_tests(part, (*path, key, index)))
    return out


def _test_problem(test: Test, q: AnyQuestion, each: bool) -> tuple[str, str] | None:
    """(code, message) when ``test`` cannot apply to ``q``."""
    op, name = test.op, f"'{q.id}'"
    kinds = {
        "in": (ChoiceQuestion, RatingQuestion),
        "has": (FlagsQuestion,),
        "winner_in": (PairwiseQuestion,),
        "strength_in": (PairwiseQuestion,),
        "rank_is": (RankingQuestion,),
        "at_least": (RatingQuestion,),
        "at_most": (RatingQuestion,),
    }.get(op)
    if kinds is not None and not isinstance(q, kinds):
        return "bad-condition", f"'{op}' cannot test {name}, a {q.kind} question"
    if op == "rank_is" and not each:
        return "bad-condition", "'rank_is' only works in a rule with for_each_response = true"
    values = test.arg if isinstance(test.arg, tuple) else (test.arg,)
    known: tuple[object, ...] = ()
    what = ""
    if isinstance(q, ChoiceQuestion | FlagsQuestion) and op in ("in", "has"):
        known, what = tuple(o.id for o in q.options), "an option"
    elif isinstance(q, RatingQuestion) and op in ("in", "at_least", "at_most"):
        known, what = q.values, "a point"
    elif isinstance(q, PairwiseQuestion) and op == "strength_in":
        known, what = tuple(o.id for o in q.strength), "a strength point"
    elif isinstance(q, PairwiseQuestion) and op == "winner_in":
        possible = {
            WINNER_RESPONSE: True,
            WINNER_THIS: each,
            TIE: q.allow_tie,
            BOTH_BAD: q.allow_both_bad,
        }
        known, what = tuple(k for k, ok in possible.items() if ok), "a possible winner"
    else:
        return None
    missing = [v for v in values if v not in known]
    if not missing:
        return None
    listed = ", ".join(map(str, known)) or "none"
    return "dangling-reference", f"{missing[0]!r} is not {what} of {name} ({listed})"
