"""RFC 5005 archive links in RSS and Atom, through one feedgen extension.

An extension because feedgen writes only the self link of an RSS
channel's Atom links, and knows nothing of ``fh:archive``.
"""

from __future__ import annotations

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feedsmith.model import ArchiveLinks

FH = "http://purl.org/syndication/history/1.0"
ATOM = "http://www.w3.org/2005/Atom"


def add_history(generator: FeedGenerator, archive: ArchiveLinks | None) -> None:
    """Give ``generator``'s feed its place among its archive documents:
    its ``current``, ``prev-archive`` and ``next-archive`` links, and
    ``fh:archive`` when it is an archive page."""
    if archive is None:
        return
    generator.register_extension("history", _History, atom=True, rss=True)
    generator.history.archive = archive


class _History(BaseExtension):
    def __init__(self) -> None:
        self.archive = ArchiveLinks("", None, None, archived=False)

    def extend_ns(self) -> dict[str, str]:
        return {"fh": FH} if self.archive.archived else {}

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        channel = feed.find("channel")
        assert channel is not None  # feedgen always writes one
        self._add(channel, f"{{{ATOM}}}link")
        return feed

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        # feedgen writes Atom's namespace as a plain attribute: its
        # elements are in no namespace as lxml sees them.
        self._add(feed, "link")
        return feed

    def _add(self, parent: etree._Element, link: str) -> None:
        """The links after the feed's last link (self, hub or alternate),
        then ``fh:archive``: all in the feed's head, before its items."""
        archive = self.archive
        wanted = [
            ("current", archive.current if archive.archived else None),
            ("prev-archive", archive.prev_archive),
            ("next-archive", archive.next_archive),
        ]
        anchor = parent.findall(link)[-1]  # render() always adds a self link
        for rel, href in wanted:
            if href is not None:
                added = etree.Element(link, href=href, rel=rel)
                anchor.addnext(added)
                anchor = added
        if archive.archived:
            anchor.addnext(etree.Element(f"{{{FH}}}archive"))
