"""changelog.toml: what each version changed, and what happens to older judgments."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from guidelines.localtext import LocalText
from guidelines.reader import TableReader, TomlSource
from guidelines.rubric import Rubric, option_ids
from guidelines.rubric_parse import ID_RE
from guidelines.schema import CHANGELOG, CHANGELOG_ENTRY
from guidelines.version import bump_kind, is_semver, version_key

ChangeKind = Literal["editorial", "clarification", "semantic"]
ReReview = Literal["none", "flag", "send_back"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("editorial", "clarification", "semantic")
RE_REVIEW: tuple[ReReview, ...] = ("none", "flag", "send_back")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: Which version bump each kind of change calls for (0.x packs may use minor for semantic).
_EXPECTED_BUMP = {"semantic": "major", "clarification": "minor", "editorial": "patch"}


@dataclass(frozen=True)
class ChangelogEntry:
    """One published version's change.

    ``renamed_questions`` maps the previous version's question ids to this version's;
    ``renamed_options`` maps, per question (by its id in this version), old option or
    strength-point ids to new ones. ``re_review`` says what happens to judgments made under
    the previous version: nothing, a flag for review, or sending them back to the annotator.
    """

    version: str
    kind: ChangeKind
    summary: LocalText
    questions: tuple[str, ...] = ()
    date: str | None = None
    re_review: ReReview = "none"
    renamed_questions: Mapping[str, str] = field(default_factory=dict)
    renamed_options: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def rank(kind: str) -> int:
    return CHANGE_KINDS.index(kind) if kind in CHANGE_KINDS else -1


def parse_changelog(
    src: TomlSource, langs: tuple[str, ...], version: str | None, rubric: Rubric | None
) -> tuple[ChangelogEntry, ...]:
    """Entries newest first; checks the current version has an entry and the maps resolve."""
    if src.data is None:
        return ()
    top = TableReader(src, (), src.data, CHANGELOG, langs)
    entries: list[tuple[tuple[str | int, ...], ChangelogEntry]] = []
    seen: set[str] = set()
    for path, data in top.tables("entries"):
        r = top.child(path, data, CHANGELOG_ENTRY)
        entry = _entry(r)
        r.finish()
        if entry is None:
            continue
        if entry.version in seen:
            r.problem("version", "duplicate-version", f"version {entry.version} has two entries")
            continue
        seen.add(entry.version)
        entries.append((path, entry))
    top.finish()
    entries.sort(key=lambda pe: version_key(pe[1].version), reverse=True)
    if version is not None and is_semver(version):
        newer = [e for _, e in entries if version_key(e.version) > version_key(version)]
        for entry in newer:
            src.problem(
                ("entries",),
                "future-entry",
                f"entry {entry.version} is newer than the pack version {version}",
            )
        if version not in seen and src.data is not None:
            src.problem(
                ("entries",),
                "missing-entry",
                f"no entry for the pack's own version {version}: say what it changed",
            )
    for (path, entry), (_, older) in itertools.pairwise(entries):
        expected = _EXPECTED_BUMP[entry.kind]
        actual = bump_kind(older.version, entry.version)
        if version_key(entry.version)[0] == 0 and expected == "major":
            expected = "minor"
        order = ("patch", "minor", "major")
        if order.index(actual) < order.index(expected):
            src.problem(
                (*path, "kind"),
                "small-bump",
                f"a {entry.kind} change from {older.version} to {entry.version} is only a "
                f"{actual} bump; semantic versioning calls for a {expected} bump",
                "warning",
            )
    if entries and rubric is not None and entries[0][1].version == version:
        _check_maps(src, entries[0][0], entries[0][1], rubric)
    return tuple(e for _, e in entries)


def _entry(r: TableReader) -> ChangelogEntry | None:
    version = r.string("version")
    if version is not None and not is_semver(version):
        r.problem(
            "version", "bad-version", f"'{version}' is not a semantic version MAJOR.MINOR.PATCH"
        )
        version = None
    date = r.string("date")
    if date is not None and not DATE_RE.match(date):
        r.problem("date", "bad-date", f"date '{date}' must be written YYYY-MM-DD")
    kind = r.string("kind")
    if kind is not None and kind not in CHANGE_KINDS:
        r.problem(
            "kind", "bad-change-kind", f"kind '{kind}' must be one of {', '.join(CHANGE_KINDS)}"
        )
    re_review = r.string("re_review")
    if re_review is not None and re_review not in RE_REVIEW:
        r.problem(
            "re_review",
            "bad-re-review",
            f"re_review '{re_review}' must be one of {', '.join(RE_REVIEW)}",
        )
    summary = r.text("summary")
    questions = r.strings("questions")
    renamed_q = _string_map(r, "renamed_questions")
    renamed_o: dict[str, dict[str, str]] = {}
    raw_options = r.table("renamed_options")
    for qid, mapping in (raw_options or {}).items():
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            r.problem(
                "renamed_options",
                "wrong-type",
                f'renamed_options.{qid} must be a table of old = "new"',
            )
            continue
        renamed_o[qid] = dict(mapping)
    for old, new in renamed_q.items():
        if not ID_RE.match(old) or not ID_RE.match(new):
            r.problem(
                "renamed_questions", "bad-id", f"'{old}' → '{new}' is not a pair of question ids"
            )
    if r.failed or version is None or summary is None or kind not in CHANGE_KINDS:
        return None
    return ChangelogEntry(
        version=version,
        kind=CHANGE_KINDS[CHANGE_KINDS.index(kind)],
        summary=summary,
        questions=questions,
        date=date,
        re_review=RE_REVIEW[RE_REVIEW.index(re_review)] if re_review in RE_REVIEW else "none",
        renamed_questions=renamed_q,
        renamed_options=renamed_o,
    )


def _string_map(r: TableReader, key: str) -> dict[str, str]:
    raw = r.table(key)
    if raw is None:
        return {}
    if not all(isinstance(v, str) for v in raw.values()):
        r.problem(key, "wrong-type", f"'{key}' must be a table of old = \"new\"")
        return {}
    return {str(k): str(v) for k, v in raw.items()}


def _check_maps(
    src: TomlSource, path: tuple[str | int, ...], entry: ChangelogEntry, rubric: Rubric
) -> None:
    """The newest entry's maps must land on questions and options this rubric has."""
    for old, new in entry.renamed_questions.items():
        if rubric.question(new) is None:
            src.problem(
                (*path, "renamed_questions", old),
                "dangling-reference",
                f"'{old}' is renamed to '{new}', but the rubric has no question '{new}'",
            )
    for qid, mapping in entry.renamed_options.items():
        question = rubric.question(qid)
        known = option_ids(question) if question is not None else None
        if known is None:
            src.problem(
                (*path, "renamed_options", qid),
                "dangling-reference",
                f"renamed_options names '{qid}', which is not a question with options here",
            )
            continue
        for old, new in mapping.items():
            if new not in known:
                src.problem(
                    (*path, "renamed_options", qid, old),
                    "dangling-reference",
                    f"option '{old}' of '{qid}' is renamed to '{new}', which '{qid}' does not have",
                )
