"""Remove the feeds a site no longer makes, and only those.

When a tag loses its last article, or tags or a format are turned off, the
feed files of the last build would stay on disk forever, still listing
what was deleted. After the new feeds are in place, a feed file this build
did not make is removed if it carries the self link feedsmith gives a feed
at its place (``feeds.url`` and its path), and a view (index page,
stylesheet, OPML, discovery tags) if it carries feedsmith's note for this
``feeds.url``: a file of another tool sharing the folder does not, and is
left, with a warning. Only feed and view names are looked at, in the output
folder, in its ``tags/<slug>/`` folders (``authors/``, ``sections/`` and
``categories/`` alike), in the folders of custom feeds (any folder right
under the output, and the deeper ones this build writes to) and in the
``archive/<n>/`` page folders of each of those; links are never
followed, and a folder stays open while its files are judged and removed,
so a folder swapped for a link meanwhile is not entered.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import stat
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from lxml import etree

from feedsmith.config_feeds import FEED_KINDS
from feedsmith.errors import OutputError
from feedsmith.pipeline.views import DISCOVERY, VIEW_NAMES
from feedsmith.render import FORMATS, made_by

_FEED_NAMES = frozenset(fmt.filename for fmt in FORMATS.values())
_NAMES = _FEED_NAMES | VIEW_NAMES
# A feed's folder holds feeds and their discovery tags only: looking for the
# other views there would cost a failed open per tag folder and build.
_TAG_NAMES = _FEED_NAMES | {DISCOVERY}
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
# Non-blocking: a FIFO named as a feed would block reading it forever.
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(frozen=True, slots=True)
class Retired:
    """Feed files in the output folder that the build no longer makes."""

    removed: tuple[Path, ...]  # feedsmith's own: removed (to remove, when checking)
    # not provably feedsmith's though named as a feed or view, and why not
    # (the second item): left in place
    foreign: tuple[tuple[Path, str], ...]


def retire(
    produced: Collection[Path], root: Path, feeds_url: str, *, check_only: bool = False
) -> Retired:
    """Remove the feed files in ``root`` that are not ``produced`` but that
    feedsmith provably wrote; with ``check_only`` only find them.

    Only regular files are removed; feed folders emptied so are removed, and
    their kind's folder (``tags/``) too if that empties it.
    """
    keep = frozenset(_parts(path, root) for path in produced)
    how = _Retiring(keep, root, feeds_url, check_only)
    found: list[Retired] = []
    with _folder(root, None, follow=True) as top:
        if top is None:
            return Retired((), ())
        found.append(_retire_in(top, (), how))
        _retire_pages(top, (), how, found)
        for kind in FEED_KINDS:
            with _folder(root / kind, top, follow=False) as folder:
                if folder is not None and _retire_in_kind(folder, kind, how, found):
                    _remove_if_empty(top, root / kind, root)
        _retire_elsewhere(top, how, found)
    return Retired(
        tuple(itertools.chain.from_iterable(r.removed for r in found)),
        tuple(itertools.chain.from_iterable(r.foreign for r in found)),
    )


def _retire_in_kind(kind: int, name: str, how: _Retiring, found: list[Retired]) -> bool:
    """Retire feeds in each value's folder of the open kind folder ``kind``
    (``tags``), onto ``found``, removing the folders that leaves empty;
    whether any was."""
    emptied = False
    for slug in _subfolders(kind):
        emptied |= _retire_feed_folder(kind, (name, slug), how, found)
    return emptied


def _retire_elsewhere(top: int, how: _Retiring, found: list[Retired]) -> None:
    """Retire feeds in the custom feeds' folders: those this build writes
    to, and any folder right under the output, where a custom feed removed
    from the config had its feed by default. Files there that feedsmith
    cannot prove its own are another tool's, and only mentioned in folders
    that hold current feeds."""
    reserved = {(), *((kind,) for kind in (*FEED_KINDS, "archive"))}
    current = {
        parts[:-1]
        for parts in how.keep
        if parts[:-1] not in reserved and parts[0] not in FEED_KINDS
    }
    current = {place for place in current if "archive" not in place}
    guessed = {(name,) for name in _subfolders(top)} - reserved - current
    for where in sorted(current | guessed):
        with contextlib.ExitStack() as stack:
            parent: int | None = top
            for depth in range(len(where) - 1):
                path = how.root.joinpath(*where[: depth + 1])
                parent = stack.enter_context(_folder(path, parent, follow=False))
                if parent is None:
                    break
            if parent is not None:
                quiet = replace(how, quiet=where not in current)
                _retire_feed_folder(parent, where, quiet, found)


def _retire_feed_folder(
    parent: int, where: tuple[str, ...], how: _Retiring, found: list[Retired]
) -> bool:
    """Retire the feeds of the feed folder ``where``, an entry of the open
    folder ``parent``, and its archive pages; remove it if that empties it,
    and say whether it did."""
    folder = how.root.joinpath(*where)
    with _folder(folder, parent, follow=False) as place:
        if place is None:
            return False
        found.append(here := _retire_in(place, where, how))
        pages = _retire_pages(place, where, how, found)
    if (here.removed or pages) and not how.check_only:
        return _remove_if_empty(parent, folder, how.root)
    return False


def _retire_pages(
    place: int, where: tuple[str, ...], how: _Retiring, found: list[Retired]
) -> bool:
    """Retire the archive pages (``archive/<n>/``) of the feed in the open
    folder ``place``; whether any was removed."""
    folder = how.root.joinpath(*where, "archive")
    removed = False
    with _folder(folder, place, follow=False) as archive:
        if archive is None:
            return False
        for number in _subfolders(archive):
            page = (*where, "archive", number)
            with _folder(folder / number, archive, follow=False) as inner:
                if inner is None:
                    continue
                found.append(retired := _retire_in(inner, page, how, _FEED_NAMES))
            if retired.removed and not how.check_only:
                removed = True
                _remove_if_empty(archive, folder / number, how.root)
    if removed:
        _remove_if_empty(place, folder, how.root)
    return removed


def _parts(path: Path, root: Path) -> tuple[str, ...]:
    try:
        return path.relative_to(root).parts
    except ValueError:  # spelled through a link; sync() checked it lies inside
        return path.resolve().relative_to(root.resolve()).parts


@dataclass(frozen=True, slots=True)
class _Retiring:
    keep: frozenset[tuple[str, ...]]  # paths of the feeds built, in parts
    root: Path
    feeds_url: str
    check_only: bool
    quiet: bool = False  # files not proven feedsmith's go unmentioned


def _retire_in(
    place: int,
    where: tuple[str, ...],
    how: _Retiring,
    names: frozenset[str] | None = None,
) -> Retired:
    """The retired feeds in the open folder ``place`` (``where`` in the root),
    looking at ``names``: by default a feed folder's, or the root's."""
    removed, foreign = [], []
    for name in sorted(names or (_TAG_NAMES if where else _NAMES)):
        if (*where, name) in how.keep:
            continue
        path = how.root.joinpath(*where, name)
        self_url = how.feeds_url + "/".join((*where, name))
        proof = _proof(name, place, self_url, how.feeds_url)
        if proof is False:
            if how.quiet:
                continue
            if name in VIEW_NAMES:
                why = f"it does not say '{made_by(how.feeds_url)}'"
            else:
                why = f"its self link is not {self_url}"
            foreign.append((path, why))
        elif proof is not None:
            removed.append(path)
            if not how.check_only:
                _remove(name, place, proof, path, how.root)
    return Retired(tuple(removed), tuple(foreign))


def _proof(
    name: str, place: int, self_url: str, feeds_url: str
) -> os.stat_result | Literal[False] | None:
    """Whether ``name`` in ``place`` is a regular file carrying ``self_url``,
    or for a view feedsmith's note for ``feeds_url`` (its identity then, to
    remove that file only); None if there is none."""
    try:
        handle = os.open(name, _READ_FLAGS, dir_fd=place)
    except FileNotFoundError:
        return None
    except OSError:  # a link, or unreadable: cannot be proven
        return False
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return False
        try:
            data = stream.read()
        except OSError:
            return False
    if name in VIEW_NAMES:
        return info if made_by(feeds_url).encode() in data else False
    return info if _links_to_itself(name, data, self_url) else False


def _links_to_itself(name: str, data: bytes, self_url: str) -> bool:
    """Whether the feed ``data`` names ``self_url`` as its own address."""
    if name.endswith(".json"):
        try:
            document = json.loads(data)
        except (ValueError, RecursionError):
            return False
        return isinstance(document, dict) and document.get("feed_url") == self_url
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    links = [*tree.iterfind(_ATOM_LINK), *tree.iterfind(f"channel/{_ATOM_LINK}")]
    return any(
        link.get("rel") == "self" and link.get("href") == self_url for link in links
    )


def _remove(
    name: str, place: int, proven: os.stat_result, path: Path, root: Path
) -> None:
    """Unlink ``name`` in ``place`` if it is still the file that was proven."""
    try:
        now = os.stat(name, dir_fd=place, follow_symlinks=False)
        if (now.st_dev, now.st_ino) == (proven.st_dev, proven.st_ino):
            os.unlink(name, dir_fd=place)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _not_removed(path, root, "a feed this site no longer makes", exc) from exc


def _not_removed(path: Path, root: Path, what: str, exc: OSError) -> OutputError:
    return OutputError(
        f"output: cannot remove {path.relative_to(root).as_posix()} in {root}, "
        f"{what}: {exc.strerror}; the new feeds are written, run again once "
        "the cause is fixed"
    )


def _remove_if_empty(place: int, folder: Path, root: Path) -> bool:
    """Remove ``folder``, open as ``place``'s entry, if it is empty; whether it was."""
    try:
        os.rmdir(folder.name, dir_fd=place)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
            return False
        emptied = "a folder emptied of retired feeds"
        raise _not_removed(folder, root, emptied, exc) from exc
    return True


@contextlib.contextmanager
def _folder(path: Path, place: int | None, *, follow: bool) -> Iterator[int | None]:
    """The folder ``path`` held open (as an entry of the open folder ``place``
    if given); None if it is missing, is no folder, or is a link that
    ``follow`` forbids."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
    flags |= 0 if follow else os.O_NOFOLLOW
    try:
        handle = os.open(path if place is None else path.name, flags, dir_fd=place)
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
            raise OutputError(
                f"output: cannot look for retired feeds in {path}: {exc.strerror}"
            ) from exc
        handle = None
    try:
        yield handle
    finally:
        if handle is not None:
            os.close(handle)


def _subfolders(place: int) -> list[str]:
    """The names of the folders in the open folder ``place``, links left out."""
    with os.scandir(place) as entries:
        return sorted(e.name for e in entries if e.is_dir(follow_symlinks=False))
