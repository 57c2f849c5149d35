"""Placing a post: its link (``post_url_format`` under ``blog_dir``, a page
URL by ``use_directory_urls``), id, dates, draft state and authors, as the
blog plugin and the rss plugin's feed give them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from feedsmith.errors import NotAPost, SourceError
from feedsmith.sites import LineOf, Placement
from feedsmith.sites.mkdocs.cldr import Token, format_date
from feedsmith.sites.mkdocs.frontmatter import (
    front_flag,
    material_dates,
    unique_names,
)
from feedsmith.sites.mkdocs.rss import RssDates, matches_path, rss_date
from feedsmith.sites.mkdocs.slugs import Slugify


@dataclass(frozen=True, slots=True)
class MkdocsRules:
    posts: Path  # docs_dir / post_dir
    post_dir: str  # relative to docs_dir, as match_path sees it
    base_url: str
    blog_dir: str
    url_format: str
    date_tokens: tuple[Token, ...]
    max_categories: int
    post_slug: Slugify
    category_slug: Slugify
    directory_urls: bool
    publish_drafts: bool  # the blog's draft: true
    future_drafts: bool  # the blog's draft_if_future_date
    rss: RssDates | None
    # The authors registry (.authors.yml): key, name, email; None when the
    # blog's authors setting is off.
    authors: tuple[tuple[str, str, str | None], ...] | None
    categories_allowed: tuple[str, ...]

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        source = f"{self.post_dir}/{path.relative_to(self.posts).as_posix()}"
        if self.rss is not None and not matches_path(self.rss.match_path, source, path):
            raise NotAPost(
                path,
                1,
                f"not in the feed: the rss plugin's match_path "
                f"{self.rss.match_path!r} leaves out {source}",
            )
        moments = material_dates(path, meta.get("date"), line_of)
        flag = front_flag(path, meta, "draft", line_of)
        front_flag(path, meta, "pin", line_of)
        categories = unique_names(path, "categories", meta.get("categories"), line_of)
        for name in categories:
            if self.categories_allowed and name not in self.categories_allowed:
                raise SourceError(
                    path,
                    line_of("categories"),
                    f"categories: {name!r} is not in the blog's categories_allowed",
                )
        name = _file_title(path)
        slug = self._slug(path, meta, name, line_of)
        link = self._link(path, slug, moments["created"], categories)
        published, updated = self._feed_dates(meta, moments)
        return Placement(
            slug=slug,
            name=name,
            link=link,
            id=link,
            published=published,
            updated=updated,
            draft=self._draft(flag),
            expires=None,
            written=self._written(path, meta, line_of),
            listed_early=self._listed_early(flag),
        )

    def _draft(self, flag: bool | None) -> bool:
        """A draft is never built; with the blog's draft: true every post
        is, but the rss plugin still leaves out those marked draft."""
        if self.publish_drafts:
            return flag is True and self.rss is not None
        return flag is True

    def _listed_early(self, flag: bool | None) -> bool:
        """Under draft_if_future_date a post dated later is a draft, unless
        it says ``draft: false``: then the blog lists it at once."""
        return self.future_drafts and not self.publish_drafts and flag is False

    def _slug(
        self, path: Path, meta: Mapping[str, Any], name: str, line_of: LineOf
    ) -> str:
        """The front matter's slug as written, else the title's."""
        slug = meta.get("slug")
        if slug is not None and not isinstance(slug, str):
            raise SourceError(
                path, line_of("slug"), f"slug: expected text, got {slug!r}"
            )
        if slug:
            return slug
        title = meta.get("title", name)
        if not isinstance(title, str):
            raise SourceError(
                path, line_of("title"), f"title: expected text, got {title!r}"
            )
        return self.post_slug(title)

    def _link(
        self, path: Path, slug: str, created: datetime, categories: list[str]
    ) -> str:
        shown = categories[: self.max_categories]
        formatted = self.url_format.format(
            categories="/".join(self.category_slug(c) for c in shown),
            date=format_date(created, self.date_tokens),
            file=_stem(path),
            slug=slug,
        )
        page = posixpath.join(self.blog_dir, posixpath.normpath(formatted.strip("/")))
        return urljoin(self.base_url, _page_url(page + ".md", self.directory_urls))

    def _feed_dates(
        self, meta: Mapping[str, Any], moments: dict[str, datetime]
    ) -> tuple[datetime, datetime | None]:
        """The rss plugin's dates where it reads them from the front matter;
        otherwise (git, or the build's time) the post's own."""
        published = updated = None
        if self.rss is not None:
            seen = (
                {**meta, "date": moments}
                if isinstance(meta.get("date"), dict)
                else meta
            )
            published = rss_date(self.rss, seen, self.rss.created)
            updated = rss_date(self.rss, seen, self.rss.updated)
        published = published or moments["created"]
        return published, updated or moments.get("updated")

    def _written(
        self, path: Path, meta: Mapping[str, Any], line_of: LineOf
    ) -> Mapping[str, Any] | None:
        """Authors named by their keys in .authors.yml, as ``{name, email}``
        (an ``author`` key the rss plugin takes as written instead)."""
        keys = unique_names(path, "authors", meta.get("authors"), line_of)
        registry = {key: (name, email) for key, name, email in self.authors or ()}
        found = []
        for key in keys if self.authors is not None else ():
            if key not in registry:
                raise SourceError(
                    path,
                    line_of("authors"),
                    f"authors: {key!r} is not in the blog's .authors.yml "
                    "(mkdocs stops the build on it)",
                )
            name, email = registry[key]
            found.append({"name": name, "email": email} if email else {"name": name})
        if "author" in meta or "authors" not in meta:
            return None
        written = {k: v for k, v in meta.items() if k != "authors"}
        return {**written, "author": found} if found else written


def _stem(path: Path) -> str:
    """mkdocs' name of a page's file: without extension, README as index."""
    return "index" if path.stem == "README" else path.stem


def _file_title(path: Path) -> str:
    """The title mkdocs gives a page with none: its file name, ``-`` and
    ``_`` as spaces, capitalised when all lowercase."""
    title = _stem(path).replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _page_url(page: str, directory_urls: bool) -> str:
    """The URL mkdocs gives the Markdown page at ``page`` (under docs_dir)."""
    parent, filename = posixpath.split(page)
    name = posixpath.splitext(filename)[0]
    name = "index" if name == "README" else name
    if directory_urls and name == "index":
        url = (parent or ".") + "/"
    elif directory_urls:
        url = posixpath.join(parent, name) + "/"
    else:
        url = posixpath.join(parent, name + ".html")
    return quote(url)
