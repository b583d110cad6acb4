"""A ``PackDiff`` as plain text (terminal) and as one self-contained HTML page (the app).

The HTML loads nothing: styles are inline, there are no scripts, no images and no links to
follow, a Content-Security-Policy forbids any load, and every piece of pack text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guidelines.diff import PackDiff

_WORDS = {
    "title": {"en": "What changed in {pack}: {old} → {new}", "zh": "{pack} 的变更：{old} → {new}"},
    "changelog": {"en": "Changelog", "zh": "变更记录"},
    "rubric": {"en": "Questions and rules", "zh": "问题与规则"},
    "pages": {"en": "Guideline pages", "zh": "规范页面"},
    "problems": {"en": "Problems", "zh": "问题"},
    "none": {"en": "No changes.", "zh": "没有变更。"},
    "added": {"en": "sections added", "zh": "新增章节"},
    "removed": {"en": "sections removed", "zh": "删除章节"},
    "re_review": {"en": "re-review", "zh": "复审"},
}
_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#1b1b1b;background:#fff}
h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:1.6em}
.kind{display:inline-block;padding:0 .4em;border-radius:.3em;font-size:.85em;background:#eee}
.semantic{background:#fde2e1}.clarification{background:#fff2cc}.editorial{background:#e6f0ff}
pre.page{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fafafa}
ins{background:#d7f5dd;text-decoration:none}del{background:#fbd9d9}
.problem{color:#a40000}
"""


def _w(key: str, lang: str) -> str:
    table = _WORDS[key]
    return table.get(lang, table.get(lang.split("-")[0], table["en"]))


def _trim(text: str, keep: int = 160) -> str:
    if len(text) <= 2 * keep + 20:
        return text
    return text[:keep] + " … " + text[-keep:]


def render_text(diff: PackDiff, lang: str | None = None) -> str:
    lang = lang or "en"
    out = [
        _w("title", lang).format(pack=diff.pack_id, old=diff.old_version, new=diff.new_version),
        "",
    ]
    out.append(_w("changelog", lang) + ":")
    for entry in diff.entries:
        touched = ", ".join(entry.questions) or "-"
        out.append(
            f"  {entry.version} [{entry.kind}; {_w('re_review', lang)}: {entry.re_review}] "
            f"({touched}) {entry.summary.get(lang)}"
        )
    out.append("")
    out.append(_w("rubric", lang) + ":")
    for change in diff.changes:
        out.append(f"  [{change.min_kind}] {change.detail}")
    if not diff.changes:
        out.append("  " + _w("none", lang))
    out.append("")
    out.append(_w("pages", lang) + ":")
    for page in diff.changed_pages:
        out.append(
            f"  {page.name} ({page.lang}): {page.status}, "
            f"+{page.words_added} / -{page.words_removed} words"
        )
        for label, items in (("added", page.sections_added), ("removed", page.sections_removed)):
            for item in items:
                out.append(f"    {'+' if label == 'added' else '-'} {item}")
        body = "".join(
            text if op == "equal" else f"[-{text}-]" if op == "delete" else f"{{+{text}+}}"
            for op, text in ((op, _trim(t) if op == "equal" else t) for op, t in page.ops)
        )
        out.extend("    | " + line for line in body.splitlines())
    if not diff.changed_pages:
        out.append("  " + _w("none", lang))
    if diff.problems:
        out.append("")
        out.append(_w("problems", lang) + ":")
        out.extend(f"  ✗ {p}" for p in diff.problems)
    return "\n".join(out) + "\n"


def render_html(diff: PackDiff, lang: str | None = None) -> str:
    lang = lang or "en"
    e = escape
    title = _w("title", lang).format(pack=diff.pack_id, old=diff.old_version, new=diff.new_version)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    if diff.problems:
        parts.append(f"<h2>{e(_w('problems', lang))}</h2><ul>")
        parts.extend(f'<li class="problem">{e(p)}</li>' for p in diff.problems)
        parts.append("</ul>")
    parts.append(f"<h2>{e(_w('changelog', lang))}</h2><ul>")
    for entry in diff.entries:
        parts.append(
            f"<li><b>{e(entry.version)}</b> "
            f'<span class="kind {e(entry.kind)}">{e(entry.kind)}</span> '
            f"{e(_w('re_review', lang))}: {e(entry.re_review)} — {e(entry.summary.get(lang))}</li>"
        )
    parts.append(f"</ul><h2>{e(_w('rubric', lang))}</h2><ul>")
    for change in diff.changes:
        parts.append(
            f'<li><span class="kind {e(change.min_kind)}">{e(change.min_kind)}</span> '
            f"{e(change.detail)}</li>"
        )
    if not diff.changes:
        parts.append(f"<li>{e(_w('none', lang))}</li>")
    parts.append(f"</ul><h2>{e(_w('pages', lang))}</h2>")
    for page in diff.changed_pages:
        parts.append(
            f"<h3>{e(page.new_title or page.old_title or page.name)} ({e(page.lang)}) — "
            f"{e(page.status)}, "
            f"+{page.words_added} / −{page.words_removed}</h3>"
        )
        for key, items in (("added", page.sections_added), ("removed", page.sections_removed)):
            if items:
                tag = "ins" if key == "added" else "del"
                parts.append(f"<p>{e(_w(key, lang))}:</p><ul>")
                parts.extend(f"<li><{tag}>{e(item)}</{tag}></li>" for item in items)
                parts.append("</ul>")
        body = "".join(
            e(text)
            if op == "equal"
            else f"<del>{e(text)}</del>"
            if op == "delete"
            else f"<ins>{e(text)}</ins>"
            for op, text in page.ops
        )
        parts.append(f'<pre class="page">{body}</pre>')
    if not diff.changed_pages:
        parts.append(f"<p>{e(_w('none', lang))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
