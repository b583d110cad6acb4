"""A small, safe Markdown → HTML renderer for pack previews.

Only what guideline pages use: headings (with ``{#anchor}``), paragraphs, nested lists,
fenced code, block quotes, emphasis, code spans, links and local images. Every piece of
source text is escaped, so raw HTML in a page shows as text; links are kept only for
``http(s)``, ``mailto`` and in-page anchors; images only for files inside the pack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE = re.compile(
    r"(?P<code>`[^`]+`)|(?P<img>!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\))"
    r"|(?P<link>\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)(?:\s+\"[^\"]*\")?\))"
    r"|(?P<strong>\*\*(?P<stext>.+?)\*\*)|(?P<em>(?<![\w*])[*_](?P<etext>[^*_\s][^*_]*?)[*_](?![\w*]))"
)
_SAFE_HREF = re.compile(r"^(https?://|mailto:|#)")

ImageResolver = Callable[[str], str | None]


def inline(text: str, image: ImageResolver) -> str:
    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[pos : match.start()]))
        pos = match.end()
        if match.group("code"):
            out.append(f"<code>{escape(match.group('code')[1:-1])}</code>")
        elif match.group("img"):
            src = image(match.group("src"))
            alt = escape(match.group("alt"))
            out.append(f'<img src="{escape(src)}" alt="{alt}">' if src else f"[{alt}]")
        elif match.group("link"):
            label = inline(match.group("text"), image)
            href = match.group("href")
            out.append(f'<a href="{escape(href)}">{label}</a>' if _SAFE_HREF.match(href) else label)
        elif match.group("strong"):
            out.append(f"<strong>{inline(match.group('stext'), image)}</strong>")
        else:
            out.append(f"<em>{inline(match.group('etext'), image)}</em>")
    out.append(escape(text[pos:]))
    return "".join(out)


def render(markdown: str, image: ImageResolver) -> str:
    """HTML for ``markdown``; ``image`` maps an image path to a URL, or None to drop it."""
    out: list[str] = []
    paragraph: list[str] = []
    lists: list[tuple[int, str]] = []  # (indent, tag) of open lists
    lines = markdown.splitlines()
    i = 0

    def flush() -> None:
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph), image)}</p>")
            paragraph.clear()

    def close_lists(indent: int = -1) -> None:
        while lists and lists[-1][0] > indent:
            out.append(f"</li></{lists.pop()[1]}>")

    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            flush()
            close_lists()
            code: list[str] = []
            i += 1
            while i < len(lines) and not _FENCE.match(lines[i]):
                code.append(lines[i])
                i += 1
            out.append(f"<pre><code>{escape(chr(10).join(code))}</code></pre>")
        elif not line.strip():
            flush()
        elif heading := _HEADING.match(line):
            flush()
            close_lists()
            level = len(heading.group(1))
            anchor = f' id="{heading.group(3)}"' if heading.group(3) else ""
            out.append(f"<h{level}{anchor}>{inline(heading.group(2), image)}</h{level}>")
        elif item := _ITEM.match(line):
            flush()
            indent, tag = len(item.group(1)), "ol" if item.group(2)[0].isdigit() else "ul"
            if lists and lists[-1][0] == indent:
                out.append("</li><li>")
            elif lists and lists[-1][0] > indent:
                close_lists(indent)
                out.append("</li><li>")
            else:
                out.append(f"<{tag}><li>")
                lists.append((indent, tag))
            out.append(inline(item.group(3), image))
        elif lists and line.startswith(" "):
            out.append(" " + inline(line.strip(), image))  # continuation of a list item
        elif line.startswith(">"):
            flush()
            close_lists()
            out.append(f"<blockquote>{inline(line.lstrip('> '), image)}</blockquote>")
        else:
            close_lists()
            paragraph.append(line.strip())
        i += 1
    flush()
    close_lists()
    return "\n".join(out)
