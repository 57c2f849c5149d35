"""An SQLite cache that makes rebuilds cost little more than a stat.

``sources`` holds what is known of every source (its listing, and the
stamp of size, times and inode, or content hash, that vouch for it) in
marshalled parts, so a changed file rewrites one part (:mod:`.known`); when
a file's times moved (a fresh clone sets every mtime to now) the content
hash decides, so an unchanged file is still not parsed again.
``discovery`` keeps the list of sources while no folder changed.
``articles`` and ``bodies`` keep the whole articles and rendered bodies of
feed items, keyed by content hash; ``outputs`` and ``builds`` let
unchanged feed files, and an untouched site, be skipped. How each value is
stored is :mod:`.encoding`'s; the tables and the file, :mod:`.database`'s.

A site copied or moved with its cache keeps using it: keys, hashes and
pickled paths are relative to the folder of the site's config
(:mod:`.relative`).

The cache is an optimisation only: a damaged value counts as a miss (and
is written again), a damaged database is started afresh, one that fails
(locked, read-only) is given up for the run (the user is told once), a
different feedsmith, Python, library or configuration starts afresh, and
deleting the folder is always safe. Read-only, for ``--check``, it is
copied into a private temporary database and its folder is never written.
Values are pickled or marshalled: the cache folder is the user's own, like
``__pycache__``.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from feedsmith.config import Config
from feedsmith.engine import database, relative
from feedsmith.engine.encoding import (
    StoredBody,
    decode_article,
    decode_asked,
    decode_body,
    decode_discovery,
    decode_parts,
    decode_problems,
    decode_value,
    encode_article,
    encode_asked,
    encode_body,
    encode_discovery,
    encode_part,
    encode_problems,
)
from feedsmith.engine.known import SHARDS, Known
from feedsmith.files import FileStat, stamp_of
from feedsmith.model import Article, Author
from feedsmith.pipeline.discover import Discovery
from feedsmith.pipeline.links import Query, Target
from feedsmith.pipeline.tags import Problem
from feedsmith.version import fingerprint as release_fingerprint


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What a build produced, to skip the next one if nothing changed."""

    keys: dict[Path, str]  # each feed file and the key of its inputs
    articles: int
    notes: tuple  # (warnings, skipped sources), shown again when reused
    last_change: datetime | None  # it holds for a now from this one
    next_change: datetime | None  # up to this one
    # files whose presence decided where a feed item's link leads, and
    # whether each was there: the record holds while each still is, or isn't;
    # and each feed item's local media file with its stamp, while unchanged
    on_disk: tuple[tuple[str, bool | FileStat], ...] = ()


class Cache:
    """One build's view of the cache folder.

    With no folder, or one that cannot be used, the same tables live in a
    private temporary database, deleted when closed: articles wait there on
    disk, not in memory, until the few that land in a feed are needed. So
    does a copy of the cache when it is opened ``read_only``.

    A database that fails while in use (locked, read-only, full, damaged)
    is given up for the rest of the run, and :attr:`disabled` says where
    and why; from then on every read misses and every write does nothing.
    """

    def __init__(self, config: Config, *, read_only: bool = False) -> None:
        """The cache of ``config``'s site, in its ``cache`` folder, if any.

        Paths under the config's folder are kept relative to it.
        ``read_only`` leaves the folder as it is, not even created. If the
        cache has to be given up, :attr:`disabled` says where and why.
        """
        folder = config.cache
        self.disabled: tuple[Path | None, str] | None = None
        self._folder = folder  # None once the database in use is a temporary one
        self._read_only = read_only
        self._prefix = relative.prefix(config.path.resolve().parent)
        self._db: sqlite3.Connection | None = None
        settings = settings_fingerprint(config)
        stamp = f"{database.SCHEMA_VERSION} {release_fingerprint()} {settings}"
        if folder:
            try:
                if read_only:
                    self._db = database.copy_of(folder, stamp)
                else:
                    self._db = database.open_in(folder, stamp)
            except (OSError, sqlite3.Error) as error:
                self._give_up(error)  # records why the folder is not used
        if self._db is None:
            self._folder = None
            try:
                self._db = database.temporary(stamp)
            except sqlite3.Error as error:
                self._give_up(error)

    def relative(self, path: str) -> str:
        """``path`` as keys and hashes name it: relative to the root when
        under it, so that they hold wherever the site is copied or moved."""
        return relative.relative(path, self._prefix)

    def relative_text(self, paths: list[str]) -> str:
        """Every path of ``paths`` as :meth:`relative` gives it, each after a
        NUL (which no path holds): the cheap form to hash 100,000 of them."""
        return relative.relative_text(paths, self._prefix)

    def known(self) -> Known:
        """Every source the last build read, to check against the files now."""
        rows = self._each("SELECT shard, value FROM sources")
        known = decode_parts(rows, self._prefix)
        if self._db is None:  # failed while read: vouch for none of it
            return Known()
        if known is None:  # a damaged part: write every part again, or it stays
            return Known(changed=set(range(SHARDS)))
        return known

    def remember(self, known: Known) -> None:
        """Store the parts of what the cache knows that changed."""
        if self._db is None:
            return
        for shard in sorted(known.changed):
            value = encode_part(known, shard, self._prefix)
            self._write("INSERT OR REPLACE INTO sources VALUES (?, ?)", (shard, value))

    def discovery(self, folders: tuple[Path, ...]) -> Discovery | None:
        """The last build's list of sources, to reuse while no folder changed,
        if it was made for exactly these source ``folders``."""
        row = self._one("SELECT value FROM discovery", ())
        return decode_discovery(row[0], folders, self._prefix) if row else None

    def remember_discovery(
        self, discovery: Discovery, folders: tuple[Path, ...]
    ) -> None:
        if self._db is not None:
            value = encode_discovery(discovery, folders, self._prefix)
            self._write("INSERT OR REPLACE INTO discovery VALUES (1, ?)", (value,))

    def put_article(self, article: Article) -> None:
        """Keep a whole article until its source changes."""
        if self._db is not None:
            path, value = self.relative(str(article.source)), encode_article(article)
            self._write(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?)",
                (path, article.digest, value),
            )

    def articles(self, wanted: dict[str, str]) -> dict[str, Article]:
        """The whole cached articles of the sources in ``wanted``, each only
        if read from the content hash given for it; others are left out."""
        found: dict[str, Article] = {}
        authors: dict[tuple, Author] = {}
        query = "SELECT value FROM articles WHERE path = ? AND digest = ?"
        for source, content in wanted.items():
            row = self._one(query, (self.relative(source), content))
            article = decode_article(row[0], Path(source), authors) if row else None
            if article is not None:
                found[source] = article
        return found

    def output_unchanged(self, path: Path, key: str) -> bool:
        """Whether ``path`` on disk is what was written for ``key`` last time."""
        query = "SELECT key, stamp FROM outputs WHERE path = ?"
        row = self._one(query, (self.relative(str(path)),))
        if row is None or row[0] != key:
            return False
        # No racy-time check here, unlike sources: only feedsmith writes these
        # files, under its lock, and records their stamps right after. The
        # inode and ctime tell a copied file (cp -a) from the one written.
        return row[1] == _output_stamp(path)

    def put_output(self, path: Path, key: str, note: str = "") -> None:
        """Remember that ``path`` now holds the bytes built for ``key``, and
        the ``note`` to warn again while it does (it was cut to a budget)."""
        stamp = _output_stamp(path) if self._db is not None else None
        if stamp is not None:
            self._write(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)",
                (self.relative(str(path)), key, stamp, note),
            )

    def output_notes(self, paths: Iterable[Path]) -> dict[Path, str]:
        """The note kept with each of ``paths`` that has one: few rows, read
        at once. Each holds while :meth:`output_unchanged` does for its file."""
        query = "SELECT path, note FROM outputs WHERE note != ''"
        kept = dict(self._each(query))
        if not kept:
            return {}
        named = ((path, self.relative(str(path))) for path in paths)
        return {path: kept[name] for path, name in named if name in kept}

    def previous_build(self, snapshot: str) -> BuildRecord | None:
        """The record of the last build, if it was made from ``snapshot``."""
        if not snapshot:
            return None
        row = self._one("SELECT value FROM builds WHERE snapshot = ?", (snapshot,))
        return decode_value(row[0], self._prefix, BuildRecord) if row else None

    def remember_build(self, snapshot: str, record: BuildRecord) -> None:
        if snapshot and self._db is not None:
            value = relative.dumps(record, self._prefix)
            self._write("DELETE FROM builds", ())
            self._write("INSERT INTO builds VALUES (?, ?)", (snapshot, value))

    def body(self, key: str) -> StoredBody | None:
        """A rendered body: HTML, summary, problems and the links it asked."""
        row = self._one("SELECT value FROM bodies WHERE key = ?", (key,))
        return decode_body(row[0]) if row else None

    def put_body(self, key: str, body: StoredBody) -> None:
        if self._db is not None:
            problems = encode_problems(body.problems) if body.problems else None
            asked = encode_asked(body.asked) if body.asked else None
            self._write(
                "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?, ?)",
                (key, problems, asked, encode_body(body)),
            )

    def body_problems(self) -> dict[str, tuple[Problem, ...]]:
        """What was wrong with rendered bodies, by key: few rows, read at once,
        so a build warns about every feed item without loading their HTML."""
        query = "SELECT key, problems FROM bodies WHERE problems IS NOT NULL"
        found = {key: decode_problems(value) for key, value in self._each(query)}
        return {key: value for key, value in found.items() if value}

    def bodies_asked(self) -> dict[str, tuple[tuple[Query, Target], ...]]:
        """What rendered bodies asked of the site's links, by key: the few
        that link to other files of the site, read at once."""
        query = "SELECT key, asked FROM bodies WHERE asked IS NOT NULL"
        found = {key: decode_asked(value) for key, value in self._each(query)}
        return {key: value for key, value in found.items() if value}

    def close(self) -> None:
        if self._db:
            try:
                self._db.commit()
            except sqlite3.Error as error:
                self._give_up(error)  # closes it
            else:
                self._db.close()
                self._db = None

    def _one(self, sql: str, values: tuple) -> Any | None:
        """The first row ``sql`` selects, if any."""
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, values).fetchone()
        except sqlite3.Error as error:
            self._give_up(error)  # said once, not missed silently run after run
            return None

    def _each(self, sql: str) -> Iterator[Any]:
        """Every row ``sql`` selects, one at a time (freed as used); if the
        database fails on the way, they end early and it is given up."""
        if self._db is None:
            return
        try:
            yield from self._db.execute(sql)
        except sqlite3.Error as error:
            self._give_up(error)

    def _write(self, sql: str, values: tuple) -> None:
        if self._db is not None:
            try:
                self._db.execute(sql, values)
            except sqlite3.Error as error:
                self._give_up(error)

    def _give_up(self, error: OSError | sqlite3.Error) -> None:
        """Close the database and use none for the rest of the run; say why
        once. A damaged one in the folder goes too: the next run makes it
        afresh, instead of failing on it again."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):  # all that is left to do
                self._db.close()
            self._db = None
            if self._folder and not self._read_only and database.damaged(error):
                with contextlib.suppress(OSError):  # told below; tried again next run
                    database.remove(self._folder)
        if self.disabled is None:
            why = getattr(error, "strerror", None) or str(error)
            self.disabled = (self._folder, why)


def _output_stamp(path: Path) -> bytes | None:
    stamp = stamp_of(str(path))
    return None if stamp is None else marshal.dumps(stamp)


def settings_fingerprint(config: Config) -> str:
    """Every setting that shapes the output, each path relative to the
    config's folder: any change starts the cache afresh, and a site moved
    with its cache keeps it."""
    root = config.path.resolve().parent
    sources = config.sources
    folders = tuple(os.path.relpath(folder, root) for folder in sources.folders)
    output = os.path.relpath(config.output, root)
    settings: tuple[object, ...] = (
        config.site, folders, replace(sources, folders=()), output,
        config.permalink, config.feeds, config.text, config.content,
    )  # fmt: skip
    if config.profile is not None:  # from: a site, placed by its rules
        settings += (config.profile,)
    return hashlib.sha256(repr(settings).encode()).hexdigest()
