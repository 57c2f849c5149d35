"""Saved web pages (``.html``, ``.htm``): metadata from the head, body from the article.

Pages say the same thing in several places; the first one found wins::

    title    og:title, <title>, the first <h1>
    date     article:published_time, the first <time datetime> in the <article>,
             JSON-LD datePublished, <meta name="date"> (or DC.date,
             dcterms.created, itemprop="datePublished")
    updated  article:modified_time, JSON-LD dateModified, itemprop="dateModified"
    url      <link rel="canonical">, og:url (absolute http(s) only)
    summary  <meta name="description">, og:description, JSON-LD description
    author   <meta name="author">, JSON-LD author, article:author unless a URL
    tags     every article:tag, else <meta name="keywords"> split on commas
    image    og:image, og:image:url (absolute http(s) only)

The body is the inner HTML of the ``<article>`` (the one holding the
``<h1>`` when there are several), else ``<main>``, else ``<body>``, without
site furniture and without the ``<h1>`` that repeats the title. Values stay
raw strings: :mod:`feedsmith.pipeline.metadata` parses dates and resolves links.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from feedsmith.config_values import text_encoding
from feedsmith.errors import SourceError, SourceWarning
from feedsmith.model import Body, clean_text
from feedsmith.readers import markdown
from feedsmith.readers.document import Document, clean_meta, removed

_Found = tuple[Any, int]  # a value and the source line it came from

_PARSER = lxml.html.HTMLParser(encoding="utf-8")  # never trust <meta charset>
_DROPPED = (
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template",
    "form", etree.Comment,
)  # fmt: skip
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "report"}
_SEPARATORS = "|-\u2013\u2014\u00b7:\u2022\u00bb/"  # between a title and a site name
_NO_TITLE = "no title: the page has no og:title, <title> or <h1>; add a <title>"
_EMPTY = "empty page: the file holds no HTML; save the page again or delete it"
_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def read(path: Path, text: str) -> Document:
    """Split a saved web page into loose metadata and the article's HTML.

    A file that opens with YAML front matter (a Jekyll ``.html`` post) is
    that front matter and, after it, a body of HTML as written.
    """
    fronted = markdown.read_front_matter(path, text, "html")
    if fronted is not None:
        return fronted
    root = _parse(path, text)
    article = _article(root)
    found = {k: v for k, v in _metadata(root, article).items() if v is not None}
    if "title" not in found:
        raise SourceError(path, 1, _NO_TITLE)
    lines = {key: line for key, (_, line) in found.items()}
    meta, warnings = clean_meta(
        path, {key: value for key, (value, _) in found.items()}, lines
    )
    container = article if article is not None else _main_or_body(root)
    body, removals = _body(path, container, meta["title"])
    return Document(path, meta, body, lines, (*warnings, *removals))


def _metadata(root: etree._Element, article: etree._Element | None) -> dict:
    """Each key's first value found, in the order of the module docstring."""
    tags = _meta_index(root)
    ld = _JsonLd(root)
    return {
        "title": _title(root, tags),
        "date": _first(
            tags["article:published_time"],
            _time_in(article),
            ld.value("datePublished"),
            *(tags[k] for k in ("date", "dc.date", "dcterms.created")),
            tags["datepublished"],
        ),
        "updated": _first(
            tags["article:modified_time"],
            ld.value("dateModified"),
            tags["datemodified"],
        ),
        "url": _first(
            [(u, n) for u, n in _canonical(root) + tags["og:url"] if _is_web_url(u)]
        ),
        "summary": _first(
            tags["description"], tags["og:description"], ld.value("description")
        ),
        "author": _names(
            tags["author"],
            ld.authors(),
            [(v, n) for v, n in tags["article:author"] if not _is_web_url(v)],
        ),
        "tags": _tags(tags),
        # OpenGraph wants absolute URLs; a relative one is relative to the
        # page's old home, as a canonical link is.
        "image": _first(
            [
                (u, n)
                for u, n in tags["og:image"] + tags["og:image:url"]
                if _is_web_url(u)
            ]
        ),
    }


def declared_encoding(data: bytes) -> str | None:
    """The charset a page's <meta> declares in its first 2048 bytes, if known.

    Sniffed with a bytes pattern before any parsing, as browsers do. A page
    that declares UTF-16 this way cannot be UTF-16 (the declaration was found
    as ASCII), so it is read as UTF-8, as the HTML standard says.
    """
    match = _CHARSET.search(data[:2048])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    codec = text_encoding(name)
    if codec is None:  # unknown, or no character set (base64, undefined)
        return None
    return "utf-8" if codec.startswith("utf-16") else name


def _parse(path: Path, text: str) -> etree._Element:
    """Parse from UTF-8 bytes: lxml refuses str with an XML encoding declaration."""
    if text.strip():
        try:
            return lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
        except etree.ParserError:
            pass
    raise SourceError(path, 1, _EMPTY)


def _first(*candidates: Iterable[_Found]) -> _Found | None:
    return next((c for group in candidates for c in group if c[0]), None)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


def _line(element: etree._Element) -> int:
    return element.sourceline or 1


def _meta_index(root: etree._Element) -> defaultdict[str, list[_Found]]:
    """Every <meta> content under its lower-cased property, name and itemprop.

    Microdata dates on other elements count too (``<time
    itemprop="datePublished" datetime=…>``); ``og:`` and ``article:`` keys
    match in ``name`` as well, since many sites put them there.
    """
    index: defaultdict[str, list[_Found]] = defaultdict(list)
    for element in root.iter("meta"):
        content = " ".join((element.get("content") or "").split())
        keys = {(element.get(a) or "").strip().lower() for a in ("property", "name")}
        keys.add((element.get("itemprop") or "").strip().lower())
        for key in keys - {""}:
            index[key].append((content, _line(element)))
    dates = "@itemprop='datePublished' or @itemprop='dateModified'"
    for element in root.xpath(f"//*[{dates}][not(self::meta)]"):
        value = element.get("content") or element.get("datetime") or _text(element)
        key = element.get("itemprop").strip().lower()
        index[key].append((" ".join(value.split()), _line(element)))
    return index


def _title(root: etree._Element, tags: dict[str, list[_Found]]) -> _Found | None:
    titles = root.xpath("//title[not(ancestor::svg)]")[:1]
    return _first(
        tags["og:title"],
        [(_text(e), _line(e)) for e in titles],
        [(_text(e), _line(e)) for e in root.iter("h1")],
    )


def _article(root: etree._Element) -> etree._Element | None:
    articles = root.xpath("//article")
    with_h1 = (a for a in articles if a.find(".//h1") is not None)
    return next(with_h1, articles[0] if articles else None)


def _main_or_body(root: etree._Element) -> etree._Element:
    main = root.find(".//main")
    return main if main is not None else next(iter(root.iter("body")), root)


def _time_in(article: etree._Element | None) -> list[_Found]:
    if article is None:
        return []
    times = article.xpath(".//time[@datetime]")
    return [(t.get("datetime").strip(), _line(t)) for t in times]


def _canonical(root: etree._Element) -> list[_Found]:
    links = root.xpath("//link[@href]")
    return [
        (link.get("href").strip(), _line(link))
        for link in links
        if "canonical" in (link.get("rel") or "").lower().split()
    ]


def _is_web_url(value: str) -> bool:
    """A relative canonical link is relative to the page's old home: unusable."""
    try:
        parts = urlsplit(value)
    except ValueError:  # such as http://[x, which urllib refuses
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _names(*groups: list[_Found]) -> _Found | None:
    """The first group that names anyone: one name, or a list of several."""
    for group in groups:
        names = list(dict.fromkeys(name.strip() for name, _ in group if name.strip()))
        if names:
            return (names[0] if len(names) == 1 else names), group[0][1]
    return None


def _tags(tags: dict[str, list[_Found]]) -> _Found | None:
    found = [(v, n) for v, n in tags["article:tag"] if v.strip()] or [
        (word, n) for v, n in tags["keywords"] for word in v.split(",") if word.strip()
    ]
    if not found:
        return None
    return list(dict.fromkeys(word.strip() for word, _ in found)), found[0][1]


class _JsonLd:
    """The article node of a page's JSON-LD, whichever of its three shapes.

    A script may hold one object, a list of them, or an object whose
    ``@graph`` lists them; a script that is not valid JSON is ignored, as
    browsers and search engines do.
    """

    def __init__(self, root: etree._Element) -> None:
        nodes: list[tuple[dict[str, Any], int]] = []
        for script in root.iter("script"):
            kind = (script.get("type") or "").split(";")[0].strip().lower()
            if kind != "application/ld+json":
                continue
            try:
                data = json.loads(script.text or "")
            except (ValueError, RecursionError):
                continue
            nodes.extend((node, _line(script)) for node in _flatten(data))
        self.ids = {n["@id"]: n for n, _ in nodes if isinstance(n.get("@id"), str)}
        self.node, self.line = next(
            (n for n in nodes if any(map(_article_like, _types(n[0])))),
            next((n for n in nodes if "datePublished" in n[0]), ({}, 1)),
        )

    def value(self, key: str) -> list[_Found]:
        value = self.node.get(key)
        return [(" ".join(value.split()), self.line)] if isinstance(value, str) else []

    def authors(self) -> list[_Found]:
        value = self.node.get("author")
        names = []
        for item in _listed(value):
            reference = item.get("@id") if isinstance(item, dict) else None
            if isinstance(reference, str) and "name" not in item:
                item = self.ids.get(reference, item)  # a node elsewhere in @graph
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str):
                names.append((name, self.line))
        return names


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    for item in _listed(data):
        if isinstance(item, dict):
            yield item
            yield from _flatten(item.get("@graph", []))


def _types(node: dict[str, Any]) -> list[str]:
    return [kind for kind in _listed(node.get("@type")) if isinstance(kind, str)]


def _article_like(kind: str) -> bool:
    """``NewsArticle``, ``schema:BlogPosting`` and ``https://schema.org/Report``."""
    name = kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
    return name in _ARTICLE_TYPES or name.endswith("article")


def _body(
    path: Path, container: etree._Element, title: str
) -> tuple[Body, tuple[SourceWarning, ...]]:
    """The container's inner HTML, without furniture or the repeated title,
    and a warning if character references had to be removed from it."""
    line = _line(container)
    # First: dropping an element joins its tail to the text before it, which
    # lxml refuses once either holds a character XML cannot carry (&#1;).
    warnings = _remove_characters(path, container)
    for element in list(container.iter(*_DROPPED)):
        element.drop_tree()  # keeps the tail text
    heading = next((h for h in container.iter("h1") if _repeats(_text(h), title)), None)
    if heading is not None:
        heading.drop_tree()
    inner = [html.escape(container.text or "", quote=False)]
    inner.extend(lxml.html.tostring(child, encoding="unicode") for child in container)
    return Body("".join(inner).strip(), "html", line), warnings


def _repeats(heading: str, title: str) -> bool:
    """``Quarry Walk`` repeats ``Quarry Walk`` and ``Quarry Walk | Site News``."""
    own, words = heading.casefold().split(), title.casefold().split()
    size = len(own)
    if not own or words == own:
        return bool(own)
    if words[:size] == own:
        return words[size][0] in _SEPARATORS
    return words[-size:] == own and words[-size - 1][-1] in _SEPARATORS


def _remove_characters(
    path: Path, container: etree._Element
) -> tuple[SourceWarning, ...]:
    """Character references like ``&#1;`` decode to what XML cannot carry:
    removed from every text and attribute, with a warning at the first."""
    count, first, line = 0, "", 0
    for element in container.iter(etree.Element):
        for name, value in _texts(element):
            text, removed_here, found = clean_text(value)
            if removed_here:
                _set_text(element, name, text)
                count += removed_here
                first, line = first or found, line or _line(element)
    if not count:
        return ()
    return (SourceWarning(path, line, removed(count, first)),)


def _texts(element: etree._Element) -> Iterator[tuple[str, str]]:
    """Each text of ``element``: ``text``, ``tail``, then ``@name`` per attribute."""
    for name in ("text", "tail"):
        value = getattr(element, name)
        if value:
            yield name, value
    for name, value in element.items():
        yield "@" + name, value


def _set_text(element: etree._Element, name: str, value: str) -> None:
    if name.startswith("@"):
        element.set(name[1:], value)
    else:
        setattr(element, name, value)
