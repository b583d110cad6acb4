"""Guideline pages: ``pages/<lang>/<name>.md``, one per listed page and language, and images."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from guidelines.canonical import IMAGE_SUFFIXES
from guidelines.errors import PackProblem
from guidelines.manifest import Manifest
from guidelines.reader import Problems, TomlSource

_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


@dataclass(frozen=True)
class Page:
    """One guideline page in one language. ``title`` is its first ``# `` heading."""

    name: str
    lang: str
    path: str
    markdown: str

    @property
    def title(self) -> str:
        for line in self.markdown.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.name


def page_path(lang: str, name: str) -> str:
    return f"pages/{lang}/{name}.md"


def collect_pages(
    files: Mapping[str, bytes], manifest: Manifest, manifest_src: TomlSource, problems: Problems
) -> tuple[Page, ...]:
    """Pages in manifest order, language by language; reports missing and stray pages."""
    pages: list[Page] = []
    for index, name in enumerate(manifest.pages):
        for lang in manifest.languages:
            path = page_path(lang, name)
            if path not in files:
                manifest_src.problem(
                    ("pages", index),
                    "missing-translation",
                    f"page '{name}' has no '{lang}' version: expected {path}",
                )
                continue
            text = files[path].decode("utf-8")
            pages.append(Page(name, lang, path, text))
            _check_images(path, text, files, problems)
    expected = {page_path(lang, name) for name in manifest.pages for lang in manifest.languages}
    for path in sorted(files):
        if path.startswith("pages/") and path not in expected:
            problems.add(
                PackProblem(
                    path,
                    "unlisted-page",
                    "this file is not a listed page: pages are pages/<language>/<name>.md with "
                    "<name> in pack.toml pages and <language> in pack.toml languages",
                )
            )
    used = {ref for page in pages for ref in image_refs(page.path, page.markdown)}
    for path in sorted(files):
        if path.startswith("assets/") and path not in used:
            problems.add(
                PackProblem(path, "unused-asset", "no page shows this file", severity="warning")
            )
    return tuple(pages)


def image_refs(page: str, markdown: str) -> list[str]:
    """Pack paths of the local images a page shows."""
    out = []
    for match in _IMAGE.finditer(markdown):
        target = match.group(1)
        if not _SCHEME.match(target):
            out.append(posixpath.normpath(posixpath.join(posixpath.dirname(page), target)))
    return out


def _check_images(path: str, text: str, files: Mapping[str, bytes], problems: Problems) -> None:
    for lineno, line in enumerate(text.splitlines(), start=1):
        for match in _IMAGE.finditer(line):
            target = match.group(1)
            if _SCHEME.match(target):
                problems.add(
                    PackProblem(
                        path,
                        "external-image",
                        f"image '{target}' is outside the pack; annotators work offline, so put "
                        "it under assets/ and link it relatively",
                        lineno,
                    )
                )
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if not resolved.startswith("assets/") or not resolved.lower().endswith(IMAGE_SUFFIXES):
                problems.add(
                    PackProblem(
                        path,
                        "bad-image",
                        f"image '{target}' must be an image file under assets/",
                        lineno,
                    )
                )
            elif resolved not in files:
                problems.add(
                    PackProblem(
                        path,
                        "dangling-image",
                        f"image '{target}' ({resolved}) is not in the pack",
                        lineno,
                    )
                )
