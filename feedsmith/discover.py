"""List the source files of a site, in a fixed order."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from feedsmith.errors import ConfigError


def discover(root: Path, suffixes: Iterable[str]) -> list[Path]:
    """Every file under ``root`` with one of ``suffixes``, sorted by path.

    Hidden files and folders (a leading ``.``) are skipped, as every static
    site generator does. Sorting makes the build independent of the order
    the file system happens to list entries in.
    """
    if not root.is_dir():
        raise ConfigError(f"sources: folder {root} does not exist")
    wanted = {s.lower() for s in suffixes}
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in wanted
        )
    return sorted(found, key=lambda p: p.relative_to(root).parts)
