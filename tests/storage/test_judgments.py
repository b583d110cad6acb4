"""Judgments on a real store, checked by the real guideline validator.

Drafts save as often as they like and keep every save as a revision; a submission or skip
freezes the judgment (in the API and in the database itself); a correction is an amendment.
"""

from __future__ import annotations

import copy
import itertools
import json
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
)
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from guidelines import GuidelinePack, load_pack, pack_from_canonical, validate_answers
from guidelines.templates import template_path
from storage import (
    JudgmentFrozenError,
    JudgmentInvalidError,
    JudgmentRepository,
    JudgmentState,
    NotFoundError,
    Store,
    add_pack_version,
    import_source,
)
from storage.judgments import payload_sha256

ARENA = load_pack(template_path("arena"))  # one pairwise question "vote", tie and both_bad
HELPSTEER = load_pack(template_path("helpsteer2"))  # five 0–4 ratings for every response
RATINGS = ("helpfulness", "correctness", "coherence", "complexity", "verbosity")

HEADER = {
    "format": "prefdesk.taskpack",
    "format_version": 1,
    "project": {"id": "judging", "name": "Judging"},
    "batches": [{"id": "batch", "name": "Batch"}],
}
#: item id → its response ids, in stored order.
ITEMS: dict[str, tuple[str, ...]] = {
    "pair-1": ("r1", "r2"),
    "pair-2": ("r1", "r2"),
    "trio": ("a", "b", "c"),
}
PAIRS = ("pair-1", "pair-2")

VOTE_R1 = {"vote": {"winner": "r1"}}


def validate(
    canonical: bytes, answers: Mapping[str, Any], response_ids: Sequence[str]
) -> list[str]:
    """The validator the app injects: the pack's own rubric, problems as sentences."""
    rubric = pack_from_canonical(canonical).rubric
    return [p.message for p in validate_answers(rubric, answers, response_ids)]


def _write_tasks(path: Path) -> Path:
    lines = [HEADER]
    for item_id, rids in ITEMS.items():
        lines.append(
            {
                "id": item_id,
                "batch": "batch",
                "conversation": [{"role": "user", "content": f"Question for {item_id} — 你好?"}],
                "responses": [
                    {"id": rid, "content": f"Answer {rid} to {item_id}", "model": f"m-{rid}"}
                    for rid in rids
                ],
            }
        )
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _register(store: Store, pack: GuidelinePack) -> None:
    add_pack_version(
        store, pack.id, pack.version, pack.sha256, pack.title.get(), pack.canonical_bytes()
    )


def _seed(store: Store, workdir: Path) -> None:
    """Items ``pair-1``, ``pair-2`` and ``trio`` and the arena and HelpSteer2 packs."""
    report = import_source(store, _write_tasks(workdir / "tasks.jsonl"))
    assert report.added == len(ITEMS)
    _register(store, ARENA)
    _register(store, HELPSTEER)


def _ratings(rids: Sequence[str], value: int = 3) -> dict[str, dict[str, int]]:
    return {q: dict.fromkeys(rids, value) for q in RATINGS}


def _count(store: Store, table: str) -> int:
    with store.read() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    _seed(store, tmp_path)
    return store


@pytest.fixture
def repo(seeded: Store) -> JudgmentRepository:
    return JudgmentRepository(seeded, validate)


def _pair_draft(repo: JudgmentRepository, item: str = "pair-1") -> JudgmentState:
    return repo.start_draft(item, ARENA.id, ARENA.version, ["r2", "r1"])


def _submitted(repo: JudgmentRepository) -> JudgmentState:
    draft = _pair_draft(repo)
    repo.save_draft(draft.id, VOTE_R1, 1500)
    return repo.submit(draft.id, VOTE_R1, 2500)


def _skipped(repo: JudgmentRepository) -> JudgmentState:
    draft = _pair_draft(repo)
    repo.save_draft(draft.id, {"vote": {"winner": "tie"}}, 700)
    return repo.skip(draft.id, "I cannot read the second response", 900)


FINISHERS = {"submitted": _submitted, "skipped": _skipped}


# -- ids --------------------------------------------------------------------------------------


def test_judgment_ids_are_uuid7_and_sort_in_the_order_the_drafts_were_made(
    repo: JudgmentRepository,
) -> None:
    drafts = [_pair_draft(repo, PAIRS[n % 2]) for n in range(12)]
    ids = [d.id for d in drafts]
    for state in drafts:
        parsed = uuid.UUID(state.id)
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == state.id  # the canonical lower-case spelling, so text sorts
        id_ms = parsed.int >> 80
        created_ms = int(datetime.fromisoformat(state.created_at).timestamp() * 1000)
        assert abs(id_ms - created_ms) < 5_000
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert [uuid.UUID(i).int for i in ids] == sorted(uuid.UUID(i).int for i in ids)


# -- revisions --------------------------------------------------------------------------------


def test_every_draft_save_and_the_submission_append_a_revision_returned_in_order(
    repo: JudgmentRepository,
) -> None:
    draft = _pair_draft(repo)
    assert repo.revisions(draft.id) == []  # starting a draft is not a save
    saves = [
        ({}, 100),
        ({"vote": {"winner": "tie"}}, 2_000),
        ({"vote": {"winner": "r2"}}, 3_500),
    ]
    for answers, active_ms in saves:
        state = repo.save_draft(draft.id, answers, active_ms)
        assert state.answers == answers
        assert state.active_ms == active_ms
        assert state.is_draft
    final = repo.submit(draft.id, VOTE_R1, 4_000)

    revisions = repo.revisions(draft.id)
    assert [r["revision"] for r in revisions] == [1, 2, 3, 4]
    assert [r["kind"] for r in revisions] == ["draft_saved"] * 3 + ["submitted"]
    assert [r["status"] for r in revisions] == ["draft"] * 3 + ["submitted"]
    assert [r["answers"] for r in revisions] == [a for a, _ in saves] + [VOTE_R1]
    assert [r["active_ms"] for r in revisions] == [100, 2_000, 3_500, 4_000]
    assert all(r["skip_reason"] is None for r in revisions)
    saved_at = [r["saved_at"] for r in revisions]
    assert saved_at == sorted(saved_at)
    assert saved_at[-1] == final.submitted_at == final.updated_at


def test_a_skip_appends_a_skipped_revision_that_carries_the_reason(
    repo: JudgmentRepository,
) -> None:
    skipped = _skipped(repo)
    revisions = repo.revisions(skipped.id)
    assert [(r["kind"], r["status"]) for r in revisions] == [
        ("draft_saved", "draft"),
        ("skipped", "skipped"),
    ]
    assert revisions[-1]["skip_reason"] == "I cannot read the second response"
    assert revisions[-1]["answers"] == {"vote": {"winner": "tie"}}
    assert revisions[-1]["active_ms"] == 900


def test_revisions_are_kept_per_judgment(repo: JudgmentRepository) -> None:
    first = _pair_draft(repo, "pair-1")
    second = _pair_draft(repo, "pair-2")
    repo.save_draft(first.id, {}, 1)
    repo.save_draft(second.id, VOTE_R1, 2)
    repo.save_draft(first.id, VOTE_R1, 3)
    assert [r["active_ms"] for r in repo.revisions(first.id)] == [1, 3]
    assert [r["revision"] for r in repo.revisions(second.id)] == [1]


# -- submission -------------------------------------------------------------------------------


def test_submission_freezes_answers_queues_for_sync_and_hashes_exactly_what_sync_sends(
    repo: JudgmentRepository,
) -> None:
    first = _submitted(repo)
    assert first.status == "submitted"
    assert first.answers == VOTE_R1
    assert first.active_ms == 2500
    assert first.submitted_at is not None
    assert first.sync_state == "queued"
    assert first.payload_sha256 == payload_sha256(first)
    assert first.pack_sha256 == ARENA.sha256
    second = _skipped(repo)
    assert second.payload_sha256 == payload_sha256(second)
    assert first.client_seq is not None
    assert second.client_seq == first.client_seq + 1


def test_submit_without_answers_submits_the_saved_draft(repo: JudgmentRepository) -> None:
    draft = _pair_draft(repo)
    repo.save_draft(draft.id, {"vote": {"winner": "both_bad"}}, 800)
    state = repo.submit(draft.id)
    assert state.status == "submitted"
    assert state.answers == {"vote": {"winner": "both_bad"}}
    assert state.active_ms == 800


INVALID_ARENA = [
    pytest.param({}, "“Which response is better?” needs an answer", id="unanswered"),
    pytest.param(
        {"vote": {"winner": "r3"}}, "“Which response is better?”: 'r3'", id="unknown-winner"
    ),
    pytest.param(
        {"vote": {"winner": "tie", "strength": "much"}},
        "“Which response is better?”: a tie",
        id="tie-with-strength",
    ),
    pytest.param({"vote": "r1"}, "“Which response is better?”", id="wrong-shape"),
    pytest.param({**VOTE_R1, "length": 3}, "no question 'length'", id="unknown-question"),
]


@pytest.mark.parametrize(("answers", "names"), INVALID_ARENA)
def test_submitting_answers_the_rubric_rejects_names_the_question_and_changes_nothing(
    repo: JudgmentRepository, answers: dict[str, Any], names: str
) -> None:
    draft = _pair_draft(repo)
    repo.save_draft(draft.id, {"vote": {"winner": "tie"}}, 1_000)
    before = repo.get(draft.id)
    revisions_before = repo.revisions(draft.id)

    with pytest.raises(JudgmentInvalidError) as raised:
        repo.submit(draft.id, answers, 9_999)

    assert names in str(raised.value)
    assert raised.value.problems
    assert any(names in problem for problem in raised.value.problems)
    assert repo.get(draft.id) == before  # status, answers, active_ms, timestamps, outbox
    assert repo.revisions(draft.id) == revisions_before


def test_an_incomplete_saved_draft_cannot_be_submitted_as_it_is(
    repo: JudgmentRepository,
) -> None:
    draft = repo.start_draft("trio", HELPSTEER.id, HELPSTEER.version, ["c", "a", "b"])
    partial = _ratings(["a", "b", "c"])
    del partial["verbosity"]["b"]
    partial["coherence"]["c"] = 9
    repo.save_draft(draft.id, partial, 5_000)
    before = repo.get(draft.id)

    with pytest.raises(JudgmentInvalidError) as raised:
        repo.submit(draft.id)

    problems = raised.value.problems
    assert any("Verbosity" in p and "b" in p for p in problems)
    assert any("Coherence" in p and "9" in p for p in problems)
    assert repo.get(draft.id) == before
    assert len(repo.revisions(draft.id)) == 1

    state = repo.submit(draft.id, _ratings(["a", "b", "c"], 4))
    assert state.status == "submitted"


# -- frozen after submission ------------------------------------------------------------------


@pytest.mark.parametrize("finish", sorted(FINISHERS))
def test_a_finished_judgment_refuses_save_submit_and_skip(
    repo: JudgmentRepository, finish: str
) -> None:
    done = FINISHERS[finish](repo)
    revisions = repo.revisions(done.id)
    attempts = [
        lambda: repo.save_draft(done.id, {"vote": {"winner": "r2"}}, 1),
        lambda: repo.submit(done.id, {"vote": {"winner": "r2"}}, 1),
        lambda: repo.submit(done.id),
        lambda: repo.skip(done.id, "changed my mind", 1),
    ]
    for attempt in attempts:
        with pytest.raises(JudgmentFrozenError, match="make an amendment"):
            attempt()
    assert repo.get(done.id) == done
    assert repo.revisions(done.id) == revisions


FROZEN_COLUMNS = [
    ("answers_json", "'{}'"),
    ("status", "'draft'"),
    ("skip_reason", "'edited later'"),
    ("display_order_json", '\'["r1","r2"]\''),
    ("active_ms", "active_ms + 1"),
    ("pack_version", "'2.0.0'"),
    ("supersedes_id", "id"),
    ("payload_sha256", "'0000'"),
    ("submitted_at", "NULL"),
    ("updated_at", "'2099-01-01T00:00:00.000Z'"),
]


@pytest.mark.parametrize("finish", sorted(FINISHERS))
@pytest.mark.parametrize(("column", "value"), FROZEN_COLUMNS)
def test_the_database_refuses_a_raw_update_of_a_finished_judgment(
    seeded: Store, repo: JudgmentRepository, finish: str, column: str, value: str
) -> None:
    done = FINISHERS[finish](repo)
    with (
        pytest.raises(IntegrityError, match="cannot be changed; make an amendment"),
        seeded.write() as conn,
    ):
        conn.execute(
            text(f"UPDATE judgments SET {column} = {value} WHERE id = :id"), {"id": done.id}
        )
    assert repo.get(done.id) == done


def test_the_database_lets_only_sync_bookkeeping_change_after_submission(
    seeded: Store, repo: JudgmentRepository
) -> None:
    done = _submitted(repo)
    with seeded.write() as conn:
        conn.execute(
            text(
                "UPDATE judgments SET sync_state = 'acked', server_seq = 41, "
                "ack_session_id = 's-1' WHERE id = :id"
            ),
            {"id": done.id},
        )
    after = repo.get(done.id)
    assert after.sync_state == "acked"
    assert {**after.__dict__, "sync_state": done.sync_state} == done.__dict__


@pytest.mark.parametrize("finish", sorted(FINISHERS))
def test_the_database_refuses_to_delete_a_finished_judgment_or_rewrite_its_history(
    seeded: Store, repo: JudgmentRepository, finish: str
) -> None:
    done = FINISHERS[finish](repo)
    revisions = repo.revisions(done.id)
    statements = {
        "DELETE FROM judgments WHERE id = :id": "cannot be deleted",
        "DELETE FROM judgment_revisions WHERE judgment_id = :id": "append-only",
        "UPDATE judgment_revisions SET answers_json = '{}' WHERE judgment_id = :id": "append-only",
    }
    for statement, refusal in statements.items():
        with pytest.raises(IntegrityError, match=refusal), seeded.write() as conn:
            conn.execute(text(statement), {"id": done.id})
    assert repo.get(done.id) == done
    assert repo.revisions(done.id) == revisions


# -- skipping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", " ", "\t\n", "\u3000", "  \u00a0 "])
def test_a_skip_needs_a_reason_that_is_not_only_whitespace(
    repo: JudgmentRepository, reason: str
) -> None:
    draft = _pair_draft(repo)
    repo.save_draft(draft.id, {}, 300)
    before = repo.get(draft.id)
    with pytest.raises(JudgmentInvalidError, match="needs a reason"):
        repo.skip(draft.id, reason, 400)
    assert repo.get(draft.id) == before
    assert len(repo.revisions(draft.id)) == 1


def test_a_skip_keeps_its_reason_and_does_not_need_complete_answers(
    repo: JudgmentRepository,
) -> None:
    draft = _pair_draft(repo)
    state = repo.skip(draft.id, " 我看不懂第二个回复 ", 1_200)
    assert state.status == "skipped"
    assert state.skip_reason == " 我看不懂第二个回复 "
    assert state.answers == {}
    assert state.active_ms == 1_200
    assert state.submitted_at is not None
    assert state.sync_state == "queued"
    assert [r["kind"] for r in repo.revisions(draft.id)] == ["skipped"]


# -- amendments -------------------------------------------------------------------------------


@pytest.mark.parametrize("finish", sorted(FINISHERS))
def test_an_amendment_is_a_new_draft_pointing_at_the_original_which_stays_as_it_was(
    repo: JudgmentRepository, finish: str
) -> None:
    original = FINISHERS[finish](repo)
    original_revisions = repo.revisions(original.id)

    amendment = repo.amend(original.id)

    assert amendment.id != original.id
    assert amendment.id > original.id
    assert amendment.supersedes_id == original.id
    assert amendment.is_draft
    assert amendment.item_id == original.item_id
    assert (amendment.pack_id, amendment.pack_version, amendment.pack_sha256) == (
        original.pack_id,
        original.pack_version,
        original.pack_sha256,
    )
    assert amendment.answers == original.answers
    assert amendment.display_order == original.display_order
    assert amendment.skip_reason is None
    assert amendment.submitted_at is None
    assert amendment.sync_state == "local"
    assert repo.revisions(amendment.id) == []
    assert repo.draft_for_item(original.item_id) == amendment

    repo.save_draft(amendment.id, {"vote": {"winner": "r2"}}, 50)
    corrected = repo.submit(amendment.id)
    assert corrected.status == "submitted"
    assert corrected.answers == {"vote": {"winner": "r2"}}
    assert corrected.supersedes_id == original.id
    assert repo.get(original.id) == original
    assert repo.revisions(original.id) == original_revisions
    assert repo.draft_for_item(original.item_id) is None


def test_amending_a_draft_is_refused_and_creates_nothing(
    seeded: Store, repo: JudgmentRepository
) -> None:
    draft = _pair_draft(repo)
    repo.save_draft(draft.id, VOTE_R1, 10)
    before = repo.get(draft.id)
    with pytest.raises(JudgmentInvalidError, match="still a draft"):
        repo.amend(draft.id)
    assert repo.get(draft.id) == before
    assert _count(seeded, "judgments") == 1
    assert repo.draft_for_item("pair-1") == before


# -- display order ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(["a", "b"], id="missing"),
        pytest.param([], id="empty"),
        pytest.param(["a", "b", "c", "d"], id="extra"),
        pytest.param(["a", "b", "x"], id="unknown"),
        pytest.param(["a", "a", "b"], id="duplicate-in-place-of-one"),
        pytest.param(["a", "b", "c", "c"], id="duplicate-added"),
        pytest.param(["r1", "r2"], id="another-items-responses"),
    ],
)
def test_a_display_order_that_is_not_a_permutation_of_the_items_responses_is_refused(
    seeded: Store, repo: JudgmentRepository, order: list[str]
) -> None:
    with pytest.raises(JudgmentInvalidError, match="not a permutation of item trio"):
        repo.start_draft("trio", HELPSTEER.id, HELPSTEER.version, order)
    assert _count(seeded, "judgments") == 0
    assert repo.draft_for_item("trio") is None


def test_every_permutation_of_the_items_responses_is_kept_as_the_display_order(
    repo: JudgmentRepository,
) -> None:
    for order in itertools.permutations(ITEMS["trio"]):
        state = repo.start_draft("trio", HELPSTEER.id, HELPSTEER.version, order)
        assert state.display_order == list(order)
        assert repo.get(state.id).display_order == list(order)


# -- unknown ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "pack_id", "version", "message"),
    [
        pytest.param("no-such-item", ARENA.id, ARENA.version, "item no-such-item", id="item"),
        pytest.param("pair-1", "no-such-pack", "1.0.0", "no-such-pack 1.0.0", id="pack"),
        pytest.param("pair-1", ARENA.id, "9.9.9", f"{ARENA.id} 9.9.9", id="pack-version"),
    ],
)
def test_a_draft_for_an_unknown_item_or_pack_version_is_refused(
    seeded: Store,
    repo: JudgmentRepository,
    item: str,
    pack_id: str,
    version: str,
    message: str,
) -> None:
    with pytest.raises(NotFoundError, match=f"{message} is not in the store"):
        repo.start_draft(item, pack_id, version, ["r1", "r2"])
    assert _count(seeded, "judgments") == 0


def test_an_unknown_judgment_id_is_refused_by_every_operation(repo: JudgmentRepository) -> None:
    missing = str(uuid.uuid4())
    attempts = [
        lambda: repo.get(missing),
        lambda: repo.save_draft(missing, {}, 0),
        lambda: repo.submit(missing, VOTE_R1),
        lambda: repo.skip(missing, "a reason"),
        lambda: repo.amend(missing),
    ]
    for attempt in attempts:
        with pytest.raises(NotFoundError, match=f"judgment {missing} is not in the store"):
            attempt()
    assert repo.revisions(missing) == []


# -- the open draft ---------------------------------------------------------------------------


def test_the_draft_is_found_again_after_the_store_is_closed_and_reopened(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"
    partial = _ratings(["a", "c"], 2)
    partial["helpfulness"]["b"] = 0
    with Store.open(profile) as store:
        _seed(store, tmp_path)
        repo = JudgmentRepository(store, validate)
        draft = repo.start_draft("trio", HELPSTEER.id, HELPSTEER.version, ["c", "a", "b"])
        repo.save_draft(draft.id, {}, 1_000)
        saved = repo.save_draft(draft.id, partial, 123_456)
        revisions = repo.revisions(draft.id)

    with Store.open(profile) as store:
        repo = JudgmentRepository(store, validate)
        found = repo.draft_for_item("trio")
        assert found == saved
        assert found is not None
        assert found.answers == partial
        assert found.display_order == ["c", "a", "b"]
        assert found.active_ms == 123_456
        assert repo.revisions(draft.id) == revisions
        assert repo.draft_for_item("pair-1") is None
        done = repo.submit(found.id, _ratings(["a", "b", "c"], 1), 130_000)
        assert done.status == "submitted"
        assert repo.draft_for_item("trio") is None


def test_the_newest_open_draft_of_an_item_is_the_one_found_even_within_one_millisecond(
    repo: JudgmentRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several drafts of one item can be open (amending twice makes two). The clock only has
    # milliseconds, so drafts made within one of them must still be told apart (by their id).
    monkeypatch.setattr("storage.judgments.utc_now", lambda: "2099-01-01T12:00:00.000Z")
    for _ in range(5):
        newest = _pair_draft(repo)
        assert repo.draft_for_item("pair-1") == newest


# -- any sequence of operations ---------------------------------------------------------------

#: Arena answers for a two-response item, and whether the rubric accepts them.
ARENA_ANSWERS: list[tuple[dict[str, Any], bool]] = [
    ({"vote": {"winner": "r1"}}, True),
    ({"vote": {"winner": "r2"}}, True),
    ({"vote": {"winner": "tie"}}, True),
    ({"vote": {"winner": "both_bad"}}, True),
    ({}, False),
    ({"vote": None}, False),
    ({"vote": {"winner": "r3"}}, False),
    ({"vote": {"winner": "tie", "strength": "much"}}, False),
    ({"vote": {"winner": "r1"}, "notes": "x"}, False),
]
REASONS = ["", "  ", "\t", "off topic", " 看不懂 "]


@dataclass
class Expected:
    """What the model says a judgment is."""

    item_id: str
    display_order: list[str]
    supersedes_id: str | None
    answers: dict[str, Any] = field(default_factory=dict)
    valid: bool = False
    status: str = "draft"
    active_ms: int = 0
    skip_reason: str | None = None
    kinds: list[str] = field(default_factory=list)
    frozen: JudgmentState | None = None


class JudgmentLifecycle(RuleBasedStateMachine):
    """Random save/submit/skip/amend/reopen sequences against a model of the rules."""

    judgments = Bundle("judgments")

    def __init__(self) -> None:
        super().__init__()
        self._tmp = tempfile.TemporaryDirectory()
        self.workdir = Path(self._tmp.name)
        self.store = Store.open(self.workdir / "profile")
        _seed(self.store, self.workdir)
        self.repo = JudgmentRepository(self.store, validate)
        self.model: dict[str, Expected] = {}
        self.created: list[str] = []  # ids in the order the drafts were made

    def teardown(self) -> None:
        self.store.close()
        self._tmp.cleanup()

    def _new_draft(self, state: JudgmentState, expected: Expected) -> str:
        assert state.is_draft
        assert state.supersedes_id == expected.supersedes_id
        assert state.answers == expected.answers
        assert state.display_order == expected.display_order
        self.model[state.id] = expected
        self.created.append(state.id)
        return state.id

    @rule(target=judgments, item=st.sampled_from(PAIRS), order=st.permutations(["r1", "r2"]))
    def start(self, item: str, order: list[str]) -> str:
        state = self.repo.start_draft(item, ARENA.id, ARENA.version, order)
        return self._new_draft(state, Expected(item, list(order), None))

    @rule(
        jid=judgments,
        choice=st.sampled_from(ARENA_ANSWERS),
        active_ms=st.integers(0, 10**8),
    )
    def save(self, jid: str, choice: tuple[dict[str, Any], bool], active_ms: int) -> None:
        answers, valid = copy.deepcopy(choice)
        expected = self.model[jid]
        if expected.status != "draft":
            with pytest.raises(JudgmentFrozenError):
                self.repo.save_draft(jid, answers, active_ms)
            return
        state = self.repo.save_draft(jid, answers, active_ms)
        expected.answers, expected.valid, expected.active_ms = answers, valid, active_ms
        expected.kinds.append("draft_saved")
        assert state.answers == answers
        assert state.active_ms == active_ms

    @rule(
        jid=judgments,
        choice=st.none() | st.sampled_from(ARENA_ANSWERS),
        active_ms=st.none() | st.integers(0, 10**8),
    )
    def submit(
        self, jid: str, choice: tuple[dict[str, Any], bool] | None, active_ms: int | None
    ) -> None:
        expected = self.model[jid]
        answers, valid = (
            (expected.answers, expected.valid) if choice is None else copy.deepcopy(choice)
        )

        def call() -> JudgmentState:
            return self.repo.submit(jid, None if choice is None else answers, active_ms)

        if expected.status != "draft":
            with pytest.raises(JudgmentFrozenError):
                call()
            return
        if not valid:
            with pytest.raises(JudgmentInvalidError):
                call()
            return
        state = call()
        expected.status, expected.answers, expected.valid = "submitted", answers, valid
        if active_ms is not None:
            expected.active_ms = active_ms
        expected.kinds.append("submitted")
        expected.frozen = state

    @rule(jid=judgments, reason=st.sampled_from(REASONS), active_ms=st.none() | st.integers(0, 99))
    def skip(self, jid: str, reason: str, active_ms: int | None) -> None:
        expected = self.model[jid]
        if not reason.strip():
            with pytest.raises(JudgmentInvalidError):
                self.repo.skip(jid, reason, active_ms)
            return
        if expected.status != "draft":
            with pytest.raises(JudgmentFrozenError):
                self.repo.skip(jid, reason, active_ms)
            return
        state = self.repo.skip(jid, reason, active_ms)
        expected.status, expected.skip_reason = "skipped", reason
        if active_ms is not None:
            expected.active_ms = active_ms
        expected.kinds.append("skipped")
        expected.frozen = state

    @rule(target=judgments, jid=judgments)
    def amend(self, jid: str) -> Any:
        original = self.model[jid]
        if original.status == "draft":
            with pytest.raises(JudgmentInvalidError):
                self.repo.amend(jid)
            return multiple()
        state = self.repo.amend(jid)
        expected = Expected(
            original.item_id,
            list(original.display_order),
            jid,
            answers=copy.deepcopy(original.answers),
            valid=original.valid,
        )
        return self._new_draft(state, expected)

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store.open(self.workdir / "profile")
        self.repo = JudgmentRepository(self.store, validate)

    @invariant()
    def every_judgment_is_as_the_model_says(self) -> None:
        for jid, expected in self.model.items():
            state = self.repo.get(jid)
            if expected.frozen is not None:
                assert state == expected.frozen  # submitted rows never change
                assert state.payload_sha256 == payload_sha256(state)
            assert state.status == expected.status
            assert state.answers == expected.answers
            assert state.active_ms == expected.active_ms
            assert state.skip_reason == expected.skip_reason
            assert state.display_order == expected.display_order
            assert state.supersedes_id == expected.supersedes_id
            revisions = self.repo.revisions(jid)
            assert [r["kind"] for r in revisions] == expected.kinds
            assert [r["revision"] for r in revisions] == list(range(1, len(expected.kinds) + 1))
            if revisions:
                assert revisions[-1]["answers"] == expected.answers

    @invariant()
    def refused_operations_leave_no_rows_behind(self) -> None:
        assert _count(self.store, "judgments") == len(self.model)
        assert _count(self.store, "judgment_revisions") == sum(
            len(e.kinds) for e in self.model.values()
        )

    @invariant()
    def ids_sort_in_creation_order(self) -> None:
        assert self.created == sorted(self.created)

    @invariant()
    def the_newest_open_draft_is_the_items_draft(self) -> None:
        for item in PAIRS:
            drafts = [j for j in self.created if self.model[j].item_id == item]
            drafts = [j for j in drafts if self.model[j].status == "draft"]
            found = self.repo.draft_for_item(item)
            assert (found.id if found else None) == (drafts[-1] if drafts else None)

    @invariant()
    def the_outbox_holds_finished_judgments_in_finishing_order(self) -> None:
        finished = [e.frozen for e in self.model.values() if e.frozen is not None]
        seqs = sorted(f.client_seq for f in finished if f.client_seq is not None)
        assert len(seqs) == len(finished)
        assert seqs == list(range(1, len(finished) + 1))


JudgmentLifecycle.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_any_sequence_of_judgment_operations_keeps_the_rules = JudgmentLifecycle.TestCase


def test_amending_a_judgment_that_does_not_exist_names_it(repo: JudgmentRepository) -> None:
    with pytest.raises(NotFoundError, match="no-such-judgment"):
        repo.start_draft(
            "pair-1", ARENA.id, ARENA.version, ["r1", "r2"], supersedes_id="no-such-judgment"
        )


def test_an_amendment_must_correct_a_judgment_of_the_same_item(repo: JudgmentRepository) -> None:
    original = _submitted(repo)
    with pytest.raises(JudgmentInvalidError, match="same item"):
        repo.start_draft("pair-2", ARENA.id, ARENA.version, ["r1", "r2"], supersedes_id=original.id)


@pytest.mark.parametrize("bad", [-1, -5000])
def test_negative_active_time_is_refused_and_nothing_changes(
    repo: JudgmentRepository, bad: int
) -> None:
    draft = _pair_draft(repo)
    with pytest.raises(JudgmentInvalidError, match="milliseconds"):
        repo.save_draft(draft.id, VOTE_R1, bad)
    with pytest.raises(JudgmentInvalidError, match="milliseconds"):
        repo.submit(draft.id, VOTE_R1, bad)
    assert repo.get(draft.id) == draft
    assert repo.revisions(draft.id) == []
