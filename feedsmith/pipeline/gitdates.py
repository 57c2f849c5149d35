"""Dates of articles from git history, for articles that name none.

An article without a date in its front matter, its file name or its text
takes one from the repository it lives in. File modification times are no
substitute: a fresh clone sets them all to the moment of cloning.

However many files it holds, a repository costs one ``rev-parse`` per
source folder, finding the work tree the folder lies in, and one ``log`` over
the whole repository, listing the paths each commit touched, newest first.
For every file, ``changed`` is the first commit seen and ``added`` the last
one (the oldest commit adding it).

Decisions:

- **The whole repository's history**, not a source folder's: a file moved
  into a source folder from another one, or from a folder that is no source
  (``drafts/``), keeps the dates of its first name. A log limited to the
  folder would see only the move's new side, and date the file by the move.
- **Renames are followed when at least 70 % of the file is unchanged**, the
  threshold and the rename limit (1,000 files a commit) given on the command
  line, so a user's ``diff.renames`` or ``diff.renameLimit`` changes nothing.
  A move that also edits the file (up to about 30 %) keeps its dates and is
  a change, so ``changed`` is the move's commit; a pure move (100 %) is no
  change, so permalinks and feeds stay put. Below 70 % git sees a new file
  from that commit: a rewrite under a new name is a new article, and two
  articles that share only boilerplate are not paired. In a commit adding
  and deleting over 1,000 files git skips its exhaustive pairing, so a move
  with edits there may count as a new file.
- **A file deleted and added again** keeps the date of its first adding.
- **Merge commits are skipped**: their changes already show in the commits
  they merge, so a merge never makes every file look changed.
- **Author dates**, in the author's offset: rebasing or cherry-picking a
  commit does not move them, as it moves committer dates.
- **Shallow clones** show every file as added by their oldest commit, so
  ``added`` may be too late there; :attr:`WorkTree.shallow` says so, and the
  caller decides what to do about it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from feedsmith.errors import ConfigError, SourceError, SourceWarning

if TYPE_CHECKING:
    from feedsmith.config import Sources

_MARK = b"date:"  # leads each commit's record; see --format in _LOG
# Settings in a user's git config that would change what `git log` prints.
_CONFIG = (
    "log.showSignature=false",
    "log.showRoot=true",
    "log.follow=false",
    "diff.relative=false",
)
RENAME_SIMILARITY = 70  # percent of a file unchanged for a move to keep its dates
RENAME_LIMIT = 1_000  # files a commit adds or deletes for inexact pairing
_LOG = (
    "log",
    "--no-merges",
    "--date-order",
    "--no-color",
    "-z",
    "--name-status",
    f"--find-renames={RENAME_SIMILARITY}%",
    f"-l{RENAME_LIMIT}",
    "--format=date:%aI",
)
_NO_COMMITS = (b"does not have any commits yet", b"bad default revision 'HEAD'")
_PURE_MOVE = b"R100"


@dataclass(frozen=True, slots=True)
class FileDates:
    added: datetime  # timezone-aware, author date of the first commit adding the file
    changed: datetime  # timezone-aware, author date of the newest commit changing it


@dataclass(frozen=True, slots=True)
class WorkTree:
    root: Path  # the repository's top-level folder, resolved
    shallow: bool  # a shallow clone: 'added' may be too late


def work_tree(folder: Path) -> WorkTree | None:
    """The git work tree ``folder`` lies in, or None when it lies in none or
    git is not installed."""
    try:
        found = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    except FileNotFoundError:
        return None
    if found.returncode != 0:
        return None
    toplevel, shallow = found.stdout.rstrip(b"\n").rsplit(b"\n", 1)
    return WorkTree(Path(os.fsdecode(toplevel)).resolve(), shallow == b"true")


def git_history(tree: WorkTree) -> Mapping[Path, FileDates]:
    """The dates of every file in the repository, by absolute path.

    Only files in the ``HEAD`` commit are listed: untracked, staged and
    deleted ones are not. Keys are the work tree's resolved root joined with
    the path git records; git never records a path through a symbolic link
    to a folder, so that is the resolved path of every file that is not
    itself a link. Raises ``ConfigError`` when the repository cannot be read.
    """
    log = _git(tree.root, *_LOG)
    if log.returncode != 0 and not any(m in log.stderr for m in _NO_COMMITS):
        detail = log.stderr.decode(errors="replace").strip()
        raise ConfigError(f"{tree.root}: cannot read the git history: {detail}")
    root = tree.root
    return MappingProxyType(
        {root / os.fsdecode(p): d for p, d in _walk(log.stdout).items()}
    )


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    settings = [arg for setting in _CONFIG for arg in ("-c", setting)]
    return subprocess.run(
        ["git", "--no-pager", *settings, "-C", str(folder), *args],
        capture_output=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )


def _walk(log: bytes) -> dict[bytes, FileDates]:
    """The dates of each path alive at HEAD, from `git log` output, newest first.

    Records are ``status NUL path NUL`` (``R<similarity> NUL old NUL new
    NUL`` for a rename), each commit's led by ``date:<author date> NUL``.
    """
    changed: dict[bytes, datetime] = {}
    added: dict[bytes, datetime] = {}
    gone: set[bytes] = set()  # deleted by the newest commit naming them
    current: dict[bytes, bytes] = {}  # an older name -> the name at HEAD
    date: datetime | None = None
    tokens = iter(log.split(b"\0"))
    for token in tokens:
        status = token.lstrip(b"\n")
        if status.startswith(_MARK):
            date = datetime.fromisoformat(status[len(_MARK) :].decode("ascii"))
            continue
        if not status:
            continue
        assert date is not None  # --format puts a date before each commit's paths
        old = next(tokens)
        path = next(tokens) if status[:1] in b"RC" else old
        key = current.get(path, path)
        if status[:1] == b"R":
            current[old] = key
        if status == b"D":
            if key not in added:
                gone.add(key)
        elif key not in gone:
            if status != _PURE_MOVE:  # a move that edits the file changes it
                changed.setdefault(key, date)
            added[key] = date
    return {k: FileDates(added[k], changed.get(k, added[k])) for k in added}


class GitDating:
    """Dates files from git for one build: each repository's history is read
    once, and only if some article needs it. A new one each build, as
    history moves between builds; the engine keeps it across its stages so
    that a cold build still reads each history once."""

    def __init__(self, sources: Sources) -> None:
        self._folders = sources.folders
        self._accept_shallow = sources.accept_shallow_clone
        self._trees: dict[Path, WorkTree | None] = {}  # by source folder
        self._histories: dict[Path, Mapping[Path, FileDates]] = {}  # by root
        self._dated: set[str] = set()
        # By shallow clone, the files it dated, from its root.
        self._shallow: dict[Path, set[str]] = {}

    def __call__(self, path: Path) -> FileDates | None:
        folder = next(f for f in self._folders if path.is_relative_to(f))
        if folder not in self._trees:
            self._trees[folder] = work_tree(folder)
        tree = self._trees[folder]
        if tree is None:
            return None
        if tree.root not in self._histories:
            self._histories[tree.root] = git_history(tree)
        self._dated.add(str(path))
        resolved = path.resolve()
        dates = self._histories[tree.root].get(resolved)
        if dates and tree.shallow:  # under the root: git listed it
            dated = self._shallow.setdefault(tree.root, set())
            dated.add(resolved.relative_to(tree.root).as_posix())
        return dates

    @property
    def used(self) -> bool:
        return bool(self._dated)

    def dated(self, path: str) -> bool:
        """Whether git dated ``path``: such sources are read again every build."""
        return path in self._dated

    def shallow(self) -> tuple[list[SourceError], list[SourceWarning]]:
        """One error for each shallow clone that dated some source, or with
        ``sources.accept_shallow_clone`` one warning.

        A shallow clone dates every file by its oldest commit: the dates,
        and links and ids made of them, would change as the clone's depth
        does, and a reader would see each such article twice.
        """
        errors: list[SourceError] = []
        warnings: list[SourceWarning] = []
        for root, names in self._shallow.items():
            articles = _few(sorted(names))
            if self._accept_shallow:
                message = _SHALLOW_ACCEPTED.format(articles=articles)
                warnings.append(SourceWarning(root, 0, message))
            else:
                errors.append(SourceError(root, 0, _SHALLOW.format(articles=articles)))
        return errors, warnings


_FETCH_ALL = (
    "fetch the whole history: fetch-depth: 0 in actions/checkout, "
    "GIT_DEPTH: 0 in GitLab CI, or git fetch --unshallow"
)
_SHALLOW = (
    "a shallow git clone: the commits that added {articles} are missing, so "
    "the dates git gives them, and links and ids made of those dates, would "
    f"be wrong; {_FETCH_ALL}; or set sources.accept_shallow_clone: true to "
    "build with these dates"
)
_SHALLOW_ACCEPTED = (
    "a shallow git clone: dates from git may be late for {articles} "
    f"(sources.accept_shallow_clone is true); {_FETCH_ALL}"
)


def _few(names: list[str], shown: int = 3) -> str:
    """``1 article (a.md)``, ``5 articles (a.md, b.md, c.md and 2 more)``."""
    count = len(names)
    listed = ", ".join(names[:shown])
    more = f" and {count - shown} more" if count > shown else ""
    return f"{count} article{'' if count == 1 else 's'} ({listed}{more})"
