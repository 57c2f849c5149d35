"""Load ``config.yaml`` into frozen dataclasses, reporting every mistake by key.

Every key, its type and its default live in the ``_SCHEMA`` table below, so
the README's config reference, the validation and the defaults cannot drift
apart. Relative paths are resolved against the config file's folder.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import regex
import yaml

from feedsmith import config_values as check
from feedsmith import yamltext
from feedsmith.config_values import FORMAT_NAMES, Invalid
from feedsmith.errors import ConfigError
from feedsmith.locations import check_locations
from feedsmith.model import Author


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    url: str
    description: str
    language: str | None
    author: Author | None
    timezone: ZoneInfo
    zones: Mapping[str, tzinfo]  # abbreviations such as EST that dates may use


@dataclass(frozen=True, slots=True)
class FeedSettings:
    url: str
    formats: tuple[str, ...]
    limit: int
    content: str
    tags: bool
    future: bool


@dataclass(frozen=True, slots=True)
class Sources:
    folders: tuple[Path, ...]
    include: tuple[str, ...]  # .gitignore lines; empty means every readable file
    exclude: tuple[str, ...]  # .gitignore lines, DEFAULT_EXCLUDE included
    encoding: str  # for files that carry no byte-order mark or declaration
    max_bytes: int  # larger files are skipped unread
    # Build from a shallow clone, whose dates from git may be late, with a
    # warning; otherwise an error (see load._GitDates.shallow).
    accept_shallow_clone: bool = False


@dataclass(frozen=True, slots=True)
class ContentSettings:
    sanitize: bool  # strip scripts, frames, forms, event handlers from bodies
    max_bytes: int  # a larger rendered body is left out (summary only)


DEFAULT_CONTENT = ContentSettings(sanitize=True, max_bytes=1_000_000)


@dataclass(frozen=True, slots=True)
class TextSettings:
    title_cleanup: regex.Pattern[str] | None  # compiled by the regex package


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    site: Site
    sources: Sources
    output: Path
    permalink: str
    feeds: FeedSettings
    text: TextSettings
    content: ContentSettings = DEFAULT_CONTENT
    cache: Path | None = None  # folder of the incremental cache; None: off
    fingerprint: str = ""  # changes whenever the config file does


def load_config(path: Path) -> Config:
    """Read and validate the configuration file at ``path``."""
    data = _read_bytes(path)
    raw = _parse_yaml(path, data)
    problems: list[str] = []
    values = _validate(raw, _SCHEMA, "", problems)
    if problems:
        raise ConfigError("\n".join(f"{path.name}: {p}" for p in problems))
    config = _build(path, values, hashlib.sha256(data).hexdigest())
    check_locations(config)  # before anything is written there
    return config


MAX_CONFIG_BYTES = 1_000_000  # a generous site's config is a few kilobytes


def _read_bytes(path: Path) -> bytes:
    """The config file's bytes, at most ``MAX_CONFIG_BYTES``. Opened without
    blocking and checked to be a regular file: ``--config`` naming a pipe
    with no writer must fail, not hang."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise ConfigError(f"{path}: not a regular file; pass --config FILE")
            raw = os.read(descriptor, MAX_CONFIG_BYTES + 1)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: config file not found; create it or pass --config FILE"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from exc
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{path.name}: larger than {MAX_CONFIG_BYTES:,} bytes; "
            "is this the right file?"
        )
    return raw


def _parse_yaml(path: Path, raw: bytes) -> Mapping[str, Any]:
    """The config's settings, loaded as safely as front matter: no aliases,
    no repeated keys, bounded in size and nesting."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{path.name}:{line}: byte 0x{raw[exc.start]:02x} is not valid UTF-8; "
            "save the file as UTF-8"
        ) from None
    try:
        data = yamltext.load(text, aliases=False)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        raise ConfigError(
            f"{where}: invalid YAML: {yamltext.explain(exc, text)}"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: expected a mapping of settings at the top")
    return data


# --- checks: each takes the raw value and returns the clean one or raises ---


_REQUIRED = object()
_SCHEMA: dict[str, Any] = {
    "site": {
        "title": (check.plain_text, _REQUIRED),
        "url": (check.url, _REQUIRED),
        "description": (check.plain_text, _REQUIRED),
        "language": (check.plain_text, None),
        "author": (check.author, None),
        "timezone": (check.time_zone, "UTC"),
        "zones": (check.zones, {}),
    },
    "sources": (check.sources, "sources"),
    "output": (check.plain_text, "feeds"),
    "permalink": (check.permalink, "/{year}/{month}/{slug}/"),
    "cache": (check.cache, ".feedsmith-cache"),
    "feeds": {
        "url": (check.url, None),
        "formats": (check.formats, list(FORMAT_NAMES)),
        "limit": (check.limit, 20),
        "content": (check.content, "full"),
        "tags": (check.flag, True),
        "future": (check.flag, False),
    },
    "text": {
        "title_cleanup": (check.pattern, None),
    },
    "content": {
        "sanitize": (check.flag, True),
        "max_bytes": (check.limit, 1_000_000),
    },
}


def _validate(raw: object, schema: dict[str, Any], prefix: str, problems: list[str]):
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(f"{prefix.rstrip('.')}: expected a mapping, got {raw!r}")
        raw = {}
    for key in raw:
        if key not in schema:
            hint = difflib.get_close_matches(str(key), list(schema), n=1)
            advice = f"; did you mean {prefix}{hint[0]!s}?" if hint else ""
            problems.append(f"{prefix}{key}: unknown key{advice}")
    clean: dict[str, Any] = {}
    for key, rule in schema.items():
        if isinstance(rule, dict):
            clean[key] = _validate(raw.get(key), rule, f"{prefix}{key}.", problems)
            continue
        check, default = rule
        value = raw.get(key)
        if value is None:
            if default is _REQUIRED:
                problems.append(f"{prefix}{key}: required key is missing")
            clean[key] = None if default in (None, _REQUIRED) else check(default)
            continue
        try:
            clean[key] = check(value)
        except Invalid as exc:
            problems.append(f"{prefix}{key}: {exc}")
    return clean


def _build(path: Path, values: dict[str, Any], fingerprint: str) -> Config:
    base = path.resolve().parent
    site = Site(**values["site"])
    output = base / values["output"]
    feeds = dict(values["feeds"])
    feeds["url"] = feeds["url"] or f"{site.url}{output.name}/"
    sources = dict(values["sources"])
    sources["folders"] = tuple(base / folder for folder in sources["folders"])
    return Config(
        path=path,
        site=site,
        sources=Sources(**sources),
        output=output,
        permalink=values["permalink"],
        feeds=FeedSettings(**feeds),
        text=TextSettings(**values["text"]),
        content=ContentSettings(**values["content"]),
        cache=base / values["cache"] if values["cache"] else None,
        fingerprint=fingerprint,
    )
