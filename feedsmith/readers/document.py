"""What every reader returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from feedsmith.errors import SourceWarning
from feedsmith.model import Body

# Characters XML 1.0 cannot carry at all, escaped or not.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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
