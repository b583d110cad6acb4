"""Judgments: drafts that save continuously, submissions that never change.

Every operation runs in one writer transaction and returns the judgment as it now stands
(``JudgmentState``), so callers refresh from what changed instead of re-querying. Each
draft save, submission and skip also appends a row to ``judgment_revisions``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from storage.errors import JudgmentFrozenError, JudgmentInvalidError, NotFoundError
from storage.ids import utc_now, uuid7
from storage.models import GuidelinePackVersion, Judgment, JudgmentRevision, ResponseRow
from storage.store import Store
from storage.sync_state import take_client_seq

#: Checks answers against a pack's rubric: (pack canonical bytes, answers, response ids)
#: → problem sentences, each naming its question. Injected so the store stays independent
#: of how packs are parsed; the app passes the guidelines package's validator.
AnswersValidator = Callable[[bytes, Mapping[str, Any], Sequence[str]], list[str]]


def canonical_json(value: Any) -> str:
    """The one JSON spelling used for stored and hashed payloads."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class JudgmentState:
    """A judgment as stored, with its answers decoded."""

    id: str
    item_id: str
    pack_id: str
    pack_version: str
    pack_sha256: str
    answers: dict[str, Any]
    status: str
    skip_reason: str | None
    display_order: list[str]
    active_ms: int
    supersedes_id: str | None
    payload_sha256: str | None
    created_at: str
    updated_at: str
    submitted_at: str | None
    sync_state: str
    client_seq: int | None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


def _state(row: Any) -> JudgmentState:
    return JudgmentState(
        id=row.id,
        item_id=row.item_id,
        pack_id=row.pack_id,
        pack_version=row.pack_version,
        pack_sha256=row.pack_sha256,
        answers=json.loads(row.answers_json),
        status=row.status,
        skip_reason=row.skip_reason,
        display_order=json.loads(row.display_order_json),
        active_ms=row.active_ms,
        supersedes_id=row.supersedes_id,
        payload_sha256=row.payload_sha256,
        created_at=row.created_at,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        sync_state=row.sync_state,
        client_seq=row.client_seq,
    )


def payload_sha256(state: JudgmentState) -> str:
    """Hash of exactly what sync will send; fixed at submission, checked by the server."""
    payload = {
        "id": state.id,
        "item_id": state.item_id,
        "pack": {"id": state.pack_id, "version": state.pack_version, "sha256": state.pack_sha256},
        "answers": state.answers,
        "status": state.status,
        "skip_reason": state.skip_reason,
        "display_order": state.display_order,
        "active_ms": state.active_ms,
        "supersedes_id": state.supersedes_id,
        "created_at": state.created_at,
        "submitted_at": state.submitted_at,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def _check_active_ms(active_ms: int | None) -> None:
    if active_ms is not None and (isinstance(active_ms, bool) or active_ms < 0):
        raise JudgmentInvalidError(
            [f"active time must be a count of milliseconds, not {active_ms!r}"]
        )


class JudgmentRepository:
    """Create, save, submit, skip and amend judgments in one store."""

    def __init__(self, store: Store, validate: AnswersValidator) -> None:
        self._store = store
        self._validate = validate

    # -- reading -------------------------------------------------------------------------

    def get(self, judgment_id: str) -> JudgmentState:
        with self._store.read() as conn:
            return self._get(conn, judgment_id)

    def draft_for_item(self, item_id: str) -> JudgmentState | None:
        """The item's open draft, if the annotator has begun one."""
        with self._store.read() as conn:
            row = conn.execute(
                select(Judgment)
                .where(Judgment.item_id == item_id, Judgment.status == "draft")
                # The id breaks ties: UUIDv7 ids sort in creation order within a millisecond.
                .order_by(Judgment.created_at.desc(), Judgment.id.desc())
                .limit(1)
            ).first()
        return None if row is None else _state(row)

    def revisions(self, judgment_id: str) -> list[dict[str, Any]]:
        with self._store.read() as conn:
            rows = conn.execute(
                select(JudgmentRevision)
                .where(JudgmentRevision.judgment_id == judgment_id)
                .order_by(JudgmentRevision.revision)
            ).all()
        return [
            {
                "revision": r.revision,
                "kind": r.kind,
                "status": r.status,
                "answers": json.loads(r.answers_json),
                "skip_reason": r.skip_reason,
                "active_ms": r.active_ms,
                "saved_at": r.saved_at,
            }
            for r in rows
        ]

    # -- writing -------------------------------------------------------------------------

    def start_draft(
        self,
        item_id: str,
        pack_id: str,
        pack_version: str,
        display_order: Sequence[str],
        supersedes_id: str | None = None,
        answers: Mapping[str, Any] | None = None,
    ) -> JudgmentState:
        """Begin a draft for ``item_id`` under a pack version the store holds."""
        now = utc_now()
        with self._store.write() as conn:
            pack_sha = conn.execute(
                select(GuidelinePackVersion.sha256).where(
                    GuidelinePackVersion.pack_id == pack_id,
                    GuidelinePackVersion.version == pack_version,
                )
            ).scalar()
            if pack_sha is None:
                raise NotFoundError(f"guideline pack {pack_id} {pack_version} is not in the store")
            if supersedes_id is not None:
                superseded = self._get(conn, supersedes_id)  # NotFoundError names it
                if superseded.item_id != item_id:
                    raise JudgmentInvalidError(
                        [
                            f"judgment {supersedes_id} is for item {superseded.item_id}, "
                            f"not {item_id}: an amendment corrects a judgment of the same item"
                        ]
                    )
            response_ids = self._response_ids(conn, item_id)
            if sorted(display_order) != sorted(response_ids):
                raise JudgmentInvalidError(
                    [
                        f"display order {list(display_order)} is not a permutation of item "
                        f"{item_id}'s responses {response_ids}"
                    ]
                )
            judgment_id = uuid7()
            conn.execute(
                insert(Judgment).values(
                    id=judgment_id,
                    item_id=item_id,
                    pack_id=pack_id,
                    pack_version=pack_version,
                    pack_sha256=pack_sha,
                    answers_json=canonical_json(dict(answers or {})),
                    status="draft",
                    display_order_json=canonical_json(list(display_order)),
                    active_ms=0,
                    supersedes_id=supersedes_id,
                    created_at=now,
                    updated_at=now,
                    sync_state="local",
                )
            )
            return self._get(conn, judgment_id)

    def save_draft(
        self, judgment_id: str, answers: Mapping[str, Any], active_ms: int
    ) -> JudgmentState:
        """Store the draft's answers now; every save is also kept as a revision."""
        _check_active_ms(active_ms)
        encoded = canonical_json(dict(answers))
        with self._store.write() as conn:
            current = self._get(conn, judgment_id)
            self._require_draft(current)
            conn.execute(
                update(Judgment)
                .where(Judgment.id == judgment_id)
                .values(answers_json=encoded, active_ms=active_ms, updated_at=utc_now())
            )
            state = self._get(conn, judgment_id)
            self._append_revision(conn, state, "draft_saved")
            return state

    def submit(
        self,
        judgment_id: str,
        answers: Mapping[str, Any] | None = None,
        active_ms: int | None = None,
    ) -> JudgmentState:
        """Validate against the pack's rubric, freeze, and queue for sync — or change nothing."""
        _check_active_ms(active_ms)
        with self._store.write() as conn:
            current = self._get(conn, judgment_id)
            self._require_draft(current)
            final_answers = dict(answers) if answers is not None else current.answers
            canonical = conn.execute(
                select(GuidelinePackVersion.canonical).where(
                    GuidelinePackVersion.pack_id == current.pack_id,
                    GuidelinePackVersion.version == current.pack_version,
                )
            ).scalar_one()
            problems = self._validate(canonical, final_answers, current.display_order)
            if problems:
                raise JudgmentInvalidError(problems)
            return self._finish(conn, current, "submitted", final_answers, None, active_ms)

    def skip(self, judgment_id: str, reason: str, active_ms: int | None = None) -> JudgmentState:
        """Skip the item; a reason is required and travels with the judgment."""
        _check_active_ms(active_ms)
        if not reason.strip():
            raise JudgmentInvalidError(["a skip needs a reason"])
        with self._store.write() as conn:
            current = self._get(conn, judgment_id)
            self._require_draft(current)
            return self._finish(conn, current, "skipped", current.answers, reason, active_ms)

    def amend(self, judgment_id: str) -> JudgmentState:
        """Open a new draft that corrects a submitted judgment, starting from its answers."""
        original = self.get(judgment_id)
        if original.is_draft:
            raise JudgmentInvalidError([f"judgment {judgment_id} is still a draft; edit it"])
        return self.start_draft(
            original.item_id,
            original.pack_id,
            original.pack_version,
            original.display_order,
            supersedes_id=original.id,
            answers=original.answers,
        )

    # -- helpers -------------------------------------------------------------------------

    def _finish(
        self,
        conn: Connection,
        current: JudgmentState,
        status: str,
        answers: dict[str, Any],
        skip_reason: str | None,
        active_ms: int | None,
    ) -> JudgmentState:
        now = utc_now()
        final = JudgmentState(
            **{
                **current.__dict__,
                "answers": answers,
                "status": status,
                "skip_reason": skip_reason,
                "active_ms": current.active_ms if active_ms is None else active_ms,
                "submitted_at": now,
                "updated_at": now,
            }
        )
        conn.execute(
            update(Judgment)
            .where(Judgment.id == current.id)
            .values(
                answers_json=canonical_json(answers),
                status=status,
                skip_reason=skip_reason,
                active_ms=final.active_ms,
                submitted_at=now,
                updated_at=now,
                payload_sha256=payload_sha256(final),
                sync_state="queued",
                client_seq=take_client_seq(conn),
            )
        )
        state = self._get(conn, current.id)
        self._append_revision(conn, state, status)
        return state

    @staticmethod
    def _get(conn: Connection, judgment_id: str) -> JudgmentState:
        row = conn.execute(select(Judgment).where(Judgment.id == judgment_id)).first()
        if row is None:
            raise NotFoundError(f"judgment {judgment_id} is not in the store")
        return _state(row)

    @staticmethod
    def _require_draft(state: JudgmentState) -> None:
        if not state.is_draft:
            raise JudgmentFrozenError(
                f"judgment {state.id} was {state.status} at {state.submitted_at} and cannot "
                "change; make an amendment"
            )

    @staticmethod
    def _response_ids(conn: Connection, item_id: str) -> list[str]:
        ids = list(
            conn.execute(
                select(ResponseRow.id)
                .where(ResponseRow.item_id == item_id)
                .order_by(ResponseRow.position)
            ).scalars()
        )
        if not ids:
            raise NotFoundError(f"item {item_id} is not in the store")
        return ids

    @staticmethod
    def _append_revision(conn: Connection, state: JudgmentState, kind: str) -> None:
        last = conn.execute(
            select(func.coalesce(func.max(JudgmentRevision.revision), 0)).where(
                JudgmentRevision.judgment_id == state.id
            )
        ).scalar_one()
        conn.execute(
            insert(JudgmentRevision).values(
                judgment_id=state.id,
                revision=last + 1,
                kind=kind,
                status=state.status,
                answers_json=canonical_json(state.answers),
                skip_reason=state.skip_reason,
                active_ms=state.active_ms,
                saved_at=state.updated_at,
            )
        )
