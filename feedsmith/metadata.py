"""Turn a reader's loose metadata into a typed :class:`Article`.

The one place that knows Jekyll and Hugo field names, so every format gets
the same rules for dates, tags, authors, slugs, links and ids, and the same
error messages. ``_ALIASES`` is the table of accepted names: the first name
present in the front matter wins.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from feedsmith import dates
from feedsmith.config import Config
from feedsmith.errors import SourceError
from feedsmith.model import Article, Author
from feedsmith.readers.document import Document

_ALIASES = {
    "title": ("title",),
    "date": ("date",),
    "updated": ("updated", "lastmod"),
    "summary": ("summary", "description", "excerpt"),
    "slug": ("slug",),
    "link": ("permalink", "url"),
    "id": ("id",),
    "author": ("author", "authors"),
}
_ID_SCHEMES = ("http", "https", "tag", "urn")
# Characters kept as they are when a path becomes part of a URL (RFC 3986).
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#"
_JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def to_article(doc: Document, config: Config) -> Article:
    """Build the article described by ``doc`` under the site's rules."""
    field = _Fields(doc)
    tz = config.site.timezone
    jekyll = _JEKYLL_NAME.match(doc.path.stem)
    title = field.text("title")
    if title is None:
        raise SourceError(doc.path, 1, "no title: add 'title:' to the front matter")
    published = field.date("date", tz) or (
        field.parsed(lambda: dates.parse(jekyll.group(1), tz), "date")
        if jekyll
        else None
    )
    if published is None:
        raise SourceError(
            doc.path,
            1,
            "no date: add 'date: YYYY-MM-DD' to the front matter "
            "(or a date line after a plain-text article's body)",
        )
    slug = field.text("slug") or (jekyll.group(2) if jekyll else doc.path.stem)
    link = _link(field, config, published, slug)
    return Article(
        id=_id(field) or link,
        title=title,
        link=link,
        published=published,
        updated=field.date("updated", tz),
        authors=field.authors()
        or ((config.site.author,) if config.site.author else ()),
        tags=field.tags(),
        summary=field.text("summary"),
        body=doc.body,
        source=doc.path,
        related=tuple(str(t) for t in doc.meta.get("related", ())),
        draft=doc.meta.get("draft") is True or doc.meta.get("published") is False,
    )


def tag_slug(tag: str) -> str:
    """Lower-case a tag and turn every run of non-alphanumerics into ``-``."""
    return re.sub(r"[\W_]+", "-", tag.lower()).strip("-")


def _id(field: _Fields) -> str | None:
    """An explicit id must be a URI that feed readers accept as one."""
    value = field.text("id")
    if value is not None and (
        urlsplit(value).scheme not in _ID_SCHEMES or any(c.isspace() for c in value)
    ):
        raise field.error(
            "id",
            f"id: expected an absolute URL or a tag:/urn: URI, got {value!r}; "
            "remove it to use the article's link",
        )
    return value


def _link(field: _Fields, config: Config, published: datetime, slug: str) -> str:
    explicit = field.text("link")
    if explicit and urlsplit(explicit).scheme:
        if urlsplit(explicit).scheme not in ("http", "https"):
            raise field.error("link", f"link must be an http(s) URL, got {explicit!r}")
        return explicit
    local = published.astimezone(config.site.timezone)
    path = explicit or config.permalink.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=slug,
    )
    return config.site.url + quote(path.lstrip("/"), safe=_URL_SAFE)


class _Fields:
    """Typed access to a document's metadata, errors pointing at the key's line."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def error(self, name: str, message: str) -> SourceError:
        key = self._key(name)
        return SourceError(self.doc.path, self.doc.line_of(key or name), message)

    def _key(self, name: str) -> str | None:
        return next(
            (k for k in _ALIASES.get(name, (name,)) if k in self.doc.meta), None
        )

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

    def date(self, name: str, tz) -> datetime | None:
        value = self.raw(name)
        if value is None:
            return None
        return self.parsed(lambda: dates.parse(value, tz), name)

    def parsed(self, parse, name: str) -> datetime:
        try:
            return parse()
        except ValueError as exc:
            raise self.error(name, f"{self._key(name) or name}: {exc}") from None

    def tags(self) -> tuple[str, ...]:
        found: list[str] = []
        for key in ("tags", "categories"):
            value = self.doc.meta.get(key)
            items = value.split(",") if isinstance(value, str) else value or []
            if not isinstance(items, list):
                raise self.error(key, f"{key}: expected a list, got {value!r}")
            for item in items:
                if isinstance(item, bool) or not isinstance(item, str | int | float):
                    raise self.error(key, f"{key}: expected text, got {item!r}")
                tag = str(item).strip()
                if tag and not tag_slug(tag):
                    raise self.error(
                        key, f"{key}: tag {tag!r} has no letters or digits"
                    )
                if tag and tag_slug(tag) not in map(tag_slug, found):
                    found.append(tag)
        return tuple(found)

    def authors(self) -> tuple[Author, ...]:
        value = self.raw("author")
        items = value if isinstance(value, list) else [] if value is None else [value]
        authors = []
        for item in items:
            if isinstance(item, str) and item.strip():
                authors.append(Author(item.strip()))
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                email = item.get("email")
                authors.append(
                    Author(item["name"].strip(), str(email) if email else None)
                )
            else:
                raise self.error(
                    "author",
                    f"author: expected a name or {{name, email}}, got {item!r}",
                )
        return tuple(authors)
