"""A new guideline pack version arrives: acknowledgement, and drafts moved onto it.

Submitted judgments keep the version they were made under, always. Open drafts move to
the new version with the answers the pack's migration map can carry; the questions it
cannot carry are recorded in ``draft_attention`` so the workspace can point at them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update

from storage.errors import JudgmentFrozenError, NotFoundError
from storage.ids import utc_now
from storage.judgments import JudgmentRepository, JudgmentState, canonical_json
from storage.models import DraftAttention, GuidelinePackVersion, Judgment
from storage.store import Store


def acknowledge_pack(store: Store, pack_id: str, version: str) -> str:
    """Record that the annotator has read what changed in ``version``; returns the time."""
    now = utc_now()
    with store.write() as conn:
        result = conn.execute(
            update(GuidelinePackVersion)
            .where(GuidelinePackVersion.pack_id == pack_id, GuidelinePackVersion.version == version)
            .values(acknowledged_at=now)
        )
        if result.rowcount == 0:
            raise NotFoundError(f"guideline pack {pack_id} {version} is not in the store")
    return now


def drafts_under_pack(store: Store, pack_id: str) -> list[tuple[str, str]]:
    """(judgment id, pack version) of every open draft made under ``pack_id``."""
    with store.read() as conn:
        rows = conn.execute(
            select(Judgment.id, Judgment.pack_version).where(
                Judgment.pack_id == pack_id, Judgment.status == "draft"
            )
        ).all()
    return [(r[0], r[1]) for r in rows]


def move_draft_to_version(
    store: Store,
    judgment_id: str,
    version: str,
    answers: Mapping[str, Any],
    needs_attention: Sequence[str],
) -> JudgmentState:
    """Re-base a draft on ``version`` of its pack with migrated ``answers``, as a revision."""
    now = utc_now()
    with store.write() as conn:
        current = JudgmentRepository._get(conn, judgment_id)
        if not current.is_draft:
            raise JudgmentFrozenError(
                f"judgment {judgment_id} is {current.status}; only drafts move to a new version"
            )
        sha = conn.execute(
            select(GuidelinePackVersion.sha256).where(
                GuidelinePackVersion.pack_id == current.pack_id,
                GuidelinePackVersion.version == version,
            )
        ).scalar()
        if sha is None:
            raise NotFoundError(f"guideline pack {current.pack_id} {version} is not in the store")
        conn.execute(
            update(Judgment)
            .where(Judgment.id == judgment_id)
            .values(
                pack_version=version,
                pack_sha256=sha,
                answers_json=canonical_json(dict(answers)),
                updated_at=now,
            )
        )
        conn.execute(delete(DraftAttention).where(DraftAttention.judgment_id == judgment_id))
        if needs_attention:
            conn.execute(
                insert(DraftAttention).values(
                    judgment_id=judgment_id,
                    from_version=current.pack_version,
                    questions_json=json.dumps(sorted(needs_attention)),
                    created_at=now,
                )
            )
        state = JudgmentRepository._get(conn, judgment_id)
        JudgmentRepository._append_revision(conn, state, "migrated")
        return state


def attention_for(store: Store, judgment_id: str) -> list[str]:
    """Question ids of a moved draft that still need the annotator ([] when none)."""
    with store.read() as conn:
        raw = conn.execute(
            select(DraftAttention.questions_json).where(DraftAttention.judgment_id == judgment_id)
        ).scalar()
    return [] if raw is None else list(json.loads(raw))


def clear_attention(store: Store, judgment_id: str) -> None:
    with store.write() as conn:
        conn.execute(delete(DraftAttention).where(DraftAttention.judgment_id == judgment_id))
