"""Render an article's body to HTML and derive its plain-text summary.

Called only for articles that land in some feed, which is what keeps large
sites fast. Relative URLs in the HTML are made absolute against the
article's own link, because a feed reader has no page to resolve them from.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt

from feedsmith.model import Article

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")
_BLANK_LINES = re.compile(r"\n\s*\n")
_BARE_URL = re.compile(r"https?://[^\s<>\"]+")


def render(article: Article) -> Article:
    """``article`` with ``content_html`` and ``summary`` filled in."""
    body = article.body
    content_html = _absolute_urls(_to_html(body.text, body.markup), article.link)
    summary = article.summary
    separator = body.excerpt_separator
    if summary is None and separator and separator in body.text:
        summary = _plain_text(_to_html(body.text.split(separator, 1)[0], body.markup))
    if summary is None:
        summary = _first_paragraph(content_html)
    return replace(article, content_html=content_html, summary=summary or None)


def _to_html(text: str, markup: str) -> str:
    if markup == "html":
        return text
    if markup == "markdown":
        return _MARKDOWN.render(text)
    paragraphs = (p.strip("\n") for p in _BLANK_LINES.split(text))
    return "".join(
        "<p>" + "<br>\n".join(map(_linked, p.split("\n"))) + "</p>\n"
        for p in paragraphs
        if p.strip()
    )


def _linked(line: str) -> str:
    """Escape a line of plain text, turning bare http(s) URLs into links."""
    parts, position = [], 0
    for match in _BARE_URL.finditer(line):
        url = _trim_url(match.group())
        parts.append(html.escape(line[position : match.start()], quote=False))
        escaped = html.escape(url)
        parts.append(f'<a href="{escaped}">{escaped}</a>')
        position = match.start() + len(url)
    parts.append(html.escape(line[position:], quote=False))
    return "".join(parts)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation after a URL, keeping balanced parentheses."""
    while url and (
        url[-1] in ".,;:!?'\"]}" or (url[-1] == ")" and url.count("(") < url.count(")"))
    ):
        url = url[:-1]
    return url


def _fragment(markup: str) -> etree._Element:
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def _absolute_urls(markup: str, base: str) -> str:
    """Resolve every relative URL against ``base``.

    A ``#fragment`` link stays as it is when its target is inside the content
    (footnotes work in a reader that way); one pointing at an anchor the page
    has but the content lacks is resolved too, so it still leads somewhere.
    """
    if not markup.strip():
        return ""
    root = _fragment(markup)
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    anchors = {f"#{name}" for name in root.xpath("//@id | //a/@name")}
    for element in root.iter(etree.Element):
        for name in _URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None and value.strip() not in anchors:
                element.set(name, urljoin(base, value.strip()))
        if element.get("srcset"):
            element.set("srcset", _absolute_srcset(element.get("srcset"), base))
    wrapped = lxml.html.tostring(root, encoding="unicode")
    return wrapped.removeprefix("<div>").removesuffix("</div>").strip() + "\n"


def _absolute_srcset(srcset: str, base: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            candidates.append(f"{urljoin(base, url)} {descriptor.strip()}".strip())
    return ", ".join(candidates)


def _plain_text(markup: str) -> str:
    if not markup.strip():
        return ""
    return " ".join(_fragment(markup).text_content().split())


def _first_paragraph(markup: str) -> str:
    if not markup.strip():
        return ""
    paragraph = _fragment(markup).find(".//p")
    return " ".join(paragraph.text_content().split()) if paragraph is not None else ""
