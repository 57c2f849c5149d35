"""The site's feed: the feed plugin's ``addPlugin`` call, a hand-written
feed template, or at least ``_data/metadata``; and the config keys it fills."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from feedsmith.errors import ConfigError
from feedsmith.sites import javascript as js
from feedsmith.sites.eleventy.data import front_matter
from feedsmith.sites.eleventy.jsconfig import SiteConfig

FEED_PLUGIN = "@11ty/eleventy-plugin-rss"


@dataclass(slots=True)
class Feed:
    """What the site's feed says: its collection, and the values feedsmith's
    settings take (each with the file and line it came from)."""

    collection: str | None
    limit: int
    values: dict[str, tuple[Any, str]]  # title, subtitle, language, base, author
    prefixed: bool  # its links hold the path prefix (htmlBaseUrl)
    where: str


# The plugin's own metadata, where the config gives none (its virtual feed).
_PLUGIN_DEFAULTS = {
    "title": "Blog Title",
    "subtitle": "This is a longer description about your blog.",
    "base": "https://example.com/",
    "author": {"name": "Your Name"},
}


def virtual_feed(config: SiteConfig, unread: dict[str, str], site: Feed) -> Feed | None:
    """The feed of ``addPlugin(feedPlugin, {...})``, the first if several.
    What its metadata leaves out comes from ``_data/metadata`` (``site``),
    else from the plugin's defaults (``https://example.com/``, which no
    site means to keep)."""
    names = {
        name if origin.endswith("#feedPlugin") else f"{name} . feedPlugin"
        for name, origin in config.imports.items()
        if origin in (f"{FEED_PLUGIN}#feedPlugin", f"{FEED_PLUGIN}#*")
    }
    for call in config.named("addPlugin"):
        plugin = call.args[0] if call.args else None
        if not isinstance(plugin, js.Unreadable) or plugin.text not in names:
            continue
        options = call.args[1] if len(call.args) > 1 else {}
        where = config.where(call.line)
        if not isinstance(options, dict):
            raise ConfigError(
                f"{where}: the feed plugin's options are code feedsmith does not "
                "run; write them as a literal object "
                "({ collection: ..., metadata: ... })"
            )
        collection = options.get("collection")
        collection = collection if isinstance(collection, dict) else {}
        name, limit = collection.get("name"), collection.get("limit", 0)
        if not isinstance(name, str):
            raise ConfigError(
                f"{config.where(config.line_of('name', call.line))}: the feed "
                "plugin's collection.name: expected the name of a collection, as a "
                "literal string"
            )
        metadata = options.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        values: dict[str, tuple[Any, str]] = {}
        for key in ("title", "subtitle", "description", "language", "base", "author"):
            if key in metadata:
                value = metadata[key]
                spot = config.where(config.line_of(key, call.line))
                if isinstance(value, js.Unreadable) and key == "base":
                    raise ConfigError(
                        f"{spot}: metadata.base is code feedsmith does not run; "
                        "write the site's URL as a literal string (every link "
                        "depends on it)"
                    )
                if isinstance(value, js.Unreadable):
                    setting = _SETTING_OF[key]
                    unread[setting] = (
                        f"{spot}: metadata.{key} is code feedsmith does not run"
                    )
                    continue
                values[key] = (value, spot)
            elif key in site.values:
                values[key] = site.values[key]
            elif key in _PLUGIN_DEFAULTS:
                values[key] = (_PLUGIN_DEFAULTS[key], "the feed plugin's default")
        if not isinstance(limit, int) or limit < 0:
            raise ConfigError(
                f"{config.where(config.line_of('limit', call.line))}: the feed "
                "plugin's collection.limit: expected a whole number, as a literal"
            )
        return Feed(name, limit, values, True, where)
    return None


_SETTING_OF = {
    "title": "site.title", "subtitle": "site.description",
    "description": "site.description", "language": "site.language",
    "base": "site.url", "url": "site.url", "author": "site.author",
}  # fmt: skip


def template_feed(
    candidates: list[Path], global_data: Mapping[str, tuple[Any, Path, dict[str, int]]]
) -> Feed | None:
    """A hand-written feed template (``feed.njk``) that loops over
    ``collections.<name>`` and links each post with ``htmlBaseUrl`` or
    ``absoluteUrl`` of a global data value (``metadata.url``)."""
    for path in candidates:
        meta, _ = front_matter(path)
        permalink = meta.get("permalink")
        if not isinstance(permalink, str) or not permalink.strip().endswith(
            (".xml", ".json", ".rss", ".atom")
        ):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        loop = re.search(r"collections(?:\.(\w+)|\[\s*['\"]([^'\"]+)['\"]\s*\])", text)
        link = re.search(
            r"(\|\s*url\s*\|\s*)?\b(htmlBaseUrl|absoluteUrl)\(\s*(\w+)\.(\w+)", text
        )
        if not loop or not link:
            continue
        variable, key = link.group(3), link.group(4)
        data = global_data.get(variable)
        values: dict[str, tuple[Any, str]] = {}
        if data is not None and isinstance(data[0], dict):
            found, file, lines = data
            for name in ("title", "description", "subtitle", "language", "author", key):
                if name in found and not isinstance(found[name], js.Unreadable):
                    values["base" if name == key else name] = (
                        found[name],
                        f"{file}:{lines.get(name, 1)}",
                    )
        prefixed = link.group(2) == "htmlBaseUrl" or bool(link.group(1))
        return Feed(loop.group(1) or loop.group(2), 0, values, prefixed, f"{path}:1")
    return None


def metadata_feed(
    global_data: Mapping[str, tuple[Any, Path, dict[str, int]]],
) -> Feed:
    """No feed feedsmith can read: the site's values from ``_data/metadata``."""
    values: dict[str, tuple[Any, str]] = {}
    data = global_data.get("metadata")
    if data is not None and isinstance(data[0], dict):
        found, file, lines = data
        for name in ("title", "description", "subtitle", "language", "author", "url"):
            if name in found and not isinstance(found[name], js.Unreadable):
                values["base" if name == "url" else name] = (
                    found[name],
                    f"{file}:{lines.get(name, 1)}",
                )
    return Feed(None, 0, values, True, "")


def settings_of(
    feed: Feed, prefix: str, root: Path
) -> tuple[dict[str, tuple[Any, str]], str]:
    """The config keys the feed fills, and the origin of its links."""
    settings: dict[str, tuple[Any, str]] = {}
    base = feed.values.get("base")
    if base is None or not isinstance(base[0], str):
        raise ConfigError(
            f"{feed.where or root}: no site URL feedsmith can read; write it as a "
            "literal: metadata.base in the feed plugin's options, or url in "
            "_data/metadata.json"
        )
    parts = urlsplit(base[0])
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{base[1]}: expected an http(s) URL, got {base[0]!r}")
    origin = f"{parts.scheme}://{parts.netloc}"
    settings["site.url"] = (
        origin + (prefix if feed.prefixed else (parts.path or "/")),
        base[1],
    )
    for key in ("title", "subtitle", "description", "language"):
        if key in feed.values and isinstance(feed.values[key][0], str):
            setting = _SETTING_OF[key]
            if setting not in settings or key == "subtitle":
                settings[setting] = feed.values[key]
    author = feed.values.get("author")
    if author is not None:
        value, spot = author
        if isinstance(value, str) and value:
            settings["site.author"] = ({"name": value}, spot)
        elif isinstance(value, dict) and isinstance(value.get("name"), str):
            written = {"name": value["name"]}
            if isinstance(value.get("email"), str) and value["email"]:
                written["email"] = value["email"]
            settings["site.author"] = (written, spot)
    settings["site.timezone"] = (
        "UTC",
        "Eleventy has no time zone: the machine's that builds (set site.timezone "
        "to it; dates in permalinks follow it)",
    )
    if feed.collection is not None:
        settings["feeds.limit"] = (
            feed.limit if feed.limit > 0 else 1_000_000,
            feed.where,
        )
    settings["feeds.future"] = (True, "Eleventy publishes posts dated in the future")
    return settings, origin
