"""The ``<link rel="alternate">`` tags that let browsers and readers find a
page's feeds, ready to paste into (or include in) the page's ``<head>``."""

from __future__ import annotations

from html import escape

from feedsmith.model import Directory, FeedFile, Listed
from feedsmith.render import made_by

LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def render(directory: Directory, feed: int) -> bytes:
    """The tags for the page of ``directory.feeds[feed]``: a tag page gets
    its tag's feeds first, then the site's (the first of the directory), as
    readers offer the first found. By position, so that writing one file
    per tag costs no search through the tags."""
    shown = [directory.feeds[feed]]
    if feed:
        shown.append(directory.feeds[0])
    lines = [f"<!-- {made_by(directory.feeds_url)} -->"]
    lines.extend(_link(listed, file) for listed in shown for file in listed.files)
    return ("\n".join(lines) + "\n").encode()


def alternate(feed: Listed, file: FeedFile) -> dict[str, str]:
    """The attributes of the ``<link>`` that announces ``file``, unescaped:
    the index page's head carries the same tags as these snippets."""
    return {
        "rel": "alternate",
        "type": file.media_type,
        "title": f"{feed.title} ({LABELS[file.format]})",
        "href": file.url,
    }


def _link(feed: Listed, file: FeedFile) -> str:
    # A raw CR in an attribute reads back as a line feed: write a reference.
    shown = " ".join(
        f'{name}="{escape(value).replace(chr(13), "&#13;")}"'
        for name, value in alternate(feed, file).items()
    )
    return f"<link {shown}>"
