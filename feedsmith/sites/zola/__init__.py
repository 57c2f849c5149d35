"""Zola: read a Zola site's config and place its pages as Zola 0.19-0.21 does.

Every rule is written down, with its source, in ``docs/profiles/zola.md``;
its tables are the tests (``tests/test_profile_zola.py``). Zola has no
package this project can install, so the rules come from its documentation
and source; the ``slugify.paths = "on"`` transliteration was measured on the
crates Zola calls (``slug`` 0.1.4, ``deunicode`` 1.3.1).

- :mod:`.config` reads ``config.toml``, each setting with its line;
- :mod:`.sections` reads each section's ``_index.md`` (its ``draft``);
- :mod:`.rules` places each page; :mod:`.dates` reads its dates;
- :mod:`.slugs` holds ``slugify`` and its transliteration table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from feedsmith.errors import ConfigError
from feedsmith.sites import Profile
from feedsmith.sites.zola.config import (
    ZolaConfig,
    feed_limit,
    feed_names,
    generates_feeds,
    ignored_content,
    load,
    refuse_unreadable,
    slugify_settings,
    tag_feeds,
    text,
)
from feedsmith.sites.zola.rules import ZolaRules
from feedsmith.sites.zola.sections import Section, exclusions, sections

__all__ = ["read"]

Settings = dict[str, tuple[Any, str]]


def read(root: Path) -> Profile:
    config = load(root)
    refuse_unreadable(root, config)
    base_url = config.data.get("base_url")
    if not isinstance(base_url, str) or not base_url.startswith(
        ("http://", "https://")
    ):
        raise ConfigError(
            f"{config.where('base_url')}: base_url: expected an http(s) URL, got "
            f"{base_url!r}; set site.url in config.yaml instead"
        )
    content = root / "content"
    settings = {
        "site.url": (base_url.rstrip("/") + "/", config.where("base_url")),
        **_site_settings(config),
        "sources.folders": ([str(content)], f"{root}: Zola's pages are in content/"),
        "sources.include": (["*.md"], "Zola's pages are Markdown files"),
        "output": (
            str(root / "static" / "feeds"),
            f"{root}: Zola copies static/ into the site as it is",
        ),
        **_feed_settings(config),
    }
    mode, keep_dates = slugify_settings(config)
    base = base_url[:-1] if base_url.endswith("/") else base_url
    rules = ZolaRules(content=content, base=base, paths=mode, keep_dates=keep_dates)
    ignored = ignored_content(config)
    found = sections(content)
    return Profile(
        "zola",
        root,
        settings,
        exclusions(content, ignored, found),
        rules,
        rule_settings=_rule_settings(config, rules, ignored, found),
    )


def _site_settings(config: ZolaConfig) -> Settings:
    settings: Settings = {}
    title = text(config, "title")
    if title is not None:
        settings["site.title"] = (title, config.where("title"))
    description = text(config, "description")
    if description is not None:
        settings["site.description"] = (description, config.where("description"))
    elif title is not None:
        settings["site.description"] = (
            title,
            f"{config.where('title')}: the site title (config.toml has no description)",
        )
    language = text(config, "default_language")
    settings["site.language"] = (
        (language, config.where("default_language"))
        if language is not None
        else ("en", "Zola's default (no default_language)")
    )
    author = text(config, "author")
    if author is not None:
        settings["site.author"] = (author, config.where("author"))
    settings["site.timezone"] = (
        "UTC",
        "Zola reads a date without an offset as UTC (it has no time zone setting)",
    )
    return settings


def _feed_settings(config: ZolaConfig) -> Settings:
    limit = feed_limit(config)
    return {
        "feeds.limit": (limit, config.where("feed_limit"))
        if limit is not None
        else (1_000_000, "Zola's default: every page (no feed_limit)"),
        "feeds.future": (True, "Zola has no rule for future dates"),
        # A page's summary is what comes before this marker.
        "content.excerpt_separator": ("<!-- more -->", "Zola's summary marker"),
        "feeds.tags": (True, config.where("taxonomies"))
        if tag_feeds(config)
        else (False, "Zola makes no feed for tags or categories (no feed = true)"),
    }


def _rule_settings(
    config: ZolaConfig, rules: ZolaRules, ignored: list[str], found: list[Section]
) -> Settings:
    """Zola's settings the profile reads, under Zola's names, for --explain."""
    generate = generates_feeds(config)
    names, names_key = feed_names(config)
    limit = feed_limit(config)
    shown: Settings = {
        "base_url": (config.data["base_url"], config.where("base_url")),
        "slugify.paths": (rules.paths, config.spot("paths", "slugify")),
        "slugify.paths_keep_dates": (
            rules.keep_dates,
            config.spot("paths_keep_dates", "slugify"),
        ),
        generate: (bool(config.data.get(generate)), config.spot(generate)),
        names_key: (names, config.spot(names_key)),
        "feed_limit": ("unset" if limit is None else limit, config.spot("feed_limit")),
        "taxonomies": (config.data.get("taxonomies", []), config.spot("taxonomies")),
        "ignored_content": (ignored, config.spot("ignored_content")),
    }
    for section in found:
        name = f"{section.index.relative_to(config.path.parent).as_posix()} draft"
        shown[name] = (
            section.draft,
            f"{section.index}:{section.line}"
            if section.line
            else "Zola's default (draft unset)",
        )
    return shown
