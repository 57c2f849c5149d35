"""MDX files (Astro, Docusaurus, Gatsby): Markdown with JavaScript in it.

What a feed cannot show is taken out of the body before it is read as
Markdown (front matter and all, :mod:`feedsmith.readers.markdown`):

- ``import`` and ``export`` statements at the start of a block, over as
  many lines as they run (to a blank line where their brackets close);
- JSX components, elements whose name starts with a capital (``<Tabs>``,
  ``<Admonition type="note">``, ``<Tabs.Item>``, ``<Foo />``) and fragments
  (``<>``): the tags go and the text between a pair stays, with its
  indentation taken off (MDX has no indented code); a warning per
  component names its line;
- ``{/* comments */}``.

Lowercase elements are HTML and stay. Nothing in code, fenced or inline,
is touched. Lines keep their numbers: what is removed leaves its line
breaks, so later warnings point at the right line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from feedsmith.errors import SourceWarning
from feedsmith.readers import markdown
from feedsmith.readers.document import Document

# An ``import``/``export`` statement, not a sentence that starts with the word.
_ESM = re.compile(
    r"""^(?:import\s*+(?:[{*'"]|[\w$]++\s*+(?:,|from\b))"""
    r"|export\s*+(?:[{*]|(?:const|let|var|function|class|default|async)\b))"
)
_FENCE = re.compile(r"^[ \t]*+(`{3,}+|~{3,}+)")
# What the scan stops at: a code span, a component tag, a fragment, a comment.
_TOKEN = re.compile(r"`++|</?[A-Z][\w.$-]*+|</?>|\{/\*")
_OPENING = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True, slots=True)
class _Tag:
    name: str  # "" for a fragment
    closing: bool
    self_closing: bool
    line: int  # 0-based, in the body
    end: int  # offset in the body's text, after the tag


def read(path: Path, text: str) -> Document:
    """An MDX file as Markdown, with its JavaScript taken out."""
    document = markdown.read(path, text)
    first = document.body.line - 1  # lines before the body: front matter
    lines = text.split("\n")
    head, body = lines[:first], lines[first:]
    code = _code_lines(body)
    _remove_statements(body, code)
    cleaned, tags = _remove_components("\n".join(body), code)
    warnings = [
        SourceWarning(path, first + tag.line + 1, _said(tag))
        for tag in tags
        if not tag.closing
    ]
    document = markdown.read(path, "\n".join([*head, _flowed(cleaned, tags)]))
    return Document(
        path,
        document.meta,
        document.body,
        document.lines,
        (*document.warnings, *warnings),
    )


def _said(tag: _Tag) -> str:
    if not tag.name:
        return "MDX fragment <>…</> removed, its text kept"
    if tag.self_closing:
        return f"MDX component <{tag.name} /> removed"
    return f"MDX component <{tag.name}> removed, its text kept"


def _code_lines(lines: list[str]) -> list[bool]:
    """Which lines are fenced code, fences included."""
    code = []
    fence = ""
    for line in lines:
        if fence:
            code.append(True)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        found = _FENCE.match(line)
        if found:
            fence = found.group(1)
        code.append(bool(found))
    return code


def _remove_statements(lines: list[str], code: list[bool]) -> None:
    """Blank out each ``import``/``export`` statement that starts a block."""
    number = 0
    while number < len(lines):
        starts_block = number == 0 or not lines[number - 1].strip()
        if code[number] or not starts_block or not _ESM.match(lines[number]):
            number += 1
            continue
        depth = 0
        while number < len(lines):
            depth += _depth_change(lines[number])
            lines[number] = ""
            number += 1
            if depth <= 0 and (number == len(lines) or not lines[number].strip()):
                break


def _depth_change(line: str) -> int:
    """Brackets opened less closed on ``line``, outside strings."""
    change, quote = 0, ""
    for char in line:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"`":
            quote = char
        elif char in _OPENING:
            change += 1
        elif char in ")]}":
            change -= 1
    return change


def _remove_components(text: str, code: list[bool]) -> tuple[str, list[_Tag]]:
    """``text`` without component tags and comments outside code; line
    breaks inside them stay. Returns the tags removed."""
    starts = [0]
    for written in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(written) + 1)
    parts: list[str] = []
    tags: list[_Tag] = []
    at = skipped = 0  # copied up to; in a code span up to
    for found in _TOKEN.finditer(text):
        start = found.start()
        line = bisect_right(starts, start) - 1
        if start < max(at, skipped) or code[line]:
            continue
        token = found.group()
        if token.startswith("`"):
            close = text.find(token, found.end())
            skipped = found.end() if close < 0 else close + len(token)
            continue
        end = _tag_end(text, found) if token[0] == "<" else _comment_end(text, start)
        if end < 0:
            continue  # never closed: not JSX, left as written
        if token[0] == "<":
            name = token.lstrip("</").rstrip(">")
            closing = token.startswith("</")
            tags.append(_Tag(name, closing, text[end - 2 : end] == "/>", line, end))
        parts.append(text[at:start])
        parts.append("\n" * text.count("\n", start, end))
        at = end
    parts.append(text[at:])
    return "".join(parts), tags


def _tag_end(text: str, found: re.Match[str]) -> int:
    """Where the tag that starts at ``found`` ends (after its ``>``), its
    attributes' strings and ``{expressions}`` skipped; -1 if it never ends."""
    if found.group().endswith(">"):
        return found.end()
    depth, quote = 0, ""
    for index in range(found.end(), min(len(text), found.end() + 10_000)):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"" or (char == "`" and depth):
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == ">" and depth <= 0:
            return index + 1
    return -1


def _comment_end(text: str, start: int) -> int:
    close = text.find("*/}", start + 3)
    return -1 if close < 0 else close + 3


def _flowed(text: str, tags: list[_Tag]) -> str:
    """The text of each paired block component without the indentation its
    lines share (MDX has no indented code), and lines left blank emptied."""
    lines = text.split("\n")
    opened: list[_Tag] = []
    for tag in tags:
        if tag.self_closing:
            continue
        if not tag.closing:
            opened.append(tag)
            continue
        while opened:
            opening = opened.pop()
            if opening.name == tag.name:
                _dedent(lines, opening.line + 1, tag.line)
                break
    return "\n".join(line if line.strip() else "" for line in lines)


def _dedent(lines: list[str], first: int, last: int) -> None:
    """Take the indentation lines ``first`` to ``last`` (excluded) share off them."""
    filled = [line for line in lines[first:last] if line.strip()]
    if not filled:
        return
    indent = min(len(line) - len(line.lstrip(" \t")) for line in filled)
    for number in range(first, last):
        lines[number] = lines[number][indent:]
