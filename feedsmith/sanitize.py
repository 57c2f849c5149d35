"""Make body HTML safe to publish and self-contained.

Feed readers show item HTML inside their own pages, so content must not
carry scripts, styles, frames, forms or event handlers, and every URL in it
must be absolute: a reader has no page to resolve a relative one against.
nh3 (ammonia) does the sanitizing; its attribute hook rewrites URLs in the
same walk. With ``sanitize`` off, lxml only rewrites the URLs.

A ``#fragment`` link stays as it is when its target is inside the content
(footnotes work in a reader that way); any other one is resolved against the
article's link, so it leads to the anchor on the web page.
"""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
import nh3
from lxml import etree

_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "action"})
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
_SCHEMES = {"http", "https", "mailto", "tel", "ftp", "ftps", "sms", "geo", "magnet"}


def clean(markup: str, base: str, *, sanitize: bool = True) -> str:
    """``markup`` sanitized (unless told not to) with absolute URLs."""
    if not markup.strip():
        return ""
    if not sanitize:
        return _absolute_urls(markup, base)
    anchors: set[str] = set()

    def collect_ids(tag: str, name: str, value: str) -> str:
        if name == "id":
            anchors.add(f"#{value}")
        return value

    safe = _nh3(markup, collect_ids)

    def resolve(tag: str, name: str, value: str) -> str:
        return _resolved(name, value, base, anchors)

    resolved = _nh3(safe, resolve)
    return resolved.strip() + "\n" if resolved.strip() else ""


def _nh3(markup: str, attribute_filter) -> str:
    # link_rel=None: keep links as written; readers add their own rel.
    return nh3.clean(
        markup,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=attribute_filter,
        link_rel=None,
    )


def _resolved(name: str, value: str, base: str, anchors: set[str]) -> str:
    if name == "srcset":
        return _absolute_srcset(value, base)
    if name in _URL_ATTRIBUTES and value.strip() not in anchors:
        return urljoin(base, value.strip())
    return value


def _absolute_urls(markup: str, base: str) -> str:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    anchors = {f"#{name}" for name in root.xpath("//@id | //a/@name")}
    for element in root.iter(etree.Element):
        for name, value in element.items():
            element.set(name, _resolved(name, value, base, anchors))
    wrapped = lxml.html.tostring(root, encoding="unicode")
    inner = wrapped.removeprefix("<div>").removesuffix("</div>").strip()
    return inner + "\n" if inner else ""


def _absolute_srcset(srcset: str, base: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            candidates.append(f"{urljoin(base, url)} {descriptor.strip()}".strip())
    return ", ".join(candidates)
