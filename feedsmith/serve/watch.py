"""The watching side of ``feedsmith serve``: rebuild when a source or a
config file changes, once the changes settle, never two builds at once.

Two watchers report changes: the source folders with their subfolders, and
the config files, watched through their folders (so an editor that saves by
renaming is seen too). One builder thread lets the changes settle, then
runs the build it was given.
"""

from __future__ import annotations

import queue
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from feedsmith.config import Config, file_of
from feedsmith.errors import ConfigError
from feedsmith.serve.server import Server
from feedsmith.serve.threads import STOPPING, blocked, started

SETTLE = 0.3  # seconds without a change before a rebuild
# What editors leave beside a file they save (beyond watchfiles' defaults):
# dot files, backups, Emacs' #autosaves#, Vim's write test "4913".
EDITOR_FILES = re.compile(r"^\.|~$|\.sw.$|\.bak$|^#.*#$|^4913$")
IGNORED_BY_DEFAULT = watchfiles.DefaultFilter()  # .git, node_modules, ...


@dataclass(frozen=True, slots=True)
class Watched:
    """What a change in rebuilds: the source folders with their subfolders,
    and the config files (config.yaml, the site's own); never the output or
    the cache."""

    folders: tuple[Path, ...]
    files: frozenset[Path]
    ignored: tuple[Path, ...]


def watched(config: Config) -> Watched:
    named = [origin.source for origin in config.origins]
    if config.profile is not None:
        named += [source for _, source in config.profile.rule_settings.values()]
    files = {config.path.resolve()}
    for source in named:  # "/site/hugo.toml:12": the file a value was read from
        found = file_of(source)
        if found is not None:
            files.add(found[0].resolve())
    ignored = [config.output] + ([config.cache] if config.cache else [])
    return Watched(
        folders=tuple(sorted({f.resolve() for f in config.sources.folders})),
        files=frozenset(files),
        ignored=tuple(folder.resolve() for folder in ignored),
    )


class Rebuilds:
    """The watchers from entry to exit, and between :meth:`start` and exit
    the one builder thread, which runs ``build`` on each settled change:
    ``build`` builds and prints as ``feedsmith`` does, then gives the
    config as it now is (an unusable one raises ``ConfigError``)."""

    def __init__(self, build: Callable[[], Config], config: Config, server: Server):
        self._build = build
        self._server = server
        self._changes: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._watched = watched(config)
        self._builder = threading.Thread(target=self._build_on_change)

    def __enter__(self) -> Rebuilds:
        self._watchers = _Watchers(self._watched, self._changes.put)
        return self

    def start(self) -> None:
        with blocked(STOPPING):
            self._builder.start()

    def __exit__(self, *exception: object) -> None:
        """Stop watching once a rebuild under way has ended."""
        if self._builder.is_alive():
            self._changes.put(None)
            self._builder.join()
        self._watchers.stop()

    def _build_on_change(self) -> None:
        while self._settled():
            try:
                config = self._build()
            except ConfigError:  # shown by the build
                continue
            self._server.root = config.output
            now_watched = watched(config)
            if now_watched != self._watchers.watched:
                self._watchers.stop()
                self._watchers = _Watchers(now_watched, self._changes.put)

    def _settled(self) -> bool:
        """Wait for a change, then for SETTLE seconds without one; False
        when serving stops."""
        if self._changes.get() is None:
            return False
        while True:
            try:
                change = self._changes.get(timeout=SETTLE)
            except queue.Empty:
                return True
            if change is None:
                return False


class _Watchers:
    """Two threads that ``report`` each batch of changes, watching when
    the constructor returns."""

    def __init__(self, watched: Watched, report: Callable[[object], None]):
        self.watched = watched
        self._stopping = threading.Event()
        folders = [f for f in watched.folders if f.is_dir()]
        parents = sorted({f.parent for f in watched.files if f.parent.is_dir()})
        groups = [
            (paths, recursive, wanted)
            for paths, recursive, wanted in (
                (folders, True, self._in_sources),
                (parents, False, self._a_config_file),
            )
            if paths
        ]
        ready = [threading.Event() for _ in groups]
        self._threads = [
            started(self._watch, *group, report, watching)
            for group, watching in zip(groups, ready, strict=True)
        ]
        try:
            for watching in ready:
                watching.wait()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join()

    def _watch(
        self,
        paths: list[Path],
        recursive: bool,
        wanted: Callable[[watchfiles.Change, str], bool],
        report: Callable[[object], None],
        watching: threading.Event,
    ) -> None:
        try:
            for changes in watchfiles.watch(
                *paths,
                watch_filter=wanted,
                debounce=int(SETTLE * 1000),
                rust_timeout=100,  # its first answer says it is watching
                yield_on_timeout=True,
                recursive=recursive,
                stop_event=self._stopping,
            ):
                watching.set()
                if changes:
                    report(changes)
        except OSError as error:  # too many watches for the system, say
            shown = ", ".join(str(path) for path in paths)
            print(f"warning: not watching {shown}: {error}", file=sys.stderr)
        finally:
            watching.set()

    def _in_sources(self, change: watchfiles.Change, name: str) -> bool:
        path = Path(name)
        return (
            IGNORED_BY_DEFAULT(change, name)
            and not EDITOR_FILES.search(path.name)
            and not any(path.is_relative_to(f) for f in self.watched.ignored)
        )

    def _a_config_file(self, change: watchfiles.Change, name: str) -> bool:
        return Path(name) in self.watched.files
