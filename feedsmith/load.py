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

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from feedsmith.cache import Cache, Known
from feedsmith.config import Config, Sources
from feedsmith.errors import SkippedSource, SourceError, SourceErrors, SourceWarning
from feedsmith.files import FileStat, Stamp, digest
from feedsmith.gitdates import FileDates, WorkTree, git_history, work_tree
from feedsmith.metadata import GitDates, to_article
from feedsmith.model import Article, Listing
from feedsmith.readers import read, read_bytes
from feedsmith.workers import Workers

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
    workers: Workers,
    progress: Progress | None = None,
) -> Loaded:
    """Every source in ``files`` as a listing, an error, or a skip warning.

    ``stats`` holds each file's stamp, taken before any is read.
    ``progress(done, total)`` hears how parsing the changed sources goes.
    Raises ``SourceErrors`` when git dated some source from a shallow clone
    (unless ``sources.accept_shallow_clone``): its dates would be wrong.
    """
    git = _GitDates(config.sources)
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
    problems: dict[str, SourceError | SourceWarning] = {}
    for path, result, stamp in _parse_misses(
        misses, files, stats, config, workers, progress, git
    ):
        if isinstance(result, tuple):
            fields, warnings = result
            known.put(path, stamp, seen, (path, *fields[1:]), warnings)
        else:
            problems[path] = result
    if known.changed:
        cache.remember(known)
    present = [path for path in files if path in known.listings]
    listings = map(Listing._make, map(known.listings.__getitem__, present))
    loaded = Loaded(list(listings), [], [])
    for path in files if known.warnings or problems else ():  # in path order
        problem = problems.get(path)
        if problem is None:
            loaded.warnings.extend(known.warnings.get(path, ()))
        elif isinstance(problem, SourceWarning):
            loaded.warnings.append(problem)
        else:
            loaded.errors.append(problem)
    shallow, accepted = git.shallow()
    if shallow:  # even --keep-going: leaving out every such article is no fix
        raise SourceErrors([*loaded.errors, *shallow], skippable=False)
    loaded.warnings.extend(accepted)
    return replace(loaded, used_git=git.used)


# What a worker sends back for a source it read: the listing's fields and the
# source's warnings, as plain tuples, which cross between processes several
# times faster than dataclasses.
Parsed = tuple[tuple, tuple[SourceWarning, ...]]
Outcome = Parsed | SourceError | SourceWarning  # a skipped source: a warning


def _parse_misses(
    misses: list[str],
    files: list[str],
    stats: list[FileStat],
    config: Config,
    workers: Workers,
    progress: Progress | None,
    git: _GitDates,
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
    listings: Iterable[Listing], config: Config, cache: Cache
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
    git = _GitDates(config.sources)
    for source in by_source:
        if source not in found:
            try:
                article, _ = _article(source, config, git)
            except SourceError as error:
                raise SourceErrors([error]) from None
            found[source] = replace(article, body=None)  # rendering reads it again
            cache.put_article(found[source])
    return found


def _same_content(path: str, status: Stamp, known: Known, max_bytes: int) -> bool:
    """Whether ``path`` still holds the bytes its cached listing was read
    from; if not, it must be read again."""
    listing, stored = known.listings.get(path), known.unsure.get(path)
    if listing is None or (stored and stored[0] < 0):
        return False  # unknown, or dated by git: read it again
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
    except SkippedSource as skip:
        return SourceWarning(skip.path, skip.line, f"skipped: {skip.message}")
    except SourceError as error:
        return error
    return tuple(Listing.of(article)), warnings


def _article(
    path: str, config: Config, git_dates: GitDates
) -> tuple[Article, tuple[SourceWarning, ...]]:
    """The article ``path`` holds, body included, and the reader's warnings."""
    folders = config.sources.folders
    folder = next(f for f in folders if path.startswith(os.path.join(f, "")))
    document = read(Path(path), config.sources.encoding, config.sources.max_bytes)
    return to_article(document, config, folder, git_dates), document.warnings


class _NeedsGit(Exception):
    """A worker met an undated article; the main process asks git."""


def _no_git(path: Path) -> FileDates | None:
    raise _NeedsGit(path)


class _GitDates:
    """Dates files from git, reading each repository's history once, and only
    if some article needs it; kept for one build, as history moves between
    builds."""

    def __init__(self, sources: Sources) -> None:
        self._folders = sources.folders
        self._accept_shallow = sources.accept_shallow_clone
        self._trees: dict[Path, WorkTree | None] = {}  # by source folder
        self._histories: dict[Path, Mapping[Path, FileDates]] = {}  # by root
        self._dated: set[str] = set()
        # By shallow clone, the files it dated, from its root.
        self._shallow: dict[Path, set[str]] = {}

    def __call__(self, path: Path) -> FileDates | None:
        folder = next(f for f in self._folders if path.is_relative_to(f))
        if folder not in self._trees:
            self._trees[folder] = work_tree(folder)
        tree = self._trees[folder]
        if tree is None:
            return None
        if tree.root not in self._histories:
            self._histories[tree.root] = git_history(tree)
        self._dated.add(str(path))
        resolved = path.resolve()
        dates = self._histories[tree.root].get(resolved)
        if dates and tree.shallow:  # under the root: git listed it
            dated = self._shallow.setdefault(tree.root, set())
            dated.add(resolved.relative_to(tree.root).as_posix())
        return dates

    @property
    def used(self) -> bool:
        return bool(self._dated)

    def dated(self, path: str) -> bool:
        """Whether git dated ``path``: such sources are read again every build."""
        return path in self._dated

    def shallow(self) -> tuple[list[SourceError], list[SourceWarning]]:
        """One error for each shallow clone that dated some source, or with
        ``sources.accept_shallow_clone`` one warning.

        A shallow clone dates every file by its oldest commit: the dates,
        and links and ids made of them, would change as the clone's depth
        does, and a reader would see each such article twice.
        """
        errors: list[SourceError] = []
        warnings: list[SourceWarning] = []
        for root, names in self._shallow.items():
            articles = _few(sorted(names))
            if self._accept_shallow:
                message = _SHALLOW_ACCEPTED.format(articles=articles)
                warnings.append(SourceWarning(root, 0, message))
            else:
                errors.append(SourceError(root, 0, _SHALLOW.format(articles=articles)))
        return errors, warnings


_FETCH_ALL = (
    "fetch the whole history: fetch-depth: 0 in actions/checkout, "
    "GIT_DEPTH: 0 in GitLab CI, or git fetch --unshallow"
)
_SHALLOW = (
    "a shallow git clone: the commits that added {articles} are missing, so "
    "the dates git gives them, and links and ids made of those dates, would "
    f"be wrong; {_FETCH_ALL}; or set sources.accept_shallow_clone: true to "
    "build with these dates"
)
_SHALLOW_ACCEPTED = (
    "a shallow git clone: dates from git may be late for {articles} "
    f"(sources.accept_shallow_clone is true); {_FETCH_ALL}"
)


def _few(names: list[str], shown: int = 3) -> str:
    """``1 article (a.md)``, ``5 articles (a.md, b.md, c.md and 2 more)``."""
    count = len(names)
    listed = ", ".join(names[:shown])
    more = f" and {count - shown} more" if count > shown else ""
    return f"{count} article{'' if count == 1 else 's'} ({listed}{more})"
