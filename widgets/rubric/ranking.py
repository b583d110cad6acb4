"""The ranking editor: order every response best first, by keyboard or by drag and drop.

Keyboard map (while the editor or any of its controls has focus):

- a response's letter (``a``, ``b``…, either case) places it next, one place lower;
- ``=`` then a letter ties it with the place above (without ``allow_ties``: a hint only);
- Backspace removes the most recently placed response (or cancels a pending ``=``);
- Ctrl+Up / Ctrl+Down move the selected place up or down;
- Tab reaches the buttons: one per unranked response (places it next) and Clear.

A response whose label is not a single letter gets the first free letter instead. The extra
candidate (the rewrite, see ``set_extra_candidate``) uses the first letter of its label,
``r`` for "R" or "Rewrite", or else the first free one of r, w, x, y, z.

Mouse: drag a place onto another place's edge to move it, onto its middle to tie the two
(when ties are allowed); double-click a tied place to split it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guidelines.rubric import AnyQuestion, RankingQuestion
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.rank_list import HintLabel, RankList, UnrankedBar
from widgets.rubric.ranking_model import RankingModel, key_map

_MOVE_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}  # with Ctrl: move the selected place


class RankingEditor(QuestionEditor):
    """Edits a ranking answer: ``[["r1"], ["r2", "r3"]]``, groups of ids, best first.

    ``value()`` is None until every candidate (each response, plus the extra candidate when
    one is set) has a place. ``set_extra_candidate`` and ``set_value`` never emit
    ``sig_changed``; every keyboard or mouse edit does.
    """

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, responses, lang, parent)
        ties = isinstance(question, RankingQuestion) and question.allow_ties
        self._model = RankingModel([r.id for r in self.responses], ties)
        self._labels: dict[str, str] = {r.id: r.label for r in self.responses}
        self._keys: dict[str, str] = {}  # key letter → candidate id
        self._extra: tuple[str, str] | None = None
        self._tie_pending = False
        self._pending_value: Any | None = None  # a stored ranking waiting for its candidate

        self.setAccessibleName(question.label.get(lang))
        self._help = QLabel(self, wordWrap=True)
        self._help.setAccessibleName(self.tr("Keyboard help"))
        self._list = RankList(self)
        self._list.ties_allowed = ties
        self._list.setAccessibleName(self.tr("Ranking, best first"))
        self._list.installEventFilter(self)
        self._list.sig_move_requested.connect(self._on_move)
        self._list.sig_tie_requested.connect(lambda s, t: self._apply(self._model.merge_into(s, t)))
        self._list.itemDoubleClicked.connect(
            lambda item: self._apply(self._model.split(self._list.row(item)))
        )
        self._unranked = UnrankedBar(self)
        self._unranked.sig_place_requested.connect(self._place_from_button)
        self._clear = QPushButton(self.tr("Clear"), self)
        self._clear.setAccessibleName(self.tr("Clear the ranking"))
        self._clear.clicked.connect(self._on_clear)
        self._status = HintLabel(self)
        self._status.setAccessibleName(self.tr("Ranking message"))

        bottom = QHBoxLayout()
        bottom.addWidget(self._unranked)
        bottom.addStretch(1)
        bottom.addWidget(self._clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._help)
        layout.addWidget(self._list)
        layout.addLayout(bottom)
        layout.addWidget(self._status)
        self.setFocusProxy(self._list)
        self._rebuild_keys()

    # -- the QuestionEditor contract -------------------------------------------------------
    def value(self) -> list[list[str]] | None:
        return self._model.value()

    def set_value(self, value: Any | None) -> None:
        self._tie_pending = False
        self._pending_value = None
        if value is None:
            self._model.clear()
        elif not self._model.load(value):
            # Perhaps it ranks the extra candidate, which the form may set only afterwards.
            self._pending_value = value
        self._refresh()

    def focus_first(self) -> None:
        self._list.setFocus(Qt.FocusReason.TabFocusReason)

    # -- the extra candidate -------------------------------------------------------------
    def set_extra_candidate(self, candidate_id: str | None, label: str = "R") -> None:
        """Add (or, with None, remove) a candidate that is not a response, e.g. the rewrite.

        It must then be ranked like a response; removing it drops it from the ranking.
        A stored ranking that named it before it was added is shown once it is.
        """
        if self._extra is not None:
            self._labels.pop(self._extra[0], None)
        self._extra = (candidate_id, label) if candidate_id is not None else None
        ids = [r.id for r in self.responses]
        if self._extra is not None:
            ids.append(self._extra[0])
            self._labels[self._extra[0]] = label
        self._model.set_candidates(ids)
        if self._pending_value is not None and self._model.load(self._pending_value):
            self._pending_value = None
        self._rebuild_keys()

    def key_for(self, candidate_id: str) -> str:
        """The key letter that places ``candidate_id`` ("" when it has none)."""
        return {cid: k for k, cid in self._keys.items()}.get(candidate_id, "")

    # -- keyboard ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._handle_key(event)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys the buttons do not use (letters, =, Backspace) bubble up to here.
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.ControlModifier and event.key() in _MOVE_KEYS:
            row = self._list.currentRow()
            self._on_move(row, row + _MOVE_KEYS[event.key()])
            return True
        if mods & ~Qt.KeyboardModifier.ShiftModifier:
            return False  # leave Ctrl/Alt/Meta shortcuts to the form and the window
        if event.key() == Qt.Key.Key_Backspace:
            self._undo()
            return True
        text = event.text().lower()
        if text == "=":
            self._start_tie()
            return True
        if text and text in self._keys:
            self._place(self._keys[text])
            return True
        return False

    def _start_tie(self) -> None:
        if not self._model.allow_ties:
            self._status.flash(self.tr("This question does not allow ties."))
        elif not self._model.groups:
            self._status.flash(self.tr("Place a response first; = then ties the next one with it."))
        else:
            self._tie_pending = True
            place = len(self._model.groups)
            self._status.hold(self.tr("Tie: type the letter that shares place {0}.").format(place))

    def _place(self, cid: str) -> None:
        place = self._model.place_of(cid)
        if place is not None:
            self._status.flash(
                self.tr("{0} already has place {1}; Backspace removes the last one.").format(
                    self._labels[cid], place
                )
            )
            return
        tie, self._tie_pending = self._tie_pending, False
        self._model.place(cid, tie=tie)
        self._status.clear()
        self._edited()

    def _place_from_button(self, cid: str) -> None:
        self._place(cid)
        self._list.setFocus()  # the clicked button hides; typing should go on working

    def _undo(self) -> None:
        if self._tie_pending:
            self._tie_pending = False
            self._status.clear()
            return
        if self._model.undo_last() is not None:
            self._edited()

    # -- mouse ---------------------------------------------------------------------------
    def _on_move(self, src: int, dst: int) -> None:
        if self._apply(self._model.move_group(src, dst)):
            self._list.setCurrentRow(dst)

    def _apply(self, changed: bool) -> bool:
        """After a model operation: show and announce it if it changed anything."""
        if changed:
            self._edited()
        return changed

    def _on_clear(self) -> None:
        self._tie_pending = False
        if self._model.groups:
            self._model.clear()
            self._edited()
        self._list.setFocus()

    # -- display -------------------------------------------------------------------------
    def _edited(self) -> None:
        self._pending_value = None
        self._refresh()
        self.sig_changed.emit()

    def _rebuild_keys(self) -> None:
        """Key letters and place-next buttons follow the candidates."""
        self._keys = key_map([(r.id, r.label) for r in self.responses], self._extra)
        self._unranked.set_candidates(
            [(cid, self._labels[cid], self.key_for(cid)) for cid in self._model.candidates]
        )
        ties = self.tr(" Type = before a letter to tie it with the place above.")
        self._help.setText(
            self.tr("Type the letters best first ({0}); Backspace undoes.").format(
                ", ".join(k.upper() for k in self._keys)
            )
            + (ties if self._model.allow_ties else "")
        )
        self._refresh()

    def _refresh(self) -> None:
        self._list.show_groups(self._model.groups, self._labels)
        self._unranked.show_unplaced(set(self._model.unplaced()))
        self._list.fit_rows(len(self._model.candidates))
