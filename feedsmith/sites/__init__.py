"""Site profiles: read a generator's own site folder (``from:`` in
``config.yaml``) the way the generator itself does.

A profile never executes the site's code. :func:`read` returns a frozen
:class:`Profile`: the config keys the site's own config fills (each with the
file and line it came from), the gitignore lines that keep its pages and
drop everything else (list pages, bundle resources), and the rules the
pipeline asks for each article's slug, link, id and dates. See
``docs/profiles/README.md`` for the design and ``docs/profiles/<tool>.md``
for each generator's measured rules.

Each generator is a module ``feedsmith.sites.<generator>`` with one public
function, ``read(folder) -> Profile`` (Jekyll's also takes the list of
config files ``from_configs:`` names).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Protocol

from feedsmith.errors import ConfigError

GENERATORS = ("hugo", "jekyll", "zola", "pelican", "mkdocs", "eleventy")
# The views feedsmith writes as .html into its output folder, by the key that
# turns each on, with the files each writes there (a tag's too): what a
# generator that takes the .html files of its own folders would misread.
HTML_VIEWS = {
    "feeds.index": ("index.html",),
    "feeds.discovery": ("discovery.html", "tags/t/discovery.html"),
}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the generator puts one article, and when it dates it."""

    slug: str
    name: str  # the file's (or bundle's) name, the title of an untitled page
    link: str
    id: str
    published: datetime  # the date the generator's feed shows
    updated: datetime | None  # its last-modified date, None when the same
    draft: bool
    expires: datetime | None
    # The front matter under feedsmith's own names (``tags``, ``categories``,
    # ``author``, ``summary``, ``related``), for a generator that names or
    # shapes them otherwise (Jekyll's ``category``, mkdocs' author keys);
    # None: as written.
    written: Mapping[str, Any] | None = None
    # The generator lists it before its date, where it hides other posts
    # dated later (mkdocs' draft: false under draft_if_future_date): shown
    # even when feeds.future is off.
    listed_early: bool = False


LineOf = Callable[[str], int]  # the line a front matter key is written on


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A profile setting's value when the site's config cannot give it (a
    computed value, a folder the generator would not publish): ``message``
    is the ConfigError, raised only if ``config.yaml`` does not set the key
    itself."""

    message: str


class Rules(Protocol):
    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement: ...


@dataclass(frozen=True, slots=True)
class Profile:
    generator: str
    root: Path
    # dotted config key -> (value as written in config.yaml, "file:line")
    settings: Mapping[str, tuple[Any, str]]
    # gitignore lines, relative to the content folder, that always apply:
    # what the generator never publishes as a post
    exclude: tuple[str, ...]
    rules: Rules = field(compare=False)
    # The generator's own settings its rules use, under its own names
    # (``permalinks.posts``, ``uglyURLs``), each with where it was read, for
    # ``--explain``. The rules hold the values; this only says where from.
    rule_settings: Mapping[str, tuple[Any, str]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The generator's own parsed site config (Hugo's with its ``params``,
    # Jekyll's files merged), for the template tags that print its values
    # (``{{ site.title }}``, ``{{< param x >}}``); in the repr, so the
    # cache's settings fingerprint changes with it.
    variables: Mapping[str, Any] = field(default_factory=dict)

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        """The article at ``path`` as the generator publishes it; raises
        ``SkippedSource`` for a page the generator never lists, and
        ``SourceError`` at the line of a value it cannot read."""
        return self.rules.place(path, meta, title, zone, line_of)


def detect(folder: Path) -> str:
    """The generator whose site ``folder`` holds, from its config files."""
    if not folder.is_dir():
        raise ConfigError(f"from: {folder} is not a folder")
    for name in ("hugo.toml", "hugo.yaml", "hugo.json"):
        if (folder / name).is_file():
            return "hugo"
    if (folder / "config" / "_default").is_dir():
        return "hugo"
    for name in ("config.toml", "config.yaml", "config.json"):
        path = folder / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if name == "config.toml" and re.search(r"(?m)^\s*base_url\s*=", text):
                return "zola"
            if "baseurl" in text.lower():
                return "hugo"
    for name, generator in (
        ("_config.yml", "jekyll"),
        ("_config.yaml", "jekyll"),
        ("pelicanconf.py", "pelican"),
        ("mkdocs.yml", "mkdocs"),
        ("mkdocs.yaml", "mkdocs"),
        ("eleventy.config.js", "eleventy"),
        ("eleventy.config.mjs", "eleventy"),
        ("eleventy.config.cjs", "eleventy"),
        (".eleventy.js", "eleventy"),
    ):
        if (folder / name).is_file():
            return generator
    raise ConfigError(
        f"from: {folder}: no site config found (hugo.toml, _config.yml, "
        "pelicanconf.py, mkdocs.yml, ...); set generator: or give site.* "
        "and sources: in config.yaml instead"
    )


def read(
    folder: Path, generator: str | None = None, configs: Sequence[str] | None = None
) -> Profile:
    """The profile of the site in ``folder``, of ``generator`` if given;
    ``configs``: the site's config files to read, merged in order (Jekyll's
    ``--config a,b``), relative to ``folder``; None: the generator's own."""
    folder = folder.resolve()
    generator = generator or detect(folder)
    if generator not in GENERATORS:
        raise ConfigError(
            f"generator: expected one of {', '.join(GENERATORS)}, got {generator!r}"
        )
    if configs is not None and generator != "jekyll":
        raise ConfigError(
            f"from_configs: only Jekyll reads a list of configs; {folder} is a "
            f"{generator} site, which finds its own config: remove from_configs"
        )
    # Imported when used: a build reads one generator's site, not six.
    module = importlib.import_module(f"feedsmith.sites.{generator}")
    profile: Profile = (
        module.read(folder) if configs is None else module.read(folder, configs)
    )
    return profile
