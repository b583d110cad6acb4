"""Light, dark or the OS's colours; a keyboard focus that is always plain to see; high DPI.

Annotators work by keyboard all day, so where the focus is must be obvious in every theme:
the stylesheet draws a 2 px highlight-coloured border on the focused control. It is written
against ``palette(...)`` roles only, so it follows the theme instead of fixing colours.
"""

from __future__ import annotations

import logging
from pathlib import Path
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

# Styling a frame hides the style's own glyphs, so the combo arrow (mid-grey: 3:1 contrast or
# better on light and dark fields alike) and the white check marks on highlight are images.
_ICONS = Path(__file__).with_name("icons")

# Focus is a 2 px highlight border. Unfocused controls have a 1 px border and 1 px more
# padding, so focusing one recolours it without moving its text (as widgets/rubric/style.py
# does inside the form, whose own sheet wins there).
FOCUS_STYLESHEET: Final = """
QPushButton, QToolButton {
    border: 1px solid palette(mid); border-radius: 4px;
    background: palette(button); color: palette(button-text);
    padding: 4px 12px;
}
QToolButton { padding: 3px 5px; }
QPushButton:hover, QToolButton:hover { background: palette(light); }
QPushButton:pressed, QToolButton:pressed, QPushButton:checked, QToolButton:checked {
    background: palette(midlight);
}
QPushButton:disabled, QToolButton:disabled {
    color: palette(mid); border-color: palette(midlight);
}
QPushButton:focus { border: 2px solid palette(highlight); padding: 3px 11px; }
QToolButton:focus { border: 2px solid palette(highlight); padding: 2px 4px; }
QCheckBox, QRadioButton {
    border: 2px solid transparent; border-radius: 4px; padding: 1px 3px;
}
QCheckBox:focus, QRadioButton:focus { border-color: palette(highlight); }
QCheckBox::indicator, QRadioButton::indicator {
    width: 14px; height: 14px; border: 1px solid palette(placeholder-text);
    background: palette(base);
}
QCheckBox::indicator { border-radius: 3px; }
QRadioButton::indicator { border-radius: 8px; }
QCheckBox::indicator:hover, QRadioButton::indicator:hover { border-color: palette(highlight); }
QCheckBox::indicator:checked, QCheckBox::indicator:indeterminate,
QRadioButton::indicator:checked {
    background: palette(highlight); border-color: palette(highlight);
}
QCheckBox::indicator:checked { image: url(ICONS/check.svg); }
QCheckBox::indicator:indeterminate { image: url(ICONS/dash.svg); }
QRadioButton::indicator:checked { image: url(ICONS/dot.svg); }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {
    border-color: palette(midlight); background: palette(window);
}
QLineEdit, QComboBox {
    border: 1px solid palette(mid); border-radius: 4px; padding: 3px 5px;
    background: palette(base); color: palette(text);
}
QLineEdit:focus, QComboBox:focus {
    border: 2px solid palette(highlight); padding: 2px 4px;
}
QComboBox { padding-right: 22px; }
QComboBox:focus { padding-right: 21px; }
QComboBox::drop-down {
    subcontrol-origin: padding; subcontrol-position: center right;
    width: 20px; border: none;
}
QComboBox::down-arrow { image: url(ICONS/combo-arrow.svg); width: 10px; height: 6px; }
QComboBox QAbstractItemView { border: 1px solid palette(mid); }
QPlainTextEdit, QTextEdit, QAbstractItemView {
    border: 1px solid palette(mid); border-radius: 3px; padding: 1px;
}
QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus {
    border: 2px solid palette(highlight); padding: 0px;
}
QTabBar::tab {
    border: 1px solid palette(mid); border-bottom: none;
    border-top-left-radius: 4px; border-top-right-radius: 4px;
    background: palette(button); padding: 5px 13px; margin-right: 2px;
}
QTabBar::tab:selected { background: palette(window); }
QTabBar::tab:!selected { margin-top: 2px; }
QTabBar::tab:focus { border: 2px solid palette(highlight); border-bottom: none; padding: 4px 12px; }
QTabWidget::pane { border: 1px solid palette(mid); top: -1px; }
""".replace("ICONS", _ICONS.as_posix())


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
