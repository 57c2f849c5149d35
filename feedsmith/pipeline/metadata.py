"""Turn a reader's loose metadata into a typed :class:`Article`.

The one place that knows Jekyll and Hugo field names, so every format gets
the same rules for dates, tags, authors, slugs, links and ids, and the same
error messages. ``_ALIASES`` is the table of accepted names: the first name
present in the front matter wins.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from feedsmith import dates
from feedsmith.config import Config
from feedsmith.errors import SourceError
from feedsmith.model import Article, Author, Related, Site
from feedsmith.pipeline.gitdates import FileDates
from feedsmith.pipeline.markdown import plain_title
from feedsmith.pipeline.media import episode_of
from feedsmith.readers.document import Document

_ALIASES = {
    "title": ("title",),
    "date": ("date", "publishDate", "publishdate", "pubDate"),
    "embargo": ("publishDate", "publishdate"),
    "expires": ("expiryDate", "expirydate"),
    "updated": ("updated", "lastmod", "modified", "last_modified_at"),
    "summary": ("summary", "description", "excerpt"),
    "slug": ("slug",),
    "link": ("permalink", "url"),
    "id": ("id",),
    "author": ("author", "authors"),
}
_ID_SCHEMES = ("http", "https", "tag", "urn")
# An article's picture, the first of these given: Jekyll's and most themes'
# image, cover and featured_image, Hugo's images (its first entry); a saved
# page's og:image arrives as image.
_IMAGE_KEYS = ("image", "cover", "featured_image", "images")
# Where a mapping holds the picture: Jekyll's image.path (jekyll-feed,
# jekyll-seo-tag), PaperMod's cover.image, other themes' src or url.
_IMAGE_FIELDS = ("path", "src", "url", "image")
# Characters kept as they are when a path becomes part of a URL (RFC 3986).
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#"
_JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_NOT_IN_SLUGS = re.compile(r"[\W_]+")
_ALREADY_A_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLASHES = re.compile("/{2,}")
_SAVED_PAGE_MARKUP = ("text", "html")
# Each tag makes a feed of its own; the most tagged posts of big blogs carry
# a few dozen, and feedgen's time per item grows with the square of its tags.
MAX_TAGS = 100

GitDates = Callable[[Path], FileDates | None]


def to_article(
    doc: Document, config: Config, folder: Path, git_dates: GitDates
) -> Article:
    """Build the article described by ``doc`` under the site's rules.

    ``folder`` is the source folder ``doc`` was found in (its first subfolder
    is the Hugo-style section); ``git_dates`` dates a file from its history
    when nothing else does.
    """
    field = _Fields(doc, config.site)
    parts = _relative_parts(doc.path, folder)
    section = parts[0] if len(parts) > 1 else ""
    if config.profile is not None:
        return replace(_placed(doc, config, field), section=section)
    stem = doc.path.stem
    jekyll = _JEKYLL_NAME.match(stem)
    published, updated = _dates(field, jekyll, git_dates)
    slug = field.text("slug") or _file_slug(stem, parts, jekyll)
    link = _link(field, config, published, slug, section)
    return Article(
        id=_id(field) or link,
        title=_title(field, doc, config),
        link=link,
        published=published,
        updated=updated,
        **_taken_as_written(field, doc, config),
        draft=_flag(doc.meta.get("draft")) is True
        or _flag(doc.meta.get("published")) is False,
        embargo=field.date("embargo") if "date" in doc.meta else None,
        expires=field.date("expires"),
        image=_image(field, link, config),
        section=section,
        **episode_of(doc, link, config)._asdict(),
    )


def _placed(doc: Document, config: Config, field: _Fields) -> Article:
    """The article as the site's generator publishes it (``from:``): its
    profile gives the slug, link, id and dates."""
    assert config.profile is not None
    title = field.text("title") or ""
    zone = config.site.timezone
    place = config.profile.place(doc.path, doc.meta, title, zone, doc.line_of)
    image = _image(field, place.link, config)  # as written: no profile maps it
    if place.written is not None:
        field = _Fields(replace(doc, meta=dict(place.written)), config.site)
        title = field.text("title") or title  # as the generator's feed shows it
    # Hugo's feed shows a title as written; jekyll-feed smartifies it.
    typographer = config.content.typographer and config.profile.generator != "hugo"
    title = _plain(title, doc, typographer)
    return Article(
        id=place.id,
        # The generator writes an empty title, which Atom cannot carry.
        title=title or place.name,
        link=place.link,
        published=place.published,
        updated=place.updated if place.updated != place.published else None,
        **_taken_as_written(field, doc, config),
        draft=place.draft,
        embargo=None,
        expires=place.expires,
        listed_early=place.listed_early,
        image=image,
        **episode_of(doc, place.link, config)._asdict(),
    )


def _taken_as_written(field: _Fields, doc: Document, config: Config) -> dict[str, Any]:
    """What an article takes from its source the same way whoever places it
    (feedsmith's rules or a ``from:`` profile): authors, tags, summary,
    navigation, and the source itself."""
    return {
        "authors": field.authors()
        or ((config.site.author,) if config.site.author else ()),
        "tags": field.tags(),
        "categories": field.categories(),
        "summary": field.text("summary"),
        "digest": doc.digest,
        "source": doc.path,
        "related": tuple(map(Related, field.list_of("related"))),
    }


def _flag(value: object) -> bool | None:
    """A yes/no field as Jekyll (YAML 1.1) reads it: ``yes``, ``on`` count too."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "yes", "on"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "no", "off"):
        return False
    return None


def _title(field: _Fields, doc: Document, config: Config) -> str:
    """The title, with ``text.title_cleanup`` applied to saved pages' titles.

    The user's pattern runs with a time limit (see ``config_values.pattern``).
    """
    title = _plain(field.text("title") or "", doc, config.content.typographer)
    cleanup = config.text.title_cleanup
    if title and cleanup and doc.body.markup in _SAVED_PAGE_MARKUP:
        try:
            title = cleanup.sub("", title, timeout=1.0).strip()
        except TimeoutError:
            raise SourceError(
                doc.path,
                doc.line_of("title"),
                f"text.title_cleanup: the pattern {cleanup.pattern!r} took over 1 s "
                "on this title; simplify it (a nested repeat such as (a|a)+ "
                "tries every way to split the title)",
            ) from None
    if not title:
        raise SourceError(
            doc.path, doc.line_of("title"), "no title: add 'title:' to the front matter"
        )
    return title


def _plain(title: str, doc: Document, typographer: bool) -> str:
    """A Markdown source's title as plain text: its inline Markdown rendered
    and stripped, entities decoded (as written, if nothing is left)."""
    if not title or doc.body.markup != "markdown":
        return title
    return plain_title(title, typographer=typographer) or title


def _dates(field, jekyll, git_dates) -> tuple[datetime, datetime | None]:
    """Publish and update dates: front matter, then file name, then git."""
    published = field.date("date")
    if published is None and jekyll:
        zone = field.site.timezone
        published = field.parsed(lambda: dates.parse(jekyll.group(1), zone), "date")
    updated = field.date("updated")
    if published is None:
        history = git_dates(field.doc.path)
        if history is None:
            raise field.error(
                "date",
                "no date: add 'date: YYYY-MM-DD' to the front matter, a date line "
                "to a plain-text article, or commit the file to git",
            )
        published = history.added
        updated = updated or (
            history.changed if history.changed > history.added else None
        )
    return published, updated


def _relative_parts(path: Path, folder: Path) -> tuple[str, ...]:
    """``path.relative_to(folder).parts``, from parts both paths hold already.

    relative_to parses ``folder`` again on every call, once per source.
    """
    count = len(folder.parts)
    if count and path.parts[:count] == folder.parts:
        return path.parts[count:]
    return path.relative_to(folder).parts  # raises, or compares as Windows does


def _file_slug(stem: str, parts: tuple[str, ...], jekyll: re.Match[str] | None) -> str:
    if jekyll:
        return jekyll.group(2)
    if stem == "index" and len(parts) > 1:
        return parts[-2]  # a Hugo page bundle: posts/my-post/index.md
    return stem


def tag_slug(tag: str) -> str:
    """Lower-case a tag and turn every run of non-alphanumerics into ``-``."""
    if _ALREADY_A_SLUG.fullmatch(tag):  # most tags: one match, not three passes
        return tag
    return _NOT_IN_SLUGS.sub("-", tag.lower()).strip("-")


def _id(field: _Fields) -> str | None:
    """An explicit id must be a URI that feed readers accept as one."""
    value = field.text("id")
    if value is not None and (
        _scheme(value) not in _ID_SCHEMES or any(c.isspace() for c in value)
    ):
        raise field.error(
            "id",
            f"id: expected an absolute URL or a tag:/urn: URI, got {value!r}; "
            "remove it to use the article's link",
        )
    return value


def _link(
    field: _Fields, config: Config, published: datetime, slug: str, section: str
) -> str:
    explicit = field.text("link")
    # An absolute URL, or what urllib refuses as one (no scheme: None):
    if explicit and (scheme := _scheme(explicit)) != "":
        if scheme not in ("http", "https"):
            raise field.error("link", f"link must be an http(s) URL, got {explicit!r}")
        return explicit
    local = published.astimezone(config.site.timezone)
    path = explicit or config.permalink.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=slug,
        section=section,
        categories="/".join(tag_slug(c) for c in field.list_of("categories")),
    )
    path = _SLASHES.sub("/", path)
    return config.site.url + quote(path.lstrip("/"), safe=_URL_SAFE)


def _image(field: _Fields, link: str, config: Config) -> str | None:
    """The absolute URL of the article's picture, or None.

    A path resolves as a link in the body does: against the article's
    ``link`` (a Hugo bundle's ``cover.jpg`` sits beside its page), or under
    ``site.url`` when it starts with ``/``. jekyll-feed puts every path
    under the site (``absolute_url``), so ``from:`` a Jekyll site does too.
    """
    for key in _IMAGE_KEYS:
        value = field.doc.meta.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = next((value[k] for k in _IMAGE_FIELDS if value.get(k)), None)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, bool) or not isinstance(value, str):
            raise field.error(
                key, f"{key}: expected an image's URL or path, got {value!r}"
            )
        text = quote(value.strip(), safe=_URL_SAFE)
        scheme = _scheme(text)
        if scheme not in ("", "http", "https") or text.startswith("///"):
            raise field.error(
                key,
                f"{key}: expected an http(s) URL or a path, got {value.strip()!r}",
            )
        profile = config.profile
        jekyll = profile is not None and profile.generator == "jekyll"
        if scheme or text.startswith("//"):
            return urljoin(link, text)  # //host/x takes the link's scheme
        if text.startswith("/") or jekyll:
            return urljoin(config.site.url, text.lstrip("/"))
        return urljoin(link, text)
    return None


def _scheme(url: str) -> str | None:
    """The scheme of ``url``; None when urllib refuses it (``http://[x``)."""
    try:
        return urlsplit(url).scheme
    except ValueError:
        return None


class _Fields:
    """Typed access to a document's metadata, errors pointing at the key's line."""

    def __init__(self, doc: Document, site: Site) -> None:
        self.doc = doc
        self.site = site

    def error(self, name: str, message: str) -> SourceError:
        key = self._key(name)
        return SourceError(self.doc.path, self.doc.line_of(key or name), message)

    def _key(self, name: str) -> str | None:
        for key in _ALIASES.get(name, (name,)):
            if key in self.doc.meta:
                return key
        return None

    def raw(self, name: str) -> Any:
        key = self._key(name)
        return None if key is None else self.doc.meta[key]

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(
                name,
                f"{self._key(name)}: expected text, got {value!r}; put it in quotes",
            )
        return str(value).strip() or None

    def date(self, name: str) -> datetime | None:
        value = self.raw(name)
        if value is None:
            return None
        site = self.site
        return self.parsed(lambda: dates.parse(value, site.timezone, site.zones), name)

    def parsed(self, parse, name: str) -> datetime:
        try:
            return parse()
        except ValueError as exc:
            raise self.error(name, f"{self._key(name) or name}: {exc}") from None

    def list_of(self, key: str) -> list[str]:
        """A list field, also accepted as one string.

        A string is split on commas; Jekyll's space-separated ``categories``
        string (``categories: walks notes``) is split on spaces.
        """
        value = self.doc.meta.get(key)
        if isinstance(value, str):
            items = (
                value.split()
                if key == "categories" and "," not in value
                else value.split(",")
            )
        else:
            items = value or []
        if not isinstance(items, list):
            raise self.error(key, f"{key}: expected a list, got {value!r}")
        for item in items:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise self.error(key, f"{key}: expected text, got {item!r}")
        return [str(item).strip() for item in items if str(item).strip()]

    def tags(self) -> tuple[str, ...]:
        """Tags then categories, one per slug, in the order written."""
        found: dict[str, str] = {}
        for key in ("tags", "categories"):
            written = self.list_of(key)
            if len(written) + len(found) > MAX_TAGS:
                raise self.error(
                    key,
                    f"{key}: over {MAX_TAGS} tags and categories on one article "
                    f"({len(written) + len(found)}); each makes a feed, keep "
                    "the ones readers follow",
                )
            for tag in written:
                slug = tag_slug(tag)
                if not slug:
                    raise self.error(
                        key, f"{key}: tag {tag!r} has no letters or digits"
                    )
                found.setdefault(slug, sys.intern(tag))  # shared by many
        return tuple(found.values())

    def categories(self) -> tuple[str, ...]:
        """Categories alone, one per slug (:meth:`tags` checked them)."""
        found: dict[str, str] = {}
        for category in self.list_of("categories"):
            found.setdefault(tag_slug(category), sys.intern(category))
        return tuple(found.values())

    def authors(self) -> tuple[Author, ...]:
        value = self.raw("author")
        items = value if isinstance(value, list) else [] if value is None else [value]
        authors = []
        for item in items:
            if isinstance(item, str) and item.strip():
                authors.append(Author(item.strip()))
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                email = item.get("email")
                if email is not None and not isinstance(email, str):
                    raise self.error(
                        "author", f"author: email: expected text, got {email!r}"
                    )
                authors.append(Author(item["name"].strip(), email or None))
            else:
                raise self.error(
                    "author",
                    f"author: expected a name or {{name, email}}, got {item!r}",
                )
        return tuple(authors)
