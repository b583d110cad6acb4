"""Consistency checks on the judgments a push accepted, in the push's own transaction.

``record_findings`` runs ``server.qc.consistency.check_judgment`` on every accepted
judgment and bulk-inserts one ``qc_findings`` row per finding. The per-judgment rules run
here (ranking vs ratings, unsafe ranked first, rewrite copies, too fast), and the
cross-item text-copy rule by fingerprint lookup (``server.qc_text_copies``).

QC never makes a push fail: any error inside it (a bug, a pack that no longer parses) is
logged by exception type and ids only (no payload, no token) and the judgment stays
accepted. The findings insert runs in a SAVEPOINT so a failed insert cannot poison the
push's transaction either.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from guidelines import pack_from_canonical
from guidelines.rubric import Rubric
from protocol import PushItem
from server.models import Item, PackVersion, QcFinding
from server.qc.consistency import ConsistencySettings, Finding, ItemText, check_judgment
from server.qc.records import from_payload
from server.qc_text_copies import RULE as COPY_RULE
from server.qc_text_copies import text_copies

log = logging.getLogger(__name__)
QC_FINDINGS = cast(Table, QcFinding.__table__)
SETTINGS = ConsistencySettings()
#: Parsed rubrics by (pack id, version, sha256): a published version's content never
#: changes, so a parse is reused across requests (bounded: cleared when it grows past this).
_PARSED: dict[tuple[str, str, str], Rubric] = {}
_PARSED_MAX = 64


def item_text(data: Mapping[str, Any]) -> ItemText:
    """The prompt (every conversation turn) and response texts of a native item."""
    turns = data.get("conversation", [])
    prompt = "\n".join(str(t.get("content", "")) for t in turns if isinstance(t, Mapping))
    responses = {
        str(r["id"]): str(r.get("content", ""))
        for r in data.get("responses", [])
        if isinstance(r, Mapping) and "id" in r
    }
    return ItemText(prompt, responses)


class _Rubrics:
    """Rubrics of the pack versions one request touches, each parsed at most once."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[tuple[str, str, str], Rubric | None] = {}

    def get(self, project_id: str, pack_id: str, version: str) -> Rubric | None:
        key = (project_id, pack_id, version)
        if key not in self._cache:
            self._cache[key] = None
            row = self._session.get(PackVersion, key)
            if row is not None:
                try:
                    self._cache[key] = _parsed(row)
                except Exception as exc:  # an unreadable pack: no QC for its judgments
                    log.warning(
                        "qc: pack %s %s of project %s cannot be read (%s); checks skipped",
                        pack_id,
                        version,
                        project_id,
                        type(exc).__name__,
                    )
        return self._cache[key]


def _parsed(row: PackVersion) -> Rubric:
    key = (row.pack_id, row.version, row.sha256)
    rubric = _PARSED.get(key)
    if rubric is None:
        rubric = pack_from_canonical(row.canonical).rubric
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = rubric
    return rubric


def _ids_json(ids: tuple[str, ...]) -> str:
    return json.dumps(list(ids)) if ids else "[]"


def _items(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], ItemText]:
    out: dict[tuple[str, str], ItemText] = {}
    for project_id in {p for p, _ in keys}:
        ids = [i for p, i in keys if p == project_id]
        rows = session.execute(
            select(Item.id, Item.item_json).where(Item.project_id == project_id, Item.id.in_(ids))
        )
        for item_id, item_json in rows:
            out[(project_id, item_id)] = item_text(json.loads(item_json))
    return out


def findings_for(
    session: Session,
    user_id: str,
    accepted: Sequence[tuple[PushItem, str]],
    rubrics: _Rubrics | None = None,
) -> list[tuple[str, Finding]]:
    """(project id, finding) for each finding on the accepted ``(item, project id)`` pairs."""
    rubrics = rubrics or _Rubrics(session)
    texts = _items(session, {(p, i.payload.item_id) for i, p in accepted})
    out: list[tuple[str, Finding]] = []
    for item, project_id in accepted:
        payload = item.payload
        if payload.status != "submitted":
            continue
        try:
            rubric = rubrics.get(project_id, payload.pack.id, payload.pack.version)
            text = texts.get((project_id, payload.item_id))
            if rubric is None or text is None:
                continue
            found = check_judgment(from_payload(payload, user_id), rubric, text, SETTINGS)
        except Exception as exc:  # QC must never refuse or lose a judgment
            log.error("qc: checks failed on judgment %s (%s)", payload.id, type(exc).__name__)
            continue
        out += [(project_id, f) for f in found]
    return out


def record_findings(
    session: Session, user_id: str, accepted: Sequence[tuple[PushItem, str]], now: str
) -> int:
    """Check the accepted judgments and store their findings; returns how many were stored."""
    if not accepted:
        return 0
    try:
        rubrics = _Rubrics(session)
        found = findings_for(session, user_id, accepted, rubrics)
        with session.begin_nested():
            copies = text_copies(
                session,
                user_id,
                accepted,
                lambda project, item: rubrics.get(
                    project, item.payload.pack.id, item.payload.pack.version
                ),
                SETTINGS,
            )
        rows = [
            {
                "judgment_id": f.judgment_id,
                "project_id": project_id,
                "user_id": user_id,
                "rule": f.rule,
                "question_ids_json": _ids_json(f.question_ids),
                "response_ids_json": _ids_json(f.response_ids),
                "sentence": f.message,
                "created_at": now,
            }
            for project_id, f in found
        ]
        rows += [
            {
                "judgment_id": judgment_id,
                "project_id": project_id,
                "user_id": user_id,
                "rule": COPY_RULE,
                "question_ids_json": _ids_json((qid,)),
                "response_ids_json": "[]",
                "sentence": sentence,
                "created_at": now,
            }
            for project_id, judgment_id, qid, sentence in copies
        ]
        if not rows:
            return 0
        with session.begin_nested():
            session.execute(insert(QC_FINDINGS), rows)
        return len(rows)
    except Exception as exc:
        log.error("qc: findings of a push by %s not stored (%s)", user_id, type(exc).__name__)
        return 0
