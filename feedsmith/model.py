"""The values that flow through the pipeline, all immutable, and the one
rule every string obeys before it joins them: XML must be able to carry it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

# Characters XML 1.0 cannot carry at all, escaped or not: C0 controls but tab,
# newline and CR, lone surrogates, U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Cleaned(NamedTuple):
    text: str
    removed: int  # how many characters were removed
    first: str  # the first of them, "" when none was


def clean_text(value: str) -> Cleaned:
    """``value`` without the characters XML cannot carry.

    The one boundary every string from front matter, page metadata and the
    config passes: lxml refuses such characters with a traceback, whether a
    file held them raw or as escapes (YAML ``"\\x07"``, JSON ``"\\ud800"``,
    HTML ``&#7;``).
    """
    if value.isprintable():  # the common case, without the regex
        return Cleaned(value, 0, "")
    match = XML_ILLEGAL.search(value)
    if match is None:
        return Cleaned(value, 0, "")
    text, removed = XML_ILLEGAL.subn("", value)
    return Cleaned(text, removed, match.group())


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """What the config says about the site, which every feed shows."""

    title: str
    url: str
    description: str
    language: str | None
    author: Author | None
    timezone: ZoneInfo
    zones: Mapping[str, tzinfo]  # abbreviations such as EST that dates may use
    icon: str | None = None  # absolute URL of a small square image (favicon)
    logo: str | None = None  # absolute URL of a larger image (the site's logo)


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A media file an article carries (a podcast episode's audio): RSS
    allows one per item, so an article has at most one."""

    url: str  # absolute
    length: int  # in bytes; 0 when unknown (a URL whose front matter names none)
    media_type: str  # such as audio/mpeg
    duration: float | None = None  # seconds, read from a local file or given
    # The local file it was measured from ("" for a remote URL): the engine
    # measures it again when it changes, as the article's source may not.
    file: str = ""


@dataclass(frozen=True, slots=True)
class Podcast:
    """The show a feed is, as Apple's and Podcast Index's guidelines ask
    (config ``podcast:``)."""

    image: str  # absolute URL, square, 1400 to 3000 pixels
    categories: tuple[tuple[str, ...], ...]  # each (category,) or (category, sub)
    explicit: bool
    author: str
    owner: Author
    type: str  # "episodic" or "serial"
    guid: str  # podcast:guid, a UUIDv5 of the feed URL unless given
    locked: bool
    feed: str  # the folder of the feed that is the show: "" for the main feed


@dataclass(frozen=True, slots=True)
class Body:
    """An article's body as source text, as a reader found it.

    It travels beside an :class:`Article`, never inside it: the engine reads
    it again for the few articles that land in a feed, so a large site never
    holds all its bodies at once.
    """

    text: str
    markup: str  # "markdown", "rst", "text" or "html"
    line: int  # 1-based line of the body's first line in the source file
    excerpt_separator: str | None = None  # the text before it is the summary


@dataclass(frozen=True, slots=True)
class Related:
    """A neighbouring article named by a saved page's navigation."""

    title: str
    link: str | None = None  # set when the site has an article of that title


@dataclass(frozen=True, slots=True)
class Article:
    """One article, its metadata normalised the same way for every format.

    ``content_html`` stays empty until :func:`feedsmith.pipeline.content.render` fills
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
    source: Path
    related: tuple[Related, ...] = ()
    draft: bool = False
    embargo: datetime | None = None  # Hugo publishDate: hidden until then
    expires: datetime | None = None  # Hugo expiryDate: hidden from then on
    # Shown before its date even when feeds.future is off: the site's
    # generator lists it so (``from:``, mkdocs' draft: false).
    listed_early: bool = False
    content_html: str = ""
    digest: str = ""  # of the source file's bytes
    image: str | None = None  # absolute URL of the article's picture
    enclosure: Enclosure | None = None  # its media: a podcast episode's audio
    episode: int | None = None  # a podcast episode's number
    season: int | None = None  # and its season's
    categories: tuple[str, ...] = ()  # front matter categories, one per slug
    section: str = ""  # the first folder under its source folder, if any

    @property
    def modified(self) -> datetime:
        """The date a reader should treat as the article's last change."""
        return self.updated or self.published


class Listing(NamedTuple):
    """What choosing an article for a feed needs: the rest waits in the cache.

    Every build holds one per source, so a named tuple rather than a
    dataclass: at 100,000 sources tuples are several times cheaper to make,
    load and sort. Moments are POSIX seconds for the same reason.
    """

    source: str
    id: str
    link: str
    title: str
    published: float
    updated: float | None
    tags: tuple[str, ...]
    draft: bool
    embargo: float | None
    expires: float | None
    listed_early: bool
    related: bool  # names neighbouring articles by title, to be linked
    authors: tuple[str, ...]  # names: each has a feed with feeds.by authors
    categories: tuple[str, ...]
    section: str  # "" when the article sits directly in its source folder
    # its enclosure's local file; "" for one elsewhere (a URL); None: none
    media: str | None
    digest: str  # last, read by position: the source file's bytes' hash

    @property
    def modified(self) -> float:
        return self.published if self.updated is None else self.updated

    @property
    def sections(self) -> tuple[str, ...]:
        """Its section as feeds.by lists values: none, or one."""
        return (self.section,) if self.section else ()

    @classmethod
    def of(cls, article: Article) -> Listing:
        return cls(
            str(article.source),
            article.id,
            article.link,
            article.title,
            article.published.timestamp(),
            article.updated.timestamp() if article.updated else None,
            article.tags,
            article.draft,
            article.embargo.timestamp() if article.embargo else None,
            article.expires.timestamp() if article.expires else None,
            article.listed_early,
            bool(article.related),
            tuple(author.name for author in article.authors),
            article.categories,
            article.section,
            article.enclosure.file if article.enclosure else None,
            article.digest,
        )


@dataclass(frozen=True, slots=True)
class Feed:
    """Everything one feed file shows, whatever its format."""

    title: str
    description: str
    self_url: str
    items: tuple[Article, ...]
    full_content: bool
    updated: datetime  # the newest item's change: a feed's date is never 'now'
    # The way from this feed's folder to the output folder's stylesheets
    # ("" beside them, "../../" for a tag feed); None: no stylesheet.
    stylesheet: str | None = None
    xslt: bool = False  # feed.xsl is named before feed.css
    hub: str | None = None  # the WebSub hub readers may subscribe at
    archive: ArchiveLinks | None = None  # RFC 5005 links; None: no archive
    podcast: Podcast | None = None  # the show this feed is; None: not a podcast


@dataclass(frozen=True, slots=True)
class ArchiveLinks:
    """Where a feed stands among its RFC 5005 archive documents, as links
    for one format (public URLs; None where there is no such document)."""

    current: str  # the current feed (every archive document links it)
    prev_archive: str | None  # the next older archive document
    next_archive: str | None  # the next newer one; only archive documents
    archived: bool  # this document is an archive page (fh:archive)


@dataclass(frozen=True, slots=True)
class FeedFile:
    """One format of a listed feed."""

    format: str  # "rss", "atom" or "json", as feeds.formats names it
    media_type: str  # as a <link rel="alternate"> announces it
    url: str  # public


@dataclass(frozen=True, slots=True)
class Listed:
    """One feed as the human views list it: what it is and where."""

    folder: str  # under the output: "" for the main feed, "tags/<slug>/"
    title: str
    description: str
    files: tuple[FeedFile, ...]  # in feeds.formats' order
    # "main", "tags", "authors", "sections", "categories" or "custom"
    kind: str = "main"
    name: str | None = None  # the tag's, author's, section's or custom feed's

    @property
    def tag(self) -> str | None:
        """The tag's name, for a tag feed."""
        return self.name if self.kind == "tags" else None


@dataclass(frozen=True, slots=True)
class Directory:
    """What the human views (index page, OPML, discovery tags) show: every
    feed of the site, the main feed first, and the main feed's newest items."""

    site: Site
    feeds_url: str  # public URL of the output folder
    feeds: tuple[Listed, ...]
    newest: tuple[Article, ...]  # the main feed's items, bodies rendered
    opml: bool = True  # feeds.opml is written: index.html links it
    index: bool = True  # index.html is written: feed.xsl links it
