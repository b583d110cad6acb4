from __future__ import annotations

from server.qc.consistency import (
    ConsistencySettings,
    Finding,
    ItemText,
    check_annotator,
    check_judgment,
)
from tests.server.qc.helpers import RUBRIC, judgment

ITEM = ItemText(
    prompt="Explain recursion.",
    responses={
        "a": "Recursion is when a function calls itself on a smaller input until a base case.",
        "b": "It is a loop.",
        "c": "Recursion means defining something in terms of itself, like factorial(n).",
    },
)


def _rules(findings: list[Finding]) -> list[str]:
    return sorted(f.rule for f in findings)


def test_a_consistent_judgment_has_no_findings() -> None:
    j = judgment(
        "i1",
        "ann",
        {
            "rank": [["a"], ["c"], ["b"]],
            "helpful": {"a": 6, "b": 2, "c": 6},  # equal ratings never contradict
            "issues": {"a": [], "b": ["off_topic"], "c": []},
            "fix": {"source": "b", "text": "Recursion is a function calling itself."},
        },
    )
    assert check_judgment(j, RUBRIC, ITEM) == []


def test_a_response_ranked_above_a_better_rated_one_contradicts_the_rating() -> None:
    j = judgment("i1", "ann", {"rank": [["b"], ["a", "c"]], "helpful": {"a": 6, "b": 3, "c": 3}})
    findings = check_judgment(j, RUBRIC, ITEM)
    assert _rules(findings) == ["ranking_contradicts_rating"]
    assert findings[0].question_ids == ("rank", "helpful")
    assert findings[0].response_ids == ("b", "a")
    assert "ranked above a" in findings[0].message


def test_a_response_flagged_unsafe_cannot_be_ranked_first() -> None:
    answers = {"rank": [["c"], ["a"], ["b"]], "issues": {"c": ["self_harm"], "a": [], "b": []}}
    findings = check_judgment(judgment("i1", "ann", answers), RUBRIC, ITEM)
    assert _rules(findings) == ["unsafe_ranked_first"]
    assert findings[0].question_ids == ("rank", "issues")
    custom = ConsistencySettings(unsafe_markers=("off_topic",))
    assert check_judgment(judgment("i1", "ann", answers), RUBRIC, ITEM, custom) == []


def test_a_rewrite_equal_to_its_original_or_copied_from_another_response_is_found() -> None:
    same = {"fix": {"source": "a", "text": ITEM.responses["a"] + " "}}
    assert _rules(check_judgment(judgment("i1", "ann", same), RUBRIC, ITEM)) == [
        "rewrite_identical_to_original"
    ]
    near = ITEM.responses["c"].replace("factorial(n)", "factorial(n) ")
    copied = {"fix": {"source": "b", "text": near}}
    findings = check_judgment(judgment("i1", "ann", copied), RUBRIC, ITEM)
    assert _rules(findings) == ["rewrite_copied_from_response"]
    assert findings[0].response_ids == ("c",)


def test_the_same_rationale_on_two_items_is_a_copy_on_both() -> None:
    text = "Response A is more accurate and complete."
    js = [
        judgment("i1", "ann", {"why": text}),
        judgment("i2", "ann", {"why": "  response a is MORE accurate, and complete! "}),
        judgment("i3", "bob", {"why": text}),  # another annotator: not a copy of hers
        judgment("i4", "ann", {"why": "ok"}),
        judgment("i5", "ann", {"why": "ok"}),  # too short to count
    ]
    findings = check_annotator(js, RUBRIC, {f"i{i}": ITEM for i in range(1, 6)})
    assert sorted((f.rule, f.item_id) for f in findings) == [
        ("text_copied_across_items", "i1"),
        ("text_copied_across_items", "i2"),
    ]
    one = check_judgment(js[0], RUBRIC, ITEM, others=js[1:])
    assert _rules(one) == ["text_copied_across_items"]
    assert "i2" in one[0].message


def test_active_time_below_the_reading_floor_is_too_fast() -> None:
    floor_ms = ITEM.chars / 25 * 1000
    fast = judgment("i1", "ann", {"topic": "code"}, active_ms=int(floor_ms) - 1)
    slow = judgment("i1", "ann", {"topic": "code"}, active_ms=int(floor_ms) + 1)
    assert _rules(check_judgment(fast, RUBRIC, ITEM)) == ["too_fast"]
    assert check_judgment(slow, RUBRIC, ITEM) == []
    quick_reader = ConsistencySettings(chars_per_second=1000)
    assert check_judgment(fast, RUBRIC, ITEM, quick_reader) == []


def test_skipped_judgments_are_not_checked() -> None:
    j = judgment("i1", "ann", {}, active_ms=0, status="skipped")
    assert check_judgment(j, RUBRIC, ITEM) == []
    assert check_annotator([j], RUBRIC, {"i1": ITEM}) == []
