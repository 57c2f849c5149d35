"""Choose the human views of the feeds: a page a person opens, the
stylesheets that make a feed readable in a browser, the OPML list and the
discovery tags; and what they show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from feedsmith.config import Config
from feedsmith.model import Article, Directory, FeedFile, Listed
from feedsmith.pipeline.select import FeedSpec
from feedsmith.render import FORMATS, discovery, index, opml, stylesheet

# by feeds.stylesheet, in the order feeds name them
STYLESHEETS = {"both": ("feed.xsl", "feed.css"), "css": ("feed.css",), "none": ()}
INDEX, OPML, DISCOVERY = "index.html", "feeds.opml", "discovery.html"
VIEW_NAMES = frozenset((*STYLESHEETS["both"], INDEX, OPML, DISCOVERY))


@dataclass(frozen=True, slots=True)
class View:
    path: str  # under the output folder
    render: Callable[[Directory], bytes]
    shows_items: bool = False  # the main feed's items, bodies rendered


def views(specs: list[FeedSpec], config: Config) -> tuple[View, ...]:
    """Each human view the config asks for, of the feeds ``specs`` define."""
    settings = config.feeds
    chosen: list[View] = []
    if {"rss", "atom"} & set(settings.formats):
        chosen.extend(
            View(name, partial(stylesheet.render, name=name))
            for name in STYLESHEETS[settings.stylesheet]
        )
    if settings.index:
        chosen.append(View(INDEX, index.render, shows_items=True))
    if settings.opml:
        chosen.append(View(OPML, opml.render))
    if settings.discovery:
        chosen.extend(
            View(
                f"{spec.folder}{DISCOVERY}",
                partial(discovery.render, feed=position),
            )
            for position, spec in enumerate(specs)
            if not spec.archived
        )
    return tuple(chosen)


def directory(
    specs: list[FeedSpec], newest: tuple[Article, ...], config: Config
) -> Directory:
    """What the views show: every feed of ``specs`` (the main one first),
    and ``newest``, the main feed's items with their bodies, which only the
    views that show items may be given (the others get none, so the engine
    need not render them)."""
    base = config.feeds.url
    listed = tuple(
        Listed(
            folder=spec.folder,
            title=spec.title,
            description=spec.description,
            files=tuple(
                FeedFile(
                    name,
                    FORMATS[name].media_type,
                    f"{base}{spec.folder}{FORMATS[name].filename}",
                )
                for name in spec.formats
            ),
            kind=spec.kind,
            name=spec.name,
        )
        for spec in specs
        if not spec.archived
    )
    return Directory(
        site=config.site,
        feeds_url=base,
        feeds=listed,
        newest=newest,
        opml=config.feeds.opml,
        index=config.feeds.index,
    )
