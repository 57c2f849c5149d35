"""Where Zola puts a page and how it dates it: the profile's ``place``.

A page's path is its front matter ``path``, else its folders and its slug
(``slug``, else the file or bundle folder name without its date prefix),
slugified by ``slugify.paths``; its id is that permalink as Zola's feed
writes it, unescaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

from feedsmith.errors import NotAPost, SkippedSource, SourceError
from feedsmith.sites import LineOf, Placement
from feedsmith.sites.zola.dates import DATED_NAME, zola_date
from feedsmith.sites.zola.slugs import Untransliterated, slugify

_URL_SAFE = "/:@!$&'()*+,;=-._~"


@dataclass(frozen=True, slots=True)
class ZolaRules:
    content: Path
    base: str  # base_url without its trailing "/": page paths start with one
    paths: str  # slugify.paths
    keep_dates: bool  # slugify.paths_keep_dates

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        parts = path.relative_to(self.content).parts
        stem = path.stem
        name = parts[-2] if stem == "index" and len(parts) > 1 else stem
        colocated = len(parts) > 1 and stem.split(".")[0] == "index"
        folders = parts[:-2] if colocated else parts[:-1]
        draft = _flag(path, meta, "draft", False, line_of)
        dated = DATED_NAME.match(name)
        published = _date(path, meta, "date", zone, line_of)
        if published is None and dated:
            try:
                published = zola_date(dated.group("date"), zone)
            except ValueError as exc:
                raise SourceError(path, 1, f"date in the file name: {exc}") from None
        updated = _date(path, meta, "updated", zone, line_of)
        if published is None:
            raise NotAPost(
                path, 1, "no date: Zola's feed lists only pages with a date; add "
                "'date' to make it an item"
            )  # fmt: skip
        try:
            page = self._path(path, meta, name, dated, folders, colocated, line_of)
        except SourceError as exc:
            if draft and isinstance(exc.__cause__, Untransliterated):
                char = exc.__cause__.char
                raise NotAPost(
                    path, line_of("draft"),
                    "a draft, left out as Zola leaves it out (feedsmith does not "
                    f"carry the transliteration of {char!r} its slug needs)",
                ) from None  # fmt: skip
            raise
        if not _flag(path, meta, "render", True, line_of) and not draft:
            raise SkippedSource(
                path, line_of("render"), "render = false: Zola writes no page for it"
            )
        permalink = self.base + page
        return Placement(
            slug=page.rstrip("/").rpartition("/")[2],
            name=name,
            link=self.base + quote(page, safe=_URL_SAFE),
            id=permalink,  # as Zola's feed writes it, unescaped
            published=published,
            updated=updated,
            draft=draft,
            expires=None,
            written=_taxonomies(path, meta, line_of),
        )

    def _path(self, path, meta, name, dated, folders, colocated, line_of) -> str:
        """The page's path under ``base_url``, starting and ending with ``/``."""
        written = _nonempty_text(path, meta, "path", line_of)
        if written is not None:
            page = written.strip()
            page = page if page.startswith("/") else "/" + page
            return page if page.endswith("/") else page + "/"
        if not folders and not colocated and path.stem == "index":
            return "/"  # content/index.md: the site's root
        slug = self._slug(path, meta, name, dated, line_of)
        return "/" + "/".join((*folders, slug)) + "/"

    def _slug(self, path, meta, name, dated, line_of) -> str:
        written = _nonempty_text(path, meta, "slug", line_of)
        if written is not None:
            source, what, line = written, "slug", line_of("slug")
        elif dated and dated.group("rest") and not self.keep_dates:
            source, what, line = dated.group("rest"), "file name", 1
        else:
            source, what, line = name, "file name", 1
        try:
            slug = slugify(source, self.paths)
        except Untransliterated as exc:
            fix = "set slug to" if what == "slug" else "add a slug to the front matter,"
            raise SourceError(
                path, line,
                f"{what}: feedsmith does not carry Zola's transliteration of "
                f"{exc.char!r} (U+{ord(exc.char):04X}); {fix} the last part of "
                "this page's URL as Zola publishes it (Zola keeps such a slug "
                "as it is)",
            ) from exc  # fmt: skip
        if not slug:
            raise SourceError(
                path, line, f"{what}: {source!r} leaves an empty slug; add a slug"
            )
        return slug


def _flag(
    path: Path, meta: Mapping[str, Any], key: str, default: bool, line_of
) -> bool:
    value = meta.get(key, default)
    if not isinstance(value, bool):
        raise SourceError(
            path, line_of(key), f"{key}: expected true or false, got {value!r}"
        )
    return value


def _nonempty_text(
    path: Path, meta: Mapping[str, Any], key: str, line_of
) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise SourceError(
            path, line_of(key), f"{key}: expected text that is not empty, got {value!r}"
        )
    return value


def _date(path, meta, key, zone, line_of) -> datetime | None:
    value = meta.get(key)
    if value is None:
        return None
    try:
        return zola_date(value, zone)
    except ValueError as exc:
        raise SourceError(path, line_of(key), f"{key}: {exc}") from None


def _taxonomies(path, meta, line_of) -> Mapping[str, Any] | None:
    """Zola's ``[taxonomies]`` table: its tags and categories are feedsmith's."""
    table = meta.get("taxonomies")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise SourceError(
            path, line_of("taxonomies"), f"taxonomies: expected a table, got {table!r}"
        )
    written = {k: v for k, v in meta.items() if k not in ("tags", "categories")}
    for key in ("tags", "categories"):
        if key in table:
            written[key] = table[key]
    return written
