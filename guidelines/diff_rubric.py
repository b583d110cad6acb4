"""What changed between two rubrics, and how strong a changelog declaration each change needs.

Each change carries ``min_kind``: the weakest changelog kind that may describe it. A change
that alters what a stored answer means (a scale change, a removed option, a different kind)
needs ``semantic``; new options or stricter requirements need ``clarification``; wording
needs only ``editorial``.
"""

from __future__ import annotations

from dataclasses import dataclass

from guidelines.changelog import ChangeKind
from guidelines.localtext import LocalText
from guidelines.renames import Renames, rename_condition
from guidelines.rubric import (
    AnyQuestion,
    ChoiceQuestion,
    FlagsQuestion,
    Option,
    PairwiseQuestion,
    RatingQuestion,
    Rubric,
)
from guidelines.rules import Rule, describe


@dataclass(frozen=True)
class RubricChange:
    """One difference; ``question`` is the id in the new version (the old id if removed)."""

    question: str
    what: str
    detail: str
    min_kind: ChangeKind

    def to_json(self) -> dict[str, str]:
        return {
            "question": self.question,
            "what": self.what,
            "detail": self.detail,
            "min_kind": self.min_kind,
        }


def diff_rubrics(old: Rubric, new: Rubric, renames: Renames) -> list[RubricChange]:
    out: list[RubricChange] = []
    reached: set[str] = set()
    for q_old in old.questions:
        new_id = renames.questions.get(q_old.id, q_old.id)
        q_new = new.question(new_id)
        if q_new is None:
            out.append(
                RubricChange(
                    q_old.id,
                    "question_removed",
                    f"question '{q_old.id}' was removed; its answers are dropped",
                    "semantic",
                )
            )
            continue
        reached.add(new_id)
        if new_id != q_old.id:
            out.append(
                RubricChange(
                    new_id,
                    "question_renamed",
                    f"question '{q_old.id}' is now '{new_id}'",
                    "editorial",
                )
            )
        out.extend(_question_changes(q_old, q_new, renames))
    for q_new in new.questions:
        if q_new.id not in reached:
            needed: ChangeKind = "clarification"
            out.append(
                RubricChange(
                    q_new.id,
                    "question_added",
                    f"new {q_new.kind} question '{q_new.id}' ({q_new.label.get()})",
                    needed,
                )
            )
    out.extend(_rule_changes(old.rules, new.rules, renames))
    return out


def _text_changed(a: LocalText | None, b: LocalText | None) -> bool:
    return (a.texts if a else ()) != (b.texts if b else ())


def _question_changes(a: AnyQuestion, b: AnyQuestion, renames: Renames) -> list[RubricChange]:
    q = b.id
    out: list[RubricChange] = []

    def add(what: str, detail: str, kind: ChangeKind) -> None:
        out.append(RubricChange(q, what, detail, kind))

    if a.kind != b.kind:
        add("kind", f"'{q}' changed from a {a.kind} to a {b.kind} question", "semantic")
        return out
    if a.applies != b.applies:
        add("applies", f"'{q}' now applies per {b.applies}, not per {a.applies}", "semantic")
    if _text_changed(a.label, b.label):
        add("label", f"label of '{q}': “{a.label.get()}” → “{b.label.get()}”", "editorial")
    if _text_changed(a.help, b.help):
        add("help", f"help text of '{q}' changed", "editorial")
    if a.required != b.required:
        add(
            "required", f"'{q}' is {'now' if b.required else 'no longer'} required", "clarification"
        )
    for name in ("allow_tie", "allow_both_bad", "allow_ties", "skip_reason"):
        before, after = getattr(a, name, None), getattr(b, name, None)
        if before != after:
            kind: ChangeKind = "semantic" if before and not after else "clarification"
            add(name, f"'{q}': {name} {before} → {after}", kind)
    for name in ("min_length", "max_length"):
        before, after = getattr(a, name, None), getattr(b, name, None)
        if before != after:
            if name == "min_length":
                stricter = (after or 0) > (before or 0)
            else:
                stricter = after is not None and (before is None or after < before)
            kind = "clarification" if stricter else "editorial"
            add(name, f"'{q}': {name} {before} → {after}", kind)
    if isinstance(a, RatingQuestion) and isinstance(b, RatingQuestion):
        if a.dimension != b.dimension:
            add("dimension", f"'{q}' rates '{b.dimension}', not '{a.dimension}'", "semantic")
        if a.values != b.values:
            add("scale", f"scale of '{q}': {_values(a)} → {_values(b)}", "semantic")
        else:
            for pa, pb in zip(a.points, b.points, strict=True):
                if _text_changed(pa.label, pb.label) or _text_changed(pa.help, pb.help):
                    add(
                        "point_text",
                        f"'{q}' point {pa.value}: “{pa.label.get()}” → “{pb.label.get()}”",
                        "editorial",
                    )
    if isinstance(a, PairwiseQuestion) and isinstance(b, PairwiseQuestion):
        out.extend(_option_changes(q, a.id, a.strength, b.strength, renames, scale=True))
    if isinstance(a, FlagsQuestion | ChoiceQuestion) and isinstance(
        b, FlagsQuestion | ChoiceQuestion
    ):
        out.extend(_option_changes(q, a.id, a.options, b.options, renames, scale=False))
    return out


def _values(q: RatingQuestion) -> str:
    return ", ".join(str(v) for v in q.values)


def _option_changes(
    q: str,
    old_id: str,
    old: tuple[Option, ...],
    new: tuple[Option, ...],
    renames: Renames,
    *,
    scale: bool,
) -> list[RubricChange]:
    out: list[RubricChange] = []
    noun = "strength point" if scale else "option"
    mapped = [renames.option(old_id, o.id) for o in old]
    new_ids = [o.id for o in new]
    for option, target in zip(old, mapped, strict=True):
        if target != option.id and target in new_ids:
            out.append(
                RubricChange(
                    q,
                    f"{noun.replace(' ', '_')}_renamed",
                    f"'{q}' {noun} '{option.id}' is now '{target}'",
                    "editorial",
                )
            )
    removed = [o.id for o, t in zip(old, mapped, strict=True) if t not in new_ids]
    added = [i for i in new_ids if i not in mapped]
    if scale and (
        removed
        or added
        or [m for m in mapped if m in new_ids] != [i for i in new_ids if i in mapped]
    ):
        before = ", ".join(o.id for o in old) or "none"
        after = ", ".join(new_ids) or "none"
        out.append(
            RubricChange(q, "scale", f"strength scale of '{q}': {before} → {after}", "semantic")
        )
        return out
    for oid in removed:
        out.append(
            RubricChange(q, "option_removed", f"'{q}' option '{oid}' was removed", "semantic")
        )
    for oid in added:
        out.append(
            RubricChange(q, "option_added", f"'{q}' has a new option '{oid}'", "clarification")
        )
    by_new = {o.id: o for o in new}
    for option, target in zip(old, mapped, strict=True):
        other = by_new.get(target)
        if other is not None and (
            _text_changed(option.label, other.label) or _text_changed(option.help, other.help)
        ):
            out.append(
                RubricChange(
                    q,
                    f"{noun.replace(' ', '_')}_text",
                    f"'{q}' {noun} '{target}': “{option.label.get()}” → “{other.label.get()}”",
                    "editorial",
                )
            )
    return out


def _rule_text(rule: Rule, renames: Renames | None) -> str:
    """The rule spelled in the new version's ids (``renames`` None: already new)."""
    target = renames.questions.get(rule.question, rule.question) if renames else rule.question
    each = " for each response" if rule.for_each_response else ""
    when = rename_condition(rule.when, renames) if renames else rule.when
    return f"{rule.kind} {target}{each} when {describe(when)}"


def _rule_changes(
    old: tuple[Rule, ...], new: tuple[Rule, ...], renames: Renames
) -> list[RubricChange]:
    out: list[RubricChange] = []
    old_by_id = {r.id: r for r in old}
    new_by_id = {r.id: r for r in new}
    for rule in old:
        after = new_by_id.get(rule.id)
        before_text = _rule_text(rule, renames)
        target = renames.questions.get(rule.question, rule.question)
        if after is None:
            out.append(
                RubricChange(
                    target,
                    "rule_removed",
                    f"rule '{rule.id}' removed: {before_text}",
                    "clarification",
                )
            )
        elif before_text != _rule_text(after, None):
            out.append(
                RubricChange(
                    after.question,
                    "rule_changed",
                    f"rule '{rule.id}': {before_text} → {_rule_text(after, None)}",
                    "clarification",
                )
            )
        elif _text_changed(rule.message, after.message):
            out.append(
                RubricChange(
                    after.question,
                    "rule_message",
                    f"rule '{rule.id}' has a new message",
                    "editorial",
                )
            )
    for rule in new:
        if rule.id not in old_by_id:
            out.append(
                RubricChange(
                    rule.question,
                    "rule_added",
                    f"rule '{rule.id}' added: {_rule_text(rule, None)}",
                    "clarification",
                )
            )
    return out
