"""The rewrite editor: edit one response into the ideal one, seeing every change as you go.

Source choice. The text starts as the source response's text. While the annotator has not
typed, choosing another source (or the form's ``set_default_source``, e.g. the preferred
response) loads that response's text. Once they have typed, choosing another source never
discards their work: the text is kept, the diff now compares against the new source, and a
"Start over from …" button replaces the text with the source's (undoable, Ctrl+Z).

Speed. The word diff and distance are recomputed ``_DEBOUNCE_MS`` after the last keystroke,
never inside the keystroke handler: typing in a 50 KB text is as fast as in the plain text
edit itself. Unchanged runs are elided in the diff view, which keeps it short.

Candidate. "Rank the rewrite as an extra candidate" makes the rewrite a candidate once
there is a rewrite (the text has been edited). Whenever that changes, including through
``set_value``, ``sig_candidate_toggled`` is emitted *before* ``sig_changed``, so the form can
call ``RankingEditor.set_extra_candidate(candidate_id, candidate_label)`` first and then save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from guidelines.rubric import AnyQuestion
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.rewrite_diff import RewriteDiff, captioned

_DEBOUNCE_MS = 150  # a pause between words, not between keystrokes


class RewriteEditor(QuestionEditor):
    """Edits ``{"source": rid, "text": …}`` (+ ``"candidate": true``).

    ``value()`` is None until the annotator has edited the text at least once (a rewrite
    identical to its source is an answer only if they typed it).
    """

    sig_candidate_toggled = Signal(bool)

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, responses, lang, parent)
        self._texts = {r.id: r.text for r in self.responses}
        self._labels = {r.id: r.label for r in self.responses}
        self._edited = False
        self._source_chosen = False  # the annotator picked a source: defaults no longer apply
        self._loading = False  # text changes made by the editor itself, not the annotator
        self._candidate = False  # what was last announced through sig_candidate_toggled
        self._default = self.responses[0].id if self.responses else None
        self.setAccessibleName(question.label.get(lang))

        self._source = QComboBox(self)
        self._source.setAccessibleName(self.tr("Source response"))
        for r in self.responses:  # the label, and the first line to recognise it by
            self._source.addItem(f"{r.label} — {r.text.strip().split(chr(10), 1)[0][:60]}", r.id)
        self._source.activated.connect(self._on_source_chosen)
        # A response's first line can be long; it must not widen the whole rubric column.
        self._source.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self._source.setMinimumContentsLength(16)
        self._restart = QPushButton(self)
        self._restart.setAccessibleName(self.tr("Start over from the source response"))
        self._restart.clicked.connect(self._on_restart)
        self._edit = QPlainTextEdit(self)
        # Tab must move on to the next control, or a keyboard-only annotator is trapped here.
        self._edit.setTabChangesFocus(True)
        self._edit.setAccessibleName(self.tr("Rewritten response"))
        self._edit.textChanged.connect(self._on_text_changed)
        self.diff = RewriteDiff(self)
        self._as_candidate = QCheckBox(self.tr("Rank the rewrite as an extra candidate"), self)
        self._as_candidate.setAccessibleName(self._as_candidate.text())
        self._as_candidate.toggled.connect(self._on_candidate_clicked)
        self._timer = QTimer(self, singleShot=True, interval=_DEBOUNCE_MS)
        self._timer.timeout.connect(self._recompute)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Start from:"), self, buddy=self._source))
        top.addWidget(self._source, 1)
        top.addWidget(self._restart)
        split = QSplitter(Qt.Orientation.Horizontal, self, childrenCollapsible=False)
        split.addWidget(captioned(QLabel(self.tr("Your rewrite")), self._edit))
        split.addWidget(self.diff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.diff.stats)
        layout.addWidget(self._as_candidate)
        self._load_source(self.source_id())

    # -- the QuestionEditor contract -------------------------------------------------------
    def value(self) -> dict[str, Any] | None:
        source = self.source_id()
        if not self._edited or source is None:
            return None
        out: dict[str, Any] = {"source": source, "text": self._edit.toPlainText()}
        if self._as_candidate.isChecked():
            out["candidate"] = True
        return out

    def set_value(self, value: Any | None) -> None:
        if value is None:
            self._source_chosen = False
            self._set_checked(False)
            if self._default is not None:
                self._select(self._default)
            self._load_source(self.source_id())
        elif _showable(value, self._texts):
            self._source_chosen = True
            self._select(value["source"])
            self._set_checked(value.get("candidate") is True)
            self._set_text(value["text"])
            self._edited = True
            self._after_change()
        self._announce_candidate()

    def focus_first(self) -> None:
        self._edit.setFocus(Qt.FocusReason.TabFocusReason)

    # -- for the form --------------------------------------------------------------------
    def set_default_source(self, response_id: str) -> None:
        """Start from ``response_id`` unless the annotator has typed or picked a source."""
        if response_id not in self._texts:
            return
        self._default = response_id  # also where set_value(None) starts again
        if not self._edited and not self._source_chosen:
            self._select(response_id)
            self._load_source(response_id)

    def source_id(self) -> str | None:
        data = self._source.currentData()
        return data if isinstance(data, str) else None

    @property
    def candidate_id(self) -> str:
        """The id rankings place the rewrite under: the rewrite question's id."""
        return self.question.id

    def candidate_label(self) -> str:
        return self.tr("Rewrite")

    def is_candidate(self) -> bool:
        """Whether the rewrite must be ranked: ticked, and there is a rewrite."""
        return self._edited and self._as_candidate.isChecked()

    # -- events --------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        if self._loading:
            return
        self._edited = True
        self._timer.start()  # restarts: the diff waits for a pause in typing
        if self._restart.isHidden():
            self._restart.setVisible(True)
        self._announce_candidate()
        self.sig_changed.emit()

    def _on_source_chosen(self, _index: int) -> None:
        self._source_chosen = True
        if not self._edited:
            self._load_source(self.source_id())
            return
        self._after_change()  # keep the text; compare with the new source
        self.sig_changed.emit()

    def _on_restart(self) -> None:
        """Replace the text with the source's, as one undoable edit."""
        cursor = self._edit.textCursor()
        self._loading = True
        try:
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(self._source_text())
        finally:
            self._loading = False
        self._edited = False
        self._after_change()
        self._announce_candidate()
        self.sig_changed.emit()

    def _on_candidate_clicked(self, _checked: bool) -> None:
        before = self._candidate
        self._announce_candidate()
        if self._edited or before != self._candidate:
            self.sig_changed.emit()

    # -- state ---------------------------------------------------------------------------
    def _load_source(self, source: str | None) -> None:
        """Show ``source``'s text, untouched (the value is None again)."""
        self._set_text(self._texts.get(source or "", ""))
        self._edited = False
        self._after_change()

    def _after_change(self) -> None:
        label = self._labels.get(self.source_id() or "", "")
        self._restart.setText(self.tr("Start over from {0}").format(label))
        self.diff.set_source_label(label)
        self._restart.setVisible(self._edited)
        self._timer.stop()
        self._recompute()

    def _recompute(self) -> None:
        if self._edited:
            self.diff.show_comparison(self._source_text(), self._edit.toPlainText())
        else:
            self.diff.show_untouched()

    def _source_text(self) -> str:
        return self._texts.get(self.source_id() or "", "")

    def _set_text(self, text: str) -> None:
        self._loading = True
        try:
            self._edit.setPlainText(text)
        finally:
            self._loading = False

    def _select(self, source: str) -> None:
        self._source.setCurrentIndex(max(self._source.findData(source), 0))

    def _set_checked(self, checked: bool) -> None:
        with QSignalBlocker(self._as_candidate):
            self._as_candidate.setChecked(checked)

    def _announce_candidate(self) -> None:
        now = self.is_candidate()
        if now != self._candidate:
            self._candidate = now
            self.sig_candidate_toggled.emit(now)


def _showable(value: Any, texts: Mapping[str, str]) -> bool:
    return (
        isinstance(value, Mapping)
        and value.get("source") in texts
        and isinstance(value.get("text"), str)
        and isinstance(value.get("candidate", False), bool)
    )
