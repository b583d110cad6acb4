"""The cross-item copy rule on every push: the same free text on several items.

Each accepted judgment's text answers (normalized as ``server.qc.consistency`` defines
"the same text", and long enough to matter) are stored as fingerprints. A new fingerprint
that matches the same annotator's on other items flags the new judgment, and flags the
earlier ones too when they carry no such finding yet, so every copy is in the review queue.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines.rubric import Rubric, TextQuestion
from protocol import PushItem
from server.models import QcFinding, QcTextFingerprint
from server.qc.consistency import ConsistencySettings, normalize_text

RULE = "text_copied_across_items"
#: (project id, judgment id, question id, sentence) of one new finding.
NewFinding = tuple[str, str, str, str]
Key = tuple[str, str, str]  # question id, text sha256, project id


def _fingerprints(
    item: PushItem, rubric: Rubric, settings: ConsistencySettings
) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for question in rubric.questions:
        if not isinstance(question, TextQuestion):
            continue
        raw = item.payload.answers.get(question.id)
        values = raw.values() if isinstance(raw, Mapping) else [raw]
        for value in values:
            if not isinstance(value, str):
                continue
            text = normalize_text(value)
            if len(text) >= settings.min_text_chars:
                out.add((question.id, hashlib.sha256(text.encode()).hexdigest()))
    return out


def text_copies(
    session: Session,
    user_id: str,
    accepted: Sequence[tuple[PushItem, str]],
    rubric_of: Callable[[str, PushItem], Rubric | None],
    settings: ConsistencySettings,
) -> list[NewFinding]:
    """Store the fingerprints of ``accepted`` and return the copy findings they reveal."""
    new: dict[Key, list[tuple[str, str]]] = defaultdict(list)  # → (judgment, item)
    for item, project_id in accepted:
        if item.payload.status != "submitted":
            continue
        rubric = rubric_of(project_id, item)
        if rubric is None:
            continue
        for qid, sha in _fingerprints(item, rubric, settings):
            new[(qid, sha, project_id)].append((item.payload.id, item.payload.item_id))
    if not new:
        return []
    earlier: dict[Key, list[tuple[str, str]]] = defaultdict(list)
    shas = sorted({sha for _, sha, _ in new})
    for start in range(0, len(shas), 500):
        rows = session.execute(
            select(QcTextFingerprint).where(
                QcTextFingerprint.user_id == user_id,
                QcTextFingerprint.text_sha256.in_(shas[start : start + 500]),
            )
        ).scalars()
        for row in rows:
            key = (row.question_id, row.text_sha256, row.project_id)
            if key in new:
                earlier[key].append((row.judgment_id, row.item_id))
    session.add_all(
        QcTextFingerprint(
            project_id=p, user_id=user_id, question_id=q, text_sha256=s, judgment_id=j, item_id=i
        )
        for (q, s, p), found in new.items()
        for j, i in found
    )
    return _findings(session, new, earlier, settings)


def _findings(
    session: Session,
    new: Mapping[Key, list[tuple[str, str]]],
    earlier: Mapping[Key, list[tuple[str, str]]],
    settings: ConsistencySettings,
) -> list[NewFinding]:
    out: list[NewFinding] = []
    flagged_before = set(
        session.execute(
            select(QcFinding.judgment_id).where(
                QcFinding.rule == RULE,
                QcFinding.judgment_id.in_([j for found in earlier.values() for j, _ in found]),
            )
        ).scalars()
    )
    for key, fresh in new.items():
        qid, _, project_id = key
        everyone = [*earlier.get(key, []), *fresh]
        items = sorted({i for _, i in everyone})
        if len(items) < settings.min_copies:
            continue
        old = {j for j, _ in earlier.get(key, [])}
        for judgment_id, item_id in everyone:
            if judgment_id in old and judgment_id in flagged_before:
                continue
            others = ", ".join(i for i in items if i != item_id)
            sentence = f"The text in {qid} is the same as on item(s) {others}."
            out.append((project_id, judgment_id, qid, sentence))
    return out
