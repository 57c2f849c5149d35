"""Load ``config.yaml`` into frozen dataclasses, reporting every mistake by key.

Every key, its check and its default live in the one ``SCHEMA`` table below,
``sources`` included, so the validation, the defaults and the README's
configuration reference (checked against it by ``tests/test_readme.py``)
cannot drift apart. Relative paths are resolved against the config file's
folder.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import regex
import yaml

from feedsmith import config_feeds as feeds_check
from feedsmith import config_values as check
from feedsmith import yamltext
from feedsmith.config_feeds import CustomFeed
from feedsmith.config_values import Invalid
from feedsmith.errors import ConfigError
from feedsmith.locations import check_locations
from feedsmith.model import Podcast, Site
from feedsmith.render import FORMATS
from feedsmith.sites import Profile, Unreadable
from feedsmith.sites import read as read_site


@dataclass(frozen=True, slots=True)
class WebSub:
    """Where feed readers subscribe for pushed updates, and whether a build
    tells that hub which feeds changed."""

    hub: str | None = None  # named in every feed; None: no hub
    ping: bool = False  # post the changed feeds to the hub after writing


@dataclass(frozen=True, slots=True)
class FeedSettings:
    url: str
    formats: tuple[str, ...]
    limit: int
    content: str
    tags: bool
    future: bool
    # RSS and Atom name feed.css, and feed.xsl before it ("both"); "css"
    # only; "none"
    stylesheet: str = "both"
    index: bool = True  # index.html lists every feed
    opml: bool = True  # feeds.opml lists every feed
    discovery: bool = True  # discovery.html beside every feed
    websub: WebSub = WebSub()
    # feeds per article value, each kind in its folder: "tags" (on when
    # feeds.tags is), "authors", "sections", "categories"
    by: tuple[str, ...] = ("tags",)
    custom: tuple[CustomFeed, ...] = ()  # feeds.custom, in the order given
    archive: int = 0  # items per RFC 5005 archive page; 0: no archive
    max_bytes: int = 524_288  # a feed file's largest size; 0: no budget


@dataclass(frozen=True, slots=True)
class Sources:
    folders: tuple[Path, ...]
    include: tuple[str, ...]  # .gitignore lines; empty means every readable file
    exclude: tuple[str, ...]  # .gitignore lines, DEFAULT_EXCLUDE included
    encoding: str  # for files that carry no byte-order mark or declaration
    max_bytes: int  # larger files are skipped unread
    # Build from a shallow clone, whose dates from git may be late, with a
    # warning; otherwise an error (see gitdates.GitDating.shallow).
    accept_shallow_clone: bool


@dataclass(frozen=True, slots=True)
class ContentSettings:
    sanitize: bool  # strip scripts, frames, forms, event handlers from bodies
    max_bytes: int  # a larger rendered body is left out (summary only)
    # the text that ends a summary, when an article's front matter names none
    excerpt_separator: str = "<!--more-->"
    # a derived summary takes whole paragraphs until it holds this many
    # words; 0: the first paragraph alone
    summary_words: int = 0
    # typographic quotes and dashes in Markdown, as Hugo and Jekyll make them
    typographer: bool = False
    # a template tag or shortcode the site's generator has but feedsmith
    # cannot render: "warn" (removed), "error", or "keep" (left as written)
    unknown_tags: str = "warn"
    # raw HTML written in Markdown kept (sanitized); False: left out, as
    # Hugo's Goldmark does unless markup.goldmark.renderer.unsafe is set
    raw_html: bool = True


@dataclass(frozen=True, slots=True)
class TextSettings:
    title_cleanup: regex.Pattern[str] | None  # compiled by the regex package


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    site: Site
    sources: Sources
    output: Path
    permalink: str
    feeds: FeedSettings
    text: TextSettings
    content: ContentSettings
    cache: Path | None  # folder of the incremental cache; None: off
    # ``from:``: the site generator's profile, which fills every key the
    # config leaves unset and places each article as the generator does
    profile: Profile | None = None
    podcast: Podcast | None = None  # config podcast:; None: no feed is a show
    # Every setting with the place its value came from, for ``--explain``.
    origins: tuple[Origin, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Origin:
    """One setting as ``--explain`` shows it: its value as ``config.yaml``
    would write it, and where that value was read."""

    key: str  # dotted: ``feeds.limit``
    value: Any
    source: str  # ``config.yaml:4``, ``/site/hugo.toml:12``, or why it is so
    overrides: str = ""  # where the site's own value was, when config.yaml wins


def file_of(source: str) -> tuple[Path, str] | None:
    """The file and line an :class:`Origin`'s source names when it is a
    site file's (``/site/hugo.toml:12``); None for ``default`` or a reason."""
    path, colon, line = source.rpartition(":")
    if not colon or not line.isdigit() or not path.startswith("/"):
        return None
    return Path(path), line


def load_config(path: Path) -> Config:
    """Read and validate the configuration file at ``path``."""
    raw, lines = _parse_yaml(path, _read_bytes(path))
    return _loaded(path, raw, lines)


def load_site(folder: Path) -> Config:
    """The configuration of ``--site DIR``: no ``config.yaml``, everything
    read from the site's own config, as ``from: DIR`` alone would. Paths
    that ``config.yaml`` would anchor (the cache) are in ``DIR``."""
    where = folder.resolve()
    return _loaded(where / "config.yaml", {"from": str(where)}, {}, given="--site")


def _loaded(
    path: Path,
    written: Mapping[str, Any],
    lines: Mapping[str, int],
    given: str = "",
) -> Config:
    profile = _profile(path, written)
    raw = written if profile is None else _filled(written, profile.settings)
    problems: list[str] = []
    values = _validate(raw, SCHEMA, "", problems)
    websub = values["feeds"]["websub"]
    hub_wrong = any(p.startswith("feeds.websub.hub:") for p in problems)
    if websub["ping"] and websub["hub"] is None and not hub_wrong:
        problems.append(
            "feeds.websub.ping: true needs feeds.websub.hub, the hub to ping"
        )
    if raw.get("podcast") is not None:  # what Apple requires, unless wrong already
        wrong = {problem.split(":")[0] for problem in problems}
        missing = feeds_check.podcast_problems(
            values["podcast"], values["site"], values["feeds"]
        )
        problems.extend(p for p in missing if p.split(":")[0] not in wrong)
    if problems:
        raise ConfigError("\n".join(f"{path.name}: {p}" for p in problems))
    config = _build(path, values, profile)
    if profile is not None:
        _check_narrowed(path, config.sources.folders, profile)
    origins = _origins(path, written, lines, given, profile, config)
    config = replace(config, origins=origins)
    defaults = {
        key: rule.default
        for key in ("output", "cache")
        if isinstance(rule := SCHEMA[key], Key)
    }
    check_locations(config, defaults)  # before anything is written there
    return config


def _profile(path: Path, raw: Mapping[str, Any]) -> Profile | None:
    """The profile of the site ``from:`` names, relative to the config."""
    folder, generator = raw.get("from"), raw.get("generator")
    configs = raw.get("from_configs")
    if folder is None:
        for key, value in (("generator", generator), ("from_configs", configs)):
            if value is not None:
                raise ConfigError(f"{path.name}: {key}: set from: too")
        return None
    try:
        where = Path(check.plain_text(folder))
        name = None if generator is None else check.plain_text(generator)
    except Invalid as exc:
        raise ConfigError(f"{path.name}: from: {exc}") from None
    try:
        files = None if configs is None else check.text_list(configs)
    except Invalid as exc:
        raise ConfigError(f"{path.name}: from_configs: {exc}") from None
    if files == ():
        raise ConfigError(f"{path.name}: from_configs: name at least one file")
    return read_site(path.resolve().parent / where, name, files)


def _filled(
    raw: Mapping[str, Any], settings: Mapping[str, tuple[Any, str]]
) -> dict[str, Any]:
    """``raw`` with each of ``settings`` it does not set itself."""
    filled: dict[str, Any] = dict(raw)
    for dotted, (value, _) in settings.items():
        *sections, key = dotted.split(".")
        level = filled
        for name in sections:
            inner = level.get(name)
            if inner is None:
                inner = {}
            elif not isinstance(inner, dict):
                rule = SCHEMA.get(name)
                short = [
                    k
                    for k, r in (rule.items() if isinstance(rule, dict) else ())
                    if isinstance(r, Key) and r.shorthand
                ]
                inner = {short[0]: inner} if short else inner
            else:
                inner = dict(inner)
            level[name] = inner
            level = inner
        if isinstance(level, dict) and level.get(key) is None:
            if isinstance(value, Unreadable):  # only config.yaml can give it
                raise ConfigError(value.message)
            level[key] = value
    return filled


MAX_CONFIG_BYTES = 1_000_000  # a generous site's config is a few kilobytes


def _read_bytes(path: Path) -> bytes:
    """The config file's bytes, at most ``MAX_CONFIG_BYTES``. Opened without
    blocking and checked to be a regular file: ``--config`` naming a pipe
    with no writer must fail, not hang."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise ConfigError(f"{path}: not a regular file; pass --config FILE")
            raw = os.read(descriptor, MAX_CONFIG_BYTES + 1)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: config file not found; create it or pass --config FILE"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from exc
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{path.name}: larger than {MAX_CONFIG_BYTES:,} bytes; "
            "is this the right file?"
        )
    return raw


def _parse_yaml(path: Path, raw: bytes) -> tuple[Mapping[str, Any], dict[str, int]]:
    """The config's settings, loaded as safely as front matter (no aliases,
    no repeated keys, bounded in size and nesting), and each key's line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{path.name}:{line}: byte 0x{raw[exc.start]:02x} is not valid UTF-8; "
            "save the file as UTF-8"
        ) from None
    try:
        data = yamltext.load(text, aliases=False)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        raise ConfigError(
            f"{where}: invalid YAML: {yamltext.explain(exc, text)}"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: expected a mapping of settings at the top")
    return data, yamltext.key_lines(text)


def _check_narrowed(path: Path, folders: tuple[Path, ...], profile: Profile) -> None:
    """With ``from:``, ``sources`` may narrow the folders the generator
    reads, never point elsewhere: its rules place a post by its path inside
    them."""
    read, where = profile.settings.get("sources.folders", ([], ""))
    if not isinstance(read, list):  # the site cannot say: config.yaml does
        return
    own = [Path(folder).resolve() for folder in read]
    for folder in folders:
        if not any(folder.resolve().is_relative_to(mine) for mine in own):
            shown = ", ".join(map(str, own))
            raise ConfigError(
                f"{path.name}: sources: {folder} is outside the folders "
                f"{profile.generator} reads posts from ({shown}, {where}); with "
                "from:, sources may only name folders inside them"
            )


def _origins(
    path: Path,
    written: Mapping[str, Any],
    lines: Mapping[str, int],
    given: str,
    profile: Profile | None,
    config: Config,
) -> tuple[Origin, ...]:
    """Where each setting's value came from: ``config.yaml`` (at its line),
    the site's own config (``from:``), or the default."""
    read = profile.settings if profile is not None else {}
    origins = []
    for key, rule in _leaves(SCHEMA):
        value = _written_value(written, key)
        site = read.get(key)
        if key == "permalink" and profile is not None:
            generator = profile.generator
            origins.append(
                Origin(key, f"none, {generator} places each article", "from")
            )
        elif value is not None:
            line = lines.get(key) or lines.get(key.split(".")[0])
            source = given or (f"{path.name}:{line}" if line else path.name)
            origins.append(Origin(key, value, source, site[1] if site else ""))
        elif site is not None:
            origins.append(Origin(key, site[0], site[1]))
        elif key == "generator" and profile is not None:
            origins.append(Origin(key, profile.generator, "recognised from its files"))
        elif key == "feeds.url":
            origins.append(Origin(key, config.feeds.url, "site.url + output's name"))
        elif rule.default is not None:
            origins.append(Origin(key, rule.default, "default"))
    return tuple(origins)


def _leaves(schema: Schema, prefix: str = "") -> list[tuple[str, Key]]:
    """Every key of ``schema``, dotted, in the table's order."""
    found: list[tuple[str, Key]] = []
    for name, rule in schema.items():
        if isinstance(rule, dict):
            found.extend(_leaves(rule, f"{prefix}{name}."))
        else:
            found.append((f"{prefix}{name}", rule))
    return found


def _written_value(written: Mapping[str, Any], key: str) -> Any:
    """The value ``config.yaml`` gives the dotted ``key``, or None; a
    section's shorthand (``sources: posts``) gives its shorthand key."""
    *sections, name = key.split(".")
    level: Any = written
    rule: Any = SCHEMA
    for section in sections:
        level = level.get(section) if isinstance(level, dict) else None
        rule = rule[section]
        if level is not None and not isinstance(level, dict):
            inner = rule.get(name)
            return level if isinstance(inner, Key) and inner.shorthand else None
    return level.get(name) if isinstance(level, dict) else None


# --- the schema: every key, its check and its default ---


def _image_url(value: object) -> str:
    """``site.icon``/``site.logo``: an absolute http(s) URL, or a path that
    :func:`_build` puts under ``site.url`` (``/x.png`` too, like
    ``permalink``), percent-encoded where a URL needs it."""
    text = check.plain_text(value)
    try:
        parts = urlsplit(text)
    except ValueError:  # such as https://[x
        raise Invalid(f"expected a URL or a path, got {text!r}") from None
    if parts.scheme or text.startswith("//"):
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Invalid(
                f"must be an http(s) URL or a path under site.url, got {text!r}"
            )
        if any(c.isspace() for c in text):
            raise Invalid(f"must not contain spaces, got {text!r}; write them as %20")
        return text
    return quote(text.lstrip("/"), safe=_URL_SAFE)


_URL_SAFE = "/%:@!$&'()*+,;=-._~?#"  # kept as written in a path (RFC 3986)


REQUIRED = object()  # the default of a key that must be given


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: the check its value must pass (see ``config_values``) and
    its default, written as in ``config.yaml``: ``REQUIRED`` if it has none,
    ``None`` if it is unset unless given."""

    check: Callable[[Any], Any]
    default: Any = None
    # A section given as a plain value, such as ``sources: posts``, sets
    # this key of it.
    shorthand: bool = False


Schema = dict[str, "Key | Schema"]

SCHEMA: Schema = {
    "from": Key(check.plain_text),  # a site folder: see feedsmith.sites
    "generator": Key(check.plain_text),  # unset: recognised from its files
    # Jekyll's config files in from:, merged in order; unset: _config.yml
    "from_configs": Key(check.text_list),
    "site": {
        "title": Key(check.plain_text, REQUIRED),
        "url": Key(check.url, REQUIRED),
        "description": Key(check.plain_text, REQUIRED),
        "language": Key(check.plain_text),
        "author": Key(check.author),
        "timezone": Key(check.time_zone, "UTC"),
        "zones": Key(check.zones, {}),
        "icon": Key(_image_url),  # small and square: Atom icon, JSON favicon
        "logo": Key(_image_url),  # larger: Atom logo, RSS image, JSON icon
    },
    "sources": {
        "folders": Key(check.text_list, "sources", shorthand=True),
        "include": Key(check.patterns, []),  # none: every readable file
        "exclude": Key(check.excluded, []),  # after DEFAULT_EXCLUDE
        "encoding": Key(check.encoding, "utf-8"),
        "max_bytes": Key(check.limit, 10_000_000),
        "accept_shallow_clone": Key(check.flag, False),
    },
    "output": Key(check.plain_text, "feeds"),
    "permalink": Key(check.permalink, "/{year}/{month}/{slug}/"),
    "cache": Key(check.cache, ".feedsmith-cache"),
    "feeds": {
        "url": Key(check.url),  # unset: site.url + the output folder's name
        "formats": Key(check.formats, list(FORMATS)),
        "limit": Key(check.limit, 20),
        "content": Key(check.content, "full"),
        "tags": Key(check.flag, True),
        "future": Key(check.flag, False),
        "stylesheet": Key(check.stylesheet, True),
        "index": Key(check.flag, True),
        "opml": Key(check.flag, True),
        "discovery": Key(check.flag, True),
        "websub": {
            "hub": Key(check.hub),
            "ping": Key(check.flag, False),  # --ping does it for one build
        },
        "by": Key(feeds_check.feed_kinds, ["tags"]),  # a feed per tag, author...
        "custom": Key(feeds_check.custom_feeds, []),  # feeds a filter defines
        "archive": Key(feeds_check.archive, False),  # true, false or items per page
        "max_bytes": Key(check.size_budget, 524_288),  # a feed's largest; 0: none
    },
    "podcast": {  # given: the feed named by feed is a show
        "feed": Key(check.plain_text),  # unset: the main feed
        "image": Key(_image_url),
        "categories": Key(feeds_check.podcast_categories),
        "explicit": Key(check.flag),
        "author": Key(check.plain_text),
        "owner": Key(check.author),
        "type": Key(feeds_check.podcast_type, "episodic"),
        "guid": Key(check.plain_text),  # unset: derived from the feed's URL
        "locked": Key(check.flag, False),
    },
    "text": {
        "title_cleanup": Key(check.pattern),
    },
    "content": {
        "sanitize": Key(check.flag, True),
        "max_bytes": Key(check.limit, 1_000_000),
        "excerpt_separator": Key(check.plain_text, "<!--more-->"),
        "summary_words": Key(check.count, 0),
        "typographer": Key(check.flag, False),
        "unknown_tags": Key(check.unknown_tags, "warn"),
        "raw_html": Key(check.flag, True),
    },
}


def _validate(
    raw: object, schema: Schema, prefix: str, problems: list[str]
) -> dict[str, Any]:
    """The clean value of every key of ``schema`` from ``raw``, each problem
    appended to ``problems`` as ``key: what is wrong``."""
    names = {key: f"{prefix}{key}" for key in schema}
    settings = _settings(raw, schema, prefix.rstrip("."), names, problems)
    for key in settings:
        if key not in schema:
            hint = difflib.get_close_matches(str(key), list(schema), n=1)
            advice = f"; did you mean {prefix}{hint[0]}?" if hint else ""
            problems.append(f"{prefix}{key}: unknown key{advice}")
    clean: dict[str, Any] = {}
    for key, rule in schema.items():
        if isinstance(rule, dict):
            clean[key] = _validate(settings.get(key), rule, f"{names[key]}.", problems)
        else:
            clean[key] = _value(settings.get(key), rule, names[key], problems)
    return clean


def _settings(
    raw: object, schema: Schema, name: str, names: dict[str, str], problems: list[str]
) -> dict[Any, Any]:
    """A section's mapping: empty if left out, ``{folders: raw}`` for a plain
    ``sources: raw`` (whose problems are then named ``sources``, as written)."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        return raw
    for key, rule in schema.items():
        if isinstance(rule, Key) and rule.shorthand:
            names[key] = name
            return {key: raw}
    problems.append(f"{name}: expected a mapping, got {check.shown(raw)}")
    return {}


def _value(raw: object, rule: Key, name: str, problems: list[str]) -> Any:
    """The clean value of one key, or its default's; None if unset or wrong."""
    if raw is None and rule.default is REQUIRED:
        problems.append(f"{name}: required key is missing")
        return None
    value = rule.default if raw is None else raw
    try:
        return None if value is None else rule.check(value)
    except Invalid as exc:
        parts = exc.parts or (("", str(exc)),)
        problems.extend(f"{name}{part}: {why}" for part, why in parts)
        return None


def _build(
    path: Path, values: dict[str, Any], profile: Profile | None = None
) -> Config:
    base = path.resolve().parent
    site = Site(**values["site"])
    site = replace(
        site,
        icon=site.icon and urljoin(site.url, site.icon),
        logo=site.logo and urljoin(site.url, site.logo),
    )
    output = base / values["output"]
    feeds = dict(values["feeds"])
    feeds["url"] = feeds["url"] or f"{site.url}{output.name}/"
    feeds["websub"] = WebSub(**feeds["websub"])
    if not feeds["tags"]:  # the older switch still turns tag feeds off
        feeds["by"] = tuple(kind for kind in feeds["by"] if kind != "tags")
    if feeds["archive"] == -1:  # true: pages as long as the current feed
        feeds["archive"] = feeds["limit"]
    feeds["custom"] = tuple(
        feeds_check.custom_feed(given, site, feeds) for given in feeds["custom"]
    )
    sources = dict(values["sources"])
    sources["folders"] = tuple(base / folder for folder in sources["folders"])
    if profile is not None:
        sources["exclude"] = (*sources["exclude"], *profile.exclude)
    return Config(
        path=path,
        site=site,
        sources=Sources(**sources),
        output=output,
        permalink=values["permalink"],
        feeds=FeedSettings(**feeds),
        text=TextSettings(**values["text"]),
        content=ContentSettings(**values["content"]),
        cache=base / values["cache"] if values["cache"] else None,
        profile=profile,
        podcast=feeds_check.podcast(values["podcast"], site, feeds["url"])
        if values["podcast"]["image"]  # required: set when podcast: is given
        else None,
    )
