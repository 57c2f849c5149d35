"""The ``<link rel="alternate">`` tags that let browsers and readers find a
page's feeds, ready to paste into (or include in) the page's ``<head>``."""

from __future__ import annotations

from html import escape

from feedsmith.model import Directory, FeedFile, Listed
from feedsmith.render import made_by

LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def render(directory: Directory, folder: str) -> bytes:
    """The tags for the page of the feed in ``folder``: a tag page gets its
    tag's feeds first, then the site's, as readers offer the first found."""
    shown = [feed for feed in directory.feeds if feed.folder == folder]
    if folder:
        shown.extend(feed for feed in directory.feeds if not feed.folder)
    lines = [f"<!-- {made_by(directory.feeds_url)} -->"]
    lines.extend(_link(feed, file) for feed in shown for file in feed.files)
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
