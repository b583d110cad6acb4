"""Guideline pack versions held by the store: written once, read by (id, version)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.errors import ImportConflictError, NotFoundError
from storage.ids import utc_now
from storage.models import GuidelinePackVersion
from storage.store import Store


@dataclass(frozen=True)
class StoredPack:
    pack_id: str
    version: str
    sha256: str
    title: str
    canonical: bytes
    received_at: str
    acknowledged_at: str | None


def add_pack_version(
    store: Store, pack_id: str, version: str, sha256: str, title: str, canonical: bytes
) -> bool:
    """Keep a verified pack version; True if new. The same version twice must be identical."""
    with store.write() as conn:
        return add_pack_version_in(conn, pack_id, version, sha256, title, canonical)


def add_pack_version_in(
    conn: Connection, pack_id: str, version: str, sha256: str, title: str, canonical: bytes
) -> bool:
    """``add_pack_version`` inside the caller's write transaction (a feed page applies whole)."""
    existing = _get(conn, pack_id, version)
    if existing is not None:
        if existing.sha256 != sha256:
            raise ImportConflictError(
                f"guideline pack {pack_id} {version} is already in the store with sha256 "
                f"{existing.sha256}, not {sha256}: a published version never changes"
            )
        return False
    conn.execute(
        sqlite_insert(GuidelinePackVersion).values(
            pack_id=pack_id,
            version=version,
            sha256=sha256,
            title=title,
            canonical=canonical,
            received_at=utc_now(),
        )
    )
    return True


def get_pack_version(store: Store, pack_id: str, version: str) -> StoredPack:
    with store.read() as conn:
        found = _get(conn, pack_id, version)
    if found is None:
        raise NotFoundError(f"guideline pack {pack_id} {version} is not in the store")
    return found


def list_pack_versions(store: Store) -> list[StoredPack]:
    with store.read() as conn:
        rows = conn.execute(
            select(GuidelinePackVersion).order_by(
                GuidelinePackVersion.pack_id, GuidelinePackVersion.received_at
            )
        ).all()
    return [_stored(r) for r in rows]


def _get(conn: Connection, pack_id: str, version: str) -> StoredPack | None:
    row = conn.execute(
        select(GuidelinePackVersion).where(
            GuidelinePackVersion.pack_id == pack_id, GuidelinePackVersion.version == version
        )
    ).first()
    return None if row is None else _stored(row)


def _stored(row: Any) -> StoredPack:
    return StoredPack(
        pack_id=row.pack_id,
        version=row.version,
        sha256=row.sha256,
        title=row.title,
        canonical=row.canonical,
        received_at=row.received_at,
        acknowledged_at=row.acknowledged_at,
    )
