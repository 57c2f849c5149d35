"""The incremental build: the pipeline's feeds from as little work as the
cache allows."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from feedsmith.config import Config, ContentSettings
from feedsmith.engine.cache import BuildRecord, Cache
from feedsmith.engine.load import Progress, articles, load
from feedsmith.engine.stamps import rediscover, stamps
from feedsmith.engine.workers import Workers
from feedsmith.errors import SourceError, SourceErrors, SourceWarning
from feedsmith.files import FileStat, digest, racy
from feedsmith.model import Article, Feed, Listing, Site
from feedsmith.pipeline.collect import Collection, collect
from feedsmith.pipeline.content import render
from feedsmith.pipeline.gitdates import GitDating
from feedsmith.pipeline.select import FeedSpec, feed_date, select, to_feed
from feedsmith.readers import READERS, read
from feedsmith.render import FORMATS, Format
from feedsmith.version import __version__

RENDER_PARALLEL_FROM = 200  # fewer bodies than this render faster in one process
_RENDER_CHUNK = 32


@dataclass(frozen=True, slots=True)
class Build:
    files: RenderedFiles  # rendered on access
    articles: int
    warnings: tuple[SourceWarning, ...] = ()
    skipped: tuple[SourceError, ...] = ()  # with keep_going: sources left out
    parsed: int = 0  # sources read and parsed by this build
    rendered: int = 0  # bodies rendered by this build
    walked: int = 0  # folders walked to find the sources; 0: the list was kept


def build(
    config: Config,
    now: datetime,
    cache: Cache,
    workers: Workers,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> Build:
    """What :func:`feedsmith.pipeline.feeds` makes, from as little work as
    ``cache`` allows; nothing is written here.

    Unchanged sources are not read again, unchanged bodies not rendered
    again, and feeds whose inputs are unchanged since they were written are
    not rendered at all. ``workers`` read sources and render bodies when
    there are many; ``progress(done, total)`` hears how reading goes.
    """
    folders = config.sources.folders
    remembered = cache.discovery(folders)
    discovery = rediscover(config.sources, READERS, remembered)
    walked = 0 if discovery is remembered else len(discovery.folders)
    if walked:
        cache.remember_discovery(discovery, folders)
    seen = time.time_ns()  # before the stat pass: the racy rule's safe side
    stats = stamps(discovery.files)
    snapshot = _snapshot(cache.relative_text(discovery.files), stats, keep_going, seen)
    previous = cache.previous_build(snapshot)
    if previous and _still_valid(previous, now, cache):
        on_disk = RenderedFiles(
            dict.fromkeys(previous.keys), previous.keys, config.site
        )
        warned, skipped = previous.notes
        return Build(on_disk, previous.articles, warned, skipped, walked=walked)
    git = GitDating(config.sources)  # one per build: history is read once
    loaded = load(discovery.files, stats, config, cache, workers, git, progress)
    errors = [*discovery.errors, *loaded.errors]  # unreadable folders first
    shallow, accepted = git.shallow()
    if shallow:  # even --keep-going: leaving out every such article is no fix
        raise SourceErrors([*errors, *shallow], skippable=False)
    warnings = (*discovery.skipped, *loaded.warnings, *accepted)
    collection = collect(loaded.listings, errors, warnings, config, now, keep_going)
    specs = select(collection.listings, config)
    planned = _plan(specs, config, now, collection, cache)
    # Only the items of feeds to write again are read whole and rendered.
    stale = [
        path
        for path, (_, _, key) in planned.items()
        if not cache.output_unchanged(path, key)
    ]
    needed = [item for path in stale for item in planned[path][1].items]
    whole = articles(needed, config, cache, git)
    # A source edited since it was listed: its feeds show the new bytes, so
    # they must not be recorded under keys made from the old listing.
    moved = {item.source for item in needed if whole[item.source].digest != item.digest}
    linked = {source: collection.linked(a) for source, a in whole.items()}
    rendered, problems, fresh = _render_bodies(linked, config, cache, workers)
    feeds: dict[Path, tuple[Format, Feed] | None] = dict.fromkeys(planned)
    for path in stale:
        fmt, spec, _ = planned[path]
        items = tuple(rendered[listing.source] for listing in spec.items)
        feeds[path] = (fmt, to_feed(spec, fmt.filename, items, config, now))
    keys = {
        path: "" if moved & {item.source for item in spec.items} else key
        for path, (_, spec, key) in planned.items()
    }  # "": not to be recorded
    files = RenderedFiles(feeds, keys, config.site)
    problems.update(cache.body_problems())
    body_warnings = _body_warnings(specs, config, problems, cache)
    warned = (*collection.warnings, *body_warnings)
    notes = (warned, collection.skipped)
    count = len(collection.listings)
    changes = (collection.last_change, collection.next_change)
    record = BuildRecord(keys, count, notes, *changes)
    if not git.used and not moved:  # git history can change under unchanged files
        cache.remember_build(snapshot, record)
    return Build(files, count, warned, collection.skipped, loaded.parsed, fresh, walked)


def _snapshot(files: str, stats: list[FileStat], keep_going: bool, seen: int) -> str:
    """A hash of every source's name (``files``, each after a NUL, relative
    to the site's folder) and stamp: equal means untouched.

    Empty (no build is recorded or reused) when a stat failed or a source
    changed within ``RACY`` of ``seen``: it may change again, before this
    build reads it or after, without its stamp moving.
    """
    if any(stamp is None or racy(stamp, seen) for stamp in stats):
        return ""
    hashed = hashlib.blake2b(f"{__version__}\0{keep_going}".encode(), digest_size=20)
    hashed.update(files.encode("utf-8", "surrogateescape"))
    hashed.update(repr(stats).encode())
    return hashed.hexdigest()


def _still_valid(record: BuildRecord, now: datetime, cache: Cache) -> bool:
    """The last build holds: no article's time came, and its files are intact."""
    if record.next_change is not None and now >= record.next_change:
        return False
    if record.last_change is not None and now < record.last_change:
        return False  # the clock went back past an article's time
    return all(cache.output_unchanged(path, key) for path, key in record.keys.items())


class RenderedFiles(Mapping[Path, bytes]):
    """Each feed file's bytes, rendered when asked for.

    Writing renders, compares and stages one file at a time, so a site with
    hundreds of large feeds never holds all of them in memory. A file whose
    inputs are unchanged since it was written (no feed given) is read back.
    """

    def __init__(
        self,
        feeds: dict[Path, tuple[Format, Feed] | None],
        keys: dict[Path, str],
        site: Site,
    ) -> None:
        self._feeds = feeds
        self._keys = keys
        self._site = site

    def __getitem__(self, path: Path) -> bytes:
        planned = self._feeds[path]
        if planned is None:
            return path.read_bytes()
        fmt, feed = planned
        return fmt.render(feed, self._site)

    def __iter__(self) -> Iterator[Path]:
        return iter(self._feeds)

    def __len__(self) -> int:
        return len(self._feeds)

    def key(self, path: Path) -> str:
        """The key of the inputs of ``path``'s bytes; empty when they are
        unsure (a source changed during the build) and must not be kept."""
        return self._keys[path]

    @property
    def reused(self) -> int:
        """Files not rendered at all: their inputs are as when written."""
        return sum(planned is None for planned in self._feeds.values())


def _plan(
    specs: list[FeedSpec],
    config: Config,
    now: datetime,
    collection: Collection,
    cache: Cache,
) -> dict[Path, tuple[Format, FeedSpec, str]]:
    """Each feed file, its format, its items and the key of its inputs."""
    planned = {}
    for spec in specs:
        for name in config.feeds.formats:
            fmt = FORMATS[name]
            path = config.output / spec.folder / fmt.filename
            key = _feed_key(fmt, spec, config, now, collection, cache)
            planned[path] = (fmt, spec, key)
    return planned


def _feed_key(
    fmt: Format,
    spec: FeedSpec,
    config: Config,
    now: datetime,
    collection: Collection,
    cache: Cache,
) -> str:
    """A hash of everything a feed file's bytes depend on, from listings alone.

    An item's whole article and body follow from its source's bytes (the
    listing's digest), its path (relative to the site's folder, as in every
    key the cache keeps) and the configuration; dates from git are in
    the listing, and navigation links depend on every title, hence the
    collection's links digest when an item has them.
    """
    updated = feed_date([item.modified for item in spec.items], now.timestamp())
    related = any(item.related for item in spec.items)
    parts = (
        __version__, fmt.filename, spec.folder, spec.title, spec.description,
        config.feeds, config.site, config.content, updated,
        [(cache.relative(item.source), *item[1:]) for item in spec.items],
        _links_digest(collection) if related else "",
    )  # fmt: skip
    return digest(repr(parts).encode("utf-8"))


def _links_digest(collection: Collection) -> str:
    """Changes whenever the link of any article that navigation may name does."""
    return digest(repr(sorted(collection.links_by_title.items())).encode())


def _render_bodies(
    articles: dict[str, Article], config: Config, cache: Cache, workers: Workers
) -> tuple[dict[str, Article], dict[str, tuple[int, str]], int]:
    """Each article with its body rendered, by source: from the cache, or by
    reading the source again (in worker processes when there are many); what
    was wrong with the bodies rendered now, by body key; and how many
    were."""
    rendered: dict[str, Article] = {}
    problems: dict[str, tuple[int, str]] = {}
    misses: dict[str, str] = {}  # body key by source, for those not cached
    for source, article in articles.items():
        key = _body_key(article, config.content, cache)
        hit = cache.body(key)
        if hit is None:
            misses[source] = key
        else:
            html, summary = hit
            rendered[source] = replace(article, content_html=html, summary=summary)
    todo = [articles[source] for source in misses]
    if workers.worth_it(len(todo), RENDER_PARALLEL_FROM):
        results = workers.map(_render_chunk, todo, config, _RENDER_CHUNK)
    else:
        results = iter(_render_chunk(todo, config))
    for (source, key), (html, summary, problem, current) in zip(
        misses.items(), results, strict=True
    ):
        if current:  # else the source changed since it was listed: keep nothing
            cache.put_body(key, html, summary, problem)
        if problem:
            problems[key] = problem
        rendered[source] = replace(articles[source], content_html=html, summary=summary)
    return rendered, problems, len(todo)


def _render_chunk(articles: list[Article], config: Config) -> list[tuple]:
    """Rendered bodies as plain values: HTML, summary, a problem's line and
    message, if any, and whether the source still held the article's bytes."""
    results = []
    for article in articles:
        source = config.sources
        document = read(article.source, source.encoding, source.max_bytes)
        result, warning = render(article, document.body, config.content)
        problem = (warning.line, warning.message) if warning else None
        current = document.digest == article.digest
        results.append((result.content_html, result.summary, problem, current))
    return results


def _body_warnings(
    specs: list[FeedSpec],
    config: Config,
    problems: dict[str, tuple[int, str]],
    cache: Cache,
) -> list[SourceWarning]:
    """What was wrong with the body of any feed item, rendered now or before,
    in the order the items first appear."""
    warnings: list[SourceWarning] = []
    if not problems:
        return warnings
    for listing in dict.fromkeys(item for spec in specs for item in spec.items):
        problem = problems.get(_body_key(listing, config.content, cache))
        if problem:
            warnings.append(SourceWarning(Path(listing.source), *problem))
    return warnings


def _body_key(item: Article | Listing, settings: ContentSettings, cache: Cache) -> str:
    """Everything a rendered body depends on: its source's bytes (which also
    decide any summary the source gives), its path relative to the site's
    folder (whose extension names the markup) and its link, for absolute
    URLs."""
    source = cache.relative(str(item.source))
    parts = (__version__, item.digest, source, item.link, settings)
    return digest(repr(parts).encode("utf-8"))
