"""A lead previews a guideline pack in the real app, on the pack's own examples."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.pack_catalog import DEMO_PACK
from app.pack_preview import make_preview_profile
from app.workspace import Workspace
from guidelines import PackError

TEMPLATES = Path(__file__).resolve().parents[2] / "guidelines" / "templates"


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir()))
def test_every_template_previews_on_its_examples(template: str) -> None:
    profile = make_preview_profile(TEMPLATES / template)
    workspace = Workspace.open(profile)
    try:
        items = [i for b in workspace.batches() for i in workspace.items(b.id)[0]]
        assert items
        session = workspace.item_session(items[0].id)
        assert session.pack is not None
        assert session.editable
    finally:
        workspace.close()


def test_a_broken_pack_is_refused_before_any_window_opens(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text("format = 1\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(PackError):
        make_preview_profile(tmp_path)


def test_preview_command_opens_the_app_on_the_packs_examples() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("prefdesk")), "--preview", str(DEMO_PACK), "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    assert timings["first_item"] == "example-directions"
