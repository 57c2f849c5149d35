"""The engine: the pipeline's feeds, fast and safely written.

It owns everything that exists for speed or safety and never changes what
is output: the cache and every key and fingerprint (:mod:`.cache`; its
file :mod:`.database`, stored values :mod:`.encoding`, source table
:mod:`.known`, paths kept relative to the site :mod:`.relative`), the
files' stamps (:mod:`.stamps`), reading and rendering only what changed
(:mod:`.load`, :mod:`.build`), worker processes (:mod:`.workers`), the lock
and atomic writing (:mod:`.output`) and removing feeds the site no longer
makes (:mod:`.retired`). :func:`publish` is its one entry.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from feedsmith.config import Config
from feedsmith.engine.build import build
from feedsmith.engine.cache import Cache
from feedsmith.engine.load import Progress
from feedsmith.engine.output import locked, sync
from feedsmith.engine.retired import Retired, retire
from feedsmith.engine.workers import Workers
from feedsmith.errors import SourceError, SourceWarning
from feedsmith.pipeline.discover import Unread


@dataclass(frozen=True, slots=True)
class Report:
    """What a :func:`publish` run did, to print and to test by."""

    feeds: tuple[Path, ...]  # every feed file the site has
    changed: tuple[Path, ...]  # written; with check, those that are stale
    retired: Retired  # removed (with check: to remove), and left in place
    articles: int  # published
    warnings: tuple[SourceWarning, ...]
    skipped: tuple[SourceError, ...]  # with keep_going: sources left out
    parsed: int  # sources parsed; the cache vouched for the others
    rendered: int  # article bodies rendered; the others came from the cache
    reused: int  # feed files not rendered: their inputs are as when written
    walked: int  # folders walked to find the sources; 0: the cached list held
    # every entry of the source folders not read, and why (discover.tally)
    unread: tuple[Unread, ...] = ()

    @property
    def written(self) -> int:
        return len(self.changed)


def publish(
    config: Config,
    now: datetime,
    *,
    check: bool = False,
    keep_going: bool = False,
    jobs: int = 1,
    wait: bool = False,
    progress: Progress | None = None,
    writing: Callable[[], AbstractContextManager[None]] = contextlib.nullcontext,
) -> Report:
    """Bring the feeds in ``config.output`` up to date with the sources, or
    with ``check`` only find which are not; the files are always the bytes
    :func:`feedsmith.pipeline.feeds` makes for ``config`` and ``now``.

    Raises ``SourceErrors`` (nothing written) when sources have errors,
    unless ``keep_going`` leaves them out; ``OutputError`` when the output
    cannot be written or another run holds it (``wait`` waits for that).
    ``jobs`` processes read sources and render bodies when there are many.
    ``writing()`` wraps the moment files are renamed into place and
    recorded: the command line holds signals there.
    """
    with contextlib.ExitStack() as stack:
        if not check:
            custom = tuple(feed.folder for feed in config.feeds.custom)
            lock = locked(config.output, config.cache, wait=wait, custom=custom)
            stack.enter_context(lock)
        cache = stack.enter_context(contextlib.closing(Cache(config, read_only=check)))
        stack.enter_context(_cycle_collector_paused())
        with Workers(jobs) as workers:
            built = build(config, now, cache, workers, keep_going, progress)
        files = built.files
        recheck: list[Path] = []  # files whose record may be out of date

        def unchanged(path: Path) -> bool:
            if cache.output_unchanged(path, files.key(path)):
                return True
            recheck.append(path)
            return False

        with writing():
            changed = sync(files, config.output, check_only=check, unchanged=unchanged)
            if not check:
                for path in recheck:
                    if files.key(path):
                        cache.put_output(path, files.key(path), files.note(path))
            retired = retire(files, config.output, config.feeds.url, check_only=check)
    return Report(
        feeds=tuple(files),
        changed=tuple(changed),
        retired=retired,
        articles=built.articles,
        warnings=(*_cache_warnings(cache, config), *built.warnings, *files.notes),
        skipped=built.skipped,
        parsed=built.parsed,
        rendered=built.rendered,
        reused=files.reused,
        walked=built.walked,
        unread=built.unread,
    )


def _cache_warnings(cache: Cache, config: Config) -> list[SourceWarning]:
    """Said once, if the cache had to be given up: the feeds are right
    anyway, only slower to make."""
    if cache.disabled is None:
        return []
    folder, why = cache.disabled
    message = f"cache disabled: {why}; this run builds the feeds without it"
    return [SourceWarning(folder or config.path, 0, message)]


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a run.

    A build makes a few hundred thousand small, long-lived objects (a listing
    per source), which the collector would scan again and again as they are
    made; they hold no cycles, so reference counting frees them anyway. At
    100,000 articles pausing it saves about a sixth of a rebuild and a
    quarter of a cold build, at the same peak memory (BENCHMARKS.md). The
    few objects in cycles that feed rendering leaves are collected once it
    resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
