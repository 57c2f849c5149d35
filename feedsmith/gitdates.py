"""Dates of articles from git history, for articles that name none.

An article without a date in its front matter, its file name or its text
takes one from the repository it lives in. File modification times are no
substitute: a fresh clone sets them all to the moment of cloning.

The whole tree costs two git processes, however many files it holds:
``rev-parse`` finds the work tree, then one ``log`` lists the paths each
commit touched, newest commit first. For every file, ``changed`` is the first
commit seen and ``added`` the last one (the oldest commit adding it).

Decisions:

- **Renames are followed when the content is unchanged** (``git mv``, a
  reorganised folder): the file keeps the dates of its old name, and the move
  itself is not a change, so permalinks and feeds stay put. A file renamed
  *and* edited in one commit counts as new from that commit: git's
  similarity guess is not used, since it can pair unrelated articles that
  share boilerplate and its result depends on ``diff.renameLimit``.
- **A file deleted and added again** keeps the date of its first adding.
- **Merge commits are skipped**: their changes already show in the commits
  they merge, so a merge never makes every file look changed.
- **Author dates**, in the author's offset: rebasing or cherry-picking a
  commit does not move them, as it moves committer dates.
- **Shallow clones** show every file as added by their oldest commit, so
  ``added`` may be too late there; :attr:`GitHistory.shallow` says so.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from feedsmith.errors import ConfigError

_MARK = b"date:"  # leads each commit's record; see --format in _LOG
# Settings in a user's git config that would change what `git log` prints.
_CONFIG = (
    "log.showSignature=false",
    "log.showRoot=true",
    "log.follow=false",
    "diff.relative=false",
)
_LOG = (
    "log",
    "--no-merges",
    "--date-order",
    "--no-color",
    "-z",
    "--name-status",
    "--find-renames=100%",
    "--format=date:%aI",
    "--",
    ".",
)
_NO_COMMITS = (b"does not have any commits yet", b"bad default revision 'HEAD'")


@dataclass(frozen=True, slots=True)
class FileDates:
    added: datetime  # timezone-aware, author date of the first commit adding the file
    changed: datetime  # timezone-aware, author date of the newest commit changing it


@dataclass(frozen=True, slots=True)
class GitHistory:
    dates: Mapping[Path, FileDates]  # keyed by absolute, resolved file path
    shallow: bool  # the checkout is shallow: 'added' may be wrong


def git_history(folder: Path) -> GitHistory | None:
    """History of every file under folder, or None when folder is not in a git
    work tree or git is not installed.

    Only files in the ``HEAD`` commit are listed: untracked, staged and
    deleted ones are not. Keys are the work tree's resolved root joined with
    the path git records; git never records a path through a symbolic link
    to a folder, so that is the resolved path of every file that is not
    itself a link. Raises ``ConfigError`` when the repository cannot be read.
    """
    try:
        found = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    except FileNotFoundError:
        return None
    if found.returncode != 0:
        return None
    toplevel, shallow = found.stdout.rstrip(b"\n").rsplit(b"\n", 1)
    log = _git(folder, *_LOG)
    if log.returncode != 0 and not any(m in log.stderr for m in _NO_COMMITS):
        detail = log.stderr.decode(errors="replace").strip()
        raise ConfigError(f"{folder}: cannot read the git history: {detail}")
    root = Path(os.fsdecode(toplevel)).resolve()
    dates = {root / os.fsdecode(p): d for p, d in _walk(log.stdout).items()}
    return GitHistory(MappingProxyType(dates), shallow == b"true")


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

    Records are ``status NUL path NUL`` (``R100 NUL old NUL new NUL`` for a
    rename), each commit's led by ``date:<author date> NUL``.
    """
    changed: dict[bytes, datetime] = {}
    added: dict[bytes, datetime] = {}
    gone: set[bytes] = set()  # deleted by the newest commit naming them
    current: dict[bytes, bytes] = {}  # an older name -> the name at HEAD
    date = None
    tokens = iter(log.split(b"\0"))
    for token in tokens:
        status = token.lstrip(b"\n")
        if status.startswith(_MARK):
            date = datetime.fromisoformat(status[len(_MARK) :].decode("ascii"))
            continue
        if not status:
            continue
        old = next(tokens)
        path = next(tokens) if status[:1] in b"RC" else old
        key = current.get(path, path)
        if status[:1] == b"R":
            current[old] = key
        if status == b"D":
            if key not in added:
                gone.add(key)
        elif key not in gone:
            if status[:1] != b"R":  # a pure move changes nothing in the file
                changed.setdefault(key, date)
            added[key] = date
    return {k: FileDates(added[k], changed.get(k, added[k])) for k in added}
