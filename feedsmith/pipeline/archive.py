"""RFC 5005 archived feeds: every item of a feed, in pages that stay put.

A current feed keeps its newest items; the older ones go into archive
pages numbered from the oldest, a fixed number of items each, so that a
new article changes only the current feed and the newest page (and the
page before it when the new article opens a page). A reader follows the
``prev-archive`` links from the current feed to the oldest page and so
reads every item the feed ever had, each once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from feedsmith.model import ArchiveLinks, Listing

if TYPE_CHECKING:  # select builds on this module
    from feedsmith.pipeline.select import FeedSpec

ARCHIVE = "archive/"  # under a feed's folder: archive/<n>/ holds page n


@dataclass(frozen=True, slots=True)
class Page:
    """Where an RFC 5005 archive document, or a current feed that has
    some, stands among its feed's pages."""

    current: str  # the folder of the current feed
    number: int  # 1 for the oldest page; 0 for the current feed itself
    pages: int  # how many archive documents the feed has


def pages(
    feeds: Sequence[tuple[FeedSpec, Sequence[Listing]]], per_page: int
) -> list[FeedSpec]:
    """The current feeds, each marked with its page count, then every
    archive page of each, in the same order.

    Each feed comes with all its articles, newest first; its spec already
    holds the newest of them, and the rest are archived ``per_page`` to a
    page, page 1 the oldest. ``per_page`` 0 archives nothing.
    """
    current: list[FeedSpec] = []
    archived: list[FeedSpec] = []
    for spec, everything in feeds:
        older = list(everything[len(spec.items) :])
        if per_page <= 0:
            current.append(spec)
            continue
        if not older:  # in the chain, though it has no page yet
            current.append(replace(spec, page=Page(spec.folder, 0, 0)))
            continue
        older.reverse()  # oldest first: page 1 never changes once full
        chunks = [older[at : at + per_page] for at in range(0, len(older), per_page)]
        total = len(chunks)
        current.append(replace(spec, page=Page(spec.folder, 0, total)))
        for number, chunk in enumerate(chunks, start=1):
            archived.append(
                replace(
                    spec,
                    folder=f"{spec.folder}{ARCHIVE}{number}/",
                    items=tuple(reversed(chunk)),  # newest first, as every feed
                    page=Page(spec.folder, number, total),
                )
            )
    return current + archived


def links(spec: FeedSpec, filename: str, feeds_url: str) -> ArchiveLinks | None:
    """The RFC 5005 links of ``spec``'s file ``filename``: a current feed
    points at its newest page, if it has one yet; a page at the current
    feed and at the pages either side of it. None without an archive."""
    page = spec.page
    if page is None:
        return None

    def url(number: int) -> str:
        folder = f"{page.current}{ARCHIVE}{number}/" if number else page.current
        return f"{feeds_url}{folder}{filename}"

    if page.number == 0:
        newest = url(page.pages) if page.pages else None
        return ArchiveLinks(url(0), newest, None, archived=False)
    older = url(page.number - 1) if page.number > 1 else None
    newer = url(page.number + 1) if page.number < page.pages else None
    return ArchiveLinks(url(0), older, newer, archived=True)
