"""Jekyll: read a Jekyll site's config and place its posts as Jekyll 4.3.1
with jekyll-feed 0.17.0 does.

Every rule here is measured and written down in ``docs/profiles/jekyll.md``;
its tables are this module's tests (``tests/test_profile_jekyll.py``). Links
are the pages Jekyll writes; ids are jekyll-feed's (the post's folder and its
raw slug), so a feed reader sees the old feed's items again.
"""

from __future__ import annotations

import fnmatch
import glob
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from feedsmith import dates, yamltext
from feedsmith.errors import ConfigError, SkippedSource, SourceError
from feedsmith.sites import LineOf, Placement, Profile, Unreadable

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
TOKENS = frozenset({
    "collection", "path", "name", "title", "slug", "categories",
    "slugified_categories", "year", "month", "day", "hour", "minute", "second",
    "i_day", "i_month", "short_month", "long_month", "short_year", "y_day",
    "w_year", "week", "w_day", "short_day", "long_day", "output_ext",
})  # fmt: skip
MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"
# Jekyll always adds these to the site's exclude list.
JEKYLL_EXCLUDES = (
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
    "node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
)  # fmt: skip
# Inside _posts Jekyll skips what starts with _ # ~ at its top (and ., which
# feedsmith always skips), and names ending in ~ or a dot; deeper down, files
# starting so (``JekyllRules.place`` tells them).
SKIPPED_NAMES = ("/_*", "/\\#*", "/~*", "*~", "*.")
FEED_FOLDER = "feeds"
_POST_NAME = re.compile(r"^([0-9]{2,4})-([0-9]{1,2})-([0-9]{1,2})-([^/]*)(\.[^./]+)$")
_TOKEN = re.compile(r":([a-z_]+)")
_PLAIN_PATH = re.compile(r"[a-zA-Z0-9./-]+")
# What Jekyll leaves unescaped in a token's value (Addressable's encoding of
# a path and a query; every "#" is escaped).
_PATH_SAFE = "_.-~!$&'()*+,;=:@/?"
_PCHAR_SAFE = "!$&'()*+,;=:@"  # what Addressable leaves in a path segment
_YAML_TIME = re.compile(
    r"(-?[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2})"
    r":([0-9]{2})(?:\.[0-9]*)?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?"
)
_TRUE, _FALSE = ("yes", "true", "on"), ("no", "false", "off")  # YAML 1.1, any case
_TAGS = re.compile(r"<[^>]*>")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The i18n gem's transliterations that are not a letter with marks dropped.
_LATIN = {
    "Æ": "AE", "æ": "ae", "Ð": "D", "ð": "d", "Ø": "O", "ø": "o", "Þ": "Th",
    "þ": "th", "ß": "ss", "\u00d7": "x", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
    "\u0131": "i", "Ĳ": "IJ", "ĳ": "ij", "ĸ": "k", "Ŀ": "L", "ŀ": "l", "Ł": "L",
    "ł": "l", "ŉ": "'n", "Ŋ": "NG", "ŋ": "ng", "Œ": "OE", "œ": "oe", "Ŧ": "T",
    "ŧ": "t", "\u017f": "s",
}  # fmt: skip
_PRETTY_KEPT = frozenset("._~!$&'()+,;=@")
_RUBY_SPACE = frozenset(" \t\r\n\f\v")


# --- slugs and titles ---


def slugify(text: str, mode: str = "default", *, cased: bool = False) -> str:
    """Jekyll's ``slugify``: each run of characters the mode does not keep
    becomes one ``-``, one leading and one trailing ``-`` go, then lowercase
    unless ``cased``. Modes: raw, default, pretty, ascii, latin."""
    if mode == "latin":
        text, mode = _transliterate(text), "default"
    out: list[str] = []
    run = False
    for char in text:
        if _kept(char, mode):
            if run:
                out.append("-")
            out.append(char)
            run = False
        else:
            run = True
    if run:
        out.append("-")
    slug = "".join(out)
    slug = slug[1:] if slug.startswith("-") else slug
    slug = slug[:-1] if slug.endswith("-") else slug
    return slug if cased else slug.lower()


def _kept(char: str, mode: str) -> bool:
    if mode == "raw":
        return char not in _RUBY_SPACE
    if mode == "ascii":
        return char.isascii() and char.isalnum()
    if mode == "pretty" and char in _PRETTY_KEPT:
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _transliterate(text: str) -> str:
    """The i18n gem's ``transliterate``: Latin-1 and Latin Extended-A letters
    lose their marks, every other non-ASCII character becomes ``?``."""
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
        elif char in _LATIN:
            out.append(_LATIN[char])
        elif "\u00c0" <= char <= "\u017f":
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base if base.isascii() else "?")
        else:
            out.append("?")
    return "".join(out)


def titleize(slug: str) -> str:
    """The title of a post without one: its file-name slug split at ``-``,
    each word capitalised (``MiXed-CASE`` → ``Mixed Case``)."""
    words = slug.split("-")
    while words and not words[-1]:  # Ruby's split drops trailing empties
        words.pop()
    return " ".join(word.capitalize() for word in words)


# --- URLs ---


def escape_path(value: str) -> str:
    """A token's value as Jekyll puts it into a URL."""
    if not value or _PLAIN_PATH.fullmatch(value):
        return value
    return quote(value, safe=_PATH_SAFE)


def expand(template: str, values: Mapping[str, str]) -> str:
    """A permalink template with its ``:tokens`` replaced, cleaned as Jekyll
    cleans a URL. Raises ``KeyError`` naming an unknown token."""

    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return escape_path(values[name])
        if name.endswith("_") and name[:-1] in values:  # :year_ is :year, then _
            return escape_path(values[name[:-1]]) + "_"
        raise KeyError(name)

    url = ("/" + _TOKEN.sub(token, template)).replace("..", "/").replace("./", "")
    return _squeeze(url)


def _squeeze(text: str) -> str:
    return re.sub("/{2,}", "/", text)


def tokens_of(template: str) -> list[str]:
    """The tokens of ``template`` Jekyll does not know."""
    unknown = []
    for name in _TOKEN.findall(template):
        if name not in TOKENS and not (name.endswith("_") and name[:-1] in TOKENS):
            unknown.append(name)
    return unknown


def url_values(
    relative: str,
    suffix: str,
    output_ext: str,
    slug: str,
    moment: datetime,
    categories: list[str],
) -> dict[str, str]:
    """The value of each token for the post at ``relative`` (to the site
    folder), its slug source, date (in the site's zone) and categories."""
    iso = moment.isocalendar()
    month, day = _MONTHS[moment.month - 1], _DAYS[iso.weekday - 1]
    return {
        "collection": "posts",
        "path": relative[: -len(suffix)].replace("_posts", "", 1).rstrip("."),
        "name": slugify(relative.rsplit("/", 1)[-1][: -len(suffix)]),
        "title": slugify(slug, "pretty", cased=True),
        "slug": slugify(slug),
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": "/".join(dict.fromkeys(map(slugify, categories))),
        "year": f"{moment.year:04d}",
        "month": f"{moment.month:02d}",
        "day": f"{moment.day:02d}",
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "second": f"{moment.second:02d}",
        "i_day": str(moment.day),
        "i_month": str(moment.month),
        "short_month": month[:3],
        "long_month": month,
        "short_year": f"{moment.year % 100:02d}",
        "y_day": f"{moment.timetuple().tm_yday:03d}",
        "w_year": f"{iso.year:04d}",
        "week": f"{iso.week:02d}",
        "w_day": str(iso.weekday),
        "short_day": day[:3],
        "long_day": day,
        "output_ext": output_ext,
    }


def feed_id(base: str, post_id: str) -> str:
    """``base + post_id`` as jekyll-feed writes an id: Addressable's
    normalisation, which decodes, applies NFKC and percent-encodes again."""
    parts = urlsplit(base)
    head = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    path, mark, rest = (parts.path + post_id).partition("?")
    if not mark:
        path, mark, rest = path.partition("#")
    segments = [
        quote(unicodedata.normalize("NFKC", unquote(segment)), safe=_PCHAR_SAFE)
        for segment in path.split("/")
    ]
    tail = quote(unicodedata.normalize("NFKC", unquote(rest)), safe=_PCHAR_SAFE + "/?#")
    mark = mark if tail else ""  # an empty query or fragment is dropped
    return head + "/".join(_without_dot_segments(segments)) + mark + tail


def _without_dot_segments(segments: list[str]) -> list[str]:
    kept: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                kept.append("")
        elif segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return kept


# --- the site's config ---


@dataclass(frozen=True, slots=True)
class _Config:
    """The site's ``_config.yml``: its settings, and the line of each key."""

    path: Path
    data: Mapping[str, Any]
    lines: Mapping[str, int]

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 1)}"

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where(key)}: {key}: {message}")

    def text(self, key: str, value: Any = None) -> str | None:
        """The setting ``key`` (dotted) as text; None when unset or empty."""
        if value is None:
            value = self.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(key, f"expected text, got {value!r}")
        return str(value)

    def get(self, key: str) -> Any:
        value: Any = self.data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


def _load(root: Path) -> _Config:
    for name in CONFIG_NAMES:
        path = root / name
        if path.is_file():
            break
    else:
        raise ConfigError(f"{root}: no _config.yml, _config.yaml or _config.toml")
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data: object = tomllib.loads(text)
            lines = _toml_lines(text)
        else:
            data = yamltext.load(text, aliases=False) or {}
            lines = _yaml_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Jekyll config: {exc}") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the Jekyll config: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return _Config(path, data, lines)


def _yaml_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """The line of every key, dotted (``feed.posts_limit``, ``defaults.0``)."""
    found: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            found.setdefault(name, key.start_mark.line + 1)
            found.update(_yaml_lines(value, name + "."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found[f"{prefix}{index}"] = item.start_mark.line + 1
            found.update(_yaml_lines(item, f"{prefix}{index}."))
    return found


def _toml_lines(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        if header := re.match(r"^\s*\[+\s*([\w.-]+)\s*\]+", line):
            table = header.group(1) + "."
            found.setdefault(header.group(1), number)
        elif key := re.match(r"^\s*([\w-]+)\s*=", line):
            found.setdefault(table + key.group(1), number)
    return found


def _flag(value: object) -> bool:
    """A setting or front matter value as Ruby tests it after YAML 1.1 read
    it: ``yes``/``on`` are true, ``no``/``off`` false, any other text true."""
    if isinstance(value, str):
        return value.lower() not in _FALSE
    return value is not None and value is not False


def _as_yaml11(value: object, path: Path, line: int) -> object:
    """A front matter value as Jekyll's YAML 1.1 reads it: an unquoted
    ``yes``/``no``/``on``/``off`` (any case) is a boolean. (An unquoted
    ``true`` is one already; in quotes it stays text, as in Jekyll.)"""
    if not isinstance(value, str) or value.lower() not in _TRUE + _FALSE:
        return value
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value  # typed when unquoted: these were quoted
    return value if _quoted(path, line) else value.lower() in _TRUE


# --- front matter defaults ---


@dataclass(frozen=True, slots=True)
class _Default:
    paths: tuple[str, ...] | None  # relative paths the scope covers; None: all
    type: str | None
    values: Mapping[str, Any]
    length: int  # of the scope's path, for Jekyll's precedence


def _defaults(config: _Config, root: Path) -> tuple[_Default, ...]:
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
            _check_template(values["permalink"], config, f"defaults.{index}.values")
        paths: tuple[str, ...] | None = None
        length = 0
        if isinstance(path, str) and path:
            length = len(path.removeprefix("/"))
            if "*" in path:  # Jekyll globs it in the site folder
                matched = glob.glob(path.lstrip("/"), root_dir=root, recursive=True)
                paths = tuple(sorted(Path(p).as_posix() for p in matched))
            else:  # as written: "/_posts" covers nothing, as in Jekyll
                paths = (path,)
        found.append(_Default(paths, kind, values, length))
    return tuple(found)


def _merged(sets: tuple[_Default, ...], relative: str) -> dict[str, Any]:
    """The defaults that apply to the post at ``relative``, in Jekyll's order
    of precedence (a longer scope path wins, then one that names a type)."""
    merged: dict[str, Any] = {}
    old: _Default | None = None
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
            merged = _deep_merge(merged, item.values)
            old = item
        else:
            merged = _deep_merge(dict(item.values), merged)
    return merged


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# --- which files are posts ---


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
class _Filter:
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


def _post_folders(root: Path, rules: _Filter) -> list[Path]:
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


def _inside(rules: _Filter, folders: list[Path], root: Path) -> _Filter:
    """``rules`` with only the ``exclude`` lines that can name a file inside
    a ``_posts`` folder (the walk left out the folders the others name)."""
    tops = [folder.relative_to(root).as_posix() + "/" for folder in folders]
    inner = tuple(
        pattern
        for pattern in rules.exclude
        if any(c in pattern for c in "*?[")
        or any(pattern.lstrip("/").startswith(top) for top in tops)
    )
    return _Filter(inner, rules.include)


def _exclusions(rules: _Filter) -> tuple[str, ...]:
    """Gitignore lines for every ``_posts`` folder: the names Jekyll skips
    there, and the site's ``exclude`` globs that start with ``*`` (which
    cross folders in Jekyll, so they hold at any depth)."""
    lines = list(SKIPPED_NAMES)
    for pattern in rules.exclude:
        if pattern.startswith("*") and pattern.strip("*/") and pattern not in lines:
            lines.append(pattern)
    return tuple(lines)


# --- the profile ---


@dataclass(frozen=True, slots=True)
class JekyllRules:
    root: Path
    config: str  # the site's config file, for messages
    link_base: str  # url + baseurl, where the pages are
    id_base: str  # url + baseurl as jekyll-feed joins them for ids
    template: str  # the posts' permalink
    defaults: tuple[_Default, ...]
    converted: tuple[str, ...]  # suffixes Jekyll converts to .html
    authors: Mapping[str, Mapping[str, str]]  # _data/authors.yml
    filter: _Filter
    show_drafts: bool
    unpublished: bool

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        relative = path.relative_to(self.root).as_posix()
        name = _POST_NAME.match(path.name)
        if name is None:
            why = "not a post: Jekyll reads only files named YYYY-MM-DD-title.ext"
            raise SkippedSource(path, 0, why)
        if self.filter.skips(relative):
            raise SkippedSource(path, 0, f"left out by exclude: in {self.config}")
        if path.name.startswith(("_", "#", "~")):
            raise SkippedSource(path, 0, "Jekyll skips names starting with _ # ~")
        front = _front_matter(path, meta, line_of)
        defaults = _merged(self.defaults, relative)
        data = _deep_merge(defaults, front)
        listed = _as_yaml11(data.get("published", True), path, line_of("published"))
        if (listed is None or listed is False) and not self.unpublished:
            raise SkippedSource(
                path, line_of("published"), "published: false: Jekyll never builds it"
            )
        file_slug = name.group(4).rstrip(".")
        slug = data.get("slug")
        slug = file_slug if slug is None or slug is False else str(slug)
        published = self._date(path, data, "date", zone, line_of) or _file_date(
            path, name, zone
        )
        updated = self._date(path, data, "last_modified_at", zone, line_of)
        written = _categories(relative, path.name, (defaults, front), data)
        categories = _texts(written, "categories", path, line_of)
        found = (slug, published, categories)
        url = self._url(path, relative, name, data, line_of, found)
        post_id = _ruby_dirname(url).rstrip("/") + "/" + slug.lstrip("/")
        return Placement(
            slug=slugify(slug),
            name=titleize(file_slug),
            link=self.link_base + quote(url, safe=_PATH_SAFE.replace("?", "%")),
            id=feed_id(self.id_base, post_id),
            published=published,
            updated=updated or published,
            draft=_as_yaml11(data.get("draft"), path, line_of("draft")) is True
            and not self.show_drafts,
            expires=None,
            written=self._written(data, title, categories, path, line_of),
        )

    def _date(
        self,
        path: Path,
        data: Mapping[str, Any],
        key: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> datetime | None:
        value = data.get(key)
        if value is None or value is False or value == "":
            return None
        try:
            return _yaml_date(value, zone, path, line_of(key)).astimezone(zone)
        except ValueError as exc:
            raise SourceError(path, line_of(key), f"{key}: {exc}") from None

    def _url(
        self,
        path: Path,
        relative: str,
        name: re.Match[str],
        data: Mapping[str, Any],
        line_of: LineOf,
        found: tuple[str, datetime, list[str]],
    ) -> str:
        """The post's URL: its own ``permalink`` (no style names there), else
        the posts' one, with every token replaced."""
        permalink = data.get("permalink")
        template = self.template
        if permalink is not None and permalink is not False:
            if isinstance(permalink, dict | list):
                message = f"permalink: expected text, got {permalink!r}"
                raise SourceError(path, line_of("permalink"), message)
            template = str(permalink)
        suffix = name.group(5)
        output_ext = ".html" if suffix.lower() in self.converted else suffix
        values = url_values(relative, suffix, output_ext, *found)
        try:
            return expand(template, values)
        except KeyError as exc:
            raise SourceError(
                path,
                line_of("permalink"),
                f"permalink: Jekyll has no :{exc.args[0]} token (its build stops "
                f"here); use {_known_tokens()}",
            ) from None

    def _written(
        self,
        data: Mapping[str, Any],
        title: str,
        categories: list[str],
        path: Path,
        line_of: LineOf,
    ) -> dict[str, Any]:
        """The front matter under feedsmith's names, as jekyll-feed reads it."""
        # Categories first, then tags, as jekyll-feed lists them.
        tags = _texts(_tags(data), "tags", path, line_of)
        written: dict[str, Any] = {"tags": list(dict.fromkeys(categories + tags))}
        shown = data.get("title")
        if shown is None or shown == "":
            shown = title
        elif not isinstance(shown, str):
            shown = _texts([shown], "title", path, line_of)[0]
        if shown:
            written["title"] = _plain(shown)
        author = self._author(data)
        if author is not None:
            written["author"] = author
        for key in ("description", "excerpt"):
            value = data.get(key)
            if isinstance(value, str | int | float) and _plain(str(value)):
                written["summary"] = _plain(str(value))
                break
        return written

    def _author(self, data: Mapping[str, Any]) -> Any:
        """``author``, else the first of ``authors``, a key of
        ``_data/authors.yml`` replaced by its entry; None: the site's."""
        value = data.get("author")
        if value in (None, "", False, []):
            authors = data.get("authors")
            value = authors[0] if isinstance(authors, list) and authors else None
        if value in (None, "", False, []):
            return None
        if isinstance(value, list):
            return [self._person(item) for item in value]
        return self._person(value)

    def _person(self, value: Any) -> Any:
        if isinstance(value, str | int) and str(value) in self.authors:
            return dict(self.authors[str(value)])
        if isinstance(value, dict) and "name" in value:
            return {k: v for k, v in value.items() if k in ("name", "email")}
        return value


def _front_matter(
    path: Path, meta: Mapping[str, Any], line_of: LineOf
) -> Mapping[str, Any]:
    """The post's front matter, without what a reader found in a file that
    has none (a Pelican header, a plain-text article's lines, a page's
    <meta>): Jekyll sees none. The title stays, or the text would lose it."""
    if path.suffix.lower() in (".txt", ".html", ".htm"):
        has_front_matter = _starts_with_front_matter(path)
    else:
        has_front_matter = not any(line_of(key) == 1 for key in meta)
    if has_front_matter:
        return meta
    return {"title": meta["title"]} if "title" in meta else {}


def _starts_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(64).decode("utf-8", "replace").removeprefix("\ufeff")
    except OSError:
        return False
    return re.match(r"---[ \t\r]*\n", head) is not None


def _file_date(path: Path, name: re.Match[str], zone: tzinfo) -> datetime:
    year, month, day = (int(name.group(i)) for i in (1, 2, 3))
    if len(name.group(1)) == 2:
        year += 1900 if year >= 69 else 2000
    try:
        return dates.parse(datetime(year, month, day), zone)
    except ValueError as exc:
        raise SourceError(
            path, 0, f"the file name's date is not a date ({exc}); Jekyll stops here"
        ) from None


def _yaml_date(value: object, zone: tzinfo, path: Path, line: int) -> datetime:
    """A date as Jekyll reads it from YAML: an unquoted timestamp without an
    offset is UTC (a YAML timestamp); any other text is in the site's zone."""
    if isinstance(value, str) and (time := _YAML_TIME.fullmatch(value.strip())):
        offset = time.group(7)
        if offset is not None or not _quoted(path, line):
            y, mo, d, h, mi, sec = (int(time.group(i)) for i in range(1, 7))
            zone_of = UTC if offset is None else _offset(offset)
            return dates.parse(datetime(y, mo, d, h, mi, sec, tzinfo=zone_of), zone)
    if isinstance(value, str) and value.strip().lower() in ("now", "today"):
        raise ValueError(f"{value!r} is the time of the build; write the date")
    return dates.parse(value, zone)


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:-2] if len(digits) > 2 else digits), 0
    if len(digits) > 2:
        minutes = int(digits[-2:])
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _quoted(path: Path, line: int) -> bool:
    """Whether the front matter value on ``line`` is in quotes (a string to
    YAML, not a timestamp). Read only for a date with seconds and no offset."""
    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").split("\n")
    except OSError:
        return False
    if not 0 < line <= len(lines) or ":" not in lines[line - 1]:
        return False
    return lines[line - 1].split(":", 1)[1].strip().startswith(("'", '"'))


def _categories(
    relative: str,
    basename: str,
    written: tuple[Mapping[str, Any], Mapping[str, Any]],
    data: Mapping[str, Any],
) -> list[Any]:
    """The folders above ``_posts``, then the defaults' and the front
    matter's ``categories``, then ``category``: as Jekyll merges them."""
    found: list[Any] = []
    if not relative.startswith("_posts"):
        above = re.sub("_posts.*", "", relative, count=1).split("/")
        found = [c for c in above if c not in ("", "_posts", basename)]
    for source in written:
        value = source.get("categories")
        if value is not None:
            items = value.split() if isinstance(value, str) else _listed(value)
            found += [item for item in items if item not in found]
    single = data.get("category")
    return found + (_listed(single) if single is not None else [])


def _texts(values: list[Any], key: str, path: Path, line_of: LineOf) -> list[str]:
    """Each value as Ruby's ``to_s`` shows it, once; a mapping is an error."""
    texts = []
    for value in values:
        if isinstance(value, dict | list):
            message = f"{key}: expected text, got {value!r}"
            raise SourceError(path, line_of(key), message)
        texts.append(str(value).lower() if isinstance(value, bool) else str(value))
    return list(dict.fromkeys(texts))


def _tags(data: Mapping[str, Any]) -> list[Any]:
    """``tag`` (one value) if set, else ``tags`` (a string split at spaces)."""
    value = data.get("tag")
    if value is None:
        value = data.get("tags")
        value = value.split() if isinstance(value, str) else value
    return [item for item in _listed(value) if item is not None]


def _listed(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [leaf for item in value for leaf in _listed(item)]
    return [] if value is None else [value]


def _plain(text: str) -> str:
    """``strip_html | normalize_whitespace``, as jekyll-feed shows titles."""
    return " ".join(_TAGS.sub("", text).split())


def _ruby_dirname(url: str) -> str:
    stripped = url.rstrip("/")
    if "/" not in stripped:
        return "/" if url.startswith("/") else "."
    return stripped.rsplit("/", 1)[0].rstrip("/") or "/"


def _known_tokens() -> str:
    return ", ".join(f":{token}" for token in sorted(TOKENS))


def _check_template(template: str, config: _Config, key: str) -> None:
    unknown = tokens_of(template)
    if unknown:
        raise config.error(
            key if key in config.lines else key.rsplit(".", 1)[0],
            f"permalink {template!r}: Jekyll has no :{unknown[0]} token (its "
            f"build stops here); use {_known_tokens()}",
        )


# --- reading the site ---


def read(root: Path) -> Profile:
    config = _load(root)
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
    authors = _authors(root, config)
    author = _site_author(config, authors)
    if author is not None:
        settings["site.author"] = (author, config.where("author"))
    rules = _filter(config)
    folders = _post_folders(root, rules)
    if not folders:
        raise ConfigError(f"{root}: no _posts folder, so Jekyll publishes no posts")
    settings["sources.folders"] = (
        [str(folder) for folder in folders],
        f"{root}: the _posts folders Jekyll reads",
    )
    if rules.skips_name(FEED_FOLDER, folder=True):
        settings["output"] = (
            Unreadable(
                f"{config.where('exclude')}: exclude: leaves {FEED_FOLDER}/ out of "
                "the built site; take it out of exclude:, or set output in "
                "config.yaml to a folder Jekyll publishes"
            ),
            config.where("exclude"),
        )
    else:
        settings["output"] = (
            str(root / FEED_FOLDER),
            f"{root}: Jekyll copies {FEED_FOLDER}/ into the site as it is",
        )
    return Profile(
        "jekyll",
        root,
        settings,
        _exclusions(rules),
        JekyllRules(
            root=root,
            config=str(config.path),
            link_base=link_base,
            id_base=id_base,
            template=_template(config),
            defaults=_defaults(config, root),
            converted=_converted(config),
            authors=authors,
            filter=_inside(rules, folders, root),
            show_drafts=_flag(config.get("show_drafts")),
            unpublished=_flag(config.get("unpublished")),
        ),
    )


def _bases(config: _Config, settings: dict[str, tuple[Any, str]]) -> tuple[str, str]:
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
    link_base = home + quote(base, safe=_PATH_SAFE.replace("?", "%"))
    where = "baseurl" if base else "url"
    settings["site.url"] = (link_base + "/", config.where(where))
    return link_base, url + base


def _site_settings(config: _Config, settings: dict[str, tuple[Any, str]]) -> None:
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
    if _flag(config.get("future")):
        settings["feeds.future"] = (True, config.where("future"))
    if _flag(config.get("feed.excerpt_only")):
        settings["feeds.content"] = ("summary", config.where("feed.excerpt_only"))
    separator = config.get("excerpt_separator")
    if isinstance(separator, str) and separator.strip():
        key = "content.excerpt_separator"
        settings[key] = (separator.strip(), config.where("excerpt_separator"))


def _template(config: _Config) -> str:
    """The posts' permalink: ``collections.posts.permalink``, else the site's
    ``permalink`` (a style name or a template), Jekyll's ``date`` by default."""
    key = "collections.posts.permalink"
    template = config.text(key)
    if template is None:
        key = "permalink"
        style = config.text(key) or "date"
        template = STYLES.get(style, style)
    _check_template(template, config, key)
    return template


def _converted(config: _Config) -> tuple[str, ...]:
    names = config.text("markdown_ext") or MARKDOWN_EXT
    return tuple(sorted("." + n.strip().lower() for n in names.split(",")))


def _filter(config: _Config) -> _Filter:
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("exclude", "include"):
        value = config.get(key)
        if value is None:
            value = [] if key == "exclude" else [".htaccess"]
        if not isinstance(value, list) or not all(
            isinstance(item, str | int) for item in value
        ):
            raise config.error(key, f"expected a list of names, got {value!r}")
        lists[key] = tuple(str(item) for item in value)
    every = lists["exclude"] + JEKYLL_EXCLUDES
    exclude = tuple(dict.fromkeys(p for p in every if p not in lists["include"]))
    return _Filter(exclude, lists["include"])


def _authors(root: Path, config: _Config) -> dict[str, dict[str, str]]:
    """``_data/authors.yml`` (or ``.yaml``, ``.json``): each key's name and
    e-mail address."""
    folder = root / (config.text("data_dir") or "_data")
    for name in ("authors.yml", "authors.yaml", "authors.json"):
        path = folder / name
        if path.is_file():
            break
    else:
        return {}
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
    return found


def _site_author(config: _Config, authors: Mapping[str, Mapping[str, str]]) -> Any:
    value = config.get("author")
    if isinstance(value, str | int) and str(value) in authors:
        return dict(authors[str(value)])
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return {k: v for k, v in value.items() if k in ("name", "email") and v}
    return None
