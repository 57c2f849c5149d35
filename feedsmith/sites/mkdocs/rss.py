"""mkdocs-rss-plugin, whose feed the site already publishes (the blog
plugin writes none): which posts it lists (``match_path``) and how it dates
them (``date_from_meta``), read from its settings and applied per post.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex

from feedsmith import dates
from feedsmith.errors import ConfigError, SourceError
from feedsmith.sites.mkdocs.config import Section
from feedsmith.sites.mkdocs.frontmatter import yaml_moment


@dataclass(frozen=True, slots=True)
class RssDates:
    """How mkdocs-rss-plugin dates the feed's items (``date_from_meta``)."""

    created: str  # a dotted front matter key, or "git"
    updated: str
    use_git: bool
    datetime_format: str  # strptime, for dates written as other text
    default_time: tuple[int, int]
    default_timezone: str
    match_path: str  # a regular expression on the path under docs_dir


def rss_dates(rss: Section) -> RssDates:
    """The rss plugin's ``date_from_meta`` and ``match_path``, checked."""
    meta = rss.value("date_from_meta", {}, dict)
    meta = Section(rss.site, rss.prefix + "date_from_meta.", meta)
    checks = (
        (meta, "default_timezone", "UTC", ZoneInfo),
        (meta, "default_time", "00:00", lambda t: datetime.strptime(t, "%H:%M")),
        (rss, "match_path", ".*", re.compile),
    )
    for section, key, default, check in checks:
        try:
            check(section.text(key, default))
        except (ZoneInfoNotFoundError, ValueError, re.error) as exc:
            where = f"{section.where(key)}: {section.prefix}{key}"
            raise ConfigError(f"{where}: {exc}") from None
    default_time = datetime.strptime(meta.text("default_time", "00:00"), "%H:%M")
    return RssDates(
        created=meta.text("as_creation", "git"),
        updated=meta.text("as_update", "git"),
        use_git=rss.flag("use_git", True),
        datetime_format=meta.text("datetime_format", "%Y-%m-%d %H:%M"),
        default_time=(default_time.hour, default_time.minute),
        default_timezone=meta.text("default_timezone", "UTC"),
        match_path=rss.text("match_path", ".*"),
    )


def rss_settings(rss: Section, read: RssDates) -> dict[str, tuple[Any, str]]:
    """The settings :func:`rss_dates` read, for ``--explain``."""
    meta = rss.value("date_from_meta", {}, dict)
    meta = Section(rss.site, rss.prefix + "date_from_meta.", meta)
    hour, minute = read.default_time
    return {
        rss.named("match_path"): rss.shown("match_path", read.match_path),
        rss.named("use_git"): rss.shown("use_git", read.use_git),
        meta.named("as_creation"): meta.shown("as_creation", read.created),
        meta.named("as_update"): meta.shown("as_update", read.updated),
        meta.named("datetime_format"): meta.shown(
            "datetime_format", read.datetime_format
        ),
        meta.named("default_time"): meta.shown(
            "default_time", f"{hour:02d}:{minute:02d}"
        ),
        meta.named("default_timezone"): meta.shown(
            "default_timezone", read.default_timezone
        ),
    }


def rss_date(rss: RssDates, meta: Mapping[str, Any], key: str) -> datetime | None:
    """The date mkdocs-rss-plugin reads from the front matter key ``key``
    (dotted); None where it would use git or the build's time."""
    value: Any = meta
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if not value or (key == "git" and rss.use_git):
        return None
    zone = ZoneInfo(rss.default_timezone)
    try:
        moment = yaml_moment(value)
        if moment is None and isinstance(value, str):
            moment = datetime.strptime(value, rss.datetime_format)
    except ValueError:
        return None
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(*rss.default_time))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        return dates.parse(moment, zone)
    except ValueError:
        return None


def matches_path(pattern: str, source: str, path: Path) -> bool:
    try:
        return regex.match(pattern, source, timeout=1.0) is not None
    except TimeoutError:
        raise SourceError(
            path,
            1,
            f"the rss plugin's match_path {pattern!r} took over 1 s on {source}; "
            "simplify it",
        ) from None
