"""Write feed files: only those whose bytes changed, each atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from feedsmith.errors import FeedsmithError


def sync(files: Mapping[Path, bytes], *, check_only: bool = False) -> list[Path]:
    """Bring ``files`` to disk; return the paths whose content differed.

    A file is replaced by writing a temporary file in the same folder and
    renaming it over the old one, so a reader or a killed run never sees half
    a feed. With ``check_only`` nothing is written.
    """
    changed = [path for path, data in sorted(files.items()) if _current(path) != data]
    if not check_only:
        for path in changed:
            _replace(path, files[path])
    return changed


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FeedsmithError(
            f"{path}: cannot read existing feed: {exc.strerror}"
        ) from exc


def _replace(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FeedsmithError(f"{path}: cannot write feed: {exc.strerror}") from exc
