"""pack.toml: who the pack is, which version, in which languages, for which project."""

from __future__ import annotations

import re
from dataclasses import dataclass

from guidelines.localtext import LocalText
from guidelines.reader import TableReader, TomlSource
from guidelines.schema import MANIFEST
from guidelines.version import is_semver

FORMAT = 1
PACK_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
PAGE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Manifest:
    """The identity of one pack version."""

    id: str
    version: str
    title: LocalText
    languages: tuple[str, ...]
    min_app_version: str
    project: str
    pages: tuple[str, ...]
    description: LocalText | None = None


def parse_manifest(src: TomlSource) -> Manifest | None:
    if src.data is None:
        return None
    # Languages first: every text in the pack is checked against them.
    probe = TableReader(src, (), src.data, MANIFEST, ())
    languages = probe.strings("languages")
    for index, lang in enumerate(languages):
        if not LANG_RE.match(lang):
            src.problem(
                ("languages", index),
                "bad-language",
                f"'{lang}' is not a language code such as en or zh",
            )
    if len(set(languages)) != len(languages):
        src.problem(("languages",), "duplicate-language", "a language is listed twice")
    if not languages and "languages" in src.data:
        src.problem(("languages",), "missing-key", "list at least one language")
    r = TableReader(src, (), src.data, MANIFEST, languages)
    fmt = r.integer("format")
    if fmt is not None and fmt != FORMAT:
        r.problem(
            "format",
            "unsupported-format",
            f"pack format {fmt} is not supported; this app reads format {FORMAT}",
        )
    pack_id = r.string("id")
    if pack_id is not None and not PACK_ID_RE.match(pack_id):
        r.problem("id", "bad-id", f"pack id '{pack_id}' may only hold a-z, 0-9, '.', '_' and '-'")
    version = r.string("version")
    min_app = r.string("min_app_version")
    for key, value in (("version", version), ("min_app_version", min_app)):
        if value is not None and not is_semver(value):
            r.problem(key, "bad-version", f"'{value}' is not a semantic version MAJOR.MINOR.PATCH")
    title = r.text("title")
    description = r.text("description")
    project = r.string("project")
    if project is not None and not PACK_ID_RE.match(project):
        r.problem(
            "project", "bad-id", f"project id '{project}' may only hold a-z, 0-9, '.', '_' and '-'"
        )
    pages = r.strings("pages")
    for index, page in enumerate(pages):
        if not PAGE_RE.match(page):
            src.problem(
                ("pages", index),
                "bad-page-name",
                f"page name '{page}' may only hold a-z, 0-9, '_' and '-'",
            )
    if len(set(pages)) != len(pages):
        r.problem("pages", "duplicate-page", "a page is listed twice")
    r.finish()
    if (
        r.failed
        or not languages
        or pack_id is None
        or version is None
        or title is None
        or min_app is None
        or project is None
    ):
        return None
    return Manifest(pack_id, version, title, languages, min_app, project, pages, description)
