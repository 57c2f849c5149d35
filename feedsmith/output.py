"""Write feed files: only those whose bytes changed, all or none, each atomically.

Writing happens in two phases. First every changed file is written in full
to a hidden temporary file beside its target and flushed to disk; only when
all of them are staged is each renamed over its target. A reader therefore
sees either the old or the new file, never a torn one, and a failure while
staging (disk full, no permission) leaves every old feed as it was. Leftover
temporary files of a killed run are removed by the next one, under the lock
that keeps two runs from interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from feedsmith.errors import OutputError

LOCK_NAME = ".feedsmith.lock"
_TEMPORARY_SUFFIX = ".feedsmith-tmp"


@contextlib.contextmanager
def locked(folder: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the output folder's lock; the OS releases it if the process dies."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(
            f"output: cannot use folder {folder}: {exc.strerror}"
        ) from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise OutputError(
                f"output: another feedsmith run is writing to {folder}; "
                "try again when it ends, or pass --wait"
            ) from None
        _remove_leftovers(folder)
        yield
    finally:
        os.close(handle)


def sync(
    files: Mapping[Path, bytes],
    root: Path,
    *,
    check_only: bool = False,
    unchanged: Callable[[Path], bool] = lambda path: False,
) -> list[Path]:
    """Bring ``files`` (all inside ``root``) to disk; return those that differed.

    Each file's bytes are asked for once, compared, and staged right away
    when changed, so only one feed is in memory at a time; a file for which
    ``unchanged`` says so is neither rendered nor read. With ``check_only``
    nothing is written.
    """
    for path in files:
        if not path.resolve().is_relative_to(root.resolve()):
            raise OutputError(f"output: {path} would be written outside {root}")
    changed: list[Path] = []
    staged: dict[Path, Path] = {}
    try:
        for path in sorted(files):
            if unchanged(path):
                continue
            data = files[path]
            if _current(path) == data:
                continue
            changed.append(path)
            if not check_only:
                staged[path] = _stage(path, data)
        for path, temporary in staged.items():
            os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(
            f"output: cannot write {exc.filename or root}: {exc.strerror}; "
            "no feed was changed"
        ) from exc
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    for folder in {path.parent for path in staged}:
        _fsync_folder(folder)
    return changed


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"output: cannot read {path}: {exc.strerror}") from exc


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a flushed temporary file beside ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=_TEMPORARY_SUFFIX, dir=path.parent
    )
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _fsync_folder(folder: Path) -> None:
    """Make the renames themselves durable."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_leftovers(folder: Path) -> None:
    for leftover in folder.rglob(f".*{_TEMPORARY_SUFFIX}"):
        leftover.unlink(missing_ok=True)
