"""The real OpenAssistant rework of 2023-02-15, as two pack versions: validated, signed, diffed."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from guidelines import check_pack, load_pack
from guidelines.diff import diff_packs
from guidelines.keys import TrustedKey
from guidelines.signing import load_verified_pack, sign_pack, write_signature
from tests.guidelines.oasst_history import build_oasst_pack

TASKS = (
    "2. Providing an assistant reply",
    "3. Providing an initial prompt or user reply",
    "4. Classifying an assistant reply",
    "5. Classifying an initial prompt or user reply",
    "6. Ranking assistant replies",
)


def test_each_real_version_builds_a_valid_pack(oasst_guidelines: Path, tmp_path: Path) -> None:
    for key in ("v05", "v06", "v07"):
        report = check_pack(build_oasst_pack(oasst_guidelines, key, tmp_path))
        assert report.problems == (), key


def test_real_versions_are_signed_and_accepted(oasst_guidelines: Path, tmp_path: Path) -> None:
    lead = Ed25519PrivateKey.generate()
    for key in ("v05", "v06"):
        folder = build_oasst_pack(oasst_guidelines, key, tmp_path)
        write_signature(folder, sign_pack(load_pack(folder), lead))
        assert load_verified_pack(folder, [TrustedKey(lead.public_key())]).id == "oasst-guidelines"


def test_the_rework_diff_shows_the_new_per_task_do_and_dont_sections(
    oasst_guidelines: Path, tmp_path: Path
) -> None:
    old = load_pack(build_oasst_pack(oasst_guidelines, "v05", tmp_path))
    new = load_pack(build_oasst_pack(oasst_guidelines, "v06", tmp_path))
    diff = diff_packs(old, new)
    assert diff.problems == ()
    assert diff.changes == ()  # the rubric stayed; the standard changed in the text
    (page,) = diff.changed_pages
    assert (page.old_title, page.new_title) == ("Prompting Guide", "Guidelines")
    for task in TASKS:
        assert f"{task} › Do:" in page.sections_added
        assert f"{task} › Don't:" not in page.sections_added or task.startswith(
            ("4", "5", "6", "2", "3")
        )
    dont = [s for s in page.sections_added if s.endswith("› Don't:")]
    assert dont == [f"{task} › Don't:" for task in TASKS]
    assert "7. Label Explanation › Scales" in page.sections_added
    assert "4. While comparing multiple replies of the assistant:" in page.sections_removed
    assert "1. General rules" not in page.sections_removed + page.sections_added
    inserted = " ".join(text for op, text in page.ops if op == "insert")
    assert "Rank replies based on how long and short they are" in inserted
    deleted = " ".join(text for op, text in page.ops if op == "delete")
    assert "explanatory" in deleted  # v05 preferred longer answers; v06 drops that
    assert "Longer" in deleted
    assert page.words_added > 900
    assert [(e.version, e.kind, e.re_review) for e in diff.entries] == [
        ("2.0.0", "semantic", "flag")
    ]
    text = diff.to_text()
    assert "+ 6. Ranking assistant replies › Don't:" in text
    assert "<ins>6. Ranking assistant replies › Do:</ins>" in diff.to_html()


def test_the_survey_link_is_an_editorial_change(oasst_guidelines: Path, tmp_path: Path) -> None:
    old = load_pack(build_oasst_pack(oasst_guidelines, "v06", tmp_path))
    new = load_pack(build_oasst_pack(oasst_guidelines, "v07", tmp_path))
    diff = diff_packs(old, new)
    assert diff.problems == ()
    (page,) = diff.changed_pages
    assert page.sections_added == page.sections_removed == ()
    assert any("survey" in text for op, text in page.ops if op == "insert")
