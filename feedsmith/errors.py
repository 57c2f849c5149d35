"""The exceptions feedsmith raises for problems a user can fix.

::

    FeedsmithError
     +-- ConfigError        config.yaml is missing, unreadable or invalid
     +-- SourceError        one article cannot be read (carries path and line)
     |    +-- SkippedSource a file that is no article at all: skipped, with a warning
     +-- SourceErrors       every SourceError of a run, raised together
     +-- OutputError        the output folder cannot be used; nothing was changed

:class:`SourceWarning` is not an exception: a problem feedsmith repaired or
a file it skipped, reported beside the result. Only the CLI turns these into
messages; anything else escaping is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class FeedsmithError(Exception):
    """Base of every error caused by input rather than by a bug."""


class ConfigError(FeedsmithError):
    """The configuration cannot be used; the message names file and key."""


class OutputError(FeedsmithError):
    """The output folder cannot be used (locked, not writable, full); no feed
    was changed."""


def location(path: Path, line: int = 0, column: int = 0) -> str:
    """``path:line:column`` as compilers print it, printable whatever the name."""
    shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
    return (
        shown + (f":{line}" if line else "") + (f":{column}" if line and column else "")
    )


class SourceError(FeedsmithError):
    """One problem in one source file, at a 1-based line and column (0: unknown)."""

    def __init__(self, path: Path, line: int, message: str, column: int = 0) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(path, line, message)

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.column)}: {self.message}"


@dataclass(frozen=True, slots=True)
class SourceWarning:
    """A problem feedsmith worked around, or a file it skipped, and why."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{location(self.path, self.line)}: warning: {self.message}"


class SkippedSource(SourceError):
    """A file that holds no article at all (binary, empty, a device…).

    Reported as a warning and left out; never fails a build.
    """


class NotAPost(SkippedSource):
    """A page the site's generator never publishes as a post, by the site's
    own settings (a draft, an excluded or unlisted page): left out without a
    warning, as the generator itself leaves it out (``from:``)."""


class SourceErrors(FeedsmithError):
    """All source problems of one run, so the user can fix them in one go;
    with ``skipped``, the sources left out (``--keep-going``) before the
    rest failed too. ``skippable`` is False when leaving sources out would
    not help (a shallow clone, no article at all), so the CLI does not
    suggest ``--keep-going``."""

    def __init__(
        self,
        errors: list[SourceError],
        skipped: tuple[SourceError, ...] = (),
        *,
        skippable: bool = True,
    ) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: (str(e.path), e.line)))
        self.skipped = skipped
        self.skippable = skippable
        count = len(self.errors)
        super().__init__(f"{count} source error{'' if count == 1 else 's'}")
