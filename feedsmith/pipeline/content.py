"""Render an article's body to HTML and derive its plain-text summary.

Called only for articles that land in some feed, which is what keeps large
sites fast. Relative URLs in the HTML are made absolute against the
article's own link, because a feed reader has no page to resolve them from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import lxml.html
from lxml import etree

from feedsmith.config import ContentSettings
from feedsmith.errors import SourceError, SourceWarning
from feedsmith.model import Article, Body, clean_text
from feedsmith.pipeline import plaintext
from feedsmith.pipeline.links import NO_LINKS, Links, Query, Target, may_name_a_file
from feedsmith.pipeline.markdown import renderer
from feedsmith.pipeline.sanitize import clean
from feedsmith.pipeline.tags import Problem, expand
from feedsmith.readers.markdown import MORE

# by content.typographer: typographic quotes and dashes, as Hugo and Jekyll make
# by content.typographer and content.raw_html
_MARKDOWN = {
    (quotes, raw): renderer(typographer=quotes, raw_html=raw)
    for quotes in (False, True)
    for raw in (False, True)
}
MAX_DEPTH = 500
# A tag for counting depth. Possessive and stopping at "<": many "<a" with no
# ">" would make a lazy "[^>]*?" scan the rest of the text from every "<".
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*+)[^<>]*+>")
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rendered:
    article: Article  # with content_html and summary
    problems: tuple[Problem, ...] = ()  # lines counted in the source file
    # every question asked of the site's links, with its answer: the HTML
    # holds while each is answered alike (the engine asks again)
    asked: tuple[tuple[Query, Target], ...] = ()


def render(
    article: Article,
    body: Body,
    settings: ContentSettings,
    links: Links = NO_LINKS,
    page: Mapping[str, Any] | None = None,
) -> Rendered:
    """``article`` with ``content_html`` and ``summary`` made from ``body``.

    Template tags of the site's generator are rendered first, and URLs
    that name other files of the site lead where ``links`` says they are
    published; ``page`` is the article's front matter, which tags such as
    ``{{ page.title }}`` read. A body over ``settings.max_bytes`` or nested deeper than
    ``MAX_DEPTH`` is left out, with a warning: the item keeps its summary,
    and the run never stalls on a pathological page.
    """
    asked: dict[Query, Target] = {}

    def ask(query: Query) -> Target:
        if query not in asked:
            asked[query] = links.answer(query)
        return asked[query]

    def resolve(url: str) -> str:
        if not may_name_a_file(url):  # the same answer, never recorded
            return urljoin(article.link, url)
        return ask(("url", str(article.source), article.link, url)).url

    profile = links.profile
    generator = profile.generator if profile else None
    expanded = expand(
        body.text,
        generator,
        body.markup,
        ask,
        settings.unknown_tags,
        source=str(article.source),
        page=page,
        site=profile.variables if profile else None,
        typographer=settings.typographer,
        raw_html=settings.raw_html,
    )
    text = expanded.text
    raw = expanded.restore(_to_html(text, body.markup, settings))
    too_large = _too_large(raw, settings.max_bytes)
    content_html = (
        ""
        if too_large
        else clean(raw, article.link, sanitize=settings.sanitize, resolve=resolve)
    )
    summary = article.summary
    separator = body.excerpt_separator
    chosen = settings.excerpt_separator  # the site's, where the article names none
    if separator in (None, MORE) and chosen != MORE and chosen in text:
        separator = chosen
    if summary is None and separator and separator in text:
        opening = text.split(separator, 1)[0]
        summary = _plain_text(
            expanded.restore(_to_html(opening, body.markup, settings))
        )
    if summary is None:
        summary = _opening(content_html, settings.summary_words)
    problems = [
        replace(problem, line=body.line + problem.line - 1)
        for problem in expanded.problems
    ]
    problems += [
        Problem(_line_of(query[-1], body), target.problem)
        for query, target in asked.items()
        if target.problem
    ]
    if too_large:
        problems.append(Problem(body.line, too_large))
    done = replace(article, content_html=content_html, summary=summary or None)
    return Rendered(done, tuple(problems), tuple(asked.items()))


def reported(
    problems: Iterable[tuple[Path, Iterable[Problem]]],
) -> tuple[list[SourceError], list[SourceWarning]]:
    """Bodies' problems as the build reports them, naming each file: the
    errors (``content.unknown_tags: error``), then the warnings."""
    errors: list[SourceError] = []
    warnings: list[SourceWarning] = []
    for source, found in problems:
        for problem in found:
            if problem.error:
                errors.append(SourceError(source, problem.line, problem.message))
            else:
                warnings.append(SourceWarning(source, problem.line, problem.message))
    return errors, warnings


def _line_of(written: str, body: Body) -> int:
    """The line of the body where ``written`` first appears, as the HTML
    has it or as the source wrote it before Markdown %-encoded it (its first
    line when neither appears)."""
    for form in (written, unquote(written)):
        at = body.text.find(form)
        if at >= 0:
            return body.line + body.text.count("\n", 0, at)
    return body.line


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


def _to_html(text: str, markup: str, settings: ContentSettings) -> str:
    if markup == "html":
        return text
    if markup == "markdown":
        return _MARKDOWN[settings.typographer, settings.raw_html].render(text)
    if markup == "rst":  # docutils is imported by sites that have such articles
        from feedsmith.pipeline import rst

        return rst.to_html(text)
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
