"""A new guideline pack version reaches the profile (imported now; later, by sync).

The pack must be signed by a lead the profile trusts (``trusted-keys.txt`` in the profile
folder, one public key per line, as ``prefdesk-pack keygen`` prints it). Open drafts made
under an older version of the same pack move onto the new one: answers the pack's
migration map can carry move with them, the rest are marked for the annotator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.workspace import Workspace
from guidelines import GuidelinePack, PackRefusedError, load_trusted_keys, migrate_draft
from guidelines.signing import load_verified_pack
from guidelines.version import version_key
from storage.pack_changes import acknowledge_pack, drafts_under_pack, move_draft_to_version

TRUSTED_KEYS_FILE = "trusted-keys.txt"


@dataclass(frozen=True)
class PackUpdate:
    """What importing a pack version did."""

    pack: GuidelinePack
    added: bool
    drafts_moved: int
    drafts_needing_attention: int


def trusted_keys_path(workspace: Workspace) -> Path:
    return workspace.store.path.parent / TRUSTED_KEYS_FILE


def import_guideline_pack(workspace: Workspace, path: Path) -> PackUpdate:
    """Verify, keep, and move open drafts forward (writer lane)."""
    keys_file = trusted_keys_path(workspace)
    if not keys_file.exists():
        raise PackRefusedError(
            f"no trusted lead keys in {keys_file}: add your lead's public key there "
            "(one per line) before importing guideline packs"
        )
    pack = load_verified_pack(path, load_trusted_keys(keys_file))
    added = workspace.packs.add(pack)
    return _move_drafts(workspace, pack, added)


def pack_arrived(workspace: Workspace, pack_id: str, version: str) -> PackUpdate:
    """A pack version that sync already verified and stored: move open drafts onto it
    (writer lane), exactly as an imported one does."""
    return _move_drafts(workspace, workspace.pack(pack_id, version), added=True)


def _move_drafts(workspace: Workspace, pack: GuidelinePack, added: bool) -> PackUpdate:
    moved = attention = 0
    for judgment_id, version in drafts_under_pack(workspace.store, pack.id):
        if version_key(version) >= version_key(pack.version):
            continue
        draft = workspace.judgments.get(judgment_id)
        result = migrate_draft(draft.answers, workspace.pack(pack.id, version), pack)
        move_draft_to_version(
            workspace.store, judgment_id, pack.version, result.answers, result.needs_annotator
        )
        moved += 1
        attention += bool(result.needs_annotator)
    return PackUpdate(pack, added, moved, attention)


def acknowledge(workspace: Workspace, pack: GuidelinePack) -> str:
    return acknowledge_pack(workspace.store, pack.id, pack.version)
