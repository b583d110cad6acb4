"""Asking before a link from model output is opened.

Links in responses and turns are written by a model (or whoever wrote the data), so the
annotator sees the whole address — with the host spelled out, since ``https://bank.com@evil.example``
and look-alike Unicode hosts read as something else — and decides. Only web and mail links
are offered at all; ``file:``, ``javascript:``, custom app schemes and the like are refused.
The caller opens the URL (``QDesktopServices.openUrl``) only when ``confirm_link`` says True.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def link_is_allowed(url: QUrl) -> bool:
    """True for a valid http, https or mailto URL."""
    return url.isValid() and url.scheme().lower() in ALLOWED_SCHEMES


def _describe(url: QUrl) -> str:
    shown = url.toString()
    encoded = bytes(url.toEncoded().data()).decode("ascii", "replace")
    lines = [shown]
    if encoded != shown:
        lines.append(encoded)  # the ASCII form shows punycode hosts and hidden characters
    return "\n".join(lines)


def _box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a URL must never be read as rich text
    box.setText(text)
    box.setAccessibleName(title)
    return box


def confirm_link(parent: QWidget | None, url: QUrl) -> bool:
    """Ask whether to open ``url``; True only for an allowed scheme and an explicit Yes.

    Refused schemes get an explanation and return False without asking. "No" is the
    default button, so Enter alone does not open anything.
    """
    if not link_is_allowed(url):
        box = _box(
            parent,
            QCoreApplication.translate("LinkConfirm", "Link not opened"),
            QCoreApplication.translate(
                "LinkConfirm",
                "Only web (http, https) and mail links can be opened. This link was not:",
            )
            + "\n\n"
            + _describe(url),
        )
        box.setIcon(QMessageBox.Icon.Information)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
        return False
    host = url.host(QUrl.ComponentFormattingOption.FullyEncoded) or url.path()
    box = _box(
        parent,
        QCoreApplication.translate("LinkConfirm", "Open link?"),
        QCoreApplication.translate(
            "LinkConfirm", "This link comes from the item, not from Prefdesk. Open it?"
        )
        + "\n\n"
        + _describe(url)
        + "\n\n"
        + QCoreApplication.translate("LinkConfirm", "Goes to: {host}").format(host=host),
    )
    box.setIcon(QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
