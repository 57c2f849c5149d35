"""The feeds ``feeds.custom`` defines: which articles each one's filter
keeps."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial
from operator import attrgetter
from pathlib import Path

import pathspec

from feedsmith.config import Config
from feedsmith.config_feeds import CustomFeed, Filter
from feedsmith.model import Listing
from feedsmith.pipeline.discover import source_folder
from feedsmith.pipeline.metadata import tag_slug


def chosen(
    articles: list[Listing], custom: CustomFeed, config: Config
) -> list[Listing]:
    """The articles the custom feed's filter keeps, newest first."""
    keep = _tests(custom.keep, config)
    drop = _tests(custom.exclude, config) if custom.exclude else []
    zone = config.site.timezone
    since = -math.inf if custom.since is None else _midnight(custom.since, zone)
    until = math.inf if custom.until is None else _midnight(custom.until, zone, 1)
    return [
        article
        for article in articles
        if since <= article.published < until
        and all(test(article) for test in keep)
        and not any(test(article) for test in drop)
    ]


def _midnight(day: date, zone: tzinfo, later: int = 0) -> float:
    """The moment ``later`` days after ``day`` begins in ``zone``."""
    return datetime.combine(day + timedelta(days=later), time(), zone).timestamp()


def _tests(chosen: Filter, config: Config) -> list[Callable[[Listing], bool]]:
    """One test per list ``chosen`` gives: whether an article matches it."""
    tests: list[Callable[[Listing], bool]] = []
    for values_of, wanted in (
        (attrgetter("tags"), chosen.tags),
        (attrgetter("authors"), chosen.authors),
        (attrgetter("sections"), chosen.sections),
        (attrgetter("categories"), chosen.categories),
    ):
        if wanted:
            tests.append(partial(_has_any, values_of, frozenset(map(tag_slug, wanted))))
    if chosen.paths:
        spec = pathspec.GitIgnoreSpec.from_lines(chosen.paths)
        tests.append(partial(_in_paths, spec, config.sources.folders))
    return tests


def _has_any(
    values_of: Callable[[Listing], tuple[str, ...]],
    slugs: frozenset[str],
    article: Listing,
) -> bool:
    return any(tag_slug(value) in slugs for value in values_of(article))


def _in_paths(
    spec: pathspec.GitIgnoreSpec, folders: tuple[Path, ...], article: Listing
) -> bool:
    """Whether the article's source, relative to its source folder, matches."""
    folder = os.path.join(source_folder(article.source, folders), "")
    return spec.match_file(article.source[len(folder) :])
