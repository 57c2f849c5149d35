"""Which files Pelican reads as articles: the content folder (``PATH``)
and what under it is never one, as gitignore lines."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from feedsmith.errors import ConfigError
from feedsmith.sites.pelican.settings import Settings


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
    lines = _only_under(conf.texts("ARTICLE_PATHS", [""]))
    for folder in (
        *conf.texts("PAGE_PATHS", ["pages"]),
        *conf.texts("ARTICLE_EXCLUDES", []),
    ):
        folder = posixpath.normpath(folder).strip("/")
        if folder not in ("", "."):
            lines.append(f"/{_literal(folder)}/")
    for pattern in conf.texts("IGNORE_FILES", ["**/.*"]):
        if "/" not in pattern and "\\" not in pattern:  # Pelican matches names only
            lines.append("\\" + pattern if pattern[:1] in ("!", "#") else pattern)
    lines.append("/feeds/")
    return tuple(lines)


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
