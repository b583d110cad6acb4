"""Reading what the report needs: the project's current judgments as QC sees them, grouped
by guideline pack, with item lengths, gold references and stored QC findings."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines import pack_from_canonical
from guidelines.rubric import Rubric
from server.models import GoldAnswer, Item, Judgment, PackVersion, QcFinding, User
from server.qc.records import Judgment as QcJudgment
from server.review_state import is_current


@dataclass
class PackGroup:
    """The judgments made under one guideline pack, read with its newest rubric."""

    pack_id: str
    rubric: Rubric
    judgments: list[QcJudgment] = field(default_factory=list)


@dataclass
class Loaded:
    groups: list[PackGroup]
    pseudonyms: dict[str, str]
    #: item id → response id → characters, for the length diagnostic.
    lengths: dict[str, dict[str, int]]
    gold: dict[str, dict[str, Any]]
    #: user id → rule → findings on their current judgments.
    findings: dict[str, Counter[str]]
    #: user id → rule → how many of their current judgments have a finding of it (a
    #: judgment can carry several findings of one rule, one per question or response).
    flagged_judgments: dict[str, Counter[str]]
    #: judgment id → UTC day it was received (when the payload has no submission time).
    received_day: dict[str, str]
    notes: list[str]


def _rubrics(session: Session, project_id: str, notes: list[str]) -> dict[str, Rubric]:
    """Pack id → the rubric of its newest readable version (versions sort as published)."""
    rubrics: dict[str, Rubric] = {}
    rows = session.execute(
        select(PackVersion)
        .where(PackVersion.project_id == project_id)
        .order_by(PackVersion.published_at)
    ).scalars()
    for pv in rows:
        try:
            rubrics[pv.pack_id] = pack_from_canonical(pv.canonical).rubric
        except Exception as exc:  # one unreadable version must not hide the whole report
            notes.append(f"pack {pv.pack_id} {pv.version} could not be read ({exc})")
    return rubrics


def load(session: Session, project_id: str) -> Loaded:
    notes: list[str] = []
    rubrics = _rubrics(session, project_id, notes)
    groups = {pack_id: PackGroup(pack_id, rubric) for pack_id, rubric in rubrics.items()}
    received: dict[str, str] = {}
    skipped_packs: Counter[str] = Counter()
    rows = session.execute(
        select(Judgment)
        .where(Judgment.project_id == project_id, is_current())
        .order_by(Judgment.server_seq)
    ).scalars()
    for j in rows:
        group = groups.get(j.pack_id)
        if group is None:
            skipped_packs[j.pack_id] += 1
            continue
        payload = json.loads(j.payload_json)
        received[j.id] = j.received_at[:10]
        group.judgments.append(
            QcJudgment(
                judgment_id=j.id,
                item_id=j.item_id,
                annotator=j.user_id,
                answers=payload.get("answers", {}),
                display_order=tuple(payload.get("display_order", [])),
                active_ms=int(payload.get("active_ms", 0)),
                status=j.status,
                submitted_at=payload.get("submitted_at"),
            )
        )
    for pack_id, count in sorted(skipped_packs.items()):
        notes.append(f"{count} judgments under pack {pack_id} left out: its rubric is unreadable")
    lengths: dict[str, dict[str, int]] = {}
    for item_id, item_json in session.execute(
        select(Item.id, Item.item_json).where(Item.project_id == project_id)
    ):
        data = json.loads(item_json)
        lengths[item_id] = {
            str(r.get("id")): len(str(r.get("content", ""))) for r in data.get("responses", [])
        }
    gold = {
        g.item_id: json.loads(g.answers_json)
        for g in session.execute(
            select(GoldAnswer).where(GoldAnswer.project_id == project_id)
        ).scalars()
    }
    findings: dict[str, Counter[str]] = defaultdict(Counter)
    found_on: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    current = select(Judgment.id).where(Judgment.project_id == project_id, is_current())
    for user_id, rule, judgment_id in session.execute(
        select(QcFinding.user_id, QcFinding.rule, QcFinding.judgment_id).where(
            QcFinding.project_id == project_id, QcFinding.judgment_id.in_(current)
        )
    ):
        findings[user_id][rule] += 1
        found_on[user_id][rule].add(judgment_id)
    pseudonyms = dict(session.execute(select(User.id, User.pseudonym)).all())
    return Loaded(
        [g for g in groups.values() if g.judgments],
        pseudonyms,
        lengths,
        gold,
        dict(findings),
        {
            user: Counter({r: len(js) for r, js in rules.items()})
            for user, rules in found_on.items()
        },
        received,
        notes,
    )
