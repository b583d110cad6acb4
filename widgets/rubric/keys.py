"""Reading annotation keys from key events, the same way in every editor.

Editors answer to plain keys only (letters, digits, Backspace, arrows): anything typed with
Ctrl, Alt or Meta is left alone so the window's shortcuts (Ctrl+Return submits) still work.
Shift is allowed because some layouts need it for digits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)

CLEAR_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)


def is_plain(event: QKeyEvent) -> bool:
    """Whether the key was pressed without Ctrl, Alt or Meta."""
    return not (event.modifiers() & _COMMAND_MODIFIERS)


def typed(event: QKeyEvent) -> str:
    """The one lowercase character typed by a plain key press, else ""."""
    text = event.text()
    if not is_plain(event) or len(text) != 1 or not text.isprintable():
        return ""
    return text.lower()


def digit(event: QKeyEvent) -> int | None:
    """The ASCII digit 0–9 typed by a plain key press (top row or keypad), else None."""
    text = typed(event)
    return int(text) if len(text) == 1 and "0" <= text <= "9" else None


def is_clear(event: QKeyEvent) -> bool:
    """Backspace or Delete without command modifiers: clear the focused row."""
    return is_plain(event) and event.key() in CLEAR_KEYS
