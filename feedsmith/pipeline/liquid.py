"""Liquid in a body, as Jekyll 4.3 and Eleventy 3 render it before Markdown,
and Pelican's liquid_tags ``{% x %}`` tags.

Liquid's lexical rules, as Liquid itself has them: a tag is ``{%`` up to
the first ``%}``, its name the first word; an output is ``{{`` up to the
first ``}}``; a ``-`` just inside either strips the whitespace beside it;
``{% raw %}`` holds its text as written up to ``{% endraw %}`` and
``{% comment %}`` hides its text up to ``{% endcomment %}``. A block tag
closes with ``end`` and its name.

Rendered (Jekyll): ``link``, ``post_url``, ``highlight``, the outputs
``site.url``, ``site.baseurl``, ``site.KEY``, ``page.KEY`` (plain values of
the site's config and of the front matter) and the filters
``relative_url`` and ``absolute_url``; (Eleventy) front matter values and
its ``url`` filter. Pelican reads no outputs: ``{{ x }}`` there is text.
Everything else is an unknown tag (see :mod:`.tags`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from feedsmith.pipeline.tags import (
    Finder,
    Piece,
    Scan,
    Tag,
    assemble,
    attribute,
    text_html,
)

_OPENER = {
    "pelican": re.compile(r"\{%"),
    "jekyll": re.compile(r"\{[{%]"),
    "eleventy": re.compile(r"\{[{%]"),
}
_TAG = re.compile(r"\s*(\w+)\s*(.*?)\s*", re.S)
_END = {
    name: re.compile(rf"\{{%-?\s*end{name}\s*-?%\}}") for name in ("raw", "comment")
}
# Tags that only divide a block (``{% else %}``): part of their block.
_DIVIDERS = frozenset({"else", "elsif", "when", "empty"})
_SINGLE = {"jekyll": frozenset({"link", "post_url"})}
_BLOCKS = {"jekyll": frozenset({"highlight"})}
_NAMES = {"jekyll": "Jekyll", "eleventy": "Eleventy", "pelican": "Pelican"}
# Jekyll's page values it computes, not the front matter's
_COMPUTED = frozenset({
    "url", "date", "id", "content", "excerpt", "path", "relative_path", "next",
    "previous", "collection", "dir", "name", "output",
})  # fmt: skip
_SITE_COMPUTED = frozenset({
    "posts", "pages", "time", "data", "categories", "tags", "collections",
    "documents", "static_files", "html_pages", "html_files", "related_posts",
})  # fmt: skip
_FILTERS = {"jekyll": ("relative_url", "absolute_url"), "eleventy": ("url",)}
_VALUE = re.compile(
    r"""\s*("[^"]*"|'[^']*'|-?\d+(?:\.\d+)?|[A-Za-z_][\w-]*(?:\.[\w-]+|\[(?:"[^"]*"|'[^']*'|\d+)\])*)\s*(.*)""",
    re.S,
)
_FILTER = re.compile(r"\|\s*(\w+)\s*")


def liquid(scan: Scan) -> str:
    """The body of ``scan`` with its Liquid rendered."""
    name = _NAMES[scan.generator]

    def single(tag: Tag, within: Tag | None) -> str:
        if tag.name == "{{":
            return _output(scan, tag)
        if tag.name in _SINGLE.get(scan.generator, ()):
            return _link(scan, tag)
        if tag.key in _BLOCKS.get(scan.generator, ()):
            scan.warn(tag.start, f"{tag.written} has no {_pair(tag)}: removed")
            return ""
        if scan.keep:
            return tag.written
        if tag.name in _DIVIDERS and within is not None:
            return ""  # its block is reported
        scan.unknown_tag(tag.start, f"unknown {name} tag {tag.written}: removed")
        return ""

    def block(opening: Tag, inside: str, closing: Tag) -> str:
        if opening.name == "highlight" and scan.generator == "jekyll":
            return scan.block(opening, _highlight(scan, opening, inside))
        return scan.unknown_block(f"{name} tag", opening, inside, closing)

    return assemble(_pieces(scan), single, block)


def _pair(tag: Tag) -> str:
    return f"{{% {tag.key} %}}" if tag.role == "close" else f"{{% end{tag.key} %}}"


def _pieces(scan: Scan) -> list[Piece]:
    """The body as text and tags, whitespace control applied, raw text and
    comments read."""
    text = scan.text
    opener = _OPENER[scan.generator]
    pieces: list[Piece] = []
    closers = Finder(text)
    unclosed: set[str] = set()  # raw or comment, with no end after here
    strip_next = False
    at = 0
    while (found := opener.search(text, at)) is not None:
        start = found.start()
        output = text[start + 1] == "{"
        end = closers.find("}}" if output else "%}", start + 2)
        if end < 0:  # not a tag: removed, or with keep, text
            opening, closer = ("{{", "}}") if output else ("{%", "%}")
            if not scan.keep:
                scan.unknown_tag(start, f"{opening} with no {closer}: removed")
            _text(pieces, text[at : start + 2 * scan.keep], strip_next)
            strip_next = False
            at = start + 2
            continue
        inside = text[start + 2 : end]
        strip_before = inside.startswith("-")
        strip_after = inside.endswith("-") and len(inside) > strip_before
        inside = inside[strip_before : len(inside) - strip_after]
        before = text[at:start]
        if strip_before:
            before = before.rstrip()
        _text(pieces, before, strip_next)
        strip_next = strip_after
        at = end + 2
        written = text[start:at]
        if output:
            pieces.append(Tag(start, at, "{{", inside.strip(), "single", written))
            continue
        tag = _TAG.fullmatch(inside)
        if tag is None:
            if scan.keep:
                pieces.append(written)
            else:
                scan.unknown_tag(start, f"{written} names no tag: removed")
            continue
        name, args = tag.groups()
        if name in _END:
            at, strip_next = _verbatim(scan, pieces, name, written, at, unclosed)
            continue
        pieces.append(_tag(scan, start, at, name, args, written))
    _text(pieces, text[at:], strip_next)
    return pieces


def _text(pieces: list[Piece], text: str, strip: bool) -> None:
    if strip:
        text = text.lstrip()
    if text:
        pieces.append(text)


def _tag(scan: Scan, start: int, end: int, name: str, args: str, written: str) -> Tag:
    if name in _SINGLE.get(scan.generator, ()):
        return Tag(start, end, name, args, "single", written, name)
    if name.startswith("end") and len(name) > 3:
        return Tag(start, end, name, args, "close", written, name[3:])
    return Tag(start, end, name, args, "open", written, name)


def _verbatim(
    scan: Scan, pieces: list[Piece], name: str, written: str, at: int, unclosed: set
) -> tuple[int, bool]:
    """``{% raw %}`` (its text kept as written) or ``{% comment %}`` (its
    text hidden): where the text goes on, and whether its start is
    stripped."""
    end = None if name in unclosed else _END[name].search(scan.text, at)
    if end is None:
        unclosed.add(name)
        scan.warn(at - len(written), f"{written} has no {{% end{name} %}}: removed")
        return at, False
    if name == "raw":
        _text(pieces, scan.text[at : end.start()], False)
    closing = end.group()
    if closing.startswith("{%-") and pieces and isinstance(pieces[-1], str):
        pieces[-1] = pieces[-1].rstrip()
    return end.end(), closing.endswith("-%}")


def _link(scan: Scan, tag: Tag) -> str:
    """``{% link path %}`` and ``{% post_url name %}``: the absolute URL."""
    kind = "jekyll-link" if tag.name == "link" else "jekyll-post"
    if not tag.args:
        scan.warn(tag.start, f"{tag.written} names no file: removed")
        return ""
    return scan.ask((kind, scan.source, tag.args)).url


def _highlight(scan: Scan, opening: Tag, code: str) -> str:
    """Jekyll's highlight block as Rouge renders it, colours aside."""
    words = opening.args.split()
    if not words:
        scan.warn(opening.start, f"{opening.written} names no language: removed")
        return code
    language = words[0]
    code = code.strip("\r\n")
    name = attribute(language.replace("+", "-"))
    head = (
        f'<figure class="highlight"><pre><code class="language-{name}" '
        f'data-lang="{attribute(language)}">'
    )
    if not any(word.startswith("linenos") for word in words[1:]):
        return f"{head}{text_html(code)}</code></pre></figure>"
    numbers = "".join(f"{n}\n" for n in range(1, code.count("\n") + 2))
    return (
        f'{head}<table class="rouge-table"><tbody><tr><td class="gutter gl">'
        f'<pre class="lineno">{text_html(numbers)}</pre></td><td class="code">'
        f"<pre>{text_html(code + chr(10))}</pre></td></tr></tbody></table>"
        "</code></pre></figure>"
    )


class _Unknown(Exception):
    """An output that cannot be rendered here."""


def _output(scan: Scan, tag: Tag) -> str:
    """``{{ value | filter }}``: the value as Liquid prints it."""
    try:
        return _evaluate(scan, tag.args)
    except _Unknown as why:
        if scan.keep:
            return tag.written
        scan.unknown_tag(tag.start, f"cannot render {tag.written} ({why}): removed")
        return ""


def _evaluate(scan: Scan, expression: str) -> str:
    found = _VALUE.fullmatch(expression)
    if found is None:
        raise _Unknown("not a value")
    written, rest = found.groups()
    filters = []
    while rest:
        step = _FILTER.match(rest)
        if step is None:
            raise _Unknown(f"filter arguments {rest.strip()!r}")
        filters.append(step.group(1))
        rest = rest[step.end() :]
    value = _value(scan, written)
    for name in filters:
        if name not in _FILTERS.get(scan.generator, ()):
            raise _Unknown(f"filter {name}")
        value = _url(scan, value, absolute=name != "relative_url")
    return value


def _url(scan: Scan, value: str, *, absolute: bool) -> str:
    """``relative_url`` and ``absolute_url`` (Eleventy's ``url``): the
    absolute URL of a path on the site, for a feed has no page to resolve
    a root-relative one against; an absolute URL stays."""
    if urlsplit(value).scheme:
        return value
    return scan.ask(("site-url", "/" + value.lstrip("/"))).url


def _value(scan: Scan, written: str) -> str:
    if written[0] in "\"'":
        return written[1:-1]
    if written[0].isdigit() or written[0] == "-":
        return written
    if written in ("true", "false"):
        return written
    if written in ("nil", "null", "empty", "blank"):
        return ""
    path = [part.strip("[]\"'") for part in re.findall(r"[\w-]+|\[[^\]]*\]", written)]
    if scan.generator == "eleventy":
        return _printed(_page(scan, path), written)
    root, *keys = path
    if root == "site" and keys in (["url"], ["baseurl"]):
        home = urlsplit(scan.ask(("site-url", "/")).url)
        if keys == ["url"]:
            return f"{home.scheme}://{home.netloc}"
        return home.path.rstrip("/")
    if root == "site" and keys:
        if keys[0] in _SITE_COMPUTED:
            raise _Unknown(f"site.{keys[0]} is computed by Jekyll")
        return _printed(_at(scan.site, keys), written)
    if root == "page" and keys:
        return _printed(_page(scan, keys), written)
    raise _Unknown(f"{root} is not a value of the site or the page")


def _page(scan: Scan, keys: list[str]) -> Any:
    if scan.page is None:
        raise _Unknown("the front matter is not known here")
    if keys[0] not in scan.page and (
        keys[0] in _COMPUTED or scan.generator == "eleventy"
    ):
        raise _Unknown(f"{keys[0]} is computed by {_NAMES[scan.generator]}")
    return _at(scan.page, keys)


def _at(values: Any, keys: list[str]) -> Any:
    for key in keys:
        if isinstance(values, dict):
            values = values.get(key)
        elif isinstance(values, list) and key.isdigit() and int(key) < len(values):
            values = values[int(key)]
        else:
            return None
    return values


def _printed(value: Any, written: str) -> str:
    """A plain value as Liquid prints it (undefined prints nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise _Unknown(f"{written} is not a plain value")
