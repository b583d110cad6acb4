"""Light, dark or the OS's colours; a keyboard focus that is always plain to see; high DPI.

Annotators work by keyboard all day, so where the focus is must be obvious in every theme:
the stylesheet draws a 2 px highlight-coloured border on the focused control. It is written
against ``palette(...)`` roles only, so it follows the theme instead of fixing colours.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

THEMES: Final = ("system", "light", "dark")

_SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}

# Borders are always 2 px — transparent or mid-grey until focused — so focusing a control
# recolours it without shifting its text by a pixel.
FOCUS_STYLESHEET: Final = """
QPushButton, QToolButton {
    border: 2px solid palette(mid); border-radius: 4px;
    background: palette(button); color: palette(button-text);
    padding: 3px 10px; min-height: 1.3em;
}
QToolButton { padding: 2px 4px; }
QPushButton:hover, QToolButton:hover { background: palette(light); }
QPushButton:pressed, QToolButton:pressed, QPushButton:checked, QToolButton:checked {
    background: palette(midlight);
}
QPushButton:disabled, QToolButton:disabled {
    color: palette(mid); border-color: palette(midlight);
}
QCheckBox, QRadioButton {
    border: 2px solid transparent; border-radius: 4px; padding: 1px 3px;
}
QLineEdit, QKeySequenceEdit QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox {
    border: 2px solid palette(mid); border-radius: 4px; padding: 2px 4px;
    background: palette(base);
}
QPlainTextEdit, QTextEdit, QAbstractItemView {
    border: 2px solid palette(mid); border-radius: 2px;
}
QTabBar::tab { border: 2px solid transparent; padding: 4px 12px; }
QTabBar::tab:selected { border-bottom-color: palette(mid); }
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus,
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus,
QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus,
QTabBar::tab:focus, QTabBar:focus QTabBar::tab:selected {
    border: 2px solid palette(highlight);
}
"""


def prepare_high_dpi() -> bool:
    """Call before the QApplication exists: fractional scale factors (125 %, 150 %) are used
    as they are, so text is never blurred by rounding. Returns False (and logs) when called
    too late, as Qt ignores the policy once the application exists."""
    if QGuiApplication.instance() is not None:
        log.warning("prepare_high_dpi() called after the QApplication was created; ignored")
        return False
    # Qt 6's default already, set anyway so QT_SCALE_FACTOR_ROUNDING_POLICY is the only way
    # to change it and the intent is visible here.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    return True


def apply_theme(app: QApplication, pref: str) -> None:
    """Apply ``pref`` ("system", "light" or "dark"; anything else means "system") now.

    Always the Fusion style, which draws light and dark alike on every platform. "light" and
    "dark" ask the platform for that scheme (native title bars follow where supported) *and*
    set Fusion's palette for it, so the colours are right even where the request is ignored.
    "system" drops any forced palette so the OS's scheme, and later changes to it, show.
    """
    scheme = _SCHEMES.get(pref, Qt.ColorScheme.Unknown)
    app.setStyle("Fusion")
    app.styleHints().setColorScheme(scheme)
    if scheme == Qt.ColorScheme.Dark:
        app.setPalette(dark_palette())
    elif scheme == Qt.ColorScheme.Light:
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(QPalette())  # an empty palette resolves to the platform's
    # Re-set the sheet so its palette(...) colours are resolved against the new palette.
    app.setStyleSheet("")
    app.setStyleSheet(FOCUS_STYLESHEET)


def dark_palette() -> QPalette:
    """A dark palette for Fusion with WCAG AA contrast for text and a clear highlight."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#2b2b2e",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1f1f22",
        roles.AlternateBase: "#2a2a2e",
        roles.ToolTipBase: "#3a3a3f",
        roles.ToolTipText: "#f0f0f0",
        roles.PlaceholderText: "#9a9a9f",
        roles.Text: "#e6e6e6",
        roles.Button: "#37373b",
        roles.ButtonText: "#e6e6e6",
        roles.BrightText: "#ff6b6b",
        roles.Light: "#4a4a4f",
        roles.Midlight: "#414146",
        roles.Mid: "#5c5c63",
        roles.Dark: "#1a1a1d",
        roles.Shadow: "#111113",
        roles.Highlight: "#3d8ee6",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#6cb2ff",
        roles.LinkVisited: "#b89cff",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7a7a80"))
    palette.setColor(disabled, roles.Highlight, QColor("#4a4a4f"))
    return palette
