"""Readers: one per source format, each turning a file into a :class:`Document`.

A reader only splits a file into loose metadata and a body; it never decides
what a date or a tag means (that is :mod:`feedsmith.pipeline.metadata`, shared by all
formats). Readers never print: they return a value or raise ``SourceError``.
Decoding is shared, so every format accepts the same encodings.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from feedsmith.errors import SkippedSource, SourceError, SourceWarning
from feedsmith.files import broken_link, digest, not_a_file
from feedsmith.model import clean_text
from feedsmith.readers import html, markdown, mdx, plaintext
from feedsmith.readers.document import Document, first_xml_illegal, removed


@dataclass(frozen=True, slots=True)
class Reader:
    read: Callable[[Path, str], Document]
    # Finds an encoding the file declares inside itself, as HTML pages do.
    declared_encoding: Callable[[bytes], str | None] | None = None


def _rst(path: Path, text: str) -> Document:
    """docutils is imported by sites that have reStructuredText articles:
    it would add a third to every run's start."""
    from feedsmith.readers import rst

    return rst.read(path, text)


_HTML = Reader(html.read, html.declared_encoding)
_MARKDOWN = Reader(markdown.read)
READERS: dict[str, Reader] = {
    ".htm": _HTML,
    ".html": _HTML,
    ".markdown": _MARKDOWN,
    ".md": _MARKDOWN,
    ".mdown": _MARKDOWN,
    ".mdx": Reader(mdx.read),
    ".mkd": _MARKDOWN,
    ".rst": Reader(_rst),
    ".txt": Reader(plaintext.read),
}

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read(path: Path, encoding: str = "utf-8", max_bytes: int = 10_000_000) -> Document:
    """Read the source file at ``path`` with the reader for its extension.

    ``encoding`` applies to files with neither a byte-order mark nor an
    encoding declared inside them. Characters XML cannot carry are removed,
    with a warning naming the first one's line. Files that hold no article
    (not a regular file, empty, larger than ``max_bytes``, binary) raise
    ``SkippedSource``; the size is checked before anything is read.
    """
    reader = READERS[path.suffix.lower()]
    _check_name(path)
    data = read_bytes(path, max_bytes)
    text = _decode(path, data, reader, encoding)
    match = first_xml_illegal(text)
    if match is None:
        return _with_digest(reader.read(path, text), digest(data))
    line = text.count("\n", 0, match.start()) + 1
    cleaned = clean_text(text)
    message = removed(cleaned.removed, cleaned.first, here=True)
    warning = SourceWarning(path, line, message)
    document = reader.read(path, cleaned.text)
    return _with_digest(document, digest(data), (warning,))


def _with_digest(
    document: Document, data_digest: str, warnings: tuple[SourceWarning, ...] = ()
) -> Document:
    """``document`` with its digest and more warnings; cheaper than ``replace``."""
    return Document(
        document.path,
        document.meta,
        document.body,
        document.lines,
        (*document.warnings, *warnings),
        data_digest,
    )


def _check_name(path: Path) -> None:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise SourceError(
            path, 0, "the file name is not valid UTF-8; rename the file"
        ) from None


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


def read_bytes(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the source file at ``path``, or ``SkippedSource`` when it
    holds no article (not a regular file, over ``max_bytes``, empty, binary).

    Opened non-blocking and checked on the descriptor: a FIFO with no writer
    would otherwise block the build forever, and a check by name could look
    at another file than the one opened.
    """
    try:
        # A descriptor, not a file object: at 100,000 files the object alone
        # cost more than the reading.
        descriptor = os.open(path, _OPEN_FLAGS)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise SkippedSource(Path(path), 0, not_a_file(status.st_mode))
            if status.st_size > max_bytes:
                raise SkippedSource(
                    Path(path),
                    0,
                    f"{status.st_size} bytes, over sources.max_bytes ({max_bytes})",
                )
            data = _read_all(descriptor, status.st_size, max_bytes)
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise _unreadable(Path(path), exc) from None
    if len(data) > max_bytes:  # grew after it was measured
        raise SkippedSource(Path(path), 0, f"over sources.max_bytes ({max_bytes})")
    if not data or data.isspace():  # strip() would copy the whole file
        raise SkippedSource(Path(path), 0, "empty file")
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        raise SkippedSource(
            Path(path),
            data.count(b"\n", 0, data.index(b"\x00")) + 1,
            "binary file (holds NUL bytes)",
        )
    return data


def _undecodable(path: Path, exc: UnicodeDecodeError) -> SourceError:
    """Where decoding failed, in lines and characters of the text before it.

    Counted on ``exc.object``, the bytes the decoder saw (for ``utf-8-sig``
    the file without its byte-order mark), in lines as the readers count them.
    """
    data, start = exc.object, exc.start
    before = data[:start].decode(exc.encoding)  # decodes: the error is after
    before = before.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    line_start = before.rfind("\n") + 1
    name = codecs.lookup(exc.encoding).name.removesuffix("-sig")
    return SourceError(
        path,
        before.count("\n") + 1,
        f"{_bytes(data[start : exc.end])} not valid {name}; re-save the file as "
        "UTF-8 (or set sources.encoding)",
        len(before) - line_start + 1,
    )


def _bytes(data: bytes) -> str:
    shown = " ".join(f"0x{byte:02x}" for byte in data[:4])
    return f"bytes {shown} are" if len(data) > 1 else f"byte {shown} is"


def _unreadable(path: Path, exc: OSError) -> SourceError:
    """The error for a source that cannot be opened or read: a link that
    leads nowhere holds no article and is skipped; anything else may hide one."""
    link = broken_link(path, exc.errno)
    if link is not None:
        return SkippedSource(path, 0, link)
    if isinstance(exc, FileNotFoundError):
        return SourceError(path, 0, "the file vanished while feedsmith ran")
    advice = (
        "; let feedsmith read it (chmod a+r) or exclude it in sources.exclude"
        if isinstance(exc, PermissionError)
        else ""
    )
    return SourceError(path, 0, f"cannot read file: {exc.strerror}{advice}")


def _read_all(descriptor: int, size: int, max_bytes: int) -> bytes:
    """The file to its end: one read of the size it had, then more until end
    of file, stopping once past ``max_bytes`` (it grew meanwhile). Sized by
    the file, not the cap: a buffer of ``max_bytes`` a file dominated cold
    builds."""
    data = os.read(descriptor, size + 1)
    while len(data) <= max_bytes:
        more = os.read(descriptor, 1 << 16)
        if not more:
            break
        data += more
    return data


def _decode(path: Path, data: bytes, reader: Reader, fallback: str) -> str:
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and reader.declared_encoding:
        encoding = reader.declared_encoding(data)
    encoding = encoding or fallback
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _undecodable(path, exc) from None
    text = text.removeprefix("\ufeff")
    if "\r" not in text:  # replace() searching for "\r\n" costs more than this test
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
