"""Readers: one per source format, each turning a file into a :class:`Document`.

A reader only splits a file into loose metadata and a body; it never decides
what a date or a tag means (that is :mod:`feedsmith.metadata`, shared by all
formats). Readers never print: they return a value or raise ``SourceError``.
Decoding is shared, so every format accepts the same encodings.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from feedsmith.errors import SourceError
from feedsmith.readers import html, markdown, plaintext
from feedsmith.readers.document import XML_ILLEGAL, Document


@dataclass(frozen=True, slots=True)
class Reader:
    read: Callable[[Path, str], Document]
    # Finds an encoding the file declares inside itself, as HTML pages do.
    declared_encoding: Callable[[bytes], str | None] | None = None


_HTML = Reader(html.read, html.declared_encoding)
READERS: dict[str, Reader] = {
    ".htm": _HTML,
    ".html": _HTML,
    ".markdown": Reader(markdown.read),
    ".md": Reader(markdown.read),
    ".txt": Reader(plaintext.read),
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read(path: Path, encoding: str = "utf-8") -> Document:
    """Read the source file at ``path`` with the reader for its extension.

    ``encoding`` applies to files with neither a byte-order mark nor an
    encoding declared inside them.
    """
    reader = READERS[path.suffix.lower()]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read file: {exc.strerror}") from exc
    return reader.read(path, _decode(path, data, reader, encoding))


def _decode(path: Path, data: bytes, reader: Reader, fallback: str) -> str:
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and reader.declared_encoding:
        encoding = reader.declared_encoding(data)
    encoding = encoding or fallback
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            path,
            line,
            f"byte 0x{data[exc.start]:02x} is not valid "
            f"{codecs.lookup(encoding).name}; re-save the file as UTF-8 "
            "(or set sources.encoding)",
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    _reject_illegal_characters(path, text)
    return text


def _reject_illegal_characters(path: Path, text: str) -> None:
    """XML 1.0 cannot carry these characters at all, escaped or not."""
    match = XML_ILLEGAL.search(text)
    if match:
        raise SourceError(
            path,
            text.count("\n", 0, match.start()) + 1,
            f"character U+{ord(match.group()):04X} cannot appear in a feed; delete it",
        )
