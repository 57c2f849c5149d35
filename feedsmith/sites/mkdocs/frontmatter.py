"""A post's front matter as the blog plugin types it: feedsmith's front
matter reader keeps timestamps and YAML 1.1 booleans (``yes``, ``on``) as
text, so they are read here as PyYAML reads them for mkdocs; a value the
blog refuses is a ``SourceError`` at its key's line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from feedsmith import dates
from feedsmith.errors import SourceError
from feedsmith.sites import LineOf

# YAML 1.1's timestamp, which PyYAML turns into a date or a datetime; the
# front matter reader keeps it as text.
_TIMESTAMP = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r":(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]*))?"
    r"(?:[ \t]*(?P<zone>Z|(?P<sign>[-+])(?P<zh>[0-9]{1,2})(?::(?P<zm>[0-9]{2}))?))?)?"
)
_DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YES = ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")
_NO = ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")


def yaml_moment(value: object) -> date | None:
    """The date or datetime PyYAML reads ``value`` as (a timestamp written
    as text), or None when it is none; ``ValueError`` for a day the month
    lacks."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = _TIMESTAMP.fullmatch(value)
    if match is None or (match["hour"] is None and not _DATE_ONLY.fullmatch(value)):
        return None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if match["hour"] is None:
        return date(year, month, day)
    zone: tzinfo | None = None
    if match["sign"]:
        offset = timedelta(hours=int(match["zh"]), minutes=int(match["zm"] or 0))
        zone = timezone(-offset if match["sign"] == "-" else offset)
    elif match["zone"]:
        zone = UTC
    fraction = int((match["fraction"] or "")[:6].ljust(6, "0"))
    return datetime(
        year, month, day, int(match["hour"]), int(match["minute"]),
        int(match["second"]), fraction, zone,
    )  # fmt: skip


def _yaml_flag(value: object) -> bool | None:
    """A YAML 1.1 boolean (``yes``, ``on`` too); None for anything else."""
    if isinstance(value, bool):
        return value
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


def unique_names(path: Path, key: str, value: object, line: LineOf) -> list[str]:
    """A list of text, each once, in order (Material's ``UniqueListOfItems``)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceError(
            path, line(key), f"{key}: expected a list of names, got {value!r}"
        )
    return list(dict.fromkeys(value))


def front_flag(
    path: Path, meta: Mapping[str, Any], key: str, line_of: LineOf
) -> bool | None:
    value = meta.get(key)
    flag = _yaml_flag(value)
    if value is not None and flag is None:
        raise SourceError(
            path, line_of(key), f"{key}: expected true or false, got {value!r}"
        )
    return flag


def material_dates(path: Path, value: object, line_of: LineOf) -> dict[str, datetime]:
    """The post's dates as the blog plugin reads them: ``date: ...`` is
    ``date: {created: ...}``; a date is midnight UTC, a time without an
    offset UTC, an offset kept."""
    if value is None:
        raise SourceError(
            path,
            line_of("date"),
            "no date: the blog needs 'date: YYYY-MM-DD' (or 'date: {created: "
            "...}') in every post",
        )
    written = value if isinstance(value, dict) else {"created": value}
    moments: dict[str, datetime] = {}
    for key, entry in written.items():
        label = f"date: {key}" if isinstance(value, dict) else "date"
        try:
            moment = yaml_moment(entry)
            if moment is None:
                raise ValueError(
                    f"expected a date such as 2024-01-31 or 2024-01-31 10:00:00, "
                    f"got {entry!r}; mkdocs stops the build on it"
                )
            moments[str(key)] = dates.parse(_aware(moment), UTC)
        except ValueError as exc:
            raise SourceError(path, line_of("date"), f"{label}: {exc}") from None
    if "created" not in moments:
        raise SourceError(
            path, line_of("date"), "date: expected a 'created:' date among them"
        )
    return moments


def _aware(moment: date) -> datetime:
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(), UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
