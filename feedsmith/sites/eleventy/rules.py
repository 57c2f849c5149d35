"""Where and whether Eleventy lists each post: the profile's rules."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

from feedsmith.errors import NotAPost, SourceError
from feedsmith.sites import LineOf, Placement
from feedsmith.sites import javascript as js
from feedsmith.sites.eleventy.data import (
    Layer,
    file_slug_of,
    js_string,
    merge,
    tags_of,
    template_stem,
    truthy,
    without_date,
)
from feedsmith.sites.eleventy.pages import joined_path, page_date, page_url, render
from feedsmith.sites.eleventy.slugs import slugify

# The keys of the data cascade that decide where and whether a post is listed.
CASCADE_KEYS = (
    "permalink", "tags", "date", "draft", "eleventyExcludeFromCollections",
    "layout", "title", "dynamicPermalink", "templateEngineOverride",
)  # fmt: skip
_LISTING_KEYS = ("tags", "eleventyExcludeFromCollections")
# What the URL parser leaves as it is in a path (the rest: UTF-8, %XX).
_URL_SAFE = "!$%&'()*+,-./:;=@[]^_|~"


@dataclass(frozen=True, slots=True)
class EleventyRules:
    root: Path  # the project folder (where the config is)
    input: Path  # dir.input
    origin: str  # scheme://host of the feed's links
    prefix: str  # the path every link starts with: pathPrefix, or "/"
    # ("tag", name), ("glob", pattern, ...), or ("any",) when config.yaml
    # names the posts itself (sources.include)
    collection: tuple[str, ...]
    drafts: bool  # the site drops pages whose `draft` is truthy
    # template and directory data files, by path relative to the input
    # folder without their suffixes ("posts/posts"), lowest first
    data_files: Mapping[str, tuple[Layer, ...]]
    layouts: Mapping[str, Layer]  # by name as written and without extension
    aliases: Mapping[str, str]
    engines: Mapping[str, str]  # ".md" -> the engine that renders permalinks
    own_filters: tuple[str, ...]  # filters the config redefines
    ignores: tuple[str, ...]  # Eleventy's ignores, patterns from the project
    dynamic: bool  # permalinks are templates (setDynamicPermalinks)
    root_data: str  # the input folder's own data file name ("src"), or ""
    # folders of the input Eleventy reads no template from ("_site/"), for
    # when the sources are its sub-folders (exclude lines fit one folder)
    skipped: tuple[str, ...]
    # addPassthroughCopy of a folder: the folder, and its path in the output
    # ("" for the root); links in bodies to files in it lead there
    copies: tuple[tuple[Path, str], ...] = ()

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        relative = path.relative_to(self.input).as_posix()
        from_root = path.relative_to(self.root).as_posix()
        ignored = next((p for p in self.ignores if _glob(p).fullmatch(from_root)), None)
        if ignored is not None:
            raise NotAPost(path, 1, f"Eleventy ignores it ({ignored})")
        folder = next((f for f in self.skipped if relative.startswith(f)), None)
        if folder is not None:
            raise NotAPost(path, 1, f"Eleventy reads no template in {folder}")
        page = Page(path, meta, line_of, self.layers_of(relative, meta, path, line_of))
        data = page.data
        _refuse_code(page, _LISTING_KEYS)
        if not self.listed(from_root, data):
            excluded = "eleventyExcludeFromCollections"
            line = page.line(excluded if excluded in data else "tags")
            raise NotAPost(path, line, self._not_listed(data))
        draft = self.drafts and truthy(data.get("draft"))
        stem = template_stem(relative)
        folders = relative.split("/")[:-1]
        file_slug = file_slug_of(stem, folders)
        try:
            _refuse_code(page, CASCADE_KEYS)
            moment = page_date(page, from_root)
            url = self._url(page, relative, stem, folders, file_slug, moment, zone)
        except SourceError as error:
            if not draft:
                raise
            why = f"a draft, which the config leaves out ({error.message})"
            raise NotAPost(path, page.line("draft"), why) from None
        link = self._absolute(url)
        tags = [t for t in tags_of(data.get("tags")) if t != self.collection[-1]]
        return Placement(
            slug=file_slug or slugify(title),
            name=file_slug or stem,
            link=link,
            id=link,
            published=moment,
            updated=None,  # Eleventy has no updated date
            draft=draft,
            expires=None,
            written={**meta, **_title(data), "tags": tags},
        )

    def layers_of(
        self, relative: str, meta: Mapping[str, Any], path: Path, line_of: LineOf
    ) -> list[Layer]:
        """Layout chain, directory data (top folder first), template data,
        front matter: the cascade from lowest to highest."""
        parts = relative.split("/")
        local: list[Layer] = list(self.data_files.get(self.root_data, ()))
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            local.extend(self.data_files.get(f"{folder}/{parts[depth - 1]}", ()))
        base = "/".join([*parts[:-1], template_stem(parts[-1])])
        local.extend(self.data_files.get(base, ()))
        lines = _Lines(line_of, meta)
        front = Layer(meta, path, lines)
        layout = meta.get("layout") or next(
            (
                layer.data["layout"]
                for layer in reversed(local)
                if layer.data.get("layout")
            ),
            None,
        )
        return [*self._layout_chain(layout), *local, front]

    def _layout_chain(self, name: Any) -> list[Layer]:
        chain: list[Layer] = []
        seen: set[str] = set()
        while isinstance(name, str) and name not in seen:
            seen.add(name)
            layer = self.layouts.get(self.aliases.get(name, name))
            if layer is None:
                break
            chain.insert(0, layer)
            name = layer.data.get("layout")
        return chain

    def listed(self, from_root: str, data: Mapping[str, Any]) -> bool:
        """Whether the page is in the feed's collection."""
        excluded = data.get("eleventyExcludeFromCollections")
        if excluded is True:
            return False
        kind, *names = self.collection
        if kind == "any":
            return True
        if kind == "glob":
            return any(_glob(p).fullmatch(from_root) for p in names)
        if isinstance(excluded, str | list) and names[0] in tags_of(excluded):
            return False
        return names[0] == "all" or names[0] in tags_of(data.get("tags"))

    def _not_listed(self, data: Mapping[str, Any]) -> str:
        if data.get("eleventyExcludeFromCollections"):
            return "eleventyExcludeFromCollections (Eleventy lists it in no collection)"
        kind, *names = self.collection
        what = f"tagged {names[0]!r}" if kind == "tag" else f"in {', '.join(names)}"
        return f"not a post: the feed lists the pages {what}"

    def _url(
        self,
        page: Page,
        relative: str,
        stem: str,
        folders: list[str],
        file_slug: str,
        moment: datetime,
        zone: tzinfo,
    ) -> str:
        """``page.url``: the rendered permalink, or the default one."""
        written = page.data.get("permalink")
        if isinstance(written, dict) and "build" in written:
            written = written["build"]
        elif isinstance(written, dict) and not written:
            written = None
        if written is None or written == "":
            base = "" if stem == "index" or (folders and folders[-1] == stem) else stem
            return page_url("/".join([*folders, base, "index.html"]))
        where = page.where("permalink")
        if written is False or not isinstance(written, str):
            why = (
                "permalink: false: Eleventy writes no page, and its feed plugin "
                "fails the build on a post without one; add "
                "'eleventyExcludeFromCollections: true' to keep it out of the feed"
                if written is False
                else f"permalink: expected text, got {written!r}"
            )
            raise SourceError(*where, why)
        if self.dynamic and page.data.get("dynamicPermalink") is not False:
            engine = self._engine(page, relative)
            values = {
                "title": page.data.get("title"),
                "page.fileSlug": file_slug,
                "page.filePathStem": "/" + "/".join([*folders, without_date(stem)]),
                "page.inputPath": "./" + page.path.relative_to(self.root).as_posix(),
                "page.date": moment.astimezone(zone),
            }
            written = render(
                written, values, page.data, engine, self.own_filters, where
            )
        if not written.strip():
            raise SourceError(
                *where, "permalink: renders empty, so Eleventy writes no page"
            )
        return page_url(written)

    def _engine(self, page: Page, relative: str) -> str:
        override = page.data.get("templateEngineOverride")
        if isinstance(override, str):
            return override.split(",")[0].strip() or "none"
        return self.engines.get(posixpath.splitext(relative)[1], "liquid")

    def _absolute(self, url: str) -> str:
        """The plugin's ``htmlBaseUrl``: the URL parser's encoding of
        ``page.url``, joined to the path prefix, on the base's host."""
        path, hash_mark, fragment = url.partition("#")
        path, question, query = path.partition("?")
        path = quote(path.replace("\\", "/"), safe=_URL_SAFE)
        return (
            self.origin
            + joined_path(self.prefix + "/" + path)
            + question
            + quote(query, safe="!$%&()*+,-./:;=?@[\\]^_`{|}~")
            + hash_mark
            + quote(fragment, safe="!#$%&'()*+,-./:;=?@[\\]^_{|}~")
        )


@dataclass(frozen=True, slots=True)
class _Lines(Mapping[str, int]):
    """The lines of a page's front matter keys, as a mapping."""

    line_of: LineOf
    meta: Mapping[str, Any]

    def __getitem__(self, key: str) -> int:
        if key not in self.meta:
            raise KeyError(key)
        return self.line_of(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.meta)

    def __len__(self) -> int:
        return len(self.meta)


class Page:
    """A page's merged data, and which file (and line) set each key."""

    def __init__(
        self, path: Path, meta: Mapping[str, Any], line_of: LineOf, layers: list[Layer]
    ) -> None:
        self.path = path
        self.line_of = line_of
        merged: dict[str, Any] = {}
        self.source: dict[str, Layer] = {}
        for layer in layers:
            if layer.code is not None:
                raise SourceError(
                    layer.path,
                    layer.code.line,
                    f"this data file is code feedsmith does not run "
                    f"({layer.code.text}), and may tag, date or move {path.name}; "
                    "write it as a literal object or as JSON, or leave the pages "
                    "below it out with sources.exclude",
                )
            merged = merge(merged, dict(layer.data))
            for key in layer.data:
                self.source[key.removeprefix("override:")] = layer
        self.data = merged

    def where(self, key: str) -> tuple[Path, int]:
        layer = self.source.get(key)
        if layer is None:
            return self.path, 1
        return layer.path, layer.lines.get(key, 1)

    def line(self, key: str) -> int:
        path, line = self.where(key)
        return line if path == self.path else 1


def _title(data: Mapping[str, Any]) -> dict[str, str]:
    """The title the feed shows: the data cascade's (a data file's too)."""
    title = data.get("title")
    if isinstance(title, str | int | float) and not isinstance(title, bool):
        return {"title": js_string(title)}
    return {}


def _refuse_code(page: Page, keys: tuple[str, ...]) -> None:
    """A SourceError where one of ``keys`` is code: a computed value, or a
    value of a data file that is not literal."""
    computed = page.data.get("eleventyComputed")
    if isinstance(computed, dict):
        for key in keys:
            if key in computed:
                raise SourceError(
                    *page.where("eleventyComputed"),
                    f"eleventyComputed.{key}: computed data is code feedsmith does "
                    f"not run; write {key} itself",
                )
    for key in keys:
        value = page.data.get(key)
        if isinstance(value, js.Unreadable):
            raise SourceError(
                *page.where(key),
                f"{key}: {value.text} is code feedsmith does not run; write a "
                "literal value",
            )


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """A glob of Eleventy's (``*``, ``**``, ``?``, ``{a,b}``), relative to
    the project folder, as a regular expression."""
    pattern = pattern.removeprefix("./")
    out = []
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if pattern.startswith("**/", at):
            out.append("(?:.*/)?")
            at += 3
            continue
        if pattern.startswith("**", at):
            out.append(".*")
            at += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{":
            end = pattern.find("}", at)
            if end > at:
                options = pattern[at + 1 : end].split(",")
                out.append("(?:" + "|".join(map(re.escape, options)) + ")")
                at = end + 1
                continue
            out.append(re.escape(char))
        else:
            out.append(re.escape(char))
        at += 1
    if pattern.endswith("/"):
        out.append(".*")
    return re.compile("".join(out) + "(?:/.*)?")
