"""The cheat sheet lists every row under its category and goes away with Esc or F1."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from widgets.cheat_sheet import CheatSheet

ROWS = [
    ("Judging", "Submit the judgment", "Ctrl+Return"),
    ("Moving around", "Next item", "Alt+Down"),
    ("Judging", "Skip the item", "Ctrl+Shift+K"),
    ("In the rubric form", "Ranking: tie with the place above", "="),
]


def _table(sheet: CheatSheet) -> dict[str, list[tuple[str, str]]]:
    groups = {}
    for index in range(sheet.table.topLevelItemCount()):
        group = sheet.table.topLevelItem(index)
        groups[group.text(0)] = [
            (group.child(i).text(0), group.child(i).text(1)) for i in range(group.childCount())
        ]
    return groups


def test_rows_are_grouped_by_category_in_first_seen_order(qtbot: QtBot) -> None:
    sheet = CheatSheet(ROWS)
    qtbot.addWidget(sheet)
    table = _table(sheet)
    assert list(table) == ["Judging", "Moving around", "In the rubric form"]
    assert table["Judging"] == [
        ("Submit the judgment", "Ctrl+Return"),
        ("Skip the item", "Ctrl+Shift+K"),
    ]
    assert table["In the rubric form"] == [("Ranking: tie with the place above", "=")]


def test_escape_closes_the_sheet(qtbot: QtBot) -> None:
    sheet = CheatSheet(ROWS)
    qtbot.addWidget(sheet)
    sheet.show()
    sheet.activateWindow()
    qtbot.waitExposed(sheet)
    qtbot.waitUntil(sheet.isActiveWindow)
    assert sheet.table.hasFocus()
    with qtbot.waitSignal(sheet.rejected):
        qtbot.keyClick(sheet.table, Qt.Key.Key_Escape)
    assert not sheet.isVisible()


def test_f1_puts_the_sheet_away_as_it_brought_it(qtbot: QtBot) -> None:
    sheet = CheatSheet(ROWS)
    qtbot.addWidget(sheet)
    sheet.show()
    sheet.activateWindow()
    qtbot.waitExposed(sheet)
    qtbot.waitUntil(sheet.isActiveWindow)
    with qtbot.waitSignal(sheet.rejected):
        qtbot.keyClick(sheet.table, Qt.Key.Key_F1)


def test_the_app_registry_fills_the_sheet(qtbot: QtBot) -> None:
    from app.shortcuts import Shortcuts

    rows = Shortcuts().cheat_sheet_rows()
    sheet = CheatSheet(rows)
    qtbot.addWidget(sheet)
    assert sum(len(entries) for entries in _table(sheet).values()) == len(rows)
