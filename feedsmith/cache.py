"""An SQLite cache that makes rebuilds cost little more than a stat.

``sources`` holds what is known of every source (its listing, and the
stamp of size, times and inode, or content hash, that vouch for it) in
marshalled parts, so a changed file rewrites one part; when a file's times
moved (a fresh clone sets every mtime to now) the content hash decides, so
an unchanged file is still not parsed again. ``discovery`` keeps the list
of sources while no folder changed. ``articles`` and ``bodies`` keep the
whole articles and rendered bodies of feed items, keyed by content hash;
``outputs`` and ``builds`` let unchanged feed files, and an untouched site,
be skipped.

A site copied or moved with its cache (``cp -a``, ``mv``, a CI cache
restored elsewhere) keeps using it, and never reads the old place: keys,
hashes and pickled paths are relative to the folder of the site's config
(the root). The two bulk values read on every build, the sources' parts
and the discovery, keep the pipeline's absolute paths with the root they
were made under, and are rebased only when the root moved: translating
every path on every load would cost about as much as loading them.

The cache is an optimisation only: a damaged value counts as a miss, a
damaged database is started afresh, one that fails (locked, read-only) is
given up for the run (the user is told once), a different feedsmith,
Python, library or configuration starts afresh, and deleting the folder is
always safe. Read-only, for ``--check``, it is copied into a private
temporary database and its folder is never written. Values are pickled or
marshalled: the cache folder is the user's own, like ``__pycache__``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import marshal
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any

from feedsmith.discover import Discovery
from feedsmith.errors import SourceWarning
from feedsmith.files import Stamp, racy, stamp_of
from feedsmith.model import Article, Author, Listing, Related
from feedsmith.version import fingerprint as release_fingerprint

SCHEMA_VERSION = 16
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (shard INTEGER PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS discovery (id INTEGER PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, digest TEXT, value BLOB);
CREATE TABLE IF NOT EXISTS bodies (
    key TEXT PRIMARY KEY, line INTEGER, problem TEXT, value BLOB);
CREATE TABLE IF NOT EXISTS builds (snapshot TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, key TEXT, stamp BLOB);
"""
# What the cache knows of the sources is kept in this many parts, by a hash of
# the path, so that a change to one file rewrites a part, not the whole.
SHARDS = 64
# What a damaged value raises when loaded; anything else is a bug, and shows.
DAMAGED = (EOFError, ValueError, TypeError, pickle.UnpicklingError)
DATABASE = "cache.sqlite3"
# The files the cache keeps in its folder (-wal and -shm from older releases),
# and the output lock (feedsmith.output).
OWN_FILES = {DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal", f"{DATABASE}-shm"}
OWN_FILES |= {".gitignore", "lock"}
# SQLite's codes for a file that is no database, or a damaged one.
DAMAGED_DATABASE = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)
Disabled = Callable[[Path | None, str], None]  # where, and why, the cache failed


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

    A source's stamp (size, mtime, ctime, inode) vouches for it
    (``trusted``) only when both its times were older than ``RACY`` when it
    was read: a file changed within that window may change again without
    its times moving (coarse file system clocks), so such sources
    (``unsure``, with when they were looked at) are checked by content
    hash, as git does. The ctime catches an edit whose mtime was put back
    (``cp -p``, ``rsync -t``, ``tar x``); the inode, a file replaced by
    another. Listings are plain tuples of their fields, their content hash
    last: they unmarshal several times faster than named tuples unpickle,
    which at 100,000 sources is most of the cost of a rebuild. Changing a
    source marks its part to be written.
    """

    trusted: dict[str, Stamp] = field(default_factory=dict)
    unsure: dict[str, tuple[int, ...]] = field(default_factory=dict)  # stamp, seen
    listings: dict[str, tuple] = field(default_factory=dict)
    warnings: dict[str, tuple[SourceWarning, ...]] = field(default_factory=dict)
    parts: dict[int, set[str]] = field(default_factory=dict)  # the paths in each
    changed: set[int] = field(default_factory=set)  # parts to write again

    def put(
        self,
        path: str,
        stamp: Stamp,
        seen: int,
        listing: tuple,
        warnings: tuple[SourceWarning, ...] = (),
    ) -> None:
        """Keep a source stamped ``stamp`` (size -1: always read again, as
        for dates from git) and read after ``seen``."""
        if path in self.listings:
            self.forget(path)
        shard = _shard(path)
        self.restat(path, stamp, seen)
        self.listings[path] = listing
        if warnings:
            self.warnings[path] = warnings
        self.parts.setdefault(shard, set()).add(path)

    def restat(self, path: str, stamp: Stamp, seen: int) -> None:
        """A new stamp for a source, say one whose content proved the same."""
        self.trusted.pop(path, None)
        self.unsure.pop(path, None)
        if stamp[0] >= 0 and not racy(stamp, seen):
            self.trusted[path] = stamp
        else:
            self.unsure[path] = (*stamp, seen)
        self.changed.add(_shard(path))

    def forget(self, path: str) -> None:
        shard = _shard(path)
        self.changed.add(shard)
        for table in (self.trusted, self.unsure, self.listings, self.warnings):
            table.pop(path, None)
        self.parts.get(shard, set()).discard(path)


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
    disk, not in memory, until the few that land in a feed are needed. So
    does a copy of the cache when it is opened ``read_only``.
    """

    def __init__(
        self,
        folder: Path | None,
        fingerprint: str,
        disabled: Disabled | None = None,
        *,
        root: Path | None = None,
        read_only: bool = False,
    ) -> None:
        """``fingerprint`` names the configuration (the release, Python and
        libraries are added here); ``root`` is the folder of the site's
        config, paths under which are kept relative to it; ``read_only``
        leaves the folder as it is, not even created; ``disabled(where,
        why)`` is told if the cache has to be given up."""
        self._disabled = disabled
        self._folder = folder
        self._prefix = _prefix(root)
        self._db: sqlite3.Connection | None = None
        stamp = f"{SCHEMA_VERSION} {release_fingerprint()} {fingerprint}"
        if folder:
            try:
                opened = _copy(folder, stamp) if read_only else _open(folder, stamp)
                self._db = opened
            except (OSError, sqlite3.Error) as error:
                self._give_up(error)
        if self._db is None:
            self._folder = None  # what fails now is the temporary database
            try:
                self._db = _temporary(stamp)
            except sqlite3.Error as error:
                self._give_up(error)

    def relative(self, path: str) -> str:
        """``path`` as keys and hashes name it: relative to the root when
        under it, so that they hold wherever the site is copied or moved."""
        prefix = self._prefix
        return path[len(prefix) :] if prefix and path.startswith(prefix) else path

    def relative_text(self, paths: list[str]) -> str:
        """Every path of ``paths`` as :meth:`relative` gives it, each after a
        NUL (which no path holds): the cheap form to hash 100,000 of them."""
        text = "\0" + "\0".join(paths) if paths else ""
        return text.replace(f"\0{self._prefix}", "\0") if self._prefix else text

    def known(self) -> Known:
        """Every source the last build read, to check against the files now."""
        known = Known()
        if not self._db:
            return known
        moved = False
        try:
            for shard, value in self._db.execute("SELECT shard, value FROM sources"):
                moved |= _take_part(known, shard, value, self._prefix)
        except sqlite3.Error as error:
            self._give_up(error)
            return Known()
        except DAMAGED:  # the cache knows nothing
            return Known()
        if moved:  # parts go by a hash of the path: sort them out again
            parts: dict[int, set[str]] = {}
            for path in known.listings:
                parts.setdefault(_shard(path), set()).add(path)
            known.parts.clear()
            known.parts.update(parts)
            known.changed.update(range(SHARDS))
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
            warned = _dumps(warnings, self._prefix)
            value = marshal.dumps((self._prefix, *parts, warned))
            self._write("INSERT OR REPLACE INTO sources VALUES (?, ?)", (shard, value))

    def discovery(self, folders: tuple[Path, ...]) -> Discovery | None:
        """The last build's list of sources, to reuse while no folder changed,
        if it was made for exactly these source ``folders``."""
        if not self._db:
            return None
        try:
            row = self._db.execute("SELECT value FROM discovery").fetchone()
        except sqlite3.Error as error:
            self._give_up(error)
            return None
        if row is None:
            return None
        try:
            prefix, roots, files, walked, seen, problems = marshal.loads(row[0])
            if prefix != self._prefix:
                roots = [_rebased(root, prefix, self._prefix) for root in roots]
                files = [_rebased(file, prefix, self._prefix) for file in files]
                walked = tuple(
                    (_rebased(folder, prefix, self._prefix), *times)
                    for folder, *times in walked
                )
            skipped, errors = _loads(problems, self._prefix)
            found = Discovery(files, skipped, walked, seen, errors)
        except DAMAGED:
            return None
        if roots != [str(folder) for folder in folders]:
            return None
        return found if isinstance(files, list) and isinstance(walked, tuple) else None

    def remember_discovery(
        self, discovery: Discovery, folders: tuple[Path, ...]
    ) -> None:
        d = discovery
        problems = _dumps((d.skipped, d.errors), self._prefix)
        roots = [str(folder) for folder in folders]
        value = marshal.dumps(
            (self._prefix, roots, d.files, d.folders, d.seen, problems)
        )
        self._write("INSERT OR REPLACE INTO discovery VALUES (1, ?)", (value,))

    def put_article(self, article: Article) -> None:
        """Keep a whole article until its source changes."""
        self._write(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?)",
            (self.relative(str(article.source)), article.digest, _encode(article)),
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
                key = (self.relative(source), content)
                row = self._db.execute(query, key).fetchone()
                article = _decode(row[0], Path(source), authors) if row else None
                if article is not None:
                    found[source] = article
        except sqlite3.Error as error:
            self._give_up(error)
        return found

    def output_unchanged(self, path: Path, key: str) -> bool:
        """Whether ``path`` on disk is what was written for ``key`` last time."""
        if not self._db:
            return False
        try:
            query = "SELECT key, stamp FROM outputs WHERE path = ?"
            row = self._db.execute(query, (self.relative(str(path)),)).fetchone()
        except sqlite3.Error as error:
            self._give_up(error)
            return False
        if row is None or row[0] != key:
            return False
        # No racy-time check here, unlike sources: only feedsmith writes these
        # files, under its lock, and records their stamps right after. The
        # inode and ctime tell a copied file (cp -a) from the one written.
        return row[1] == _output_stamp(path)

    def put_output(self, path: Path, key: str) -> None:
        """Remember that ``path`` now holds the bytes built for ``key``."""
        stamp = _output_stamp(path)
        if stamp is not None:
            self._write(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                (self.relative(str(path)), key, stamp),
            )

    def previous_build(self, snapshot: str) -> BuildRecord | None:
        """The record of the last build, if it was made from ``snapshot``."""
        if not snapshot or not self._db:
            return None
        query = "SELECT value FROM builds WHERE snapshot = ?"
        try:
            row = self._db.execute(query, (snapshot,)).fetchone()
        except sqlite3.Error as error:
            self._give_up(error)
            return None
        try:
            record = _loads(row[0], self._prefix) if row else None
        except DAMAGED:
            return None
        return record if isinstance(record, BuildRecord) else None

    def remember_build(self, snapshot: str, record: BuildRecord) -> None:
        if snapshot:
            self._write("DELETE FROM builds", ())
            self._write(
                "INSERT INTO builds VALUES (?, ?)",
                (snapshot, _dumps(record, self._prefix)),
            )

    def body(self, key: str) -> tuple[str, str | None] | None:
        """A rendered body's HTML and summary."""
        if not self._db:
            return None
        try:
            row = self._db.execute(
                "SELECT value FROM bodies WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as error:
            self._give_up(error)
            return None
        try:
            value = pickle.loads(row[0]) if row else None
        except DAMAGED:
            return None
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
        except sqlite3.Error as error:
            self._give_up(error)
            return {}
        return {key: (line, problem) for key, line, problem in rows}

    def close(self) -> None:
        if self._db:
            try:
                self._db.commit()
            except sqlite3.Error as error:
                self._give_up(error)  # closes it
            else:
                self._db.close()
                self._db = None

    def _give_up(self, error: OSError | sqlite3.Error) -> None:
        """Close the database and use none for the rest of the run; say why once."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):  # all that is left to do
                self._db.close()
            self._db = None
        if self._disabled is not None:
            why = getattr(error, "strerror", None) or str(error)
            self._disabled(self._folder, why)
            self._disabled = None

    def _write(self, sql: str, values: tuple) -> None:
        if self._db:
            try:
                self._db.execute(sql, values)
            except sqlite3.Error as error:
                self._give_up(error)


def _prefix(root: Path | None) -> str:
    """What starts every path under ``root``: the folder and a slash."""
    if root is None:
        return ""
    text = str(root)
    return text if text.endswith("/") else f"{text}/"


def _rebased(path: str, old: str, new: str) -> str:
    """``path``, made under the root ``old``, as it is under ``new``."""
    return new + path[len(old) :] if path.startswith(old) else path


def _take_part(known: Known, shard: int, value: bytes, prefix: str) -> bool:
    """Add one stored part to ``known``, its paths rebased when it was made
    under another root (then say so); raises one of DAMAGED if it does not fit."""
    made_under, trusted, unsure, listings, warnings = marshal.loads(value)
    if not all(isinstance(table, dict) for table in (trusted, unsure, listings)):
        raise TypeError("a part of the cache is not of today's shape")
    fields = len(Listing._fields)
    if trusted.keys() | unsure.keys() != listings.keys() or any(
        len(listing) != fields for listing in listings.values()
    ):
        raise ValueError("a part of the cache does not fit")
    warned = _loads(warnings, prefix)
    moved = made_under != prefix
    if moved:
        trusted, unsure, warned = (
            {_rebased(path, made_under, prefix): entry for path, entry in t.items()}
            for t in (trusted, unsure, warned)
        )
        listings = {
            path: (path, *listing[1:])
            for path, listing in (
                (_rebased(path, made_under, prefix), listing)
                for path, listing in listings.items()
            )
        }
    known.trusted.update(trusted)
    known.unsure.update(unsure)
    known.listings.update(listings)
    known.warnings.update(warned)
    known.parts[shard] = set(listings)
    return moved


class _RelativePickler(pickle.Pickler):
    """Pickles paths under the root as relative to it."""

    def __init__(self, file: io.BytesIO, prefix: str) -> None:
        super().__init__(file, protocol=5)
        self._prefix = prefix

    def persistent_id(self, obj: object) -> str | None:
        if isinstance(obj, PurePath):
            text = str(obj)
            if text.startswith(self._prefix):
                return text[len(self._prefix) :]
        return None


class _RelativeUnpickler(pickle.Unpickler):
    """Unpickles relative paths as under the root."""

    def __init__(self, file: io.BytesIO, prefix: str) -> None:
        super().__init__(file)
        self._prefix = prefix

    def persistent_load(self, pid: object) -> Path:
        if not isinstance(pid, str):
            raise pickle.UnpicklingError("a stored path is not text")
        return Path(self._prefix + pid)


def _dumps(value: object, prefix: str) -> bytes:
    """``value`` pickled, its paths under the root relative to it."""
    if not prefix:
        return pickle.dumps(value, protocol=5)
    stream = io.BytesIO()
    _RelativePickler(stream, prefix).dump(value)
    return stream.getvalue()


def _loads(data: bytes, prefix: str) -> Any:
    """A value pickled by :func:`_dumps`, of any shape: a damaged or stale
    one raises one of DAMAGED when unreadable, or when the caller uses it."""
    return _RelativeUnpickler(io.BytesIO(data), prefix).load()


def _output_stamp(path: Path) -> bytes | None:
    stamp = stamp_of(str(path))
    return None if stamp is None else marshal.dumps(stamp)


def _temporary(stamp: str) -> sqlite3.Connection:
    """SQLite's private temporary database: on disk, gone when closed."""
    db = sqlite3.connect("")
    try:
        _prepare(db, stamp)
    except sqlite3.Error:
        db.close()
        raise
    return db


def _open(folder: Path, stamp: str) -> sqlite3.Connection:
    """The cache's database, made or started afresh when it is another
    version's or damaged."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(folder)
    try:
        return _connect(folder / DATABASE, stamp)
    except sqlite3.DatabaseError as error:
        if error.sqlite_errorcode not in DAMAGED_DATABASE:
            raise
    for name in (DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / name)
    return _connect(folder / DATABASE, stamp)


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


def _copy(folder: Path, stamp: str) -> sqlite3.Connection | None:
    """A private copy of the cache's database, read without writing a byte
    to its folder; None when there is none, or of another version."""
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


def _prepare(db: sqlite3.Connection, stamp: str) -> None:
    """The tables; all of them afresh for another version or config."""
    db.executescript(SCHEMA)
    row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if row is None or row[0] != stamp:
        # Every table goes, including those of older layouts.
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        for (table,) in db.execute(query).fetchall():
            db.execute(f'DROP TABLE "{table}"')
        db.executescript(SCHEMA)
        db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (stamp,))


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
    except DAMAGED:
        return None


def _shared(authors: dict[tuple, Author], person: tuple) -> Author:
    """One Author object per distinct author, not one per article."""
    if person not in authors:
        authors[person] = Author(*person)
    return authors[person]
