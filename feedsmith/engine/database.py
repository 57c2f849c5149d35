"""The cache's SQLite database: opened in its folder, made or started
afresh there, copied out of it for a read-only run, or a private temporary
one.

Every database is stamped with what made it (:data:`SCHEMA_VERSION`, the
release, the settings): another stamp starts it afresh. Functions here raise
``OSError`` or ``sqlite3.Error`` for a folder or database that cannot be
used; the cache decides what to give up.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path

from feedsmith.engine.output import LOCK_NAME

SCHEMA_VERSION = 25  # raise it whenever a stored layout changes
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (shard INTEGER PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS discovery (id INTEGER PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, digest TEXT, value BLOB);
CREATE TABLE IF NOT EXISTS bodies (
    key TEXT PRIMARY KEY, problems BLOB, asked BLOB, value BLOB);
CREATE TABLE IF NOT EXISTS builds (snapshot TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, key TEXT, stamp BLOB, note TEXT);
"""
DATABASE = "cache.sqlite3"
# The files the cache keeps in its folder (-wal and -shm from older releases),
# and the output lock (feedsmith.engine.output).
OWN_FILES = {DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal", f"{DATABASE}-shm"}
OWN_FILES |= {".gitignore", LOCK_NAME}
# SQLite's codes for a file that is no database, or a damaged one.
DAMAGED_DATABASE = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


def open_in(folder: Path, stamp: str) -> sqlite3.Connection:
    """The database in ``folder``, made, or started afresh when it is
    another version's or damaged."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(folder)
    try:
        return _connect(folder / DATABASE, stamp)
    except sqlite3.DatabaseError as error:
        if not damaged(error):
            raise
    remove(folder)
    return _connect(folder / DATABASE, stamp)


def copy_of(folder: Path, stamp: str) -> sqlite3.Connection | None:
    """A private copy of the database in ``folder``, read without writing a
    byte there; None when there is none, or of another version."""
    path = folder / DATABASE
    if not path.is_file() or _in_wal_mode(path):
        return None  # WAL: an older release's, and reading it would add files
    source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=1)
    try:
        query = "SELECT value FROM meta WHERE key = 'fingerprint'"
        row = source.execute(query).fetchone()
        if row is None or row[0] != stamp:
            return None
        copy = sqlite3.connect("")
        try:
            source.backup(copy)
        except sqlite3.Error:
            copy.close()
            raise
        return copy
    finally:
        source.close()


def temporary(stamp: str) -> sqlite3.Connection:
    """SQLite's private temporary database: on disk, gone when closed."""
    db = sqlite3.connect("")
    try:
        _prepare(db, stamp)
    except sqlite3.Error:
        db.close()
        raise
    return db


def damaged(error: Exception) -> bool:
    """Whether ``error`` says the database file is no database, or damaged:
    started afresh, it works again."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in DAMAGED_DATABASE


def remove(folder: Path) -> None:
    """Delete the database in ``folder``, so that it is made afresh."""
    for name in (DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / name)


def _connect(path: Path, stamp: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=1)
    try:
        # A rollback journal, not WAL: a read-only reader (--check) then
        # creates no file, and waits for a writer instead of reading pages
        # that a WAL checkpoint rewrites under it.
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("PRAGMA synchronous=OFF")
        _prepare(db, stamp)
    except sqlite3.Error:
        db.close()
        raise
    return db


def _prepare(db: sqlite3.Connection, stamp: str) -> None:
    """The tables; all of them afresh for another stamp."""
    db.executescript(SCHEMA)
    row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if row is None or row[0] != stamp:
        # Every table goes, including those of older layouts.
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        for (table,) in db.execute(query).fetchall():
            db.execute(f'DROP TABLE "{table}"')
        db.executescript(SCHEMA)
        db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (stamp,))


def _in_wal_mode(path: Path) -> bool:
    """Whether the database at ``path`` says, in its header, that it keeps a
    write-ahead log."""
    with open(path, "rb") as stream:
        return stream.read(20)[18:20] == b"\x02\x02"


def _ignore_in_git(folder: Path) -> None:
    """A ``.gitignore`` of ``*`` in a cache folder that holds nothing else:
    never in a folder with files of the user's, never over an existing one."""
    if not set(os.listdir(folder)) <= OWN_FILES - {".gitignore"}:
        return
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        handle = os.open(folder / ".gitignore", flags, 0o644)
    except FileExistsError:
        return
    with os.fdopen(handle, "w") as stream:
        stream.write("*\n")
