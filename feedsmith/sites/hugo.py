"""Hugo: read a Hugo site's config and place its pages as Hugo 0.168 does.

Every rule here is measured and written down in ``docs/profiles/hugo.md``;
its tables are this module's tests (``tests/test_profile_hugo.py``).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import yaml

from feedsmith import dates, yamltext
from feedsmith.errors import ConfigError, NotAPost, SkippedSource, SourceError
from feedsmith.sites import LineOf, Placement, Profile

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.json")
OLD_CONFIG_NAMES = ("config.toml", "config.yaml", "config.json")
PAGE_SUFFIXES = (
    ".md", ".markdown", ".mdown", ".html", ".htm", ".org", ".adoc", ".pandoc",
)  # fmt: skip
# Hugo's default date lists (front matter keys, lowercased), and aliases.
DEFAULT_DATES = {
    "date": ("date", "publishdate", "pubdate", "published", "lastmod", "modified"),
    "publishdate": ("publishdate", "pubdate", "published", "date"),
    "lastmod": (
        ":git",
        "lastmod",
        "modified",
        "date",
        "publishdate",
        "pubdate",
        "published",
    ),
    "expirydate": ("expirydate", "unpublishdate"),
}
_ALIASES = {
    "date": "date",
    "pubdate": "publishdate",
    "publishdate": "publishdate",
    "published": "publishdate",
    "lastmod": "lastmod",
    "modified": "lastmod",
    "expirydate": "expirydate",
    "unpublishdate": "expirydate",
}
_FILENAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_TOKEN = re.compile(r":(\w+)")
_SLASHES = re.compile("/{2,}")
_URL_JOINERS = re.compile(r"-*[+/\\][-+/\\]*")
_URL_SAFE = "/%:@!$&'()*,;=-._~"
# Go time layout elements a permalink token may be made of, longest first.
_GO_LAYOUT = re.compile(r"January|Jan|Monday|Mon|2006|06|01|02|15|03|04|05|1|2")
_GO_PARTS = {
    "January": "%B", "Jan": "%b", "Monday": "%A", "Mon": "%a", "2006": "%Y",
    "06": "%y", "01": "%m", "02": "%d", "15": "%H", "03": "%I", "04": "%M",
    "05": "%S",
}  # fmt: skip
_NAMED_TOKENS = {
    "year", "month", "monthname", "day", "weekday", "weekdayname", "yearday",
    "section", "sections", "title", "slug", "filename", "contentbasename",
    "slugorfilename", "slugorcontentbasename",
}  # fmt: skip
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
_DAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip


# --- slugs ---


def sanitize(text: str, *, remove_accents: bool = False) -> str:
    """Hugo's path sanitising: letters, digits, marks and ``._#+~-@/\\``
    kept, a run of whitespace between kept characters one ``-`` (none next
    to a kept ``-``), everything else dropped."""
    text = unquote(text)  # %20 is a space to Hugo, a lone % is dropped
    if remove_accents:
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        )
    out: list[str] = []
    pending = was_hyphen = False
    for char in text:
        if char in "._#+~-@/\\" or unicodedata.category(char)[0] in "LMN":
            if unicodedata.category(char) in ("Nl", "No") and not char.isdigit():
                continue  # ½ is a number but not a digit: dropped
            was_hyphen = char == "-"
            if pending and not was_hyphen:
                out.append("-")
            pending = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            pending = True
    return "".join(out)


def _lower(text: str) -> str:
    """Go's simple lowercase: one character each (``İ`` gives ``i``)."""
    if text.isascii():
        return text.lower()
    return "".join(char.lower()[0] for char in text)


def _as_segment(text: str) -> str:
    """What a sanitised text becomes as one URL path segment: ``+``, ``/``
    and ``\\`` (with the dashes around them) turn into one ``-``, and a
    trailing ``#`` is lost (it starts an empty fragment)."""
    return _URL_JOINERS.sub("-", text).rstrip("#")


def urlize(text: str, *, remove_accents: bool = False, lower: bool = True) -> str:
    """The path segment Hugo makes of a title or a file name (decoded)."""
    clean = sanitize(text, remove_accents=remove_accents)
    return _as_segment(_lower(clean) if lower else clean)


def slug_segment(text: str, *, remove_accents: bool = False, lower: bool = True) -> str:
    """The segment of a front matter ``slug``: as :func:`urlize`, without a
    leading or trailing ``-``, and only its last part after a ``/``."""
    clean = sanitize(text, remove_accents=remove_accents)
    clean = (_lower(clean) if lower else clean).strip("-")
    return _as_segment(clean.split("/")[-1])


# --- the site's config ---


@dataclass(frozen=True, slots=True)
class _Source:
    """One config file's text, to find the line a key is written on."""

    path: Path
    lines: tuple[str, ...]

    def where(self, *keys: str) -> str | None:
        """The first line that sets ``keys[-1]``, as a key or a TOML table
        (``[params.author]``); None if no line does."""
        last = re.escape(keys[-1].lower())
        pattern = re.compile(
            rf"""^\s*(?:["']?{last}["']?\s*[=:]|\[+[^\]]*\b{last}\s*\]+)""",
            re.IGNORECASE,
        )
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return f"{self.path}:{number}"
        return None


def _lower_keys(value: Any, keep: bool = False) -> Any:
    """Hugo's config keys are case-insensitive; section names in maps are not."""
    if isinstance(value, dict):
        return {
            (k if keep else str(k).lower()): _lower_keys(v, keep)
            for k, v in value.items()
        }
    return value


def _parse(path: Path) -> dict[str, Any]:
    """One config file of the site, loaded as safely as ``config.yaml``."""
    data: object
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix in (".yaml", ".yml"):
            data = yamltext.load(text, aliases=False) or {}
        else:
            data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Hugo config: {exc}") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Hugo config: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return data


def _load(root: Path) -> tuple[dict[str, Any], list[_Source]]:
    """The site's settings, keys lowercased, and the files they came from."""
    sources: list[_Source] = []
    settings: dict[str, Any] = {}

    def add(path: Path, data: dict[str, Any]) -> None:
        sources.append(_Source(path, tuple(path.read_text("utf-8").splitlines())))
        for key, value in data.items():
            if key.lower() in ("permalinks", "uglyurls"):
                settings[key.lower()] = _lower_keys(value, keep=True)
            else:
                settings[key.lower()] = _lower_keys(value)

    for name in CONFIG_NAMES + OLD_CONFIG_NAMES:
        if (root / name).is_file():
            add(root / name, _parse(root / name))
            break
    default = root / "config" / "_default"
    if default.is_dir():
        for path in sorted(default.iterdir()):
            if path.suffix not in (".toml", ".yaml", ".yml", ".json"):
                continue
            data = _parse(path)
            if path.stem in ("hugo", "config"):
                add(path, data)
            else:
                add(path, {path.stem: data})
    for other in (
        sorted((root / "config").glob("*")) if (root / "config").is_dir() else []
    ):
        if other.is_dir() and other.name != "_default":
            raise ConfigError(
                f"{other}: environment configs are not supported yet; "
                "give site.* in config.yaml instead"
            )
    if not sources:
        raise ConfigError(f"{root}: no hugo.toml, hugo.yaml or hugo.json")
    return settings, sources


def _where(sources: list[_Source], *keys: str) -> str:
    """Where the site's config sets ``keys[-1]`` (the last file wins), or
    that it is Hugo's default."""
    for source in reversed(sources):
        spot = source.where(*keys)
        if spot is not None:
            return spot
    return f"Hugo's default ({keys[-1]} unset)"


def _at(sources: list[_Source], key: str) -> str:
    """Where ``key`` is set, or the site's config file when it is not."""
    found = _where(sources, key)
    return str(sources[-1].path) if found.startswith("Hugo's default") else found


def _refuse_unreadable(root: Path, hugo: Mapping[str, Any], sources: list) -> None:
    for key in ("theme", "module"):
        if key in hugo:
            raise ConfigError(
                f"{_where(sources, key)}: {key}: a theme's config and templates "
                "are outside the site; give site.* and feeds.* in config.yaml"
            )
    if len(hugo.get("languages") or {}) > 1:
        raise ConfigError(
            f"{_where(sources, 'languages')}: multilingual sites are not supported yet"
        )
    if hugo.get("enablegitinfo"):
        raise ConfigError(
            f"{_where(sources, 'enableGitInfo')}: dates from git are not static "
            "facts of the files; set enableGitInfo = false or give front matter dates"
        )
    for name in (
        "index.rss.xml",
        "_default/rss.xml",
        "rss.xml",
        "_default/index.rss.xml",
    ):
        if (root / "layouts" / name).is_file():
            raise ConfigError(
                f"{root / 'layouts' / name}: a custom feed template decides what "
                "the feed lists; give feeds.* in config.yaml instead"
            )


# --- the profile ---


@dataclass(frozen=True, slots=True)
class HugoRules:
    root: Path
    content: Path
    base_url: str
    permalinks: Mapping[str, str]
    ugly: bool | Mapping[str, bool]
    date_lists: Mapping[str, tuple[str, ...]]
    filename_dates: bool
    remove_accents: bool
    lower: bool
    build_drafts: bool
    build_expired: bool
    main_sections: tuple[str, ...] | None
    static: Path | None = None  # staticDir: published at the site's root

    def _urlize(self, text: str) -> str:
        return urlize(text, remove_accents=self.remove_accents, lower=self.lower)

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        relative = path.relative_to(self.content)
        parts = relative.parts
        bundle = path.stem == "index" and len(parts) > 1
        folders = parts[:-2] if bundle else parts[:-1]
        section = folders[0] if folders else ""
        front = {str(k).lower(): v for k, v in meta.items()}
        written = {str(k).lower(): str(k) for k in meta}  # as spelt in the file

        def line(key: str) -> int:
            return line_of(written.get(key, key))

        build = front.get("build")
        if isinstance(build, dict) and build.get("list") == "never":
            why = "build: list: never (Hugo lists it nowhere)"
            raise NotAPost(path, line("build"), why)
        name = parts[-2] if bundle else path.stem
        found = self._dates(path, front, name, zone, line)
        date_, publish, lastmod, expiry = found
        if date_ is None:
            raise SkippedSource(
                path,
                1,
                "no date: Hugo would list it dated 0001-01-01; add 'date:' to "
                "make it an item",
            )
        filename = self._urlize(name)
        if self.filename_dates and (match := _FILENAME_DATE.match(name)):
            filename = self._urlize(match.group(2))
        slug_text = front.get("slug")
        slug = (
            slug_segment(str(slug_text), remove_accents=self.remove_accents,
                         lower=self.lower)
            if slug_text not in (None, "")
            else ""
        )  # fmt: skip
        if not slug and self.filename_dates and _FILENAME_DATE.match(name):
            slug = filename  # the date list's :filename sets the slug too
        link = self._link(front, folders, section, date_, title, slug, filename, path)
        return Placement(
            slug=slug or filename,
            name=name,
            link=link,
            id=link,
            published=publish or date_,
            updated=lastmod or date_,
            draft=_true(front.get("draft")) and not self.build_drafts,
            expires=None if self.build_expired else expiry,
        )

    def _dates(
        self,
        path: Path,
        front: Mapping[str, Any],
        name: str,
        zone: tzinfo,
        line: LineOf,
    ) -> tuple[datetime | None, ...]:
        found: dict[str, datetime | None] = {}
        for kind in ("date", "publishdate", "lastmod", "expirydate"):
            found[kind] = None
            for key in self.date_lists[kind]:
                if key == ":filename":
                    match = _FILENAME_DATE.match(name)
                    if match:
                        found[kind] = dates.parse(match.group(1), zone)
                        break
                    continue
                if key == ":git":
                    continue
                value = front.get(key)
                if value is None or value == "":
                    continue
                try:
                    found[kind] = dates.parse(value, zone)
                except ValueError as exc:
                    raise SourceError(path, line(key), f"{key}: {exc}") from None
                break
        return (
            found["date"],
            found["publishdate"],
            found["lastmod"],
            found["expirydate"],
        )

    def _link(
        self,
        front: Mapping[str, Any],
        folders: tuple[str, ...],
        section: str,
        moment: datetime,
        title: str,
        slug: str,
        filename: str,
        path: Path,
    ) -> str:
        url = front.get("url")
        if isinstance(url, str) and url.strip():
            return self._absolute(url.strip())
        pattern = self.permalinks.get(section) if section else None
        if pattern is None:
            segments = [self._urlize(f) for f in folders]
            link = "/" + "/".join([*segments, slug or filename]) + "/"
        else:
            values = {
                "year": f"{moment.year:04d}",
                "month": f"{moment.month:02d}",
                "monthname": _MONTHS[moment.month - 1],
                "day": f"{moment.day:02d}",
                "weekday": str(moment.isoweekday() % 7),
                "weekdayname": _DAYS[moment.weekday()],
                "yearday": str(moment.timetuple().tm_yday),
                "section": self._urlize(section),
                "sections": "/".join(self._urlize(f) for f in folders),
                "title": self._urlize(title),
                "slug": slug or self._urlize(title),
                "filename": filename,
                "contentbasename": filename,
                "slugorfilename": slug or filename,
                "slugorcontentbasename": slug or filename,
            }

            def token(match: re.Match[str]) -> str:
                name = match.group(1)
                if name in values:
                    return values[name]
                return _go_format(moment, name)

            link = _TOKEN.sub(token, pattern)
        link = _SLASHES.sub("/", link)
        ugly = self.ugly if isinstance(self.ugly, bool) else self.ugly.get(section)
        if ugly and link.endswith("/") and link != "/":
            link = link[:-1] + ".html"
        return self._absolute(link)

    def _absolute(self, path: str) -> str:
        return self.base_url + quote(path.lstrip("/"), safe=_URL_SAFE)


def _true(value: object) -> bool:
    """A yes/no front matter value as Hugo casts it (Go's ParseBool): the
    string ``"false"`` is no."""
    if isinstance(value, str):
        return value.strip() in ("1", "t", "T", "TRUE", "true", "True")
    return bool(value)


def _go_format(moment: datetime, layout: str) -> str:
    pieces = []
    position = 0
    for match in _GO_LAYOUT.finditer(layout):
        pieces.append(layout[position : match.start()])
        element = match.group()
        if element == "1":
            pieces.append(str(moment.month))
        elif element == "2":
            pieces.append(str(moment.day))
        else:
            pieces.append(moment.strftime(_GO_PARTS[element]))
        position = match.end()
    if position == 0:
        raise ValueError(layout)
    pieces.append(layout[position:])
    return "".join(pieces).lower()


def _date_lists(
    hugo: Mapping[str, Any], sources: list[_Source]
) -> tuple[dict[str, tuple[str, ...]], bool]:
    configured = hugo.get("frontmatter") or {}
    lists: dict[str, tuple[str, ...]] = {}
    filename = False
    for kind, default in DEFAULT_DATES.items():
        written = configured.get(kind)
        if written is None:
            lists[kind] = default
            continue
        if isinstance(written, str):
            written = [written]
        keys: list[str] = []
        for key in written:
            key = str(key).lower()
            if key == ":default":
                keys.extend(default)
            elif key in (":filename",):
                keys.append(key)
                filename = filename or kind == "date"
            elif key in (":filemodtime", ":git"):
                raise ConfigError(
                    f"{_where(sources, kind)}: frontmatter.{kind}: {key} is not a "
                    "static fact of the files; use front matter dates"
                )
            else:
                keys.append(_ALIASES.get(key, key))
        lists[kind] = tuple(keys)
    return lists, filename


def read(root: Path) -> Profile:
    hugo, sources = _load(root)
    _refuse_unreadable(root, hugo, sources)
    settings: dict[str, tuple[Any, str]] = {}

    def setting(key: str, value: Any, *where: str) -> None:
        settings[key] = (value, _where(sources, *where))

    base_url = hugo.get("baseurl")
    if not isinstance(base_url, str) or not base_url.startswith(
        ("http://", "https://")
    ):
        raise ConfigError(
            f"{_at(sources, 'baseURL')}: baseURL: expected an http(s) URL, got "
            f"{base_url!r}; set site.url in config.yaml instead"
        )
    base_url = base_url.rstrip("/") + "/"
    setting("site.url", base_url, "baseURL")
    title = hugo.get("title")
    if isinstance(title, str):
        setting("site.title", title, "title")
    params = hugo.get("params") or {}
    description = params.get("description")
    if isinstance(description, str):
        setting("site.description", description, "params", "description")
    elif isinstance(title, str):
        settings["site.description"] = (
            f"Recent content on {title}",
            "Hugo's default (no params.description)",
        )
    language = hugo.get("locale") or hugo.get("languagecode")
    if isinstance(language, str):
        setting(
            "site.language", language, "locale" if "locale" in hugo else "languageCode"
        )
    zone = hugo.get("timezone")
    if isinstance(zone, str):
        setting("site.timezone", zone, "timeZone")
    author = params.get("author")
    if isinstance(author, dict) and isinstance(author.get("name"), str):
        value = {"name": author["name"]}
        if isinstance(author.get("email"), str):
            value["email"] = author["email"]
        setting("site.author", value, "author")
    content = (root / str(hugo.get("contentdir") or "content")).resolve()
    setting("sources.folders", [str(content)], "contentDir")
    setting("sources.include", [f"*{suffix}" for suffix in PAGE_SUFFIXES], "contentDir")
    output = (root / str(hugo.get("staticdir") or "static") / "feeds").resolve()
    settings["output"] = (str(output), f"{root}: Hugo publishes static/ as it is")
    limit = (hugo.get("services") or {}).get("rss", {}).get("limit", -1)
    settings["feeds.limit"] = (
        limit if isinstance(limit, int) and limit > 0 else 1_000_000,
        _where(sources, "limit"),
    )
    summary_length = hugo.get("summarylength", 70)  # words of a derived summary
    if isinstance(summary_length, bool) or not isinstance(summary_length, int):
        raise ConfigError(
            f"{_at(sources, 'summaryLength')}: summaryLength: expected a whole "
            f"number, got {summary_length!r}; set content.summary_words in "
            "config.yaml instead"
        )
    setting("content.summary_words", max(summary_length, 0), "summaryLength")
    setting("content.typographer", _typographer(hugo), "typographer")
    setting("content.raw_html", _unsafe(hugo), "unsafe")
    if hugo.get("buildfuture"):
        setting("feeds.future", True, "buildFuture")
    permalinks = hugo.get("permalinks") or {}
    page = permalinks.get("page") if isinstance(permalinks.get("page"), dict) else None
    flat = {k: v for k, v in permalinks.items() if isinstance(v, str)}
    patterns = {**flat, **(page or {})}
    for section, pattern in patterns.items():
        for name in _TOKEN.findall(pattern):
            if (
                name not in _NAMED_TOKENS
                and not _GO_LAYOUT.fullmatch(name)
                and not (re.fullmatch(f"(?:{_GO_LAYOUT.pattern})+", name))
            ):
                raise ConfigError(
                    f"{_where(sources, section)}: permalinks: unknown token :{name}"
                )
    ugly_setting = hugo.get("uglyurls", False)
    ugly: bool | dict[str, bool] = (
        {str(k): bool(v) for k, v in ugly_setting.items()}
        if isinstance(ugly_setting, dict)
        else bool(ugly_setting)
    )
    lists, filename_dates = _date_lists(hugo, sources)
    main = params.get("mainsections")
    rules = HugoRules(
        root=root,
        content=content,
        base_url=base_url,
        permalinks=patterns,
        ugly=ugly,
        date_lists=lists,
        filename_dates=filename_dates,
        remove_accents=bool(hugo.get("removepathaccents")),
        lower=not hugo.get("disablepathtolower"),
        build_drafts=bool(hugo.get("builddrafts")),
        build_expired=bool(hugo.get("buildexpired")),
        main_sections=tuple(map(str, main)) if isinstance(main, list) else None,
        static=output.parent,
    )
    read_by_rules: dict[str, tuple[Any, str]] = {
        f"permalinks.{section}": (pattern, _where(sources, section))
        for section, pattern in patterns.items()
    }
    read_as: tuple[tuple[str, Any], ...] = (
        ("uglyURLs", ugly),
        ("frontmatter", {k: list(v) for k, v in lists.items()}),
        ("removePathAccents", rules.remove_accents),
        ("disablePathToLower", not rules.lower),
        ("buildDrafts", rules.build_drafts),
        ("buildExpired", rules.build_expired),
        ("params.mainSections", rules.main_sections or "unset"),
    )
    for name, value in read_as:
        read_by_rules[name] = (value, _where(sources, name.split(".")[-1]))
    exclude = _exclusions(content, rules.main_sections)
    return Profile(
        "hugo", root, settings, exclude, rules, read_by_rules, variables=hugo
    )


def _unsafe(hugo: Mapping[str, Any]) -> bool:
    """Goldmark's ``markup.goldmark.renderer.unsafe``: raw HTML in Markdown
    is left out unless it is true."""
    found: Any = hugo
    for key in ("markup", "goldmark", "renderer", "unsafe"):
        found = found.get(key) if isinstance(found, dict) else None
    return found is True


def _typographer(hugo: Mapping[str, Any]) -> bool:
    """Goldmark's typographer: on, unless ``markup.goldmark.extensions``
    sets ``typographer = false`` or ``[…typographer] disable = true``."""
    found: Any = hugo
    for key in ("markup", "goldmark", "extensions", "typographer"):
        found = found.get(key) if isinstance(found, dict) else None
    if isinstance(found, dict):
        return found.get("disable") is not True
    return found is not False


def _exclusions(content: Path, main: tuple[str, ...] | None) -> tuple[str, ...]:
    """List pages, the resources of every leaf bundle, and with
    ``params.mainSections`` every other section's pages: never items, so
    never read (and never a warning on every build)."""
    lines = ["_index.*"]
    if main is not None:
        lines += ["/*", *(f"!/{section}/" for section in main)]
    for folder, _, files in sorted(os.walk(content)):
        if any(f.startswith("index.") for f in files) and Path(folder) != content:
            relative = Path(folder).relative_to(content).as_posix()
            if main is not None and relative.split("/")[0] not in main:
                continue  # its whole section is left out already
            lines.append(f"/{relative}/*")
            index = next(f for f in sorted(files) if f.startswith("index."))
            lines.append(f"!/{relative}/{index}")
    return tuple(lines)
