"""The exceptions feedsmith raises for problems a user can fix.

::

    FeedsmithError
     +-- ConfigError        config.yaml is missing, unreadable or invalid
     +-- SourceError        one article cannot be read (carries path and line)
     +-- SourceErrors       every SourceError of a run, raised together
     +-- RenderError        a feed cannot be serialised

Only the CLI turns these into messages; anything else escaping is a bug and
keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class FeedsmithError(Exception):
    """Base of every error caused by input rather than by a bug."""


class ConfigError(FeedsmithError):
    """The configuration cannot be used; the message names file and key."""


class RenderError(FeedsmithError):
    """A feed could not be serialised from otherwise valid articles."""


class SourceError(FeedsmithError):
    """One problem in one source file, at a 1-based line (0 when unknown)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(path, line, message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class SourceErrors(FeedsmithError):
    """All source problems of one run, so the user can fix them in one go."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: (str(e.path), e.line)))
        super().__init__(f"{len(self.errors)} source error(s)")
