"""Keyboard shortcuts: every app action's stable id, default keys, and the annotator's overrides.

Ids are stable: they are the keys of ``UiPrefs.shortcuts`` and the ``objectName`` of bound
``QAction``s, so renaming one loses annotators' overrides. Key sequences are stored as
portable text ("Ctrl+Return") and shown as native text (⌘↩ on macOS, translated key names).

Descriptions and categories are English source text marked with ``QT_TRANSLATE_NOOP`` in the
"Shortcuts" context and translated when shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence

from app.shortcut_table import ACTIONS, FORM_KEYS, ActionSpec

__all__ = [
    "ACTIONS",
    "FORM_KEYS",
    "ActionSpec",
    "ShortcutConflict",
    "Shortcuts",
    "find_problems",
    "native_text",
]

_CONTEXT = "Shortcuts"
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_FUNCTION_KEYS = range(Qt.Key.Key_F1.value, Qt.Key.Key_F35.value + 1)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def native_text(portable: str) -> str:
    """``portable`` key sequence text as the platform shows it ("" stays "")."""
    return QKeySequence(portable).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutConflict(ValueError):
    """Overrides that cannot all work: ``problems`` maps action id → what is wrong with it."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        # Both actions of a clash carry the same message; say it once.
        super().__init__("\n".join(dict.fromkeys(self.problems.values())))


@dataclass(frozen=True)
class _Bound:
    action_id: str
    description: str
    sequence: QKeySequence


def find_problems(
    sequences: Mapping[str, Sequence[str]], actions: Sequence[ActionSpec] = ACTIONS
) -> dict[str, str]:
    """What is wrong with giving each action id its key sequences (portable text).

    Returns {action id: translated message}, empty when all can work. Problems: text that is
    no key sequence; a key without Ctrl, Alt or Meta (other than F1–F35), which belongs to
    typing and the rubric form; and two actions on one sequence — or one a prefix of the
    other — which names both actions, on both.
    """
    described = {a.id: _tr(a.description) for a in actions}
    problems: dict[str, str] = {}
    bound: list[_Bound] = []
    for action_id, texts in sequences.items():
        for text in texts:
            if not text.strip():
                continue
            sequence = QKeySequence(text)
            if sequence.isEmpty() or _first(sequence).key() == Qt.Key.Key_unknown:
                problems[action_id] = QCoreApplication.translate(
                    "Shortcuts", "“{keys}” is not a key combination."
                ).format(keys=text)
            elif _is_typing_key(sequence):
                problems[action_id] = QCoreApplication.translate(
                    "Shortcuts",
                    "{keys} is needed for typing and the rubric form; add Ctrl, Alt or Meta.",
                ).format(keys=sequence.toString(QKeySequence.SequenceFormat.NativeText))
            else:
                bound.append(_Bound(action_id, described.get(action_id, action_id), sequence))
    for index, first in enumerate(bound):
        for second in bound[index + 1 :]:
            if first.action_id != second.action_id:
                _note_clash(problems, first, second)
    return problems


def _note_clash(problems: dict[str, str], first: _Bound, second: _Bound) -> None:
    native = QKeySequence.SequenceFormat.NativeText
    match = QKeySequence.SequenceMatch
    if first.sequence == second.sequence:
        message = QCoreApplication.translate(
            "Shortcuts", "{keys} is the shortcut for both “{first}” and “{second}”."
        ).format(
            keys=first.sequence.toString(native),
            first=first.description,
            second=second.description,
        )
    elif (
        first.sequence.matches(second.sequence) == match.NoMatch
        and second.sequence.matches(first.sequence) == match.NoMatch
    ):
        return
    else:
        # A prefix clash is a clash too: Qt waits for the longer one and the shorter never fires.
        message = QCoreApplication.translate(
            "Shortcuts", "{first_keys} (“{first}”) and {second_keys} (“{second}”) start alike."
        ).format(
            first_keys=first.sequence.toString(native),
            first=first.description,
            second_keys=second.sequence.toString(native),
            second=second.description,
        )
    problems.setdefault(first.action_id, message)
    problems.setdefault(second.action_id, message)


def _first(sequence: QKeySequence) -> QKeyCombination:
    return sequence[0]  # type: ignore[index,no-any-return]  # the stubs lack __getitem__


def _is_typing_key(sequence: QKeySequence) -> bool:
    first = _first(sequence)
    return not (first.keyboardModifiers() & _COMMAND_MODIFIERS) and (
        first.key().value not in _FUNCTION_KEYS
    )


class Shortcuts:
    """The effective shortcut of every action: the annotator's override, else the default.

    ``overrides`` maps action id → portable key sequence text ("" = no shortcut); ids of
    actions that no longer exist are ignored. Raises :class:`ShortcutConflict` when the
    result has problems (see :func:`find_problems`); the defaults never do, so a caller can
    fall back to ``Shortcuts()``.
    """

    def __init__(
        self, overrides: Mapping[str, str] | None = None, actions: Sequence[ActionSpec] = ACTIONS
    ) -> None:
        self.actions = tuple(actions)
        self._specs = {a.id: a for a in self.actions}
        self.overrides = {k: v for k, v in (overrides or {}).items() if k in self._specs}
        problems = find_problems({a.id: self.texts(a.id) for a in self.actions}, self.actions)
        if problems:
            raise ShortcutConflict(problems)

    def spec(self, action_id: str) -> ActionSpec:
        """The action's registry entry; ``KeyError`` for an unknown id."""
        return self._specs[action_id]

    def texts(self, action_id: str) -> list[str]:
        """Effective key sequences as portable text; an override replaces the alternates."""
        if action_id in self.overrides:
            override = self.overrides[action_id]
            return [override] if override.strip() else []
        spec = self._specs[action_id]
        return [spec.default, *spec.alternates] if spec.default else []

    def sequences(self, action_id: str) -> list[QKeySequence]:
        """Effective key sequences, primary first (empty when the action has none)."""
        return [QKeySequence(text) for text in self.texts(action_id)]

    def sequence(self, action_id: str) -> QKeySequence:
        """The primary effective key sequence (empty when the action has none)."""
        found = self.sequences(action_id)
        return found[0] if found else QKeySequence()

    def display_text(self, action_id: str) -> str:
        """Native text of every effective sequence, for menus and the cheat sheet."""
        # Distinct keys can share a name (Return and keypad Enter are both 回车 in Chinese).
        return " / ".join(dict.fromkeys(native_text(text) for text in self.texts(action_id)))

    def bind(self, action_id: str, action: QAction) -> QAction:
        """Give ``action`` the id's shortcuts and name it after the id; returns ``action``."""
        self.spec(action_id)  # an unknown id is a programming error: fail at start-up
        action.setObjectName(action_id)
        action.setShortcuts(self.sequences(action_id))
        return action

    def cheat_sheet_rows(self) -> list[tuple[str, str, str]]:
        """(category, description, keys) for every action, then the rubric form's fixed keys,
        all translated — the plain data ``widgets.cheat_sheet.CheatSheet`` takes."""
        none = QCoreApplication.translate("Shortcuts", "(none)")
        rows = [
            (_tr(a.category), _tr(a.description), self.display_text(a.id) or none)
            for a in self.actions
        ]
        rows += [
            (
                _tr(k.category),
                _tr(k.description),
                " / ".join(k.keys if k.literal else (native_text(key) for key in k.keys)),
            )
            for k in FORM_KEYS
        ]
        return rows

    def editor_rows(self) -> list[tuple[str, str, str, str]]:
        """(id, category, description, default keys) per action — portable key text,
        translated words — the rows ``widgets.settings_dialog.SettingsDialog`` takes."""
        return [(a.id, _tr(a.category), _tr(a.description), a.default) for a in self.actions]

    def problems_for(self, current: Mapping[str, str]) -> dict[str, str]:
        """:func:`find_problems` for {id: one sequence} as the settings dialog edits them;
        the default alternates count for actions still on their default."""
        sequences: dict[str, list[str]] = {}
        for a in self.actions:
            text = current.get(a.id, "")
            sequences[a.id] = [text, *(a.alternates if text == a.default else ())]
        return find_problems(sequences, self.actions)
