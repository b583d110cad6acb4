"""Hostile content in an item stays inert in the real ItemView: nothing parsed as HTML,
no file read, no image fetched, no link opened without asking.

"No file read" is checked with Linux inotify on a real temp file: the kernel reports every
open of it, whatever library does the opening. A control test shows the watch does see Qt
reading the file when the protection is missing.
"""

from __future__ import annotations

import base64
import ctypes
import os
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTextBrowser
from pytestqt.qtbot import QtBot

from widgets.item_view import ItemView
from widgets.link_confirm import confirm_link, link_is_allowed
from widgets.markdown_view import SafeMarkdownView
from widgets.view_models import ImageData, ItemContent, ResponseCard, TurnView

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg"
    "=="
)
IN_OPEN, IN_ACCESS, IN_NONBLOCK = 0x20, 0x01, 0o4000

needs_inotify = pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux-only")


@contextmanager
def opens_of(path: Path) -> Iterator[list[int]]:
    """Collects the inotify open/read events on ``path`` seen until the block ends."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(IN_NONBLOCK)
    assert fd >= 0
    watch = libc.inotify_add_watch(fd, os.fsencode(path), IN_OPEN | IN_ACCESS)
    assert watch >= 0
    events: list[int] = []
    try:
        yield events
        QApplication.processEvents()
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            data = b""
        offset = 0
        while offset < len(data):
            _, mask, _, length = struct.unpack_from("iIII", data, offset)
            events.append(mask)
            offset += 16 + length
    finally:
        os.close(fd)


def hostile(secret: Path) -> str:
    return f"""# Answer

<script>alert(1)</script>
<b style="color:white">hidden</b>
<img src=file://{secret}>

![x](file://{secret})
![p](file:///etc/passwd)
![y](https://example.com/a.png)
![z](data:image/png;base64,{PNG_1PX})

[click me](https://example.com/phish)
"""


LITERALS = ["<script>alert(1)</script>", '<b style="color:white">hidden</b>', "<img src=file://"]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.png"
    path.write_bytes(base64.b64decode(PNG_1PX))  # a real image: a read would succeed
    return path


def _item(text: str) -> ItemContent:
    return ItemContent(
        "evil",
        (TurnView("system", text), TurnView("user", text), TurnView("assistant", text)),
        (ResponseCard("A", text), ResponseCard("B", text), ResponseCard("C", text)),
    )


def _show(qtbot: QtBot, item: ItemContent) -> ItemView:
    view = ItemView()
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.show_item(item)
    qtbot.waitExposed(view)
    for card in view.conversation.cards:
        card.set_expanded(True)
    for _ in range(5):
        QApplication.processEvents()
    view.grab()  # paint everything once: images are requested when laid out and drawn
    return view


def _markdown_views(view: ItemView) -> list[SafeMarkdownView]:
    views: list[SafeMarkdownView] = [card.body for card in view.conversation.cards]
    return views + [response.rendered for response in view.responses.views]


def _assert_inert(markdown_view: SafeMarkdownView, secret: Path) -> None:
    text = markdown_view.toPlainText()
    for literal in LITERALS:
        assert literal in text
    body = markdown_view.toHtml().split("<body", 1)[1]
    assert "<script" not in body
    assert "<b style" not in body
    requested = " ".join(markdown_view.blocked_resources)
    assert str(secret) in requested
    assert "example.com/a.png" in requested
    assert "data:image/png" in requested
    for name in list(markdown_view.blocked_resources):  # resource() appends to it
        loaded = markdown_view.document().resource(2, QUrl(name))  # ImageResource
        assert isinstance(loaded, QImage)
        assert loaded.isNull()


@needs_inotify
def test_hostile_markdown_is_inert_in_every_turn_and_response(qtbot: QtBot, secret: Path) -> None:
    with opens_of(secret) as events:
        view = _show(qtbot, _item(hostile(secret)))
    assert events == []
    views = _markdown_views(view)
    assert len(views) == 6
    for markdown_view in views:
        _assert_inert(markdown_view, secret)


@needs_inotify
def test_raw_mode_shows_the_hostile_text_exactly_and_reads_nothing(
    qtbot: QtBot, secret: Path
) -> None:
    text = hostile(secret)
    with opens_of(secret) as events:
        view = _show(qtbot, _item(text))
        for response in view.responses.views[:2]:
            response.set_raw(True)
        view.grab()
    assert events == []
    for response in view.responses.views[:2]:
        assert response.raw is not None
        assert response.raw.toPlainText() == text
        assert response.raw.isReadOnly()


@needs_inotify
def test_the_watch_does_see_qt_read_a_file_when_the_protection_is_missing(
    qtbot: QtBot, secret: Path
) -> None:
    class BrowserOnly(QTextBrowser):  # overriding the browser alone: Qt's fallback reads
        def loadResource(self, kind: int, name: QUrl) -> Any:
            return None

    naive = BrowserOnly()
    qtbot.addWidget(naive)
    with opens_of(secret) as events:
        naive.document().resource(2, QUrl.fromLocalFile(str(secret)))
    assert any(mask & IN_OPEN for mask in events)


def test_labels_built_from_item_data_never_interpret_html(qtbot: QtBot, secret: Path) -> None:
    evil = f"<img src=file://{secret}><b>x</b>"
    item = ItemContent(
        "labels",
        (
            TurnView("system", evil + "\nmore"),
            TurnView(
                evil,
                "odd role",
                (ImageData(evil, PNG_1PX, evil), ImageData("image/png", PNG_1PX, evil)),
            ),
        ),
        (ResponseCard(evil, "a"), ResponseCard("B", "b")),
    )
    view = _show(qtbot, item)
    labels = [label for label in view.findChildren(QLabel) if "<img" in label.text()]
    assert len(labels) >= 3  # role header, unshowable image, system preview, response title
    for label in labels:
        assert label.textFormat().name == "PlainText"
    thumbnail = view.conversation.cards[1].thumbnails[0]
    assert "<img" not in thumbnail.toolTip()
    assert "&lt;img" in thumbnail.toolTip()


def test_a_turn_image_is_drawn_only_from_its_own_bytes(qtbot: QtBot) -> None:
    item = ItemContent(
        "img",
        (TurnView("user", "pic", (ImageData("image/png", PNG_1PX, "dot"),)),),
        (ResponseCard("A", "a"), ResponseCard("B", "b")),
    )
    view = _show(qtbot, item)
    card = view.conversation.cards[0]
    assert len(card.thumbnails) == 1
    assert card.body.blocked_resources == []  # the image never went through the document


def _answer_next_box(button: QMessageBox.StandardButton | None, seen: list[str]) -> None:
    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, act)
            return
        seen.append(box.text())
        if button is None:
            box.defaultButton().click() if box.defaultButton() else box.accept()
        else:
            box.button(button).click()

    QTimer.singleShot(0, act)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://example.com/x",
        "prefdesk://open",
        "data:text/html,hi",
    ],
)
def test_links_other_than_web_and_mail_are_refused_with_a_message(qtbot: QtBot, url: str) -> None:
    seen: list[str] = []
    _answer_next_box(QMessageBox.StandardButton.Ok, seen)
    assert not link_is_allowed(QUrl(url))
    assert confirm_link(None, QUrl(url)) is False
    assert len(seen) == 1
    assert url.split(":")[0] in seen[0]


def test_a_web_link_opens_only_after_yes_and_shows_the_whole_address(qtbot: QtBot) -> None:
    url = QUrl("https://bank.example@evil.example/login?next=%2Fhome")
    seen: list[str] = []
    _answer_next_box(QMessageBox.StandardButton.Yes, seen)
    assert confirm_link(None, url) is True
    assert url.toString() in seen[0]
    assert "Goes to: evil.example" in seen[0]
    _answer_next_box(QMessageBox.StandardButton.No, seen)
    assert confirm_link(None, url) is False


def test_enter_alone_does_not_open_a_link(qtbot: QtBot) -> None:
    seen: list[str] = []
    _answer_next_box(None, seen)  # presses the default button
    assert confirm_link(None, QUrl("https://example.com/")) is False
    assert link_is_allowed(QUrl("mailto:someone@example.com"))


def test_look_alike_hosts_are_also_shown_in_their_ascii_form(qtbot: QtBot) -> None:
    seen: list[str] = []
    _answer_next_box(QMessageBox.StandardButton.No, seen)
    confirm_link(None, QUrl("https://аpple.example/"))  # Cyrillic "а"
    assert "xn--" in seen[0]
