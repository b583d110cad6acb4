"""Which editor edits which kind of question."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from guidelines.rubric import AnyQuestion
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.choice import ChoiceEditor
from widgets.rubric.flags import FlagsEditor
from widgets.rubric.pairwise import PairwiseEditor
from widgets.rubric.rating import RatingEditor
from widgets.rubric.text import ReplyEditor, TextEditor

EDITORS: dict[str, type[QuestionEditor]] = {
    "pairwise": PairwiseEditor,
    "rating": RatingEditor,
    "flags": FlagsEditor,
    "choice": ChoiceEditor,
    "text": TextEditor,
    "reply": ReplyEditor,
}


def editor_class(kind: str) -> type[QuestionEditor]:
    """The editor class for questions of ``kind``; ``ValueError`` for an unknown kind.

    The ranking and rewrite editors live in modules of their own with heavier parts (drag
    and drop, word diffs); they are imported when a rubric first needs them.
    """
    if kind in EDITORS:
        return EDITORS[kind]
    if kind == "ranking":
        from widgets.rubric.ranking import RankingEditor

        return RankingEditor
    if kind == "rewrite":
        from widgets.rubric.rewrite import RewriteEditor

        return RewriteEditor
    raise ValueError(f"no editor for questions of kind {kind!r}")


def editor_for(
    question: AnyQuestion,
    responses: Sequence[ResponseRef],
    lang: str | None = None,
    parent: QWidget | None = None,
) -> QuestionEditor:
    """A new editor for ``question``, showing ``responses`` in display order."""
    return editor_class(question.kind)(question, responses, lang, parent)
