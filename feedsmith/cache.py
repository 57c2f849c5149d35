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
import pickle
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from feedsmith.errors import SourceWarning
from feedsmith.model import Article

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, seen INTEGER, digest TEXT,
    value BLOB);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, value BLOB);
"""


RACY = 3_000_000_000  # nanoseconds; coarser than any file system clock


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
        self._rows: dict[str, tuple[int, int, int, str, bytes]] = {}
        if self._db:
            try:
                rows = self._db.execute(
                    "SELECT path, size, mtime, seen, digest, value FROM articles"
                )
                self._rows = {row[0]: row[1:] for row in rows}
            except sqlite3.Error:
                self._db = None

    def article(self, path: Path, size: int, mtime: int) -> Entry | None:
        """The cached article if the file's size and mtime are unchanged.

        A file changed within ``RACY`` of when it was last looked at may have
        changed again without its mtime moving (coarse file system clocks),
        so it only counts as unchanged by its content hash, as git does.
        """
        row = self._rows.get(str(path))
        if row is None or (row[0], row[1]) != (size, mtime) or mtime >= row[2] - RACY:
            return None
        return _unpickle(row[4])

    def article_by_digest(self, path: Path, content_digest: str) -> Entry | None:
        """The cached article if the file's content is unchanged."""
        row = self._rows.get(str(path))
        return _unpickle(row[4]) if row and row[3] == content_digest else None

    def known(self, path: Path) -> bool:
        return str(path) in self._rows

    def put_article(self, path: Path, size: int, mtime: int, entry: Entry) -> None:
        value = pickle.dumps(entry, protocol=5)
        self._write(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
            (str(path), size, mtime, time.time_ns(), entry.digest, value),
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
            db.executescript("DROP TABLE articles; DROP TABLE bodies;" + SCHEMA)
            db.execute(
                "INSERT INTO meta VALUES ('fingerprint', ?)",
                (f"{SCHEMA_VERSION} {fingerprint}",),
            )
        return db
    except (OSError, sqlite3.Error):
        return None


def _unpickle(value: bytes) -> Entry | None:
    try:
        return pickle.loads(value)
    except Exception:
        return None
