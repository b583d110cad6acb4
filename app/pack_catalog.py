"""Guideline packs as the workspace uses them: parsed once, chosen per project.

The store keeps each pack version's canonical bytes; parsing them is cheap but not free,
so parsed packs are cached by (id, version) — a published version never changes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from guidelines import GuidelinePack, load_pack, pack_from_canonical
from guidelines.version import version_key
from storage import Store, add_pack_version, get_pack_version, list_pack_versions

DEMO_PACK = Path(__file__).parent / "demo" / "guidelines"


class PackCatalog:
    """Which pack version governs a project's items, and the versions before it."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._parsed: dict[tuple[str, str], GuidelinePack] = {}
        self._lock = threading.Lock()  # read from the pool and the writer lane

    def add(self, pack: GuidelinePack) -> bool:
        """Keep a verified pack version in the store; True if it is new."""
        added = add_pack_version(
            self._store,
            pack.id,
            pack.version,
            pack.sha256,
            pack.title.get(),
            pack.canonical_bytes(),
        )
        with self._lock:
            self._parsed[(pack.id, pack.version)] = pack
        return added

    def seed_demo(self) -> None:
        self.add(load_pack(DEMO_PACK))

    def get(self, pack_id: str, version: str) -> GuidelinePack:
        with self._lock:
            found = self._parsed.get((pack_id, version))
        if found is None:
            found = pack_from_canonical(get_pack_version(self._store, pack_id, version).canonical)
            with self._lock:
                self._parsed[(pack_id, version)] = found
        return found

    def current_for_project(self, project_id: str) -> GuidelinePack | None:
        """The newest version of the pack made for ``project_id``.

        A store holding a single pack uses it for every project: a lone annotator who
        imports one pack means it for the work in front of them.
        """
        stored = list_pack_versions(self._store)
        packs = [self.get(p.pack_id, p.version) for p in stored]
        mine = [p for p in packs if p.manifest.project == project_id]
        if not mine and len({p.id for p in packs}) == 1:
            mine = packs
        if not mine:
            return None
        return max(mine, key=lambda p: version_key(p.version))

    def previous_acknowledged(self, pack: GuidelinePack) -> GuidelinePack | None:
        """The newest earlier version of ``pack`` the annotator worked under or acknowledged.

        None means ``pack`` is the first version this profile has seen: there is no change
        to show.
        """
        earlier = [
            p
            for p in list_pack_versions(self._store)
            if p.pack_id == pack.id and version_key(p.version) < version_key(pack.version)
        ]
        if not earlier:
            return None
        best = max(earlier, key=lambda p: version_key(p.version))
        return self.get(best.pack_id, best.version)

    def is_acknowledged(self, pack: GuidelinePack) -> bool:
        return get_pack_version(self._store, pack.id, pack.version).acknowledged_at is not None
