"""Load ``config.yaml`` into frozen dataclasses, reporting every mistake by key.

Every key, its type and its default live in the ``_SCHEMA`` table below, so
the README's config reference, the validation and the defaults cannot drift
apart. Relative paths are resolved against the config file's folder.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from feedsmith import yamltext
from feedsmith.errors import ConfigError
from feedsmith.model import Author

FORMAT_NAMES = ("rss", "atom", "json")
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
PERMALINK_FIELDS = frozenset({"year", "month", "day", "slug", "section", "categories"})
# Skipped in every source folder unless an include pattern names them: what
# Jekyll, Hugo and editors leave beside the articles.
DEFAULT_EXCLUDE = (
    ".*",
    "_drafts/",
    "_index.*",
    "README*",
    "*~",
    "*.swp",
    "*.bak",
    "#*#",
)


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
    include: tuple[str, ...]  # glob patterns; empty means every readable file
    exclude: tuple[str, ...]  # glob patterns, DEFAULT_EXCLUDE included
    encoding: str  # for files that carry no byte-order mark or declaration
    max_bytes: int  # larger files are skipped unread


@dataclass(frozen=True, slots=True)
class ContentSettings:
    sanitize: bool  # strip scripts, frames, forms, event handlers from bodies
    max_bytes: int  # a larger rendered body is left out (summary only)


DEFAULT_CONTENT = ContentSettings(sanitize=True, max_bytes=1_000_000)


@dataclass(frozen=True, slots=True)
class TextSettings:
    title_cleanup: re.Pattern[str] | None


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


class _Invalid(Exception):
    """A value failed its check; the loader adds file and key."""


def load_config(path: Path) -> Config:
    """Read and validate the configuration file at ``path``."""
    raw = _read_yaml(path)
    problems: list[str] = []
    values = _validate(raw, _SCHEMA, "", problems)
    if problems:
        raise ConfigError("\n".join(f"{path.name}: {p}" for p in problems))
    return _build(path, values)


def _read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: config file not found; create it or pass --config FILE"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from exc
    try:
        data = yamltext.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        reason = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: invalid YAML: {reason}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: expected a mapping of settings at the top")
    return data


# --- checks: each takes the raw value and returns the clean one or raises ---


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(f"expected text, got {value!r}")
    text = str(value).strip()
    if not text:
        raise _Invalid("must not be empty")
    return text


def _url(value: object) -> str:
    text = _text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Invalid(f"must be an absolute http(s) URL, got {text!r}")
    return text if text.endswith("/") else text + "/"


def _author(value: object) -> Author:
    if isinstance(value, str):
        return Author(_text(value))
    if isinstance(value, dict) and set(value) <= {"name", "email"} and "name" in value:
        email = value.get("email")
        return Author(_text(value["name"]), _text(email) if email else None)
    raise _Invalid(f"expected a name or {{name: ..., email: ...}}, got {value!r}")


def _timezone(value: object) -> ZoneInfo:
    name = _text(value)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Invalid(
            f"unknown time zone {name!r}; use an IANA name such as Europe/Paris"
        ) from None


def _zones(value: object) -> Mapping[str, tzinfo]:
    """``{EST: '-05:00', ET: America/New_York}``: an offset or an IANA zone each."""
    if not isinstance(value, dict):
        raise _Invalid(f"expected a mapping such as {{EST: '-05:00'}}, got {value!r}")
    zones: dict[str, tzinfo] = {}
    for name, zone in value.items():
        offset = _OFFSET.match(str(zone))
        if offset:
            sign = -1 if offset.group(1) == "-" else 1
            delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
            zones[str(name)] = timezone(sign * delta, str(name))
        else:
            zones[str(name)] = _timezone(zone)
    return zones


def _permalink(value: object) -> str:
    text = _text(value)
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as exc:
        raise _Invalid(f"malformed pattern {text!r}: {exc}") from None
    unknown = sorted(fields - PERMALINK_FIELDS)
    if unknown:
        known = ", ".join("{" + f + "}" for f in sorted(PERMALINK_FIELDS))
        raise _Invalid(f"unknown placeholder {{{unknown[0]}}}; use {known}")
    if "slug" not in fields:
        raise _Invalid("must contain {slug} so that every article gets its own link")
    return text


def _text_list(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise _Invalid(f"expected a name or a list of names, got {value!r}")
    return tuple(items)


def _sources(value: object) -> dict[str, Any]:
    """A folder, a list of folders, or a mapping with folders and patterns."""
    settings = value if isinstance(value, dict) else {"folders": value}
    known = ("folders", "include", "exclude", "encoding", "max_bytes")
    for key in settings:
        if key not in known:
            hint = difflib.get_close_matches(str(key), known, n=1)
            advice = f"; did you mean sources.{hint[0]}?" if hint else ""
            raise _Invalid(f"unknown key {key!r}{advice}")
    encoding = settings.get("encoding", "utf-8")
    try:
        codecs.lookup(_text(encoding))
    except LookupError:
        raise _Invalid(
            f"unknown encoding {encoding!r}; for example utf-8, cp1252"
        ) from None
    return {
        "folders": _text_list(settings.get("folders", "sources")),
        "include": _text_list(settings.get("include", [])),
        "exclude": DEFAULT_EXCLUDE + _text_list(settings.get("exclude", [])),
        "encoding": codecs.lookup(encoding).name,
        "max_bytes": _limit(settings.get("max_bytes", 10_000_000)),
    }


def _pattern(value: object) -> re.Pattern[str]:
    _text(value)
    text = str(value)  # unstripped: leading spaces can matter in a pattern
    try:
        return re.compile(text)
    except re.error as exc:
        raise _Invalid(f"not a valid regular expression {text!r}: {exc}") from None


def _cache(value: object) -> str | bool:
    if value is False:
        return False
    return _text(value)


def _formats(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise _Invalid(f"expected a list such as [rss, atom, json], got {value!r}")
    for item in items:
        if item not in FORMAT_NAMES:
            raise _Invalid(f"unknown format {item!r}; choose from rss, atom, json")
    return tuple(dict.fromkeys(items))


def _limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Invalid(f"expected a positive whole number, got {value!r}")
    return value


def _content(value: object) -> str:
    if value not in ("full", "summary"):
        raise _Invalid(f"expected full or summary, got {value!r}")
    return str(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {value!r}")
    return value


_REQUIRED = object()
Check = Callable[[object], Any]
_SCHEMA: dict[str, Any] = {
    "site": {
        "title": (_text, _REQUIRED),
        "url": (_url, _REQUIRED),
        "description": (_text, _REQUIRED),
        "language": (_text, None),
        "author": (_author, None),
        "timezone": (_timezone, "UTC"),
        "zones": (_zones, {}),
    },
    "sources": (_sources, "sources"),
    "output": (_text, "feeds"),
    "permalink": (_permalink, "/{year}/{month}/{slug}/"),
    "cache": (_cache, ".feedsmith-cache"),
    "feeds": {
        "url": (_url, None),
        "formats": (_formats, list(FORMAT_NAMES)),
        "limit": (_limit, 20),
        "content": (_content, "full"),
        "tags": (_flag, True),
        "future": (_flag, False),
    },
    "text": {
        "title_cleanup": (_pattern, None),
    },
    "content": {
        "sanitize": (_flag, True),
        "max_bytes": (_limit, 1_000_000),
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
        except _Invalid as exc:
            problems.append(f"{prefix}{key}: {exc}")
    return clean


def _build(path: Path, values: dict[str, Any]) -> Config:
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
        fingerprint=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
