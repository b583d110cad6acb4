"""Guideline packs built from the real OpenAssistant guideline history, read in place.

Each version's page is the upstream document byte for byte; the rubric is OpenAssistant's
ranking task with its label set, with label names and definitions read from the upstream
UI strings. Nothing from the shared data folder is copied into the repository: the packs
are written to a temporary folder by the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from guidelines.tomlwrite import toml_document, toml_string

LABELS = (
    "spam",
    "fails_task",
    "lang_mismatch",
    "pii",
    "not_appropriate",
    "hate_speech",
    "sexual_content",
    "moral_judgement",
    "political_content",
)

#: (upstream file prefix, pack version, date, change kind, summary)
VERSIONS = {
    "v05": ("v05_2023-02-01", "1.0.0", "2023-02-01", "semantic", "Prompting guide as of #1050."),
    "v06": (
        "v06_2023-02-15",
        "2.0.0",
        "2023-02-15",
        "semantic",
        "Reworked into per-task Do/Don't lists (#1362); ranking now penalises missing caveats "
        "and no longer favours longer replies.",
    ),
    "v07": (
        "v07_2023-02-17",
        "2.0.1",
        "2023-02-17",
        "editorial",
        "Link to the feedback survey (#1660).",
    ),
}


def _rubric(labelling: dict[str, str]) -> str:
    def definition(key: str) -> str:
        for suffix in (".explanation", ".one_desc", ".one_desc.line_1", ".question"):
            if key + suffix in labelling:
                return labelling[key + suffix]
        return labelling[key]

    options = "".join(
        f"\n[[questions.options]]\nid = {toml_string(key)}\nlabel = {toml_string(labelling[key])}\n"
        f"help = {toml_string(definition(key))}\n"
        for key in LABELS
    )
    return (
        '[[questions]]\nid = "ranking"\nkind = "ranking"\n'
        'label = "Rank the assistant replies, best first"\n\n'
        '[[questions]]\nid = "rank_issue"\nkind = "flags"\napplies = "item"\n'
        'label = "Problems with the task"\n\n'
        '[[questions.options]]\nid = "not_rankable"\nlabel = "The replies cannot be ranked"\n\n'
        '[[questions]]\nid = "labels"\nkind = "flags"\napplies = "response"\n'
        'label = "Labels that apply to the reply"\n'
        + options
        + '\n[[rules]]\nid = "rank_unless_not_rankable"\nkind = "required_if"\n'
        'question = "ranking"\nwhen = { not = { question = "rank_issue", has = "not_rankable" } }\n'
    )


def build_oasst_pack(shared: Path, key: str, root: Path) -> Path:
    """Write the pack for upstream version ``key`` (v05, v06, v07) under ``root``."""
    prefix, version, _, _, _ = VERSIONS[key]
    source = next((shared / "versions").glob(prefix + "_*.md"))
    labelling = json.loads((shared / "ui-locales" / "en" / "labelling.json").read_text("utf-8"))
    folder = root / f"oasst-{version}"
    (folder / "pages" / "en").mkdir(parents=True)
    (folder / "pages" / "en" / "guidelines.md").write_bytes(source.read_bytes())
    (folder / "pack.toml").write_text(
        toml_document(
            {
                "format": 1,
                "id": "oasst-guidelines",
                "version": version,
                "title": "OpenAssistant guidelines",
                "languages": ["en"],
                "min_app_version": "0.1.0",
                "project": "oasst-replay",
                "pages": ["guidelines"],
            }
        ),
        encoding="utf-8",
    )
    (folder / "rubric.toml").write_text(_rubric(labelling), encoding="utf-8")
    entries = []
    for prefix_, ver, date, kind, summary in VERSIONS.values():
        if tuple(map(int, ver.split("."))) > tuple(map(int, version.split("."))):
            continue
        del prefix_
        touched = '["ranking"]' if ver == "2.0.0" else "[]"
        entries.append(
            f'[[entries]]\nversion = "{ver}"\ndate = "{date}"\nkind = "{kind}"\n'
            f"questions = {touched}\n"
            f're_review = "{"flag" if kind == "semantic" and ver != "1.0.0" else "none"}"\n'
            f"summary = {toml_string(summary)}\n"
        )
    (folder / "changelog.toml").write_text("\n".join(reversed(entries)), encoding="utf-8")
    (folder / "LICENSE").write_bytes((shared / "LICENSE").read_bytes())
    return folder
