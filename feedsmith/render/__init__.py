"""Renderers: pure functions from a :class:`Feed` to the bytes of one file,
and from a :class:`Directory` to the bytes of a human view of the feeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from feedsmith.model import Feed, FeedFile, Site
from feedsmith.render import atom, jsonfeed, rss


@dataclass(frozen=True, slots=True)
class Format:
    filename: str
    render: Callable[[Feed, Site], bytes]
    media_type: str  # as <link rel="alternate"> and OPML announce it


# In the order the default `feeds.formats` lists them.
FORMATS: dict[str, Format] = {
    "rss": Format("rss.xml", rss.render, "application/rss+xml"),
    "atom": Format("atom.xml", atom.render, "application/atom+xml"),
    "json": Format("feed.json", jsonfeed.render, "application/feed+json"),
}


# Each kind of feed after the main one, in the order views list them, with
# the name of its group (index.html's heading, the OPML folder).
GROUPS = {
    "tags": "Tags",
    "authors": "Authors",
    "sections": "Sections",
    "categories": "Categories",
    "custom": "More feeds",
}


def preferred(files: tuple[FeedFile, ...]) -> FeedFile:
    """The one file of a feed that a reader is given (OPML, subscribe
    links): RSS, which every reader takes, else Atom, else JSON Feed; a
    reader given all three would subscribe three times."""
    return min(files, key=lambda file: list(FORMATS).index(file.format))


def made_by(feeds_url: str) -> str:
    """The note every human view carries in a comment: how the engine knows
    a file of that name in the output folder is feedsmith's to replace or
    remove, and not another tool's. Characters that could end a comment or
    need escaping are percent-encoded, so it is written as it is anywhere."""
    shown = "".join(f"%{ord(c):02X}" if c in "-*&<>%" else c for c in feeds_url)
    return f"made by feedsmith for {shown}"
