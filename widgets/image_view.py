"""Inline images of conversation turns: decoded only from the bytes the item carries.

An ``ImageData`` is base64 plus a media type. It is decoded here with an explicit image
format, never looked up by path or URL, and never passed to a text document as a resource,
so an item cannot make the app read a file or reach the network by naming one.
A thumbnail opens ``ImageZoomDialog`` on click, Enter or Space; the dialog zooms with the
keyboard: ``+``/``-``, ``0`` for 100 %, ``F`` to fit.
"""

from __future__ import annotations

import base64
import binascii
import html

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from widgets.view_models import ImageData

# Media type → the one Qt image format its bytes are read as (no sniffing, no SVG).
IMAGE_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/jpg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/bmp": "BMP",
}
MAX_IMAGE_BYTES = 32 * 1024 * 1024
THUMBNAIL = QSize(240, 160)
MIN_SCALE, MAX_SCALE, STEP = 0.05, 16.0, 1.25
MAX_SIDE = 16_384  # a zoomed pixmap never exceeds this many pixels a side


def decode_image(image: ImageData) -> QPixmap | None:
    """The image's pixels, or None if its type is not allowed or its bytes are not an image."""
    fmt = IMAGE_FORMATS.get(image.media_type.strip().lower())
    if fmt is None:
        return None
    try:
        raw = base64.b64decode("".join(image.data.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw or len(raw) > MAX_IMAGE_BYTES:
        return None
    decoded = QImage.fromData(raw, fmt)  # type: ignore[arg-type]  # stub says bytes; runtime wants str
    return None if decoded.isNull() else QPixmap.fromImage(decoded)


class ImageZoomDialog(QDialog):
    """One image, fitted to the window at first; ``+``, ``-``, ``0`` (100 %), ``F`` (fit)."""

    def __init__(self, pixmap: QPixmap, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._pixmap = pixmap
        self._scale = 1.0
        self._fit = True
        self._image = QLabel()
        self._image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._image.setAccessibleName(title)
        self._area = QScrollArea()
        self._area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._area.setWidget(self._image)
        self._area.setAccessibleName(self.tr("Image area"))
        self._area.viewport().installEventFilter(self)
        self._zoom_label = QLabel()
        self._zoom_label.setAccessibleName(self.tr("Zoom level"))
        tools = QHBoxLayout()
        for text, tip, slot in (
            (self.tr("Fit"), self.tr("Fit to window (F)"), self.fit),
            (self.tr("100%"), self.tr("Actual size (0)"), self.actual_size),
            (self.tr("Zoom in"), self.tr("Zoom in (+)"), self.zoom_in),
            (self.tr("Zoom out"), self.tr("Zoom out (-)"), self.zoom_out),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self._zoom_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self._area, 1)
        layout.addWidget(buttons)
        for keys, slot in (
            (("+", "=", QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (("-", QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            (("0",), self.actual_size),
            (("F",), self.fit),
        ):
            for key in keys:
                QShortcut(QKeySequence(key), self).activated.connect(slot)
        self.resize(900, 700)
        self._render()

    def scale(self) -> float:
        """The shown size over the image's size (after fitting, when fitting)."""
        return self._scale

    def is_fitted(self) -> bool:
        return self._fit

    def fit(self) -> None:
        self._fit = True
        self._render()

    def actual_size(self) -> None:
        self._fit, self._scale = False, 1.0
        self._render()

    def zoom_in(self) -> None:
        self._fit, self._scale = False, self._scale * STEP
        self._render()

    def zoom_out(self) -> None:
        self._fit, self._scale = False, self._scale / STEP
        self._render()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Fit to the scroll area's final size: the dialog's own resize comes before its
        # layout has sized the area.
        if watched is self._area.viewport() and event.type() == QEvent.Type.Resize and self._fit:
            self._render()
        return False

    def _render(self) -> None:
        size = self._pixmap.size()
        largest = MAX_SIDE / max(size.width(), size.height(), 1)
        if self._fit:
            room = self._area.viewport().size()
            self._scale = min(
                room.width() / max(size.width(), 1), room.height() / max(size.height(), 1)
            )
        self._scale = max(MIN_SCALE, min(self._scale, MAX_SCALE, largest))
        target = QSize(
            max(1, round(size.width() * self._scale)), max(1, round(size.height() * self._scale))
        )
        self._image.setPixmap(
            self._pixmap.scaled(
                target,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self._image.resize(target)
        self._zoom_label.setText(self.tr("{percent}%").format(percent=round(self._scale * 100)))


class ImageThumbnail(QToolButton):
    """A thumbnail button; click, Enter or Space opens the image in ``ImageZoomDialog``."""

    def __init__(self, pixmap: QPixmap, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = pixmap
        self._title = title
        self.dialog: ImageZoomDialog | None = None
        self.setIcon(QIcon(pixmap))
        self.setIconSize(pixmap.size().scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)
        # Tooltips guess rich text; the alt text comes from the data, so it is escaped.
        tip = self.tr("{title} — press Enter to enlarge").format(title=html.escape(title))
        self.setToolTip(f"<qt>{tip}</qt>")
        self.clicked.connect(self.open_zoom)

    def open_zoom(self) -> ImageZoomDialog:
        """Open (or re-open) the zoom dialog, window-modal, and return it."""
        if self.dialog is None:
            self.dialog = ImageZoomDialog(self._pixmap, self._title, self.window())
        self.dialog.open()
        return self.dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_zoom()
            return
        super().keyPressEvent(event)
