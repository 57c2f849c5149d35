"""Eleventy's data cascade, read from files: data files (JSON, literal
JavaScript), layouts' front matter, and Eleventy's merge of them."""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from feedsmith import yamltext
from feedsmith.errors import ConfigError
from feedsmith.sites import javascript as js

if TYPE_CHECKING:
    from feedsmith.sites.eleventy.options import Dirs

# Data files beside a template or named after their folder, lowest first.
_DATA_SUFFIXES = (
    ".json", ".11tydata.json", ".11tydata.mjs", ".11tydata.cjs", ".11tydata.js",
)  # fmt: skip
_SLUG_DATE = re.compile(r"\d{4}-\d{2}-\d{2}-(.*)")


def _parse_data(path: Path) -> tuple[Any, dict[str, int]]:
    """A JSON or literal JavaScript data file, and each top-level key's line;
    a JavaScript file that exports no literal object is a js.Unreadable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read this data file: {exc}") from None
    if path.suffix == ".json":
        try:
            data = json.loads(text)
            too_deep = _depth(data) > js.MAX_DEPTH
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            too_deep = True
        if too_deep:
            raise ConfigError(
                f"{path}: objects and lists nested more than {js.MAX_DEPTH} levels deep"
            )
        return data, _json_lines(text)
    try:
        found = js.tokens(text)
        at = js.exported_object(found)
        if at is None:
            return js.Unreadable(1, "exports no literal object"), {}
        value, _ = js.literal(found, at, lenient=True)
        return value, js.key_lines(found[at:])
    except js.JavaScriptError as exc:
        return js.Unreadable(exc.line, exc.message), {}


def _depth(value: Any) -> int:
    """How deep objects and lists nest in ``value`` (without recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _json_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r'\s{0,2}"([^"]+)"\s*:', line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def read_global_data(folder: Path) -> dict[str, tuple[Any, Path, dict[str, int]]]:
    """Each global data file of ``_data/`` by its variable name."""
    found: dict[str, tuple[Any, Path, dict[str, int]]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in (".json", ".js", ".cjs", ".mjs"):
            value, lines = _parse_data(path)
            found.setdefault(path.stem, (value, path, lines))
    return found


def front_matter(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter of a layout or a feed template, read as the Markdown
    reader reads it (YAML, ``---json``, literal ``---js``); {} when none."""
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return {}, {}
    lines = text.split("\n")
    opening = lines[0].strip()
    if not opening.startswith("---") or opening.startswith("----"):
        return {}, {}
    closing = next((i for i in range(1, len(lines)) if lines[i].startswith("---")), 0)
    block = "\n".join(lines[1:closing])
    language = opening[3:].strip().lower()
    try:
        if language in ("", "yaml", "yml"):
            data = yamltext.load(block, aliases=False) or {}
            return (data if isinstance(data, dict) else {}), yamltext.key_lines(block)
        if language == "json":
            return json.loads(block or "{}"), _json_lines(block)
        if language in ("js", "javascript"):
            return js.front_matter(block)
    except (yaml.YAMLError, json.JSONDecodeError, js.JavaScriptError) as exc:
        raise ConfigError(f"{path}: cannot read its front matter: {exc}") from None
    return {}, {}


@dataclass(frozen=True, slots=True)
class Layer:
    """One file's share of a page's data: what it sets, and where."""

    data: Mapping[str, Any]
    path: Path
    lines: Mapping[str, int]
    code: js.Unreadable | None = None  # a data file that is code, not a literal


def merge(target: Any, source: Any) -> Any:
    """Eleventy's deep merge: lists add up, objects merge key by key, and
    ``override:key`` replaces instead."""
    if isinstance(target, list) and isinstance(source, list):
        return [*target, *source]
    if isinstance(target, dict) and isinstance(source, dict):
        merged = dict(target)
        for key, value in source.items():
            if key.startswith("override:"):
                merged[key.removeprefix("override:")] = value
            else:
                merged[key] = merge(merged.get(key), value)
        return merged
    if target is None and isinstance(source, dict):
        return merge({}, source)
    return source


def tags_of(value: Any) -> list[str]:
    """Eleventy's cleaned ``tags``: a string splits at commas; unique."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(js_string(tag) for tag in value))


def truthy(value: Any) -> bool:
    """JavaScript's truthiness: ``"false"`` is true, ``0`` and ``""`` are not."""
    if isinstance(value, js.Unreadable):
        return True
    return bool(value) or isinstance(value, dict | list)


def js_string(value: Any) -> str:
    """``String(value)`` as JavaScript writes it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(slots=True)
class _Walk:
    """What one walk of the input folder finds."""

    data_files: dict[str, list[Layer]] = field(default_factory=dict)
    feed_candidates: list[Path] = field(default_factory=list)


def walk_input(dirs: Dirs, skipped: set[Path], formats: tuple[str, ...]) -> _Walk:
    """The input folder's data files (template and directory data, by path
    without suffix: ``posts/posts``) and the templates that may be a feed."""
    found = _Walk()
    template_suffixes = tuple(f".{f}" for f in formats)
    for folder, subfolders, files in os.walk(dirs.input):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name != "node_modules"
            and (here / name).resolve() not in skipped
        )
        relative = here.relative_to(dirs.input).as_posix()
        stems = {template_stem(f) for f in files if f.endswith(template_suffixes)}
        for name in sorted(files):
            path = here / name
            if name.endswith((".njk", ".liquid")) or (
                re.search(r"feed|rss|atom", name) and name.endswith(template_suffixes)
            ):
                found.feed_candidates.append(path)
            suffix = next((s for s in reversed(_DATA_SUFFIXES) if name.endswith(s)), "")
            if not suffix:
                continue
            base = name[: -len(suffix)]
            if suffix == ".json" and base != here.name and base not in stems:
                continue
            data, lines = _parse_data(path)
            key = f"{relative}/{base}" if relative != "." else base
            if isinstance(data, js.Unreadable):
                layer = Layer({}, path, {}, data)
            else:
                layer = Layer(data if isinstance(data, dict) else {}, path, lines)
            found.data_files.setdefault(key, []).append(layer)
    for layers in found.data_files.values():
        layers.sort(key=lambda layer: _DATA_SUFFIXES.index(_data_suffix(layer.path)))
    return found


def _data_suffix(path: Path) -> str:
    return next(s for s in reversed(_DATA_SUFFIXES) if path.name.endswith(s))


def layouts(dirs: Dirs, formats: tuple[str, ...]) -> dict[str, Layer]:
    """Every layout's front matter, by its name with and without extension."""
    found: dict[str, Layer] = {}
    if not dirs.layouts.is_dir():
        return found
    for folder, _, files in sorted(os.walk(dirs.layouts)):
        for name in sorted(files):
            path = Path(folder) / name
            if not name.endswith(tuple(f".{f}" for f in formats)):
                continue
            data, lines = front_matter(path)
            relative = path.relative_to(dirs.layouts).as_posix()
            layer = Layer(data, path, lines)
            found[relative] = layer
            found.setdefault(relative[: -len(name)] + template_stem(name), layer)
    return found


def template_stem(name: str) -> str:
    """A template's name without its template extension (``x.11ty.js``: x)."""
    base = name.rsplit("/", 1)[-1]
    if base.endswith(".11ty.js"):
        return base[: -len(".11ty.js")]
    return posixpath.splitext(base)[0]


def without_date(name: str) -> str:
    """A name without a date in it and what precedes (``trip-2024-05-02-x``: x)."""
    match = _SLUG_DATE.search(name)
    return match.group(1) if match else name


def file_slug_of(stem: str, folders: list[str]) -> str:
    """``page.fileSlug``: the name without a date, the folder's for index."""
    raw = without_date(stem)
    if raw == "index":
        return without_date(folders[-1]) if folders else ""
    return raw
