"""The checks behind ``config.yaml``'s keys: one function per kind of value.

Each takes the raw YAML value and returns the clean one, or raises
:class:`Invalid` with a message that says what was expected; the loader adds
the file name and the key.
"""

from __future__ import annotations

import codecs
import difflib
import re
import string
from collections.abc import Mapping
from datetime import timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedsmith.model import Author

FORMAT_NAMES = ("rss", "atom", "json")
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
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


class Invalid(Exception):
    """A value failed its check; the loader adds file and key."""


def plain_text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid(f"expected text, got {value!r}")
    text = str(value).strip()
    if not text:
        raise Invalid("must not be empty")
    return text


def url(value: object) -> str:
    text = plain_text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"must be an absolute http(s) URL, got {text!r}")
    return text if text.endswith("/") else text + "/"


def author(value: object) -> Author:
    if isinstance(value, str):
        return Author(plain_text(value))
    if isinstance(value, dict) and set(value) <= {"name", "email"} and "name" in value:
        email = value.get("email")
        return Author(plain_text(value["name"]), plain_text(email) if email else None)
    raise Invalid(f"expected a name or {{name: ..., email: ...}}, got {value!r}")


def time_zone(value: object) -> ZoneInfo:
    name = plain_text(value)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            f"unknown time zone {name!r}; use an IANA name such as Europe/Paris"
        ) from None


def zones(value: object) -> Mapping[str, tzinfo]:
    """``{EST: '-05:00', ET: America/New_York}``: an offset or an IANA zone each."""
    if not isinstance(value, dict):
        raise Invalid(f"expected a mapping such as {{EST: '-05:00'}}, got {value!r}")
    zones: dict[str, tzinfo] = {}
    for name, zone in value.items():
        offset = _OFFSET.match(str(zone))
        if offset:
            sign = -1 if offset.group(1) == "-" else 1
            delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
            zones[str(name)] = timezone(sign * delta, str(name))
        else:
            zones[str(name)] = time_zone(zone)
    return zones


def permalink(value: object) -> str:
    text = plain_text(value)
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as exc:
        raise Invalid(f"malformed pattern {text!r}: {exc}") from None
    unknown = sorted(fields - PERMALINK_FIELDS)
    if unknown:
        known = ", ".join("{" + f + "}" for f in sorted(PERMALINK_FIELDS))
        raise Invalid(f"unknown placeholder {{{unknown[0]}}}; use {known}")
    if "slug" not in fields:
        raise Invalid("must contain {slug} so that every article gets its own link")
    return text


def text_list(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise Invalid(f"expected a name or a list of names, got {value!r}")
    return tuple(items)


def sources(value: object) -> dict[str, Any]:
    """A folder, a list of folders, or a mapping with folders and patterns."""
    settings = value if isinstance(value, dict) else {"folders": value}
    known = ("folders", "include", "exclude", "encoding", "max_bytes")
    for key in settings:
        if key not in known:
            hint = difflib.get_close_matches(str(key), known, n=1)
            advice = f"; did you mean sources.{hint[0]}?" if hint else ""
            raise Invalid(f"unknown key {key!r}{advice}")
    encoding = settings.get("encoding", "utf-8")
    try:
        codecs.lookup(plain_text(encoding))
    except LookupError:
        raise Invalid(
            f"unknown encoding {encoding!r}; for example utf-8, cp1252"
        ) from None
    return {
        "folders": text_list(settings.get("folders", "sources")),
        "include": text_list(settings.get("include", [])),
        "exclude": DEFAULT_EXCLUDE + text_list(settings.get("exclude", [])),
        "encoding": codecs.lookup(encoding).name,
        "max_bytes": limit(settings.get("max_bytes", 10_000_000)),
    }


def pattern(value: object) -> re.Pattern[str]:
    plain_text(value)
    text = str(value)  # unstripped: leading spaces can matter in a pattern
    try:
        return re.compile(text)
    except re.error as exc:
        raise Invalid(f"not a valid regular expression {text!r}: {exc}") from None


def cache(value: object) -> str | bool:
    if value is False:
        return False
    return plain_text(value)


def formats(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise Invalid(f"expected a list such as [rss, atom, json], got {value!r}")
    for item in items:
        if item not in FORMAT_NAMES:
            raise Invalid(f"unknown format {item!r}; choose from rss, atom, json")
    return tuple(dict.fromkeys(items))


def limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"expected a positive whole number, got {value!r}")
    return value


def content(value: object) -> str:
    if value not in ("full", "summary"):
        raise Invalid(f"expected full or summary, got {value!r}")
    return str(value)


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {value!r}")
    return value
