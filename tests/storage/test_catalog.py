"""What the queue reads: batch progress, item status, the next open item, pages of items."""

from __future__ import annotations

from pathlib import Path

from guidelines import load_pack, pack_from_canonical, validate_answers
from storage import JudgmentRepository, Store, add_pack_version, import_source, list_batches
from storage.catalog import list_items, next_open_item

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo"
DEMO_PACK, DEMO_TASKS = DEMO / "guidelines", DEMO / "demo-tasks.jsonl"


def validate_with_pack(canonical: bytes, answers: object, rids: list[str]) -> list[str]:
    rubric = pack_from_canonical(canonical).rubric
    return [p.message for p in validate_answers(rubric, answers, rids)]  # type: ignore[arg-type]


def _ready(store: Store) -> JudgmentRepository:
    import_source(store, DEMO_TASKS)
    pack = load_pack(DEMO_PACK)
    add_pack_version(store, pack.id, pack.version, pack.sha256, "demo", pack.canonical_bytes())
    return JudgmentRepository(store, validate_with_pack)


def _complete(order: list[str]) -> dict[str, object]:
    return {
        "helpfulness": dict.fromkeys(order, 3),
        "issues": {rid: [] for rid in order},
        "ranking": [[rid] for rid in order],
    }


def _start(repo: JudgmentRepository, store: Store, item_id: str) -> tuple[str, list[str]]:
    items = {i.id: i for b in list_batches(store) for i in list_items(store, b.id)}
    assert item_id in items
    from storage import get_item

    order = [r.id for r in get_item(store, item_id).responses]
    state = repo.start_draft(item_id, "prefdesk-demo", "1.0.0", order)
    return state.id, order


def test_batch_progress_counts_the_newest_judgment_of_each_item(store: Store) -> None:
    repo = _ready(store)
    first = list_items(store, "demo-en")
    done_id, order = _start(repo, store, first[0].id)
    repo.submit(done_id, _complete(order))
    repo.amend(done_id)  # the newest judgment of item 0 is now a draft again
    skipped_id, _ = _start(repo, store, first[1].id)
    repo.skip(skipped_id, "cannot judge")
    submitted_id, order = _start(repo, store, first[2].id)
    repo.submit(submitted_id, _complete(order))
    _start(repo, store, first[3].id)
    batch = next(b for b in list_batches(store) if b.id == "demo-en")
    assert (batch.items, batch.submitted, batch.skipped, batch.drafts) == (12, 1, 1, 2)
    assert batch.done == 2
    statuses = [i.status for i in list_items(store, "demo-en")][:5]
    assert statuses == ["draft", "skipped", "submitted", "draft", "new"]
    others = [b for b in list_batches(store) if b.id != "demo-en"]
    assert all(b.done == 0 and b.drafts == 0 for b in others)


def test_next_open_item_passes_finished_items_and_wraps_around(store: Store) -> None:
    repo = _ready(store)
    first, second, third = (i.id for i in list_items(store, "demo-en")[:3])
    judgment, order = _start(repo, store, second)
    repo.submit(judgment, _complete(order))
    assert next_open_item(store, first) == third
    last_batch = list_batches(store)[-1].id
    last_item = list_items(store, last_batch)[-1].id
    assert next_open_item(store, last_item) == first
    assert next_open_item(store, None) == first


def test_items_page_through_a_batch_in_order(store: Store) -> None:
    _ready(store)
    everything = [i.id for i in list_items(store, "demo-en")]
    pages = [
        [i.id for i in list_items(store, "demo-en", limit=5, offset=offset)]
        for offset in range(0, 15, 5)
    ]
    assert [item for page in pages for item in page] == everything
