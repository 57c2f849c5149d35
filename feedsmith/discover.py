"""List the source files of a site, in a fixed order.

Patterns work as in ``.gitignore``: one without a ``/`` matches a file or
folder name at any depth (``README*``), one ending in ``/`` matches folders
only (``_drafts/``), and one with a ``/`` inside matches the path from the
source folder (``posts/2019/*``).

Symbolic links are followed only while they stay inside their source folder,
and each real folder is visited once, so link loops end.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from feedsmith.config import Sources
from feedsmith.errors import ConfigError, SourceWarning


@dataclass(frozen=True, slots=True)
class Discovery:
    paths: list[Path]
    skipped: tuple[SourceWarning, ...]  # links leading outside, loops


def discover(sources: Sources, suffixes: Iterable[str]) -> Discovery:
    """Every readable file of every source folder, sorted, each listed once.

    Sorting makes the build independent of the order the file system lists
    entries in.
    """
    wanted = {s.lower() for s in suffixes}
    found: dict[Path, None] = {}
    skipped: list[SourceWarning] = []
    for root in sources.folders:
        if not root.is_dir():
            raise ConfigError(f"sources: folder {root} does not exist")
        paths = _walk(root, sources, skipped)
        for path in sorted(paths, key=lambda p: p.relative_to(root).parts):
            if path.suffix.lower() in wanted:
                found.setdefault(path, None)
    return Discovery(list(found), tuple(skipped))


def _walk(root: Path, sources: Sources, skipped: list[SourceWarning]) -> Iterator[Path]:
    real_root = root.resolve()
    visited: set[Path] = set()
    for folder, subfolders, files in os.walk(root, followlinks=True):
        real = Path(folder).resolve()
        if real in visited or not real.is_relative_to(real_root):
            reason = (
                "back into a folder already read (a loop)"
                if real in visited
                else "outside the source folder"
            )
            skipped.append(
                SourceWarning(Path(folder), 0, f"skipped: the link leads {reason}")
            )
            subfolders[:] = []
            continue
        visited.add(real)
        relative = PurePosixPath(Path(folder).relative_to(root).as_posix())
        subfolders[:] = [
            name for name in subfolders if not _excluded(relative / name, True, sources)
        ]
        for name in files:
            path = relative / name
            if _excluded(path, False, sources) or not _included(path, sources):
                continue
            if not Path(folder, name).resolve().is_relative_to(real_root):
                skipped.append(
                    SourceWarning(
                        Path(folder, name),
                        0,
                        "skipped: the link leads outside the source folder",
                    )
                )
                continue
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
