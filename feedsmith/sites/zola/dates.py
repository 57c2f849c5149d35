"""Zola's dates: a front matter ``date``/``updated`` and the date a file or
bundle folder name starts with, read as Zola 0.19-0.21 reads them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from feedsmith import dates

# A file or bundle folder name that starts with a date, or an RFC 3339 date
# and time with its offset, then optionally (a space,) ``_`` or ``-`` and
# the rest, which is the slug. ``\d`` and ``\s`` are Unicode, as in Zola.
DATED_NAME = re.compile(
    r"(?P<date>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?)"
    r"(?:\s?[_-](?P<rest>.+)\Z)?"
)
# A date string as TOML writes one, then the looser YAML 1.1 timestamp.
_TOML_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)
_YAML_DATE = re.compile(
    r'"?(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d{2}):(\d{2})'
    r'(\.\d{0,9})?[ \t]*(Z|[-+]\d\d?(?::\d\d)?)?)?"?',
    re.ASCII,
)


def zola_date(value: object, zone: tzinfo = UTC) -> datetime:
    """A front matter (or file name) date as Zola reads it: a TOML date or
    date and time, or a string in TOML's or YAML's forms; ``zone`` for one
    without an offset (Zola: UTC). Raises ``ValueError``."""
    if isinstance(value, str):
        match = _TOML_DATE.fullmatch(value) or _YAML_DATE.fullmatch(value)
        if match is None:
            raise ValueError(
                f"not a date Zola reads: {value!r}; write YYYY-MM-DD or an "
                "RFC 3339 date and time (2024-03-05T10:00:00+01:00)"
            )
        value = _moment(match, value)
    elif not isinstance(value, date):  # a datetime is a date too
        raise ValueError(f"expected a date, got {value!r}")
    return dates.parse(value, zone)


def _moment(match: re.Match[str], text: str) -> datetime:
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    zone: tzinfo | None = None
    try:
        if offset in ("Z", "z"):
            zone = UTC
        elif offset:
            hours, _, minutes = offset[1:].partition(":")
            shift = timedelta(hours=int(hours), minutes=int(minutes or 0))
            zone = timezone(-shift if offset[0] == "-" else shift)
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0),
            int(second or 0), int(float(fraction or "0") * 1_000_000), zone,
        )  # fmt: skip
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r} ({exc})") from None
