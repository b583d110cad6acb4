"""The documented pack format matches the code."""

from __future__ import annotations

from pathlib import Path

from guidelines.schema import QUESTION_KINDS, reference_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "guideline-pack.md"
BEGIN, END = "<!-- BEGIN KEY REFERENCE -->", "<!-- END KEY REFERENCE -->"


def test_the_key_reference_in_the_doc_is_what_the_code_generates() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert documented == reference_markdown().strip(), (
        "docs/guideline-pack.md is out of date: regenerate the key reference from "
        "guidelines.schema.reference_markdown()"
    )


def test_every_question_kind_has_its_answer_shape_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for kind in QUESTION_KINDS:
        assert f"| `{kind}` |" in text, kind
