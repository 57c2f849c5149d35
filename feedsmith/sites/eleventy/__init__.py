"""Eleventy: read an Eleventy site and place its posts as Eleventy 3.1.8 and
its feed plugin (3.0.0) do.

Every rule is measured and written down in ``docs/profiles/eleventy.md``;
its tables are the tests (``tests/test_profile_eleventy.py``). Nothing of
the site is executed: the config, data files and ``---js`` front matter are
read by :mod:`feedsmith.sites.javascript` for what is literal.

- :mod:`.jsconfig` reads the config file's calls and exported settings;
- :mod:`.options` interprets them (folders, drafts, collections, ...);
- :mod:`.feed` finds the feed and the settings it gives;
- :mod:`.data` reads data files, layouts and front matter of the cascade;
- :mod:`.rules` places each post; :mod:`.pages` renders permalinks and dates;
- :mod:`.slugs` holds the ``slugify`` and ``slug`` filters.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pathspec

from feedsmith.errors import ConfigError, SourceError
from feedsmith.sites import HTML_VIEWS, Profile, Unreadable
from feedsmith.sites.eleventy.data import (
    front_matter,
    layouts,
    read_global_data,
    walk_input,
)
from feedsmith.sites.eleventy.feed import (
    Feed,
    metadata_feed,
    settings_of,
    template_feed,
    virtual_feed,
)
from feedsmith.sites.eleventy.jsconfig import SiteConfig, read_config
from feedsmith.sites.eleventy.options import (
    Dirs,
    collection_of,
    directories,
    drops_drafts,
    ignored,
    layout_aliases,
    own_filters,
    passthrough_copies,
    path_prefix,
    permalink_engines,
    refuse_code,
    template_formats,
)
from feedsmith.sites.eleventy.rules import EleventyRules, Page
from feedsmith.sites.eleventy.slugs import slug, slugify

__all__ = ["read", "slug", "slugify"]

# The template formats feedsmith has a reader for, and their suffixes.
READABLE = {"md": ".md", "html": ".html"}


def read(root: Path) -> Profile:
    config = read_config(root)
    refuse_code(config)
    dirs = directories(root, config)
    prefix = path_prefix(config)
    formats = template_formats(config)
    output, published_as, why = _output(config, dirs, root)
    copies = tuple(passthrough_copies(config, dirs, root))
    copied = [folder for folder, _ in copies]
    skipped = {dirs.output, dirs.includes, dirs.layouts, dirs.data, output}
    skipped.update({dirs.input / "node_modules", *(f for f in copied if f.is_dir())})
    walk = walk_input(dirs, skipped, formats)
    global_data = read_global_data(dirs.data)
    unread: dict[str, str] = {}
    site = metadata_feed(global_data)
    feed = (
        virtual_feed(config, unread, site)
        or template_feed(walk.feed_candidates, global_data)
        or site
    )
    settings, origin = settings_of(feed, prefix, root)
    ignores = ignored(config, root, dirs)
    rules = EleventyRules(
        root=root,
        input=dirs.input,
        origin=origin,
        prefix=prefix if feed.prefixed else "/",
        collection=_collection(config, feed, root, unread),
        drafts=drops_drafts(config, unread),
        data_files={
            key: tuple(found) for key, found in sorted(walk.data_files.items())
        },
        layouts=layouts(dirs, formats),
        aliases=layout_aliases(config),
        engines=permalink_engines(config),
        own_filters=own_filters(config),
        ignores=ignores,
        dynamic=not any(
            call.args and call.args[0] is False
            for call in config.named("setDynamicPermalinks")
        ),
        root_data=dirs.input.name if dirs.input != root else "",
        skipped=tuple(
            sorted(
                f"{folder.relative_to(dirs.input).as_posix()}/"
                for folder in skipped
                if folder.is_relative_to(dirs.input) and folder != dirs.input
            )
        ),
        copies=copies,
    )
    spot = config.where(config.exported_line) if config.path else f"{root}: default"
    folders = _source_folders(root, dirs, skipped, ignores)
    settings["sources.folders"] = ([str(f) for f in folders], f"{spot} (dir.input)")
    readable = [f"*{READABLE[f]}" for f in formats if f in READABLE]
    settings["sources.include"] = (readable, f"{spot} (templateFormats)")
    settings["output"] = (str(output), why)
    settings.update(_views(config, root, dirs, formats, output, ignores))
    if published_as != output.name:  # else feeds.url follows output
        site_url = settings["site.url"][0]
        settings["feeds.url"] = (f"{site_url.rstrip('/')}/{published_as}/", why)
    if folders != [dirs.input]:
        _refuse_top_posts(rules, dirs.input, folders, unread)
    for key, reason in unread.items():
        settings[key] = (Unreadable(f"{reason}; set {key} in config.yaml"), reason)
    exclude = _exclude(root, dirs, rules, copied) if folders == [dirs.input] else ()
    rule_settings = {
        "pathPrefix": (prefix, spot),
        "dir.input": (dirs.input.relative_to(root).as_posix(), spot),
        "collection": ("/".join(rules.collection), feed.where or "none found"),
        "drafts": (rules.drafts, "a preprocessor or computed data on data.draft"),
    }
    return Profile(
        "eleventy", root, settings, exclude, rules, rule_settings=rule_settings
    )


def _collection(
    config: SiteConfig, feed: Feed, root: Path, unread: dict[str, str]
) -> tuple[str, ...]:
    if feed.collection is not None:
        return collection_of(config, feed.collection, unread)
    unread["sources.include"] = (
        f"{root}: no feed feedsmith can read (the feed plugin's addPlugin call, "
        "or a feed template looping over collections.<name>), so it cannot "
        "tell which pages are posts; name them with sources.include"
    )
    return ("any",)


def _exclude(
    root: Path, dirs: Dirs, rules: EleventyRules, copied: list[Path]
) -> tuple[str, ...]:
    """Exclude lines, relative to the input folder, for what Eleventy reads
    no template from (when the input folder is the one source folder)."""
    lines = [f"/{folder}" for folder in rules.skipped]
    lines.extend(
        f"/{path.relative_to(dirs.input).as_posix()}"
        for path in copied
        if path.is_file() and path.is_relative_to(dirs.input)
    )
    lines.extend(_excluded(rules.ignores, dirs.input.relative_to(root).as_posix()))
    return tuple(lines)


def _source_folders(
    root: Path, dirs: Dirs, skipped: set[Path], ignores: tuple[str, ...]
) -> list[Path]:
    """The input folder; or, when it holds the project (``dir.input`` is
    ``.``), its sub-folders, so that feedsmith's cache (beside the config)
    is no source folder. The sub-folders Eleventy never reads as templates
    are left out: the output, includes, data, passthrough copies, ignored."""
    if not root.is_relative_to(dirs.input):
        return [dirs.input]
    return [
        folder
        for folder in sorted(dirs.input.iterdir())
        if folder.is_dir()
        and not folder.name.startswith(".")
        and folder.name != "node_modules"
        and folder.resolve() not in skipped
        and not any(
            pattern.rstrip("/*") == folder.relative_to(root).as_posix()
            for pattern in ignores
        )
    ]


def _refuse_top_posts(
    rules: EleventyRules, source: Path, folders: list[Path], unread: dict[str, str]
) -> None:
    """Posts in the top folder, which feedsmith reads only from config.yaml's
    sources.folders: it reads the sub-folders, its cache sits at the top."""
    for path in sorted(source.iterdir()):
        if path.suffix not in READABLE.values() or not path.is_file():
            continue
        try:
            meta, lines = front_matter(path)
            line_of = functools.partial(_line, lines)
            layers = rules.layers_of(path.name, meta, path, line_of)
            page = Page(path, meta, line_of, layers)
        except (ConfigError, SourceError):
            continue
        if rules.collection[0] != "any" and rules.listed(path.name, page.data):
            shown = ", ".join(folder.name for folder in folders)
            unread["sources.folders"] = (
                f"{path}: a post in the top folder of the site, where feedsmith "
                f"does not look (it reads {shown}, and keeps its cache at the "
                "top); move the post into a folder, or list the folders"
            )
            return


def _line(lines: dict[str, int], key: str) -> int:
    return lines.get(key, 1)


def _excluded(ignores: tuple[str, ...], input_path: str) -> list[str]:
    """Eleventy's ignores as exclude lines relative to the input folder,
    where gitignore patterns can say the same (no ``{a,b}``)."""
    lines = []
    for pattern in ignores:
        if "{" in pattern:
            continue
        if input_path != ".":
            if not pattern.startswith(input_path + "/"):
                continue
            pattern = pattern[len(input_path) + 1 :]
        lines.append("/" + pattern)
    return lines


def _views(
    config: SiteConfig,
    root: Path,
    dirs: Dirs,
    formats: tuple[str, ...],
    output: Path,
    ignores: tuple[str, ...],
) -> dict[str, tuple[bool, str]]:
    """feeds.index and feeds.discovery off where Eleventy would render those
    pages as templates (the feeds folder in its input, not ignored, ``html``
    a template format): stray pages, and a build error for a title with
    ``{{``. On (the default) otherwise."""
    not_templates = (dirs.output, dirs.includes, dirs.layouts, dirs.data)
    if "html" not in formats or not output.is_relative_to(dirs.input):
        return {}
    if any(output.is_relative_to(folder) for folder in not_templates):
        return {}
    input_path = dirs.input.relative_to(root).as_posix()
    ignored = pathspec.GitIgnoreSpec.from_lines(_excluded(ignores, input_path))
    written = output.relative_to(root).as_posix()
    reason = (
        f"{config.path or root}: Eleventy would render the .html views in "
        f"{written}/ as templates (html is a template format); add "
        f'eleventyConfig.ignores.add("{written}/**")'
    )
    folder = output.relative_to(dirs.input).as_posix()
    return {
        key: (False, reason)
        for key, names in HTML_VIEWS.items()
        if not all(ignored.match_file(f"{folder}/{name}") for name in names)
    }


def _output(config: SiteConfig, dirs: Dirs, root: Path) -> tuple[Path, str, str]:
    """Where feeds go, their path in the site, and why: a folder Eleventy
    copies to the site's root, a ``feeds`` folder it copies, else ``feeds``
    beside the input, which the user adds as a passthrough copy."""
    copies = passthrough_copies(config, dirs, root)
    name = config.path.name if config.path else "eleventy.config.js"
    for folder, out in copies:
        if out == "":
            return (
                folder / "feeds",
                "feeds",
                f"{config.path}: {folder.name} is copied to the site's root",
            )
    for folder, out in copies:
        if folder.name == "feeds":
            return folder, out, f"{config.path}: the config copies {folder.name}/"
    folder = dirs.input / "feeds" if dirs.input == root else root / "feeds"
    written = folder.relative_to(root).as_posix()
    call = (
        f'addPassthroughCopy("{written}")'
        if dirs.input == root
        else f'addPassthroughCopy({{ "{written}": "feeds" }})'
    )
    return (
        folder,
        "feeds",
        f"{root}: Eleventy publishes it once {name} has eleventyConfig.{call}",
    )
