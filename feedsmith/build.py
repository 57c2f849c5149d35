"""The whole pipeline as one function: sources and config in, files out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from feedsmith.cache import BuildRecord, Cache, digest
from feedsmith.collect import collect
from feedsmith.config import Config, ContentSettings, Site
from feedsmith.content import render
from feedsmith.discover import FileStat, discover
from feedsmith.errors import SourceError, SourceErrors, SourceWarning
from feedsmith.load import Progress, articles
from feedsmith.model import Article, Feed
from feedsmith.readers import READERS, read
from feedsmith.render import FORMATS, Format
from feedsmith.select import select
from feedsmith.version import __version__
from feedsmith.workers import Workers

RENDER_PARALLEL_FROM = 200  # fewer bodies than this render faster in one process
_RENDER_CHUNK = 32


@dataclass(frozen=True, slots=True)
class Build:
    files: Mapping[Path, bytes]  # rendered on access
    articles: int
    warnings: tuple[SourceWarning, ...] = ()
    skipped: tuple[SourceError, ...] = ()  # with keep_going: sources left out


def build(
    config: Config,
    now: datetime,
    keep_going: bool = False,
    cache: Cache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Build:
    """Every feed file of the site, in memory; nothing is written here.

    ``now`` is the moment before which articles count as published; it is
    passed in so that builds and tests never read the clock themselves.
    With ``keep_going``, sources with errors are left out instead of failing
    the build. ``cache`` (optional) spares re-reading unchanged sources and
    re-rendering unchanged bodies; ``jobs`` processes read sources;
    ``progress(done, total)`` is told how reading changed sources goes.
    """
    cache = cache or Cache(None, "")
    remembered = cache.discovery()
    discovery = discover(config.sources, READERS, remembered)
    if discovery is not remembered:
        cache.remember_discovery(discovery)
    stats = discovery.stats()
    snapshot = _snapshot(discovery.files, stats, keep_going)
    previous = cache.previous_build(snapshot)
    if previous and _still_valid(previous, now, cache):
        return Build(KnownFiles(previous.keys), previous.articles, *previous.notes)
    with Workers(jobs) as workers:
        collection = collect(
            config, now, keep_going, cache, workers, discovery, stats, progress
        )
        if not collection.listings:
            raise SourceErrors(
                [
                    SourceError(
                        config.sources.folders[0],
                        0,
                        "no published articles to put in a feed",
                    )
                ]
            )
        specs = select(collection.listings, config)
        whole = articles((a for spec in specs for a in spec.items), config, cache)
        linked = {source: collection.linked(a) for source, a in whole.items()}
        rendered, render_warnings = _render_bodies(linked, config, cache, workers)
    feeds = {}
    for spec in specs:
        items = tuple(rendered[listing.source] for listing in spec.items)
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
            feeds[config.output / spec.folder / fmt.filename] = (fmt, feed)
    warnings = (*collection.warnings, *render_warnings)
    files = RenderedFiles(feeds, config.site, config.content)
    keys = {path: files.key(path) for path in files}
    notes = (warnings, collection.skipped)
    count = len(collection.listings)
    record = BuildRecord(keys, count, notes, collection.next_change)
    if not collection.used_git:  # git history can change under unchanged files
        cache.remember_build(snapshot, record)
    return Build(files, count, warnings, collection.skipped)


def _snapshot(files: list[str], stats: list[FileStat], keep_going: bool) -> str:
    """A hash of every source's name, size and time: equal means untouched."""
    if None in stats:
        return ""
    hashed = hashlib.blake2b(f"{__version__}\0{keep_going}".encode(), digest_size=20)
    for file, (size, mtime) in zip(files, stats, strict=True):
        hashed.update(f"\n{file}\0{size}\0{mtime}".encode("utf-8", "surrogateescape"))
    return hashed.hexdigest()


def _still_valid(record: BuildRecord, now: datetime, cache: Cache) -> bool:
    """The last build holds: no article's time came, and its files are intact."""
    if record.next_change is not None and now >= record.next_change:
        return False
    return all(cache.output_unchanged(path, key) for path, key in record.keys.items())


class KnownFiles(Mapping[Path, bytes]):
    """The files of a build known to be on disk already: nothing to render."""

    def __init__(self, keys: dict[Path, str]) -> None:
        self._keys = keys

    def __getitem__(self, path: Path) -> bytes:
        return path.read_bytes()

    def __iter__(self) -> Iterator[Path]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def key(self, path: Path) -> str:
        return self._keys[path]


class RenderedFiles(Mapping[Path, bytes]):
    """Each feed file's bytes, rendered when asked for.

    Writing renders, compares and stages one file at a time, so a site with
    hundreds of large feeds never holds all of them in memory.
    """

    def __init__(
        self,
        feeds: dict[Path, tuple[Format, Feed]],
        site: Site,
        settings: ContentSettings,
    ) -> None:
        self._feeds = feeds
        self._site = site
        self._settings = settings
        self._keys: dict[Path, str] = {}

    def __getitem__(self, path: Path) -> bytes:
        fmt, feed = self._feeds[path]
        return fmt.render(feed, self._site)

    def __iter__(self) -> Iterator[Path]:
        return iter(self._feeds)

    def __len__(self) -> int:
        return len(self._feeds)

    def key(self, path: Path) -> str:
        """A hash of everything the file's bytes depend on, without rendering it.

        Item content is covered by what it is rendered from: the source
        file's hash, the link and the summary.
        """
        if path not in self._keys:
            fmt, feed = self._feeds[path]
            items = tuple(
                (a.id, a.title, a.link, a.published, a.updated, a.authors, a.tags,
                 a.summary, a.related, a.digest)
                for a in feed.items
            )  # fmt: skip
            head = (feed.title, feed.description, feed.self_url, feed.full_content)
            parts = (__version__, fmt.filename, head, feed.updated, self._site,
                     self._settings, items)  # fmt: skip
            self._keys[path] = digest(repr(parts).encode("utf-8"))
        return self._keys[path]


def _feed_date(items: tuple[Article, ...], now: datetime) -> datetime:
    """The newest change among the items, not counting future-dated ones."""
    past = [item.modified for item in items if item.modified <= now]
    return max(past or [min(item.modified for item in items)])


def _render_bodies(
    articles: dict[str, Article], config: Config, cache: Cache, workers: Workers
) -> tuple[dict[str, Article], list[SourceWarning]]:
    """Each article with its body rendered, by source: from the cache, or by
    reading the source again (in worker processes when there are many)."""
    rendered: dict[str, Article] = {}
    problems: dict[str, SourceWarning] = {}
    misses = []
    for source, article in articles.items():
        hit = cache.body(_body_key(article, config.content))
        if isinstance(hit, tuple) and len(hit) == 4:
            html, summary, line, problem = hit
            rendered[source] = replace(article, content_html=html, summary=summary)
            if problem:
                problems[source] = SourceWarning(article.source, line, problem)
        else:
            misses.append(article)
    if workers.worth_it(len(misses), RENDER_PARALLEL_FROM):
        results = workers.map(_render_chunk, misses, config, _RENDER_CHUNK)
    else:
        results = iter(_render_chunk(misses, config))
    for article, (html, summary, line, problem) in zip(misses, results, strict=True):
        source = str(article.source)
        cache.put_body(
            _body_key(article, config.content), (html, summary, line, problem)
        )
        rendered[source] = replace(article, content_html=html, summary=summary)
        if problem:
            problems[source] = SourceWarning(article.source, line, problem)
    return rendered, [problems[source] for source in articles if source in problems]


def _render_chunk(articles: list[Article], config: Config) -> list[tuple]:
    """Rendered bodies as plain values: HTML, summary, and a problem's line
    and message (0 and None without one)."""
    results = []
    for article in articles:
        source = config.sources
        body = read(article.source, source.encoding, source.max_bytes).body
        result, warning = render(replace(article, body=body), config.content)
        problem = (warning.line, warning.message) if warning else (0, None)
        results.append((result.content_html, result.summary, *problem))
    return results


def _body_key(article: Article, settings: ContentSettings) -> str:
    """Everything a rendered body depends on."""
    parts = (__version__, article.digest, article.link, article.summary or "", settings)
    return digest(repr(parts).encode("utf-8"))
