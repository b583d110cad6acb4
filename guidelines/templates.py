"""The packs that ship with the app: one per landmark annotation schema."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

#: name → one-line description, as `prefdesk-pack init --list` shows them.
TEMPLATES: dict[str, str] = {
    "instructgpt": "InstructGPT style: overall 1–7, metadata flags, ranking of K outputs with ties",
    "llama2": "Llama 2: A/B with four strength levels plus three safety bins",
    "helpsteer2": "HelpSteer2: five attributes rated 0–4 per response",
    "ultrafeedback": "UltraFeedback: four aspects rated 1–5, each with a rationale",
    "arena": "Chatbot Arena: A, B, tie or both bad",
    "oasst-ranking": "OpenAssistant: ranking, not-rankable and the label set",
}


def copy_template(name: str, target: Path) -> None:
    """Copy template ``name`` into the new folder ``target``."""
    if name not in TEMPLATES:
        raise KeyError(f"no template '{name}'; templates: {', '.join(TEMPLATES)}")
    with as_file(files("guidelines") / "templates" / name) as source:
        shutil.copytree(Path(source), target)


def template_path(name: str) -> Path:
    """Where a shipped template lives on disk (package data)."""
    with as_file(files("guidelines") / "templates" / name) as source:
        return Path(source)
