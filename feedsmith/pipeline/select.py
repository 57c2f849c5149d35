"""Decide which articles go into which feed, and what each feed shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from feedsmith.config import Config
from feedsmith.model import Article, Feed, Listing
from feedsmith.pipeline.metadata import tag_slug

T = TypeVar("T", datetime, float)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """A feed before it has a format: its folder under the output and its items."""

    folder: str  # "" for the main feed, "tags/<slug>/" for a tag feed
    title: str
    description: str
    items: tuple[Listing, ...]
    tag: str | None = None  # the tag's name, for a tag feed


def select(articles: list[Listing], config: Config) -> list[FeedSpec]:
    """The main feed, then one feed per tag (by slug), each the newest items.

    ``articles`` must already be sorted newest first. A tag's display name is
    its spelling on the newest article that carries it.
    """
    limit = config.feeds.limit
    site = config.site
    specs = [FeedSpec("", site.title, site.description, tuple(articles[:limit]))]
    if not config.feeds.tags:
        return specs
    by_slug: dict[str, tuple[str, list[Listing]]] = {}
    by_tag: dict[str, list[Listing]] = {}  # spellings of one slug share a list
    for article in articles:
        for tag in article.tags:
            items = by_tag.get(tag)
            if items is None:
                _, items = by_slug.setdefault(tag_slug(tag), (tag, []))
                by_tag[tag] = items
            if len(items) < limit:
                items.append(article)
    for slug in sorted(by_slug):
        name, items = by_slug[slug]
        specs.append(
            FeedSpec(
                folder=f"tags/{slug}/",
                title=f"{site.title}: {name}",
                description=f"Articles tagged {name} on {site.title}",
                items=tuple(items),
                tag=name,
            )
        )
    return specs


def to_feed(
    spec: FeedSpec,
    filename: str,
    items: tuple[Article, ...],
    config: Config,
    now: datetime,
) -> Feed:
    """What the feed file ``filename`` of ``spec`` shows, its items rendered."""
    style = config.feeds.stylesheet
    return Feed(
        title=spec.title,
        description=spec.description,
        self_url=f"{config.feeds.url}{spec.folder}{filename}",
        items=items,
        full_content=config.feeds.content == "full",
        updated=feed_date([item.modified for item in items], now),
        # relative: a stylesheet must come from the feed's own origin
        stylesheet=None if style == "none" else "../" * spec.folder.count("/"),
        xslt=style == "both",
        hub=config.feeds.websub.hub,
    )


def feed_date(changes: list[T], now: T) -> T:
    """The newest of the items' changes, not counting future-dated ones (as
    datetimes for the feed, as POSIX seconds for a key made from listings)."""
    past = [change for change in changes if change <= now]
    return max(past or [min(changes)])
