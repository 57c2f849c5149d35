"""Readers: one per source format, each turning a file into a :class:`Document`.

A reader only splits a file into loose metadata and a body; it never decides
what a date or a tag means (that is :mod:`feedsmith.metadata`, shared by all
formats). Readers never print: they return a value or raise ``SourceError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from feedsmith.errors import SourceError
from feedsmith.readers import markdown, plaintext
from feedsmith.readers.document import Document

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

READERS: dict[str, Callable[[Path, str], Document]] = {
    ".markdown": markdown.read,
    ".md": markdown.read,
    ".txt": plaintext.read,
}


def read(path: Path) -> Document:
    """Read the source file at ``path`` with the reader for its extension."""
    reader = READERS[path.suffix.lower()]
    return reader(path, _read_text(path))


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read file: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            path,
            line,
            f"byte 0x{data[exc.start]:02x} is not UTF-8; re-save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _reject_illegal_characters(path, text)
    return text


def _reject_illegal_characters(path: Path, text: str) -> None:
    """XML 1.0 cannot carry these characters at all, escaped or not."""
    match = _XML_ILLEGAL.search(text)
    if match:
        raise SourceError(
            path,
            text.count("\n", 0, match.start()) + 1,
            f"character U+{ord(match.group()):04X} cannot appear in a feed; delete it",
        )
