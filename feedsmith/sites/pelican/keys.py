"""The ``config.yaml`` keys Pelican's settings fill (``site.*``,
``sources``, ``output``, ``feeds.*``), each with the file and line it came
from; a value feedsmith cannot read is ``Unreadable`` naming the key to set
in ``config.yaml`` instead (docs/profiles/pelican.md, "What it reads")."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedsmith.errors import ConfigError
from feedsmith.sites import HTML_VIEWS, Unreadable
from feedsmith.sites.pelican.paths import reading
from feedsmith.sites.pelican.rules import PelicanRules
from feedsmith.sites.pelican.settings import Settings
from feedsmith.sites.pelican.slugs import striptags

# Pelican's readers by extension (``READERS`` may turn one off).
READER_SUFFIXES = ("md", "markdown", "mkd", "mdown", "rst", "html", "htm")
# The names feedsmith gives its feed files, which a Pelican feed must not take.
_FEED_FILES = ("rss.xml", "atom.xml", "feed.json")
_PELICAN_FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")


def config_keys(
    conf: Settings, rules: PelicanRules, content: Path
) -> dict[str, tuple[Any, str]]:
    """Each config key the settings fill: (value, where it was read)."""
    settings = _site_keys(conf, rules)
    settings["sources.folders"] = ([str(content)], conf.where("PATH"))
    settings["sources.include"] = (_suffixes(conf), conf.where("READERS"))
    settings["output"] = _output(conf, content)
    settings.update(_feed_keys(conf))
    if isinstance(settings["output"][0], str):
        settings.update(_views(conf, content))
    return settings


def _site_keys(conf: Settings, rules: PelicanRules) -> dict[str, tuple[Any, str]]:
    settings: dict[str, tuple[Any, str]] = {}

    def put(key: str, value: Any, name: str) -> None:
        settings[key] = (value, conf.where(name))

    put("site.url", rules.site_url + "/", "SITEURL")
    title = conf.site("SITENAME", "site.title", "A Pelican Blog", str)
    title = striptags(title) if isinstance(title, str) else title
    put("site.title", title, "SITENAME")
    subtitle = conf.site("SITESUBTITLE", "site.description", None, str, type(None))
    if subtitle is None:  # Pelican's feed has an empty one; feeds need one
        why = f"{conf.where('SITENAME')} (SITESUBTITLE unset: the site's name)"
        described = (
            title
            if isinstance(title, str)
            else Unreadable(
                conf.computed(
                    "SITENAME",
                    "with SITESUBTITLE unset, set site.description in config.yaml "
                    "instead",
                )
            )
        )
        settings["site.description"] = (described, why)
    else:
        put("site.description", subtitle, "SITESUBTITLE")
    put("site.language", rules.default_lang, "DEFAULT_LANG")
    put("site.timezone", _zone_setting(conf), "TIMEZONE")
    author = conf.site("AUTHOR", "site.author", None, str, type(None))
    if author is not None:
        put(
            "site.author",
            {"name": author} if isinstance(author, str) else author,
            "AUTHOR",
        )
    return settings


def _feed_keys(conf: Settings) -> dict[str, tuple[Any, str]]:
    limit = conf.site("FEED_MAX_ITEMS", "feeds.limit", 100, int, type(None))
    if limit is None:
        limit = 1_000_000  # None: every article
    elif isinstance(limit, int) and limit < 1:
        limit = Unreadable(
            f"{conf.where('FEED_MAX_ITEMS')}: FEED_MAX_ITEMS: {limit} makes every "
            "feed empty; set feeds.limit in config.yaml instead"
        )
    future = conf.site("WITH_FUTURE_DATES", "feeds.future", True, bool)
    return {
        "feeds.limit": (limit, conf.where("FEED_MAX_ITEMS")),
        "feeds.future": (future, conf.where("WITH_FUTURE_DATES")),
        "feeds.tags": _tag_feeds(conf),
    }


def _zone_setting(conf: Settings) -> Any:
    zone = conf.site("TIMEZONE", "site.timezone", "UTC", str)
    if isinstance(zone, str):
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            return Unreadable(
                f"{conf.where('TIMEZONE')}: TIMEZONE: unknown time zone {zone!r}; "
                "set site.timezone in config.yaml instead"
            )
    return zone


def _suffixes(conf: Settings) -> list[str]:
    """The files Pelican reads, by extension (``READERS = {"html": None}``
    turns one off)."""
    readers = conf.rule("READERS", {}, dict)
    for suffix, reader in readers.items():
        if reader is not None:
            raise ConfigError(
                f"{conf.where('READERS')}: READERS: {suffix!r}: feedsmith reads "
                "articles with its own readers; only None (off) can be read here"
            )
    return [f"*.{s}" for s in READER_SUFFIXES if s not in readers]


def _output(conf: Settings, content: Path) -> tuple[Any, str]:
    """``feeds`` in the content folder, which Pelican copies to its output
    as it is when STATIC_PATHS lists it; feeds.url follows (site.url +
    feeds/)."""
    where = conf.where("STATIC_PATHS")
    instead = "set output: (and feeds.url:) in config.yaml instead"
    for name in ("STATIC_PATHS", "STATIC_EXCLUDES", "STATIC_URL", "STATIC_SAVE_AS",
                 "EXTRA_PATH_METADATA", *_PELICAN_FEEDS):  # fmt: skip
        if name in conf.values and conf.values[name].computed:
            return Unreadable(conf.computed(name, instead)), where
    paths = conf.value("STATIC_PATHS", ["images"])
    static = {posixpath.normpath(str(p)).strip("/") for p in paths}
    excluded = {
        posixpath.normpath(str(p)).strip("/") for p in conf.value("STATIC_EXCLUDES", [])
    }
    problem = ""
    if not static & {"feeds", "."} or "feeds" in excluded:
        setting = (
            "STATIC_PATHS" if "STATIC_PATHS" in conf.values else "STATIC_PATHS (unset)"
        )
        problem = (
            f"{where if 'STATIC_PATHS' in conf.values else conf.file}: {setting}: "
            f"Pelican copies {sorted(static)} into the site, not "
            f"{content / 'feeds'}, where feedsmith writes the feeds; add 'feeds' "
            f"to STATIC_PATHS, or {instead}"
        )
    for name in ("STATIC_URL", "STATIC_SAVE_AS"):
        if conf.value(name, "{path}") != "{path}":
            where = conf.where(name)
            problem = f"{where}: {name}: not Pelican's '{{path}}'; {instead}"
    for path, meta in conf.value("EXTRA_PATH_METADATA", {}).items():
        folder = posixpath.normpath(str(path)).strip("/")
        moved = isinstance(meta, dict) and {"path", "save_as"} & set(meta)
        if moved and (folder in (".", "feeds") or folder.startswith("feeds/")):
            where = conf.where("EXTRA_PATH_METADATA")
            problem = (
                f"{where}: EXTRA_PATH_METADATA: {path!r} moves the feeds; {instead}"
            )
    taken = [f"feeds/{name}" for name in _FEED_FILES]
    for name in _PELICAN_FEEDS:
        if str(conf.value(name, "")).removeprefix("/") in taken:
            where = conf.where(name)
            problem = (
                f"{where}: {name}: Pelican writes its own feed where feedsmith "
                f"writes one; rename it, or {instead}"
            )
    return (Unreadable(problem) if problem else str(content / "feeds")), where


def _tag_feeds(conf: Settings) -> tuple[Any, str]:
    """feeds.tags: on when Pelican publishes a feed per category or tag."""
    names = ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS")
    defaults = {"CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml"}
    for name in names:
        value = conf.site(name, "feeds.tags", defaults.get(name), str, type(None))
        if isinstance(value, Unreadable):
            return value, conf.where(name)
        if value:
            return True, conf.where(name)
    return False, conf.where(names[0])


def _views(conf: Settings, content: Path) -> dict[str, tuple[Any, str]]:
    """feeds.index and feeds.discovery off where Pelican would read those
    pages in the feeds folder as articles (or pages): it logs an error for
    each and publishes none; on (the default) otherwise."""
    settings: dict[str, tuple[Any, str]] = {}
    for key, names in HTML_VIEWS.items():
        setting = next(
            (s for name in names if (s := reading(conf, f"feeds/{name}"))), None
        )
        if setting is None:
            continue
        kind = setting.removesuffix("_PATHS")
        where = (
            f"{conf.where(setting)}: {setting}"
            if setting in conf.values
            else f"{conf.file}: {setting} (unset)"
        )
        settings[key] = (
            False,
            f"{where}: Pelican would read the .html views in {content.name}/feeds "
            f"as {kind.lower()}s; add 'feeds' to {kind}_EXCLUDES",
        )
    return settings
