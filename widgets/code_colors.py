"""Token colours for code blocks that stay readable on the palette they are shown on.

Pygments styles are designed for one background each. The view's background comes from the
user's palette (light, dark or high-contrast), so a style is chosen by the background's
lightness and then every token colour is pulled towards the palette's text colour until it
reaches ``MIN_CONTRAST`` against each background it may sit on (the page and the code-block
tint). Background colours of the style are ignored on purpose: the palette owns them.
"""

from __future__ import annotations

from collections.abc import Sequence

from pygments.style import StyleMeta
from pygments.styles import get_style_by_name
from pygments.token import Whitespace, _TokenType
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat

# WCAG AA for normal text: code is read closely, so large-text leniency does not apply.
MIN_CONTRAST = 4.5
LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"


def _channel(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """WCAG relative luminance in 0..1."""
    return (
        0.2126 * _channel(color.red())
        + 0.7152 * _channel(color.green())
        + 0.0722 * _channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours, 1..21."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """The colour ``t`` (0…1) of the way from ``a`` to ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def readable(color: QColor, backgrounds: Sequence[QColor], text: QColor) -> QColor:
    """``color`` moved towards ``text`` just enough to reach MIN_CONTRAST on every background."""
    for step in range(11):
        candidate = mix(color, text, step / 10)
        if min(contrast(candidate, bg) for bg in backgrounds) >= MIN_CONTRAST:
            return candidate
    return QColor(text)


def code_background(palette: QPalette) -> QColor:
    """The tint behind code blocks: 6% of the way from the page colour to the text colour.

    AlternateBase is not used because many palettes set it equal to Base.
    """
    return mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.06)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Base)) < 0.25


class TokenFormats:
    """Character formats per Pygments token type for one palette; built on first use."""

    def __init__(self, palette: QPalette) -> None:
        self.dark = is_dark(palette)
        self._style: StyleMeta = get_style_by_name(DARK_STYLE if self.dark else LIGHT_STYLE)
        self._text = palette.color(QPalette.ColorRole.Text)
        self._backgrounds = (palette.color(QPalette.ColorRole.Base), code_background(palette))
        self._cache: dict[_TokenType, QTextCharFormat | None] = {}
        self.key = (self.dark, self._text.rgb(), tuple(bg.rgb() for bg in self._backgrounds))

    def format(self, token: _TokenType) -> QTextCharFormat | None:
        """The format for ``token``, or None when the token is plain text (nothing to set)."""
        if token in self._cache:
            return self._cache[token]
        spec = self._style.style_for_token(token)
        fmt: QTextCharFormat | None = None
        if token in Whitespace:
            pass  # invisible: a colour would only split the ranges
        elif spec["color"] or spec["bold"] or spec["italic"]:
            fmt = QTextCharFormat()
            if spec["color"]:
                color = readable(QColor("#" + spec["color"]), self._backgrounds, self._text)
                fmt.setForeground(color)
            if spec["bold"]:
                fmt.setFontWeight(QFont.Weight.Bold)
            if spec["italic"]:
                fmt.setFontItalic(True)
        self._cache[token] = fmt
        return fmt
