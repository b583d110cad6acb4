"""The accessibility check shared by the window tests: every control Tab can reach has a name
a screen reader can say."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QScrollBar, QWidget


def unnamed_focusable_controls(window: QWidget) -> tuple[int, list[str]]:
    """How many visible focusable controls ``window`` has, and which of them have no name
    (an accessible name, or a button's own text); scroll bars are left out."""
    unnamed = []
    reached = 0
    for control in window.findChildren(QWidget):
        if not control.isVisible() or isinstance(control, QScrollBar):
            continue
        if control.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        reached += 1
        name = control.accessibleName()
        if not name and isinstance(control, QAbstractButton):
            name = control.text().replace("&", "")
        if not name.strip():
            unnamed.append(f"{type(control).__name__} in {type(control.parent()).__name__}")
    return reached, unnamed
