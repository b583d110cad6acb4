"""What a lead said about this profile's judgments, read for the annotator.

The feed keeps the newest review per judgment (``feed_apply``). A returned judgment is the
one case where a synced judgment may still be amended: the lead asked for it, and the
server accepts an amendment of an earlier judgment of the same annotator and item. Only
the current revision reopens; once an amendment supersedes it, the return has been
answered, and the comment is kept as that amendment's history instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from storage.store import Store

#: Sync states in which a finished judgment has not left this laptop yet.
UNSYNCED = ("local", "queued")

# Walks the amendment chain from one judgment back to the first revision; the depth
# bound only guards against a corrupt store, since an id can only supersede an older one.
_CHAIN_REVIEWS = """
WITH RECURSIVE chain(id, supersedes_id, depth) AS (
    SELECT id, supersedes_id, 0 FROM judgments WHERE id = :judgment
    UNION ALL
    SELECT j.id, j.supersedes_id, chain.depth + 1
    FROM judgments AS j JOIN chain ON j.id = chain.supersedes_id
    WHERE chain.depth < 10000
)
SELECT chain.depth, r.judgment_id, r.outcome, r.comment, r.reviewed_at
FROM chain JOIN reviews AS r ON r.judgment_id = chain.id
ORDER BY chain.depth
"""


@dataclass(frozen=True)
class ReviewNote:
    """One lead decision: ``outcome`` is accepted, returned or fixed; ``comment`` is the
    lead's own words (untrusted text: display it as plain text)."""

    judgment_id: str
    outcome: str
    comment: str
    reviewed_at: str

    @property
    def returned(self) -> bool:
        return self.outcome == "returned"


@dataclass(frozen=True)
class JudgmentReviews:
    """The reviews that concern one judgment.

    ``own`` is the judgment's newest review; ``earlier`` holds those of the revisions it
    amends, nearest first; ``superseded`` says a newer revision amends this one.
    """

    judgment_id: str
    own: ReviewNote | None = None
    earlier: tuple[ReviewNote, ...] = ()
    superseded: bool = False

    @property
    def reopened(self) -> bool:
        """Returned by the lead and not yet answered by an amendment."""
        return self.own is not None and self.own.returned and not self.superseded

    @property
    def answered_return(self) -> ReviewNote | None:
        """The return this judgment answers: the nearest earlier revision's review, when
        the lead returned it. (An earlier accept is not about this revision's answers.)"""
        if self.earlier and self.earlier[0].returned:
            return self.earlier[0]
        return None


def is_amendable(status: str, sync_state: str, reviews: JudgmentReviews | None) -> bool:
    """A finished judgment that no amendment supersedes yet can be reopened as one while it
    has not been synced, or, once synced, while a lead's return of it is unanswered.

    ``reviews`` None means they were not read: then only the sync state decides."""
    if status == "draft" or (reviews is not None and reviews.superseded):
        return False  # a draft is edited, not amended; a superseded one was already amended
    return sync_state in UNSYNCED or (reviews is not None and reviews.reopened)


def judgment_reviews(store: Store, judgment_id: str) -> JudgmentReviews:
    """The reviews of ``judgment_id`` and of the revisions it amends (empty when none)."""
    with store.read() as conn:
        return judgment_reviews_in(conn, judgment_id)


def judgment_reviews_in(conn: Connection, judgment_id: str) -> JudgmentReviews:
    rows = conn.execute(text(_CHAIN_REVIEWS), {"judgment": judgment_id}).all()
    superseded = (
        conn.execute(
            text("SELECT 1 FROM judgments WHERE supersedes_id = :judgment LIMIT 1"),
            {"judgment": judgment_id},
        ).first()
        is not None
    )
    own = None
    earlier = []
    for row in rows:
        note = ReviewNote(row.judgment_id, row.outcome, row.comment, row.reviewed_at)
        if row.depth == 0:
            own = note
        else:
            earlier.append(note)
    return JudgmentReviews(judgment_id, own, tuple(earlier), superseded)


def item_reviews(store: Store, item_id: str) -> JudgmentReviews | None:
    """The reviews that concern the item's newest judgment; None when it has none yet."""
    with store.read() as conn:
        latest = conn.execute(
            text(
                "SELECT id FROM judgments WHERE item_id = :item "
                "ORDER BY created_at DESC, id DESC LIMIT 1"
            ),
            {"item": item_id},
        ).scalar()
        return None if latest is None else judgment_reviews_in(conn, str(latest))


def can_amend(store: Store, judgment_id: str) -> bool:
    """Whether ``judgment_id`` may be amended now (see ``is_amendable``)."""
    with store.read() as conn:
        row = conn.execute(
            text("SELECT status, sync_state FROM judgments WHERE id = :judgment"),
            {"judgment": judgment_id},
        ).first()
        if row is None:
            return False
        return is_amendable(row.status, row.sync_state, judgment_reviews_in(conn, judgment_id))
