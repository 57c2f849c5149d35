"""Turn source files into listings, and listings into whole articles.

Metadata first: :func:`load` gives every source's :class:`Listing` (from the
cache when the file is unchanged, else by parsing it, across processes when
there are many) and stores each whole article in the cache; :func:`articles`
fetches back the few whole articles that land in a feed.

Only the main process asks git for dates, so that it is asked once per tree;
workers hand such articles back unfinished.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from feedsmith.cache import Cache, Entry, SourceStat, digest, encode, fresh
from feedsmith.config import Config
from feedsmith.discover import FileStat
from feedsmith.errors import SkippedSource, SourceError, SourceErrors, SourceWarning
from feedsmith.gitdates import FileDates, GitHistory, git_history
from feedsmith.metadata import to_article
from feedsmith.model import Article, Listing
from feedsmith.readers import read

Progress = Callable[[int, int], None]
PARALLEL_FROM = 2_000  # fewer files than this are not worth a process pool
_CHUNK = 256


@dataclass(frozen=True, slots=True)
class Loaded:
    listings: list[Listing]  # every article read, in path order
    warnings: list[SourceWarning]
    errors: list[SourceError]
    used_git: bool = False  # some dates came from git history, which can change


def load(
    files: list[str],
    stats: list[FileStat],
    config: Config,
    cache: Cache,
    jobs: int,
    progress: Progress | None = None,
) -> Loaded:
    """Every source in ``files`` as a listing, an error, or a skip warning.

    ``stats`` holds each file's size and mtime, taken before any is read.
    ``progress(done, total)`` hears how parsing the changed sources goes.
    """
    git = _GitDates(config.sources.folders)
    known = cache.known()  # updated in place into what this build found
    changed: set[str] = set()  # sources whose part of the cache must be written
    misses = []
    seen = time.time_ns()  # before any file is read: the racy rule's safe side
    for path, status in zip(files, stats, strict=True):
        previous = known.stats.get(path)
        if previous and status and fresh(previous, *status) and path in known.listings:
            continue  # the common case, kept short: 100,000 times a build
        stat = _still_valid(path, status, previous, seen)
        if stat is None or path not in known.listings:
            misses.append(path)
        else:  # same content, new times
            known.stats[path] = stat
            changed.add(path)
    gone = known.stats.keys() - set(files)
    for path in [*misses, *gone]:
        known.forget(path)
    changed.update(misses, gone)
    problems: dict[str, SourceError | SourceWarning] = {}
    for path, result in _parse_misses(
        misses, files, stats, config, jobs, progress, git
    ):
        if not isinstance(result, _Parsed):
            problems[path] = result
            continue
        known.stats[path] = (*result.stat, seen, result.entry.digest)
        known.listings[path] = tuple(result.entry.listing)
        if result.entry.warnings:
            known.warnings[path] = result.entry.warnings
        cache.put_article(path, result.entry.article)  # the whole article waits there
    if changed:
        cache.remember(known, changed)
    loaded = Loaded([], [], [])
    for path in files:
        fields = known.listings.get(path)
        if fields is not None:
            loaded.listings.append(Listing._make(fields))
            loaded.warnings.extend(known.warnings.get(path, ()))
        elif isinstance(problems[path], SourceWarning):
            loaded.warnings.append(problems[path])
        else:
            loaded.errors.append(problems[path])
    loaded.warnings.extend(git.warnings())
    return replace(loaded, used_git=git.used)


@dataclass(frozen=True, slots=True)
class _Parsed:
    entry: Entry
    stat: tuple[int, int]  # the size (-1: never fresh) and mtime to store


def _parse_misses(
    misses: list[str],
    files: list[str],
    stats: list[FileStat],
    config: Config,
    jobs: int,
    progress: Progress | None,
    git: _GitDates,
) -> Iterator[tuple[str, _Parsed | SourceError | SourceWarning]]:
    """Parse the sources the cache could not vouch for, dates from git last."""
    by_file = dict(zip(files, stats, strict=True)) if misses else {}
    for done, (path, result) in enumerate(_parse_all(misses, config, jobs), start=1):
        if progress and (done % 250 == 0 or done == len(misses)):
            progress(done, len(misses))
        if isinstance(result, _NeedsGit):
            result = _parse(path, config, git)
        if isinstance(result, Entry):
            size, mtime = by_file[path] or (-1, -1)
            if git.dated(Path(path)):
                size = -1  # git history can change under an unchanged file
            result = _Parsed(result, (size, mtime))
        yield path, result


def articles(
    listings: Iterable[Listing], config: Config, cache: Cache
) -> dict[str, Article]:
    """The whole article behind each listing, by source.

    They come from the cache :func:`load` filled; should it have failed
    since, the source is read again.
    """
    sources = list(dict.fromkeys(listing.source for listing in listings))
    found = cache.articles(sources)
    git = _GitDates(config.sources.folders)
    for source in sources:
        if source not in found:
            try:
                found[source], _ = _article(source, config, git)
            except SourceError as error:
                raise SourceErrors([error]) from None
    return found


def _still_valid(
    path: str, status: FileStat, stat: SourceStat | None, seen: int
) -> SourceStat | None:
    """The cache's stat for ``path`` if it still holds: by size and mtime,
    else by content hash (then updated to the file's new times)."""
    if stat is None or status is None:
        return None
    size, mtime = status
    if fresh(stat, size, mtime):
        return stat
    known_digest = stat[3]
    if known_digest is None or size < 0 or size > 50_000_000:
        return None
    try:
        with open(path, "rb") as stream:
            same = digest(stream.read()) == known_digest
    except OSError:
        return None
    return (size, mtime, seen, known_digest) if same else None


def _parse_all(
    paths: list[str], config: Config, jobs: int
) -> Iterator[tuple[str, object]]:
    if jobs <= 1 or len(paths) < PARALLEL_FROM:
        for path in paths:
            yield path, _parse(path, config, _no_git)
        return
    chunks = [paths[i : i + _CHUNK] for i in range(0, len(paths), _CHUNK)]
    # spawn, not fork: a forked worker would inherit the output lock and hold
    # it after a killed run, blocking the next one.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for chunk in pool.map(_parse_chunk, chunks, [config] * len(chunks)):
            yield from chunk


def _parse_chunk(paths: list[str], config: Config) -> list[tuple[str, object]]:
    return [(path, _parse(path, config, _no_git)) for path in paths]


def _parse(path: str, config: Config, git_dates) -> Entry | SourceError | SourceWarning:
    try:
        article, warnings = _article(path, config, git_dates)
    except _NeedsGit as needs:
        return needs
    except SkippedSource as skip:
        return SourceWarning(skip.path, skip.line, f"skipped: {skip.message}")
    except SourceError as error:
        return error
    return Entry(Listing.of(article), warnings, article.digest, encode(article))


def _article(
    path: str, config: Config, git_dates
) -> tuple[Article, tuple[SourceWarning, ...]]:
    folders = config.sources.folders
    folder = next(f for f in folders if path.startswith(os.path.join(f, "")))
    document = read(Path(path), config.sources.encoding, config.sources.max_bytes)
    article = to_article(document, config, folder, git_dates)
    return replace(article, body=None), document.warnings


class _NeedsGit(Exception):
    """A worker met an undated article; the main process asks git."""


def _no_git(path: Path) -> FileDates | None:
    raise _NeedsGit(path)


class _GitDates:
    """Dates files from git, asking git once per source folder, and only if needed."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self._folders = folders
        self._histories: dict[Path, GitHistory | None] = {}
        self._dated: set[Path] = set()
        self._shallow_used = False

    def __call__(self, path: Path) -> FileDates | None:
        folder = next(f for f in self._folders if path.is_relative_to(f))
        if folder not in self._histories:
            self._histories[folder] = git_history(folder)
        history = self._histories[folder]
        if history is None:
            return None
        self._dated.add(path)
        self._shallow_used |= history.shallow
        return history.dates.get(path.resolve())

    @property
    def used(self) -> bool:
        return bool(self._dated)

    def dated(self, path: Path) -> bool:
        """Whether git dated ``path``: such articles are never cached."""
        return path in self._dated

    def warnings(self) -> tuple[SourceWarning, ...]:
        if not self._shallow_used:
            return ()
        message = (
            "dates taken from git may be wrong: the checkout is shallow, so the "
            "commits that added the files are missing; fetch the full history "
            "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"
        )
        return (SourceWarning(self._folders[0], 0, message),)
