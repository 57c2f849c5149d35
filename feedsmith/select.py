"""Decide which articles go into which feed."""

from __future__ import annotations

from dataclasses import dataclass

from feedsmith.config import Config
from feedsmith.metadata import tag_slug
from feedsmith.model import Listing


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """A feed before it has a format: its folder under the output and its items."""

    folder: str  # "" for the main feed, "tags/<slug>/" for a tag feed
    title: str
    description: str
    items: tuple[Listing, ...]


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
            )
        )
    return specs
