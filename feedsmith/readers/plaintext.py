"""Plain-text articles in the shape article sites save them.

::

    Title line
    An optional subtitle, directly under the title
    By Jane Doe                     (or Author: Jane Doe)
    Tags: mining, history
    Source: https://example.com/original-article

    First paragraph, possibly
    over several lines.

    Second paragraph.

    April 7, 2025
    Previous:Some other article
    Next:Yet another one

Header lines (byline, tags, source, date) may stand under the title or after
the body, in any order. Navigation lines are kept as related titles, never as
body text.
"""

from __future__ import annotations

import re
from pathlib import Path

from feedsmith.dates import looks_like_date
from feedsmith.errors import SourceError
from feedsmith.model import Body
from feedsmith.readers import markdown
from feedsmith.readers.document import Document

# Matched against stripped lines, so nothing trails the value. Possessive
# repeats: a lazy value followed by ``\s*$`` backtracked quadratically on a
# line holding a long run of spaces.
_NAVIGATION = re.compile(r"^(previous|next)\s*+:\s*+(.*)$", re.IGNORECASE)
_FIELDS = {
    "author": re.compile(r"^(?:author\s*+:\s*+|by\s++)(\S.{0,58})$", re.IGNORECASE),
    "tags": re.compile(r"^tags\s*+:\s*+(.+)$", re.IGNORECASE),
    "url": re.compile(r"^source\s*+:\s*+(https?://\S++)$", re.IGNORECASE),
}

Line = tuple[int, str]  # 1-based number, text without surrounding space


def read(path: Path, text: str) -> Document:
    """Split a saved plain-text article into title, fields, body and navigation.

    A file that opens with YAML front matter (a Jekyll ``.txt`` post) is that
    front matter and, after it, a plain-text body.
    """
    fronted = markdown.read_front_matter(path, text, "text")
    if fronted is not None:
        return fronted
    raw = text.split("\n")
    lines = [(n, line.strip()) for n, line in enumerate(raw, start=1)]
    filled = [line for line in lines if line[1]]
    if not filled:
        raise SourceError(path, 1, "empty article: the first line must be its title")
    (title_line, title), rest = filled[0], filled[1:]
    meta: dict[str, object] = {"title": title}
    key_lines = {"title": title_line}

    related: list[str] = []
    while rest and (navigation := _NAVIGATION.match(rest[-1][1])):
        related.insert(0, navigation.group(2))
        rest.pop()
    if related:
        meta["related"] = related
    if rest and rest[0][0] == title_line + 1 and _is_subtitle(rest[0], raw):
        key_lines["summary"], meta["summary"] = rest.pop(0)
    while rest and _take_field(rest[0], meta, key_lines):
        rest.pop(0)
    while rest and _take_field(rest[-1], meta, key_lines):
        rest.pop()

    if not rest:
        return Document(path, meta, Body("", "text", title_line + 1), key_lines)
    first, last = rest[0][0], rest[-1][0]
    body = "\n".join(line.rstrip() for line in raw[first - 1 : last])
    return Document(path, meta, Body(body, "text", first), key_lines)


def _is_subtitle(line: Line, raw: list[str]) -> bool:
    """A line right under the title, followed by a blank or a field line."""
    number, text = line
    after = raw[number].strip() if number < len(raw) else ""
    ends_header = not after or _field_of(after) or looks_like_date(after)
    return bool(ends_header) and not _field_of(text) and not looks_like_date(text)


def _field_of(text: str) -> tuple[str, object] | None:
    for key, pattern in _FIELDS.items():
        match = pattern.match(text)
        if match and not (key == "author" and text[-1] in ".!?"):
            value = match.group(1).strip()
            return key, [
                t.strip() for t in value.split(",")
            ] if key == "tags" else value
    return None


def _take_field(line: Line, meta: dict[str, object], key_lines: dict[str, int]) -> bool:
    number, text = line
    field: tuple[str, object] | None
    field = ("date", text) if "date" not in meta and looks_like_date(text) else None
    field = field or _field_of(text)
    if field is None or field[0] in meta:
        return False
    meta[field[0]], key_lines[field[0]] = field[1], number
    return True
