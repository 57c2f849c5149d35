"""The profile's rules: where Pelican publishes each article, under which
feed id and dates, or why it is no item (docs/profiles/pelican.md)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from feedsmith.errors import NotAPost, SkippedSource, SourceError
from feedsmith.sites import LineOf, Placement
from feedsmith.sites.pelican.article import Article
from feedsmith.sites.pelican.metadata import own_metadata, processed, written_meta
from feedsmith.sites.pelican.slugs import regex, slugify
from feedsmith.sites.pelican.urls import absolute, feed_link, tag_uri


@dataclass(frozen=True, slots=True)
class PelicanRules:
    content: Path
    site_url: str  # SITEURL, without its trailing slash
    relative_urls: bool
    article_url: str
    article_lang_url: str
    draft_url: str
    draft_lang_url: str
    default_lang: str
    author: str | None
    slugify_source: str
    use_unicode: bool
    preserve_case: bool
    slug_subs: tuple[tuple[str, str], ...]
    category_subs: tuple[tuple[str, str], ...]
    author_subs: tuple[tuple[str, str], ...]
    filename_metadata: str
    path_metadata: str
    extra_path_metadata: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    default_metadata: tuple[tuple[str, Any], ...]
    category_pages: bool  # CATEGORY_SAVE_AS is set: articles have categories
    folder_category: bool
    default_category: str
    default_date: str | tuple[int, ...] | None
    # The installed Unidecode, which spells what feedsmith's tables do not:
    # another version may spell a slug otherwise, so the cache must know.
    unidecode: str | None = None
    # What ``{tag}``, ``{category}``, ``{author}`` and ``{index}`` links in a
    # body lead to: TAG_URL, CATEGORY_URL, AUTHOR_URL, INDEX_SAVE_AS
    listing_urls: tuple[tuple[str, str], ...] = (
        ("tag", "tag/{slug}.html"),
        ("category", "category/{slug}.html"),
        ("author", "author/{slug}.html"),
        ("index", "index.html"),
    )
    tag_subs: tuple[tuple[str, str], ...] = ()  # TAG_REGEX_SUBSTITUTIONS

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        source = path.relative_to(self.content).as_posix()
        found = {
            **self._defaults(),
            **self._extra(source),
            **self._from_path(source),
            **own_metadata(path, meta, line_of),
        }
        article = Article(self, path, source, found, title, line_of)
        status = str(found.get("status") or "published").strip().lower()
        draft = status in ("draft", "hidden")
        if status not in ("published", "draft", "hidden"):
            if status == "skip":
                raise NotAPost(path, line_of("status"), "Status: skip")
            raise SkippedSource(path, line_of("status"), f"unknown Status: {status}")
        if not title.strip():
            raise SkippedSource(path, 1, "no title: Pelican skips it (and says so)")
        zone = article.zone(zone)
        published = article.date("date", zone)
        if published is None:
            if draft:
                raise NotAPost(path, line_of("status"), f"Status: {status}")
            raise self._undated(path)
        modified = article.date("modified", zone)
        explicit = found.get("url")
        try:
            url = (
                explicit
                if isinstance(explicit, str)
                else article.url(status == "draft", published, modified)
            )
        except SkippedSource:
            if draft:  # never an item: no warning about its slug
                raise NotAPost(path, line_of("status"), f"Status: {status}") from None
            raise
        link = absolute(self.site_url, url, self.relative_urls)
        try:
            slug = article.slug
        except SkippedSource:
            slug = path.stem  # its address does not need it
        return Placement(
            slug=slug,
            name=path.stem,
            link=feed_link(link),
            id=tag_uri(link, published),
            published=published,
            updated=modified or published,
            draft=draft,
            expires=None,
            written=written_meta(meta, found, article.feed_title),
        )

    def listing_url(self, what: str, name: str) -> str | None:
        """The URL of the page a ``{tag}name`` link (``what``: tag, category,
        author, index) names, as Pelican's ``_link_replacer`` joins it; None
        for another ``what``. Raises ``Untransliterable`` as ``slugify``."""
        pattern = dict(self.listing_urls).get(what)
        if pattern is None:
            return None
        subs = {
            "tag": self.tag_subs or self.slug_subs,
            "category": self.category_subs,
            "author": self.author_subs,
        }.get(what, ())
        slug = slugify(
            name,
            subs,
            preserve_case=self.preserve_case,
            use_unicode=self.use_unicode,
        )
        return f"{self.site_url}/{pattern.format(slug=slug, name=name)}"

    def _defaults(self) -> dict[str, Any]:
        found = {k: processed(k, v) for k, v in self.default_metadata}
        if self.category_pages:
            found["category"] = self.default_category
        if self.default_date not in (None, "fs"):
            found["date"] = self.default_date
        return found

    def _extra(self, source: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for where, meta in self.extra_path_metadata:  # sorted: the closest wins
            if source == where or source.startswith(posixpath.join(where, "")):
                found.update(meta)
        return found

    def _from_path(self, source: str) -> dict[str, Any]:
        folder, name = posixpath.split(source)
        checks = [
            (self.filename_metadata, posixpath.splitext(name)[0]),
            (self.path_metadata, source),
        ]
        if self.folder_category and self.category_pages:
            checks.append(("(?P<category>.*)", posixpath.basename(folder)))
        found: dict[str, Any] = {}
        for pattern, text in checks:
            match = regex(pattern, 0).match(text) if pattern and text else None
            for key, value in (match.groupdict() if match else {}).items():
                if value is not None and key.lower() not in found:
                    found[key.lower()] = processed(key.lower(), value)
        return found

    def _undated(self, path: Path) -> SourceError:
        if self.default_date == "fs":
            moment = datetime.fromtimestamp(path.stat().st_mtime)
            return SourceError(
                path,
                1,
                "no date: DEFAULT_DATE = 'fs' dates it by the file's modification "
                "time, which every checkout changes; add the line "
                f"'Date: {moment:%Y-%m-%d %H:%M}' (that time, now) to keep it",
            )
        return SkippedSource(
            path, 1, "no date: Pelican skips an article without Date: (and says so)"
        )
