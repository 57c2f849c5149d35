"""Zola's sections: the ``_index.md`` of each folder under ``content/``.

Of a section's front matter only ``draft`` decides which pages Zola lists:
a draft section is skipped whole, with every folder below it. ``render``,
``transparent``, ``sort_by``, ``paginate_by`` and ``page_template`` change
neither a page's URL nor the site feed (``docs/profiles/zola.md``), so they
are not read.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

from feedsmith import yamltext
from feedsmith.errors import ConfigError

_DRAFT_LINE = {
    "+++": re.compile(r"draft\s*="),
    "---": re.compile(r"[\"']?draft[\"']?\s*:"),
}


@dataclass(frozen=True, slots=True)
class Section:
    index: Path  # its _index.md
    draft: bool
    line: int  # the line of ``draft``, 0 when unset


def sections(content: Path) -> list[Section]:
    """Every section below ``content``'s own, in the order of their folders."""
    found = []
    for folder, _, files in sorted(os.walk(content)):
        if "_index.md" in files and Path(folder) != content:
            found.append(_section(Path(folder) / "_index.md"))
    return found


def exclusions(
    content: Path, ignored: list[str], found: list[Section]
) -> tuple[str, ...]:
    """Section pages, ``ignored_content``, and every folder whose section is a
    draft (Zola skips all below it)."""
    lines = ["_index.md", "_index.*.md", *ignored]
    for section in found:
        if section.draft:
            lines.append(f"/{section.index.parent.relative_to(content).as_posix()}/")
    return tuple(lines)


def _section(index: Path) -> Section:
    try:
        lines = index.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{index}: cannot read the section: {exc}") from None
    fence = lines[0].rstrip() if lines else ""
    if fence not in _DRAFT_LINE:
        return Section(index, False, 0)
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() == fence), None)
    header = lines[1:end]
    try:
        meta = (
            tomllib.loads("\n".join(header))
            if fence == "+++"
            else yamltext.load("\n".join(header), aliases=False)
        )
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{index}: cannot read the section: {exc}") from None
    if not isinstance(meta, dict) or "draft" not in meta:
        return Section(index, False, 0)
    return Section(index, meta["draft"] is True, _line_of_draft(header, fence))


def _line_of_draft(header: list[str], fence: str) -> int:
    """The file line of the top-level ``draft`` key (the header starts on
    line 2); the fence's if it cannot be found."""
    for number, line in enumerate(header, 2):
        if fence == "+++" and line.lstrip().startswith("["):
            break  # a table: its keys are not the section's own
        if _DRAFT_LINE[fence].match(line):
            return number
    return 1
