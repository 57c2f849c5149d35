"""mkdocs-material's blog: read ``mkdocs.yml`` and place each post where the
blog plugin of mkdocs-material 9.8.2 writes it, dated as mkdocs-rss-plugin
1.19.0 dates it in the feed the site already publishes.

Every rule here is measured and written down in ``docs/profiles/mkdocs.md``;
its tables are this module's tests (``tests/test_profile_mkdocs.py``).
``mkdocs.yml`` is read with PyYAML's safe loader: a Python tag
(``!!python/name:``, ``!!python/object/apply:``) or ``!ENV`` is kept as an
opaque :class:`Tagged` value and never constructed; the one such value a
blog's URLs depend on, ``post_slugify``, is recognised by name.
"""

from __future__ import annotations

import posixpath
import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from feedsmith import dates
from feedsmith.errors import ConfigError, SkippedSource, SourceError
from feedsmith.sites import LineOf, Placement, Profile, Unreadable

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
MARKDOWN = ("*.md", "*.markdown")  # the Markdown pages feedsmith reads
MAX_DEPTH = 100  # lists and mappings inside each other in mkdocs.yml
_BLOG_NAMES = ("blog", "material/blog")
_REFUSED_PLUGINS = ("i18n", "static-i18n")  # they publish each post per language


# --- mkdocs.yml, read safely ---


@dataclass(frozen=True, slots=True)
class Tagged:
    """A value written with a tag feedsmith never runs (``!ENV``,
    ``!!python/name:``): the tag, the plain value under it, and its line."""

    tag: str
    value: Any
    line: int


def _opaque(loader: Any, _suffix: str, node: Node) -> Tagged:
    value: Any
    if isinstance(node, ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value, node.start_mark.line + 1)


class _Loader(_SafeLoader):
    """PyYAML's safe loader (YAML 1.1, as mkdocs reads it) that keeps every
    tag it has no safe constructor for as a :class:`Tagged` value."""


_Loader.add_multi_constructor("", _opaque)


@dataclass(frozen=True, slots=True)
class _File:
    """One YAML file of the site: its settings and the line of each key."""

    path: Path
    data: dict[str, Any]
    lines: Mapping[str, int]  # dotted key (plugins by name) -> line


def _load_yaml(path: Path) -> _File:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it: {exc}") from None
    _check_depth(path, text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return _File(path, {}, {})
        _refuse_aliases(path, node)
        lines: dict[str, int] = {}
        _key_lines(node, "", lines)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: invalid YAML: {problem}") from None
    except ValueError as exc:  # a timestamp such as 2024-02-30
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return _File(path, data, lines)


def _check_depth(path: Path, text: str) -> None:
    """libyaml crashes the process on lists nested ~100,000 deep."""
    if sum(map(text.count, "[{-:?")) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else 1
                    raise ConfigError(
                        f"{path}:{line}: lists and mappings nested more than "
                        f"{MAX_DEPTH} levels deep"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # composing reports it, with its line


def _refuse_aliases(path: Path, root: Node) -> None:
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise ConfigError(
                f"{path}:{node.start_mark.line + 1}: anchors and aliases "
                "(&name, *name) are not supported; write the value out"
            )
        seen.add(id(node))
        if isinstance(node, MappingNode):
            pending.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)


def _key_lines(node: Node, prefix: str, lines: dict[str, int]) -> None:
    """Each key's line by dotted path; a list's items (``plugins``) add their
    names to the path of the list itself."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                dotted = f"{prefix}{key.value}"
                lines[dotted] = key.start_mark.line + 1  # the last one wins
                _key_lines(value, f"{dotted}.", lines)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            if isinstance(item, ScalarNode):
                lines[f"{prefix}{item.value}"] = item.start_mark.line + 1
            else:
                _key_lines(item, prefix, lines)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """mkdocs' ``INHERIT``: mappings merge key by key, anything else the
    child writes replaces the parent's."""
    merged = dict(parent)
    for key, value in child.items():
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = _merge(below, value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True, slots=True)
class _Site:
    """``mkdocs.yml`` with what it inherits, and where each key was set."""

    data: dict[str, Any]
    files: tuple[_File, ...]  # the site's own first, then what it inherits

    def where(self, dotted: str) -> str:
        for file in self.files:
            if dotted in file.lines:
                return f"{file.path}:{file.lines[dotted]}"
        return f"{self.files[0].path}:1"

    def has(self, dotted: str) -> bool:
        return any(dotted in file.lines for file in self.files)


def _load_site(root: Path) -> _Site:
    path = next((root / n for n in CONFIG_NAMES if (root / n).is_file()), None)
    if path is None:
        raise ConfigError(f"{root}: no mkdocs.yml")
    files: list[_File] = []
    data: dict[str, Any] = {}
    while path is not None:
        if any(file.path == path for file in files):
            raise ConfigError(f"{path}: INHERIT leads back to this file (a loop)")
        file = _load_yaml(path)
        files.append(file)
        own = dict(file.data)
        parent = own.pop("INHERIT", None)
        data = _merge(own, data)
        if parent is None:
            path = None
        elif isinstance(parent, str):
            path = (file.path.parent / parent).resolve()
            if not path.is_file():
                where = f"{file.path}:{file.lines.get('INHERIT', 1)}"
                raise ConfigError(f"{where}: INHERIT: no file {path}")
        else:
            where = f"{file.path}:{file.lines.get('INHERIT', 1)}"
            raise ConfigError(f"{where}: INHERIT: expected a file name")
    return _Site(data, tuple(files))


# --- slugs ---

_TAG = re.compile(r"</?[^>]*>")
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")
_NOT_IN_TOC_SLUG = re.compile(r"[^\w\s-]")
_ASCII_UPPER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD")
_TOC = "markdown.extensions.toc."
_PYMDOWNX = "tag:yaml.org,2002:python/object/apply:pymdownx.slugs.slugify"


@dataclass(frozen=True, slots=True)
class Slugify:
    """A slug function a ``mkdocs.yml`` can name: pymdown-extensions'
    ``slugify(case=..., normalize=..., percent_encode=...)`` or Python
    Markdown's ``toc.slugify`` (ASCII) and ``toc.slugify_unicode``."""

    function: str = "pymdownx"  # or "toc", "toc_unicode"
    separator: str = "-"
    case: str = "lower"
    normalize: str = "NFC"
    percent_encode: bool = False

    def __call__(self, text: str) -> str:
        if self.function == "pymdownx":
            return pymdownx_slug(
                text,
                self.separator,
                case=self.case,
                normalize=self.normalize,
                percent_encode=self.percent_encode,
            )
        return toc_slug(text, self.separator, unicode=self.function == "toc_unicode")


def pymdownx_slug(
    text: str,
    separator: str = "-",
    *,
    case: str = "lower",
    normalize: str = "NFC",
    percent_encode: bool = False,
) -> str:
    """pymdown-extensions' slug: normalised, tags and surrounding space
    removed, cased, every character but word characters, ``-`` and spaces
    dropped, and each space (runs are kept) the separator."""
    slug = _TAG.sub("", unicodedata.normalize(normalize, text)).strip()  # type: ignore[arg-type]  # checked in read()
    if case == "lower":
        slug = slug.lower()
    elif case == "lower-ascii":
        slug = slug.translate(_ASCII_UPPER)
    elif case == "fold":
        slug = slug.casefold()
    slug = _NOT_IN_SLUG.sub("", slug).replace(" ", separator)
    return quote(slug.encode("utf-8")) if percent_encode else slug


def toc_slug(text: str, separator: str = "-", *, unicode: bool = False) -> str:
    """Python Markdown's ``toc`` slug: without ``unicode``, decomposed and
    cut to ASCII; characters but word characters, white space and ``-``
    dropped, stripped, lowercased, and each run of white space or separator
    characters one separator."""
    if not unicode:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _NOT_IN_TOC_SLUG.sub("", text).strip().lower()
    # The separator sits in a character class, as the tool writes it.
    return re.sub(f"[{separator}\\s]+", separator, text)


def _slugify(blog: _Section, name: str) -> Slugify:
    """The slug function the blog's setting ``name`` names."""
    separator = blog.text(name + "_separator", "-")
    value = blog.values.get(name)
    where = f"{blog.where(name)}: {blog.prefix}{name}"
    if value is None:
        return Slugify(separator=separator)
    if isinstance(value, Tagged) and value.tag == _PYMDOWNX:
        return _pymdownx_slugify(where, value.value, separator)
    toc = ("python/name:" + _TOC + "slugify", "python/name:" + _TOC + "slugify_unicode")
    if isinstance(value, Tagged) and value.tag.endswith(toc):
        if set(separator) & set("[]\\"):
            raise ConfigError(f"{where}_separator: [, ] and \\ are not supported")
        function = "toc_unicode" if value.tag.endswith("_unicode") else "toc"
        return Slugify(function, separator)
    shown = (
        "!!" + value.tag.removeprefix("tag:yaml.org,2002:")
        if isinstance(value, Tagged)
        else repr(value)
    )
    raise ConfigError(
        f"{where}: feedsmith cannot run {shown}; it knows "
        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {...}} and "
        "!!python/name:markdown.extensions.toc.slugify (or slugify_unicode). "
        "Use one of them, or drop from: and set site.*, sources and permalink "
        "in config.yaml"
    )


def _pymdownx_slugify(where: str, given: object, separator: str) -> Slugify:
    """``slugify(**kwds)`` as ``!!python/object/apply:`` writes it."""
    args: object = [] if given in ("", None) else given
    kwds: object = {}
    if isinstance(given, dict):
        args, kwds = given.get("args") or [], given.get("kwds") or {}
    if args or not isinstance(kwds, dict):
        raise ConfigError(f"{where}: slugify takes keywords only (kwds: {{...}})")
    case = kwds.get("case", "none")
    normalize = kwds.get("normalize", "NFC")
    percent = kwds.get("percent_encode", False)
    if (
        set(kwds) - {"case", "normalize", "percent_encode"}
        or not isinstance(case, str)
        or normalize not in _NORMAL_FORMS
        or not isinstance(percent, bool)
    ):
        raise ConfigError(
            f"{where}: slugify knows case (none, lower, lower-ascii, fold), "
            f"normalize ({', '.join(_NORMAL_FORMS)}) and percent_encode "
            "(true or false)"
        )
    # Any other case changes no case, as pymdown-extensions does.
    return Slugify("pymdownx", separator, case, normalize, percent)


# --- dates in URLs: CLDR patterns, as Babel formats them ---

_FIELDS = frozenset("GyYuQqMLwWdDFgEecabBhHKkmsSAzZOvVxX")  # Babel's letters
# The letters Babel writes as numbers in any locale, and the longest run of
# each it accepts (0: any); and those it writes as names.
_NUMBERS = {"y": 0, "u": 0, "d": 3, "D": 3, "F": 1, "h": 2, "H": 2, "K": 2,
            "k": 2, "m": 2, "s": 2}  # fmt: skip
_NAMES = {"M": 5, "L": 5, "Q": 5, "q": 5, "E": 6, "G": 5, "a": 5}
_ENGLISH = ("en", "en_US")  # the locales whose names feedsmith writes
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_QUARTERS = ("1st quarter", "2nd quarter", "3rd quarter", "4th quarter")
# Material's predefined formats, as CLDR writes them for English.
PREDEFINED = {
    "full": "EEEE, MMMM d, y",
    "long": "MMMM d, y",
    "medium": "MMM d, y",
    "short": "M/d/yy",
}

Token = tuple[str, str]  # ("text", literal) or ("field", "yyyy")


def date_tokens(pattern: str) -> tuple[Token, ...]:
    """A CLDR date pattern in pieces: runs of one pattern letter are fields,
    text in ``'quotes'`` and everything else literal, ``''`` a quote; an
    unclosed quote's text is lost (all as Babel reads it)."""
    tokens: list[Token] = []
    text: list[str] = []
    quoted: list[str] | None = None
    for char in pattern.replace("''", "\0"):
        if quoted is not None:
            if char == "'":
                text.extend(quoted)
                quoted = None
            else:
                quoted.append(char)
        elif char == "'":
            quoted = []
        elif char in _FIELDS:
            if text:
                tokens.append(("text", "".join(text).replace("\0", "'")))
                text = []
            if tokens and tokens[-1][0] == "field" and tokens[-1][1][0] == char:
                tokens[-1] = ("field", tokens[-1][1] + char)
            else:
                tokens.append(("field", char))
        else:
            text.append(char)
    if text:
        tokens.append(("text", "".join(text).replace("\0", "'")))
    return tuple(tokens)


def date_problem(tokens: tuple[Token, ...], language: str) -> str | None:
    """Why feedsmith cannot write dates by these tokens, or None."""
    for kind, value in tokens:
        char, count = value[0], len(value)
        if kind == "text" or (char in "MLQq" and count <= 2):
            continue
        longest = _NUMBERS.get(char, _NAMES.get(char))
        if longest is None:
            return f"the field {value} needs locale data feedsmith does not have"
        if longest and count > longest:
            return f"the field {value} is not one Babel writes"
        if char in _NUMBERS:
            continue
        if language.replace("-", "_") not in _ENGLISH:
            return (
                f"the field {value} writes a name, and feedsmith knows the names "
                f"of English only (theme.language is {language})"
            )
    return None


def format_date(moment: datetime, tokens: tuple[Token, ...]) -> str:
    """``moment`` written by the tokens of a pattern :func:`date_problem`
    accepts, in its own offset."""
    return "".join(
        value if kind == "text" else _field(moment, value[0], len(value))
        for kind, value in tokens
    )


def _field(moment: datetime, char: str, count: int) -> str:
    if char in "yu":
        year = f"{moment.year:0{count}d}"
        return year[-2:] if count == 2 else year
    if char in "ML" and count > 2:
        return _name(_MONTHS[moment.month - 1], count)
    if char in "Qq":
        quarter = (moment.month - 1) // 3 + 1
        if count <= 2:
            return f"{quarter:0{count}d}"
        return (f"Q{quarter}", _QUARTERS[quarter - 1], str(quarter))[count - 3]
    if char == "E":
        day = _DAYS[moment.weekday()]
        return day[:2] if count == 6 else _name(day, max(count, 3))
    if char == "G":
        return ("AD", "Anno Domini", "A")[max(count, 3) - 3]
    if char == "a":
        period = "AM" if moment.hour < 12 else "PM"
        return period[0].lower() if count == 5 else period
    if char == "F":
        return str((moment.day - 1) // 7 + 1)
    number = {
        "M": moment.month,
        "L": moment.month,
        "d": moment.day,
        "D": moment.timetuple().tm_yday,
        "h": moment.hour % 12 or 12,
        "H": moment.hour,
        "K": moment.hour % 12,
        "k": moment.hour or 24,
        "m": moment.minute,
        "s": moment.second,
    }[char]
    return f"{number:0{count}d}"


def _name(name: str, count: int) -> str:
    """An English name abbreviated (3), wide (4) or narrow (5)."""
    return (name[:3], name, name[0])[count - 3]


# --- front matter values, as PyYAML (YAML 1.1) types them for mkdocs ---

# YAML 1.1's timestamp, which PyYAML turns into a date or a datetime; the
# front matter reader keeps it as text.
_TIMESTAMP = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r":(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]*))?"
    r"(?:[ \t]*(?P<zone>Z|(?P<sign>[-+])(?P<zh>[0-9]{1,2})(?::(?P<zm>[0-9]{2}))?))?)?"
)
_DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YES = ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")
_NO = ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")


def yaml_moment(value: object) -> date | None:
    """The date or datetime PyYAML reads ``value`` as (a timestamp written
    as text), or None when it is none; ``ValueError`` for a day the month
    lacks."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = _TIMESTAMP.fullmatch(value)
    if match is None or (match["hour"] is None and not _DATE_ONLY.fullmatch(value)):
        return None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if match["hour"] is None:
        return date(year, month, day)
    zone: tzinfo | None = None
    if match["sign"]:
        offset = timedelta(hours=int(match["zh"]), minutes=int(match["zm"] or 0))
        zone = timezone(-offset if match["sign"] == "-" else offset)
    elif match["zone"]:
        zone = UTC
    fraction = int((match["fraction"] or "")[:6].ljust(6, "0"))
    return datetime(
        year, month, day, int(match["hour"]), int(match["minute"]),
        int(match["second"]), fraction, zone,
    )  # fmt: skip


def _flag(value: object) -> bool | None:
    """A YAML 1.1 boolean (``yes``, ``on`` too); None for anything else."""
    if isinstance(value, bool):
        return value
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


def _texts(path: Path, key: str, value: object, line: LineOf) -> list[str]:
    """A list of text, each once, in order (Material's ``UniqueListOfItems``)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceError(
            path, line(key), f"{key}: expected a list of names, got {value!r}"
        )
    return list(dict.fromkeys(value))


# --- the profile ---


@dataclass(frozen=True, slots=True)
class RssDates:
    """How mkdocs-rss-plugin dates the feed's items (``date_from_meta``)."""

    created: str  # a dotted front matter key, or "git"
    updated: str
    use_git: bool
    datetime_format: str  # strptime, for dates written as other text
    default_time: tuple[int, int]
    default_timezone: str
    match_path: str  # a regular expression on the path under docs_dir


@dataclass(frozen=True, slots=True)
class MkdocsRules:
    posts: Path  # docs_dir / post_dir
    post_dir: str  # relative to docs_dir, as match_path sees it
    base_url: str
    blog_dir: str
    url_format: str
    date_tokens: tuple[Token, ...]
    max_categories: int
    post_slug: Slugify
    category_slug: Slugify
    directory_urls: bool
    publish_drafts: bool  # the blog's draft: true
    rss: RssDates | None
    # The authors registry (.authors.yml): key, name, email; None when the
    # blog's authors setting is off.
    authors: tuple[tuple[str, str, str | None], ...] | None
    categories_allowed: tuple[str, ...]

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        source = f"{self.post_dir}/{path.relative_to(self.posts).as_posix()}"
        if self.rss is not None and not _matches(self.rss.match_path, source, path):
            raise SkippedSource(
                path,
                1,
                f"not in the feed: the rss plugin's match_path "
                f"{self.rss.match_path!r} leaves out {source}",
            )
        moments = _material_dates(path, meta.get("date"), line_of)
        flag = _front_flag(path, meta, "draft", line_of)
        _front_flag(path, meta, "pin", line_of)
        categories = _texts(path, "categories", meta.get("categories"), line_of)
        for name in categories:
            if self.categories_allowed and name not in self.categories_allowed:
                raise SourceError(
                    path,
                    line_of("categories"),
                    f"categories: {name!r} is not in the blog's categories_allowed",
                )
        name = _file_title(path)
        slug = self._slug(path, meta, name, line_of)
        link = self._link(path, slug, moments["created"], categories)
        published, updated = self._feed_dates(meta, moments)
        return Placement(
            slug=slug,
            name=name,
            link=link,
            id=link,
            published=published,
            updated=updated,
            draft=self._draft(flag),
            expires=None,
            written=self._written(path, meta, line_of),
        )

    def _draft(self, flag: bool | None) -> bool:
        """A draft is never built; with the blog's draft: true every post
        is, but the rss plugin still leaves out those marked draft."""
        if self.publish_drafts:
            return flag is True and self.rss is not None
        return flag is True

    def _slug(
        self, path: Path, meta: Mapping[str, Any], name: str, line_of: LineOf
    ) -> str:
        """The front matter's slug as written, else the title's."""
        slug = meta.get("slug")
        if slug is not None and not isinstance(slug, str):
            raise SourceError(
                path, line_of("slug"), f"slug: expected text, got {slug!r}"
            )
        if slug:
            return slug
        title = meta.get("title", name)
        if not isinstance(title, str):
            raise SourceError(
                path, line_of("title"), f"title: expected text, got {title!r}"
            )
        return self.post_slug(title)

    def _link(
        self, path: Path, slug: str, created: datetime, categories: list[str]
    ) -> str:
        shown = categories[: self.max_categories]
        formatted = self.url_format.format(
            categories="/".join(self.category_slug(c) for c in shown),
            date=format_date(created, self.date_tokens),
            file=_stem(path),
            slug=slug,
        )
        page = posixpath.join(self.blog_dir, posixpath.normpath(formatted.strip("/")))
        return urljoin(self.base_url, _page_url(page + ".md", self.directory_urls))

    def _feed_dates(
        self, meta: Mapping[str, Any], moments: dict[str, datetime]
    ) -> tuple[datetime, datetime | None]:
        """The rss plugin's dates where it reads them from the front matter;
        otherwise (git, or the build's time) the post's own."""
        published = updated = None
        if self.rss is not None:
            seen = (
                {**meta, "date": moments}
                if isinstance(meta.get("date"), dict)
                else meta
            )
            published = _rss_date(self.rss, seen, self.rss.created)
            updated = _rss_date(self.rss, seen, self.rss.updated)
        published = published or moments["created"]
        return published, updated or moments.get("updated")

    def _written(
        self, path: Path, meta: Mapping[str, Any], line_of: LineOf
    ) -> Mapping[str, Any] | None:
        """Authors named by their keys in .authors.yml, as ``{name, email}``
        (an ``author`` key the rss plugin takes as written instead)."""
        keys = _texts(path, "authors", meta.get("authors"), line_of)
        registry = {key: (name, email) for key, name, email in self.authors or ()}
        found = []
        for key in keys if self.authors is not None else ():
            if key not in registry:
                raise SourceError(
                    path,
                    line_of("authors"),
                    f"authors: {key!r} is not in the blog's .authors.yml "
                    "(mkdocs stops the build on it)",
                )
            name, email = registry[key]
            found.append({"name": name, "email": email} if email else {"name": name})
        if "author" in meta or "authors" not in meta:
            return None
        written = {k: v for k, v in meta.items() if k != "authors"}
        return {**written, "author": found} if found else written


def _matches(pattern: str, source: str, path: Path) -> bool:
    try:
        return regex.match(pattern, source, timeout=1.0) is not None
    except TimeoutError:
        raise SourceError(
            path,
            1,
            f"the rss plugin's match_path {pattern!r} took over 1 s on {source}; "
            "simplify it",
        ) from None


def _front_flag(
    path: Path, meta: Mapping[str, Any], key: str, line_of: LineOf
) -> bool | None:
    value = meta.get(key)
    flag = _flag(value)
    if value is not None and flag is None:
        raise SourceError(
            path, line_of(key), f"{key}: expected true or false, got {value!r}"
        )
    return flag


def _material_dates(path: Path, value: object, line_of: LineOf) -> dict[str, datetime]:
    """The post's dates as the blog plugin reads them: ``date: ...`` is
    ``date: {created: ...}``; a date is midnight UTC, a time without an
    offset UTC, an offset kept."""
    if value is None:
        raise SourceError(
            path,
            line_of("date"),
            "no date: the blog needs 'date: YYYY-MM-DD' (or 'date: {created: "
            "...}') in every post",
        )
    written = value if isinstance(value, dict) else {"created": value}
    moments: dict[str, datetime] = {}
    for key, entry in written.items():
        label = f"date: {key}" if isinstance(value, dict) else "date"
        try:
            moment = yaml_moment(entry)
            if moment is None:
                raise ValueError(
                    f"expected a date such as 2024-01-31 or 2024-01-31 10:00:00, "
                    f"got {entry!r}; mkdocs stops the build on it"
                )
            moments[str(key)] = dates.parse(_aware(moment), UTC)
        except ValueError as exc:
            raise SourceError(path, line_of("date"), f"{label}: {exc}") from None
    if "created" not in moments:
        raise SourceError(
            path, line_of("date"), "date: expected a 'created:' date among them"
        )
    return moments


def _aware(moment: date) -> datetime:
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(), UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _rss_date(rss: RssDates, meta: Mapping[str, Any], key: str) -> datetime | None:
    """The date mkdocs-rss-plugin reads from the front matter key ``key``
    (dotted); None where it would use git or the build's time."""
    value: Any = meta
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if not value or (key == "git" and rss.use_git):
        return None
    zone = ZoneInfo(rss.default_timezone)
    try:
        moment = yaml_moment(value)
        if moment is None and isinstance(value, str):
            moment = datetime.strptime(value, rss.datetime_format)
    except ValueError:
        return None
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(*rss.default_time))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        return dates.parse(moment, zone)
    except ValueError:
        return None


def _stem(path: Path) -> str:
    """mkdocs' name of a page's file: without extension, README as index."""
    return "index" if path.stem == "README" else path.stem


def _file_title(path: Path) -> str:
    """The title mkdocs gives a page with none: its file name, ``-`` and
    ``_`` as spaces, capitalised when all lowercase."""
    title = _stem(path).replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _page_url(page: str, directory_urls: bool) -> str:
    """The URL mkdocs gives the Markdown page at ``page`` (under docs_dir)."""
    parent, filename = posixpath.split(page)
    name = posixpath.splitext(filename)[0]
    name = "index" if name == "README" else name
    if directory_urls and name == "index":
        url = (parent or ".") + "/"
    elif directory_urls:
        url = posixpath.join(parent, name) + "/"
    else:
        url = posixpath.join(parent, name + ".html")
    return quote(url)


# --- reading mkdocs.yml ---


@dataclass(frozen=True, slots=True)
class _Section:
    """One mapping of the site's settings (the top level, or a plugin's),
    read as typed values that name their file and line when wrong."""

    site: _Site
    prefix: str  # "" or "plugins.blog."
    values: Mapping[str, Any]

    def where(self, name: str) -> str:
        return self.site.where(self.prefix + name)

    def here(self) -> str:
        """Where this section starts (a plugin: the line naming it)."""
        return self.site.where(self.prefix.rstrip("."))

    def origin(self, name: str, default: str) -> str:
        """Where ``name`` is set, or why its value is the default."""
        given = self.site.has(self.prefix + name)
        return self.where(name) if given else default

    def value(self, name: str, default: Any, kind: type) -> Any:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, Tagged):
            raise ConfigError(
                f"{self.where(name)}: {self.prefix}{name}: {value.tag} is known "
                "only when mkdocs runs; write the value out"
            )
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(
                f"{self.where(name)}: {self.prefix}{name}: expected "
                f"{_KINDS[kind]}, got {value!r}"
            )
        return value

    def text(self, name: str, default: str) -> str:
        text: str = self.value(name, default, str)
        return text

    def flag(self, name: str, default: bool) -> bool:
        flag: bool = self.value(name, default, bool)
        return flag

    def pattern(self, name: str, default: str, fields: tuple[str, ...]) -> str:
        """A ``str.format`` pattern that names only ``fields``."""
        pattern = self.text(name, default)
        try:
            for _, field, given, conversion in string.Formatter().parse(pattern):
                spec = given or ""
                if field is None:
                    continue
                if field not in fields or conversion not in (None, "s") or "{" in spec:
                    known = ", ".join("{" + f + "}" for f in fields)
                    raise ValueError(
                        f"unknown placeholder {{{field}}}; mkdocs knows {known}"
                    )
                format("", spec)
        except ValueError as exc:
            raise ConfigError(
                f"{self.where(name)}: {self.prefix}{name}: {exc}"
            ) from None
        return pattern


_KINDS = {str: "text", bool: "true or false", int: "a whole number", list: "a list"}


def _plugins(site: _Site) -> dict[str, _Section]:
    """The enabled blog and rss plugins' settings, and any other plugin's."""
    written = site.data.get("plugins") or []
    if isinstance(written, list):
        pairs = [
            pair
            for item in written
            for pair in (item.items() if isinstance(item, dict) else [(item, None)])
        ]
    elif isinstance(written, dict):
        pairs = list(written.items())
    else:
        raise ConfigError(f"{site.where('plugins')}: plugins: expected a list")
    found: dict[str, _Section] = {}
    for name, options in pairs:
        section = _Section(site, f"plugins.{name}.", options or {})
        if not isinstance(name, str) or not isinstance(section.values, dict):
            raise ConfigError(
                f"{site.where('plugins')}: plugins: expected names, each with "
                f"its settings, got {name!r}: {options!r}"
            )
        if not section.flag("enabled", True):
            continue
        kind = "blog" if name in _BLOG_NAMES else name
        if kind in _REFUSED_PLUGINS or kind in found:
            raise ConfigError(
                f"{site.where(f'plugins.{name}')}: plugins: {name}: multilingual "
                "blogs and several blogs or feeds are not supported yet"
            )
        found[kind] = section
    if "blog" not in found:
        raise ConfigError(
            f"{site.where('plugins')}: the blog plugin is not enabled (plugins: "
            "- blog): feedsmith takes a mkdocs site's posts from Material's blog; "
            "for another mkdocs site drop from: and set site.*, sources and "
            "permalink in config.yaml"
        )
    return found


def _site_settings(
    top: _Section, rss: _Section | None, language: str
) -> dict[str, tuple[Any, str]]:
    """site.* as the feed the rss plugin writes shows them."""
    settings: dict[str, tuple[Any, str]] = {}
    base = top.text("site_url", "")
    if not base.startswith(("http://", "https://")):
        raise ConfigError(
            f"{top.where('site_url')}: site_url: expected an http(s) URL, got "
            f"{base!r}; set site.url in config.yaml instead"
        )
    settings["site.url"] = (base.rstrip("/") + "/", top.where("site_url"))
    for key, own, feed in (
        ("site.title", "site_name", "feed_title"),
        ("site.description", "site_description", "feed_description"),
        ("site.author", "site_author", ""),
    ):
        section, name = (rss, feed) if rss and rss.values.get(feed) else (top, own)
        value = section.values.get(name)
        if isinstance(value, Tagged):  # config.yaml may give it instead
            where = section.where(name)
            message = f"{where}: {name}: {value.tag} is known only when mkdocs runs"
            settings[key] = (Unreadable(f"{message}; set {key} in config.yaml"), where)
        elif value is not None:
            text = section.text(name, "")
            given = {"name": text} if key == "site.author" else text
            settings[key] = (given, section.where(name))
    settings["site.language"] = (
        (top.text("locale", ""), top.where("locale"))  # the rss plugin's first
        if top.values.get("locale") is not None
        else (language, top.origin("theme.language", "Material's default language"))
    )
    return settings


def read(root: Path) -> Profile:
    site = _load_site(root)
    top = _Section(site, "", site.data)
    plugins = _plugins(site)
    blog, rss = plugins["blog"], plugins.get("rss")
    theme = top.values.get("theme")
    theme = _Section(site, "theme.", theme if isinstance(theme, dict) else {})
    language = theme.text("language", "en")  # also of the dates in URLs
    settings = _site_settings(top, rss, language)
    docs = root / top.text("docs_dir", "docs")
    blog_dir = blog.text("blog_dir", "blog")
    post_dir = blog.pattern("post_dir", "{blog}/posts", ("blog",))
    post_dir = _folder(blog, post_dir.format(blog=posixpath.normpath(blog_dir)))
    posts = (docs / post_dir).resolve()
    why = "the blog's default post_dir, {blog}/posts"
    settings["sources.folders"] = ([str(posts)], blog.origin("post_dir", why))
    settings["sources.include"] = (list(MARKDOWN), "mkdocs publishes Markdown pages")
    output = (docs / "feeds").resolve()
    settings["output"] = (str(output), f"{docs}: mkdocs publishes docs_dir as it is")
    more = rss or blog  # the summary: the feed's abstract, or the blog's excerpt
    key = "abstract_delimiter" if rss else "post_excerpt_separator"
    why = "the default of mkdocs-rss-plugin and the blog: <!-- more -->"
    settings["content.excerpt_separator"] = (
        more.text(key, "<!-- more -->"),
        more.origin(key, why),
    )
    if rss is not None:
        limit = rss.value("length", 20, int)
        if limit < 1:
            raise ConfigError(f"{rss.where('length')}: length: expected 1 or more")
        why = "mkdocs-rss-plugin's default length"
        settings["feeds.limit"] = (limit, rss.origin("length", why))
    drafts = blog.flag("draft", False)
    future = drafts or not blog.flag("draft_if_future_date", False)
    blog.flag("draft_on_serve", True)  # mkdocs serve only
    blog.text("post_date_format", "long")  # the blog's pages only
    key = "draft" if drafts else "draft_if_future_date"
    why = "the blog publishes posts dated in the future"
    settings["feeds.future"] = (future, blog.origin(key, why))
    rules = MkdocsRules(
        posts=posts,
        post_dir=post_dir,
        base_url=settings["site.url"][0],
        blog_dir=blog_dir,
        url_format=blog.pattern(
            "post_url_format", "{date}/{slug}", ("categories", "date", "file", "slug")
        ),
        date_tokens=_date_format(blog, language),
        max_categories=blog.value("post_url_max_categories", 1, int),
        post_slug=_slugify(blog, "post_slugify"),
        category_slug=_slugify(blog, "categories_slugify"),
        directory_urls=top.flag("use_directory_urls", True),
        publish_drafts=drafts,
        rss=_rss(rss) if rss is not None else None,
        authors=_authors(blog, docs, blog_dir),
        categories_allowed=tuple(blog.value("categories_allowed", [], list))
        if blog.flag("categories", True)
        else (),
    )
    _refuse_meta_files(plugins, docs, post_dir)
    return Profile("mkdocs", root, settings, _excluded(top, post_dir), rules)


def _folder(blog: _Section, value: str) -> str:
    """The posts folder under docs_dir, normalised; not docs_dir or above."""
    folder = posixpath.normpath(value)
    if folder in (".", "..") or folder.startswith(("../", "/")):
        raise ConfigError(
            f"{blog.where('post_dir')}: post_dir: {value!r} is not a folder inside "
            "docs_dir; feedsmith needs the posts in a folder of their own"
        )
    return folder


def _date_format(blog: _Section, language: str) -> tuple[Token, ...]:
    pattern = blog.text("post_url_date_format", "yyyy/MM/dd")
    english = language.replace("-", "_") in _ENGLISH
    tokens = date_tokens(
        PREDEFINED[pattern] if english and pattern in PREDEFINED else pattern
    )
    problem = (
        f"{pattern!r} is a locale's own format, which feedsmith knows in English only"
        if pattern in PREDEFINED and not english
        else date_problem(tokens, language)
    )
    if problem:
        raise ConfigError(
            f"{blog.where('post_url_date_format')}: post_url_date_format: "
            f"{problem}; write it with numbers, such as yyyy/MM/dd"
        )
    return tokens


def _rss(rss: _Section) -> RssDates:
    """The rss plugin's ``date_from_meta`` and ``match_path``, checked."""
    meta = rss.value("date_from_meta", {}, dict)
    meta = _Section(rss.site, rss.prefix + "date_from_meta.", meta)
    checks = (
        (meta, "default_timezone", "UTC", ZoneInfo),
        (meta, "default_time", "00:00", lambda t: datetime.strptime(t, "%H:%M")),
        (rss, "match_path", ".*", re.compile),
    )
    for section, key, default, check in checks:
        try:
            check(section.text(key, default))
        except (ZoneInfoNotFoundError, ValueError, re.error) as exc:
            where = f"{section.where(key)}: {section.prefix}{key}"
            raise ConfigError(f"{where}: {exc}") from None
    default_time = datetime.strptime(meta.text("default_time", "00:00"), "%H:%M")
    return RssDates(
        created=meta.text("as_creation", "git"),
        updated=meta.text("as_update", "git"),
        use_git=rss.flag("use_git", True),
        datetime_format=meta.text("datetime_format", "%Y-%m-%d %H:%M"),
        default_time=(default_time.hour, default_time.minute),
        default_timezone=meta.text("default_timezone", "UTC"),
        match_path=rss.text("match_path", ".*"),
    )


def _authors(
    blog: _Section, docs: Path, blog_dir: str
) -> tuple[tuple[str, str, str | None], ...] | None:
    """The blog's authors registry: key, name, email; None when off."""
    if not blog.flag("authors", True):
        return None
    written = blog.pattern("authors_file", "{blog}/.authors.yml", ("blog",))
    path = docs / posixpath.normpath(written.format(blog=blog_dir))
    if not path.is_file():
        return ()
    file = _load_yaml(path)
    registry = _Section(_Site(file.data, (file,)), "", file.data)
    entries = registry.value("authors", {}, dict)
    found = []
    for key, entry in entries.items():
        author = _Section(
            registry.site, f"authors.{key}.", entry if isinstance(entry, dict) else {}
        )
        name = author.text("name", "")
        if not name:
            raise ConfigError(
                f"{registry.where(f'authors.{key}')}: authors: {key}: expected a name"
            )
        found.append((str(key), name, author.text("email", "") or None))
    return tuple(found)


def _excluded(top: _Section, post_dir: str) -> tuple[str, ...]:
    """mkdocs' ``exclude_docs`` and ``draft_docs`` (gitignore lines under
    docs_dir) as lines under the posts folder."""
    lines: list[str] = []
    for key in ("exclude_docs", "draft_docs"):
        for line in top.text(key, "").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            moved = _under(line.removeprefix("!"), post_dir)
            if moved == "?":
                raise ConfigError(
                    f"{top.where(key)}: {key}: {line!r}: feedsmith cannot tell "
                    f"which posts it names; anchor it at /{post_dir}/"
                )
            if moved is not None:
                lines.append("!" + moved if line.startswith("!") else moved)
    return tuple(lines)


def _under(pattern: str, post_dir: str) -> str | None:
    """``pattern`` relative to post_dir; None if it names nothing there,
    ``?`` if that hangs on a wildcard above post_dir."""
    bare = pattern.rstrip("/")
    if "/" not in bare or bare.startswith("**/"):
        return pattern  # it matches at any depth
    anchored = pattern.lstrip("/")
    if anchored.rstrip("/") == post_dir:
        return "*"  # the posts folder itself
    if anchored.startswith(post_dir + "/"):
        return "/" + anchored[len(post_dir) + 1 :]
    above = anchored.split("/")[: post_dir.count("/") + 1]
    return "?" if any(set(part) & set("*?[\\") for part in above) else None


def _refuse_meta_files(plugins: dict[str, _Section], docs: Path, post_dir: str) -> None:
    """Material's meta plugin adds front matter to posts from files that
    feedsmith does not merge yet."""
    for meta in (plugins.get(name) for name in ("meta", "material/meta")):
        if meta is None:
            continue
        name = meta.text("meta_file", ".meta.yml")
        parts = post_dir.split("/")
        found = [docs.joinpath(*parts[:n], name) for n in range(len(parts) + 1)]
        found = [p for p in found if p.is_file()]
        found += sorted((docs / post_dir).glob(f"**/{name}"))
        if found:
            raise ConfigError(
                f"{found[0]}: the meta plugin ({meta.here()}) adds "
                "these settings to posts, which feedsmith does not read yet; "
                "write them in each post's front matter"
            )
