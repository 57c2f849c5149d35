"""What the cache knows of every source: its listing, and the stamp or
content hash that vouches for it, kept in parts so that a changed file
rewrites one part, not the whole."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from feedsmith.errors import SourceWarning
from feedsmith.files import Stamp, racy

# What the cache knows of the sources is kept in this many parts, by a hash of
# the path, so that a change to one file rewrites a part, not the whole.
SHARDS = 64


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
        self.restat(path, stamp, seen)
        self.listings[path] = listing
        if warnings:
            self.warnings[path] = warnings
        self.parts.setdefault(shard(path), set()).add(path)

    def restat(self, path: str, stamp: Stamp, seen: int) -> None:
        """A new stamp for a source, say one whose content proved the same."""
        self.trusted.pop(path, None)
        self.unsure.pop(path, None)
        if stamp[0] >= 0 and not racy(stamp, seen):
            self.trusted[path] = stamp
        else:
            self.unsure[path] = (*stamp, seen)
        self.changed.add(shard(path))

    def forget(self, path: str) -> None:
        part = shard(path)
        self.changed.add(part)
        for table in (self.trusted, self.unsure, self.listings, self.warnings):
            table.pop(path, None)
        self.parts.get(part, set()).discard(path)

    def sort_parts(self) -> None:
        """Put every source in its part again, and mark every part to be
        written: parts go by a hash of the path, which moving the site's
        folder changed."""
        parts: dict[int, set[str]] = {}
        for path in self.listings:
            parts.setdefault(shard(path), set()).add(path)
        self.parts.clear()
        self.parts.update(parts)
        self.changed.update(range(SHARDS))


def shard(path: str) -> int:
    """The part that keeps ``path``."""
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS
