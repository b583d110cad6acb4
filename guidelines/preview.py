"""``prefdesk-pack preview``: the whole pack as static HTML, one self-contained file per language.

Images are embedded as data URIs and a Content-Security-Policy forbids every other load,
so the preview opens offline exactly as annotators will see the text.
"""

from __future__ import annotations

import base64
import json
import posixpath
from html import escape
from pathlib import Path

from guidelines.markdown_html import ImageResolver, render
from guidelines.pack import GuidelinePack
from guidelines.rubric import ChoiceQuestion, FlagsQuestion, PairwiseQuestion, RatingQuestion
from guidelines.rules import describe

_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:56em;padding:0 1em;color:#1b1b1b}
nav a{margin-right:1em}section{border-top:1px solid #ccc;margin-top:2em}
.q{border:1px solid #ddd;border-radius:.4em;padding:.6em 1em;margin:.8em 0}
.meta{color:#555;font-size:.9em}pre{white-space:pre-wrap;background:#f6f6f6;padding:.6em}
img{max-width:100%}
"""


def render_preview(pack: GuidelinePack, output: Path) -> list[Path]:
    """Write ``index.html`` (default language) and ``index.<lang>.html``; return the files."""
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in pack.languages:
        html = _document(pack, lang)
        for name in (
            [f"index.{lang}.html", "index.html"]
            if lang == pack.languages[0]
            else [f"index.{lang}.html"]
        ):
            (output / name).write_text(html, encoding="utf-8")
            written.append(output / name)
    return written


def _image_resolver(pack: GuidelinePack, page_path: str) -> ImageResolver:
    def resolve(src: str) -> str | None:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), src))
        data = pack.files.get(path)
        mime = _MIME.get(posixpath.splitext(path)[1].lower())
        if data is None or mime is None:
            return None
        return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")

    return resolve


def _md(pack: GuidelinePack, text: str | None, page_path: str = "pack.toml") -> str:
    return render(text or "", _image_resolver(pack, page_path))


def _document(pack: GuidelinePack, lang: str) -> str:
    e = escape
    title = pack.title.get(lang)
    parts = [
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{e(title)} {e(pack.version)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(pack.id)} {e(pack.version)} · {e(pack.manifest.project)} · '
        f"sha256 {e(pack.sha256)}</p>",
        "<nav>"
        + " ".join(f'<a href="index.{e(x)}.html">{e(x)}</a>' for x in pack.languages)
        + "</nav>",
    ]
    if pack.manifest.description:
        parts.append(_md(pack, pack.manifest.description.get(lang)))
    for page in pack.pages:
        if page.lang == lang:
            parts.append(
                f'<section id="page-{e(page.name)}">{_md(pack, page.markdown, page.path)}</section>'
            )
    parts.append(f'<section id="rubric"><h2>Rubric</h2>{_rubric(pack, lang)}</section>')
    if pack.examples:
        parts.append('<section id="examples"><h2>Examples</h2>')
        for example in pack.examples:
            parts.append(f"<h3>{e(example.title.get(lang))}</h3>")
            for role, content in example.prompt:
                parts.append(f'<p class="meta">{e(role)}</p>{_md(pack, content)}')
            for rid, text in example.responses:
                parts.append(f'<div class="q"><p class="meta">{e(rid)}</p>{_md(pack, text)}</div>')
            answers = json.dumps(example.answers, ensure_ascii=False, indent=2)
            parts.append(f"<pre>{e(answers)}</pre>{_md(pack, example.why.get(lang))}")
        parts.append("</section>")
    parts.append('<section id="changelog"><h2>Changelog</h2><ul>')
    for entry in pack.changelog:
        parts.append(
            f"<li><b>{e(entry.version)}</b> {e(entry.date or '')} [{e(entry.kind)}, "
            f"re-review: {e(entry.re_review)}] {e(entry.summary.get(lang))}</li>"
        )
    parts.append("</ul></section></body></html>")
    return "\n".join(parts) + "\n"


def _rubric(pack: GuidelinePack, lang: str) -> str:
    e = escape
    out = []
    for q in pack.rubric.questions:
        meta = f"{q.id} · {q.kind} · per {q.applies}" + (" · required" if q.required else "")
        out.append(f'<div class="q"><h3>{e(q.label.get(lang))}</h3><p class="meta">{e(meta)}</p>')
        out.append(_md(pack, q.help.get(lang) if q.help else None))
        choices: list[tuple[str, str, str | None]] = []
        if isinstance(q, RatingQuestion):
            choices = [
                (str(p.value), p.label.get(lang), p.help.get(lang) if p.help else None)
                for p in q.points
            ]
        elif isinstance(q, PairwiseQuestion):
            choices = [
                (o.id, o.label.get(lang), o.help.get(lang) if o.help else None) for o in q.strength
            ]
        elif isinstance(q, FlagsQuestion | ChoiceQuestion):
            choices = [
                (o.id, o.label.get(lang), o.help.get(lang) if o.help else None) for o in q.options
            ]
        if choices:
            out.append("<ul>")
            for key, label, help_ in choices:
                out.append(
                    f'<li><b>{e(label)}</b> <span class="meta">{e(key)}</span>'
                    f"{_md(pack, help_)}</li>"
                )
            out.append("</ul>")
        out.append("</div>")
    for rule in pack.rubric.rules:
        text = rule.message.get(lang) if rule.message else describe(rule.when)
        out.append(f'<p class="meta">{e(rule.id)}: {e(text)}</p>')
    return "\n".join(out)
