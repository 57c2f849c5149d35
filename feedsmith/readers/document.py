"""What every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from feedsmith.model import Body


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

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)
