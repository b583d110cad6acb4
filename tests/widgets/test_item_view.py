"""The item view: role-coloured turns, a collapsed system prompt, inline images, CJK text."""

from __future__ import annotations

import base64

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from widgets.image_view import ImageThumbnail, ImageZoomDialog, decode_image
from widgets.item_view import ItemView
from widgets.turn_card import TurnCard, role_color
from widgets.view_models import ImageData, ItemContent, ResponseCard, TurnView


def png_base64(width: int = 40, height: int = 30, colour: str = "orange") -> str:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return base64.b64encode(bytes(data.data())).decode("ascii")


ITEM = ItemContent(
    "item-7",
    (
        TurnView("system", "You are **terse**.\nSecond line of the prompt."),
        TurnView(
            "user", "Look at this chart", (ImageData("image/png", png_base64(), "Sales chart"),)
        ),
        TurnView("assistant", "It rises."),
        TurnView("user", "Why?"),
    ),
    (ResponseCard("A", "Because.", "r1"), ResponseCard("B", "Seasonality.", "r2")),
)


@pytest.fixture
def view(qtbot: QtBot) -> ItemView:
    item_view = ItemView()
    qtbot.addWidget(item_view)
    item_view.resize(1000, 800)
    item_view.show()
    item_view.activateWindow()
    qtbot.waitUntil(item_view.isActiveWindow)
    item_view.show_item(ITEM)
    return item_view


def test_each_turn_is_a_card_named_by_its_role_and_rendered_as_markdown(view: ItemView) -> None:
    cards = view.conversation.cards
    assert [card.role for card in cards] == ["system", "user", "assistant", "user"]
    assert [card.accessibleName() for card in cards] == [
        "System prompt",
        "User",
        "Assistant",
        "User",
    ]
    assert cards[0].body.toPlainText().startswith("You are terse.")  # Markdown, not raw
    assert view.current_item_id == "item-7"
    assert view.response_titles() == ["Response A", "Response B"]


def test_role_colours_differ_and_come_from_the_palette_in_light_and_dark() -> None:
    light = QPalette(QColor("#efefef"))
    dark = QPalette(QColor("#2b2b2b"))
    for palette in (light, dark):
        colours = {role_color(palette, role).name() for role in ("system", "user", "assistant")}
        assert len(colours) == 3
    assert role_color(light, "user") == light.color(QPalette.ColorRole.Highlight)
    assert role_color(dark, "system") == dark.color(QPalette.ColorRole.PlaceholderText)


def test_the_system_prompt_starts_collapsed_and_opens_from_the_keyboard(
    view: ItemView, qtbot: QtBot
) -> None:
    system: TurnCard = view.conversation.cards[0]
    assert system.toggle is not None
    assert not system.is_expanded()
    assert not system.body.isVisible()
    assert system.toggle.accessibleName() == "Show system prompt"
    assert system.preview is not None
    assert "You are **terse**." in system.preview.text() or "You are" in system.preview.text()
    assert system.toggle.focusPolicy() & Qt.FocusPolicy.TabFocus
    system.toggle.setFocus()
    qtbot.keyClick(system.toggle, Qt.Key.Key_Space)
    assert system.is_expanded()
    assert system.body.isVisible()
    assert system.toggle.accessibleName() == "Hide system prompt"
    qtbot.waitUntil(lambda: system.body.height() >= system.body.document().size().height())
    qtbot.keyClick(system.toggle, Qt.Key.Key_Space)
    assert not system.body.isVisible()


def test_other_turns_are_as_tall_as_their_text_and_do_not_scroll_themselves(
    view: ItemView, qtbot: QtBot
) -> None:
    long_turn = ItemContent("long", (TurnView("user", "\n\n".join(["para"] * 60)),), ITEM.responses)
    view.show_item(long_turn)
    body = view.conversation.cards[0].body
    qtbot.waitUntil(lambda: body.height() >= body.document().size().height() > 500)
    assert body.verticalScrollBar().maximum() == 0
    qtbot.waitUntil(lambda: view.conversation.verticalScrollBar().maximum() > 0)


def test_an_image_turn_shows_a_thumbnail_that_opens_a_zoom_dialog_with_enter(
    view: ItemView, qtbot: QtBot
) -> None:
    card = view.conversation.cards[1]
    assert len(card.thumbnails) == 1
    thumbnail: ImageThumbnail = card.thumbnails[0]
    assert thumbnail.accessibleName() == "Sales chart"
    thumbnail.setFocus()
    qtbot.keyClick(thumbnail, Qt.Key.Key_Return)
    dialog = thumbnail.dialog
    assert isinstance(dialog, ImageZoomDialog)
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    assert dialog.is_fitted()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_0)
    assert dialog.scale() == pytest.approx(1.0)
    qtbot.keyClick(dialog, Qt.Key.Key_Plus)
    assert dialog.scale() == pytest.approx(1.25)
    qtbot.keyClick(dialog, Qt.Key.Key_Minus)
    qtbot.keyClick(dialog, Qt.Key.Key_Minus)
    assert dialog.scale() == pytest.approx(0.8)
    qtbot.keyClick(dialog, Qt.Key.Key_F)
    assert dialog.is_fitted()
    assert dialog.scale() > 1  # a 40×30 image fitted to a 900×700 window
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_click_on_a_thumbnail_opens_the_zoom_dialog(view: ItemView, qtbot: QtBot) -> None:
    thumbnail = view.conversation.cards[1].thumbnails[0]
    qtbot.mouseClick(thumbnail, Qt.MouseButton.LeftButton)
    assert thumbnail.dialog is not None
    assert thumbnail.dialog.isVisible()
    thumbnail.dialog.reject()


@pytest.mark.parametrize(
    "image",
    [
        ImageData("image/svg+xml", base64.b64encode(b"<svg/>").decode()),
        ImageData("image/png", "file:///etc/passwd"),
        ImageData("image/png", base64.b64encode(b"not an image").decode()),
        ImageData("text/uri-list", base64.b64encode(b"https://example.com/a.png").decode()),
        ImageData("image/png", ""),
    ],
    ids=["svg", "path", "garbage", "url-list", "empty"],
)
def test_images_are_only_decoded_from_real_image_bytes_of_an_allowed_type(
    image: ImageData, qtbot: QtBot
) -> None:
    assert decode_image(image) is None


def test_an_undecodable_image_is_named_not_shown(view: ItemView) -> None:
    bad = TurnView("user", "see", (ImageData("image/png", "file:///etc/passwd", "secret"),))
    view.show_item(ItemContent("bad", (bad,), ITEM.responses))
    card = view.conversation.cards[0]
    assert card.thumbnails == []
    assert "[image not shown: image/png]" in [
        label.text() for label in card.findChildren(type(card.header))
    ]


def test_chinese_japanese_and_emoji_text_render(view: ItemView, qtbot: QtBot) -> None:
    chinese = "请用中文解释量子纠缠。"
    japanese = "日本語の説明をお願いします：ひらがな、カタカナ、漢字。"
    emoji = "Thanks 🙏🏽 — 👍"
    item = ItemContent(
        "cjk",
        (TurnView("user", f"{chinese}\n\n{japanese}"),),
        (
            ResponseCard(
                "A", f"# 回答\n\n{chinese}\n\n```python\nprint('{japanese}')  # {emoji}\n```"
            ),
            ResponseCard("B", f"{japanese} {emoji}"),
        ),
    )
    view.show_item(item)
    turn_text = view.conversation.cards[0].body.toPlainText()
    assert chinese in turn_text
    assert japanese in turn_text
    response = view.responses.views[0].rendered
    assert chinese in response.toPlainText()
    assert emoji in response.toPlainText()
    assert response.highlighter is not None
    response.highlighter.finish()
    image = view.grab()
    assert not image.isNull()
    view.responses.views[1].set_raw(True)
    raw = view.responses.views[1].raw
    assert raw is not None
    assert raw.toPlainText() == f"{japanese} {emoji}"


def test_the_placeholder_clears_the_item(view: ItemView) -> None:
    view.show_placeholder("Nothing to do")
    assert view.current_item_id is None
    assert view.response_titles() == []
    assert view.conversation.cards == []


def test_focus_response_focuses_that_response(view: ItemView) -> None:
    view.focus_response(1)
    assert QApplication.focusWidget() is view.responses.views[1].rendered
    view.focus_response(7)  # out of range: ignored
    assert QApplication.focusWidget() is view.responses.views[1].rendered


def test_links_in_turns_and_responses_are_reported_not_opened(view: ItemView, qtbot: QtBot) -> None:
    from PySide6.QtCore import QUrl

    turn_view = view.conversation.cards[1].body
    assert not turn_view.openLinks()
    with qtbot.waitSignal(view.sig_link_requested) as turn_link:
        turn_view.anchorClicked.emit(QUrl("https://example.com/t"))
    assert turn_link.args[0] == QUrl("https://example.com/t")
    with qtbot.waitSignal(view.sig_link_requested) as response_link:
        view.responses.views[0].rendered.anchorClicked.emit(QUrl("https://example.com/r"))
    assert response_link.args[0] == QUrl("https://example.com/r")


def test_every_text_starts_at_the_top_with_nothing_selected(view: ItemView, qtbot: QtBot) -> None:
    long_text = "\n\n".join(f"paragraph {i}" for i in range(200))
    view.show_item(ItemContent("top", ITEM.turns, (ResponseCard("A", long_text),) * 2))
    view.show_item(ItemContent("top2", ITEM.turns, (ResponseCard("A", long_text + "!"),) * 2))
    for _ in range(3):
        QApplication.processEvents()
    markdown_views = [card.body for card in view.conversation.cards]
    markdown_views += [response.rendered for response in view.responses.views]
    for markdown_view in markdown_views:
        assert not markdown_view.textCursor().hasSelection()
        assert markdown_view.textCursor().position() == 0
        assert markdown_view.verticalScrollBar().value() == 0
