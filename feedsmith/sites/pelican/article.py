"""One article as Pelican's rules see it: its merged metadata, and what is
made of it on demand (its zone and dates, its URL, its slug)."""

from __future__ import annotations

import functools
import html
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedsmith import dates
from feedsmith.errors import SkippedSource, SourceError
from feedsmith.sites import LineOf
from feedsmith.sites.pelican.metadata import authors_of
from feedsmith.sites.pelican.slugs import slugify, striptags
from feedsmith.sites.pelican.spelling import Untransliterable
from feedsmith.sites.pelican.urls import fields

if TYPE_CHECKING:
    from feedsmith.sites.pelican.rules import PelicanRules


class Article:
    """One article as the rules see it: its metadata, merged as Pelican
    merges it, and what is made of it on demand."""

    def __init__(
        self,
        rules: PelicanRules,
        path: Path,
        source: str,
        found: dict[str, Any],
        title: str,
        line_of: LineOf,
    ) -> None:
        self.rules = rules
        self.path = path
        self.source = source  # relative to the content folder
        self.found = found
        self.title = title
        self.line_of = line_of

    def zone(self, site_zone: tzinfo) -> tzinfo:
        name = self.found.get("timezone")
        if name is None:
            return site_zone
        try:
            return ZoneInfo(str(name).strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise SourceError(
                self.path,
                self.line_of("timezone"),
                f"timezone: unknown time zone {name!r}",
            ) from None

    def date(self, key: str, zone: tzinfo) -> datetime | None:
        value = self.found.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, tuple):
            value = datetime(*value)
        elif isinstance(value, str) and key == "date":
            value = value.replace("_", " ")
        try:
            return dates.parse(value, zone)
        except ValueError as exc:
            raise SourceError(self.path, self.line_of(key), f"{key}: {exc}") from None

    @property
    def source_title(self) -> str:
        """The title as Pelican holds it: an HTML ``<title>`` still escaped."""
        if self.path.suffix.lower() in (".html", ".htm"):
            return html.escape(self.title, quote=False)
        return self.title

    @property
    def feed_title(self) -> str:
        """The title Pelican's feed shows: tags out, whitespace collapsed."""
        return striptags(self.source_title)

    @property
    def lang(self) -> str:
        return str(self.found.get("lang") or self.rules.default_lang)

    def url(self, draft: bool, published: datetime, modified: datetime | None) -> str:
        """ARTICLE_URL (DRAFT_URL for a draft, the _LANG_ one for an article
        in another language), every token filled as Pelican fills it."""
        rules, default = self.rules, self.lang == self.rules.default_lang
        pattern = (
            (rules.draft_url if default else rules.draft_lang_url)
            if draft
            else (rules.article_url if default else rules.article_lang_url)
        )
        used = fields(pattern)
        values = {k: v for k, v in self.found.items() if k in used}
        if modified is not None:
            values["modified"] = modified
        values.update(
            date=published,
            lang=self.lang,
            path=str(self.found.get("path") or self.source),
        )
        if "slug" in used:
            values["slug"] = self.slug
        if "category" in used:
            values["category"] = self._slug_of("category", self.found.get("category"))
        if "author" in used:
            values["author"] = self._slug_of(
                "author", authors_of(self.found, rules.author)
            )
        try:
            return pattern.format(**values)
        except (KeyError, AttributeError, IndexError, ValueError) as exc:
            raise SourceError(
                self.path, 1, f"the URL pattern {pattern!r} cannot be filled: {exc}"
            ) from None

    @functools.cached_property
    def slug(self) -> str:
        written = self.found.get("slug")
        if isinstance(written, str) and written.strip():
            return written.strip()
        rules = self.rules
        if rules.slugify_source == "basename":
            text, key = self.path.stem, "file name"
        else:
            text, key = self.source_title, "title"
        try:
            return slugify(
                text,
                rules.slug_subs,
                preserve_case=rules.preserve_case,
                use_unicode=rules.use_unicode,
            )
        except Untransliterable as exc:
            raise SkippedSource(
                self.path,
                self.line_of("title") if key == "title" else 1,
                f"Pelican spells the {key}'s {exc} in Latin letters with "
                "Unidecode, which is not installed: pip install "
                "'feedsmith[pelican]', or add a 'Slug:' line with the slug of "
                "its current address",
            ) from None

    def _slug_of(self, what: str, named: Any) -> str:
        """The slug of the article's category or first author."""
        name = named[0] if isinstance(named, list) and named else named
        if not isinstance(name, str) or not name:
            return ""
        rules = self.rules
        subs = rules.category_subs if what == "category" else rules.author_subs
        try:
            return slugify(
                name,
                subs,
                preserve_case=rules.preserve_case,
                use_unicode=rules.use_unicode,
            )
        except Untransliterable as exc:
            raise SkippedSource(
                self.path,
                self.line_of(what),
                f"Pelican spells the {what} {name!r}'s {exc} in Latin letters "
                "with Unidecode, which is not installed: pip install "
                "'feedsmith[pelican]', or add a 'URL:' line with its current "
                "address",
            ) from None
