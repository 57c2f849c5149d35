"""The whole pipeline as one function: sources and config in, files out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from feedsmith.collect import collect
from feedsmith.config import Config, ContentSettings
from feedsmith.content import render
from feedsmith.errors import SourceError, SourceErrors, SourceWarning
from feedsmith.model import Article, Feed
from feedsmith.render import FORMATS
from feedsmith.select import FeedSpec, select


@dataclass(frozen=True, slots=True)
class Build:
    files: dict[Path, bytes]
    articles: int
    warnings: tuple[SourceWarning, ...] = ()
    skipped: tuple[SourceError, ...] = ()  # with keep_going: sources left out


def build(config: Config, now: datetime, keep_going: bool = False) -> Build:
    """Every feed file of the site, in memory; nothing is written here.

    ``now`` is the moment before which articles count as published; it is
    passed in so that builds and tests never read the clock themselves.
    With ``keep_going``, sources with errors are left out instead of failing
    the build.
    """
    collection = collect(config, now, keep_going)
    articles = collection.articles
    if not articles:
        raise SourceErrors(
            [
                SourceError(
                    config.sources.folders[0],
                    0,
                    "no published articles to put in a feed",
                )
            ]
        )
    specs = select(articles, config)
    rendered, render_warnings = _render_bodies(specs, config.content)
    files = {}
    for spec in specs:
        items = tuple(rendered[article.id] for article in spec.items)
        for name in config.feeds.formats:
            fmt = FORMATS[name]
            feed = Feed(
                title=spec.title,
                description=spec.description,
                self_url=f"{config.feeds.url}{spec.folder}{fmt.filename}",
                items=items,
                full_content=config.feeds.content == "full",
                updated=_feed_date(items, now),
            )
            files[config.output / spec.folder / fmt.filename] = fmt.render(
                feed, config.site
            )
    warnings = (*collection.warnings, *render_warnings)
    return Build(files, len(articles), warnings, collection.skipped)


def _feed_date(items: tuple[Article, ...], now: datetime) -> datetime:
    """The newest change among the items, not counting future-dated ones."""
    past = [item.modified for item in items if item.modified <= now]
    return max(past or [min(item.modified for item in items)])


def _render_bodies(
    specs: list[FeedSpec], settings: ContentSettings
) -> tuple[dict[str, Article], list[SourceWarning]]:
    """Render each article that appears in some feed exactly once."""
    rendered: dict[str, Article] = {}
    warnings = []
    for spec in specs:
        for article in spec.items:
            if article.id not in rendered:
                rendered[article.id], warning = render(article, settings)
                warnings.extend([warning] if warning else [])
    return rendered, warnings
