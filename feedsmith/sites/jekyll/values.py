"""Values as Jekyll's YAML 1.1 and Ruby read them: flags (``yes``/``off``),
dates (an unquoted timestamp without an offset is UTC, text is in the site's
zone) and the date in a post's file name."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from feedsmith import dates
from feedsmith.errors import SourceError

_YAML_TIME = re.compile(
    r"(-?[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2})"
    r":([0-9]{2})(?:\.[0-9]*)?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?"
)
_TRUE, _FALSE = ("yes", "true", "on"), ("no", "false", "off")  # YAML 1.1, any case


def flag(value: object) -> bool:
    """A setting or front matter value as Ruby tests it after YAML 1.1 read
    it: ``yes``/``on`` are true, ``no``/``off`` false, any other text true."""
    if isinstance(value, str):
        return value.lower() not in _FALSE
    return value is not None and value is not False


def as_yaml11(value: object, path: Path, line: int) -> object:
    """A front matter value as Jekyll's YAML 1.1 reads it: an unquoted
    ``yes``/``no``/``on``/``off`` (any case) is a boolean. (An unquoted
    ``true`` is one already; in quotes it stays text, as in Jekyll.)"""
    if not isinstance(value, str) or value.lower() not in _TRUE + _FALSE:
        return value
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value  # typed when unquoted: these were quoted
    return value if _quoted(path, line) else value.lower() in _TRUE


def file_date(path: Path, name: re.Match[str], zone: tzinfo) -> datetime:
    """The date of a post's file name (``name``: year, month, day groups)."""
    year, month, day = (int(name.group(i)) for i in (1, 2, 3))
    if len(name.group(1)) == 2:
        year += 1900 if year >= 69 else 2000
    try:
        return dates.parse(datetime(year, month, day), zone)
    except ValueError as exc:
        raise SourceError(
            path, 0, f"the file name's date is not a date ({exc}); Jekyll stops here"
        ) from None


def yaml_date(value: object, zone: tzinfo, path: Path, line: int) -> datetime:
    """A date as Jekyll reads it from YAML: an unquoted timestamp without an
    offset is UTC (a YAML timestamp); any other text is in the site's zone."""
    if isinstance(value, str) and (time := _YAML_TIME.fullmatch(value.strip())):
        offset = time.group(7)
        if offset is not None or not _quoted(path, line):
            y, mo, d, h, mi, sec = (int(time.group(i)) for i in range(1, 7))
            zone_of = UTC if offset is None else _offset(offset)
            return dates.parse(datetime(y, mo, d, h, mi, sec, tzinfo=zone_of), zone)
    if isinstance(value, str) and value.strip().lower() in ("now", "today"):
        raise ValueError(f"{value!r} is the time of the build; write the date")
    return dates.parse(value, zone)


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:-2] if len(digits) > 2 else digits), 0
    if len(digits) > 2:
        minutes = int(digits[-2:])
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _quoted(path: Path, line: int) -> bool:
    """Whether the front matter value on ``line`` is in quotes (a string to
    YAML, not a timestamp). Read only for a date with seconds and no offset."""
    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").split("\n")
    except OSError:
        return False
    if not 0 < line <= len(lines) or ":" not in lines[line - 1]:
        return False
    return lines[line - 1].split(":", 1)[1].strip().startswith(("'", '"'))
