"""Renderers: pure functions from a :class:`Feed` to the bytes of one file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from feedsmith.model import Feed, Site
from feedsmith.render import atom, jsonfeed, rss


@dataclass(frozen=True, slots=True)
class Format:
    filename: str
    render: Callable[[Feed, Site], bytes]


# In the order the default `feeds.formats` lists them.
FORMATS: dict[str, Format] = {
    "rss": Format("rss.xml", rss.render),
    "atom": Format("atom.xml", atom.render),
    "json": Format("feed.json", jsonfeed.render),
}
