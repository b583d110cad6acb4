"""Word diff and word edit distance of a rewrite against its source response."""

from __future__ import annotations

import difflib
import random
import time

from widgets.rubric.word_diff import (
    compare,
    diff_html,
    word_diff,
    word_edit_distance,
    word_tokens,
)


def _dp_distance(a: list[str], b: list[str]) -> int:
    """The textbook Levenshtein DP, as the reference on small inputs."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def test_words_split_on_any_whitespace() -> None:
    assert word_tokens("  the quick\tbrown\n\nfox ") == ["the", "quick", "brown", "fox"]


def test_each_chinese_character_is_its_own_token_and_latin_words_stay_whole() -> None:
    assert word_tokens("我爱Python编程，真的") == [
        "我",
        "爱",
        "Python",
        "编",
        "程",
        "，",
        "真",
        "的",
    ]


def test_emoji_stay_attached_to_their_word_and_zwj_sequences_are_not_split() -> None:
    family = "👨\u200d👩\u200d👧"
    assert word_tokens(f"great👍 {family} ok") == ["great👍", family, "ok"]


def test_identical_texts_have_distance_zero() -> None:
    assert word_edit_distance("same words here", "same  words\nhere") == 0


def test_one_substituted_word_is_distance_one() -> None:
    assert word_edit_distance("the cat sat", "the dog sat") == 1


def test_chinese_insertions_count_per_character() -> None:
    assert word_edit_distance("我们去公园", "我们今天去公园") == 2


def test_an_added_emoji_word_counts_once() -> None:
    assert word_edit_distance("well done", "well done 🎉") == 1


def test_distance_is_a_true_levenshtein_where_difflib_opcodes_overcount() -> None:
    old, new = "yes no yes", "yes yes yes"
    opcodes = difflib.SequenceMatcher(None, old.split(), new.split()).get_opcodes()
    difflib_cost = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    assert difflib_cost == 2
    assert word_edit_distance(old, new) == 1  # one substitution


def test_distance_matches_the_reference_dp_on_random_word_lists() -> None:
    rng = random.Random(7)
    vocab = ["a", "b", "c", "d", "我", "你", "🎉"]
    for _ in range(200):
        a = [rng.choice(vocab) for _ in range(rng.randint(0, 12))]
        b = [rng.choice(vocab) for _ in range(rng.randint(0, 12))]
        assert word_edit_distance(" ".join(a), " ".join(b)) == _dp_distance(a, b)


def test_the_diff_adds_up_to_the_distance_and_rebuilds_the_new_text() -> None:
    rng = random.Random(11)
    vocab = ["alpha", "beta", "gamma", "猫", "狗", "🙂"]
    for _ in range(100):
        old = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 15)))
        new = "\n".join(rng.choice(vocab) for _ in range(rng.randint(0, 15)))
        result = compare(old, new)
        assert result.distance == word_edit_distance(old, new)
        assert "".join(t for op, t in result.ops if op != "delete") == new
        kept = "".join(t for op, t in result.ops if op != "insert")
        assert word_tokens(kept) == word_tokens(old)


def test_a_changed_word_is_one_deletion_then_one_insertion() -> None:
    assert word_diff("the cat sat", "the big dog sat") == [
        ("equal", "the "),
        ("delete", "cat "),
        ("insert", "big dog "),
        ("equal", "sat"),
    ]


def test_the_character_delta_is_the_change_in_length() -> None:
    assert compare("abc", "abcdef").char_delta == 3
    assert compare("你好世界", "你好").char_delta == -2


def test_the_html_escapes_untrusted_text_and_marks_changes_without_colour_alone() -> None:
    markup = diff_html(word_diff("<b>old</b> text", '<script>alert("x")</script> text'))
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "&lt;b&gt;old&lt;/b&gt;" in markup
    assert "line-through" in markup
    assert "underline" in markup


def test_fifty_kilobytes_compare_well_under_the_debounce_interval() -> None:
    rng = random.Random(3)
    vocab = ["".join(rng.choice("abcdefgh") for _ in range(rng.randint(2, 8))) for _ in range(500)]
    words = [rng.choice(vocab) for _ in range(8000)]
    old = " ".join(words)
    edited = list(words)
    for _ in range(500):
        edited[rng.randrange(len(edited))] = rng.choice(vocab)
    new = " ".join(edited)
    assert len(old) >= 40_000
    start = time.perf_counter()
    result = compare(old, new)
    elapsed = time.perf_counter() - start
    assert 0 < result.distance <= 500
    assert elapsed < 0.5, f"{elapsed:.3f}s"


def test_long_unchanged_runs_are_elided_with_a_count_but_changes_keep_their_context() -> None:
    old = " ".join(f"w{i}" for i in range(2000))
    new = old.replace(" w1000 ", " CHANGED ")
    markup = diff_html(word_diff(old, new), context=60, skipped=lambda n: f"[{n} skipped]")
    assert "CHANGED" in markup
    assert "w999 " in markup  # context before the change
    assert "w1001 " in markup  # and after it
    assert "w10 " not in markup
    assert markup.count("skipped]") == 2
    assert len(markup) < 2_000
