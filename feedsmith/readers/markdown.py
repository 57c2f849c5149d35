"""Markdown files with YAML (``---``) or TOML (``+++``) front matter."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from feedsmith import yamltext
from feedsmith.errors import SourceError
from feedsmith.model import Body
from feedsmith.readers.document import Document

SUMMARY_DIVIDER = "<!--more-->"
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*[:=]")


def read(path: Path, text: str) -> Document:
    """Split a Markdown file into front matter and body."""
    lines = text.split("\n")
    opening = lines[0].rstrip()
    if opening not in _FENCES:
        return Document(path, {}, _body(text, 1))
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCES[opening]),
        None,
    )
    if closing is None:
        raise SourceError(
            path,
            1,
            f"front matter opened with {opening} is never closed; "
            f"add a line {_FENCES[opening][0]} after it",
        )
    header = "\n".join(lines[1:closing])
    meta = _parse_yaml(path, header) if opening == "---" else _parse_toml(path, header)
    key_lines = {}
    for number, line in enumerate(lines[1:closing], start=2):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            key_lines.setdefault(match.group(1), number)
    body_text = "\n".join(lines[closing + 1 :])
    return Document(path, meta, _body(body_text, closing + 2), key_lines)


def _body(text: str, line: int) -> Body:
    return Body(text, "markdown", line, summary_divider=SUMMARY_DIVIDER in text)


def _parse_yaml(path: Path, header: str) -> dict[str, Any]:
    try:
        meta = yamltext.load(header)
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
