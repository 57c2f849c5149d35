"""From every source read to the articles to publish, newest first: drafts,
future and expired articles left out, clashes of ids and links caught."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path

from feedsmith.config import Config
from feedsmith.errors import SourceError, SourceErrors, SourceWarning
from feedsmith.model import Article, Listing, Related


@dataclass(frozen=True, slots=True)
class Collection:
    listings: list[Listing]  # publishable, newest first, ties broken by id
    warnings: tuple[SourceWarning, ...]
    skipped: tuple[SourceError, ...] = ()  # with keep_going: the sources left out
    last_change: datetime | None = None  # when an article last appeared or expired
    next_change: datetime | None = None  # when one next appears or expires
    # Each article's link by its folded title; empty unless some article
    # names neighbours in its navigation.
    links_by_title: Mapping[str, str] = field(default_factory=dict)

    def linked(self, article: Article) -> Article:
        """``article`` with its navigation titles pointing at those articles."""
        if not article.related:
            return article
        related = tuple(
            Related(r.title, self.links_by_title.get(_title_key(r.title)))
            for r in article.related
        )
        return replace(article, related=related)


def collect(
    listings: list[Listing],
    errors: list[SourceError],
    warnings: Sequence[SourceWarning],
    config: Config,
    now: datetime,
    keep_going: bool = False,
) -> Collection:
    """The site's publishable articles out of every source read.

    ``listings`` are the sources read, in path order; ``errors`` those that
    could not be, and ``warnings`` what was said about the rest. Drafts,
    expired articles and (unless ``feeds.future``) articles dated after
    ``now`` are left out. Raises ``SourceErrors`` listing every error and
    every clash of ids or links, so a user fixes them all in one round; with
    ``keep_going`` those sources are skipped instead.
    """
    clashes = _clashes(listings, config.path.parent)
    if (errors or clashes) and not keep_going:
        raise SourceErrors(errors + clashes)
    clashing = {str(error.path) for error in clashes}
    kept = [a for a in listings if a.source not in clashing]
    moment = now.timestamp()
    shown = [a for a in kept if _visible(a, moment, config.feeds.future)]
    # Newest first, ties broken by id: two stable sorts on C-level keys, far
    # cheaper at 100,000 articles than one on a Python key function.
    shown.sort(key=attrgetter("id"))
    shown.sort(key=attrgetter("published"), reverse=True)
    if not shown:
        raise SourceErrors(
            [SourceError(config.sources.folders[0], 0, NOTHING_TO_PUBLISH)],
            SourceErrors(errors + clashes).errors,
            skippable=False,
        )
    return Collection(
        shown,
        tuple(warnings),
        SourceErrors(errors + clashes).errors,
        *_changes(kept, moment),
        _links_by_title(kept),
    )


NOTHING_TO_PUBLISH = "no published articles to put in a feed"


def _title_key(title: str) -> str:
    """A title as navigation may spell it: case and spacing don't count."""
    return " ".join(title.casefold().split())


def _changes(
    listings: list[Listing], now: float
) -> tuple[datetime | None, datetime | None]:
    """The last moment up to ``now`` and the first after it at which the
    visible articles, or a feed's date, move: between them the same
    articles make the same feeds."""
    moments = [
        moment
        for a in listings
        for moment in (a.published, a.updated, a.embargo, a.expires)
        if moment is not None
    ]
    last = max((m for m in moments if m <= now), default=None)
    first = min((m for m in moments if m > now), default=None)
    return _moment(last), _moment(first)


def _moment(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def _visible(listing: Listing, now: float, future: bool) -> bool:
    """Not a draft, not expired, and (unless ``future``) its date come, or
    listed before it by the site's generator, and its embargo over."""
    if listing.draft or (listing.expires is not None and listing.expires <= now):
        return False
    return future or (
        (listing.published <= now or listing.listed_early)
        and (listing.embargo is None or listing.embargo <= now)
    )


def _links_by_title(listings: list[Listing]) -> dict[str, str]:
    if not any(a.related for a in listings):
        return {}
    return {_title_key(a.title): a.link for a in listings if not a.draft}


def _clashes(listings: list[Listing], base: Path) -> list[SourceError]:
    """Articles sharing an id or a link; the later one carries the error, one
    per pair of files, naming all they share (an id made from the link
    clashes along with it)."""
    shared: dict[tuple[str, str], dict[str, str]] = {}  # later, earlier: name, value
    for name in ("id", "link"):
        values = list(map(attrgetter(name), listings))
        if len(set(values)) == len(values):
            continue  # the usual case, decided in C
        first: dict[str, str] = {}
        for listing, value in zip(listings, values, strict=True):
            earlier = first.setdefault(value, listing.source)
            if earlier != listing.source:
                shared.setdefault((listing.source, earlier), {})[name] = value
    errors = []
    for (source, earlier), fields in shared.items():
        other = os.path.relpath(earlier, base)
        what = ", ".join(dict.fromkeys(fields.values()))
        errors.append(
            SourceError(
                Path(source),
                0,
                f"same {' and '.join(fields)} as {other} ({what}); "
                "give one of them another slug, permalink or id",
            )
        )
    return errors
