"""The values that flow through the pipeline, all immutable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """An article's body, kept as source text until a feed needs it."""

    text: str
    markup: str  # "markdown" or "text"
    line: int  # 1-based line of the body's first line in the source file
    summary_divider: bool = False  # text before <!--more--> is the summary


@dataclass(frozen=True, slots=True)
class Article:
    """One article, its metadata normalised the same way for every format.

    ``content_html`` stays empty until :func:`feedsmith.content.render` fills
    it for articles that land in a feed; ``summary`` is the explicit summary
    until then, and the derived one afterwards.
    """

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime | None
    authors: tuple[Author, ...]
    tags: tuple[str, ...]
    summary: str | None
    body: Body
    source: Path
    related: tuple[str, ...] = ()
    draft: bool = False
    content_html: str = ""

    @property
    def modified(self) -> datetime:
        """The date a reader should treat as the article's last change."""
        return self.updated or self.published


@dataclass(frozen=True, slots=True)
class Feed:
    """Everything one feed file shows, whatever its format."""

    title: str
    description: str
    self_url: str
    items: tuple[Article, ...]
    full_content: bool

    @property
    def updated(self) -> datetime | None:
        """The newest change among the items: a feed's date is never 'now'."""
        return max((item.modified for item in self.items), default=None)
