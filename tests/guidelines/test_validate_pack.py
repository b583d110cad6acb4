"""Every kind of mistake in a pack is reported with its file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidelines import check_pack
from tests.guidelines.packs import demo_files, write_pack


def _problems(
    tmp_path: Path, file: str, old: str, new: str
) -> list[tuple[str, str, str | None, int | None]]:
    files = demo_files()
    text = files[file].decode()
    assert old in text, f"fixture text {old!r} not in {file}"
    files[file] = text.replace(old, new, 1).encode()
    report = check_pack(write_pack(tmp_path / "p", files))
    return [(p.file, p.code, p.key, p.line) for p in report.problems if p.severity == "error"]


def test_the_demo_pack_has_no_problems(demo_dir: Path) -> None:
    report = check_pack(demo_dir)
    assert report.problems == ()
    assert report.pack is not None


CASES = [
    # (file, old text, new text, expected (file, code, key, line))
    (
        "rubric.toml",
        'kind = "text"',
        'kind = "txt"',
        ("rubric.toml", "unknown-kind", "questions[3].kind", 45),
    ),
    (
        "rubric.toml",
        '  { value = 2, label = { en = "Somewhat", zh = "有些帮助" } },\n'
        '  { value = 3, label = { en = "Very helpful", zh = "很有帮助" } },\n',
        "",
        ("rubric.toml", "scale-too-small", "questions[2].points", 37),
    ),
    (
        "rubric.toml",
        '[[questions.strength]]\nid = "better"\nlabel = { en = "Better", zh = "更好" }\n',
        "",
        ("rubric.toml", "scale-too-small", "questions[0].strength", 8),
    ),
    (
        "rubric.toml",
        'question = "rationale"',
        'question = "rationle"',
        ("rubric.toml", "dangling-reference", "rules[0].question", 52),
    ),
    (
        "rubric.toml",
        'strength_in = ["much_better"]',
        'strength_in = ["huge"]',
        ("rubric.toml", "dangling-reference", "rules[0].when", 53),
    ),
    (
        "rubric.toml",
        'has = "unsafe"',
        'has = "unsafe_content"',
        ("rubric.toml", "dangling-reference", "rules[1].when.all[0]", 63),
    ),
    (
        "rubric.toml",
        'label = { en = "Safety flags", zh = "安全标记" }',
        'label = { en = "Safety flags" }',
        ("rubric.toml", "missing-translation", "questions[1].label", 20),
    ),
    (
        "rubric.toml",
        'label = { en = "Why?", zh = "理由" }',
        'label = "Why?"',
        ("rubric.toml", "missing-translation", "questions[3].label", 47),
    ),
    (
        "rubric.toml",
        "allow_tie = true",
        "allow_ties = true",
        ("rubric.toml", "unknown-key", "questions[0].allow_ties", 6),
    ),
    (
        "rubric.toml",
        'applies = "response"',
        'applies = "pair"',
        ("rubric.toml", "bad-applies", "questions[1].applies", 19),
    ),
    (
        "rubric.toml",
        "{ value = 3,",
        "{ value = 2,",
        ("rubric.toml", "bad-scale", "questions[2].points[2].value", 40),
    ),
    (
        "rubric.toml",
        'id = "safety"',
        'id = "preference"',
        ("rubric.toml", "duplicate-id", "questions[1].id", 17),
    ),
    (
        "rubric.toml",
        'winner_in = ["this"]',
        'winner_in = ["both_bad"]',
        ("rubric.toml", "dangling-reference", "rules[1].when.all[1]", 67),
    ),
    (
        "rubric.toml",
        "for_each_response = true\n",
        "",
        ("rubric.toml", "dangling-reference", "rules[1].when.all[1]", 66),
    ),
    (
        "rubric.toml",
        'message = { en = "an unsafe',
        'note = { en = "an unsafe',
        ("rubric.toml", "unknown-key", "rules[1].note", 61),
    ),
    (
        "rubric.toml",
        "min_length = 10",
        "min_length = -1",
        ("rubric.toml", "bad-length", "questions[3].min_length", 46),
    ),
    (
        "rubric.toml",
        "required = true\nallow_tie",
        "required = 1\nallow_tie",
        ("rubric.toml", "wrong-type", "questions[0].required", 5),
    ),
    (
        "rubric.toml",
        '[[questions]]\nid = "safety"',
        '[[questions]\nid = "safety"',
        ("rubric.toml", "toml-syntax", None, 16),
    ),
    (
        "pack.toml",
        'version = "1.0.0"',
        'version = "1.0"',
        ("pack.toml", "bad-version", "version", 3),
    ),
    ("pack.toml", "format = 1", "format = 2", ("pack.toml", "unsupported-format", "format", 1)),
    (
        "pack.toml",
        'languages = ["en", "zh"]',
        'languages = ["en", "zh", "fr"]',
        ("pack.toml", "missing-translation", "title", 4),
    ),
    ("pack.toml", 'project = "demo-project"', "", ("pack.toml", "missing-key", None, None)),
    (
        "changelog.toml",
        'version = "1.0.0"',
        'version = "0.9.0"',
        ("changelog.toml", "missing-entry", "entries", 1),
    ),
    (
        "changelog.toml",
        'kind = "semantic"',
        'kind = "major"',
        ("changelog.toml", "bad-change-kind", "entries[0].kind", 4),
    ),
    (
        "changelog.toml",
        'date = "2024-05-01"',
        'date = "01/05/2024"',
        ("changelog.toml", "bad-date", "entries[0].date", 3),
    ),
    (
        "changelog.toml",
        'summary = { en = "First version.", zh = "第一版。" }',
        'summary = { en = "First version.", zh = "第一版。" }\n'
        'renamed_questions = { pref = "preferences" }',
        ("changelog.toml", "dangling-reference", "entries[0].renamed_questions.pref", 7),
    ),
    (
        "examples/clear-win.toml",
        "helpfulness = { a = 3, b = 1 }",
        "helpfulness = { a = 3, b = 7 }",
        ("examples/clear-win.toml", "example-out-of-scale", "answers.helpfulness.b", 18),
    ),
    (
        "examples/clear-win.toml",
        'strength = "better"',
        'strength = "best"',
        ("examples/clear-win.toml", "example-bad-strength", "answers.preference", 17),
    ),
    (
        "pages/en/overview.md",
        "](../../assets/scale.png)",
        "](../../assets/scales.png)",
        ("pages/en/overview.md", "dangling-image", None, 5),
    ),
    (
        "pages/zh/overview.md",
        "](../../assets/scale.png)",
        "](https://example.com/s.png)",
        ("pages/zh/overview.md", "external-image", None, 5),
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), CASES, ids=[c[3][1] + ":" + str(c[3][2]) for c in CASES]
)
def test_each_mistake_is_reported_with_file_line_and_key(
    tmp_path: Path, file: str, old: str, new: str, expected: tuple[str, str, str | None, int | None]
) -> None:
    assert expected in _problems(tmp_path, file, old, new)


def test_a_missing_page_translation_names_the_expected_file(demo_dir: Path) -> None:
    (demo_dir / "pages" / "zh" / "overview.md").unlink()
    problems = check_pack(demo_dir).problems
    assert [(p.file, p.code, p.key, p.line) for p in problems] == [
        ("pack.toml", "missing-translation", "pages[0]", 8)
    ]
    assert "pages/zh/overview.md" in problems[0].message


def test_a_stray_page_and_a_stray_file_are_reported(demo_dir: Path) -> None:
    (demo_dir / "pages" / "en" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    (demo_dir / "notes.txt").write_text("todo\n", encoding="utf-8")
    codes = {(p.file, p.code) for p in check_pack(demo_dir).problems}
    assert codes == {("pages/en/extra.md", "unlisted-page"), ("notes.txt", "unexpected-file")}


def test_an_unused_asset_is_only_a_warning(demo_dir: Path) -> None:
    (demo_dir / "assets" / "spare.png").write_bytes(b"\x89PNG")
    report = check_pack(demo_dir)
    assert report.pack is not None
    assert [(p.file, p.code, p.severity) for p in report.problems] == [
        ("assets/spare.png", "unused-asset", "warning")
    ]


def test_a_typo_in_a_key_suggests_the_known_name(tmp_path: Path) -> None:
    files = demo_files()
    files["rubric.toml"] = files["rubric.toml"].replace(
        b'id = "better"\nlabel', b'id = "better"\nlable'
    )
    report = check_pack(write_pack(tmp_path / "p", files))
    messages = [p.message for p in report.problems]
    assert any("did you mean 'label'?" in m for m in messages)
    assert any("missing required key 'label'" in m for m in messages)


def test_a_broken_question_does_not_cascade_into_dangling_rule_references(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "rubric.toml", 'label = { en = "Why?", zh = "理由" }', "")
    assert problems == [("rubric.toml", "missing-key", "questions[3]", 43)]


def test_a_semantic_change_with_only_a_patch_bump_is_a_warning(tmp_path: Path) -> None:
    files = demo_files()
    files["pack.toml"] = files["pack.toml"].replace(b'"1.0.0"', b'"1.0.1"')
    files["changelog.toml"] = (
        b'[[entries]]\nversion = "1.0.1"\nkind = "semantic"\nsummary = { en = "x", zh = "x" }\n\n'
        + files["changelog.toml"]
    )
    report = check_pack(write_pack(tmp_path / "p", files))
    assert report.pack is not None
    assert [(p.code, p.key, p.line) for p in report.problems] == [
        ("small-bump", "entries[0].kind", 3)
    ]
