"""Jekyll's front matter ``defaults``: which sets apply to a post (path,
glob and type scopes) and in what order of precedence they merge."""

from __future__ import annotations

import glob
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedsmith.sites.jekyll.config import SiteConfig, check_template, deep_merge


@dataclass(frozen=True, slots=True)
class Default:
    paths: tuple[str, ...] | None  # relative paths the scope covers; None: all
    type: str | None
    values: Mapping[str, Any]
    length: int  # of the scope's path, for Jekyll's precedence


def read_defaults(config: SiteConfig, root: Path) -> tuple[Default, ...]:
    written = config.get("defaults") or []
    if not isinstance(written, list):
        raise config.error("defaults", "expected a list of {scope, values}")
    found = []
    for index, item in enumerate(written):
        if not isinstance(item, dict) or not isinstance(item.get("values"), dict):
            continue  # Jekyll ignores a set without values
        scope: dict[str, Any] = item.get("scope") or {}
        if not isinstance(scope, dict):
            raise config.error(f"defaults.{index}", "scope: expected a mapping")
        path = scope.get("path")
        kind = None if scope.get("type") is None else str(scope["type"])
        if kind in ("post", "page", "draft"):
            kind += "s"  # Jekyll's old names of the types
        values = item["values"]
        if isinstance(values.get("permalink"), str):
            check_template(values["permalink"], config, f"defaults.{index}.values")
        paths: tuple[str, ...] | None = None
        length = 0
        if isinstance(path, str) and path:
            length = len(path.removeprefix("/"))
            if "*" in path:  # Jekyll globs it in the site folder
                matched = glob.glob(path.lstrip("/"), root_dir=root, recursive=True)
                paths = tuple(sorted(Path(p).as_posix() for p in matched))
            else:  # as written: "/_posts" covers nothing, as in Jekyll
                paths = (path,)
        found.append(Default(paths, kind, values, length))
    return tuple(found)


def merged(sets: tuple[Default, ...], relative: str) -> dict[str, Any]:
    """The defaults that apply to the post at ``relative``, in Jekyll's order
    of precedence (a longer scope path wins, then one that names a type)."""
    values: dict[str, Any] = {}
    old: Default | None = None
    for item in sets:
        if item.type not in (None, "posts"):
            continue
        if item.paths is not None and not any(
            relative.startswith(path) for path in item.paths
        ):
            continue
        if old is None or (
            item.length >= old.length
            if item.length != old.length
            else item.type is not None or old.type is None
        ):
            values = deep_merge(values, item.values)
            old = item
        else:
            values = deep_merge(dict(item.values), values)
    return values
