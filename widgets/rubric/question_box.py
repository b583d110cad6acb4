"""One question in the form: its label, its help, its editor and its problems.

Help text is the pack's Markdown, rendered by ``guidelines.markdown_html`` (every piece of
source text escaped, raw HTML shown as text, only http(s)/mailto links kept) with images
dropped, so the label can show it as rich text without loading anything. Links are reported
through ``sig_link_requested`` and never opened here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from guidelines.markdown_html import render
from guidelines.rubric import AnyQuestion
from widgets.rubric.base import QuestionEditor
from widgets.rubric.parts import muted
from widgets.rubric.style import PROBLEM_COLOR


def help_html(markdown: str) -> str:
    """Safe HTML for a question's help; a single paragraph loses its ``<p>`` margins."""
    out = render(markdown, lambda _path: None).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


class QuestionBox(QFrame):
    """The frame around one editor; ``show_problems`` lists what blocks submitting it."""

    sig_link_requested = Signal(QUrl)

    def __init__(
        self,
        question: AnyQuestion,
        editor: QuestionEditor,
        lang: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.editor = editor
        self.setProperty("questionBox", True)
        label = question.label.get(lang)
        self.setAccessibleName(label)

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        marker = ""
        if question.required:
            # The star is for the eye; the accessible name says it in words.
            marker = f' <span style="color:{PROBLEM_COLOR}">*</span>'
            self.title.setToolTip(self.tr("Required"))
        self.title.setText(f"<b>{html.escape(label)}</b>{marker}")
        self.title.setAccessibleName(
            self.tr("{0} (required)").format(label) if question.required else label
        )

        self.help: QLabel | None = None
        if question.help is not None and question.help.get(lang).strip():
            self.help = muted(QLabel(self))
            self.help.setWordWrap(True)
            self.help.setTextFormat(Qt.TextFormat.RichText)
            self.help.setOpenExternalLinks(False)
            self.help.setText(help_html(question.help.get(lang)))
            self.help.setAccessibleName(self.tr("Help for {0}").format(label))
            if "<a " in self.help.text():
                self.help.setTextInteractionFlags(
                    Qt.TextInteractionFlag.LinksAccessibleByMouse
                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                )
            self.help.linkActivated.connect(lambda url: self.sig_link_requested.emit(QUrl(url)))

        self.problems = QLabel(self)
        self.problems.setProperty("problems", True)
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setAccessibleName(self.tr("Problems with {0}").format(label))
        self.problems.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 10)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        if self.help is not None:
            layout.addWidget(self.help)
        layout.addSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.problems)

    def show_problems(self, messages: Sequence[str]) -> None:
        """Show ``messages`` under the editor (none: hide the label and the red edge)."""
        self.problems.setText("\n".join(messages))
        self.problems.setVisible(bool(messages))
        self.setProperty("problem", bool(messages))
        self.style().unpolish(self)  # re-read the style sheet's [problem] rule
        self.style().polish(self)
