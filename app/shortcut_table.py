"""The registry's data: every app action with its stable id, and the rubric form's fixed keys.

Adding an action: append an ``ActionSpec`` (a new, never reused id), run ``make
translations`` and translate its description. ``tests/app/test_shortcuts.py`` checks that the
defaults never clash.
"""

from __future__ import annotations

from dataclasses import dataclass


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for lupdate (which looks for this name) in ``context``; it is translated
    where it is shown. PySide6's own is typed as returning ``object``; this keeps types."""
    return text


@dataclass(frozen=True)
class ActionSpec:
    """One app action. ``category`` and ``description`` are untranslated source text;
    ``default`` and ``alternates`` are portable key sequence text ("" = no default)."""

    id: str
    category: str
    description: str
    default: str
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True)
class FixedKey:
    """Keys the rubric form handles itself; listed on the cheat sheet, never rebindable."""

    category: str
    description: str
    keys: tuple[str, ...]
    literal: bool = False  # keys are shown as written, not parsed as key sequences


_JUDGING = QT_TRANSLATE_NOOP("Shortcuts", "Judging")
_MOVING = QT_TRANSLATE_NOOP("Shortcuts", "Moving around")
_VIEW = QT_TRANSLATE_NOOP("Shortcuts", "View")
_APP = QT_TRANSLATE_NOOP("Shortcuts", "Application")
_FORM = QT_TRANSLATE_NOOP("Shortcuts", "In the rubric form")
_ACCOUNT = QT_TRANSLATE_NOOP("Shortcuts", "Server and sync")
_LEAD = QT_TRANSLATE_NOOP("Shortcuts", "Leads")


def _a(action_id: str, category: str, description: str, *keys: str) -> ActionSpec:
    return ActionSpec(action_id, category, description, keys[0], keys[1:])


ACTIONS: tuple[ActionSpec, ...] = (
    # Ctrl+Enter is the keypad's Enter: both submit, as annotators reach for either.
    _a(
        "submit",
        _JUDGING,
        QT_TRANSLATE_NOOP("Shortcuts", "Submit the judgment"),
        "Ctrl+Return",
        "Ctrl+Enter",
    ),
    _a(
        "skip", _JUDGING, QT_TRANSLATE_NOOP("Shortcuts", "Skip the item (asks why)"), "Ctrl+Shift+K"
    ),
    _a("amend", _JUDGING, QT_TRANSLATE_NOOP("Shortcuts", "Amend a submitted judgment"), "Ctrl+E"),
    # Alt+arrows, not Ctrl+arrows: Ctrl+Up/Down move a place in the ranking editor and the
    # cursor by paragraph in text, and a window shortcut would take them away.
    _a("next_item", _MOVING, QT_TRANSLATE_NOOP("Shortcuts", "Next item"), "Alt+Down"),
    _a("previous_item", _MOVING, QT_TRANSLATE_NOOP("Shortcuts", "Previous item"), "Alt+Up"),
    _a("focus_queue", _MOVING, QT_TRANSLATE_NOOP("Shortcuts", "Go to the queue"), "Ctrl+1"),
    _a("focus_responses", _MOVING, QT_TRANSLATE_NOOP("Shortcuts", "Go to the responses"), "Ctrl+2"),
    _a("focus_rubric", _MOVING, QT_TRANSLATE_NOOP("Shortcuts", "Go to the rubric"), "Ctrl+3"),
    _a("search_queue", _MOVING, QT_TRANSLATE_NOOP("Shortcuts", "Search the queue"), "Ctrl+F"),
    _a(
        "toggle_synced_scrolling",
        _VIEW,
        QT_TRANSLATE_NOOP("Shortcuts", "Scroll the responses together or apart"),
        "Ctrl+L",
    ),
    _a(
        "toggle_raw_view",
        _VIEW,
        QT_TRANSLATE_NOOP("Shortcuts", "Show responses as raw text or formatted"),
        "Ctrl+R",
    ),
    _a(
        "guidelines", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Show or hide the guidelines"), "Ctrl+G"
    ),
    _a("cheat_sheet", _APP, QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts"), "F1"),
    # Ctrl is ⌘ on macOS, so this is the platform's usual Preferences key there too.
    _a("settings", _APP, QT_TRANSLATE_NOOP("Shortcuts", "Settings"), "Ctrl+,"),
    _a("import", _APP, QT_TRANSLATE_NOOP("Shortcuts", "Import a task pack"), "Ctrl+I"),
    _a(
        "import_guidelines",
        _APP,
        QT_TRANSLATE_NOOP("Shortcuts", "Import a guideline pack"),
        "Ctrl+Shift+I",
    ),
    # Not QKeySequence.Quit: that is empty on Windows, and annotators share one cheat sheet.
    _a("quit", _APP, QT_TRANSLATE_NOOP("Shortcuts", "Quit"), "Ctrl+Q"),
    # Ctrl+Shift+S is "Save as" elsewhere; Prefdesk saves by itself, so it syncs instead.
    _a("sync_now", _ACCOUNT, QT_TRANSLATE_NOOP("Shortcuts", "Sync now"), "Ctrl+Shift+S"),
    _a("sign_in", _ACCOUNT, QT_TRANSLATE_NOOP("Shortcuts", "Sign in to a server"), ""),
    _a("sign_out", _ACCOUNT, QT_TRANSLATE_NOOP("Shortcuts", "Sign out"), ""),
    _a("review", _LEAD, QT_TRANSLATE_NOOP("Shortcuts", "Open the review queue"), "Ctrl+Shift+R"),
    _a("dashboard", _LEAD, QT_TRANSLATE_NOOP("Shortcuts", "Open the QC dashboard"), "Ctrl+Shift+D"),
)

# What widgets/rubric/* do with plain keys (see widgets/rubric/keys.py and ranking.py).
# Key names are portable text shown natively; ranges like "1–9" are shown as they are.
FORM_KEYS: tuple[FixedKey, ...] = (
    FixedKey(
        _FORM,
        QT_TRANSLATE_NOOP("Shortcuts", "Ranking: place the response with this letter next"),
        ("A, B, C…",),
        literal=True,
    ),
    FixedKey(
        _FORM,
        QT_TRANSLATE_NOOP("Shortcuts", "Ranking: tie the next letter with the place above"),
        ("=",),
        literal=True,
    ),
    FixedKey(
        _FORM,
        QT_TRANSLATE_NOOP("Shortcuts", "Ranking: move the selected place up or down"),
        ("Ctrl+Up", "Ctrl+Down"),
    ),
    FixedKey(
        _FORM,
        QT_TRANSLATE_NOOP("Shortcuts", "Rating: pick the point with that number"),
        ("0–9",),
        literal=True,
    ),
    FixedKey(
        _FORM, QT_TRANSLATE_NOOP("Shortcuts", "Flags: tick or untick that flag"), ("1–9",), True
    ),
    FixedKey(_FORM, QT_TRANSLATE_NOOP("Shortcuts", "Flags: none apply"), ("0",), literal=True),
    FixedKey(
        _FORM,
        QT_TRANSLATE_NOOP("Shortcuts", "Undo the last place, or clear the answer"),
        ("Backspace", "Del"),
    ),
    FixedKey(
        _FORM, QT_TRANSLATE_NOOP("Shortcuts", "Go to the next response or question"), ("Return",)
    ),
    FixedKey(
        _FORM,
        QT_TRANSLATE_NOOP("Shortcuts", "Go to the next or previous control"),
        ("Tab", "Shift+Tab"),
    ),
)
