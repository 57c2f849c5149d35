"""Markdown files and every front matter convention their writers use.

- YAML between ``---`` lines (Jekyll, Hugo), ending ``---`` or ``...``;
- TOML between ``+++`` lines (Hugo);
- a JSON object at the very top (Hugo);
- Eleventy's fences naming a language: ``---json`` (JSON), ``---js`` or
  ``---javascript`` (a literal object, or ``const name = <literal>``
  lines, read statically and never run), ``---yaml``/``---yml``;
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
from feedsmith.readers.document import Document, clean_meta
from feedsmith.sites import javascript

MORE = "<!--more-->"
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
# Possessive repeats throughout: no line, however long, makes them backtrack.
_TOP_LEVEL_KEY = re.compile(r'^\s{0,2}+"?([A-Za-z_][\w-]*+)"?\s*+[:=]')
_PELICAN_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*+):\s*+(.*)$")
_PELICAN_LISTS = ("tags", "category", "authors")
# Eleventy's (gray-matter's) opening fence with a language after it.
_LANGUAGE_FENCE = re.compile(r"^---[ \t]*+(json|js|javascript|yaml|yml)[ \t]*+$", re.I)
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)  # of YAML front matter


# Lines split off the top of a file to find its front matter in. The body is
# split into lines only when the front matter runs past them, as splitting a
# whole file cost more than reading its front matter.
HEAD_LINES = 16


class _PastHead(Exception):
    """The front matter runs past the lines split off the top of the file."""


def read(path: Path, text: str, head_lines: int | None = HEAD_LINES) -> Document:
    """Split a Markdown file into front matter and body.

    ``head_lines`` are split off first, and the rest only if the front
    matter runs past them (None: the whole text at once, which must give
    the same document).
    """
    if head_lines is not None:
        head = text.split("\n", head_lines)
        if len(head) > head_lines:
            try:
                return _split(path, text, head[:-1], head[-1])
            except _PastHead:
                pass
    return _split(path, text, text.split("\n"), None)


def read_front_matter(path: Path, text: str, markup: str) -> Document | None:
    """A file of another format that opens with YAML front matter, as Jekyll
    allows (an ``.html`` or ``.txt`` post): the front matter, and the rest
    as a body of ``markup``. None when the text opens with no closed ``---``
    block, so the file's own reader reads it as before."""
    first, _, rest = text.partition("\n")
    opens = first.rstrip() == "---" or _LANGUAGE_FENCE.match(first)
    if not opens or not _CLOSING.search(rest):
        return None
    document = read(path, text)
    body = document.body
    return Document(
        path,
        document.meta,
        Body(body.text, markup, body.line, body.excerpt_separator),
        document.lines,
        document.warnings,
    )


def _split(path: Path, text: str, lines: list[str], rest: str | None) -> Document:
    """Split ``text`` whose first ``lines`` are split off, followed by ``rest``.

    ``rest`` is None when ``lines`` hold all of ``text``; otherwise whatever
    needs a line after them raises ``_PastHead``.
    """
    complete = rest is None
    written_lines: dict[str, int] = {}
    if lines[0].rstrip() in _FENCES:
        meta, body_start = _fenced(path, lines, complete)
    elif language := _LANGUAGE_FENCE.match(lines[0]):
        meta, body_start, written_lines = _fenced_language(
            path, lines, complete, language.group(1).lower()
        )
    elif text.startswith("{"):
        meta, body_start = _json(path, text)
        if body_start > len(lines):
            raise _PastHead
    else:
        meta, body_start = _pelican(lines, complete)
    key_lines = {**_key_lines(lines[:body_start]), **written_lines}
    if "title" not in meta:
        body_start += _take_heading(
            lines[body_start:], meta, key_lines, body_start, complete
        )
    body_lines = lines[body_start:] if rest is None else [*lines[body_start:], rest]
    body_text = "\n".join(body_lines)
    meta, warnings = clean_meta(path, meta, key_lines)
    separator = meta.get("excerpt_separator")
    if not isinstance(separator, str) or separator not in body_text:
        separator = MORE if MORE in body_text else None
    body = Body(body_text, "markdown", body_start + 1, separator)
    return Document(path, meta, body, key_lines, warnings)


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
    decoder = json.JSONDecoder(object_pairs_hook=_unique_keys, parse_int=_bounded_int)
    try:
        meta, end = decoder.raw_decode(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            path, exc.lineno, f"invalid JSON front matter: {exc.msg}"
        ) from None
    except _JsonProblem as problem:
        found = list(re.finditer(problem.pattern, text))
        at = found[-1].start() if found else 0
        line = text.count("\n", 0, at) + 1
        raise SourceError(path, line, f"invalid JSON front matter: {problem}") from None
    except RecursionError:
        raise SourceError(path, 1, _too_deep("JSON")) from None
    return _as_mapping(path, meta), text.count("\n", 0, end) + 1


def _fenced_language(
    path: Path, lines: list[str], complete: bool, language: str
) -> tuple[dict[str, Any], int, dict[str, int]]:
    """Front matter between ``---<language>`` and ``---`` (Eleventy's)."""
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None
    )
    if closing is None and not complete:
        raise _PastHead
    if closing is None:
        raise SourceError(
            path, 1, f"front matter opened with {lines[0].strip()} is never closed; "
            "add a line --- after it",
        )  # fmt: skip
    header = "\n".join(lines[1:closing])
    if language in ("yaml", "yml"):
        return _parse_yaml(path, header), closing + 1, {}
    if language == "json":
        return _parse_json(path, header), closing + 1, {}
    try:
        meta, found = javascript.front_matter(header)
    except javascript.JavaScriptError as exc:
        raise SourceError(
            path,
            exc.line + 1,
            f"JavaScript front matter: {exc.message}; feedsmith reads it without "
            "running it, so write YAML front matter (---) instead",
        ) from None
    return meta, closing + 1, {key: line + 1 for key, line in found.items()}


def _parse_json(path: Path, header: str) -> dict[str, Any]:
    """A ``---json`` block: one JSON object, or nothing."""
    if not header.strip():
        return {}
    decoder = json.JSONDecoder(object_pairs_hook=_unique_keys, parse_int=_bounded_int)
    try:
        meta = decoder.decode(header)
    except json.JSONDecodeError as exc:
        raise SourceError(
            path, exc.lineno + 1, f"invalid JSON front matter: {exc.msg}"
        ) from None
    except _JsonProblem as problem:
        found = list(re.finditer(problem.pattern, header))
        line = header.count("\n", 0, found[-1].start()) + 2 if found else 1
        raise SourceError(path, line, f"invalid JSON front matter: {problem}") from None
    except RecursionError:
        raise SourceError(path, 1, _too_deep("JSON")) from None
    return _as_mapping(path, meta)


class _JsonProblem(ValueError):
    """JSON that parses but that feedsmith refuses; the last match of
    ``pattern`` (a regex) in the file is where."""

    def __init__(self, message: str, pattern: str) -> None:
        super().__init__(message)
        self.pattern = pattern


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                break
            seen.add(key)
        written = re.escape(json.dumps(key, ensure_ascii=False))
        raise _JsonProblem(f"key {key!r} appears twice; remove one", written + r"\s*:")
    return found


def _bounded_int(digits: str) -> int:
    """Python refuses to convert over 4,300 digits; no field needs over 100."""
    if len(digits.lstrip("-")) > 100:
        raise _JsonProblem(
            f"a number of {len(digits)} digits; put it in quotes if it is text",
            re.escape(digits),
        )
    return int(digits)


def _too_deep(language: str) -> str:
    return f"invalid {language} front matter: lists and objects nested too deeply"


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
            title = _heading(line)
            if title:
                meta["title"] = title
                key_lines["title"] = offset + number + 1
                return number + 1
            return 0
    if not complete:
        raise _PastHead
    return 0


def _heading(line: str) -> str:
    """The text of ``# Title`` or ``# Title #``; empty if ``line`` is no heading.

    String methods, not a regular expression: the pattern this replaced
    backtracked without end on a line holding a long run of spaces.
    """
    if not line.startswith("#") or not line[1:2].isspace():
        return ""
    return line[1:].strip().rstrip("#").rstrip()


def _key_lines(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, line in enumerate(header, start=1):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            found.setdefault(match.group(1).lower(), number)
            found.setdefault(match.group(1), number)
    return found


def _parse_yaml(path: Path, header: str) -> dict[str, Any]:
    flat = yamltext.load_flat(header)
    if flat is not None:
        return flat
    try:
        meta = yamltext.load(header, aliases=False, first_line=2)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = yamltext.explain(exc, header)
        raise SourceError(path, line, f"invalid YAML front matter: {reason}") from exc
    return _as_mapping(path, meta)


def _parse_toml(path: Path, header: str) -> dict[str, Any]:
    try:
        meta = tomllib.loads(header)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) + 1 if match else 1
        raise SourceError(path, line, f"invalid TOML front matter: {exc}") from exc
    except RecursionError:
        raise SourceError(path, 1, _too_deep("TOML")) from None
    except ValueError:  # an integer longer than Python converts
        digits = re.search(r"[0-9_]{101,}", header)
        line = header.count("\n", 0, digits.start()) + 2 if digits else 1
        raise SourceError(
            path,
            line,
            "invalid TOML front matter: a number too long to convert; "
            "put it in quotes if it is text",
        ) from None
    return _as_mapping(path, meta)


def _as_mapping(path: Path, meta: object) -> dict[str, Any]:
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise SourceError(
            path, 2, f"front matter must be key: value pairs, got {type(meta).__name__}"
        )
    return {str(key): value for key, value in meta.items()}
