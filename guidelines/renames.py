"""The renames declared by changelog entries, composed across several versions.

Entry N maps version N-1's question ids to version N's, and (per question, by its id in N)
option or strength-point ids. Going from version A to version C means applying every entry
after A up to C, in order: ``a → b`` in one and ``b → c`` in the next give ``a → c``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from guidelines.changelog import ChangelogEntry
from guidelines.rubric import Rubric, option_ids
from guidelines.rules import AllOf, AnyOf, Condition, Not, Test


@dataclass(frozen=True)
class Renames:
    """Old question id → new id, and old question id → {old option id → new option id}."""

    questions: dict[str, str]
    options: dict[str, dict[str, str]]

    def option(self, old_question: str, old_option: str) -> str:
        return self.options.get(old_question, {}).get(old_option, old_option)


def compose_renames(old: Rubric, entries: Iterable[ChangelogEntry]) -> Renames:
    """``entries`` oldest first, all after the version of ``old``."""
    questions = {q.id: q.id for q in old.questions}
    options = {q.id: {o: o for o in option_ids(q) or ()} for q in old.questions}
    for entry in entries:
        for old_id, now in list(questions.items()):
            questions[old_id] = entry.renamed_questions.get(now, now)
        for old_id, now in questions.items():
            mapping = entry.renamed_options.get(now)
            if mapping:
                current = options[old_id]
                for original, value in current.items():
                    current[original] = mapping.get(value, value)
    return Renames(questions, options)


def rename_condition(condition: Condition, renames: Renames) -> Condition:
    """The same condition in the new version's question and option ids."""
    if isinstance(condition, Test):
        old = condition.question
        arg = condition.arg
        if condition.op in ("in", "has", "strength_in"):
            if isinstance(arg, tuple):
                arg = tuple(renames.option(old, v) if isinstance(v, str) else v for v in arg)
            elif isinstance(arg, str):
                arg = renames.option(old, arg)
        return Test(renames.questions.get(old, old), condition.op, arg)
    if isinstance(condition, Not):
        return Not(rename_condition(condition.condition, renames))
    parts = tuple(rename_condition(c, renames) for c in condition.conditions)
    return AllOf(parts) if isinstance(condition, AllOf) else AnyOf(parts)
