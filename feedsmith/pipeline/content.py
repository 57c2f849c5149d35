"""Render an article's body to HTML and derive its plain-text summary.

Called only for articles that land in some feed, which is what keeps large
sites fast. Relative URLs in the HTML are made absolute against the
article's own link, because a feed reader has no page to resolve them from.
"""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.html
from lxml import etree

from feedsmith.config import ContentSettings
from feedsmith.errors import SourceWarning
from feedsmith.model import Article, Body, clean_text
from feedsmith.pipeline import plaintext
from feedsmith.pipeline.markdown import renderer
from feedsmith.pipeline.sanitize import clean
from feedsmith.readers.markdown import MORE

# by content.typographer: typographic quotes and dashes, as Hugo and Jekyll make
_MARKDOWN = {on: renderer(typographer=on) for on in (False, True)}
MAX_DEPTH = 500
# A tag for counting depth. Possessive and stopping at "<": many "<a" with no
# ">" would make a lazy "[^>]*?" scan the rest of the text from every "<".
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*+)[^<>]*+>")
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
})  # fmt: skip


def render(
    article: Article, body: Body, settings: ContentSettings
) -> tuple[Article, SourceWarning | None]:
    """``article`` with ``content_html`` and ``summary`` made from ``body``.

    A body over ``settings.max_bytes`` or nested deeper than ``MAX_DEPTH``
    is left out, with a warning: the item keeps its summary, and the run
    never stalls on a pathological page.
    """
    raw = _to_html(body.text, body.markup, settings.typographer)
    problem = _too_large(raw, settings.max_bytes)
    content_html = (
        "" if problem else clean(raw, article.link, sanitize=settings.sanitize)
    )
    warning = SourceWarning(article.source, body.line, problem) if problem else None
    summary = article.summary
    separator = body.excerpt_separator
    chosen = settings.excerpt_separator  # the site's, where the article names none
    if separator in (None, MORE) and chosen != MORE and chosen in body.text:
        separator = chosen
    if summary is None and separator and separator in body.text:
        opening = body.text.split(separator, 1)[0]
        summary = _plain_text(_to_html(opening, body.markup, settings.typographer))
    if summary is None:
        summary = _opening(content_html, settings.summary_words)
    return replace(article, content_html=content_html, summary=summary or None), warning


def _too_large(markup: str, max_bytes: int) -> str | None:
    size = len(markup.encode("utf-8"))
    if size > max_bytes:
        return (
            f"content left out: {size} bytes of HTML, "
            f"over content.max_bytes ({max_bytes})"
        )
    depth = deepest = 0
    for match in _TAG.finditer(markup):
        if match.group(2).lower() in _VOID:
            continue
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return f"content left out: HTML nested more than {MAX_DEPTH} levels deep"
    return None


def _to_html(text: str, markup: str, typographer: bool = False) -> str:
    if markup == "html":
        return text
    if markup == "markdown":
        return _MARKDOWN[typographer].render(text)
    return plaintext.to_html(text)


def _fragment(markup: str) -> etree._Element:
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def _plain_text(markup: str) -> str:
    if not markup.strip():
        return ""
    return _words(_fragment(markup))


def _opening(markup: str, words: int) -> str:
    """The first paragraph, then whole paragraphs after it until the summary
    holds at least ``words`` words (Hugo's ``summaryLength`` rule); a
    paragraph is never cut."""
    if not markup.strip():
        return ""
    taken: list[str] = []
    count = 0
    for paragraph in _fragment(markup).iter("p"):
        text = _words(paragraph)
        if not text:
            continue
        taken.append(text)
        count += len(text.split())
        if count >= words:
            break
    return " ".join(taken)


def _words(element: etree._Element) -> str:
    """An element's text, spaces collapsed; parsing decodes references such
    as ``&#1;``, so the result passes the value boundary again."""
    return " ".join(clean_text(element.text_content()).text.split())
