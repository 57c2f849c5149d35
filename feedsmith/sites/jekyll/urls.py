"""Jekyll's URLs: permalink styles and tokens, each token's value for a
post, the escaping Jekyll applies to them, and jekyll-feed's ids (which
Addressable normalises otherwise than the page's name on disk)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote, unquote, urlsplit

from feedsmith.sites.jekyll.slugs import slugify

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
TOKENS = frozenset({
    "collection", "path", "name", "title", "slug", "categories",
    "slugified_categories", "year", "month", "day", "hour", "minute", "second",
    "i_day", "i_month", "short_month", "long_month", "short_year", "y_day",
    "w_year", "week", "w_day", "short_day", "long_day", "output_ext",
})  # fmt: skip
_TOKEN = re.compile(r":([a-z_]+)")
_PLAIN_PATH = re.compile(r"[a-zA-Z0-9./-]+")
# What Jekyll leaves unescaped in a token's value (Addressable's encoding of
# a path and a query; every "#" is escaped).
PATH_SAFE = "_.-~!$&'()*+,;=:@/?"
_PCHAR_SAFE = "!$&'()*+,;=:@"  # what Addressable leaves in a path segment
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def escape_path(value: str) -> str:
    """A token's value as Jekyll puts it into a URL."""
    if not value or _PLAIN_PATH.fullmatch(value):
        return value
    return quote(value, safe=PATH_SAFE)


def expand(template: str, values: Mapping[str, str]) -> str:
    """A permalink template with its ``:tokens`` replaced, cleaned as Jekyll
    cleans a URL. Raises ``KeyError`` naming an unknown token."""

    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return escape_path(values[name])
        if name.endswith("_") and name[:-1] in values:  # :year_ is :year, then _
            return escape_path(values[name[:-1]]) + "_"
        raise KeyError(name)

    url = ("/" + _TOKEN.sub(token, template)).replace("..", "/").replace("./", "")
    return re.sub("/{2,}", "/", url)


def tokens_of(template: str) -> list[str]:
    """The tokens of ``template`` Jekyll does not know."""
    unknown = []
    for name in _TOKEN.findall(template):
        if name not in TOKENS and not (name.endswith("_") and name[:-1] in TOKENS):
            unknown.append(name)
    return unknown


def known_tokens() -> str:
    return ", ".join(f":{token}" for token in sorted(TOKENS))


def url_values(
    relative: str,
    suffix: str,
    output_ext: str,
    slug: str,
    moment: datetime,
    categories: list[str],
) -> dict[str, str]:
    """The value of each token for the post at ``relative`` (to the site
    folder), its slug source, date (in the site's zone) and categories."""
    iso = moment.isocalendar()
    month, day = _MONTHS[moment.month - 1], _DAYS[iso.weekday - 1]
    return {
        "collection": "posts",
        "path": relative[: -len(suffix)].replace("_posts", "", 1).rstrip("."),
        "name": slugify(relative.rsplit("/", 1)[-1][: -len(suffix)]),
        "title": slugify(slug, "pretty", cased=True),
        "slug": slugify(slug),
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": "/".join(dict.fromkeys(map(slugify, categories))),
        "year": f"{moment.year:04d}",
        "month": f"{moment.month:02d}",
        "day": f"{moment.day:02d}",
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "second": f"{moment.second:02d}",
        "i_day": str(moment.day),
        "i_month": str(moment.month),
        "short_month": month[:3],
        "long_month": month,
        "short_year": f"{moment.year % 100:02d}",
        "y_day": f"{moment.timetuple().tm_yday:03d}",
        "w_year": f"{iso.year:04d}",
        "week": f"{iso.week:02d}",
        "w_day": str(iso.weekday),
        "short_day": day[:3],
        "long_day": day,
        "output_ext": output_ext,
    }


def feed_id(base: str, post_id: str) -> str:
    """``base + post_id`` as jekyll-feed writes an id: Addressable's
    normalisation, which decodes, applies NFKC and percent-encodes again."""
    parts = urlsplit(base)
    head = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    path, mark, rest = (parts.path + post_id).partition("?")
    if not mark:
        path, mark, rest = path.partition("#")
    segments = [
        quote(unicodedata.normalize("NFKC", unquote(segment)), safe=_PCHAR_SAFE)
        for segment in path.split("/")
    ]
    tail = quote(unicodedata.normalize("NFKC", unquote(rest)), safe=_PCHAR_SAFE + "/?#")
    mark = mark if tail else ""  # an empty query or fragment is dropped
    return head + "/".join(_without_dot_segments(segments)) + mark + tail


def _without_dot_segments(segments: list[str]) -> list[str]:
    kept: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                kept.append("")
        elif segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return kept


def ruby_dirname(url: str) -> str:
    """Ruby's ``File.dirname`` of a URL, the folder of jekyll-feed's id."""
    stripped = url.rstrip("/")
    if "/" not in stripped:
        return "/" if url.startswith("/") else "."
    return stripped.rsplit("/", 1)[0].rstrip("/") or "/"
