"""The checks behind ``config.yaml``'s keys: one function per kind of value.

Each takes the raw YAML value and returns the clean one, or raises
:class:`Invalid` with a message that says what was expected; the loader adds
the file name and the key.
"""

from __future__ import annotations

import codecs
import re
import string
from collections.abc import Mapping
from datetime import timedelta, timezone, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pathspec
import regex

from feedsmith.model import Author, clean_text
from feedsmith.render import FORMATS

PERMALINK_FIELDS = frozenset({"year", "month", "day", "slug", "section", "categories"})
# Skipped in every source folder, whatever include says: what Jekyll, Hugo
# and editors leave beside the articles. As .gitignore lines: ``\#`` is a
# literal ``#``, where a bare one would start a comment.
DEFAULT_EXCLUDE = (
    ".*",
    "_drafts/",
    "_index.*",
    "README*",
    "*~",
    "*.swp",
    "*.bak",
    "\\#*#",
)
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_COUNTED_REPEAT = re.compile(r"\{(\d{1,9})(?:,(\d{0,9}))?\}")
_MAX_REPEAT_COUNTS = 100_000
# Codecs that are not character sets a file is written in: they raise on
# every file, or turn bytes into text by rules of their own.
_NOT_CHARSETS = frozenset(
    {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape"}
)
# Jekyll's and Hugo's permalink tokens, and feedsmith's placeholder for each.
_JEKYLL_TOKENS = {
    "year": "year", "month": "month", "i_month": "month", "day": "day",
    "i_day": "day", "title": "slug", "slug": "slug", "slugified_categories":
    "categories", "categories": "categories", "section": "section",
}  # fmt: skip
_JEKYLL_TOKEN = re.compile(r":([a-z_]+)")


class Invalid(Exception):
    """A value failed its check; the loader adds file and key. A value made
    of parts (a list of mappings) names each part that failed in ``parts``:
    (``[2].tags``, what is wrong), all of them at once."""

    def __init__(self, message: str = "", parts: tuple[tuple[str, str], ...] = ()):
        super().__init__(message)
        self.parts = parts


def shown(value: object) -> str:
    """``repr(value)`` cut short: a message names a value, it need not hold it."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def plain_text(value: object) -> str:
    """Text for a feed: the config's strings pass the same boundary as
    front matter's, but the owner's own file gets an error, not a repair."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid(f"expected text, got {shown(value)}")
    text = str(value).strip()
    if not text:
        raise Invalid("must not be empty")
    first = clean_text(text).first
    if first:
        raise Invalid(
            f"character U+{ord(first):04X} cannot appear in a feed; remove it "
            "(or its escape)"
        )
    return text


def url(value: object) -> str:
    """A base for links: absolute, and nothing every link would repeat."""
    text = _absolute(value, "every link in every feed would publish it")
    if "?" in text or "#" in text:
        raise Invalid(
            f"must not hold a query (?) or fragment (#), got {text!r}: every "
            "link would be built after it"
        )
    return text if text.endswith("/") else text + "/"


def hub(value: object) -> str:
    """A WebSub hub's URL, kept as written: every feed names it and the
    build posts to it."""
    return _absolute(value, "every feed would publish it")


def _absolute(value: object, published: str) -> str:
    """An absolute http(s) URL with no spaces and no password, which
    ``published`` says would leak."""
    text = plain_text(value)
    try:
        parts = urlsplit(text)
    except ValueError:  # such as https://[x, which urllib refuses
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"must be an absolute http(s) URL, got {text!r}")
    if "@" in parts.netloc:
        raise Invalid(
            f"must not hold a user name or password (user:secret@): {published}"
        )
    if any(c.isspace() for c in text):
        raise Invalid(f"must not contain spaces, got {text!r}; write them as %20")
    return text


def author(value: object) -> Author:
    if isinstance(value, str):
        return Author(plain_text(value))
    if isinstance(value, dict) and set(value) <= {"name", "email"} and "name" in value:
        email = value.get("email")
        return Author(plain_text(value["name"]), plain_text(email) if email else None)
    raise Invalid(f"expected a name or {{name: ..., email: ...}}, got {shown(value)}")


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
        raise Invalid(
            f"expected a mapping such as {{EST: '-05:00'}}, got {shown(value)}"
        )
    zones: dict[str, tzinfo] = {}
    for name, zone in value.items():
        offset = _OFFSET.match(str(zone))
        if offset:
            sign = -1 if offset.group(1) == "-" else 1
            hours, minutes = int(offset.group(2)), int(offset.group(3))
            if hours > 23 or minutes > 59:
                raise Invalid(
                    f"{name}: offset {zone!r} is out of range; "
                    "offsets run from -23:59 to +23:59"
                )
            delta = timedelta(hours=hours, minutes=minutes)
            zones[str(name)] = timezone(sign * delta, str(name))
        else:
            zones[str(name)] = time_zone(zone)
    return zones


def permalink(value: object) -> str:
    text = plain_text(value)
    try:
        parsed = [p for p in string.Formatter().parse(text) if p[1] is not None]
    except ValueError as exc:
        raise Invalid(f"malformed pattern {text!r}: {exc}") from None
    known = ", ".join("{" + f + "}" for f in sorted(PERMALINK_FIELDS))
    for _, field, spec, conversion in parsed:
        if field not in PERMALINK_FIELDS:
            raise Invalid(f"unknown placeholder {{{field}}}; use {known}")
        if spec or conversion:
            raise Invalid(
                f"placeholders take no format or conversion, got "
                f"{{{field}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}}; write {{{field}}}"
            )
    if "slug" not in {field for _, field, _, _ in parsed}:
        raise Invalid(
            "must contain {slug} so that every article gets its own link"
            + _jekyll_hint(text)
        )
    return text


def _jekyll_hint(text: str) -> str:
    """For ``/:year/:title/``: the same pattern in feedsmith's placeholders."""
    tokens = _JEKYLL_TOKEN.findall(text)
    if not tokens or any(token not in _JEKYLL_TOKENS for token in tokens):
        return ""
    translated = _JEKYLL_TOKEN.sub(lambda m: "{" + _JEKYLL_TOKENS[m[1]] + "}", text)
    return f"; Jekyll's :tokens are written {{name}} here: {translated}"


def text_list(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise Invalid(f"expected a name or a list of names, got {shown(value)}")
    for item in items:
        first = clean_text(item).first
        if first:  # U+0000 is in no file name; the others are no one's either
            raise Invalid(f"character U+{ord(first):04X} in {shown(item)}; remove it")
    return tuple(items)


def patterns(value: object) -> tuple[str, ...]:
    """``.gitignore`` lines, each one that git would use: a line git drops (a
    comment, a blank, a broken ``[``) would look like a rule and silently
    match nothing."""
    lines = text_list(value)
    for line in lines:
        _gitignore_line(line)
    return lines


def excluded(value: object) -> tuple[str, ...]:
    """The user's ``exclude`` lines after ``DEFAULT_EXCLUDE``, which always apply."""
    return DEFAULT_EXCLUDE + patterns(value)


def encoding(value: object) -> str:
    name = text_encoding(plain_text(value))
    if name is None:
        raise Invalid(f"unknown encoding {shown(value)}; for example utf-8, cp1252")
    return name


def _gitignore_line(line: str) -> None:
    try:
        spec = pathspec.GitIgnoreSpec.from_lines([line])
    except re.error as exc:
        raise Invalid(f"not a valid pattern {line!r}: {exc.msg}") from None
    except ValueError:
        raise Invalid(
            f"not a valid pattern {line!r}: a \\ at the end escapes nothing"
            if line.endswith("\\")
            else f"not a valid pattern {line!r}"
        ) from None
    if spec.patterns[0].include is not None:
        return
    if line.startswith("#"):
        why = "git reads a line starting with # as a comment; write \\# for a #"
    elif not line.strip():
        why = "it is blank"
    else:
        why = "git drops it (an unclosed [? write \\[ for a [)"
    raise Invalid(f"pattern {line!r} matches nothing: {why}")


def text_encoding(name: str) -> str | None:
    """The codec's name if ``name`` is a character set text files are written
    in; None for unknown names and for codecs such as base64 or undefined."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def pattern(value: object) -> regex.Pattern[str]:
    """A regular expression compiled by ``regex``, whose matches take a time
    limit: a pattern such as ``(a|a)+$`` may backtrack without end, and Python's
    ``re`` cannot be stopped. ``regex`` unrolls counted repeats, so the counts
    in one pattern are bounded to keep compiling it short too.
    """
    plain_text(value)
    text = str(value)  # unstripped: leading spaces can matter in a pattern
    counts = 1
    for low, high in _COUNTED_REPEAT.findall(text):
        counts *= max(int(low), int(high or 0), 1)
        if counts > _MAX_REPEAT_COUNTS:
            raise Invalid(
                f"repeat counts such as {{{low}}} multiply to over "
                f"{_MAX_REPEAT_COUNTS:,} in {text!r}; use + or * instead"
            )
    try:
        return regex.compile(text)
    except regex.error as exc:
        raise Invalid(f"not a valid regular expression {text!r}: {exc}") from None


def cache(value: object) -> str | bool:
    if value is False:
        return False
    return plain_text(value)


def formats(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise Invalid(
            f"expected a list such as [{', '.join(FORMATS)}], got {shown(value)}"
        )
    for item in items:
        if not isinstance(item, str) or item not in FORMATS:
            raise Invalid(
                f"unknown format {shown(item)}; choose from {', '.join(FORMATS)}"
            )
    return tuple(dict.fromkeys(items))


def limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"expected a positive whole number, got {shown(value)}")
    return value


def count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(f"expected a whole number, 0 or more, got {shown(value)}")
    return value


SMALLEST_BUDGET = 4096  # bytes: a feed's channel and a few items' summaries


def size_budget(value: object) -> int:
    """``feeds.max_bytes``: 0 (no budget) or bytes; a few hundred is a slip
    for kilobytes, which would leave every feed with one item."""
    size = count(value)
    if 0 < size < SMALLEST_BUDGET:
        raise Invalid(
            f"expected 0 (no budget) or a size in bytes of at least "
            f"{SMALLEST_BUDGET}, got {size} (for {size} KiB write {size * 1024})"
        )
    return size


def content(value: object) -> str:
    if value not in ("full", "summary"):
        raise Invalid(f"expected full or summary, got {shown(value)}")
    return str(value)


def unknown_tags(value: object) -> str:
    if value not in ("warn", "error", "keep"):
        raise Invalid(f"expected warn, error or keep, got {shown(value)}")
    return str(value)


def stylesheet(value: object) -> str:
    """``true`` (both), ``css`` (no XSLT) or ``false``, as the one word
    the rest of feedsmith reads: "both", "css" or "none"."""
    if value is True:
        return "both"
    if value is False:
        return "none"
    if value == "css":
        return "css"
    raise Invalid(f"expected true, css or false, got {shown(value)}")


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {shown(value)}")
    return value
