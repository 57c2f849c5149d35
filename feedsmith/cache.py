"""An optional SQLite cache that makes rebuilds cost little more than a stat.

Two tables. ``articles`` keeps each source's parsed article, keyed by path
and checked against the file's size and modification time; when those
changed (a fresh clone sets every mtime to now) the content hash decides, so
an unchanged file is still not parsed again. ``bodies`` keeps rendered HTML
keyed by a hash of everything rendering depends on.

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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from feedsmith.errors import SourceWarning
from feedsmith.model import Article, Author, Related

SCHEMA_VERSION = 5
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, seen INTEGER, digest TEXT,
    value BLOB);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS builds (snapshot TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, key TEXT, size INTEGER, mtime INTEGER, seen INTEGER);
"""


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
    article: Article
    warnings: tuple[SourceWarning, ...]
    digest: str


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class Cache:
    """One build's view of the cache folder; ``None`` folder means no cache."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self._db = _open(folder, fingerprint) if folder else None
        self._rows: dict[str, tuple[int, int, int, str]] = {}
        if self._db:
            try:
                query = "SELECT path, size, mtime, seen, digest FROM articles"
                self._rows = {row[0]: row[1:] for row in self._db.execute(query)}
            except sqlite3.Error:
                self._db = None

    def fresh(self, path: Path, size: int, mtime: int) -> bool:
        """Whether the file's size and mtime say it is unchanged.

        A file changed within ``RACY`` of when it was last looked at may have
        changed again without its mtime moving (coarse file system clocks),
        so it only counts as unchanged by its content hash, as git does.
        """
        row = self._rows.get(str(path))
        return (
            row is not None
            and (row[0], row[1]) == (size, mtime)
            and mtime < row[2] - RACY
        )

    def digest(self, path: Path) -> str | None:
        """The content hash the cached article was read from."""
        row = self._rows.get(str(path))
        return row[3] if row else None

    def entries(self, paths: set[Path]) -> Iterator[tuple[Path, Entry]]:
        """The cached articles of ``paths``, streamed so few are held at once."""
        if not self._db or not paths:
            return
        wanted = {str(path): path for path in paths}
        self._rows = {}  # stat rows are no longer needed: free them before decoding
        try:
            authors: dict[tuple, Author] = {}
            for name, value in self._db.execute("SELECT path, value FROM articles"):
                if name in wanted:
                    entry = _decode(value, wanted[name], authors)
                    if entry is not None:
                        yield wanted[name], entry
        except sqlite3.Error:
            return

    def touch(self, path: Path, size: int, mtime: int) -> None:
        """Record new stat data for a file whose content proved unchanged."""
        self._write(
            "UPDATE articles SET size = ?, mtime = ?, seen = ? WHERE path = ?",
            (size, mtime, time.time_ns(), str(path)),
        )

    def put_article(self, path: Path, size: int, mtime: int, entry: Entry) -> None:
        value = _encode(entry)
        self._write(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
            (str(path), size, mtime, time.time_ns(), entry.digest, value),
        )

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


def _encode(entry: Entry) -> bytes:
    """An entry as plain values: far faster to load than pickled dataclasses."""
    a = entry.article
    fields = (
        a.id, a.title, a.link, a.published, a.updated,
        tuple((p.name, p.email) for p in a.authors), a.tags, a.summary,
        tuple((r.title, r.link) for r in a.related), a.draft, a.embargo, a.expires,
        a.digest,
    )  # fmt: skip
    return pickle.dumps((fields, entry.warnings, entry.digest), protocol=5)


def _decode(value: bytes, source: Path, authors: dict[tuple, Author]) -> Entry | None:
    try:
        fields, warnings, content_digest = pickle.loads(value)
        (id_, title, link, published, updated, people, tags, summary, related,
         draft, embargo, expires, article_digest) = fields  # fmt: skip
        article = Article(
            id=id_, title=title, link=link, published=published, updated=updated,
            authors=tuple(_shared(authors, p) for p in people),
            tags=tuple(map(sys.intern, tags)),  # a few tags shared by many articles
            summary=summary, body=None, source=source,
            related=tuple(Related(*r) for r in related), draft=draft,
            embargo=embargo, expires=expires, digest=article_digest,
        )  # fmt: skip
    except Exception:
        return None
    return Entry(article, warnings, content_digest)


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
