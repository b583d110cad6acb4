"""A guideline pack: loading from a folder, a .zip or canonical bytes, and checking it whole.

All three ways in share one path: files → canonical bytes → parsed pack, so the sha256 of a
pack is the same however it arrived, and a pack rebuilt from the store's blob is identical.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from guidelines import canonical
from guidelines.changelog import ChangelogEntry, parse_changelog
from guidelines.errors import PackError, PackInvalidError, PackProblem
from guidelines.examples import EXAMPLE_PATH_RE, Example, parse_example
from guidelines.localtext import LocalText
from guidelines.manifest import Manifest, parse_manifest
from guidelines.pages import Page, collect_pages
from guidelines.reader import Problems, TomlSource
from guidelines.rubric import Rubric
from guidelines.rubric_parse import parse_rubric
from guidelines.version import version_key

#: Top-level files allowed besides the pack structure (attribution travels with the text).
EXTRA_FILES = ("README.md", "LICENSE", "NOTICE")
_KNOWN = re.compile(r"^(pack\.toml|rubric\.toml|changelog\.toml|pages/.+|assets/.+|examples/.+)$")


@dataclass(frozen=True)
class GuidelinePack:
    """One published version of a pack. Immutable; ``sha256`` is over ``canonical_bytes()``."""

    manifest: Manifest
    rubric: Rubric
    pages: tuple[Page, ...]
    changelog: tuple[ChangelogEntry, ...]
    examples: tuple[Example, ...]
    files: Mapping[str, bytes] = field(repr=False)
    sha256: str
    warnings: tuple[PackProblem, ...] = ()

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def title(self) -> LocalText:
        return self.manifest.title

    @property
    def languages(self) -> tuple[str, ...]:
        return self.manifest.languages

    @property
    def assets(self) -> dict[str, bytes]:
        return {p: d for p, d in self.files.items() if p.startswith("assets/")}

    def canonical_bytes(self) -> bytes:
        return canonical.encode(self.files)

    def page(self, name: str, lang: str | None = None) -> Page | None:
        """A page in ``lang``, falling back to the default language."""
        for wanted in (lang, self.languages[0]):
            for page in self.pages:
                if page.name == name and page.lang == wanted:
                    return page
        return None

    def entries_since(self, version: str) -> tuple[ChangelogEntry, ...]:
        """Changelog entries after ``version`` up to this pack's, oldest first."""
        low, high = version_key(version), version_key(self.version)
        chosen = [e for e in self.changelog if low < version_key(e.version) <= high]
        return tuple(sorted(chosen, key=lambda e: version_key(e.version)))

    def is_usable_by(self, app_version: str) -> bool:
        return version_key(app_version) >= version_key(self.manifest.min_app_version)


@dataclass(frozen=True)
class PackReport:
    """Everything ``check_files`` found: the pack (None when it has errors) and all problems."""

    pack: GuidelinePack | None
    problems: tuple[PackProblem, ...]

    @property
    def errors(self) -> tuple[PackProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def check_files(files: Mapping[str, bytes]) -> PackReport:
    """Parse and check normalised files; never raises for mistakes in the content."""
    problems = Problems()
    sources: dict[str, TomlSource] = {}

    def source(path: str) -> TomlSource | None:
        if path not in files:
            return None
        if path not in sources:
            sources[path] = TomlSource(path, files[path].decode("utf-8"), problems)
        return sources[path]

    for path in sorted(files):
        if not (_KNOWN.match(path) or path in EXTRA_FILES):
            problems.add(PackProblem(path, "unexpected-file", "this file has no place in a pack"))
    manifest_src = source("pack.toml")
    if manifest_src is None:
        problems.add(PackProblem("pack.toml", "no-manifest", "no pack.toml at the top of the pack"))
        return PackReport(None, tuple(problems.items))
    manifest = parse_manifest(manifest_src)
    langs = manifest.languages if manifest else ("en",)
    rubric = None
    rubric_src = source("rubric.toml")
    if rubric_src is None:
        problems.add(PackProblem("rubric.toml", "missing-file", "the pack has no rubric.toml"))
    else:
        before = len(problems.errors)
        rubric = parse_rubric(rubric_src, langs)
        if len(problems.errors) > before:
            rubric = None  # checking examples against a broken rubric only adds noise
    changelog: tuple[ChangelogEntry, ...] = ()
    changelog_src = source("changelog.toml")
    if changelog_src is None:
        problems.add(
            PackProblem("changelog.toml", "missing-file", "the pack has no changelog.toml")
        )
    else:
        changelog = parse_changelog(
            changelog_src, langs, manifest.version if manifest else None, rubric
        )
    pages = collect_pages(files, manifest, manifest_src, problems) if manifest else ()
    examples: list[Example] = []
    for path in sorted(files):
        if not path.startswith("examples/"):
            continue
        match = EXAMPLE_PATH_RE.match(path)
        src = source(path)
        if match is None or src is None:
            problems.add(PackProblem(path, "bad-example-name", "examples are examples/<name>.toml"))
            continue
        example = parse_example(src, match.group(1), langs, rubric)
        if example is not None:
            examples.append(example)
    all_problems = tuple(problems.items)
    if problems.errors or manifest is None or rubric is None:
        return PackReport(None, all_problems)
    pack = GuidelinePack(
        manifest=manifest,
        rubric=rubric,
        pages=pages,
        changelog=changelog,
        examples=tuple(examples),
        files=dict(files),
        sha256=canonical.sha256_hex(canonical.encode(files)),
        warnings=all_problems,
    )
    return PackReport(pack, all_problems)


def check_pack(path: Path) -> PackReport:
    """Like ``load_pack`` but returns every problem instead of raising (for ``validate``)."""
    try:
        files, _ = canonical.read_files(path)
    except PackError as exc:
        problem = getattr(exc, "problem", None)
        if isinstance(problem, PackProblem):
            return PackReport(None, (problem,))
        raise
    return check_files(files)


def _loaded(report: PackReport) -> GuidelinePack:
    if report.pack is None:
        raise PackInvalidError(report.problems)
    return report.pack


def load_pack(path: Path) -> GuidelinePack:
    """The pack in a folder or .zip; raises ``PackFormatError`` or ``PackInvalidError``."""
    files, _ = canonical.read_files(path)
    return _loaded(check_files(files))


def pack_from_canonical(data: bytes) -> GuidelinePack:
    """The pack whose ``canonical_bytes()`` are ``data`` (as kept by the local store)."""
    return _loaded(check_files(canonical.decode(data)))
