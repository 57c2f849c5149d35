"""Make body HTML safe to publish and self-contained.

Feed readers show item HTML inside their own pages, so content must not
carry scripts, styles, frames, forms or event handlers, and every URL in it
must be absolute: a reader has no page to resolve a relative one against.
nh3 (ammonia) does the sanitizing; its attribute hook rewrites URLs in the
same walk. With ``sanitize`` off, lxml only rewrites the URLs.

A ``#fragment`` link is resolved against the article's link, like every
other relative URL, so it leads to the anchor on the web page: a reader
resolves a bare ``#fn:1`` against the feed's own address (feedparser does,
as Atom's rules say), which leads nowhere. The ids stay in the content, for
readers that show footnotes in place.

Every attribute that holds a URL is in ``URL_ATTRIBUTES``, one list for both
paths. Sanitizing drops any of them whose scheme is not in ``SCHEMES``
(``javascript:``, ``data:`` and the like), and each unsafe candidate of a
``srcset``. With ``sanitize`` off the owner has chosen to publish the HTML as
written, scripts included, so URLs are made absolute but never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

import lxml.html
import nh3
from lxml import etree

from feedsmith.model import clean_text

URL_ATTRIBUTES = frozenset({
    "action", "archive", "background", "cite", "classid", "codebase", "data",
    "dynsrc", "formaction", "href", "icon", "imagesrcset", "longdesc", "lowsrc",
    "manifest", "ping", "poster", "profile", "src", "srcset", "usemap",
    "xlink:href",
})  # fmt: skip
_SRCSETS = ("srcset", "imagesrcset")
_TAGS = (nh3.ALLOWED_TAGS - {"area", "map"}) | {
    "audio", "figure", "picture", "source", "track", "video",
}  # fmt: skip
_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()} | {
    "*": {"id", "title", "lang", "dir"},
    "img": nh3.ALLOWED_ATTRIBUTES["img"] | {"srcset", "sizes", "loading"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "video": {"src", "poster", "controls", "width", "height", "loop", "muted"},
    "audio": {"src", "controls", "loop"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "code": {"class"},  # language-python and the like, for highlighting
    "pre": {"class"},
}
# No javascript:, vbscript: or data: (readers block data: images anyway).
SCHEMES = frozenset(
    {"http", "https", "mailto", "tel", "ftp", "ftps", "sms", "geo", "magnet"}
)
# What browsers ignore in a URL before reading its scheme: leading C0 controls
# and spaces, and tabs and newlines anywhere.
_IGNORED = re.compile("[\t\n\r]+")
_LEADING = "".join(map(chr, range(0x21)))
_SEPARATORS = re.compile(r"[\s,]*+")  # between srcset candidates
_NON_SPACE = re.compile(r"\S*+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*+):")
Join = Callable[[str], str]  # a URL as written -> absolute


def clean(
    markup: str,
    base: str,
    *,
    sanitize: bool = True,
    resolve: Join | None = None,
) -> str:
    """``markup`` sanitized (unless told not to) with absolute URLs, and
    without characters XML cannot carry, which character references in raw
    HTML (``<pre>&#1;</pre>``) decode to.

    ``resolve(url)`` makes each URL absolute (every URL attribute, every
    ``srcset`` candidate) when given, instead of ``urljoin(base, url)``; an
    unsafe one is dropped before it is asked. A ValueError from it drops the
    URL as urllib's does (kept as written with ``sanitize`` off).
    """
    join = resolve or (lambda url: urljoin(base, url))
    return clean_text(_clean(markup, join, sanitize)).text


def _clean(markup: str, join: Join, sanitize: bool) -> str:
    if not markup.strip():
        return ""
    if not sanitize:
        return _absolute_urls(markup, join)

    def resolve(tag: str, name: str, value: str) -> str | None:
        return _resolved(name, value, join, drop_unsafe=True)

    # link_rel=None: keep links as written; readers add their own rel.
    resolved = nh3.clean(
        markup,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(SCHEMES),
        attribute_filter=resolve,
        link_rel=None,
    )
    return resolved.strip() + "\n" if resolved.strip() else ""


def safe_url(url: str) -> bool:
    """Whether ``url`` is relative or has a scheme in ``SCHEMES``, read as a
    browser reads it (``java&#9;script:`` is javascript:)."""
    scheme = _SCHEME.match(_IGNORED.sub("", url.lstrip(_LEADING)))
    return scheme is None or scheme.group(1).lower() in SCHEMES


def _resolved(
    name: str, value: str, join: Join, drop_unsafe: bool = False
) -> str | None:
    """``value`` of attribute ``name`` with its URLs absolute; None to drop it."""
    if name not in URL_ATTRIBUTES:
        return value
    if name not in _SRCSETS:
        return _absolute(value, join, drop_unsafe)
    candidates = []
    for url, descriptor in srcset_candidates(value):
        absolute = _absolute(url, join, drop_unsafe)
        if absolute is not None:
            candidates.append(f"{absolute} {descriptor}".strip())
    return ", ".join(candidates) or None


def _absolute(url: str, join: Join, drop_unsafe: bool) -> str | None:
    """``url`` made absolute by ``join``; None to drop it, when ``drop_unsafe``
    and it is unsafe or no URL at all (``http://[x``)."""
    url = url.strip()
    if drop_unsafe and not safe_url(url):
        return None
    try:
        return join(url)
    except ValueError:  # urllib refuses it
        return None if drop_unsafe else url


def srcset_candidates(srcset: str) -> Iterator[tuple[str, str]]:
    """``(url, descriptors)`` of each image candidate in a ``srcset``.

    As the HTML standard splits it: a URL runs to the next whitespace and may
    hold commas (``data:`` URLs do); descriptors run to the next comma.
    """
    position, end = 0, len(srcset)
    while True:
        start = _run_end(_SEPARATORS, srcset, position)
        if start == end:
            return
        position = _run_end(_NON_SPACE, srcset, start)
        url = srcset[start:position]
        if url.endswith(","):
            yield url.rstrip(","), ""
            continue
        comma = srcset.find(",", position)
        comma = end if comma < 0 else comma
        yield url, " ".join(srcset[position:comma].split())
        position = comma


def _run_end(pattern: re.Pattern[str], text: str, start: int) -> int:
    """Where the run of ``pattern`` from ``start`` ends (``start`` for none)."""
    run = pattern.match(text, start)
    assert run is not None  # both patterns match the empty string too
    return run.end()


def _absolute_urls(markup: str, join: Join) -> str:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    for element in root.iter(etree.Element):
        for name, value in element.items():
            resolved = _resolved(name, value, join)
            element.set(name, clean_text(value if resolved is None else resolved).text)
    wrapped = lxml.html.tostring(root, encoding="unicode")
    inner = wrapped.removeprefix("<div>").removesuffix("</div>").strip()
    return inner + "\n" if inner else ""
