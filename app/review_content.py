"""Turning a server's ``JudgmentDetail`` into what the review views show.

The item is the server's native item JSON; responses are put in the judgment's stored
``display_order`` with the labels A, B, … the annotator saw, so the lead sees exactly the
screen the annotator judged.
"""

from __future__ import annotations

import string
from typing import Any

from PySide6.QtCore import QCoreApplication

from protocol import JudgmentDetail
from widgets.view_models import ImageData, ItemContent, ResponseCard, TurnView

LABELS = string.ascii_uppercase


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def item_content(detail: JudgmentDetail) -> ItemContent:
    item = detail.item
    responses = {
        _text(r.get("id")): _text(r.get("content"))
        for r in item.get("responses", [])
        if isinstance(r, dict)
    }
    order = [str(r) for r in detail.payload.get("display_order", []) if str(r) in responses]
    order += [r for r in responses if r not in order]  # never hide a response
    turns = tuple(
        TurnView(
            _text(t.get("role")) or "user",
            _text(t.get("content")),
            tuple(
                ImageData(_text(i.get("media_type")), _text(i.get("data")), _text(i.get("alt")))
                for i in t.get("images", ())
                if isinstance(i, dict)
            ),
        )
        for t in item.get("conversation", [])
        if isinstance(t, dict)
    )
    cards = tuple(ResponseCard(LABELS[n % 26], responses[rid], rid) for n, rid in enumerate(order))
    return ItemContent(id=detail.entry.item_id, turns=turns, responses=cards)


def history_lines(detail: JudgmentDetail) -> list[str]:
    """One line per review, oldest first, plus marks a lead must know about."""
    lines: list[str] = []
    e = detail.entry
    if e.supersedes_id:
        lines.append(
            QCoreApplication.translate("ReviewContent", "An amendment of an earlier judgment.")
        )
    if e.stale:
        lines.append(
            QCoreApplication.translate(
                "ReviewContent", "Made under an older guideline pack version."
            )
        )
    if e.late:
        lines.append(
            QCoreApplication.translate(
                "ReviewContent", "Arrived after the assignment's lease ran out."
            )
        )
    names = {
        "accepted": QCoreApplication.translate("ReviewContent", "Accepted"),
        "returned": QCoreApplication.translate("ReviewContent", "Returned"),
        "fixed": QCoreApplication.translate("ReviewContent", "Fixed"),
    }
    for review in detail.reviews:
        when = review.reviewed_at[:16].replace("T", " ")
        line = f"{names.get(review.outcome, review.outcome)} · {review.reviewer} · {when}"
        lines.append(f"{line}: {review.comment}" if review.comment else line)
    return lines
