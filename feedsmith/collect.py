"""Read every source into articles, gathering all errors before giving up."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from feedsmith.cache import Cache
from feedsmith.config import Config
from feedsmith.discover import Discovery, discover
from feedsmith.errors import SourceError, SourceErrors, SourceWarning
from feedsmith.load import Progress, load
from feedsmith.model import Article, Related
from feedsmith.readers import READERS


@dataclass(frozen=True, slots=True)
class Collection:
    articles: list[Article]  # publishable, newest first, ties broken by id
    warnings: tuple[SourceWarning, ...]
    skipped: tuple[SourceError, ...] = ()  # with keep_going: the sources left out
    next_change: datetime | None = None  # when an article appears or expires
    used_git: bool = False  # some dates came from git history


def collect(
    config: Config,
    now: datetime,
    keep_going: bool = False,
    cache: Cache | None = None,
    jobs: int = 1,
    discovery: Discovery | None = None,
    progress: Progress | None = None,
) -> Collection:
    """The site's publishable articles and any warnings about them.

    Drafts, expired articles and (unless ``feeds.future``) articles dated
    after ``now`` are left out. Raises ``SourceErrors`` listing every
    unreadable file and every clash of ids or links, so a user fixes them all
    in one round; with ``keep_going`` those sources are skipped instead.
    """
    discovery = discovery or discover(config.sources, READERS)
    loaded = load(discovery.paths, config, cache or Cache(None, ""), jobs, progress)
    articles = [entry.article for entry in loaded.entries]
    errors = loaded.errors
    clashes = _clashes(articles, config.path.parent)
    if (errors or clashes) and not keep_going:
        raise SourceErrors(errors + clashes)
    clashing = {error.path for error in clashes}
    kept = [a for a in _link_related(articles) if a.source not in clashing]
    shown = [a for a in kept if _visible(a, now, config.feeds.future)]
    skipped = SourceErrors(errors + clashes).errors
    warnings = (*discovery.skipped, *loaded.warnings)
    return Collection(
        sorted(shown, key=_newest_first),
        warnings,
        skipped,
        _next_change(kept, now),
        loaded.used_git,
    )


def _next_change(articles: list[Article], now: datetime) -> datetime | None:
    """The first moment after ``now`` at which the set of visible articles moves."""
    moments = (
        moment
        for a in articles
        for moment in (a.published, a.embargo, a.expires)
        if moment is not None and moment > now
    )
    return min(moments, default=None)


def _visible(article: Article, now: datetime, future: bool) -> bool:
    if article.draft or (article.expires and article.expires <= now):
        return False
    return future or (
        article.published <= now and (article.embargo is None or article.embargo <= now)
    )


def _newest_first(article: Article) -> tuple[float, str]:
    return (-article.published.timestamp(), article.id)


def _link_related(articles: list[Article]) -> list[Article]:
    """Point each navigation title at the article of that title, if any."""
    if not any(a.related for a in articles):
        return articles
    by_title = {_title_key(a.title): a.link for a in articles if not a.draft}
    linked = []
    for article in articles:
        related = tuple(
            Related(r.title, by_title.get(_title_key(r.title))) for r in article.related
        )
        linked.append(replace(article, related=related) if related else article)
    return linked


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _clashes(articles: list[Article], base: Path) -> list[SourceError]:
    """Articles sharing an id or a link; the later one carries the error."""
    errors = []
    for field in ("id", "link"):
        seen: dict[str, Article] = {}
        for article in articles:
            value = getattr(article, field)
            if value in seen:
                other = os.path.relpath(seen[value].source, base)
                errors.append(
                    SourceError(
                        article.source,
                        0,
                        f"same {field} as {other} ({value}); "
                        "give one of them another slug, permalink or id",
                    )
                )
            seen.setdefault(value, article)
    return errors
