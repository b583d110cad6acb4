"""Step 3: pull the change feed from the stored cursor until the server has no more.

Each page is applied and the cursor moved in one local transaction (``apply_feed_page``),
so an interrupted pull resumes at the first page not applied, and a page fetched twice
changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from protocol import MAX_FEED_PAGE, FeedPage
from storage import Store
from storage.feed_apply import PackVerifier, apply_feed_page
from storage.sync_log import feed_cursor
from sync._errors import SyncStopped
from sync._transport import Api


@dataclass
class PullTotals:
    pulled: int = 0
    packs_added: list[tuple[str, str]] = field(default_factory=list)
    batches_changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def pull_all(
    api: Api,
    store: Store,
    totals: PullTotals,
    progress: Callable[[int, int | None], None],
    verify_pack: PackVerifier | None = None,
    page_size: int = MAX_FEED_PAGE,
) -> None:
    start = cursor = feed_cursor(store)
    while True:
        api.check_cancel()
        response = api.call("GET", "/v1/feed", params={"after": cursor, "limit": page_size})
        page = api.parse(FeedPage, response)
        if page.next_after < cursor or (page.has_more and page.next_after == cursor):
            raise SyncStopped(
                "error",
                f"The server's change feed did not move forward (at {cursor}, next "
                f"{page.next_after}).",
                "Your work is kept on this computer; sync again later.",
            )
        applied = apply_feed_page(store, page.changes, page.next_after, verify_pack=verify_pack)
        totals.pulled += len(page.changes)
        totals.packs_added.extend(applied.packs_added)
        totals.batches_changed.extend(applied.batches_changed)
        totals.problems.extend(applied.problems)
        cursor = page.next_after
        progress(cursor - start, max(page.feed_head - start, cursor - start))
        if not page.has_more:
            return
