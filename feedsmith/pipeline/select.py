"""Decide which articles go into which feed, and what each feed shows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from feedsmith.config import Config
from feedsmith.model import Article, Feed, Listing, Podcast
from feedsmith.pipeline.metadata import tag_slug

T = TypeVar("T", datetime, float)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """A feed before it has a format: its folder under the output and its items."""

    folder: str  # "" for the main feed, "tags/<slug>/" for a tag feed
    title: str
    description: str
    items: tuple[Listing, ...]
    formats: tuple[str, ...]  # in feeds.formats' order
    tag: str | None = None  # the tag's name, for a tag feed
    # "main", "tags", "authors", "sections", "categories" or "custom"
    kind: str = "main"
    name: str | None = None  # the tag's, author's, section's or custom feed's
    page: Page | None = None  # its place among its archive documents, if any

    @property
    def archived(self) -> bool:
        """An archive document: no view lists it."""
        return self.page is not None and self.page.number > 0


@dataclass(frozen=True, slots=True)
class Page:
    """Where an RFC 5005 archive document, or a current feed that has
    some, stands among its feed's pages."""

    current: str  # the folder of the current feed
    number: int  # 1 for the oldest page; 0 for the current feed itself
    pages: int  # how many archive documents the feed has


@dataclass(frozen=True, slots=True)
class _Members:
    """A current feed, its items not yet cut to its limit."""

    spec: FeedSpec
    limit: int
    articles: list[Listing]  # newest first


def select(articles: list[Listing], config: Config) -> list[FeedSpec]:
    """The main feed, one feed per tag (by slug), then the archive pages.

    ``articles`` must already be sorted newest first. A tag's display name is
    its spelling on the newest article that carries it.
    """
    members = _members(articles, config)
    specs = [replace(m.spec, items=tuple(m.articles[: m.limit])) for m in members]
    return specs


def _members(articles: list[Listing], config: Config) -> list[_Members]:
    """Each current feed, the main one first, with all its articles when
    an archive pages them, else its newest ``limit``."""
    limit = config.feeds.limit
    everything = config.feeds.archive > 0
    site = config.site
    formats = config.feeds.formats
    main = FeedSpec("", site.title, site.description, (), formats)
    found = [_Members(main, limit, articles if everything else articles[:limit])]
    if "tags" not in config.feeds.by:
        return found
    cap = len(articles) if everything else limit
    by_slug: dict[str, tuple[str, list[Listing]]] = {}
    by_tag: dict[str, list[Listing]] = {}  # spellings of one slug share a list
    for article in articles:
        for tag in article.tags:
            items = by_tag.get(tag)
            if items is None:
                _, items = by_slug.setdefault(tag_slug(tag), (tag, []))
                by_tag[tag] = items
            if len(items) < cap:
                items.append(article)
    for slug in sorted(by_slug):
        name, items = by_slug[slug]
        spec = FeedSpec(
            folder=f"tags/{slug}/",
            title=f"{site.title}: {name}",
            description=f"Articles tagged {name} on {site.title}",
            items=(),
            formats=formats,
            tag=name,
            kind="tags",
            name=name,
        )
        found.append(_Members(spec, limit, items))
    return found


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
        archive=None,  # the archive part fills in RFC 5005 links
        podcast=_show(spec, config),
    )


def _show(spec: FeedSpec, config: Config) -> Podcast | None:
    """The podcast ``spec``'s current feed is, if the config names it."""
    show = config.podcast
    if show is None or spec.folder != show.feed or spec.archived:
        return None
    return show


def feed_date(changes: list[T], now: T) -> T:
    """The newest of the items' changes, not counting future-dated ones (as
    datetimes for the feed, as POSIX seconds for a key made from listings)."""
    past = [change for change in changes if change <= now]
    return max(past or [min(changes)])
