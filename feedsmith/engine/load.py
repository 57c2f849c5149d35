"""Turn source files into listings, and listings into whole articles.

Metadata first: :func:`load` gives every source's :class:`Listing` (from the
cache when the file is unchanged, else by parsing it, across processes when
there are many) and keeps the listings in the cache; :func:`articles` gives
the few whole articles that land in a feed, from the cache or by reading
their sources again.

Only the main process asks git for dates, so that it is asked once per tree;
workers hand such articles back unfinished.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from feedsmith.config import Config
from feedsmith.engine.cache import Cache
from feedsmith.engine.known import Known
from feedsmith.engine.workers import Workers
from feedsmith.errors import (
    NotAPost,
    SkippedSource,
    SourceError,
    SourceErrors,
    SourceWarning,
)
from feedsmith.files import FileStat, Stamp, digest
from feedsmith.model import Article, Listing
from feedsmith.pipeline.discover import source_folder
from feedsmith.pipeline.gitdates import FileDates, GitDating
from feedsmith.pipeline.metadata import GitDates, to_article
from feedsmith.readers import read, read_bytes

Progress = Callable[[int, int], None]
PARALLEL_FROM = 2_000  # fewer files than this are not worth a process pool
_CHUNK = 256
# The listing the cache keeps for a skipped source, beside its warning: its
# stamp vouches that it is still to be skipped (a profile's placement and
# the readers' skips depend on the file and the settings, never the clock).
SKIPPED: tuple = ()


@dataclass(frozen=True, slots=True)
class Loaded:
    listings: list[Listing]  # every article read, in path order
    warnings: list[SourceWarning]
    errors: list[SourceError]
    parsed: int = 0  # sources parsed, not vouched for by the cache


def load(
    files: list[str],
    stats: list[FileStat],
    config: Config,
    cache: Cache,
    workers: Workers,
    git: GitDating,
    progress: Progress | None = None,
) -> Loaded:
    """Every source in ``files`` as a listing, an error, or a skip warning.

    ``stats`` holds each file's stamp, taken before any is read. ``git``
    dates what needs it, and says afterwards whether it was a shallow clone.
    ``progress(done, total)`` hears how parsing the changed sources goes.
    """
    known = cache.known()  # updated in place into what this build found
    seen = time.time_ns()  # before any file is read: the racy rule's safe side
    # The common case, decided in one pass: stamped as when read.
    trusted = known.trusted
    max_bytes = config.sources.max_bytes
    unsure = [
        (path, status)
        for path, status in zip(files, stats, strict=True)
        if status is None or trusted.get(path) != status
    ]
    misses = []
    for path, status in unsure:  # None: the stat failed, the file vanished
        if status is not None and _same_content(path, status, known, max_bytes):
            known.restat(path, status, seen)  # same content, new stamp
        else:
            misses.append(path)
    for path in [*misses, *(known.listings.keys() - set(files))]:
        known.forget(path)
    problems: dict[str, SourceError] = {}
    for path, result, stamp in _parse_misses(
        misses, files, stats, config, workers, progress, git
    ):
        if isinstance(result, tuple):
            fields, warnings = result
            known.put(path, stamp, seen, (path, *fields[1:]), warnings)
        elif result is None or isinstance(result, SourceWarning):  # skipped
            known.put(path, stamp, seen, SKIPPED, () if result is None else (result,))
        else:
            problems[path] = result
    if known.changed:
        cache.remember(known)
    present = [path for path in files if known.listings.get(path)]
    listings = map(Listing._make, map(known.listings.__getitem__, present))
    loaded = Loaded(list(listings), [], [])
    for path in files if known.warnings or problems else ():  # in path order
        problem = problems.get(path)
        if problem is None:
            loaded.warnings.extend(known.warnings.get(path, ()))
        else:
            loaded.errors.append(problem)
    return replace(loaded, parsed=len(misses))


# What a worker sends back for a source it read: the listing's fields and the
# source's warnings, as plain tuples, which cross between processes several
# times faster than dataclasses.
Parsed = tuple[tuple, tuple[SourceWarning, ...]]
# A skipped source is a warning; None, a page that is no post (NotAPost).
Outcome = Parsed | SourceError | SourceWarning | None


def _parse_misses(
    misses: list[str],
    files: list[str],
    stats: list[FileStat],
    config: Config,
    workers: Workers,
    progress: Progress | None,
    git: GitDating,
) -> Iterator[tuple[str, Outcome, Stamp]]:
    """Parse the sources the cache could not vouch for, dates from git last;
    each with the stamp to keep (size -1: never to count as unchanged)."""
    by_file = dict(zip(files, stats, strict=True)) if misses else {}
    for done, (path, result) in enumerate(_parse_all(misses, config, workers), start=1):
        if progress and (done % 250 == 0 or done == len(misses)):
            progress(done, len(misses))
        if isinstance(result, _NeedsGit):
            result = _parse(path, config, git)
        stamp = by_file[path] or (-1, -1, -1, -1)
        if git.used and git.dated(path):
            stamp = (-1, *stamp[1:])  # git history can change under the same bytes
        yield path, result, stamp


def articles(
    listings: Iterable[Listing], config: Config, cache: Cache, git: GitDating
) -> dict[str, Article]:
    """The whole article behind each listing, by source.

    A cold build parses every source but keeps only listings; the few whole
    articles a feed needs are read again here, once, and kept in the cache
    until their source changes.
    """
    by_source = {listing.source: listing for listing in listings}
    cached = cache.articles({s: listing.digest for s, listing in by_source.items()})
    # Dates from git can move under unchanged bytes: a cached article must
    # still agree with the listing just made.
    found = {
        source: article
        for source, article in cached.items()
        if Listing.of(article) == by_source[source]
    }
    for source in by_source:
        if source not in found:
            try:
                article, _ = _article(source, config, git)
            except SourceError as error:
                raise SourceErrors([error]) from None
            found[source] = article
            cache.put_article(article)
    return found


def _same_content(path: str, status: Stamp, known: Known, max_bytes: int) -> bool:
    """Whether ``path`` still holds the bytes its cached listing was read
    from; if not, it must be read again."""
    listing, stored = known.listings.get(path), known.unsure.get(path)
    if not listing or (stored and stored[0] < 0):
        return False  # unknown, skipped, or dated by git: read it again
    try:
        data = read_bytes(path, max_bytes)
    except SourceError:  # reading it again says what is wrong
        return False
    return digest(data) == listing[-1]  # the digest is last


def _parse_all(
    paths: list[str], config: Config, workers: Workers
) -> Iterator[tuple[str, Outcome | _NeedsGit]]:
    if workers.worth_it(len(paths), PARALLEL_FROM):
        yield from workers.map(_parse_chunk, paths, config, _CHUNK)
    else:
        for path in paths:
            yield path, _parse_without_git(path, config)


def _parse_chunk(
    paths: list[str], config: Config
) -> list[tuple[str, Outcome | _NeedsGit]]:
    return [(path, _parse_without_git(path, config)) for path in paths]


def _parse_without_git(path: str, config: Config) -> Outcome | _NeedsGit:
    """As :func:`_parse`, handing back an article that needs git's dates."""
    try:
        return _parse(path, config, _no_git)
    except _NeedsGit as needs:
        return needs


def _parse(path: str, config: Config, git_dates: GitDates) -> Outcome:
    try:
        article, warnings = _article(path, config, git_dates)
    except NotAPost:
        return None
    except SkippedSource as skip:
        return SourceWarning(skip.path, skip.line, f"skipped: {skip.message}")
    except SourceError as error:
        return error
    return tuple(Listing.of(article)), warnings


def _article(
    path: str, config: Config, git_dates: GitDates
) -> tuple[Article, tuple[SourceWarning, ...]]:
    """The article ``path`` holds, body included, and the reader's warnings."""
    folder = source_folder(path, config.sources.folders)
    document = read(Path(path), config.sources.encoding, config.sources.max_bytes)
    return to_article(document, config, folder, git_dates), document.warnings


class _NeedsGit(Exception):
    """A worker met an undated article; the main process asks git."""


def _no_git(path: Path) -> FileDates | None:
    raise _NeedsGit(path)
