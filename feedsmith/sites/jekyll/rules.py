"""How Jekyll places one post: its front matter over the defaults, whether
it is published, its slug, dates, categories, URL and jekyll-feed's id, and
the front matter under feedsmith's names as jekyll-feed shows it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

from feedsmith.errors import NotAPost, SourceError
from feedsmith.sites import LineOf, Placement
from feedsmith.sites.jekyll.config import deep_merge
from feedsmith.sites.jekyll.defaults import Default, merged
from feedsmith.sites.jekyll.files import Filter
from feedsmith.sites.jekyll.slugs import slugify, titleize
from feedsmith.sites.jekyll.urls import (
    PATH_SAFE,
    expand,
    feed_id,
    known_tokens,
    ruby_dirname,
    url_values,
)
from feedsmith.sites.jekyll.values import as_yaml11, file_date, yaml_date

_POST_NAME = re.compile(r"^([0-9]{2,4})-([0-9]{1,2})-([0-9]{1,2})-([^/]*)(\.[^./]+)$")
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class JekyllRules:
    root: Path
    config: str  # the config file that sets exclude, for messages
    link_base: str  # url + baseurl, where the pages are
    id_base: str  # url + baseurl as jekyll-feed joins them for ids
    template: str  # the posts' permalink
    defaults: tuple[Default, ...]
    converted: tuple[str, ...]  # suffixes Jekyll converts to .html
    authors: Mapping[str, Mapping[str, str]]  # _data/authors.yml
    filter: Filter
    show_drafts: bool
    unpublished: bool

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        relative = path.relative_to(self.root).as_posix()
        name = _POST_NAME.match(path.name)
        if name is None:
            why = "not a post: Jekyll reads only files named YYYY-MM-DD-title.ext"
            raise NotAPost(path, 0, why)
        if self.filter.skips(relative):
            raise NotAPost(path, 0, f"left out by exclude: in {self.config}")
        if path.name.startswith(("_", "#", "~")):
            raise NotAPost(path, 0, "Jekyll skips names starting with _ # ~")
        front = _front_matter(path, meta, line_of)
        defaults = merged(self.defaults, relative)
        data = deep_merge(defaults, front)
        listed = as_yaml11(data.get("published", True), path, line_of("published"))
        if (listed is None or listed is False) and not self.unpublished:
            raise NotAPost(
                path, line_of("published"), "published: false: Jekyll never builds it"
            )
        file_slug = name.group(4).rstrip(".")
        slug = data.get("slug")
        slug = file_slug if slug is None or slug is False else str(slug)
        published = self._date(path, data, "date", zone, line_of) or file_date(
            path, name, zone
        )
        updated = self._date(path, data, "last_modified_at", zone, line_of)
        written = _categories(relative, path.name, (defaults, front), data)
        categories = _texts(written, "categories", path, line_of)
        found = (slug, published, categories)
        url = self._url(path, relative, name, data, line_of, found)
        post_id = ruby_dirname(url).rstrip("/") + "/" + slug.lstrip("/")
        return Placement(
            slug=slugify(slug),
            name=titleize(file_slug),
            link=self.link_base + quote(url, safe=PATH_SAFE.replace("?", "%")),
            id=feed_id(self.id_base, post_id),
            published=published,
            updated=updated or published,
            draft=as_yaml11(data.get("draft"), path, line_of("draft")) is True
            and not self.show_drafts,
            expires=None,
            written=self._written(data, title, categories, path, line_of),
        )

    def _date(
        self,
        path: Path,
        data: Mapping[str, Any],
        key: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> datetime | None:
        value = data.get(key)
        if value is None or value is False or value == "":
            return None
        try:
            return yaml_date(value, zone, path, line_of(key)).astimezone(zone)
        except ValueError as exc:
            raise SourceError(path, line_of(key), f"{key}: {exc}") from None

    def _url(
        self,
        path: Path,
        relative: str,
        name: re.Match[str],
        data: Mapping[str, Any],
        line_of: LineOf,
        found: tuple[str, datetime, list[str]],
    ) -> str:
        """The post's URL: its own ``permalink`` (no style names there), else
        the posts' one, with every token replaced."""
        permalink = data.get("permalink")
        template = self.template
        if permalink is not None and permalink is not False:
            if isinstance(permalink, dict | list):
                message = f"permalink: expected text, got {permalink!r}"
                raise SourceError(path, line_of("permalink"), message)
            template = str(permalink)
        suffix = name.group(5)
        output_ext = ".html" if suffix.lower() in self.converted else suffix
        values = url_values(relative, suffix, output_ext, *found)
        try:
            return expand(template, values)
        except KeyError as exc:
            raise SourceError(
                path,
                line_of("permalink"),
                f"permalink: Jekyll has no :{exc.args[0]} token (its build stops "
                f"here); use {known_tokens()}",
            ) from None

    def _written(
        self,
        data: Mapping[str, Any],
        title: str,
        categories: list[str],
        path: Path,
        line_of: LineOf,
    ) -> dict[str, Any]:
        """The front matter under feedsmith's names, as jekyll-feed reads it."""
        # Categories first, then tags, as jekyll-feed lists them.
        tags = _texts(_tags(data), "tags", path, line_of)
        written: dict[str, Any] = {"tags": list(dict.fromkeys(categories + tags))}
        shown = data.get("title")
        if shown is None or shown == "":
            shown = title
        elif not isinstance(shown, str):
            shown = _texts([shown], "title", path, line_of)[0]
        if shown:
            written["title"] = _plain(shown)
        author = self._author(data)
        if author is not None:
            written["author"] = author
        for key in ("description", "excerpt"):
            value = data.get(key)
            if isinstance(value, str | int | float) and _plain(str(value)):
                written["summary"] = _plain(str(value))
                break
        return written

    def _author(self, data: Mapping[str, Any]) -> Any:
        """``author``, else the first of ``authors``, a key of
        ``_data/authors.yml`` replaced by its entry; None: the site's."""
        value = data.get("author")
        if value in (None, "", False, []):
            authors = data.get("authors")
            value = authors[0] if isinstance(authors, list) and authors else None
        if value in (None, "", False, []):
            return None
        if isinstance(value, list):
            return [self._person(item) for item in value]
        return self._person(value)

    def _person(self, value: Any) -> Any:
        if isinstance(value, str | int) and str(value) in self.authors:
            return dict(self.authors[str(value)])
        if isinstance(value, dict) and "name" in value:
            return {k: v for k, v in value.items() if k in ("name", "email")}
        return value


def _front_matter(
    path: Path, meta: Mapping[str, Any], line_of: LineOf
) -> Mapping[str, Any]:
    """The post's front matter, without what a reader found in a file that
    has none (a Pelican header, a plain-text article's lines, a page's
    <meta>): Jekyll sees none. The title stays, or the text would lose it."""
    if path.suffix.lower() in (".txt", ".html", ".htm"):
        has_front_matter = _starts_with_front_matter(path)
    else:
        has_front_matter = not any(line_of(key) == 1 for key in meta)
    if has_front_matter:
        return meta
    return {"title": meta["title"]} if "title" in meta else {}


def _starts_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(64).decode("utf-8", "replace").removeprefix("\ufeff")
    except OSError:
        return False
    return re.match(r"---[ \t\r]*\n", head) is not None


def _categories(
    relative: str,
    basename: str,
    written: tuple[Mapping[str, Any], Mapping[str, Any]],
    data: Mapping[str, Any],
) -> list[Any]:
    """The folders above ``_posts``, then the defaults' and the front
    matter's ``categories``, then ``category``: as Jekyll merges them."""
    found: list[Any] = []
    if not relative.startswith("_posts"):
        above = re.sub("_posts.*", "", relative, count=1).split("/")
        found = [c for c in above if c not in ("", "_posts", basename)]
    for source in written:
        value = source.get("categories")
        if value is not None:
            items = value.split() if isinstance(value, str) else _listed(value)
            found += [item for item in items if item not in found]
    single = data.get("category")
    return found + (_listed(single) if single is not None else [])


def _texts(values: list[Any], key: str, path: Path, line_of: LineOf) -> list[str]:
    """Each value as Ruby's ``to_s`` shows it, once; a mapping is an error."""
    texts = []
    for value in values:
        if isinstance(value, dict | list):
            message = f"{key}: expected text, got {value!r}"
            raise SourceError(path, line_of(key), message)
        texts.append(str(value).lower() if isinstance(value, bool) else str(value))
    return list(dict.fromkeys(texts))


def _tags(data: Mapping[str, Any]) -> list[Any]:
    """``tag`` (one value) if set, else ``tags`` (a string split at spaces)."""
    value = data.get("tag")
    if value is None:
        value = data.get("tags")
        value = value.split() if isinstance(value, str) else value
    return [item for item in _listed(value) if item is not None]


def _listed(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [leaf for item in value for leaf in _listed(item)]
    return [] if value is None else [value]


def _plain(text: str) -> str:
    """``strip_html | normalize_whitespace``, as jekyll-feed shows titles."""
    return " ".join(_TAGS.sub("", text).split())
