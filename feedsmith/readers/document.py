"""What every reader returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from feedsmith.errors import SourceError, SourceWarning
from feedsmith.model import XML_ILLEGAL, Body, clean_text
from feedsmith.yamltext import MAX_DEPTH

__all__ = ["XML_ILLEGAL", "Document", "clean_meta", "first_xml_illegal", "removed"]
_ASCII_ILLEGAL = bytes(c for c in range(128) if XML_ILLEGAL.match(chr(c)))
_ASCII_ILLEGAL_TO_NUL = bytes.maketrans(_ASCII_ILLEGAL, bytes(len(_ASCII_ILLEGAL)))


def first_xml_illegal(text: str) -> re.Match[str] | None:
    """``XML_ILLEGAL.search(text)``, answered without the regex for clean ASCII.

    Scanning with the regex cost more than parsing a typical article; mapping
    the bytes of ASCII text through a table is several times faster.
    """
    if text.isascii() and b"\0" not in text.encode().translate(_ASCII_ILLEGAL_TO_NUL):
        return None
    return XML_ILLEGAL.search(text)


@dataclass(frozen=True, slots=True)
class Document:
    """A source file split into loose metadata and a body.

    ``lines`` maps each metadata key to the line it came from, so errors
    found later still point at the right place.
    """

    path: Path
    meta: dict[str, Any]
    body: Body
    lines: dict[str, int] = field(default_factory=dict)
    warnings: tuple[SourceWarning, ...] = ()
    digest: str = ""  # of the file's bytes: the cache's key when mtimes lie

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def clean_meta(
    path: Path, meta: dict[str, Any], lines: dict[str, int]
) -> tuple[dict[str, Any], tuple[SourceWarning, ...]]:
    """``meta`` with :func:`feedsmith.model.clean_text` applied to every string
    in it, at any depth, and a warning naming each key that lost characters.

    Escapes (YAML ``"\\x07"``, JSON ``"\\ud800"``, ``&#7;``) decode to
    characters the reader's check of the raw text never saw. Values nested
    more than ``MAX_DEPTH`` levels deep are an error: no field needs them.
    """
    warnings = []
    cleaned = meta
    for key, value in meta.items():
        if value.__class__ is str and value.isprintable():  # most values
            continue
        line = lines.get(key, 1)
        try:
            value, count, first = _clean(value, 0)
        except _TooDeep:
            raise SourceError(
                path, line, f"{key}: nested more than {MAX_DEPTH} levels deep"
            ) from None
        if count:
            cleaned = {**cleaned, key: value}
            message = f"{key}: {removed(count, first)}"
            warnings.append(SourceWarning(path, line, message))
    return cleaned, tuple(warnings)


def removed(count: int, first: str, *, here: bool = False) -> str:
    """What a warning says about the characters it removed (``here``: at the
    line the warning names)."""
    noun = "character" if count == 1 else "characters"
    where = ", here" if here else ""
    return (
        f"removed {count} {noun} a feed cannot carry "
        f"(the first, U+{ord(first):04X}{where})"
    )


class _TooDeep(Exception):
    """A value nests more than ``MAX_DEPTH`` levels deep."""


def _clean(value: Any, depth: int) -> tuple[Any, int, str]:
    if isinstance(value, str):
        return clean_text(value)
    if depth >= MAX_DEPTH:
        raise _TooDeep
    items: list[Any] | dict[Any, Any]
    if isinstance(value, list):
        if all(item.__class__ is str and item.isprintable() for item in value):
            return value, 0, ""  # tags and the like
        parts = [_clean(item, depth + 1) for item in value]
        items = [item for item, _, _ in parts]
    elif isinstance(value, dict):
        parts = [_clean(item, depth + 1) for item in value.values()]
        items = dict(zip(value, (item for item, _, _ in parts), strict=True))
    else:
        return value, 0, ""
    count = sum(part[1] for part in parts)
    first = next((part[2] for part in parts if part[1]), "")
    return (items if count else value), count, first
