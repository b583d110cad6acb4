"""Worked examples: an item, the reference judgment, and why. Each is checked by the validator."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from guidelines.localtext import LocalText
from guidelines.reader import TableReader, TomlSource
from guidelines.rubric import Rubric
from guidelines.schema import EXAMPLE, EXAMPLE_RESPONSE, EXAMPLE_TURN
from guidelines.validate_answers import validate_answers

EXAMPLE_PATH_RE = re.compile(r"^examples/([a-z0-9][a-z0-9_-]{0,63})\.toml$")
ROLES = ("system", "user", "assistant")


@dataclass(frozen=True)
class Example:
    """A worked example; ``answers`` has the same JSON shape as a stored judgment."""

    name: str
    title: LocalText
    prompt: tuple[tuple[str, str], ...]
    responses: tuple[tuple[str, str], ...]
    answers: Mapping[str, Any]
    why: LocalText

    @property
    def response_ids(self) -> tuple[str, ...]:
        return tuple(rid for rid, _ in self.responses)


def parse_example(
    src: TomlSource, name: str, langs: tuple[str, ...], rubric: Rubric | None
) -> Example | None:
    if src.data is None:
        return None
    r = TableReader(src, (), src.data, EXAMPLE, langs)
    title = r.text("title")
    why = r.text("why")
    prompt: list[tuple[str, str]] = []
    for path, data in r.tables("prompt"):
        t = r.child(path, data, EXAMPLE_TURN)
        role, content = t.string("role"), t.string("content")
        t.finish()
        if role is not None and role not in ROLES:
            t.problem("role", "bad-role", f"role '{role}' must be one of {', '.join(ROLES)}")
        elif role is not None and content is not None:
            prompt.append((role, content))
    responses: list[tuple[str, str]] = []
    for path, data in r.tables("responses"):
        t = r.child(path, data, EXAMPLE_RESPONSE)
        rid, text = t.string("id"), t.string("text")
        t.finish()
        if rid is not None and rid in dict(responses):
            t.problem("id", "duplicate-id", f"response id '{rid}' is used twice")
        elif rid is not None and text is not None:
            responses.append((rid, text))
    answers = r.table("answers")
    r.finish()
    if answers is not None and rubric is not None:
        for problem in validate_answers(rubric, answers, [rid for rid, _ in responses], lang="en"):
            where: tuple[str | int, ...] = ("answers", problem.question_id)
            if problem.response_id is not None:
                where = (*where, problem.response_id)
            src.problem(
                where,
                "example-" + problem.code.replace("_", "-"),
                f"the reference judgment is not valid: {problem.message}",
            )
    if r.failed or title is None or why is None or answers is None:
        return None
    return Example(name, title, tuple(prompt), tuple(responses), dict(answers), why)
