"""Jekyll: read a Jekyll site's config and place its posts as Jekyll 4.3.1
with jekyll-feed 0.17.0 does.

Every rule here is measured and written down in ``docs/profiles/jekyll.md``;
its tables are the tests (``tests/test_profile_jekyll.py``). Links are the
pages Jekyll writes; ids are jekyll-feed's (the post's folder and its raw
slug), so a feed reader sees the old feed's items again.

- :mod:`.config` reads and merges the site's config files, with provenance;
- :mod:`.files` tells which files Jekyll reads as posts;
- :mod:`.defaults` holds the front matter ``defaults`` and their precedence;
- :mod:`.rules` places each post; :mod:`.urls` expands permalinks and ids;
- :mod:`.values` reads flags and dates as YAML 1.1 and Ruby do;
- :mod:`.slugs` holds ``slugify`` and the title of an untitled post.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from feedsmith import yamltext
from feedsmith.errors import ConfigError
from feedsmith.sites import Profile, Unreadable
from feedsmith.sites.jekyll.config import SiteConfig, check_template, load
from feedsmith.sites.jekyll.defaults import read_defaults
from feedsmith.sites.jekyll.files import (
    LIST_DEFAULTS,
    exclusions,
    inside,
    post_folders,
    read_filter,
)
from feedsmith.sites.jekyll.rules import JekyllRules
from feedsmith.sites.jekyll.slugs import slugify, titleize
from feedsmith.sites.jekyll.urls import (
    PATH_SAFE,
    STYLES,
    expand,
    feed_id,
    url_values,
)
from feedsmith.sites.jekyll.values import flag

__all__ = ["STYLES", "expand", "feed_id", "read", "slugify", "titleize", "url_values"]

FEED_FOLDER = "feeds"
MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"
# jekyll-feed's settings and their defaults, shown by --explain
FEED_DEFAULTS = {
    "feed.path": "feed.xml",
    "feed.posts_limit": 10,
    "feed.excerpt_only": False,
}


def read(root: Path, configs: Sequence[str] | None = None) -> Profile:
    """The profile of the Jekyll site at ``root``, its config read from
    ``configs`` (relative to ``root``, merged in order) or ``_config.yml``."""
    config = load(root, configs)
    if config.text("collections_dir"):
        raise config.error(
            "collections_dir", "not supported yet; move _posts back to the site folder"
        )
    feed_path = (config.text("feed.path") or "feed.xml").lstrip("/")
    if (root / feed_path).is_file():
        raise ConfigError(
            f"{root / feed_path}: the site's own feed template decides its ids and "
            "items, which feedsmith cannot read; set site.*, sources and permalink "
            "in config.yaml without from:"
        )
    settings: dict[str, tuple[Any, str]] = {}
    link_base, id_base = _bases(config, settings)
    _site_settings(config, settings)
    authors, authors_file = _authors(root, config)
    author = _site_author(config, authors)
    if author is not None:
        settings["site.author"] = (author, config.where("author"))
    found = read_filter(config)
    folders = post_folders(root, found)
    if not folders:
        raise ConfigError(f"{root}: no _posts folder, so Jekyll publishes no posts")
    settings["sources.folders"] = (
        [str(folder) for folder in folders],
        f"{root}: the _posts folders Jekyll reads",
    )
    settings["output"] = _output(root, config, found.skips_name(FEED_FOLDER, True))
    rules = JekyllRules(
        root=root,
        config=config.where("exclude").rsplit(":", 1)[0],
        link_base=link_base,
        id_base=id_base,
        template=_template(config),
        defaults=read_defaults(config, root),
        converted=_converted(config),
        authors=authors,
        filter=inside(found, folders, root),
        show_drafts=flag(config.get("show_drafts")),
        unpublished=flag(config.get("unpublished")),
    )
    shown = _rule_settings(config, rules)
    name = f"{config.text('data_dir') or '_data'}/{authors_file.name}"
    shown[name] = (
        authors,
        f"{authors_file}:1" if authors else f"Jekyll's default ({name} unset)",
    )
    return Profile(
        "jekyll",
        root,
        settings,
        exclusions(found),
        rules,
        rule_settings=shown,
        variables=config.data,
    )


def _output(root: Path, config: SiteConfig, excluded: bool) -> tuple[Any, str]:
    if excluded:
        return (
            Unreadable(
                f"{config.where('exclude')}: exclude: leaves {FEED_FOLDER}/ out of "
                "the built site; take it out of exclude:, or set output in "
                "config.yaml to a folder Jekyll publishes"
            ),
            config.where("exclude"),
        )
    return (
        str(root / FEED_FOLDER),
        f"{root}: Jekyll copies {FEED_FOLDER}/ into the site as it is",
    )


def _bases(config: SiteConfig, settings: dict[str, tuple[Any, str]]) -> tuple[str, str]:
    """Where the pages are (``url`` + ``baseurl``), and the same as
    jekyll-feed joins it for ids (``url`` as written)."""
    url = config.text("url")
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in (url or ""):
        raise config.error(
            "url",
            f"expected the site's absolute http(s) URL, got {url!r}; Jekyll's feed "
            "needs it too: set url: in the site's config",
        )
    assert url is not None
    base = config.text("baseurl") or ""
    base = base[:-1] if base.endswith("/") else base
    base = base if not base or base.startswith("/") else "/" + base
    home = f"{parts.scheme}://{parts.netloc.lower()}{parts.path}".rstrip("/")
    link_base = home + quote(base, safe=PATH_SAFE.replace("?", "%"))
    where = config.latest("url", "baseurl") if base else config.where("url")
    settings["site.url"] = (link_base + "/", where)
    return link_base, url + base


def _site_settings(config: SiteConfig, settings: dict[str, tuple[Any, str]]) -> None:
    title_key = "title" if config.text("title") else "name"
    title = config.text(title_key)
    if title is not None:
        settings["site.title"] = (title, config.where(title_key))
    description = config.text("description")
    if description is not None:
        settings["site.description"] = (description, config.where("description"))
    elif title is not None:
        settings["site.description"] = (title, "no description: the site's title")
    language = config.text("lang")
    if language is not None:
        settings["site.language"] = (language, config.where("lang"))
    zone = config.text("timezone")
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise config.error(
                "timezone", f"unknown time zone {zone!r}; use an IANA name"
            ) from None
        settings["site.timezone"] = (zone, config.where("timezone"))
    limit = config.get("feed.posts_limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        settings["feeds.limit"] = (limit, config.where("feed.posts_limit"))
    else:
        settings["feeds.limit"] = (10, "jekyll-feed's default (feed.posts_limit)")
    if flag(config.get("future")):
        settings["feeds.future"] = (True, config.where("future"))
    if flag(config.get("feed.excerpt_only")):
        settings["feeds.content"] = ("summary", config.where("feed.excerpt_only"))
    separator = config.get("excerpt_separator")
    if isinstance(separator, str) and separator.strip():
        key = "content.excerpt_separator"
        settings[key] = (separator.strip(), config.where("excerpt_separator"))
    settings["content.typographer"] = _typographer(config)


def _typographer(config: SiteConfig) -> tuple[bool, str]:
    """kramdown's smart quotes and dashes: on, unless the site converts
    Markdown with another converter (``markdown: CommonMark``) or sets
    ``kramdown.smart_quotes`` to straight ones (``apos,apos,quot,quot``)."""
    converter = config.get("markdown")
    if isinstance(converter, str) and converter.strip().lower() != "kramdown":
        return False, config.where("markdown")
    quotes = config.get("kramdown.smart_quotes")
    if isinstance(quotes, str):
        quotes = quotes.split(",")
    if not isinstance(quotes, list) or not quotes:
        return True, config.source("kramdown.smart_quotes", "kramdown")
    straight = all(str(q).strip() in ("apos", "quot") for q in quotes)
    return not straight, config.where("kramdown.smart_quotes")


def _template(config: SiteConfig) -> str:
    """The posts' permalink: ``collections.posts.permalink``, else the site's
    ``permalink`` (a style name or a template), Jekyll's ``date`` by default."""
    key = "collections.posts.permalink"
    template = config.text(key)
    if template is None:
        key = "permalink"
        style = config.text(key) or "date"
        template = STYLES.get(style, style)
    check_template(template, config, key)
    return template


def _converted(config: SiteConfig) -> tuple[str, ...]:
    names = config.text("markdown_ext") or MARKDOWN_EXT
    return tuple(sorted("." + n.strip().lower() for n in names.split(",")))


def _rule_settings(config: SiteConfig, rules: JekyllRules) -> dict[str, Any]:
    """The settings the rules use, under Jekyll's names, for ``--explain``:
    as the site's config writes them, else Jekyll's (or jekyll-feed's)
    defaults. Those that fill a key of ``config.yaml`` (``timezone``,
    ``excerpt_separator``, ...) show there."""
    shown: dict[str, Any] = {
        "url": config.text("url"),
        "baseurl": config.text("baseurl") or "",
        "permalink": config.text("permalink") or "date",
        "collections.posts.permalink": rules.template,
        "markdown_ext": config.text("markdown_ext") or MARKDOWN_EXT,
        "future": flag(config.get("future")),
        "unpublished": rules.unpublished,
        "show_drafts": rules.show_drafts,
        "exclude": _written_list(config, "exclude"),
        "include": _written_list(config, "include"),
    }
    rows = {name: (value, config.source(name)) for name, value in shown.items()}
    for name, default in FEED_DEFAULTS.items():
        value = config.get(name)
        rows[name] = (
            default if value is None else value,
            config.source(name, "jekyll-feed"),
        )
    written = config.get("defaults")
    if not isinstance(written, list) or not written:
        rows["defaults"] = ([], config.source("defaults"))
    for index, item in enumerate(written if isinstance(written, list) else []):
        rows[f"defaults.{index}"] = (item, config.source(f"defaults.{index}"))
    return rows


def _written_list(config: SiteConfig, key: str) -> list[str]:
    value = config.get(key)
    return list(LIST_DEFAULTS[key]) if value is None else [str(v) for v in value]


def _authors(root: Path, config: SiteConfig) -> tuple[dict[str, dict[str, str]], Path]:
    """``_data/authors.yml`` (or ``.yaml``, ``.json``): each key's name and
    e-mail address, and the file they are in (``authors.yml``: none)."""
    folder = root / (config.text("data_dir") or "_data")
    for name in ("authors.yml", "authors.yaml", "authors.json"):
        path = folder / name
        if path.is_file():
            break
    else:
        return {}, folder / "authors.yml"
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yamltext.load(text, aliases=False)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the authors: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of authors")
    found = {}
    for key, entry in data.items():
        if isinstance(entry, dict):
            named = entry.get("name")
            person = {"name": named if isinstance(named, str) and named else str(key)}
            if isinstance(entry.get("email"), str) and entry["email"]:
                person["email"] = str(entry["email"])
            found[str(key)] = person
    return found, path


def _site_author(config: SiteConfig, authors: Mapping[str, Mapping[str, str]]) -> Any:
    value = config.get("author")
    if isinstance(value, str | int) and str(value) in authors:
        return dict(authors[str(value)])
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return {k: v for k, v in value.items() if k in ("name", "email") and v}
    return None
