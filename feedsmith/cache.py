"""An SQLite cache that makes rebuilds cost little more than a stat.

``articles`` keeps each source's listing in columns and its whole article
as a blob, keyed by path and checked against the file's size and
modification time; when those changed (a fresh clone sets every mtime to
now) the content hash decides, so an unchanged file is still not parsed
again. ``bodies`` keeps rendered HTML keyed by a hash of everything
rendering depends on; ``outputs`` and ``builds`` let an untouched site skip
the build altogether.

The cache is an optimisation only: any failure to read, write or unpickle it
counts as a miss, a different feedsmith version or configuration starts
afresh, and deleting the folder is always safe. Values are pickled: the cache
folder is the user's own, like ``__pycache__``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from feedsmith.errors import SourceWarning
from feedsmith.model import Article, Author, Listing, Related

SCHEMA_VERSION = 6
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, seen INTEGER, digest TEXT,
    id TEXT, link TEXT, title TEXT, published REAL, tags TEXT, draft INTEGER,
    embargo REAL, expires REAL, related INTEGER, warnings BLOB, value BLOB);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS builds (snapshot TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, key TEXT, size INTEGER, mtime INTEGER, seen INTEGER);
"""
_KNOWN = (
    "SELECT path, size, mtime, seen, digest, id, link, title, published, tags, "
    "draft, embargo, expires, related, warnings FROM articles"
)
# Joins a listing's tags in one column. XML cannot carry U+001F, and readers
# remove such characters, so no tag holds it.
_TAG_SEPARATOR = "\x1f"
RACY = 3_000_000_000  # nanoseconds; coarser than any file system clock


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What a build produced, to skip the next one if nothing changed."""

    keys: dict[Path, str]  # each feed file and the key of its inputs
    articles: int
    notes: tuple  # (warnings, skipped sources), shown again when reused
    next_change: datetime | None


@dataclass(frozen=True, slots=True)
class Entry:
    """A source as a build first needs it: its listing, not its whole article."""

    listing: Listing
    warnings: tuple[SourceWarning, ...]
    digest: str  # of the file's bytes
    article: bytes = b""  # the whole article, encoded; empty when already cached


class Known(NamedTuple):
    """A cached source's row: its stat data and hash, then its listing."""

    size: int
    mtime: int
    seen: int
    digest: str | None
    id: str
    link: str
    title: str
    published: float
    tags: str
    draft: int
    embargo: float | None
    expires: float | None
    related: int
    warnings: bytes | None

    def fresh(self, size: int, mtime: int) -> bool:
        """Whether the file's size and mtime say it is unchanged.

        A file changed within ``RACY`` of when it was last looked at may have
        changed again without its mtime moving (coarse file system clocks),
        so it only counts as unchanged by its content hash, as git does.
        """
        return (self.size, self.mtime) == (size, mtime) and mtime < self.seen - RACY

    def entry(self, source: str) -> Entry:
        tags = self.tags.split(_TAG_SEPARATOR) if self.tags else ()
        listing = Listing(
            source, self.id, self.link, self.title, self.published,
            tuple(map(sys.intern, tags)),  # a few tags shared by many articles
            bool(self.draft), self.embargo, self.expires, bool(self.related),
        )  # fmt: skip
        warnings = _unpickle(self.warnings) if self.warnings else ()
        return Entry(listing, warnings or (), self.digest or "")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def encode(article: Article) -> bytes:
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

    def known(self) -> dict[str, Known]:
        """Every cached source by path, to check against the files as they are."""
        if not self._db:
            return {}
        try:
            return {row[0]: Known._make(row[1:]) for row in self._db.execute(_KNOWN)}
        except sqlite3.Error:
            self._db = None
            return {}

    def articles(self, sources: Iterable[str]) -> dict[str, Article]:
        """The whole cached articles of ``sources``; missing ones are left out."""
        found: dict[str, Article] = {}
        if not self._db:
            return found
        authors: dict[tuple, Author] = {}
        query = "SELECT value FROM articles WHERE path = ? AND value IS NOT NULL"
        try:
            for source in sources:
                row = self._db.execute(query, (source,)).fetchone()
                article = _decode(row[0], Path(source), authors) if row else None
                if article is not None:
                    found[source] = article
        except sqlite3.Error:
            self._db = None
        return found

    def touch(self, path: str, size: int, mtime: int) -> None:
        """Record new stat data for a file whose content proved unchanged."""
        self._write(
            "UPDATE articles SET size = ?, mtime = ?, seen = ? WHERE path = ?",
            (size, mtime, time.time_ns(), path),
        )

    def put_article(self, path: str, size: int, mtime: int, entry: Entry) -> None:
        """Store a parsed source; ``size`` -1 keeps it from counting as fresh."""
        a = entry.listing
        warnings = pickle.dumps(entry.warnings, protocol=5) if entry.warnings else None
        self._write(
            "INSERT OR REPLACE INTO articles VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path, size, mtime, time.time_ns(), entry.digest if size >= 0 else None,
             a.id, a.link, a.title, a.published, _TAG_SEPARATOR.join(a.tags),
             a.draft, a.embargo, a.expires, a.related, warnings, entry.article),
        )  # fmt: skip

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
        if not self._db or not snapshot:
            return None
        try:
            query = "SELECT value FROM builds WHERE snapshot = ?"
            row = self._db.execute(query, (snapshot,)).fetchone()
        except sqlite3.Error:
            return None
        record = _unpickle(row[0]) if row else None
        return record if isinstance(record, BuildRecord) else None

    def remember_build(self, snapshot: str, record: BuildRecord) -> None:
        if snapshot:
            self._write("DELETE FROM builds", ())
            self._write(
                "INSERT INTO builds VALUES (?, ?)",
                (snapshot, pickle.dumps(record, protocol=5)),
            )

    def body(self, key: str) -> object | None:
        if not self._db:
            return None
        try:
            row = self._db.execute(
                "SELECT value FROM bodies WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        return _unpickle(row[0]) if row else None

    def put_body(self, key: str, value: object) -> None:
        self._write(
            "INSERT OR REPLACE INTO bodies VALUES (?, ?)", (key, pickle.dumps(value))
        )

    def close(self) -> None:
        if self._db:
            with contextlib.suppress(sqlite3.Error):
                self._db.commit()
            self._db.close()
            self._db = None

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
            db.executescript(
                "DELETE FROM articles; DELETE FROM bodies; DELETE FROM meta;"
            )
            db.executescript(
                "DROP TABLE articles; DROP TABLE bodies; DROP TABLE outputs;"
                "DROP TABLE IF EXISTS builds;" + SCHEMA
            )
            db.execute(
                "INSERT INTO meta VALUES ('fingerprint', ?)",
                (f"{SCHEMA_VERSION} {fingerprint}",),
            )
        return db
    except (OSError, sqlite3.Error):
        return None


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
