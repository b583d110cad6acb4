"""A keyboard-only annotator ranks, rates, flags, rewrites and submits 20 items.

No mouse event is sent: every key goes to whatever has focus, exactly as an annotator's
keyboard would. The store must then hold exactly those 20 judgments with the answers typed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.item_session import ItemSession
from app.main_window import MainWindow
from app.pack_catalog import DEMO_PACK
from app.tasks import TaskLanes
from app.workspace import Workspace
from storage import import_source

ITEMS = 20
ISSUE_KEYS = {"1": "incorrect", "3": "off_task", "4": "verbose"}  # 0: none apply


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    lanes = TaskLanes()
    made = MainWindow(lanes, started=0.0)
    qtbot.addWidget(made)
    made.resize(1500, 950)
    made.show()
    made.activateWindow()
    yield made
    made.close()


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "keyboard focus was lost"
    return widget


def _press(qtbot: QtBot, key: Qt.Key | str, modifier: Qt.KeyboardModifier | None = None) -> None:
    target = _focus()
    if isinstance(key, str):
        QTest.keyClicks(target, key)
    elif modifier is not None:
        QTest.keyClick(target, key, modifier)
    else:
        QTest.keyClick(target, key)


def _tab_to(qtbot: QtBot, accessible_name: str) -> None:
    for _ in range(30):
        if _focus().accessibleName() == accessible_name:
            return
        QTest.keyClick(_focus(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached “{accessible_name}”")


def _annotate(qtbot: QtBot, window: MainWindow, n: int) -> dict[str, Any]:
    """Type one item's judgment; returns the answers the store must hold for it."""
    session = window.controller.session
    assert session is not None
    order = session.display_order  # A, B, C… in the order shown
    letters = "abcdefghi"[: len(order)]
    ratings = [str(1 + (n + k) % 5) for k in range(len(order))]
    issue_keys = [["0"], ["1", "4"], ["3"]]
    expected: dict[str, Any] = {
        "helpfulness": {rid: int(ratings[k]) for k, rid in enumerate(order)},
        "issues": {},
    }
    for digit in ratings:  # a digit rates the focused response and moves to the next
        _press(qtbot, digit)
    for k, rid in enumerate(order):  # digits toggle problems; Return moves on
        keys = issue_keys[(n + k) % len(issue_keys)]
        for digit in keys:
            _press(qtbot, digit)
        _press(qtbot, Qt.Key.Key_Return)
        expected["issues"][rid] = [ISSUE_KEYS[d] for d in keys if d != "0"]
    # Rank by letters, best last-shown first; tie the two last on every other item.
    ranked = letters[::-1]
    if n % 2 and len(ranked) >= 3:
        typed = ranked[:-1] + "=" + ranked[-1]
        groups = [[c] for c in ranked[:-2]] + [[ranked[-2], ranked[-1]]]
    else:
        typed = ranked
        groups = [[c] for c in ranked]
    assert "RankList" in type(_focus()).__name__
    _press(qtbot, typed)
    expected["ranking"] = [[order[letters.index(c)] for c in group] for group in groups]
    best = expected["ranking"][0][0]
    _tab_to(qtbot, "Rewritten response")
    _press(qtbot, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    _press(qtbot, f"In short: item {n}. ")
    source = next(r.text for r in session.content.responses if r.id == best)
    expected["rewrite"] = {"source": best, "text": f"In short: item {n}. " + source}
    _tab_to(qtbot, "Why this order?")
    rationale = f"Item {n}: the first is clearest."
    _press(qtbot, rationale)
    expected["rationale"] = rationale
    return expected


def _run(qtbot: QtBot, window: MainWindow, profile: Path) -> dict[str, dict[str, Any]]:
    shown: list[ItemSession] = []
    window.sig_item_shown.connect(shown.append)
    with qtbot.waitSignal(window.sig_first_item_shown, timeout=30_000):
        window.open_profile(profile, seed_demo=True)
    typed: dict[str, dict[str, Any]] = {}
    for n in range(ITEMS):
        session = window.controller.session
        assert session is not None
        assert session.editable
        typed[session.content.id] = _annotate(qtbot, window, n)
        count = len(shown)
        with qtbot.waitSignal(window.controller.sig_judgment_submitted, timeout=10_000) as done:
            _press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert done.args[0].item_id == session.content.id
        if n + 1 < ITEMS:
            qtbot.waitUntil(lambda count=count: len(shown) > count, timeout=10_000)
    return typed


def _stored(profile: Path) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(profile / "prefdesk.sqlite")
    try:
        rows = conn.execute("SELECT item_id, status, answers_json FROM judgments").fetchall()
    finally:
        conn.close()
    assert {status for _, status, _ in rows} == {"submitted"}
    return {item: json.loads(answers) for item, _, answers in rows}


def test_keyboard_only_annotator_submits_twenty_demo_items(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "demo"
    typed = _run(qtbot, window, profile)
    assert len(typed) == ITEMS
    assert _stored(profile) == typed


def test_keyboard_only_annotator_works_through_real_openassistant_trees(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, shared_data: Path
) -> None:
    profile = tmp_path / "oasst"
    workspace = Workspace.open(profile)
    import_source(workspace.store, shared_data / "oasst-en100-trees/en_100_tree.lines0-79.jsonl")
    from guidelines import load_pack

    workspace.packs.add(load_pack(DEMO_PACK))  # the one pack in the profile governs its work
    workspace.close()
    typed = _run(qtbot, window, profile)
    stored = _stored(profile)
    assert stored == typed
    sizes = {len(answers["helpfulness"]) for answers in stored.values()}
    assert sizes <= set(range(2, 10))
    assert max(sizes) >= 3
