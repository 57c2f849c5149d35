"""Read every source into articles, gathering all errors before giving up."""

from __future__ import annotations

from datetime import datetime

from feedsmith.config import Config
from feedsmith.discover import discover
from feedsmith.errors import SourceError, SourceErrors
from feedsmith.metadata import to_article
from feedsmith.model import Article
from feedsmith.readers import READERS, read


def collect(config: Config, now: datetime) -> list[Article]:
    """The site's publishable articles, newest first, ties broken by id.

    Drafts and articles dated after ``now`` are left out. Raises
    ``SourceErrors`` listing every unreadable file and every clash of ids or
    links, so a user fixes them all in one round.
    """
    articles: list[Article] = []
    errors: list[SourceError] = []
    for path in discover(config.sources, READERS):
        try:
            articles.append(to_article(read(path), config))
        except SourceError as error:
            errors.append(error)
    errors.extend(_clashes(articles))
    if errors:
        raise SourceErrors(errors)
    published = [a for a in articles if not a.draft and a.published <= now]
    return sorted(published, key=_newest_first)


def _newest_first(article: Article) -> tuple[float, str]:
    return (-article.published.timestamp(), article.id)


def _clashes(articles: list[Article]) -> list[SourceError]:
    errors = []
    for field in ("id", "link"):
        seen: dict[str, Article] = {}
        for article in articles:
            value = getattr(article, field)
            if value in seen:
                first = seen[value]
                errors.append(
                    SourceError(
                        article.source,
                        0,
                        f"same {field} as {first.source} ({value}); "
                        "give one of them another slug, permalink or id",
                    )
                )
            seen.setdefault(value, article)
    return errors
