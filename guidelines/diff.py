"""``diff_packs``: everything that changed between two versions of a pack, and whether the
changelog declares each change strongly enough."""

from __future__ import annotations

import json
from dataclasses import dataclass

from guidelines.changelog import ChangelogEntry, rank
from guidelines.diff_render import render_html, render_text
from guidelines.diff_rubric import RubricChange, diff_rubrics
from guidelines.diff_text import PageDiff, diff_page
from guidelines.pack import GuidelinePack
from guidelines.renames import compose_renames
from guidelines.version import version_key


@dataclass(frozen=True)
class PackDiff:
    """Page diffs, rubric changes, the changelog entries in between, and declaration problems.

    ``problems`` is empty when every change is declared by a changelog entry of a strong
    enough kind that lists the question; a scale change declared ``editorial`` is one.
    """

    pack_id: str
    old_version: str
    new_version: str
    pages: tuple[PageDiff, ...]
    changes: tuple[RubricChange, ...]
    entries: tuple[ChangelogEntry, ...]
    problems: tuple[str, ...]

    @property
    def changed_pages(self) -> tuple[PageDiff, ...]:
        return tuple(p for p in self.pages if p.status != "unchanged")

    @property
    def meaning_changed(self) -> tuple[RubricChange, ...]:
        """Changes that alter what a stored answer means."""
        return tuple(c for c in self.changes if c.min_kind == "semantic")

    def as_dict(self) -> dict[str, object]:
        return {
            "pack_id": self.pack_id,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "pages": [p.to_json() for p in self.pages],
            "rubric": [c.to_json() for c in self.changes],
            "changelog": [
                {
                    "version": e.version,
                    "kind": e.kind,
                    "questions": list(e.questions),
                    "re_review": e.re_review,
                    "summary": e.summary.to_json(),
                }
                for e in self.entries
            ],
            "problems": list(self.problems),
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_text(self, lang: str | None = None) -> str:
        return render_text(self, lang)

    def to_html(self, lang: str | None = None) -> str:
        """One self-contained, escaped HTML page that loads nothing."""
        return render_html(self, lang)


def diff_packs(old: GuidelinePack, new: GuidelinePack) -> PackDiff:
    problems: list[str] = []
    if old.id != new.id:
        problems.append(f"these are two different packs ({old.id} and {new.id})")
    if version_key(new.version) <= version_key(old.version):
        problems.append(f"{new.version} is not newer than {old.version}")
    entries = new.entries_since(old.version)
    if not entries and old.version != new.version:
        problems.append(f"the changelog of {new.version} has no entry after {old.version}")
    renames = compose_renames(old.rubric, entries)
    changes = tuple(diff_rubrics(old.rubric, new.rubric, renames))
    problems.extend(_declaration_problems(changes, entries, renames.questions))
    pages = []
    names = list(new.manifest.pages) + [
        n for n in old.manifest.pages if n not in new.manifest.pages
    ]
    langs = list(new.languages) + [lang for lang in old.languages if lang not in new.languages]
    for name in names:
        for lang in langs:
            before = next((p for p in old.pages if (p.name, p.lang) == (name, lang)), None)
            after = next((p for p in new.pages if (p.name, p.lang) == (name, lang)), None)
            if before is None and after is None:
                continue
            pages.append(
                diff_page(
                    name,
                    lang,
                    (before.title, before.markdown) if before else None,
                    (after.title, after.markdown) if after else None,
                )
            )
    return PackDiff(
        new.id, old.version, new.version, tuple(pages), changes, entries, tuple(problems)
    )


def _declaration_problems(
    changes: tuple[RubricChange, ...], entries: tuple[ChangelogEntry, ...], renamed: dict[str, str]
) -> list[str]:
    old_ids = {new: old for old, new in renamed.items()}
    out = []
    for change in changes:
        if change.min_kind == "editorial":
            continue
        names = {change.question, old_ids.get(change.question, change.question)}
        declaring = [e for e in entries if names & set(e.questions)]
        declared = max((rank(e.kind) for e in declaring), default=-1)
        if declared >= rank(change.min_kind):
            continue
        versions = ", ".join(e.version for e in entries) or "none"
        if not declaring:
            out.append(
                f"{change.detail}: no changelog entry ({versions}) lists '{change.question}'; "
                f"declare it as {change.min_kind}"
            )
        else:
            kinds = " / ".join(sorted({e.kind for e in declaring}))
            out.append(
                f"{change.detail}: this changes what stored answers mean, but the changelog "
                f"declares it {kinds}; declare it {change.min_kind}"
                if change.min_kind == "semantic"
                else f"{change.detail}: declared {kinds}, needs at least {change.min_kind}"
            )
    return out
