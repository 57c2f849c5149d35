"""List the source files of a site, in a fixed order.

Patterns work as in ``.gitignore``: one without a ``/`` matches a file or
folder name at any depth (``README*``), one ending in ``/`` matches folders
only (``_drafts/``), and one with a ``/`` inside matches the path from the
source folder (``posts/2019/*``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from feedsmith.config import Sources
from feedsmith.errors import ConfigError


def discover(sources: Sources, suffixes: Iterable[str]) -> list[Path]:
    """Every readable file of every source folder, sorted, each listed once.

    Sorting makes the build independent of the order the file system lists
    entries in.
    """
    wanted = {s.lower() for s in suffixes}
    found: dict[Path, None] = {}
    for root in sources.folders:
        if not root.is_dir():
            raise ConfigError(f"sources: folder {root} does not exist")
        for path in sorted(
            _walk(root, sources), key=lambda p: p.relative_to(root).parts
        ):
            if path.suffix.lower() in wanted:
                found.setdefault(path, None)
    return list(found)


def _walk(root: Path, sources: Sources):
    for folder, subfolders, files in os.walk(root):
        relative = PurePosixPath(Path(folder).relative_to(root).as_posix())
        subfolders[:] = [
            name for name in subfolders if not _excluded(relative / name, True, sources)
        ]
        for name in files:
            path = relative / name
            if not _excluded(path, False, sources) and _included(path, sources):
                yield Path(folder, name)


def _excluded(path: PurePosixPath, is_folder: bool, sources: Sources) -> bool:
    return any(_matches(path, p, is_folder) for p in sources.exclude)


def _included(path: PurePosixPath, sources: Sources) -> bool:
    return not sources.include or any(_matches(path, p, False) for p in sources.include)


def _matches(path: PurePosixPath, pattern: str, is_folder: bool) -> bool:
    if pattern.endswith("/"):
        return is_folder and _matches(path, pattern.rstrip("/"), is_folder)
    if "/" in pattern.strip("/"):
        return fnmatchcase(path.as_posix(), pattern.strip("/"))
    return fnmatchcase(path.name, pattern)
