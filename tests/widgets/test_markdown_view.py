"""Untrusted responses render as inert text: no HTML, no files, no network, no link opening."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from widgets.markdown_view import SafeMarkdownView

HOSTILE = """# Answer

<script>alert(1)</script>
<b style="color:white">hidden</b>

<img src="file:///etc/passwd">

![secret](file:///etc/passwd)

![chart](https://example.com/chart.png)

[click me](https://example.com/phish)
"""


def test_raw_html_is_shown_as_text_not_interpreted(qtbot: QtBot) -> None:
    view = SafeMarkdownView()
    qtbot.addWidget(view)
    view.set_markdown(HOSTILE)
    text = view.toPlainText()
    assert "<script>alert(1)</script>" in text
    assert '<b style="color:white">hidden</b>' in text
    assert "<b" not in view.toHtml().split("<body")[1].replace("&lt;b", "")


def test_no_local_file_or_remote_image_is_ever_loaded(qtbot: QtBot, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    view = SafeMarkdownView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.set_markdown(HOSTILE + f"\n![local](file://{secret})\n")
    qtbot.waitExposed(view)
    view.repaint()
    requested = " ".join(view.blocked_resources)
    assert "example.com/chart.png" in requested
    assert str(secret) in requested
    for name in list(view.blocked_resources):
        loaded = view.document().resource(2, name)  # QTextDocument.ImageResource
        # Qt's own fallback would hand back the file's bytes; ours is an empty image.
        assert isinstance(loaded, QImage)
        assert loaded.isNull()


def test_clicking_a_link_asks_the_app_instead_of_opening_it(qtbot: QtBot) -> None:
    view = SafeMarkdownView()
    qtbot.addWidget(view)
    view.set_markdown(HOSTILE)
    assert not view.openLinks()
    assert not view.openExternalLinks()
    from PySide6.QtCore import QUrl

    with qtbot.waitSignal(view.sig_link_requested) as requested:
        view.anchorClicked.emit(QUrl("https://example.com/phish"))
    assert requested.args[0].toString() == "https://example.com/phish"


def test_overriding_only_the_browser_would_still_read_local_files(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Why the override lives on the document: Qt's fallback opens file: URLs itself."""
    from typing import Any

    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QTextBrowser

    class BrowserOnly(QTextBrowser):
        def loadResource(self, kind: int, name: QUrl) -> Any:
            return None

    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"top secret")
    naive = BrowserOnly()
    qtbot.addWidget(naive)
    loaded = naive.document().resource(2, QUrl.fromLocalFile(str(secret)))
    assert bytes(loaded) == b"top secret"


def test_github_tables_and_strikethrough_render_while_html_stays_text(qtbot: QtBot) -> None:
    from PySide6.QtGui import QTextTable

    view = SafeMarkdownView()
    qtbot.addWidget(view)
    view.set_markdown(
        "Sales by month:\n\n| Month | Sales |\n|---|---:|\n| Jan | 4,200 |\n| Feb | 3,900 |\n\n"
        "~~old~~ <u>new</u>\n"
    )
    frames = view.document().rootFrame().childFrames()
    tables = [f for f in frames if isinstance(f, QTextTable)]
    assert len(tables) == 1
    assert (tables[0].rows(), tables[0].columns()) == (3, 2)
    assert "| Month |" not in view.toPlainText()
    assert "<u>new</u>" in view.toPlainText()
