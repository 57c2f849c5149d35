"""One way to turn any date a source may hold into an aware datetime.

PyYAML and TOML hand us ``date``, naive or aware ``datetime`` or ``str``;
plain-text articles hand us strings like ``Tuesday, 9 January 2024``. Every
one goes through :func:`parse` so that all formats share the same rules: an
explicit offset wins, otherwise the site's zone applies, and a date missing
its year, month or day is rejected instead of being completed from today.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil import parser as dateutil_parser

# Two defaults that differ in every field: a component the text lacks shows up
# as a difference between the two parses.
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)
_MIN_YEAR, _MAX_YEAR = 1000, 2200
# Longer than any date written out in words, with time and zone; a longer
# value is refused before any pattern or dateutil reads it.
_MAX_LENGTH = 200
_MINUTE = timedelta(minutes=1)  # RFC 3339 and RFC 822 offsets are whole minutes
# Day and month in either order (01/02/03, 3.4.2024): no reading is safe.
_AMBIGUOUS = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_MONTHS = {
    name.lower(): number
    for number, names in enumerate(dateutil_parser.parserinfo.MONTHS, start=1)
    for name in names
}
_WEEKDAY = "|".join(
    name for names in dateutil_parser.parserinfo.WEEKDAYS for name in names
)
_DAY = r"(?P<day>0?[1-9]|[12][0-9]|3[01])"
_MONTH = f"(?P<month>{'|'.join(_MONTHS)})"
_YEAR = r"(?P<year>[12][0-9]{3})"
# April 7, 2025 and Tuesday, 9 January 2024: what saved articles hold.
_NAMED_MONTH_DATES = tuple(
    re.compile(f"(?:(?:{_WEEKDAY}),? )?{date},? {_YEAR}", re.IGNORECASE | re.ASCII)
    for date in (f"{_MONTH} {_DAY}", f"{_DAY} {_MONTH}")
)
_DATE_LINE = re.compile(
    r"^\d{4}-\d{2}-\d{2}|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


def parse(
    value: object, tz: tzinfo, zones: Mapping[str, tzinfo] | None = None
) -> datetime:
    """Return ``value`` as a timezone-aware datetime, whole seconds.

    ``zones`` maps the zone abbreviations a site uses (``EST``) to zones;
    any other abbreviation is an error, as abbreviations are ambiguous.
    Raises ``ValueError`` with a message fit for the user when ``value`` is
    not a complete, unambiguous date between the years 1000 and 2200, with
    an offset, if any, of whole minutes under a day.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        moment = _parse_text(value.strip(), zones or {})
    else:
        raise ValueError(f"expected a date, got {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
        offset = moment.utcoffset()
        if offset is not None and offset % _MINUTE:  # local mean time, before ~1900
            moment = moment.astimezone(UTC)  # the same moment, in a form feeds hold
    else:
        _check_offset(moment, value)
    if not _MIN_YEAR <= moment.year <= _MAX_YEAR:
        raise ValueError(f"year {moment.year} is out of range, got {value!r}")
    # replace() makes a new datetime, once per date read: only when needed.
    return moment.replace(microsecond=0) if moment.microsecond else moment


def _check_offset(moment: datetime, value: object) -> None:
    """Refuse what dateutil accepts but datetime or a feed cannot hold.

    dateutil reads ``+24:00`` or ``GMT-99`` into a zone whose every use
    raises later; an offset with seconds has no RFC 3339 or RFC 822 form.
    """
    try:
        offset = moment.utcoffset()
    except ValueError:
        raise ValueError(
            f"offset out of range in {value!r}; write one from -23:59 to +23:59"
        ) from None
    if offset is not None and offset % _MINUTE:
        raise ValueError(f"offset with seconds in {value!r}; write it as +HH:MM")


def _parse_text(text: str, zones: Mapping[str, tzinfo]) -> datetime:
    if not text:
        raise ValueError("expected a date, got an empty value")
    if len(text) > _MAX_LENGTH:
        raise ValueError(
            f"not a date: {len(text)} characters, more than any date has; "
            "write it as YYYY-MM-DD"
        )
    if _AMBIGUOUS.match(text):
        raise ValueError(f"ambiguous date {text!r}: write it as YYYY-MM-DD")
    try:
        return datetime.fromisoformat(
            text.replace(" ", "T", 1) if _iso_like(text) else text
        )
    except ValueError:
        pass
    named = _named_month_date(text)
    return named if named is not None else _parse_loosely(text, zones)


def _named_month_date(text: str) -> datetime | None:
    """The date in ``April 7, 2025``, as dateutil reads it but many times faster.

    None for any other text and for days the month lacks (February 30),
    which :func:`_parse_loosely` refuses with its own message.
    """
    for pattern in _NAMED_MONTH_DATES:
        match = pattern.fullmatch(text)
        if match:
            year, day = int(match["year"]), int(match["day"])
            try:
                return datetime(year, _MONTHS[match["month"].lower()], day)
            except ValueError:
                return None
    return None


def _parse_loosely(text: str, zones: Mapping[str, tzinfo]) -> datetime:
    """Any date dateutil reads, if it gives year, month and day."""
    first = _parse_with(text, _DEFAULT_A, zones)
    second = _parse_with(text, _DEFAULT_B, zones)
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        raise ValueError(f"incomplete date {text!r}: give year, month and day")
    return first


def _iso_like(text: str) -> bool:
    return len(text) > 10 and text[4] == "-" and text[10] == " "


def _parse_with(text: str, default: datetime, zones: Mapping[str, tzinfo]) -> datetime:
    with warnings.catch_warnings():
        warnings.simplefilter("error", dateutil_parser.UnknownTimezoneWarning)
        try:
            return dateutil_parser.parse(text, default=default, tzinfos=dict(zones))
        except dateutil_parser.UnknownTimezoneWarning:
            raise ValueError(
                f"unknown time zone in {text!r}: write an offset such as +01:00, "
                "or map the abbreviation in site.zones"
            ) from None
        except (ValueError, ArithmeticError) as exc:  # Overflow, decimal errors
            raise ValueError(f"not a date: {text!r}") from exc


def looks_like_date(text: str) -> bool:
    """True when a whole line is a complete date, as in saved articles.

    Only ISO dates and dates naming a month count, so that a body line such
    as ``1 2 3`` is never mistaken for one.
    """
    if not 6 <= len(text) <= 40 or not _DATE_LINE.search(text):
        return False
    try:
        _parse_text(text, {})
    except ValueError:
        return False
    return True
