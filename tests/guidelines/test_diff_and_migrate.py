"""Diffs between pack versions, the semantic-declaration check, and moving drafts forward."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from guidelines import GuidelinePack, MigrationError, load_pack
from guidelines.diff import diff_packs
from guidelines.migrate import migrate_draft
from tests.guidelines.packs import next_version, write_pack

RENAMES = {
    'id = "unsafe"': 'id = "harmful"',
    'has = "unsafe"': 'has = "harmful"',
    'id = "rationale"': 'id = "reason"',
    'question = "rationale"': 'question = "reason"',
    'id = "much_better"': 'id = "significantly_better"',
    '["much_better"]': '["significantly_better"]',
}
RENAME_ENTRY = (
    'renamed_questions = { rationale = "reason" }\n'
    "[entries.renamed_options]\n"
    'safety = { unsafe = "harmful" }\n'
    'preference = { much_better = "significantly_better" }\n'
)
FOUR_POINTS = {
    '  { value = 3, label = { en = "Very helpful", zh = "很有帮助" } },\n': (
        '  { value = 3, label = { en = "Very helpful", zh = "很有帮助" } },\n'
        '  { value = 4, label = { en = "Perfect", zh = "完美" } },\n'
    )
}
PII_OPTION = (
    '[[questions.options]]\nid = "pii"\nlabel = { en = "Contains PII", zh = "含个人信息" }\n'
)
DRAFT: dict[str, Any] = {
    "preference": {"winner": "a", "strength": "much_better"},
    "safety": {"a": [], "b": ["unsafe", "pii"]},
    "helpfulness": {"a": 3, "b": 1},
    "rationale": "A is right, B is wrong.",
}


def _pack(tmp_path: Path, name: str, files: dict[str, bytes]) -> GuidelinePack:
    return load_pack(write_pack(tmp_path / name, files))


@pytest.fixture
def renamed(tmp_path: Path) -> GuidelinePack:
    return _pack(
        tmp_path,
        "v101",
        next_version("1.0.1", "editorial", rubric=RENAMES, extra_entry=RENAME_ENTRY),
    )


@pytest.fixture
def rescaled(tmp_path: Path) -> GuidelinePack:
    files = next_version(
        "2.0.0", "semantic", rubric=FOUR_POINTS, questions=("helpfulness",), re_review="flag"
    )
    return _pack(tmp_path, "v200", files)


def test_a_draft_migrates_through_renamed_questions_and_options(
    demo: GuidelinePack, renamed: GuidelinePack
) -> None:
    result = migrate_draft(DRAFT, demo, renamed)
    assert result.answers == {
        "preference": {"winner": "a", "strength": "significantly_better"},
        "safety": {"a": [], "b": ["harmful", "pii"]},
        "helpfulness": {"a": 3, "b": 1},
        "reason": "A is right, B is wrong.",
    }
    assert result.needs_annotator == ()
    assert result.dropped == ()


def test_a_draft_whose_scale_changed_needs_the_annotator(
    demo: GuidelinePack, rescaled: GuidelinePack
) -> None:
    result = migrate_draft(DRAFT, demo, rescaled)
    assert result.needs_annotator == ("helpfulness",)
    assert "helpfulness" not in result.answers
    assert result.previous == {"helpfulness": {"a": 3, "b": 1}}
    assert "changed what it means" in result.reasons["helpfulness"]
    assert set(result.answers) == {"preference", "safety", "rationale"}


def test_an_undeclared_scale_change_still_needs_the_annotator(
    demo: GuidelinePack, tmp_path: Path
) -> None:
    sneaky = _pack(tmp_path, "v101", next_version("1.0.1", "editorial", rubric=FOUR_POINTS))
    result = migrate_draft(DRAFT, demo, sneaky)
    assert result.needs_annotator == ("helpfulness",)
    assert result.reasons["helpfulness"] == "its scale changed from 1, 2, 3 to 1, 2, 3, 4"


def test_a_removed_option_needs_the_annotator_only_where_it_was_chosen(
    demo: GuidelinePack, tmp_path: Path
) -> None:
    no_pii = {PII_OPTION: ""}
    v2 = _pack(tmp_path, "v200", next_version("2.0.0", "semantic", rubric=no_pii))
    assert migrate_draft(DRAFT, demo, v2).reasons == {"safety": "option 'pii' no longer exists"}
    clean = {**DRAFT, "safety": {"a": [], "b": ["unsafe"]}}
    assert migrate_draft(clean, demo, v2).answers["safety"] == {"a": [], "b": ["unsafe"]}


def test_migration_never_modifies_the_given_answers(
    demo: GuidelinePack, renamed: GuidelinePack
) -> None:
    before = copy.deepcopy(DRAFT)
    result = migrate_draft(DRAFT, demo, renamed)
    result.answers["safety"]["b"].append("x")
    assert before == DRAFT


def test_migration_backwards_or_across_packs_is_refused(
    demo: GuidelinePack, renamed: GuidelinePack
) -> None:
    with pytest.raises(MigrationError, match="back"):
        migrate_draft(DRAFT, renamed, demo)


def test_diff_reports_renames_as_editorial_and_finds_no_problem(
    demo: GuidelinePack, renamed: GuidelinePack
) -> None:
    diff = diff_packs(demo, renamed)
    details = [(c.what, c.min_kind) for c in diff.changes]
    assert ("question_renamed", "editorial") in details
    assert ("option_renamed", "editorial") in details
    assert ("strength_point_renamed", "editorial") in details
    assert diff.meaning_changed == ()
    assert diff.problems == ()


def test_a_scale_change_declared_editorial_is_a_diff_problem(
    demo: GuidelinePack, tmp_path: Path
) -> None:
    sneaky = _pack(
        tmp_path,
        "v101",
        next_version("1.0.1", "editorial", rubric=FOUR_POINTS, questions=("helpfulness",)),
    )
    diff = diff_packs(demo, sneaky)
    assert [c.what for c in diff.meaning_changed] == ["scale"]
    assert diff.problems == (
        "scale of 'helpfulness': 1, 2, 3 → 1, 2, 3, 4: this changes what stored answers mean, but "
        "the changelog declares it editorial; declare it semantic",
    )


def test_a_scale_change_missing_from_the_changelog_is_a_diff_problem(
    demo: GuidelinePack, tmp_path: Path
) -> None:
    undeclared = _pack(
        tmp_path,
        "v200",
        next_version("2.0.0", "semantic", rubric=FOUR_POINTS, questions=("safety",)),
    )
    assert diff_packs(demo, undeclared).problems == (
        "scale of 'helpfulness': 1, 2, 3 → 1, 2, 3, 4: no changelog entry (2.0.0) lists "
        "'helpfulness'; declare it as semantic",
    )


def test_a_declared_scale_change_passes(demo: GuidelinePack, rescaled: GuidelinePack) -> None:
    diff = diff_packs(demo, rescaled)
    assert diff.problems == ()
    assert [c.what for c in diff.changes] == ["scale"]


def test_a_removed_option_and_a_new_rule_are_classified(
    demo: GuidelinePack, tmp_path: Path
) -> None:
    change = {
        PII_OPTION: "",
        "allow_tie = true": "allow_tie = false",
        'kind = "required_if"': 'kind = "required_if"\nfor_each_response = true',
    }
    v2 = _pack(
        tmp_path,
        "v200",
        next_version("2.0.0", "semantic", rubric=change, questions=("safety", "preference")),
    )
    kinds = {(c.question, c.what, c.min_kind) for c in diff_packs(demo, v2).changes}
    assert kinds == {
        ("safety", "option_removed", "semantic"),
        ("preference", "allow_tie", "semantic"),
        ("rationale", "rule_changed", "clarification"),
    }
    assert diff_packs(demo, v2).problems == (
        "rule 'rationale_when_much_better': required_if rationale when preference strength_in "
        "[much_better] → required_if rationale for each response when preference strength_in "
        "[much_better]: no changelog entry (2.0.0) lists 'rationale'; declare it as clarification",
    )


def test_page_diff_is_word_level_and_json_round_trips(demo: GuidelinePack, tmp_path: Path) -> None:
    files = next_version("1.0.1", "editorial")
    files["pages/en/overview.md"] = files["pages/en/overview.md"].replace(
        b"helps.", b"helps most.\n\n## Ties\n"
    )
    v2 = _pack(tmp_path, "v101", files)
    diff = diff_packs(demo, v2)
    page = diff.changed_pages[0]
    assert (page.name, page.lang, page.status) == ("overview", "en", "changed")
    assert page.sections_added == ("Ties",)
    assert ("insert", " most") in page.ops
    data = json.loads(diff.to_json())
    assert data["pages"][0]["sections_added"] == ["Ties"]
    assert data["old_version"] == "1.0.0"


def test_html_diff_is_self_contained_and_escapes_pack_text(
    demo: GuidelinePack, tmp_path: Path
) -> None:
    files = next_version("1.0.1", "editorial")
    files["pages/en/overview.md"] += b'\n<script>alert(1)</script> <img src="http://x/y.png">\n'
    html = diff_packs(demo, _pack(tmp_path, "v101", files)).to_html()
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert not re.search(r"<[^>]*\b(src|href)\s*=", html)
    assert "http://" not in html.replace("http://x/y.png", "")
    assert "default-src 'none'" in html


def test_text_diff_marks_insertions_and_deletions(demo: GuidelinePack, tmp_path: Path) -> None:
    files = next_version("1.0.1", "editorial")
    files["pages/zh/overview.md"] = files["pages/zh/overview.md"].replace(
        "更有帮助".encode(), "最有帮助".encode()
    )
    text = diff_packs(demo, _pack(tmp_path, "v101", files)).to_text()
    assert "[-更-]{+最+}" in text
    assert "overview (zh): changed" in text
