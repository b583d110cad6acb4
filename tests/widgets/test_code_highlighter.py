"""Code blocks in responses are coloured lazily, readably on light and dark palettes."""

from __future__ import annotations

import time

import pytest
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES
from PySide6.QtGui import QColor, QPalette, QTextFormat
from pytestqt.qtbot import QtBot

from widgets.code_colors import DARK_STYLE, LIGHT_STYLE, MIN_CONTRAST, TokenFormats, contrast
from widgets.code_colors import code_background as tint
from widgets.markdown_view import SafeMarkdownView

SAMPLE = """Intro text.

```python
def greet(name):
    \"\"\"Say hello.
    Still the docstring.\"\"\"
    return f"hi {name}"  # comment 🙂 here
```

```made-up-language
plain text stays plain
```

    indented code has no language
"""


def _view(qtbot: QtBot, text: str = SAMPLE) -> SafeMarkdownView:
    view = SafeMarkdownView(highlight_code=True)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.set_markdown(text)
    return view


def _block(view: SafeMarkdownView, starts: str):  # type: ignore[no-untyped-def]
    block = view.document().begin()
    while block.isValid():
        if block.text().lstrip().startswith(starts):
            return block
        block = block.next()
    raise AssertionError(f"no block starting {starts!r}")


def _colours(view: SafeMarkdownView, starts: str) -> dict[str, str]:
    block = _block(view, starts)
    text = block.text()
    return {
        text[r.start : r.start + r.length]: r.format.foreground().color().name()
        for r in block.layout().formats()
    }


def test_qt_marks_code_blocks_with_their_fence_language(qtbot: QtBot) -> None:
    view = _view(qtbot)
    fenced = _block(view, "def greet").blockFormat()
    assert fenced.property(QTextFormat.Property.BlockCodeLanguage) == "python"
    assert fenced.property(QTextFormat.Property.BlockCodeFence) == "`"
    indented = _block(view, "indented code").blockFormat()
    assert indented.property(QTextFormat.Property.BlockCodeLanguage) == ""
    assert (
        not _block(view, "Intro").blockFormat().hasProperty(QTextFormat.Property.BlockCodeLanguage)
    )


def test_python_code_is_coloured_by_token_once_the_highlighter_has_run(qtbot: QtBot) -> None:
    view = _view(qtbot)
    assert view.highlighter is not None
    view.highlighter.finish()
    colours = _colours(view, "def greet")
    assert "def" in colours
    assert "greet" in colours
    assert colours["def"] != colours["greet"]
    # The docstring's second line is coloured as a string: the group is lexed as a whole.
    assert _block(view, "Still the docstring").layout().formats()


def test_offsets_stay_right_after_an_emoji_in_the_line(qtbot: QtBot) -> None:
    view = _view(qtbot)
    assert view.highlighter is not None
    view.highlighter.finish()
    colours = _colours(view, 'return f"hi')
    assert any(piece.startswith("# comment 🙂 here") for piece in colours)


def test_unknown_languages_and_indented_code_stay_plain(qtbot: QtBot) -> None:
    view = _view(qtbot)
    assert view.highlighter is not None
    view.highlighter.finish()
    assert _block(view, "plain text stays plain").layout().formats() == []
    assert _block(view, "indented code").layout().formats() == []


def test_colours_live_in_the_layout_not_in_the_document(qtbot: QtBot) -> None:
    view = _view(qtbot)
    before = view.document().toHtml()
    assert view.highlighter is not None
    view.highlighter.finish()
    assert view.document().toHtml() == before


def test_nothing_is_lexed_inside_set_markdown_the_work_runs_from_the_event_loop(
    qtbot: QtBot,
) -> None:
    view = _view(qtbot)
    assert view.highlighter is not None
    assert not view.highlighter.is_idle()
    assert _block(view, "def greet").layout().formats() == []
    qtbot.waitUntil(view.highlighter.is_idle, timeout=5000)
    assert _block(view, "def greet").layout().formats()


def test_replacing_the_text_drops_the_old_colours(qtbot: QtBot) -> None:
    view = _view(qtbot)
    assert view.highlighter is not None
    view.highlighter.finish()
    view.set_markdown("```python\nimport os\n```\n")
    view.highlighter.finish()
    assert set(_colours(view, "import os")) == {"import", "os"}


def test_the_code_on_screen_is_coloured_before_code_elsewhere(qtbot: QtBot) -> None:
    body = "".join(f"item_{j} = compute({j}, 'text')  # note\n" for j in range(40))
    blocks = "".join(f"```python\nvalue_{i} = {i}\n{body}```\n\npara {i}\n\n" for i in range(80))
    view = _view(qtbot, blocks)
    assert view.highlighter is not None
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: bool(_block(view, "value_79 ").layout().formats()), timeout=10_000)
    assert not _block(view, "value_40 ").layout().formats()
    view.highlighter.finish()
    assert _block(view, "value_40 ").layout().formats()


def _palette(base: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    return palette


@pytest.mark.parametrize(
    ("base", "text", "style"),
    [("#ffffff", "#000000", LIGHT_STYLE), ("#1e1e1e", "#e8e8e8", DARK_STYLE)],
    ids=["light", "dark"],
)
def test_every_token_colour_reaches_the_contrast_minimum(base: str, text: str, style: str) -> None:
    palette = _palette(base, text)
    formats = TokenFormats(palette)
    assert formats.dark == (style == DARK_STYLE)
    backgrounds = [palette.color(QPalette.ColorRole.Base), tint(palette)]
    checked = 0
    for token in list(STANDARD_TYPES) + list(get_style_by_name(style).styles):
        fmt = formats.format(token)
        if fmt is None or not fmt.hasProperty(QTextFormat.Property.ForegroundBrush):
            continue
        colour = fmt.foreground().color()
        assert min(contrast(colour, bg) for bg in backgrounds) >= MIN_CONTRAST, token
        checked += 1
    assert checked > 20


def test_switching_to_a_dark_palette_recolours_the_code(qtbot: QtBot) -> None:
    view = _view(qtbot)
    assert view.highlighter is not None
    view.highlighter.finish()
    light = _colours(view, "def greet")["def"]
    view.setPalette(_palette("#121212", "#eeeeee"))
    dark = _colours(view, "def greet")["def"]
    assert dark != light
    assert contrast(QColor(dark), QColor("#121212")) >= MIN_CONTRAST


def test_a_200_kb_response_renders_without_lexing_on_the_spot(qtbot: QtBot) -> None:
    part = "## Step\n\nSome **prose** here.\n\n```python\n" + "x = [i for i in range(9)]\n" * 40
    text = (part + "```\n\n") * (200_000 // (len(part) + 5))
    view = SafeMarkdownView(highlight_code=True)
    qtbot.addWidget(view)
    view.resize(600, 800)
    view.show()
    started = time.perf_counter()
    view.set_markdown(text)
    elapsed = time.perf_counter() - started
    assert len(text) >= 190_000
    # Generous for slow CI; lexing all of it synchronously took seconds before.
    assert elapsed < 2.0
    assert view.highlighter is not None
    assert not view.highlighter.is_idle()


def test_a_view_closed_while_colouring_drops_out_of_the_shared_work(qtbot: QtBot) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    from widgets.idle_work import idle_work

    view = SafeMarkdownView(highlight_code=True)
    view.set_markdown(SAMPLE * 20)
    highlighter = view.highlighter
    assert highlighter is not None
    assert not highlighter.is_idle()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    idle_work().run_slice(budget_ms=50)  # must neither raise nor touch the deleted view
    other = _view(qtbot)
    assert other.highlighter is not None
    qtbot.waitUntil(other.highlighter.is_idle, timeout=5000)
