"""UI preferences round-trip through the profile's own settings.ini."""

from __future__ import annotations

from pathlib import Path

from app.settings import SETTINGS_FILE, UiPrefs, load_prefs, save_prefs, settings_path


def test_a_fresh_profile_reads_the_defaults(tmp_path: Path) -> None:
    assert load_prefs(tmp_path) == UiPrefs()
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_every_preference_survives_a_save_and_a_load(tmp_path: Path) -> None:
    prefs = UiPrefs(
        language="zh_CN",
        theme="dark",
        shortcuts={"settings": "Ctrl+,", "submit": "Ctrl+S", "quit": "", "chord": "Ctrl+K, S"},
        synced_scrolling=False,
        window_geometry=b"\x01\x02geometry\x00",
        window_state=b"\xffstate",
    )
    save_prefs(tmp_path / "profile", prefs)
    assert (tmp_path / "profile" / SETTINGS_FILE).is_file()
    assert load_prefs(tmp_path / "profile") == prefs


def test_a_shortcut_reset_to_its_default_leaves_the_file(tmp_path: Path) -> None:
    save_prefs(tmp_path, UiPrefs(shortcuts={"submit": "Ctrl+S", "skip": "F8"}))
    save_prefs(tmp_path, UiPrefs(shortcuts={"skip": "F8"}))
    assert load_prefs(tmp_path).shortcuts == {"skip": "F8"}
    assert "submit" not in settings_path(tmp_path).read_text(encoding="utf-8")


def test_hand_edited_nonsense_reads_as_the_defaults(tmp_path: Path) -> None:
    settings_path(tmp_path).write_text(
        "[ui]\nlanguage=klingon\ntheme=purple\nsynced_scrolling=maybe\n", encoding="utf-8"
    )
    assert load_prefs(tmp_path) == UiPrefs()


def test_each_profile_keeps_its_own_preferences(tmp_path: Path) -> None:
    save_prefs(tmp_path / "a", UiPrefs(theme="dark"))
    save_prefs(tmp_path / "b", UiPrefs(theme="light"))
    assert load_prefs(tmp_path / "a").theme == "dark"
    assert load_prefs(tmp_path / "b").theme == "light"
