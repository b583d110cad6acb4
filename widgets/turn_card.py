"""One turn of the conversation as a card: a role header, safe Markdown text, images.

Role colours are derived from the palette at paint time (Highlight for the user, Highlight
turned on the colour wheel for the assistant, PlaceholderText for the system), so they follow
light, dark and high-contrast themes. Text that comes from the item (role names, image types,
the system prompt preview) goes into plain-text labels only: a ``QLabel`` left to guess would
render "<img src=file:…>" as rich text and read that file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from widgets.code_colors import mix
from widgets.image_view import ImageThumbnail, decode_image
from widgets.markdown_view import FittedMarkdownView
from widgets.view_models import TurnView

STRIPE = 4
IMAGES_PER_ROW = 4


def role_color(palette: QPalette, role: str) -> QColor:
    """The accent of a role's card, taken from ``palette``."""
    if role == "user":
        return palette.color(QPalette.ColorRole.Highlight)
    if role == "assistant":
        accent = palette.color(QPalette.ColorRole.Highlight)
        hue = accent.hslHue() if accent.hslHue() >= 0 else 210
        # 150° away from the user's accent: distinct hue, same lightness as the theme chose.
        return QColor.fromHsl(
            (hue + 150) % 360, max(accent.hslSaturation(), 120), accent.lightness()
        )
    return palette.color(QPalette.ColorRole.PlaceholderText)


class TurnCard(QFrame):
    """One turn: a coloured role header, the text, then the turn's images."""

    sig_link_requested = Signal(QUrl)

    def __init__(self, turn: TurnView, role_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = turn.role
        self.setAccessibleName(role_name)
        self.header = QLabel(role_name)
        self.header.setTextFormat(Qt.TextFormat.PlainText)  # roles come from the data
        self.header.setAccessibleName(role_name)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.body = FittedMarkdownView()
        self.body.setAccessibleName(self.tr("{role} text").format(role=role_name))
        self.body.set_markdown(turn.text)
        self.body.sig_link_requested.connect(self.sig_link_requested)
        self.thumbnails: list[ImageThumbnail] = []
        self._header_row = QHBoxLayout()
        self._header_row.setContentsMargins(STRIPE + 8, 6, 8, 6)
        self._header_row.addWidget(self.header)
        self._header_row.addStretch(1)
        self.toggle: QToolButton | None = None
        self.preview: QLabel | None = None
        self._preview_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._header_row)
        content = QVBoxLayout()
        content.setContentsMargins(STRIPE + 4, 2, 4, 6)
        content.addWidget(self.body)
        images = self._images(turn, role_name)
        if images is not None:
            content.addWidget(images)
        self.content = QWidget()
        self.content.setLayout(content)
        layout.addWidget(self.content)
        if turn.role == "system":
            self._make_collapsible(turn, role_name)

    def _images(self, turn: TurnView, role_name: str) -> QWidget | None:
        if not turn.images:
            return None
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(8, 4, 8, 4)
        for index, image in enumerate(turn.images):
            title = image.alt or self.tr("Image {n} of the {role} turn").format(
                n=index + 1, role=role_name
            )
            pixmap = decode_image(image)
            widget: QWidget
            if pixmap is None:
                widget = QLabel(self.tr("[image not shown: {type}]").format(type=image.media_type))
                widget.setTextFormat(Qt.TextFormat.PlainText)
                widget.setAccessibleName(title)
            else:
                widget = ImageThumbnail(pixmap, title)
                self.thumbnails.append(widget)
            row, column = divmod(index, IMAGES_PER_ROW)
            grid.addWidget(widget, row, column, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(IMAGES_PER_ROW, 1)
        return holder

    def _make_collapsible(self, turn: TurnView, role_name: str) -> None:
        self.header.hide()
        self.toggle = QToolButton()
        self.toggle.setText(role_name)
        self.toggle.setFont(self.header.font())
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.toggled.connect(self.set_expanded)
        first_line = next((line for line in turn.text.splitlines() if line.strip()), "")
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.preview.setAccessibleName(self.tr("System prompt preview"))
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._preview_text = first_line.strip()
        self._header_row.insertWidget(0, self.toggle)
        self._header_row.insertSpacing(1, 12)
        self._header_row.insertWidget(2, self.preview, 1)
        self.set_expanded(False)

    def set_expanded(self, expanded: bool) -> None:
        """Show or hide the text (system prompt only; other turns are always expanded)."""
        if self.toggle is None:
            return
        self.content.setVisible(expanded)
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        action = self.tr("Hide system prompt") if expanded else self.tr("Show system prompt")
        self.toggle.setAccessibleName(action)
        self.toggle.setToolTip(action)
        if self.preview is not None:
            self.preview.setVisible(not expanded)
        self._elide_preview()

    def _elide_preview(self) -> None:
        if self.preview is None or self.preview.isHidden():
            return
        metrics = self.preview.fontMetrics()
        width = max(40, self.preview.width())
        self.preview.setText(
            metrics.elidedText(self._preview_text, Qt.TextElideMode.ElideRight, width)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_preview()

    def is_expanded(self) -> bool:
        return self.content.isVisible() if self.toggle is None else self.toggle.isChecked()

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        accent = role_color(palette, self.role)
        painter = QPainter(self)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        header = self._header_row.geometry()
        painter.fillRect(
            0,
            0,
            self.width(),
            header.bottom() + 1,
            mix(palette.color(QPalette.ColorRole.Base), accent, 0.18),
        )
        painter.fillRect(0, 0, STRIPE, self.height(), accent)
        painter.end()
