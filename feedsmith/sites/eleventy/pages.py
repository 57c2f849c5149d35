"""``page.url`` and ``page.date`` as Eleventy derives them: permalink
templates (the Liquid expressions feedsmith knows), URLs, dates."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from feedsmith.errors import SourceError
from feedsmith.sites.eleventy.data import js_string, truthy
from feedsmith.sites.eleventy.slugs import slug, slugify

if TYPE_CHECKING:
    from feedsmith.sites.eleventy.rules import Page

# A Liquid output: {{ expression }} or {{- expression -}}.
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_STRFTIME = re.compile(r"%([-_0^#]?)([a-zA-Z%])")
# The first date in a page's path, its date when its data names none.
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
# Luxon's ISO 8601 forms, and YAML timestamps (a space before the time).
_ISO = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"[ \t]*(Z|z|[+-]\d{1,2}(?::?\d{2})?)?)?)?)?"
)
# Dates Eleventy reads from the file system or git when it builds.
_SPECIAL_DATES = ("last modified", "created", "git last modified", "git created")


def render(
    template: str,
    values: Mapping[str, Any],
    data: Mapping[str, Any],
    engine: str,
    own_filters: tuple[str, ...],
    where: tuple[Path, int],
) -> str:
    """A permalink template rendered as Liquid renders the expressions
    feedsmith knows: ``{{ variable | filter: 'argument' }}``."""
    if "{%" in template:
        raise SourceError(
            *where,
            f"permalink: {template!r}: tags ({{% %}}) are code feedsmith does not run",
        )
    if "{{" not in template:
        return template
    if engine not in ("liquid", "njk"):
        raise SourceError(
            *where,
            f"permalink: {template!r} is rendered by {engine!r}; feedsmith renders "
            "Liquid and Nunjucks permalinks only",
        )

    def output(match: re.Match[str]) -> str:
        expression = match.group(1)
        name, *filters = _split_filters(expression)
        value = _variable(name, values, data, where, template)
        for written in filters:
            value = _filter(written, value, engine, own_filters, where, template)
        if isinstance(value, datetime):
            raise SourceError(
                *where, f"permalink: {{{{ {expression} }}}}: a date needs a date filter"
            )
        return "" if value is None else js_string(value)

    return _OUTPUT.sub(output, template)


def _split_filters(expression: str) -> list[str]:
    parts = re.findall(r"""(?:[^|'"]|'[^']*'|"[^"]*")+""", expression)
    return [part.strip() for part in parts]


def _variable(
    name: str,
    values: Mapping[str, Any],
    data: Mapping[str, Any],
    where: tuple[Path, int],
    template: str,
) -> Any:
    """A variable's value: ``title``, ``page.*``, or a plain data value."""
    if name in values:
        return values[name]
    if re.fullmatch(r"[A-Za-z_$][\w$]*", name) and not name.startswith("page"):
        value = data.get(name)
        if value is None or isinstance(value, str | int | float | bool):
            return value
    raise SourceError(
        *where,
        f"permalink: {template!r}: {name!r} is not a value feedsmith knows; it knows "
        "title, page.fileSlug, page.filePathStem, page.date and plain front matter "
        "values",
    )


def _filter(
    written: str,
    value: Any,
    engine: str,
    own_filters: tuple[str, ...],
    where: tuple[Path, int],
    template: str,
) -> Any:
    name, _, argument = written.partition(":" if engine == "liquid" else "(")
    name = name.strip()
    argument = argument.strip().removesuffix(")").strip()
    known = name in ("slugify", "slug") or (name == "date" and engine == "liquid")
    if name in own_filters or not known:
        why = "the config defines it" if name in own_filters else "unknown to feedsmith"
        raise SourceError(
            *where,
            f"permalink: {template!r}: the filter {name!r} is code ({why}); "
            "feedsmith knows slugify, slug and Liquid's date",
        )
    if name == "slugify":
        return slugify("undefined" if value is None else js_string(value))
    if name == "slug":
        return slug("undefined" if value is None else js_string(value))
    format_ = argument[1:-1] if argument[:1] in "'\"" and len(argument) > 1 else ""
    if not isinstance(value, datetime) or not format_:
        raise SourceError(
            *where,
            f"permalink: {template!r}: feedsmith formats page.date with a quoted "
            "strftime format, as in page.date | date: '%Y/%m/%d'",
        )
    return _strftime(value, format_, where, template)


def _strftime(
    moment: datetime, format_: str, where: tuple[Path, int], template: str
) -> str:
    """Liquid's ``date`` filter (strftime, English names, in ``moment``'s zone)."""
    offset = moment.utcoffset() or timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hour12 = moment.hour % 12 or 12
    fields: dict[str, tuple[str, int]] = {
        "Y": (str(moment.year), 4), "y": (str(moment.year % 100), 2),
        "m": (str(moment.month), 2), "d": (str(moment.day), 2),
        "e": (str(moment.day), -2), "H": (str(moment.hour), 2),
        "k": (str(moment.hour), -2), "I": (str(hour12), 2), "l": (str(hour12), -2),
        "M": (str(moment.minute), 2), "S": (str(moment.second), 2),
        "j": (str(moment.timetuple().tm_yday), 3),
        "B": (_MONTHS[moment.month - 1], 0), "b": (_MONTHS[moment.month - 1][:3], 0),
        "A": (_DAYS[moment.weekday()], 0), "a": (_DAYS[moment.weekday()][:3], 0),
        "p": ("PM" if moment.hour >= 12 else "AM", 0),
        "P": ("pm" if moment.hour >= 12 else "am", 0),
        "u": (str(moment.isoweekday()), 0), "w": (str(moment.isoweekday() % 7), 0),
        "z": (f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}", 0),
        "%": ("%", 0),
    }  # fmt: skip

    def field(match: re.Match[str]) -> str:
        flag, letter = match.groups()
        if letter not in fields:
            raise SourceError(
                *where,
                f"permalink: {template!r}: %{letter} is not a format feedsmith knows",
            )
        text, width = fields[letter]
        if flag == "-":
            return text
        if flag == "^":
            return text.upper()
        pad = "0" if width > 0 and flag != "_" else " "
        return text.rjust(abs(width), pad)

    return _STRFTIME.sub(field, format_)


def joined_path(path: str) -> str:
    """Node's ``path.join``: runs of ``/`` become one, ``.`` and ``..`` go."""
    collapsed = re.sub("/{2,}", "/", path)
    if not collapsed:
        return "/"
    normal = posixpath.normpath(collapsed)
    if collapsed.endswith("/") and normal != "/":
        normal += "/"
    return normal


def page_url(link: str) -> str:
    """``page.url`` of a permalink, as Eleventy derives it."""
    if link.endswith("/"):
        link += "index.html"
    path = joined_path(link)
    if not path.startswith("/"):
        path = "/" + path
    for ending in ("/index.html", "/index/", "/index"):
        if path.endswith(ending):
            return path[: len(path) - len(ending)] + "/"
    return path


def page_date(page: Page, from_root: str) -> datetime:
    """The page's date, as Eleventy maps it: the cascade's ``date``, else
    the first YYYY-MM-DD in its path, each in UTC unless it has an offset."""
    value = page.data.get("date")
    where = page.where("date")
    if truthy(value):
        if not isinstance(value, str):
            raise SourceError(*where, f"date: expected a date, got {value!r}")
        if value.lower() in _SPECIAL_DATES:
            what = "git history" if value.lower().startswith("git") else "file times"
            raise SourceError(
                *where,
                f"date: {value!r} is read from {what} when Eleventy builds, which "
                "feedsmith's Eleventy profile does not follow; write the date "
                "(2024-01-05 or 2024-01-05T10:00:00+01:00)",
            )
        try:
            return _iso_date(value)
        except ValueError as exc:
            raise SourceError(*where, f"date: {exc}") from None
    match = _FILE_DATE.search(from_root)
    if match:
        try:
            return _iso_date(match.group(1))
        except ValueError as exc:
            raise SourceError(page.path, 1, f"the date in its path: {exc}") from None
    raise SourceError(
        page.path,
        1,
        "no date: Eleventy dates it by the file's creation time, which a fresh "
        "clone changes; add 'date:' to its front matter, or a YYYY-MM-DD to its name",
    )


def _iso_date(text: str) -> datetime:
    """An ISO 8601 date as Eleventy reads it (Luxon, or YAML's timestamp):
    UTC unless it has an offset."""
    match = _ISO.fullmatch(text.strip())
    if not match:
        raise ValueError(
            f"{text!r} is no ISO date (2024-01-05, or 2024-01-05T10:00:00+01:00)"
        )
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    zone: tzinfo = UTC
    if offset and offset not in ("Z", "z"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours = int(digits[:-2] if len(digits) > 2 else digits)
        minutes = int(digits[-2:]) if len(digits) > 2 else 0
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        moment = datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0),
            int(minute or 0), int(second or 0), micro, tzinfo=zone,
        )  # fmt: skip
    except ValueError as exc:
        raise ValueError(f"{text!r} is no date: {exc}") from None
    return moment.astimezone(UTC)
