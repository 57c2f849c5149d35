"""What the engine knows about the source files without reading them: the
tree as discovery found it, reused while no folder in it has changed, and
each file's stamp, taken once per build."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import replace

from feedsmith.config import Sources
from feedsmith.files import FileStat, racy, stamp_of
from feedsmith.pipeline.discover import Discovery, discover


def rediscover(
    sources: Sources, suffixes: Iterable[str], previous: Discovery | None
) -> Discovery:
    """:func:`discover`'s answer, or ``previous`` (an earlier discovery under
    the same settings) as it is when none of the folders it walked has
    changed: a folder's times move whenever an entry in it is added, removed
    or renamed, so an untouched tree costs a stat per folder, not per file.
    """
    if previous is not None and _unchanged(previous):
        return previous
    seen = time.time_ns()  # before the walk: the racy rule's safe side
    return replace(discover(sources, suffixes), seen=seen)


def stamps(files: list[str]) -> list[FileStat]:
    """Each file's stamp as of now: the build's one stat of each.

    Files are looked up from their open folder (discovery lists them folder
    by folder), which spares the kernel walking each path from the root.
    """
    found: list[FileStat] = []
    folder, descriptor = "", None
    try:
        for file in files:
            parent, slash, name = file.rpartition("/")
            parent = parent or slash or "."  # "/x" is in "/", "x" in "."
            if parent != folder:
                if descriptor is not None:
                    os.close(descriptor)
                folder, descriptor = parent, _open_folder(parent)
            found.append(
                stamp_of(file) if descriptor is None else stamp_of(name, descriptor)
            )
    finally:
        if descriptor is not None:
            os.close(descriptor)
    return found


def _unchanged(previous: Discovery) -> bool:
    """Whether every folder ``previous`` walked is as it was, and was then
    older than the file system clock's granularity."""
    for folder, mtime, ctime in previous.folders:
        try:
            status = os.stat(folder)
        except OSError:
            return False
        if (status.st_mtime_ns, status.st_ctime_ns) != (mtime, ctime):
            return False
        if racy((0, mtime, ctime, 0), previous.seen):
            return False
    return bool(previous.folders)


def _open_folder(folder: str) -> int | None:
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
