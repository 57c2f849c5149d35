"""Write feed files: only those whose bytes changed, each atomically.

Writing happens in two phases. First every changed file is written in full
to a hidden temporary file beside its target and flushed to disk; only when
all of them are staged is each renamed over its target. A reader therefore
sees either the old or the new file, never a torn one, and a failure while
staging (disk full, no permission) leaves every old feed as it was. A
rename that fails half-way is reported file by file: renames cannot be
undone as one, and undoing them could fail for the same cause. Leftover
temporary files of a killed run are removed by the next one, under the lock
that keeps two runs from interleaving; only names feedsmith gives, only in
the folders it writes to. The lock itself is kept outside the output folder,
which is published and so holds feeds only.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from feedsmith.config_feeds import FEED_KINDS
from feedsmith.errors import OutputError
from feedsmith.files import not_a_file

LOCK_NAME = "lock"  # in the cache folder
_OLD_LOCK_NAME = ".feedsmith.lock"  # in the output folder, in earlier releases
_TEMPORARY_SUFFIX = ".feedsmith-tmp"
_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
_PRIVATE_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# Non-blocking: a FIFO where a feed should be would block reading it forever.
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


@contextlib.contextmanager
def locked(
    output: Path,
    cache: Path | None,
    *,
    wait: bool = False,
    custom: tuple[str, ...] = (),
) -> Iterator[None]:
    """Hold the lock on writing ``output``; the OS releases it if the process dies.
    Temporary files a killed run left where feeds are written (``custom``
    names the custom feeds' folders) are removed first.

    The lock file is kept out of the output folder, which is published: in
    the cache folder, or without a usable one in a private folder in the
    system's temporary folder, named after the output folder. The same
    config therefore always locks the same file. The output folder itself
    is made only when a feed is written: a build that fails leaves none.
    """
    try:
        if not stat.S_ISDIR(os.stat(output).st_mode):
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
    except FileNotFoundError:
        pass
    except OSError as exc:
        why = exc.strerror
        if exc.errno == errno.ENOTDIR:
            why = "it is not a folder"
        raise OutputError(f"output: cannot use folder {output}: {why}") from exc
    handle = _open_lock(output, cache)
    try:
        _take(handle, output, wait)
        _remove_old_lock(output, wait)
        _remove_leftovers(output, custom)
        yield
    finally:
        os.close(handle)


def _open_lock(output: Path, cache: Path | None) -> int:
    """The lock file's descriptor, opened without following a link."""
    if cache is not None:
        lock = cache / LOCK_NAME
        try:
            cache.mkdir(parents=True, exist_ok=True)
            return os.open(lock, _LOCK_FLAGS, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP and lock.is_symlink():
                raise _cannot_lock(
                    output,
                    f"{lock} is a link; feedsmith keeps only its own files there: "
                    "remove the link",
                ) from exc
            # An unusable cache folder: the cache gives up too, and says so.
    return _open_private_lock(output)


def _open_private_lock(output: Path) -> int:
    """``<tmp>/feedsmith-<uid>/<hash of the output folder>.lock``.

    The folder is opened without following a link and must be this user's,
    writable by no one else: in a shared temporary folder, anyone could have
    made it first.
    """
    folder = Path(tempfile.gettempdir()) / f"feedsmith-{os.getuid()}"
    refused = (
        f"{folder} is not a folder of this user's that only it can write to: "
        "remove it, or set TMPDIR to a folder of your own"
    )
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    try:
        place = os.open(folder, _PRIVATE_FLAGS)
    except OSError as exc:
        why = refused if exc.errno in (errno.ELOOP, errno.ENOTDIR) else exc.strerror
        raise _cannot_lock(output, why) from exc
    try:
        info = os.fstat(place)
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            raise _cannot_lock(output, refused)
        named = hashlib.sha256(os.fsencode(output.resolve())).hexdigest()[:32]
        return os.open(f"{named}.lock", _LOCK_FLAGS, 0o600, dir_fd=place)
    except OSError as exc:
        raise _cannot_lock(output, f"{folder}: {exc.strerror}") from exc
    finally:
        os.close(place)


def _cannot_lock(output: Path, why: str | None) -> OutputError:
    return OutputError(f"output: cannot lock {output}: {why}")


def _take(handle: int, output: Path, wait: bool) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        raise OutputError(
            f"output: another feedsmith run is writing to {output}; "
            "try again when it ends, or pass --wait"
        ) from None
    except OSError as exc:  # no locks on this file system
        raise _cannot_lock(output, exc.strerror) from exc


def _remove_old_lock(output: Path, wait: bool) -> None:
    """Remove the lock file older versions kept among the feeds: a regular
    file of that name only, never a link. An older run still holding it is
    waited for or refused, as any other run."""
    old = output / _OLD_LOCK_NAME
    try:
        handle = os.open(old, _READ_FLAGS | os.O_NOFOLLOW)
    except OSError:  # none, or a link or something else: not ours
        return
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return
        _take(handle, output, wait)
        now = os.stat(old, follow_symlinks=False)
        if (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino):
            os.unlink(old)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(
            f"output: cannot remove {_OLD_LOCK_NAME} in {output}, the lock of "
            f"older versions: {exc.strerror}"
        ) from exc
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
    inside = root.resolve()  # once: at 20,000 files, resolving it each time cost 0.4 s
    for path in files:
        if not path.resolve().is_relative_to(inside):
            raise OutputError(f"output: {path} would be written outside {root}")
    changed: list[Path] = []
    staged: dict[Path, Path] = {}
    try:
        for path in sorted(files):
            if unchanged(path):
                continue
            data = _wanted(files, path, root)
            if _current(path, root) == data:
                continue
            changed.append(path)
            if not check_only:
                staged[path] = _stage(path, data, root)
        _replace(staged, root)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    return changed


def _replace(staged: dict[Path, Path], root: Path) -> None:
    """Rename each staged file over its target; if one fails, say exactly
    which were replaced and which were not."""
    done: list[Path] = []
    try:
        for path, temporary in staged.items():
            os.replace(temporary, path)
            done.append(path)
    except OSError as exc:
        failed = next(path for path in staged if path not in done)
        left = [_shown(path, root) for path in staged if path not in done]
        raise OutputError(
            f"output: cannot replace {_shown(failed, root)} in {root}: "
            f"{exc.strerror}\n"
            f"  replaced: {', '.join(_shown(path, root) for path in done) or 'none'}\n"
            f"  not replaced: {', '.join(left)}\n"
            "  every file is whole, old or new; run again once the cause is fixed"
        ) from exc
    finally:
        for folder in {path.parent for path in done}:
            _fsync_folder(folder)


def _shown(path: Path, root: Path) -> str:
    """``path`` as the user knows it: from the output folder."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _wanted(files: Mapping[Path, bytes], path: Path, root: Path) -> bytes:
    """The bytes ``path`` should hold (an unchanged feed is read back)."""
    try:
        return files[path]
    except OSError as exc:
        raise OutputError(
            f"output: cannot read {_shown(path, root)} in {root}: {exc.strerror}; "
            "no feed was changed"
        ) from exc


def _current(path: Path, root: Path) -> bytes | None:
    """The bytes on disk at ``path``, None if there is no file."""
    try:
        handle = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unusable(path, root, f"cannot be read: {exc.strerror}") from exc
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise _unusable(path, root, f"is {not_a_file(mode)}; remove it")
        try:
            return stream.read()
        except OSError as exc:
            raise _unusable(path, root, f"cannot be read: {exc.strerror}") from exc


def _unusable(path: Path, root: Path, why: str) -> OutputError:
    return OutputError(
        f"output: {_shown(path, root)} in {root} {why}; no feed was changed"
    )


def _stage(path: Path, data: bytes, root: Path) -> Path:
    """Write ``data`` to a flushed temporary file beside ``path``."""
    try:
        return _write_temporary(path, data)
    except OSError as exc:
        raise OutputError(
            f"output: cannot write {_shown(path, root)} in {root}: {exc.strerror}; "
            "no feed was changed"
        ) from exc


def _write_temporary(path: Path, data: bytes) -> Path:
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


def _remove_leftovers(folder: Path, custom: tuple[str, ...]) -> None:
    """Remove the temporary files a killed run left in the output folder and
    the folders of its feeds of each kind (``tags/<slug>/``, ``authors/...``)
    and of their archive pages (``archive/<n>/``), where feeds are written;
    nothing else is looked at."""
    for place in _feed_folders(folder, custom):
        try:
            with os.scandir(place) as entries:
                leftovers = [e.path for e in entries if _is_leftover(e)]
            for leftover in leftovers:
                os.unlink(leftover)
        except OSError:
            continue  # left, hidden; writing there reports what is wrong


def _feed_folders(folder: Path, custom: tuple[str, ...]) -> list[str]:
    """The output folder, its feeds' folders of each kind, the ``custom``
    feeds' folders, and the archive page folders of each of these: one
    listing of each that exists."""
    feeds = [os.fspath(folder), *(os.path.join(folder, place) for place in custom)]
    for kind in FEED_KINDS:
        feeds += _subfolders(os.path.join(folder, kind))
    pages = [page for feed in feeds for page in _subfolders(f"{feed}/archive")]
    return feeds + pages


def _subfolders(place: str) -> list[str]:
    try:
        with os.scandir(place) as entries:
            return [e.path for e in entries if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _is_leftover(entry: os.DirEntry) -> bool:
    """Whether ``entry`` is named as :func:`_stage` names temporary files
    (``.rss.xml.k3j9x_2a.feedsmith-tmp``) and is a plain file."""
    name = entry.name
    if not (name.startswith(".") and name.endswith(_TEMPORARY_SUFFIX)):
        return False
    target, dot, tail = name[1 : -len(_TEMPORARY_SUFFIX)].rpartition(".")
    return bool(target and dot and tail) and entry.is_file(follow_symlinks=False)
