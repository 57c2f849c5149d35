"""List the source files of a site, in a fixed order.

Patterns are matched as git matches ``.gitignore`` lines, relative to each
source folder, with the ``pathspec`` library translating each line: ``*``
stays within a folder, ``**`` crosses folders, a leading or inner ``/``
anchors, a trailing ``/`` names folders only, ``!`` takes back an earlier
match. Also as in git, the last line that names a path decides for it, and
everything in an excluded folder stays excluded: that folder is never read,
which keeps discovery fast. ``pathspec`` on its own judges each file from its
full path, where git reaches a file folder by folder, and the two differ once
``!`` meets folders; so the walk asks each line only about the path in hand.

Every other entry is listed with the reason it is not read (see
:data:`REASONS`), so the run can count them: nothing is skipped in silence.
A folder excluded outright counts once, as a folder: its files are never
listed, so a ``node_modules`` or ``.git`` costs nothing to discover.

Symbolic links are followed only while they stay inside their source folder,
and each real folder is visited once, so link loops end. Entries that hold
no text (pipes, sockets, devices, links that lead nowhere or in a loop) are
skipped with a warning saying what they are, and never opened: a FIFO with
no writer would block the build. A folder that cannot be read is an error,
since it may hide articles. The walk uses
``os.scandir`` and plain strings: at 100,000 files, ``pathlib`` alone costs
seconds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import pathspec

from feedsmith.config import Sources
from feedsmith.errors import ConfigError, SourceError, SourceWarning
from feedsmith.files import broken_link, not_a_file

FolderTimes = tuple[str, int, int]  # a folder, its mtime and ctime
Unread = tuple[str, str]  # a path and the reason it is not read, from REASONS

EXCLUDED = "excluded"  # by sources.exclude (defaults included) or a profile's
EXCLUDED_FOLDER = "excluded folder"  # the same for a folder: not walked
NOT_ARTICLE = "not an article format"
NOT_INCLUDED = "not in sources.include"
REASONS = (NOT_ARTICLE, EXCLUDED, EXCLUDED_FOLDER, NOT_INCLUDED)


@dataclass(frozen=True, slots=True)
class Discovery:
    files: list[str]  # paths as strings: a Path each costs seconds at 100,000
    skipped: tuple[SourceWarning, ...]  # links out or broken, pipes, devices
    folders: tuple[FolderTimes, ...] = ()  # every folder walked, as it was
    seen: int = 0  # when the walk began (set by the engine), for the racy rule
    errors: tuple[SourceError, ...] = ()  # folders that could not be read
    # every other file, and excluded folder, with why it is not read
    unread: tuple[Unread, ...] = ()


def discover(sources: Sources, suffixes: Iterable[str]) -> Discovery:
    """Every readable file of every source folder, sorted, each listed once.

    Sorting makes the build independent of the order the file system lists
    entries in. The times of every folder walked are kept, so that the
    engine can tell an untouched tree without walking it again.
    """
    rules = _Rules(sources, {s.lower() for s in suffixes})
    found: dict[str, None] = {}
    skipped: list[SourceWarning] = []
    folders: list[FolderTimes] = []
    errors: list[SourceError] = []
    unread: dict[str, str] = {}
    for root in sources.folders:
        if not root.is_dir():
            what = "is not a folder" if root.exists() else "does not exist"
            raise ConfigError(f"sources: folder {root} {what}")
        walker = _Walker(str(root), rules, skipped, folders, errors)
        walker.walk(str(root), "")
        found.update(dict.fromkeys(walker.files))
        unread.update(walker.unread)
    return Discovery(
        list(found),
        tuple(skipped),
        tuple(folders),
        0,
        tuple(errors),
        tuple((path, why) for path, why in unread.items() if path not in found),
    )


def tally(unread: Iterable[Unread]) -> list[tuple[int, str]]:
    """How many entries are not read, by reason; files not in an article
    format also by extension (``(13, ".png (not an article format)")``).
    Most first."""
    counts: dict[str, int] = {}
    for path, why in unread:
        if why == NOT_ARTICLE:
            name = os.path.basename(path)
            extension = os.path.splitext(name)[1].lower()
            what = extension if extension else "without extension"
            why = f"{what} ({why})"
        counts[why] = counts.get(why, 0) + 1
    return sorted(((n, why) for why, n in counts.items()), key=lambda c: (-c[0], c[1]))


class _Rules:
    """The include and exclude patterns, compiled once."""

    def __init__(self, sources: Sources, suffixes: set[str]) -> None:
        self.suffixes = suffixes
        self.exclude = _compile(sources.exclude)
        self.include = _compile(sources.include) if sources.include else None

    def skip_folder(self, relative: str) -> bool:
        return _named(self.exclude, relative, folder=True)

    def take_folder(self, relative: str, taken: bool) -> bool:
        """Whether every file in the folder is included, as its parent is or
        by a pattern naming the folder."""
        return taken or (
            self.include is not None and _named(self.include, relative, folder=True)
        )

    def unread(self, name: str, relative: str, taken: bool) -> str | None:
        """Why the file is not read, or None: it is."""
        if os.path.splitext(name)[1].lower() not in self.suffixes:
            return NOT_ARTICLE
        if _named(self.exclude, relative, folder=False):
            return EXCLUDED
        if (
            self.include is None
            or taken
            or _named(self.include, relative, folder=False)
        ):
            return None
        return NOT_INCLUDED


@dataclass(frozen=True, slots=True)
class _Line:
    """One pattern line, as two tests on a single path (not its folders)."""

    negated: bool  # a ``!`` line: a path it names is not matched
    file: re.Pattern[str]  # finds a match in ``path`` when the line names it
    folder: re.Pattern[str]  # finds one in ``path + "/"`` when it names that folder


def _compile(patterns: Iterable[str]) -> tuple[_Line, ...]:
    """Each line, translated by ``pathspec``; lines that match nothing (the
    config refuses them) are left out.

    ``pathspec`` marks where a line matched a folder, with the only named
    group of its expression: matches without the mark are of the path itself
    (a file pattern, or ``**`` at the end); a folder is named when the mark
    falls on the slash after it.
    """
    lines = []
    spec = pathspec.GitIgnoreSpec.from_lines(_git_equivalent(p) for p in patterns)
    for line in spec.patterns:
        if line.regex is None or line.include is None:
            continue
        expression = line.regex.pattern
        marks = list(line.regex.groupindex)
        if marks:
            mark = marks[0]
            file = f"(?:{expression})(?({mark})(?!))"
            folder = f"(?:{expression})(?({mark})$|(?!))"
        else:
            file, folder = expression, "(?!)"
        lines.append(_Line(not line.include, re.compile(file), re.compile(folder)))
    return tuple(reversed(lines))  # the last line to name a path decides


def _git_equivalent(pattern: str) -> str:
    """``pattern``, or a pattern git treats the same that ``pathspec`` 1.1
    translates right: it reads ``a/**/`` as the folder ``a`` and what is in
    it, where git means the folders below ``a``, as ``a/**/*/`` does."""
    if pattern.endswith("/**/"):
        return pattern + "*/"
    return pattern


def _named(lines: tuple[_Line, ...], path: str, folder: bool) -> bool:
    """Whether the last line of ``lines`` naming ``path`` itself matches it."""
    for line in lines:
        if line.file.search(path) or (folder and line.folder.search(path + "/")):
            return not line.negated
    return False


class _Walker:
    def __init__(
        self,
        root: str,
        rules: _Rules,
        skipped: list[SourceWarning],
        folders: list[FolderTimes],
        errors: list[SourceError],
    ) -> None:
        self.real_root = os.path.realpath(root)
        self.rules = rules
        self.skipped = skipped
        self.folders = folders
        self.errors = errors
        self.visited: set[str] = set()
        self.files: list[str] = []
        self.unread: list[Unread] = []
        # Folders (relative, with their "/") an include pattern names, or
        # names a folder above: every file in them is included.
        self.taken: set[str] = set()

    def walk(self, folder: str, relative: str) -> None:
        real = os.path.realpath(folder)
        if real in self.visited or not _inside(real, self.real_root):
            loop = real in self.visited
            reason = (
                "back into a folder already read (a loop)"
                if loop
                else "outside the source folder"
            )
            self.skipped.append(
                SourceWarning(Path(folder), 0, f"skipped: the link leads {reason}")
            )
            return
        self.visited.add(real)
        try:
            status = os.stat(folder)
            with os.scandir(folder) as listing:
                # Sorted per folder, so the walk lists paths in component order.
                entries = sorted(listing, key=attrgetter("name"))
        except OSError as exc:
            self._unreadable(folder, exc)
            return
        self.folders.append((folder, status.st_mtime_ns, status.st_ctime_ns))
        taken = relative in self.taken
        for entry in entries:
            path = f"{relative}{entry.name}"
            if _is_folder(entry):
                if self.rules.skip_folder(path):
                    self.unread.append((entry.path, EXCLUDED_FOLDER))
                    continue
                if self.rules.take_folder(path, taken):
                    self.taken.add(path + "/")
                self.walk(entry.path, path + "/")
            elif (why := self.rules.unread(entry.name, path, taken)) is None:
                self._take(entry)
            else:
                self.unread.append((entry.path, why))

    def _unreadable(self, folder: str, exc: OSError) -> None:
        """Report a folder that cannot be listed, and keep the walk from
        being reused while it stays so (no real folder has these times)."""
        message = (
            f"cannot read folder: {exc.strerror}; it may hold articles: let "
            "feedsmith read it (chmod a+rx) or exclude it in sources.exclude"
        )
        self.errors.append(SourceError(Path(folder), 0, message))
        self.folders.append((folder, -1, -1))

    def _take(self, entry: os.DirEntry) -> None:
        problem = _no_text(entry)
        if problem is not None:
            self.skipped.append(
                SourceWarning(Path(entry.path), 0, f"skipped: {problem}")
            )
            return
        if entry.is_symlink() and not _inside(
            os.path.realpath(entry.path), self.real_root
        ):
            message = "skipped: the link leads outside the source folder"
            self.skipped.append(SourceWarning(Path(entry.path), 0, message))
            return
        self.files.append(entry.path)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link loop: reported as a file, if named like one
        return False


def _no_text(entry: os.DirEntry) -> str | None:
    """What ``entry`` is, when it is no regular file to read: None for a
    file, or when only reading it can tell (a permission error, reported then).

    Costs no system call for a regular file that is not a link.
    """
    try:
        if entry.is_file():
            return None
        return not_a_file(entry.stat().st_mode)
    except OSError as exc:
        return broken_link(entry.path, exc.errno)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def source_folder(path: str, folders: tuple[Path, ...]) -> Path:
    """Which of ``folders`` ``path`` was found in: its first subfolder there
    is the article's section."""
    return next(
        folder for folder in folders if path.startswith(os.path.join(folder, ""))
    )
