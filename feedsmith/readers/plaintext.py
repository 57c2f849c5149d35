"""Plain-text articles in the shape article sites save them.

::

    Title line

    First paragraph, possibly
    over several lines.

    Second paragraph.

    April 7, 2025
    Previous:Some other article
    Next:Yet another one

The date line may also stand right under the title. Navigation lines are
kept as related titles, never as body text.
"""

from __future__ import annotations

import re
from pathlib import Path

from feedsmith.dates import looks_like_date
from feedsmith.errors import SourceError
from feedsmith.model import Body
from feedsmith.readers.document import Document

_NAVIGATION = re.compile(r"^(previous|next)\s*:\s*(.*?)\s*$", re.IGNORECASE)


def read(path: Path, text: str) -> Document:
    """Split a saved plain-text article into title, date, body and navigation."""
    lines = [line.rstrip() for line in text.split("\n")]
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        raise SourceError(path, 1, "empty article: the first line must be its title")
    title_line, title = numbered[0]
    meta: dict[str, object] = {"title": title.strip()}
    key_lines = {"title": title_line}
    rest = numbered[1:]

    related: list[str] = []
    while rest and _NAVIGATION.match(rest[-1][1].strip()):
        related.insert(0, _NAVIGATION.match(rest[-1][1].strip()).group(2))
        rest.pop()
    if related:
        meta["related"] = related

    for position in (-1, 0):
        if rest and looks_like_date(rest[position][1].strip()):
            key_lines["date"], date_text = rest.pop(position)
            meta["date"] = date_text.strip()
            break

    if not rest:
        return Document(path, meta, Body("", "text", title_line + 1), key_lines)
    first, last = rest[0][0], rest[-1][0]
    body = "\n".join(lines[first - 1 : last])
    return Document(path, meta, Body(body, "text", first), key_lines)
