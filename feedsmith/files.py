"""What every layer needs to know of a file: what vouches for its content
(its stamp, or its content hash) and, when it holds no text, what it is.

A bottom module: readers, discovery, the cache and the output all use it,
so it imports nothing of feedsmith's.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

Stamp = tuple[int, int, int, int]  # size, mtime, ctime (ns) and inode of a file
FileStat = Stamp | None  # None when stat failed
RACY = 3_000_000_000  # nanoseconds; coarser than any file system clock


def stamp_of(file: str, folder: int | None = None) -> FileStat:
    """The stamp of ``file`` (looked up in the open ``folder`` if given), or
    None when it cannot be stat'ed."""
    try:
        status = os.stat(file, dir_fd=folder)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def racy(stamp: Stamp, seen: int) -> bool:
    """Whether a file stamped ``stamp`` changed within ``RACY`` of ``seen``,
    so that it could change again without its stamp moving."""
    return max(stamp[1], stamp[2]) >= seen - RACY


def digest(data: bytes) -> str:
    """A content hash: SHA-256, which CPUs accelerate (faster than BLAKE2
    here), cut to 160 bits."""
    return hashlib.sha256(data).hexdigest()[:40]


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)
_BROKEN = {
    errno.ENOENT: ", which does not exist",
    errno.ELOOP: " that leads back to itself (a loop of links)",
}


def not_a_file(mode: int) -> str:
    """Why a file of ``mode`` (not a regular file) holds no article."""
    kind = next((name for test, name in _KINDS if test(mode)), "something")
    return f"{kind}, not a regular file"


def broken_link(path: str | Path, number: int | None) -> str | None:
    """Why ``path``, a link that failed with error ``number``, holds no
    article; None when it is no link or failed otherwise."""
    if number not in _BROKEN or not os.path.islink(path):
        return None
    try:
        target = os.readlink(path)
    except OSError:
        return None
    return f"a link to {target}{_BROKEN[number]}; fix or remove the link"
