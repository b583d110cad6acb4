"""A lead's review reaches the annotator's store through the feed: a return reopens the
synced judgment for one amendment, which goes through the outbox like any submission."""

from __future__ import annotations

from pathlib import Path

import pytest

import protocol
from storage import JudgmentRepository, JudgmentState, Store
from storage.catalog import list_batches, list_items
from storage.feed_apply import apply_feed_page
from storage.outbox import apply_push_results, outbox_page
from storage.reviews import can_amend, item_reviews, judgment_reviews
from tests.storage.sync_seed import seed, submit, validate

COMMENT = "<b>B</b> answers the question; A misreads it. 请把 B 排在前面。\nSee the guide."


def _page(changes: list[tuple[str, str, str]], first_seq: int = 1) -> protocol.FeedPage:
    """A feed page of reviews: (judgment id, outcome, comment) each, as the server sends."""
    return protocol.FeedPage(
        changes=[
            protocol.FeedChange(
                server_seq=first_seq + n,
                type="review",
                id=f"rv-{first_seq + n}",
                version=1,
                op="upsert",
                body=protocol.ReviewBody(
                    judgment_id=judgment_id,
                    outcome=outcome,  # type: ignore[arg-type]
                    comment=comment,
                    reviewed_at="2026-11-26T01:00:00Z",
                ).model_dump(),
            )
            for n, (judgment_id, outcome, comment) in enumerate(changes)
        ],
        next_after=first_seq + len(changes) - 1,
        has_more=False,
        feed_head=first_seq + len(changes) - 1,
    )


def _apply(store: Store, page: protocol.FeedPage) -> None:
    applied = apply_feed_page(store, page.changes, page.next_after)
    assert applied.problems == []


def _synced(store: Store, item_ids: list[str]) -> list[JudgmentState]:
    """Submit one judgment per item and record the server's acceptance of each."""
    done = submit(store, item_ids)
    entries = outbox_page(store, 0, 100)
    apply_push_results(
        store,
        "sync-1",
        [
            protocol.PushResult(
                client_seq=e.client_seq,
                judgment_id=e.judgment_id,
                status="accepted",
                server_seq=100 + e.client_seq,
            )
            for e in entries
        ],
    )
    assert outbox_page(store, 0, 100) == []
    repo = JudgmentRepository(store, validate)
    return [repo.get(j.id) for j in done]


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    seed(store, tmp_path, items=3)
    return store


def test_a_returned_review_reopens_a_synced_judgment_whose_amendment_supersedes_it_in_the_outbox(
    seeded: Store,
) -> None:
    (original,) = _synced(seeded, ["item-0"])
    assert original.sync_state == "acked"
    assert not can_amend(seeded, original.id)  # synced and not reviewed: closed

    _apply(seeded, _page([(original.id, "returned", COMMENT)]))

    reviews = judgment_reviews(seeded, original.id)
    assert reviews.own is not None
    assert (reviews.own.outcome, reviews.own.comment) == ("returned", COMMENT)
    assert reviews.own.reviewed_at == "2026-11-26T01:00:00Z"
    assert reviews.reopened
    assert can_amend(seeded, original.id)
    assert item_reviews(seeded, "item-0") == reviews
    assert list_items(seeded, "batch")[0].status == "returned"
    assert list_batches(seeded)[0].returned == 1

    repo = JudgmentRepository(seeded, validate)
    amendment = repo.amend(original.id)
    assert amendment.supersedes_id == original.id
    # The open amendment answers the return: the original no longer reopens, and the
    # amendment carries the comment as its history.
    assert not can_amend(seeded, original.id)
    assert not judgment_reviews(seeded, original.id).reopened
    history = judgment_reviews(seeded, amendment.id)
    assert history.own is None
    assert history.answered_return is not None
    assert history.answered_return.comment == COMMENT
    assert list_items(seeded, "batch")[0].status == "draft"

    submitted = repo.submit(amendment.id, {"vote": {"winner": "r2"}}, active_ms=500)
    (entry,) = outbox_page(seeded, 0, 100)
    assert entry.judgment_id == submitted.id
    assert entry.payload["supersedes_id"] == original.id
    assert entry.payload["answers"] == {"vote": {"winner": "r2"}}
    assert list_items(seeded, "batch")[0].status == "submitted"  # no longer "returned"
    assert list_batches(seeded)[0].returned == 0
    assert item_reviews(seeded, "item-0") == history
    assert repo.get(original.id) == original  # the returned original stays as it was


def test_an_accepted_or_fixed_review_is_shown_but_reopens_nothing(seeded: Store) -> None:
    accepted, fixed = _synced(seeded, ["item-0", "item-1"])

    _apply(seeded, _page([(accepted.id, "accepted", ""), (fixed.id, "fixed", "Tie, not B.")]))

    for judgment, outcome in ((accepted, "accepted"), (fixed, "fixed")):
        reviews = judgment_reviews(seeded, judgment.id)
        assert reviews.own is not None
        assert reviews.own.outcome == outcome
        assert not reviews.reopened
        assert not can_amend(seeded, judgment.id)
    assert judgment_reviews(seeded, fixed.id).own.comment == "Tie, not B."  # type: ignore[union-attr]
    assert [i.status for i in list_items(seeded, "batch")][:2] == ["submitted", "submitted"]


def test_a_return_of_a_revision_already_superseded_reopens_nothing(seeded: Store) -> None:
    (original,) = _synced(seeded, ["item-0"])
    repo = JudgmentRepository(seeded, validate)
    # The annotator amended on their own before the lead's return of the original arrived.
    amendment = repo.submit(repo.amend(original.id).id, {"vote": {"winner": "r2"}}, 10)

    _apply(seeded, _page([(original.id, "returned", COMMENT)]))

    assert not judgment_reviews(seeded, original.id).reopened
    assert not can_amend(seeded, original.id)
    assert list_items(seeded, "batch")[0].status == "submitted"
    current = item_reviews(seeded, "item-0")
    assert current is not None
    assert current.judgment_id == amendment.id
    assert not current.reopened
    assert current.answered_return is not None  # shown as the revision's history
    assert [e.judgment_id for e in outbox_page(seeded, 0, 100)] == [amendment.id]


def test_a_later_decision_replaces_the_return_and_closes_the_judgment_again(
    seeded: Store,
) -> None:
    (original,) = _synced(seeded, ["item-0"])
    _apply(seeded, _page([(original.id, "returned", COMMENT)]))
    assert can_amend(seeded, original.id)

    _apply(seeded, _page([(original.id, "accepted", "Fine after all.")], first_seq=2))

    reviews = judgment_reviews(seeded, original.id)
    assert reviews.own is not None
    assert (reviews.own.outcome, reviews.own.comment) == ("accepted", "Fine after all.")
    assert not can_amend(seeded, original.id)


def test_the_lead_comment_survives_a_restart(seeded: Store, tmp_path: Path) -> None:
    (original,) = _synced(seeded, ["item-0"])
    _apply(seeded, _page([(original.id, "returned", COMMENT)]))
    seeded.close()

    with Store.open(tmp_path / "profile") as reopened:
        reviews = judgment_reviews(reopened, original.id)
        assert reviews.own is not None
        assert reviews.own.comment == COMMENT
        assert can_amend(reopened, original.id)


def test_an_item_without_a_judgment_has_no_reviews_and_unknown_judgments_cannot_be_amended(
    seeded: Store,
) -> None:
    assert item_reviews(seeded, "item-2") is None
    assert judgment_reviews(seeded, "no-such-judgment").own is None
    assert not can_amend(seeded, "no-such-judgment")


def test_an_unsynced_judgment_is_amendable_until_an_amendment_supersedes_it(
    seeded: Store,
) -> None:
    (queued,) = submit(seeded, ["item-0"])
    assert can_amend(seeded, queued.id)
    JudgmentRepository(seeded, validate).amend(queued.id)
    assert not can_amend(seeded, queued.id)
