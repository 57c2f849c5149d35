"""Pelican 4.12's ``slugify``, and the Python regexes of the site's settings
it runs (docs/profiles/pelican.md, "Slugs")."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

from feedsmith.sites.pelican.spelling import transliterate

DEFAULT_SUBSTITUTIONS = (
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
)


def striptags(text: str) -> str:
    """MarkupSafe's ``striptags``: comments and tags out (an unclosed one
    ends the search), whitespace collapsed, then entities unescaped."""
    parts, position = [], 0
    while (start := text.find("<", position)) != -1:
        closing = "-->" if text.startswith("<!--", start) else ">"
        end = text.find(closing, start + (4 if closing == "-->" else 0))
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + len(closing)
    if position:
        text = "".join(parts) + text[position:]
    return html.unescape(" ".join(text.split()))


def slugify(
    text: str,
    substitutions: Iterable[tuple[str, str]] = DEFAULT_SUBSTITUTIONS,
    *,
    preserve_case: bool = False,
    use_unicode: bool = False,
) -> str:
    """The slug Pelican 4.12 makes of a title (or a file name, a category,
    an author); raises ``Untransliterable`` as :func:`transliterate` does."""
    value = unicodedata.normalize("NFKC", striptags(text))
    if not use_unicode:
        value = transliterate(value)
    for pattern, replacement in substitutions:
        value = regex(unicodedata.normalize("NFKC", pattern)).sub(
            unicodedata.normalize("NFKC", replacement), value
        )
    return (value if preserve_case else value.lower()).strip()


@functools.lru_cache(maxsize=256)
def regex(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A pattern from the site's settings, run as Pelican runs it (Python's
    ``re``); checked when the settings are read."""
    return re.compile(pattern, flags)
