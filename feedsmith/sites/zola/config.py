"""Zola's ``config.toml``, read as data (never its templates or theme code):
each setting the profile uses, checked, with the line it is written on."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedsmith.errors import ConfigError
from feedsmith.sites.zola.slugs import SLUGIFY_MODES

_TABLE_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]")


@dataclass(frozen=True, slots=True)
class ZolaConfig:
    """``config.toml``, and its lines to find where a key is written."""

    path: Path
    data: Mapping[str, Any]
    lines: tuple[str, ...]

    def where(self, key: str, table: str | None = None) -> str:
        """``file:line`` of ``key`` (in ``[table]``, else of the table), or
        of the table ``[key]`` or ``[key.name]``; line 1 if not found."""
        inside = table is None
        dotted = re.compile(rf"^\s*{re.escape(f'{table}.{key}')}\s*=")
        plain = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.lines, 1):
            header = _TABLE_HEADER.match(line)
            if header and table is None and header.group(1).split(".")[0] == key:
                return f"{self.path}:{number}"
            if header:
                inside = header.group(1) == table
            elif (inside and plain.match(line)) or (table and dotted.match(line)):
                return f"{self.path}:{number}"
        return self.where(table) if table else f"{self.path}:1"

    def spot(self, key: str, table: str | None = None) -> str:
        """Where ``key`` is set, or that it is Zola's default, for --explain."""
        section = self.data.get(table, {}) if table else self.data
        if isinstance(section, dict) and key in section:
            return self.where(key, table)
        return f"Zola's default ({f'{table}.{key}' if table else key} unset)"


def load(root: Path) -> ZolaConfig:
    path = root / "config.toml"
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Zola config: {exc}") from None
    return ZolaConfig(path, data, tuple(text.splitlines()))


def text(config: ZolaConfig, key: str) -> str | None:
    value = config.data.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{config.where(key)}: {key}: expected text, got {value!r}")
    return value


def refuse_unreadable(root: Path, config: ZolaConfig) -> None:
    """A multilingual site, a missing theme, or a feed template of the site's
    own: what decides the feed where feedsmith cannot read it."""
    data = config.data
    languages = data.get("languages") or {}
    if set(languages) - {data.get("default_language", "en")}:
        raise ConfigError(
            f"{config.where('languages')}: multilingual sites are not supported "
            "yet; give site.* and sources in config.yaml for one language"
        )
    folders = [root / "templates"]
    theme = text(config, "theme")
    if theme is not None:
        if not (root / "themes" / theme).is_dir():
            raise ConfigError(
                f"{config.where('theme')}: theme {theme!r}: no folder themes/{theme}"
            )
        folders.append(root / "themes" / theme / "templates")
    names = feed_names(config)[0]
    for folder in folders if data.get(generates_feeds(config)) else []:
        for name in names:
            if (folder / name).is_file():
                raise ConfigError(
                    f"{folder / name}: a custom feed template decides what the "
                    "feed lists and how; feedsmith cannot read it: give site.*, "
                    "sources and permalink in config.yaml instead of from:"
                )


def generates_feeds(config: ZolaConfig) -> str:
    """The name the site gives ``generate_feeds``."""
    return _named(config, "generate_feeds", "generate_feed")


def _named(config: ZolaConfig, key: str, before_0_19: str) -> str:
    """``key``, or its name before Zola 0.19 if the site uses that alone."""
    old = before_0_19 in config.data and key not in config.data
    return before_0_19 if old else key


def feed_names(config: ZolaConfig) -> tuple[list[str], str]:
    """The feed file names, and the name of the key that gives them
    (``feed_filenames``, before 0.19 ``feed_filename``)."""
    key = _named(config, "feed_filenames", "feed_filename")
    names = config.data.get(key)
    if names is None:
        return ["atom.xml"], key
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(
            f"{config.where(key)}: {key}: expected a list of file names, got {names!r}"
        )
    return names, key


def feed_limit(config: ZolaConfig) -> int | None:
    limit = config.data.get("feed_limit")
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
    ):
        raise ConfigError(
            f"{config.where('feed_limit')}: feed_limit: expected a positive whole "
            f"number, got {limit!r}; set feeds.limit in config.yaml instead"
        )
    return limit


def tag_feeds(config: ZolaConfig) -> bool:
    """Whether a ``tags`` or ``categories`` taxonomy has ``feed = true``."""
    taxonomies = config.data.get("taxonomies") or []
    return isinstance(taxonomies, list) and any(
        isinstance(t, dict) and t.get("name") in ("tags", "categories")
        and t.get("feed") is True
        for t in taxonomies
    )  # fmt: skip


def slugify_settings(config: ZolaConfig) -> tuple[str, bool]:
    """``[slugify] paths`` and ``paths_keep_dates``."""
    table = config.data.get("slugify", {})
    if not isinstance(table, dict):
        raise ConfigError(
            f"{config.where('slugify')}: slugify: expected a table, got {table!r}"
        )
    mode = table.get("paths", "on")
    if mode not in SLUGIFY_MODES:
        raise ConfigError(
            f"{config.where('paths', 'slugify')}: slugify.paths: expected one of "
            f"{', '.join(SLUGIFY_MODES)}, got {mode!r}"
        )
    keep = table.get("paths_keep_dates", False)
    if not isinstance(keep, bool):
        raise ConfigError(
            f"{config.where('paths_keep_dates', 'slugify')}: "
            f"slugify.paths_keep_dates: expected true or false, got {keep!r}"
        )
    return mode, keep


def ignored_content(config: ZolaConfig) -> list[str]:
    """``ignored_content``, each glob as a gitignore line."""
    ignored = config.data.get("ignored_content") or []
    patterns = ignored if isinstance(ignored, list) else [ignored]
    for pattern in patterns:
        if not isinstance(pattern, str) or re.search(r"[{}]", pattern):
            raise ConfigError(
                f"{config.where('ignored_content')}: ignored_content: feedsmith "
                f"reads gitignore patterns, not {pattern!r}; list the files in "
                "sources.exclude in config.yaml instead"
            )
    return patterns
