"""Delivery rows, rubrics and items shared by the delivery tests (``test_delivery.py``,
``test_delivery_datasets.py``): one guideline pack whose rubric has a ranking with ties, a
pairwise question with strengths, and a rewrite."""

from __future__ import annotations

from typing import Any

from guidelines.localtext import LocalText
from guidelines.rubric import (
    Option,
    PairwiseQuestion,
    RankingQuestion,
    RewriteQuestion,
    Rubric,
)
from server.delivery import Candidate, DeliveryItem, DeliveryRow, Message

PACK, VERSION = "guide", "1.0.0"


def _label(text: str) -> LocalText:
    return LocalText.of(en=text)


RUBRIC = Rubric(
    (
        RankingQuestion(id="rank", label=_label("Rank"), allow_ties=True),
        PairwiseQuestion(
            id="pref",
            label=_label("Which is better?"),
            applies="pair",
            strength=(
                Option(id="much", label=_label("Much better")),
                Option(id="slightly", label=_label("Slightly better")),
            ),
            allow_tie=True,
            allow_both_bad=True,
        ),
        RewriteQuestion(id="rewrite", label=_label("Rewrite")),
    )
)
RUBRICS = {(PACK, VERSION): RUBRIC}

CONVERSATION = (
    Message("system", "Be brief."),
    Message("user", "Hi"),
    Message("assistant", "Hello!"),
    Message("user", "What colour is the sky?"),
)
MESSAGES = [m.to_json() for m in CONVERSATION]
ITEM3 = DeliveryItem(
    "item-3",
    CONVERSATION,
    (Candidate("a", "Blue."), Candidate("b", "Azure."), Candidate("c", "Green.")),
)
ITEM2 = DeliveryItem(
    "item-2", (Message("user", "2+2?"),), (Candidate("x", "4"), Candidate("y", "5"))
)


def row(answers: dict[str, Any], item: DeliveryItem = ITEM3, **kw: Any) -> DeliveryRow:
    """A reviewed, accepted judgment of ``item`` with ``answers``; ``kw`` overrides fields."""
    fields: dict[str, Any] = {
        "judgment_id": f"j-{item.id}-{len(answers)}",
        "item": item,
        "answers": answers,
        "display_order": tuple(c.id for c in reversed(item.responses)),
        "pack_id": PACK,
        "pack_version": VERSION,
        "pack_sha256": "0" * 64,
        "annotator": "ann-7f3a",
        "submitted_at": "2026-11-26T10:01:00.000000Z",
        "active_ms": 4200,
        "review": "accepted",
    }
    fields.update(kw)
    return DeliveryRow(**fields)


#: A ranking of ITEM3 with a tie at the top: a, b above c.
TIED = row({"rank": [["a", "b"], ["c"]]})

#: Three judgments: the tied ranking, a pairwise tie (never submitted-at), and a ranking with
#: a rewrite that is stale, late and QC-flagged.
ROWS = [
    TIED,
    row({"pref": {"winner": "tie"}}, ITEM2, judgment_id="j-tie", submitted_at=None),
    row(
        {"rewrite": {"source": "a", "text": "Blue, mostly."}, "rank": [["b"], ["a"], ["c"]]},
        judgment_id="j-3",
        stale=True,
        late=True,
        qc_flags=("too_fast",),
    ),
]
