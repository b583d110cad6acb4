"""Publishing guideline pack versions: checked, signed by a trusted lead, immutable.

A version is written once. Publishing the identical version again is a no-op (a retried
upload); the same version with other content is refused — a pack changes by a new version.
Every member of the project sees a published version through the feed.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines import PackError, pack_from_canonical
from guidelines.keys import TrustedKey
from guidelines.signing import PackSignature, verify_pack
from server.change_log import append_change
from server.db import utc_now
from server.models import ChangeLogEntry, PackVersion
from server.models import TrustedKey as TrustedKeyRow


class PublishRefused(Exception):
    """The pack or its signature is not acceptable; the message says why."""


class VersionTaken(Exception):
    """That version exists with different content."""


@dataclass(frozen=True)
class Published:
    pack_id: str
    version: str
    sha256: str
    created: bool
    server_seq: int


def feed_id(pack_id: str, version: str) -> str:
    return f"{pack_id}@{version}"


def publish(
    session: Session, project_id: str, user_id: str, canonical_b64: str, signature_toml: str
) -> Published:
    try:
        canonical = base64.b64decode(canonical_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PublishRefused(f"canonical_b64 is not base64 ({exc})") from exc
    try:
        pack = pack_from_canonical(canonical)
    except PackError as exc:
        raise PublishRefused(f"the pack is not valid: {exc}") from exc
    keys = [
        TrustedKey.from_text(text)
        for text in session.scalars(
            select(TrustedKeyRow.public_key).where(TrustedKeyRow.project_id == project_id)
        )
    ]
    try:
        verify_pack(pack, PackSignature.from_toml(signature_toml.encode("utf-8")), keys)
    except PackError as exc:
        raise PublishRefused(str(exc)) from exc
    existing = session.get(PackVersion, (project_id, pack.id, pack.version))
    if existing is not None:
        if existing.sha256 != pack.sha256:
            raise VersionTaken(
                f"pack {pack.id} {pack.version} is already published with other content "
                f"(sha256 {existing.sha256[:12]}…); publish a new version instead"
            )
        seq = session.scalar(
            select(ChangeLogEntry.server_seq).where(
                ChangeLogEntry.project_id == project_id,
                ChangeLogEntry.entity_type == "pack_version",
                ChangeLogEntry.entity_id == feed_id(pack.id, pack.version),
            )
        )
        return Published(pack.id, pack.version, pack.sha256, False, int(seq or 0))
    session.add(
        PackVersion(
            project_id=project_id,
            pack_id=pack.id,
            version=pack.version,
            sha256=pack.sha256,
            canonical=canonical,
            signature_toml=signature_toml,
            published_by=user_id,
            published_at=utc_now(),
        )
    )
    session.flush()
    seq = append_change(
        session,
        project_id=project_id,
        scope_user_id=None,
        entity_type="pack_version",
        entity_id=feed_id(pack.id, pack.version),
        entity_version=1,
    )
    return Published(pack.id, pack.version, pack.sha256, True, seq)
