"""The workspace's judgment flow on a real store: order, drafts, submit, skip, packs, place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.display_order import display_order
from app.item_session import DraftRef
from app.pack_updates import import_guideline_pack
from app.workspace import Workspace
from guidelines import PackRefusedError, load_pack
from storage import JudgmentInvalidError, list_pack_versions
from storage.pack_changes import attention_for
from tests.app.demo_pack import sign_and_trust, write_demo_v2


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    opened = Workspace.open(tmp_path / "profile", seed_demo=True)
    yield opened
    opened.close()


def _complete(order: tuple[str, ...]) -> dict[str, object]:
    return {
        "helpfulness": dict.fromkeys(order, 4),
        "issues": {rid: [] for rid in order},
        "ranking": [[rid] for rid in order],
    }


def _ref(workspace: Workspace, item_id: str) -> tuple[DraftRef, tuple[str, ...]]:
    session = workspace.item_session(item_id)
    assert session.pack is not None
    ref = DraftRef(item_id, session.pack.id, session.pack.version, session.display_order)
    return ref, session.display_order


def test_display_order_is_shuffled_per_item_and_the_same_every_time() -> None:
    ids = [f"r{n}" for n in range(6)]
    orders = {tuple(display_order(ids, f"item-{n}", "device")) for n in range(30)}
    assert len(orders) > 10
    assert display_order(ids, "item-1", "device") == display_order(ids, "item-1", "device")
    assert display_order(ids, "item-1", "device") != display_order(ids, "item-1", "other") or (
        display_order(ids, "item-2", "device") != display_order(ids, "item-2", "other")
    )


def test_item_is_shown_blind_in_its_stored_order_with_letters(workspace: Workspace) -> None:
    session = workspace.item_session("demo-en-001")
    assert [r.label for r in session.content.responses] == ["A", "B", "C"]
    assert tuple(r.id for r in session.content.responses) == session.display_order
    assert session.pack is not None
    assert session.pack.id == "prefdesk-demo"
    assert session.editable
    assert not session.amendable


def test_first_edit_starts_a_draft_that_stores_the_order_seen(workspace: Workspace) -> None:
    ref, order = _ref(workspace, "demo-en-001")
    state = workspace.save_draft(ref, {"rationale": "draft words"}, 1500, {"item_id": "x"})
    assert state.status == "draft"
    assert tuple(state.display_order) == order
    again = workspace.item_session("demo-en-001")
    assert again.judgment is not None
    assert again.judgment.answers == {"rationale": "draft words"}
    assert workspace.load_place() == {"item_id": "x"}


def test_incomplete_answers_are_not_submitted_and_the_draft_stays(workspace: Workspace) -> None:
    ref, order = _ref(workspace, "demo-en-001")
    workspace.save_draft(ref, {"helpfulness": {order[0]: 3}}, 100)
    with pytest.raises(JudgmentInvalidError, match="Problems"):
        workspace.submit(ref, {"helpfulness": {order[0]: 3}}, 200)
    assert workspace.item_session("demo-en-001").judgment.status == "draft"  # type: ignore[union-attr]


def test_submit_then_amend_keeps_the_original_and_opens_a_linked_draft(
    workspace: Workspace,
) -> None:
    ref, order = _ref(workspace, "demo-en-001")
    submitted = workspace.submit(ref, _complete(order), 9_000)
    session = workspace.item_session("demo-en-001")
    assert session.amendable
    assert not session.editable
    amendment = workspace.amend(submitted.id)
    assert amendment.supersedes_id == submitted.id
    assert amendment.answers == submitted.answers
    reopened = workspace.item_session("demo-en-001")
    assert reopened.editable
    assert reopened.judgment is not None
    assert reopened.judgment.id == amendment.id
    assert workspace.judgments.get(submitted.id).status == "submitted"


def test_skip_keeps_its_reason_and_counts_in_the_tally(workspace: Workspace) -> None:
    ref, _ = _ref(workspace, "demo-en-002")
    state = workspace.skip(ref, {"skip": "cannot_judge"}, "I lack the knowledge to judge it", 700)
    assert state.status == "skipped"
    assert state.skip_reason.startswith("I lack")
    tally = workspace.tally_today()
    assert tally.done == 1
    assert tally.active_ms == 700


def test_tally_counts_only_work_finished_since_local_midnight(workspace: Workspace) -> None:
    ref, order = _ref(workspace, "demo-en-001")
    workspace.submit(ref, _complete(order), 120_000)
    tomorrow = datetime.now(UTC).replace(year=datetime.now().year + 1)
    assert workspace.tally_today(tomorrow).done == 0
    today = workspace.tally_today()
    assert today.done == 1
    assert today.per_hour == pytest.approx(30.0)


def test_next_item_skips_finished_work_and_wraps_around(workspace: Workspace) -> None:
    first = workspace.next_item(None)
    assert first is not None
    ref, order = _ref(workspace, first)
    workspace.submit(ref, _complete(order), 1)
    following = workspace.next_item(first)
    assert following not in (None, first)
    assert workspace.next_item(None) == following


def test_new_pack_version_moves_drafts_and_marks_what_needs_the_annotator(
    workspace: Workspace, tmp_path: Path
) -> None:
    ref, order = _ref(workspace, "demo-en-001")
    draft = workspace.save_draft(
        ref,
        {"helpfulness": dict.fromkeys(order, 3), "issues": {order[0]: ["verbose"]}},
        4_000,
    )
    v2 = write_demo_v2(tmp_path / "v2")
    sign_and_trust(v2, workspace.store.path.parent)
    update = import_guideline_pack(workspace, v2)
    assert update.added
    assert update.drafts_moved == 1
    assert update.drafts_needing_attention == 1
    moved = workspace.judgments.get(draft.id)
    assert moved.pack_version == "2.0.0"
    assert moved.answers["issues"] == {order[0]: ["too_long"]}
    assert "helpfulness" not in moved.answers
    assert attention_for(workspace.store, draft.id) == ["helpfulness"]
    assert [r["kind"] for r in workspace.judgments.revisions(draft.id)][-1] == "migrated"
    session = workspace.item_session("demo-en-001")
    assert session.pack is not None
    assert session.pack.version == "2.0.0"
    assert session.attention == ("helpfulness",)
    assert session.unacknowledged_from is not None
    assert session.unacknowledged_from.version == "1.0.0"


def test_submitted_judgments_keep_the_version_they_were_made_under(
    workspace: Workspace, tmp_path: Path
) -> None:
    ref, order = _ref(workspace, "demo-en-001")
    done = workspace.submit(ref, _complete(order), 1)
    v2 = write_demo_v2(tmp_path / "v2")
    sign_and_trust(v2, workspace.store.path.parent)
    import_guideline_pack(workspace, v2)
    assert workspace.judgments.get(done.id).pack_version == "1.0.0"


def test_unsigned_or_untrusted_pack_is_refused_and_nothing_is_kept(
    workspace: Workspace, tmp_path: Path
) -> None:
    v2 = write_demo_v2(tmp_path / "v2")
    with pytest.raises(PackRefusedError, match="trusted lead keys"):
        import_guideline_pack(workspace, v2)
    sign_and_trust(v2, tmp_path / "elsewhere")  # signed, but by a key this profile lacks
    (workspace.store.path.parent / "trusted-keys.txt").write_text("# none yet\n", "utf-8")
    with pytest.raises(PackRefusedError, match="trusted"):
        import_guideline_pack(workspace, v2)
    assert [p.version for p in list_pack_versions(workspace.store)] == ["1.0.0"]
    assert workspace.item_session("demo-en-001").pack.version == "1.0.0"  # type: ignore[union-attr]


def test_demo_pack_is_a_valid_pack_in_two_languages() -> None:
    from app.pack_catalog import DEMO_PACK

    pack = load_pack(DEMO_PACK)
    assert pack.languages == ("en", "zh")
    assert {q.kind for q in pack.rubric.questions} >= {"rating", "flags", "ranking", "rewrite"}
