"""Markdown files and every front matter convention their writers use.

- YAML between ``---`` lines (Jekyll, Hugo), ending ``---`` or ``...``;
- TOML between ``+++`` lines (Hugo);
- a JSON object at the very top (Hugo);
- Pelican's ``Key: value`` header lines up to the first blank line.

With no title in the front matter, a leading ``# Heading`` is the title.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from feedsmith import yamltext
from feedsmith.errors import SourceError
from feedsmith.model import Body
from feedsmith.readers.document import Document

MORE = "<!--more-->"
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_TOP_LEVEL_KEY = re.compile(r'^\s{0,2}"?([A-Za-z_][\w-]*)"?\s*[:=]')
_PELICAN_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")
_PELICAN_LISTS = ("tags", "category", "authors")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


# Lines split off the top of a file to find its front matter in. The body is
# split into lines only when the front matter runs past them, as splitting a
# whole file cost more than reading its front matter.
_HEAD_LINES = 16


class _PastHead(Exception):
    """The front matter runs past the lines split off the top of the file."""


def read(path: Path, text: str) -> Document:
    """Split a Markdown file into front matter and body."""
    head = text.split("\n", _HEAD_LINES)
    if len(head) > _HEAD_LINES:
        try:
            return _split(path, text, head[:-1], head[-1])
        except _PastHead:
            pass
    return _split(path, text, text.split("\n"), None)


def _split(path: Path, text: str, lines: list[str], rest: str | None) -> Document:
    """Split ``text`` whose first ``lines`` are split off, followed by ``rest``.

    ``rest`` is None when ``lines`` hold all of ``text``; otherwise whatever
    needs a line after them raises ``_PastHead``.
    """
    complete = rest is None
    if lines[0].rstrip() in _FENCES:
        meta, body_start = _fenced(path, lines, complete)
    elif text.startswith("{"):
        meta, body_start = _json(path, text)
        if body_start > len(lines):
            raise _PastHead
    else:
        meta, body_start = _pelican(lines, complete)
    key_lines = _key_lines(lines[:body_start])
    if "title" not in meta:
        body_start += _take_heading(
            lines[body_start:], meta, key_lines, body_start, complete
        )
    body_lines = lines[body_start:] if complete else [*lines[body_start:], rest]
    body_text = "\n".join(body_lines)
    separator = meta.get("excerpt_separator")
    if not isinstance(separator, str) or separator not in body_text:
        separator = MORE if MORE in body_text else None
    return Document(
        path, meta, Body(body_text, "markdown", body_start + 1, separator), key_lines
    )


def _fenced(path: Path, lines: list[str], complete: bool) -> tuple[dict[str, Any], int]:
    opening = lines[0].rstrip()
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCES[opening]),
        None,
    )
    if closing is None and not complete:
        raise _PastHead
    if closing is None:
        raise SourceError(
            path,
            1,
            f"front matter opened with {opening} is never closed; "
            f"add a line {_FENCES[opening][0]} after it",
        )
    header = "\n".join(lines[1:closing])
    meta = _parse_yaml(path, header) if opening == "---" else _parse_toml(path, header)
    return meta, closing + 1


def _json(path: Path, text: str) -> tuple[dict[str, Any], int]:
    try:
        meta, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            path, exc.lineno, f"invalid JSON front matter: {exc.msg}"
        ) from None
    return _as_mapping(path, meta), text.count("\n", 0, end) + 1


def _pelican(lines: list[str], complete: bool) -> tuple[dict[str, Any], int]:
    """Pelican's header: ``Key: value`` lines up to a blank line, with a title."""
    end = next((i for i, line in enumerate(lines) if not line.strip()), None)
    if end is None and not complete:
        raise _PastHead
    if end is None:
        end = len(lines)
    meta: dict[str, Any] = {}
    for line in lines[:end]:
        match = _PELICAN_LINE.match(line)
        if not match:
            return {}, 0
        key, value = match.group(1).lower(), match.group(2).strip()
        meta[key] = (
            [v.strip() for v in value.split(",")] if key in _PELICAN_LISTS else value
        )
    if "title" not in meta:
        return {}, 0
    if meta.pop("status", "published").lower() in ("draft", "hidden"):
        meta["draft"] = True
    if "category" in meta:
        meta["categories"] = meta.pop("category")
    return meta, end


def _take_heading(lines, meta, key_lines, offset, complete) -> int:
    """Use a leading ``# Heading`` as the title; return the lines it took."""
    for number, line in enumerate(lines):
        if line.strip():
            match = _HEADING.match(line)
            if match:
                meta["title"] = match.group(1)
                key_lines["title"] = offset + number + 1
                return number + 1
            return 0
    if not complete:
        raise _PastHead
    return 0


def _key_lines(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, line in enumerate(header, start=1):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            found.setdefault(match.group(1).lower(), number)
            found.setdefault(match.group(1), number)
    return found


def _parse_yaml(path: Path, header: str) -> dict[str, Any]:
    meta = yamltext.load_flat(header)
    if meta is not None:
        return meta
    try:
        meta = yamltext.load(header, aliases=False)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or "cannot parse"
        raise SourceError(path, line, f"invalid YAML front matter: {reason}") from exc
    return _as_mapping(path, meta)


def _parse_toml(path: Path, header: str) -> dict[str, Any]:
    try:
        meta = tomllib.loads(header)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) + 1 if match else 1
        raise SourceError(path, line, f"invalid TOML front matter: {exc}") from exc
    return _as_mapping(path, meta)


def _as_mapping(path: Path, meta: object) -> dict[str, Any]:
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise SourceError(
            path, 2, f"front matter must be key: value pairs, got {type(meta).__name__}"
        )
    return {str(key): value for key, value in meta.items()}
