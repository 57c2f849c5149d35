"""Decide which articles go into which feed, and what each feed shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from operator import attrgetter
from typing import TypeVar

from feedsmith.config import Config
from feedsmith.model import Article, Feed, Listing, Podcast
from feedsmith.pipeline import archive, custom_feed
from feedsmith.pipeline.archive import Page
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
    # "main", "tags", "authors", "sections", "categories" or "custom"
    kind: str = "main"
    name: str | None = None  # the tag's, author's, section's or custom feed's
    page: Page | None = None  # its place among its archive documents, if any

    @property
    def archived(self) -> bool:
        """An archive document: no view lists it."""
        return self.page is not None and self.page.number > 0

    @property
    def tag(self) -> str | None:
        """The tag's name, for a tag's current feed (what --tag finds)."""
        return self.name if self.kind == "tags" and not self.archived else None


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
    feeds = [
        (replace(m.spec, items=tuple(m.articles[: m.limit])), m.articles)
        for m in members
    ]
    return archive.pages(feeds, config.feeds.archive)


def _members(articles: list[Listing], config: Config) -> list[_Members]:
    """Each current feed, the main one first, with all its articles when
    an archive pages them, else its newest ``limit``: then a feed per tag,
    author, section and category ``feeds.by`` names, each kind by slug,
    then the custom feeds in the config's order."""
    limit = config.feeds.limit
    everything = config.feeds.archive > 0
    site = config.site
    formats = config.feeds.formats
    main = FeedSpec("", site.title, site.description, (), formats)
    found = [_Members(main, limit, articles if everything else articles[:limit])]
    cap = len(articles) if everything else limit
    for kind, (values_of, described) in _KINDS.items():
        if kind not in config.feeds.by:
            continue
        by_slug = _by_value(articles, values_of, cap)
        for slug in sorted(by_slug):
            name, items = by_slug[slug]
            spec = FeedSpec(
                folder=f"{kind}/{slug}/",
                title=f"{site.title}: {name}",
                description=described.format(name=name, site=site.title),
                items=(),
                formats=formats,
                kind=kind,
                name=name,
            )
            found.append(_Members(spec, limit, items))
    for custom in config.feeds.custom:
        spec = FeedSpec(
            folder=custom.folder,
            title=custom.title,
            description=custom.description,
            items=(),
            formats=custom.formats,
            kind="custom",
            name=custom.name,
        )
        chosen = custom_feed.chosen(articles, custom, config)
        if chosen:  # none: no feed, as a tag no article has
            cut = chosen if everything else chosen[: custom.limit]
            found.append(_Members(spec, custom.limit, cut))
    return found


# Each kind of feeds.by: the values that give an article's feeds, and the
# feed's description.
_KINDS: dict[str, tuple[Callable[[Listing], tuple[str, ...]], str]] = {
    "tags": (attrgetter("tags"), "Articles tagged {name} on {site}"),
    "authors": (attrgetter("authors"), "Articles by {name} on {site}"),
    "sections": (attrgetter("sections"), "Articles in {name} on {site}"),
    "categories": (attrgetter("categories"), "Articles in category {name} on {site}"),
}


def _by_value(
    articles: list[Listing], values_of: Callable[[Listing], tuple[str, ...]], cap: int
) -> dict[str, tuple[str, list[Listing]]]:
    """The newest ``cap`` articles of each value's slug, and its name: its
    spelling on the newest article that carries it."""
    by_slug: dict[str, tuple[str, list[Listing]]] = {}
    by_value: dict[str, list[Listing]] = {}  # spellings of one slug share a list
    for article in articles:
        for value in values_of(article):
            items = by_value.get(value)
            if items is None:
                slug = tag_slug(value)
                if not slug:  # a folder or name of no letters: no feed
                    continue
                _, items = by_slug.setdefault(slug, (value, []))
                by_value[value] = items
            if len(items) < cap:
                items.append(article)
    return by_slug


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
        archive=archive.links(spec, filename, config.feeds.url),
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
