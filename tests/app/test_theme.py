"""Dark and light are forced on any platform; focus is always drawn in the highlight colour."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.theme import FOCUS_STYLESHEET, apply_theme, dark_palette, prepare_high_dpi


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    """Later tests get the application's look back as it was."""
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    yield qapp
    qapp.styleHints().setColorScheme(Qt.ColorScheme.Unknown)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style or "Fusion")
    qapp.setPalette(palette)


def _window_lightness(widget: QWidget) -> int:
    return widget.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_forces_a_dark_window_background(themed: QApplication, qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    apply_theme(themed, "dark")
    assert _window_lightness(window) < 128
    assert window.palette().color(QPalette.ColorRole.WindowText).lightness() >= 128


def test_light_forces_a_light_window_background(themed: QApplication, qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    apply_theme(themed, "dark")
    apply_theme(themed, "light")
    assert _window_lightness(window) >= 128
    assert window.palette().color(QPalette.ColorRole.WindowText).lightness() < 128


def test_system_drops_the_forced_palette_and_asks_the_os(themed: QApplication) -> None:
    apply_theme(themed, "dark")
    apply_theme(themed, "system")
    assert themed.styleHints().colorScheme() in (Qt.ColorScheme.Unknown, Qt.ColorScheme.Dark)
    forced = dark_palette().color(QPalette.ColorRole.Window)
    assert themed.palette().color(QPalette.ColorRole.Window) != forced


def test_every_theme_uses_fusion_and_the_focus_stylesheet(themed: QApplication) -> None:
    for pref in ("system", "light", "dark"):
        apply_theme(themed, pref)
        assert themed.styleSheet() == FOCUS_STYLESHEET
        themed.setStyleSheet("")  # the sheet wraps the style; look at the one underneath
        assert themed.style().name().lower() == "fusion"
    for selector in ("QPushButton:focus", "QCheckBox:focus", "QRadioButton:focus",
                     "QLineEdit:focus", "QTextEdit:focus", "QAbstractItemView:focus",
                     "QTabBar::tab:focus"):  # fmt: skip
        assert selector in FOCUS_STYLESHEET
    assert "2px solid palette(highlight)" in FOCUS_STYLESHEET


@pytest.mark.parametrize("pref", ["light", "dark"])
def test_a_focused_control_shows_a_highlight_coloured_border(
    themed: QApplication, qtbot: QtBot, pref: str
) -> None:
    apply_theme(themed, pref)
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    button, edit = QPushButton("Submit"), QLineEdit()
    layout.addWidget(button)
    layout.addWidget(edit)
    window.show()
    qtbot.waitExposed(window)
    highlight = button.palette().color(QPalette.ColorRole.Highlight)
    edit.setFocus()
    unfocused = button.grab().toImage().pixelColor(0, button.height() // 2)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    focused = button.grab().toImage().pixelColor(0, button.height() // 2)
    assert focused.rgb() == highlight.rgb()
    assert unfocused.rgb() != highlight.rgb()


def test_high_dpi_policy_is_set_before_the_application_exists() -> None:
    code = (
        "from PySide6.QtGui import QGuiApplication\n"
        "from app.theme import prepare_high_dpi\n"
        "assert prepare_high_dpi()\n"
        "app = QGuiApplication([])\n"
        "print(QGuiApplication.highDpiScaleFactorRoundingPolicy().name)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "PassThrough"


def test_high_dpi_too_late_is_refused_not_crashed(qapp: QApplication) -> None:
    assert prepare_high_dpi() is False
