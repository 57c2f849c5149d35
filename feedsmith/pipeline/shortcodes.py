"""Hugo's and Zola's shortcodes in a body, rendered as Hugo 0.168 and Zola
render them (no Python library reads either syntax).

Hugo: ``{{< name args >}}`` (its output is HTML) and ``{{% name args %}}``
(its output is Markdown), closed by ``{{< /name >}}`` when it has an
inside, or self-closed as ``{{< name />}}``; arguments are positional or
``key=value``, quoted with ``"`` (``\\"`` inside) or `````, or bare.
``{{</* x */>}}`` is Hugo's escape: it renders as ``{{< x >}}``. A
shortcode ends at the first ``>}}`` (``%}}``). Rendered: ``ref``,
``relref``, ``figure``, ``highlight``, ``details``, ``param``, ``comment``,
and ``youtube``, ``vimeo`` and ``gist`` as links (a feed reader removes
iframes and scripts; a YouTube link shows the video's thumbnail).

Zola: ``{{ name(args) }}`` and ``{% name(args) %}…{% end %}``, escaped as
``{{/* name() */}}``; Zola has no built-in shortcodes, so each is an
unknown tag. ``{{ x }}`` without parentheses is text to Zola, and stays.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt

from feedsmith.pipeline.markdown import renderer
from feedsmith.pipeline.tags import (
    Finder,
    Piece,
    Scan,
    Tag,
    assemble,
    attribute,
    kept_html,
    plain,
    text_html,
)

_HUGO = re.compile(r"\{\{([<%])")
_ESCAPED = re.compile(r"\s*/\*(.*)\*/\s*", re.S)
_NAME = re.compile(r"[\w.][\w./-]*")
_ARG = re.compile(r'\s*(?:([\w-]+)=)?("(?:[^"\\]|\\.)*+"|`[^`]*+`|[^\s"`]++)', re.S)
_INSIDE = frozenset({"highlight", "details", "comment"})  # need a closing tag
_SINGLE = frozenset({"ref", "relref", "figure", "youtube", "vimeo", "gist", "param"})
# a caption's or summary's inline Markdown, as Hugo's markdownify renders
# it, by content.typographer; and what may make any
_MARKDOWN = {
    on: MarkdownIt("commonmark", {"typographer": on}).enable(
        ["strikethrough", *(["replacements", "smartquotes"] if on else [])]
    )
    for on in (False, True)
}
_MARKDOWN_SIGNS = {
    False: re.compile(r"[\\`*_\[\]<>&~]"),
    True: re.compile(r"[\\`*_\[\]<>&~'\"().+!?,-]"),
}
_ID = re.compile(r"[\w-]+")
_BLANK = re.compile(r"\s*")
_UNESCAPE = re.compile(r"\\(.)", re.S)


class _Unreadable(Exception):
    """A shortcode whose arguments cannot be read."""


def hugo(scan: Scan) -> str:
    """The body of ``scan`` with its Hugo shortcodes rendered."""

    def single(tag: Tag, within: Tag | None) -> str:
        if tag.name in _SINGLE:
            return _single(scan, tag)
        if tag.name in _INSIDE:
            if tag.role == "single":  # self-closed: an empty inside
                return scan.html(_block(scan, tag, ""))
            scan.warn(tag.start, f"{tag.written} is never closed: removed")
            return ""
        if scan.keep:
            return tag.written
        scan.unknown_tag(tag.start, f"unknown Hugo shortcode {tag.written}: removed")
        return ""

    def block(opening: Tag, inside: str, closing: Tag) -> str:
        if opening.name in _INSIDE:
            return scan.html(_block(scan, opening, inside))
        return scan.unknown_block("Hugo shortcode", opening, inside, closing)

    return assemble(_hugo_pieces(scan), single, block)


def _hugo_pieces(scan: Scan) -> list[Piece]:
    text = scan.text
    pieces: list[Piece] = []
    closers = Finder(text)
    at = 0
    following = _HUGO.search(text)
    while (found := following) is not None:
        start = found.start()
        close = ">}}" if found.group(1) == "<" else "%}}"
        end = closers.find(close, start + 3)
        # the next opener: after this shortcode too, as ">}}" holds no "{{"
        following = _HUGO.search(text, start + 3)
        if end < 0 or (following is not None and following.start() < end):
            pieces.append(text[at:start])
            at = start + 3
            if scan.keep:
                pieces.append(text[start:at])
            else:
                scan.unknown_tag(start, f"{text[start:at]} with no {close}: removed")
            continue
        pieces.append(text[at:start])
        at = end + 3
        written = text[start:at]
        inside = text[start + 3 : end]
        escaped = _ESCAPED.fullmatch(inside)
        if escaped:  # Hugo's escape: the shortcode as text
            pieces.append(text[start : start + 3] + escaped.group(1) + close)
            continue
        try:
            pieces.append(_hugo_tag(start, at, inside, written))
        except _Unreadable as why:
            if scan.keep:
                pieces.append(written)
            else:
                scan.unknown_tag(start, f"cannot read {written} ({why}): removed")
    pieces.append(text[at:])
    return pieces


def _hugo_tag(start: int, end: int, inside: str, written: str) -> Tag:
    words = inside.strip()
    closing = words.startswith("/")
    words = words[closing:].lstrip()
    self_closed = words.endswith("/")
    words = words[: len(words) - self_closed].rstrip()
    name = _NAME.match(words)
    if name is None:
        raise _Unreadable("no name")
    args = _arguments(words[name.end() :])
    key = name.group()
    role = "close" if closing else "single" if self_closed else "open"
    if key in _SINGLE and role == "open":
        role = "single"
    return Tag(start, end, key, args, role, written, key)


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments, as Hugo reads them."""
    positional: list[str] = []
    named: dict[str, str] = {}
    at = 0
    for found in _ARG.finditer(text):
        if found.start() != at:
            break
        key, value = found.groups()
        if value[0] == '"':
            value = _UNESCAPE.sub(r"\1", value[1:-1])
        elif value[0] == "`":
            value = value[1:-1]
        if key is None:
            positional.append(value)
        else:
            named[key] = value
        at = found.end()
    if not _BLANK.fullmatch(text, at):
        raise _Unreadable(f"at {text[at:].strip()[:20]!r}")
    return positional, named


def _get(tag: Tag, name: str, position: int | None = None) -> str | None:
    positional, named = tag.args
    if name in named:
        return str(named[name])
    if position is not None and position < len(positional):
        return str(positional[position])
    return None


def _single(scan: Scan, tag: Tag) -> str:
    name = tag.name
    if name in ("ref", "relref"):
        reference = _get(tag, "path", 0)
        if not reference:
            scan.warn(tag.start, f"{tag.written} names no page: removed")
            return ""
        return scan.ask(("hugo-ref", scan.source, reference)).url
    if name == "figure":
        return scan.html(_figure(tag, scan.typographer))
    if name == "param":
        return _param(scan, tag)
    video = _get(tag, "id", 0)
    if name == "gist":
        user, gist = video, _get(tag, "id", 1)
        if not user or not gist:
            scan.warn(tag.start, f"{tag.written} names no gist: removed")
            return ""
        link = f"https://gist.github.com/{user}/{gist}"
        file = _get(tag, "file", 2)
        if file:
            link += "#file-" + re.sub(r"[^\w-]", "-", file).lower()
        return scan.html(f'<a href="{attribute(link)}">{text_html(link)}</a>')
    if video is None or not _ID.fullmatch(video):
        scan.warn(tag.start, f"{tag.written} names no video: removed")
        return ""
    title = _get(tag, "title")
    if name == "youtube":
        start = _get(tag, "start")
        link = f"https://www.youtube.com/watch?v={video}"
        if start and start.isdigit():
            link += f"&t={start}s"
        return scan.html(
            f'<a href="{attribute(link)}"><img src="https://i.ytimg.com/vi/{video}'
            f'/hqdefault.jpg" alt="{attribute(title or "YouTube video")}"></a>'
        )
    link = f"https://vimeo.com/{video}"
    return scan.html(
        f'<a href="{attribute(link)}">{text_html(title or "Vimeo video")}</a>'
    )


@functools.lru_cache(maxsize=256)
def _inline(markdown: str, typographer: bool) -> str:
    """Inline Markdown as HTML that Markdown leaves as it is."""
    if _MARKDOWN_SIGNS[typographer].search(markdown) is None:
        return text_html(markdown)
    return kept_html(_MARKDOWN[typographer].renderInline(markdown))


def _figure(tag: Tag, typographer: bool) -> str:
    """Hugo's figure as Hugo 0.168 writes it, on one line."""

    def get(name: str) -> str | None:
        return _get(tag, name)

    caption = get("caption")
    caption_html = _inline(caption, typographer) if caption else ""
    alt = get("alt")
    if alt is None and caption:
        alt = plain(caption_html)
    image = f'<img src="{attribute(get("src") or "")}"'
    sizes = ((name, get(name)) for name in ("width", "height", "loading"))
    for name, value in (("alt", alt), *sizes):
        if value:
            image += f' {name}="{attribute(value)}"'
    image += ">"
    link = get("link")
    if link:
        extra = "".join(
            f' {name}="{attribute(get(name))}"'
            for name in ("target", "rel")
            if get(name)
        )
        image = f'<a href="{attribute(link)}"{extra}>{image}</a>'
    figcaption = ""
    title, attr, attrlink = get("title"), get("attr"), get("attrlink")
    if title:
        figcaption += f"<h4>{text_html(title)}</h4>"
    if caption or attr:
        credit = _inline(attr, typographer) if attr else ""
        if attr and attrlink:
            credit = f'<a href="{attribute(attrlink)}">{credit}</a>'
        figcaption += f"<p>{' '.join(x for x in (caption_html, credit) if x)}</p>"
    if figcaption:
        figcaption = f"<figcaption>{figcaption}</figcaption>"
    css = get("class")
    opening = f'<figure class="{attribute(css)}">' if css else "<figure>"
    return f"{opening}{image}{figcaption}</figure>"


def _param(scan: Scan, tag: Tag) -> str:
    """A value of the page's front matter, else of the site's ``params``."""
    name = _get(tag, "name", 0)
    if not name:
        scan.warn(tag.start, f"{tag.written} names no parameter: removed")
        return ""
    keys = name.lower().split(".")
    places: list[Any] = []
    if scan.page is not None:
        page = _lower(scan.page)
        places += [page, page.get("params")]
    places.append(scan.site.get("params"))
    for place in places:
        value = _at(place, keys)
        if value is not None:
            if isinstance(value, bool):
                value = "true" if value else "false"
            shown = str(value)
            return text_html(shown) if tag.written.startswith("{{<") else shown
    where = "the front matter or " if scan.page is not None else ""
    scan.warn(tag.start, f"{tag.written}: {name} is not in {where}the site's params")
    return ""


def _lower(values: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in values.items()}


def _at(values: Any, keys: list[str]) -> Any:
    for key in keys:
        if not isinstance(values, Mapping):
            return None
        values = _lower(values).get(key)
    return values


@functools.lru_cache(maxsize=4)
def _body_markdown(typographer: bool, raw_html: bool) -> MarkdownIt:
    return renderer(typographer=typographer, raw_html=raw_html)


def _block(scan: Scan, opening: Tag, inside: str) -> str:
    if opening.name == "comment":
        return ""
    if opening.name == "highlight":
        return _highlight(opening, inside.strip("\r\n"))
    summary = _get(opening, "summary") or "Details"
    attributes = "".join(
        f' {name}="{attribute(_get(opening, name))}"'
        for name in ("class", "name", "title")
        if _get(opening, name)
    )
    if (_get(opening, "open") or "false").lower() == "true":
        attributes += " open"
    summary = _inline(summary, scan.typographer)
    # Hugo's details template renders its inside as the page's Markdown
    body = _body_markdown(scan.typographer, scan.raw_html).render(inside)
    return f"<details{attributes}><summary>{summary}</summary>\n{body}</details>"


def _highlight(opening: Tag, code: str) -> str:
    """Hugo's highlight as Chroma writes it, colours aside: line numbers in
    a table (``linenos=table`` or ``true``) or before each line
    (``inline``), counted from ``linenostart``."""
    language = _get(opening, "lang", 0) or ""
    options = dict(
        part.split("=", 1)
        for part in re.split(r"[,\s]+", _get(opening, "options", 1) or "")
        if "=" in part
    )
    classes = (
        f' class="language-{attribute(language)}" data-lang="{attribute(language)}"'
        if language
        else ""
    )
    numbered = options.get("linenos", "false").lower()
    start = options.get("linenostart", "")
    first = int(start) if start.isdigit() else 1
    lines = code.split("\n")
    numbers = range(first, first + len(lines))
    if numbered == "inline":
        code = "\n".join(f"{n}{line}" for n, line in zip(numbers, lines, strict=True))
    body = f"<pre><code{classes}>{text_html(code)}</code></pre>"
    if numbered in ("table", "true"):
        gutter = text_html("".join(f"{n}\n" for n in numbers))
        body = (
            f"<div><table><tbody><tr><td><pre><code>{gutter}</code></pre></td>"
            f"<td>{body}</td></tr></tbody></table></div>"
        )
    return f'<div class="highlight">{body}</div>'


# --- Zola ---

_ZOLA = re.compile(r"\{([{%])")
_ZOLA_CALL = re.compile(r"\s*(\w+)\s*\(")
_ZOLA_END = re.compile(r"\s*end\s*")


def zola(scan: Scan) -> str:
    """The body of ``scan`` with its Zola shortcodes removed (Zola has no
    built-in ones), the inside of a block kept."""

    def single(tag: Tag, within: Tag | None) -> str:
        if scan.keep:
            return tag.written
        what = (
            "{% end %} closes no shortcode"
            if tag.role == "close"
            else (f"unknown Zola shortcode {tag.written}")
        )
        scan.unknown_tag(tag.start, f"{what}: removed")
        return ""

    def block(opening: Tag, inside: str, closing: Tag) -> str:
        return scan.unknown_block("Zola shortcode", opening, inside, closing)

    return assemble(_zola_pieces(scan), single, block)


def _ends_call(text: str, end: int) -> bool:
    """Whether the text before ``end`` closes an argument list."""
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return text[end - 1] == ")"


def _zola_pieces(scan: Scan) -> list[Piece]:
    text = scan.text
    pieces: list[Piece] = []
    closers = Finder(text)
    at = 0
    search = 0
    while (found := _ZOLA.search(text, search)) is not None:
        start = found.start()
        close = "}}" if found.group(1) == "{" else "%}"
        search = start + 1  # "{{{" may open at its second brace
        if text.startswith("/*", start + 2):  # Zola's escape
            end = closers.find("*/" + close, start + 4)
            if end >= 0:
                pieces.append(text[at:start])
                pieces.append(text[start : start + 2] + text[start + 4 : end] + close)
                at = search = end + 4
            continue
        end = closers.find(close, start + 2)
        if end < 0:
            continue
        call = _ZOLA_CALL.match(text, start + 2, end)
        if call and _ends_call(text, end):
            role = "single" if close == "}}" else "open"
        elif close == "%}" and _ZOLA_END.fullmatch(text, start + 2, end):
            call, role = None, "close"
        else:
            continue  # text to Zola
        pieces.append(text[at:start])
        at = search = end + 2
        name = call.group(1) if call else "end"
        pieces.append(Tag(start, at, name, None, role, text[start:at], "zola"))
    pieces.append(text[at:])
    return pieces
