"""Which files Pelican reads as articles: the content folder (``PATH``)
and what under it is never one, as gitignore lines; and whether it reads
a given file as an article or a page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pathspec

from feedsmith.errors import ConfigError
from feedsmith.sites.pelican.settings import Settings

_PATHS = {"ARTICLE": [""], "PAGE": ["pages"]}  # Pelican's defaults


def content_folder(root: Path, conf: Settings) -> Path:
    """PATH, relative to the settings file; unset, ``content`` as
    pelican-quickstart's Makefile passes it."""
    path = conf.rule("PATH", None, str)
    if path is None:
        if (root / "content").is_dir():
            return (root / "content").resolve()
        raise ConfigError(
            f"{conf.file}: PATH is unset, so Pelican reads the folder named on its "
            'command line; set PATH (for example PATH = "content")'
        )
    return (conf.file.parent / path).resolve()


def exclusions(conf: Settings) -> tuple[str, ...]:
    """What Pelican never reads as an article: all but ARTICLE_PATHS, then
    PAGE_PATHS and ARTICLE_EXCLUDES (folders), IGNORE_FILES (names), and
    the feeds folder feedsmith writes."""
    return (*_never_read(conf, "ARTICLE"), "/feeds/")


def reading(conf: Settings, path: str) -> str | None:
    """The setting under which Pelican reads the file at ``path`` (relative
    to the content folder) as an article or a page, ``ARTICLE_PATHS`` or
    ``PAGE_PATHS``; None when it reads it as neither (its reader is off,
    or the folder is excluded)."""
    suffix = posixpath.splitext(path)[1].removeprefix(".")
    if suffix in conf.rule("READERS", {}, dict):
        return None
    for kind in ("ARTICLE", "PAGE"):
        never = pathspec.GitIgnoreSpec.from_lines(_never_read(conf, kind))
        if not never.match_file(path):
            return f"{kind}_PATHS"
    return None


def _never_read(conf: Settings, kind: str) -> list[str]:
    """What Pelican never reads as ``kind`` (``ARTICLE`` or ``PAGE``): all
    but its paths, then the other kind's paths and its own excludes
    (folders, as Pelican adds the one to the other), IGNORE_FILES (names)."""
    other = "PAGE" if kind == "ARTICLE" else "ARTICLE"
    lines = _only_under(conf.texts(f"{kind}_PATHS", _PATHS[kind]))
    for folder in (
        *conf.texts(f"{other}_PATHS", _PATHS[other]),
        *conf.texts(f"{kind}_EXCLUDES", []),
    ):
        folder = posixpath.normpath(folder).strip("/")
        if folder not in ("", "."):
            lines.append(f"/{_literal(folder)}/")
    for pattern in conf.texts("IGNORE_FILES", ["**/.*"]):
        if "/" not in pattern and "\\" not in pattern:  # Pelican matches names only
            lines.append("\\" + pattern if pattern[:1] in ("!", "#") else pattern)
    return lines


def _only_under(paths: tuple[str, ...]) -> list[str]:
    """gitignore lines that keep only what is in ``paths`` (relative to the
    content folder; ``""`` is all of it)."""
    wanted = sorted({posixpath.normpath(p).strip("/") for p in paths})
    if not wanted or any(p in ("", ".") for p in wanted):
        return [] if wanted else ["*"]
    kept = [p for p in wanted if not any(p.startswith(q + "/") for q in wanted)]
    lines, opened = ["/*"], set()
    for path in kept:
        parts = path.split("/")
        for end in range(1, len(parts)):
            folder = _literal("/".join(parts[:end]))
            if folder not in opened:
                opened.add(folder)
                lines += [f"!/{folder}/", f"/{folder}/*"]
        lines.append(f"!/{_literal(path)}")
    return lines


def _literal(path: str) -> str:
    """``path`` as a gitignore line matches it, wildcards escaped."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", path)
