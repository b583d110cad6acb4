"""``prefdesk --preview PACK``: a lead sees a guideline pack as annotators will.

The pack's worked examples become the items of a throwaway profile governed by the pack
itself, so the rubric form, the help texts and the guideline pages can be tried for real.
The pack need not be signed: a preview profile is never synced and is deleted by the OS's
temp cleaning, and real profiles still accept only signed packs.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from app.workspace import Workspace
from guidelines import load_pack
from storage import import_source


def make_preview_profile(pack_path: Path) -> Path:
    """A new profile holding ``pack_path`` and its examples as items; raises pack errors."""
    pack = load_pack(pack_path)
    if not pack.examples:
        raise ValueError(f"{pack_path}: the pack has no examples to preview it on")
    profile = Path(tempfile.mkdtemp(prefix="prefdesk-preview-"))
    project = pack.manifest.project or "preview"
    header = {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": project, "name": pack.title.get()},
        "batches": [{"id": "examples", "name": pack.title.get()}],
    }
    lines = [json.dumps(header, ensure_ascii=False)]
    for example in pack.examples:
        item = {
            "id": f"example-{example.name}",
            "batch": "examples",
            "conversation": [{"role": role, "content": text} for role, text in example.prompt],
            "responses": [{"id": rid, "content": text} for rid, text in example.responses],
        }
        lines.append(json.dumps(item, ensure_ascii=False))
    source = profile / "examples.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A throwaway profile of shipped examples: no key of it belongs in the keyring.
    workspace = Workspace.open(profile, encrypt_new=False)
    try:
        import_source(workspace.store, source)
        workspace.packs.add(pack)
    finally:
        workspace.close()
    return profile
