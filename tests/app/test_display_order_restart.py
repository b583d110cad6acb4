"""An item not yet judged shows its responses in the same order after a restart."""

from __future__ import annotations

from pathlib import Path

from app.workspace import Workspace


def test_the_display_order_survives_reopening_the_profile(tmp_path: Path) -> None:
    first = Workspace.open(tmp_path, seed_demo=True)
    try:
        item_id = first.next_item(None)
        assert item_id is not None
        before = first.item_session(item_id).display_order
        seed = first.seed
    finally:
        first.close()
    second = Workspace.open(tmp_path)
    try:
        assert second.seed == seed
        assert second.item_session(item_id).display_order == before
    finally:
        second.close()
