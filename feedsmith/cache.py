"""An SQLite cache that makes rebuilds cost little more than a stat.

``sources`` holds what is known of every source (its listing, and the size
and mtime, or content hash, that vouch for it) in marshalled parts, so a
changed file rewrites one part; when a file's times moved (a fresh clone
sets every mtime to now) the content hash decides, so an unchanged file is
still not parsed again. ``discovery`` keeps the list of sources while no
folder changed. ``articles`` and ``bodies`` keep the whole articles and
rendered bodies of feed items, keyed by content hash; ``outputs`` and
``builds`` let unchanged feed files, and an untouched site, be skipped.

The cache is an optimisation only: any failure to read, write or unpickle it
counts as a miss, a different feedsmith version or configuration starts
afresh, and deleting the folder is always safe. Values are pickled or
marshalled: the cache folder is the user's own, like ``__pycache__``.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from feedsmith.discover import RACY, Discovery
from feedsmith.errors import SourceWarning
from feedsmith.model import Article, Author, Listing, Related

SCHEMA_VERSION = 14
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (shard INTEGER PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS discovery (id INTEGER PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, digest TEXT, value BLOB);
CREATE TABLE IF NOT EXISTS bodies (
    key TEXT PRIMARY KEY, line INTEGER, problem TEXT, value BLOB);
CREATE TABLE IF NOT EXISTS builds (snapshot TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, key TEXT, size INTEGER, mtime INTEGER, seen INTEGER);
"""
# What the cache knows of the sources is kept in this many parts, by a hash of
# the path, so that a change to one file rewrites a part, not the whole.
SHARDS = 64


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What a build produced, to skip the next one if nothing changed."""

    keys: dict[Path, str]  # each feed file and the key of its inputs
    articles: int
    notes: tuple  # (warnings, skipped sources), shown again when reused
    next_change: datetime | None


@dataclass(frozen=True, slots=True)
class Known:
    """Every source the cache knows, by path, kept in :data:`SHARDS` parts.

    A source's size and mtime vouch for it (``trusted``) only when the file
    was older than ``RACY`` when read: a file changed within that window of
    being looked at may change again without its mtime moving (coarse file
    system clocks), so such sources (``unsure``, with when they were looked
    at) are checked by content hash, as git does. Listings are plain tuples
    of their fields, their content hash last: they unmarshal several times
    faster than named tuples unpickle, which at 100,000 sources is most of
    the cost of a rebuild. Changing a source marks its part to be written.
    """

    trusted: dict[str, tuple[int, int]] = field(default_factory=dict)
    unsure: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    listings: dict[str, tuple] = field(default_factory=dict)
    warnings: dict[str, tuple[SourceWarning, ...]] = field(default_factory=dict)
    parts: dict[int, set[str]] = field(default_factory=dict)  # the paths in each
    changed: set[int] = field(default_factory=set)  # parts to write again

    def put(
        self,
        path: str,
        stat: tuple[int, int, int],
        listing: tuple,
        warnings: tuple[SourceWarning, ...] = (),
    ) -> None:
        """Keep a source read at ``stat``: size (-1: always read again, as
        for dates from git), mtime and when it was read."""
        if path in self.listings:
            self.forget(path)
        shard = _shard(path)
        self.restat(path, stat)
        self.listings[path] = listing
        if warnings:
            self.warnings[path] = warnings
        self.parts.setdefault(shard, set()).add(path)

    def restat(self, path: str, stat: tuple[int, int, int]) -> None:
        """New times for a source, say one whose content proved the same."""
        size, mtime, seen = stat
        self.trusted.pop(path, None)
        self.unsure.pop(path, None)
        if size >= 0 and mtime < seen - RACY:
            self.trusted[path] = (size, mtime)
        else:
            self.unsure[path] = stat
        self.changed.add(_shard(path))

    def forget(self, path: str) -> None:
        shard = _shard(path)
        self.changed.add(shard)
        for table in (self.trusted, self.unsure, self.listings, self.warnings):
            table.pop(path, None)
        self.parts.get(shard, set()).discard(path)


def digest(data: bytes) -> str:
    """A content hash: SHA-256, which CPUs accelerate (faster than BLAKE2
    here), cut to 160 bits."""
    return hashlib.sha256(data).hexdigest()[:40]


def _encode(article: Article) -> bytes:
    """An article as plain values: far faster to load than a pickled dataclass."""
    a = article
    fields = (
        a.id, a.title, a.link, a.published, a.updated,
        tuple((p.name, p.email) for p in a.authors), a.tags, a.summary,
        tuple((r.title, r.link) for r in a.related), a.draft, a.embargo, a.expires,
        a.digest,
    )  # fmt: skip
    return pickle.dumps(fields, protocol=5)


class Cache:
    """One build's view of the cache folder.

    With no folder, or one that cannot be used, the same tables live in a
    private temporary database, deleted when closed: articles wait there on
    disk, not in memory, until the few that land in a feed are needed.
    """

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self._db = (_open(folder, fingerprint) if folder else None) or _temporary()

    def known(self) -> Known:
        """Every source the last build read, to check against the files now."""
        known = Known()
        if not self._db:
            return known
        fields = len(Listing._fields)
        try:
            for shard, value in self._db.execute("SELECT shard, value FROM sources"):
                trusted, unsure, listings, warnings = marshal.loads(value)
                if trusted.keys() | unsure.keys() != listings.keys() or any(
                    len(listing) != fields for listing in listings.values()
                ):
                    raise ValueError("a part of the cache does not fit")
                known.trusted.update(trusted)
                known.unsure.update(unsure)
                known.listings.update(listings)
                known.warnings.update(pickle.loads(warnings))
                known.parts[shard] = set(listings)
        except Exception:  # any damage: the cache knows nothing
            return Known()
        return known

    def remember(self, known: Known) -> None:
        """Store the parts of what the cache knows that changed.

        marshal, not pickle, for the bulk: as fast to load, and a fraction of
        the memory to write.
        """
        for shard in sorted(known.changed):
            paths = known.parts.get(shard, ())
            parts = [
                {p: table[p] for p in paths if p in table}
                for table in (known.trusted, known.unsure, known.listings)
            ]
            warnings = {p: known.warnings[p] for p in paths if p in known.warnings}
            value = marshal.dumps((*parts, pickle.dumps(warnings, 5)))
            self._write("INSERT OR REPLACE INTO sources VALUES (?, ?)", (shard, value))

    def discovery(self) -> Discovery | None:
        """The last build's list of sources, to reuse while no folder changed."""
        if not self._db:
            return None
        try:
            row = self._db.execute("SELECT value FROM discovery").fetchone()
            files, folders, seen, skipped = marshal.loads(row[0])
            found = Discovery(files, pickle.loads(skipped), folders, seen)
        except Exception:
            return None
        return found if isinstance(files, list) and isinstance(folders, tuple) else None

    def remember_discovery(self, discovery: Discovery) -> None:
        skipped = pickle.dumps(discovery.skipped, protocol=5)
        d = discovery
        value = marshal.dumps((d.files, d.folders, d.seen, skipped))
        self._write("INSERT OR REPLACE INTO discovery VALUES (1, ?)", (value,))

    def put_article(self, article: Article) -> None:
        """Keep a whole article until its source changes."""
        self._write(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?)",
            (str(article.source), article.digest, _encode(article)),
        )

    def articles(self, wanted: dict[str, str]) -> dict[str, Article]:
        """The whole cached articles of the sources in ``wanted``, each only
        if read from the content hash given for it; others are left out."""
        found: dict[str, Article] = {}
        if not self._db:
            return found
        authors: dict[tuple, Author] = {}
        query = "SELECT value FROM articles WHERE path = ? AND digest = ?"
        try:
            for source, content in wanted.items():
                row = self._db.execute(query, (source, content)).fetchone()
                article = _decode(row[0], Path(source), authors) if row else None
                if article is not None:
                    found[source] = article
        except sqlite3.Error:
            self._db = None
        return found

    def output_unchanged(self, path: Path, key: str) -> bool:
        """Whether ``path`` on disk is what was written for ``key`` last time."""
        if not self._db:
            return False
        try:
            query = "SELECT key, size, mtime, seen FROM outputs WHERE path = ?"
            row = self._db.execute(query, (str(path),)).fetchone()
            status = os.stat(path)
        except (sqlite3.Error, OSError):
            return False
        if row is None or row[0] != key:
            return False
        # No racy-time check here, unlike sources: only feedsmith writes these
        # files, under its lock, and records their times right after.
        return (row[1], row[2]) == (status.st_size, status.st_mtime_ns)

    def put_output(self, path: Path, key: str) -> None:
        """Remember that ``path`` now holds the bytes built for ``key``."""
        try:
            status = os.stat(path)
        except OSError:
            return
        self._write(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
            (str(path), key, status.st_size, status.st_mtime_ns, time.time_ns()),
        )

    def previous_build(self, snapshot: str) -> BuildRecord | None:
        """The record of the last build, if it was made from ``snapshot``."""
        if not snapshot:
            return None
        record = self._stored("SELECT value FROM builds WHERE snapshot = ?", snapshot)
        return record if isinstance(record, BuildRecord) else None

    def remember_build(self, snapshot: str, record: BuildRecord) -> None:
        if snapshot:
            self._write("DELETE FROM builds", ())
            self._write(
                "INSERT INTO builds VALUES (?, ?)",
                (snapshot, pickle.dumps(record, protocol=5)),
            )

    def body(self, key: str) -> tuple[str, str | None] | None:
        """A rendered body's HTML and summary."""
        value = self._stored("SELECT value FROM bodies WHERE key = ?", key)
        return value if isinstance(value, tuple) and len(value) == 2 else None

    def put_body(
        self, key: str, html: str, summary: str | None, problem: tuple[int, str] | None
    ) -> None:
        """Keep a rendered body, and what was wrong with it, if anything."""
        line, message = problem or (None, None)
        value = pickle.dumps((html, summary), protocol=5)
        self._write(
            "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?, ?)",
            (key, line, message, value),
        )

    def body_problems(self) -> dict[str, tuple[int, str]]:
        """What was wrong with rendered bodies, by key: few rows, read at once,
        so a build warns about every feed item without loading their HTML."""
        if not self._db:
            return {}
        try:
            query = "SELECT key, line, problem FROM bodies WHERE problem IS NOT NULL"
            rows = self._db.execute(query).fetchall()
        except sqlite3.Error:
            return {}
        return {key: (line, problem) for key, line, problem in rows}

    def close(self) -> None:
        if self._db:
            with contextlib.suppress(sqlite3.Error):
                self._db.commit()
            self._db.close()
            self._db = None

    def _stored(self, query: str, key: str) -> object | None:
        """The pickled value ``query`` finds for ``key``; None when missing or
        unreadable."""
        if not self._db:
            return None
        try:
            row = self._db.execute(query, (key,)).fetchone()
        except sqlite3.Error:
            return None
        return _unpickle(row[0]) if row else None

    def _write(self, sql: str, values: tuple) -> None:
        if self._db:
            try:
                self._db.execute(sql, values)
            except sqlite3.Error:
                self._db = None


def _temporary() -> sqlite3.Connection | None:
    """SQLite's private temporary database: on disk, gone when closed."""
    try:
        db = sqlite3.connect("")
        db.executescript(SCHEMA)
        return db
    except sqlite3.Error:
        return None


def _open(folder: Path, fingerprint: str) -> sqlite3.Connection | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".gitignore").write_text("*\n")
        db = sqlite3.connect(folder / "cache.sqlite3", timeout=1)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.executescript(SCHEMA)
        row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if row is None or row[0] != f"{SCHEMA_VERSION} {fingerprint}":
            # Every table goes, including those of older layouts.
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
            for (table,) in db.execute(query).fetchall():
                db.execute(f'DROP TABLE "{table}"')
            db.executescript(SCHEMA)
            db.execute(
                "INSERT INTO meta VALUES ('fingerprint', ?)",
                (f"{SCHEMA_VERSION} {fingerprint}",),
            )
        return db
    except (OSError, sqlite3.Error):
        return None


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


def _decode(value: bytes, source: Path, authors: dict[tuple, Author]) -> Article | None:
    try:
        (id_, title, link, published, updated, people, tags, summary, related,
         draft, embargo, expires, article_digest) = pickle.loads(value)  # fmt: skip
        return Article(
            id=id_, title=title, link=link, published=published, updated=updated,
            authors=tuple(_shared(authors, p) for p in people),
            tags=tags, summary=summary, body=None, source=source,
            related=tuple(Related(*r) for r in related), draft=draft,
            embargo=embargo, expires=expires, digest=article_digest,
        )  # fmt: skip
    except Exception:
        return None


def _shared(authors: dict[tuple, Author], person: tuple) -> Author:
    """One Author object per distinct author, not one per article."""
    if person not in authors:
        authors[person] = Author(*person)
    return authors[person]


def _unpickle(value: bytes) -> object | None:
    try:
        return pickle.loads(value)
    except Exception:
        return None
