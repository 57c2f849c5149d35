"""Which files Jekyll reads as posts: its ``exclude``/``include`` lists, the
names it skips while it walks the site, and every ``_posts`` folder."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from feedsmith.errors import ConfigError
from feedsmith.sites.jekyll.config import SiteConfig

# Jekyll always adds these to the site's exclude list.
JEKYLL_EXCLUDES = (
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
    "node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
)  # fmt: skip
# Inside _posts Jekyll skips what starts with _ # ~ at its top (and ., which
# feedsmith always skips), and names ending in ~ or a dot; deeper down, files
# starting so (``JekyllRules.place`` tells them).
SKIPPED_NAMES = ("/_*", "/\\#*", "/~*", "*~", "*.")
# What Jekyll uses when the config leaves the list unset.
LIST_DEFAULTS = {"exclude": [], "include": [".htaccess"]}


def _matches(patterns: tuple[str, ...], relative: str, folder: bool = False) -> bool:
    """Whether Jekyll's ``exclude``/``include`` ``patterns`` name the path
    ``relative`` (to the site folder): a glob in which ``*`` crosses
    folders, or a prefix of the path, or the folder itself."""
    for pattern in patterns:
        pattern = pattern.lstrip("/")
        if (
            fnmatch.fnmatchcase(relative, pattern)
            or relative.startswith(pattern)
            or (folder and pattern == relative + "/")
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Filter:
    """Jekyll's ``exclude`` less its ``include``, which wins over both."""

    exclude: tuple[str, ...]
    include: tuple[str, ...]

    def skips(self, relative: str, folder: bool = False) -> bool:
        name = relative.rsplit("/", 1)[-1]
        if _matches(self.include, relative, folder) or _matches(self.include, name):
            return False
        return _matches(self.exclude, relative, folder)

    def skips_name(self, relative: str, folder: bool) -> bool:
        """What Jekyll skips while it walks the site: names starting with
        ``. _ # ~``, ending in ``~`` or ``.``, and what ``exclude`` names."""
        name = relative.rsplit("/", 1)[-1]
        if name.endswith(".") or self.skips(relative, folder):
            return True
        if _matches(self.include, relative, folder) or _matches(self.include, name):
            return False
        return name.startswith((".", "_", "#", "~")) or name.endswith("~")


def read_filter(config: SiteConfig) -> Filter:
    """The site's ``exclude`` (with Jekyll's own) and ``include`` lists."""
    lists: dict[str, tuple[str, ...]] = {}
    for key, default in LIST_DEFAULTS.items():
        value = config.get(key)
        if value is None:
            value = list(default)
        if not isinstance(value, list) or not all(
            isinstance(item, str | int) for item in value
        ):
            raise config.error(key, f"expected a list of names, got {value!r}")
        lists[key] = tuple(str(item) for item in value)
    every = lists["exclude"] + JEKYLL_EXCLUDES
    exclude = tuple(dict.fromkeys(p for p in every if p not in lists["include"]))
    return Filter(exclude, lists["include"])


def post_folders(root: Path, rules: Filter) -> list[Path]:
    """Every ``_posts`` folder Jekyll reads: in the site folder and in each
    folder it publishes, at any depth."""
    found: list[Path] = []
    seen: set[str] = set()

    def visit(folder: Path, relative: str) -> None:
        real = os.path.realpath(folder)
        if real in seen:
            return
        seen.add(real)
        posts = folder / "_posts"
        if posts.is_dir() and not rules.skips(f"{relative}_posts", folder=True):
            found.append(posts)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            raise ConfigError(f"{folder}: cannot read folder: {exc.strerror}") from None
        for entry in entries:
            path = f"{relative}{entry.name}"
            if entry.is_dir() and not rules.skips_name(path, folder=True):
                visit(Path(entry.path), path + "/")

    visit(root, "")
    return found


def inside(rules: Filter, folders: list[Path], root: Path) -> Filter:
    """``rules`` with only the ``exclude`` lines that can name a file inside
    a ``_posts`` folder (the walk left out the folders the others name)."""
    tops = [folder.relative_to(root).as_posix() + "/" for folder in folders]
    inner = tuple(
        pattern
        for pattern in rules.exclude
        if any(c in pattern for c in "*?[")
        or any(pattern.lstrip("/").startswith(top) for top in tops)
    )
    return Filter(inner, rules.include)


def exclusions(rules: Filter) -> tuple[str, ...]:
    """Gitignore lines for every ``_posts`` folder: the names Jekyll skips
    there, and the site's ``exclude`` globs that start with ``*`` (which
    cross folders in Jekyll, so they hold at any depth)."""
    lines = list(SKIPPED_NAMES)
    for pattern in rules.exclude:
        if pattern.startswith("*") and pattern.strip("*/") and pattern not in lines:
            lines.append(pattern)
    return tuple(lines)
