"""What the site's settings mean for the rules: each one Pelican's rules
read, checked as feedsmith must run it (a literal, a regex that compiles, a
URL pattern ``str.format`` can parse, a plugin known to change nothing),
and the list of them, with where each was read, for ``--explain``."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path
from string import Formatter
from typing import Any
from zoneinfo import ZoneInfo

from feedsmith import dates
from feedsmith.errors import ConfigError
from feedsmith.sites import Unreadable
from feedsmith.sites.pelican import spelling
from feedsmith.sites.pelican.rules import PelicanRules
from feedsmith.sites.pelican.settings import Settings
from feedsmith.sites.pelican.slugs import DEFAULT_SUBSTITUTIONS, regex
from feedsmith.sites.pelican.urls import fields

# Plugins known to leave every article's slug, link, date and feed entry
# alone (they add pages, HTML or assets). Any other plugin is refused.
HARMLESS_PLUGINS = frozenset({
    "assets", "webassets", "sitemap", "neighbors", "related_posts", "tag_cloud",
    "render_math", "seo", "search", "tipue_search", "share_post", "readtime",
    "similar_posts", "liquid_tags", "minify", "gzip_cache", "image_process",
    "post_stats", "representative_image", "pelican_youtube", "pelican_vimeo",
    "simple_footnotes", "photos", "statistics",
})  # fmt: skip


def rules_of(conf: Settings, content: Path) -> PelicanRules:
    """The rules, from the settings they read; a ConfigError at the line of
    one feedsmith cannot run as Pelican would."""
    site_url = conf.site("SITEURL", "site.url", "", str)
    if isinstance(site_url, Unreadable) or not site_url.startswith(
        ("http://", "https://")
    ):
        raise ConfigError(
            f"{conf.where('SITEURL')}: SITEURL: expected an absolute http(s) URL "
            f"literal, got {conf.values['SITEURL'].computed or repr(site_url)}: "
            "feedsmith builds every link and id from it as Pelican does (so "
            "site.url in config.yaml cannot stand in); write it in publishconf.py, "
            "which feedsmith reads first"
            if "SITEURL" in conf.values
            else f"{conf.file}: SITEURL is unset; set it in publishconf.py"
        )
    patterns = ("ARTICLE_URL", "ARTICLE_LANG_URL", "DRAFT_URL", "DRAFT_LANG_URL")
    author = (
        conf.rule("AUTHOR", None, str, type(None))
        if _name_author(tuple(str(conf.value(p, "")) for p in patterns))
        else (conf.value("AUTHOR", None))
    )
    return PelicanRules(
        unidecode=spelling.unidecode_version(),
        content=content,
        site_url=site_url.rstrip("/"),
        relative_urls=bool(conf.rule("RELATIVE_URLS", False, bool)),
        article_url=_pattern(conf, "ARTICLE_URL", "{slug}.html"),
        article_lang_url=_pattern(conf, "ARTICLE_LANG_URL", "{slug}-{lang}.html"),
        draft_url=_pattern(conf, "DRAFT_URL", "drafts/{slug}.html"),
        draft_lang_url=_pattern(conf, "DRAFT_LANG_URL", "drafts/{slug}-{lang}.html"),
        default_lang=conf.rule("DEFAULT_LANG", "en", str).lower(),
        author=author if isinstance(author, str) else None,
        slugify_source=_choice(conf, "SLUGIFY_SOURCE", "title", ("title", "basename")),
        use_unicode=conf.rule("SLUGIFY_USE_UNICODE", False, bool),
        preserve_case=conf.rule("SLUGIFY_PRESERVE_CASE", False, bool),
        slug_subs=_substitutions(
            conf, "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_SUBSTITUTIONS
        ),
        category_subs=_substitutions(conf, "CATEGORY_REGEX_SUBSTITUTIONS", None),
        author_subs=_substitutions(conf, "AUTHOR_REGEX_SUBSTITUTIONS", None),
        filename_metadata=_path_pattern(
            conf, "FILENAME_METADATA", r"(?P<date>\d{4}-\d{2}-\d{2}).*"
        ),
        path_metadata=_path_pattern(conf, "PATH_METADATA", ""),
        extra_path_metadata=_extra_path_metadata(conf),
        default_metadata=tuple(conf.rule("DEFAULT_METADATA", {}, dict).items()),
        category_pages=bool(conf.rule("CATEGORY_SAVE_AS", "category/{slug}.html")),
        folder_category=bool(conf.rule("USE_FOLDER_AS_CATEGORY", True, bool)),
        default_category=conf.rule("DEFAULT_CATEGORY", "misc", str),
        default_date=_default_date(conf),
        listing_urls=tuple(
            (what, _link_pattern(conf, name, default))
            for what, name, default in (
                ("tag", "TAG_URL", "tag/{slug}.html"),
                ("category", "CATEGORY_URL", "category/{slug}.html"),
                ("author", "AUTHOR_URL", "author/{slug}.html"),
                ("index", "INDEX_SAVE_AS", "index.html"),
            )
        ),
        tag_subs=_substitutions(conf, "TAG_REGEX_SUBSTITUTIONS", None),
    )


def _link_pattern(conf: Settings, name: str, default: str) -> str:
    """A URL pattern only links in bodies use: Pelican's default when the
    site computes it or writes no pattern ``str.format`` reads (such links
    are then wrong, never the build)."""
    found = conf.values.get(name)
    if found is None or found.computed or not isinstance(found.value, str):
        return default
    try:
        list(Formatter().parse(found.value))
    except ValueError:
        return default
    return found.value


def _pattern(conf: Settings, name: str, default: str) -> str:
    pattern = conf.rule(name, default, str)
    try:
        list(Formatter().parse(pattern))
    except ValueError as exc:
        raise ConfigError(f"{conf.where(name)}: {name}: {exc} in {pattern!r}") from None
    return str(pattern)


def _choice(conf: Settings, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = conf.rule(name, default, str)
    if value not in allowed:
        raise ConfigError(
            f"{conf.where(name)}: {name}: expected {' or '.join(allowed)}, "
            f"got {value!r}"
        )
    return str(value)


def _substitutions(
    conf: Settings, name: str, default: tuple[tuple[str, str], ...] | None
) -> tuple[tuple[str, str], ...]:
    """A list of (regex, replacement) pairs; unset CATEGORY_ and AUTHOR_ ones
    are SLUG_REGEX_SUBSTITUTIONS."""
    if default is None and name not in conf.values:
        return _substitutions(conf, "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_SUBSTITUTIONS)
    pairs = conf.rule(name, default, list, tuple)
    if not all(
        isinstance(pair, list | tuple)
        and len(pair) == 2
        and all(isinstance(part, str) for part in pair)
        for pair in pairs
    ):
        raise ConfigError(
            f"{conf.where(name)}: {name}: expected a list of (regex, replacement) pairs"
        )
    for pattern, _ in pairs:
        try:
            regex(unicodedata.normalize("NFKC", pattern))
        except re.error as exc:
            raise ConfigError(
                f"{conf.where(name)}: {name}: {pattern!r}: {exc}"
            ) from None
    return tuple((str(a), str(b)) for a, b in pairs)


def _path_pattern(conf: Settings, name: str, default: str) -> str:
    pattern = conf.rule(name, default, str, type(None)) or ""
    try:
        regex(pattern, 0)
    except re.error as exc:
        raise ConfigError(f"{conf.where(name)}: {name}: {pattern!r}: {exc}") from None
    return str(pattern)


def _extra_path_metadata(
    conf: Settings,
) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    extra = conf.rule("EXTRA_PATH_METADATA", {}, dict)
    if not all(isinstance(k, str) and isinstance(v, dict) for k, v in extra.items()):
        raise ConfigError(
            f"{conf.where('EXTRA_PATH_METADATA')}: EXTRA_PATH_METADATA: expected "
            "{path: {key: value}}"
        )
    return tuple(
        (path, tuple((str(k).lower(), v) for k, v in meta.items()))
        for path, meta in sorted(extra.items())
    )


def _default_date(conf: Settings) -> str | tuple[int, ...] | None:
    value = conf.rule("DEFAULT_DATE", None, str, tuple, list, type(None))
    if value in (None, "fs"):
        return value
    try:
        if isinstance(value, str):
            dates.parse(value, ZoneInfo("UTC"))
            return value
        if all(isinstance(part, int) for part in value):
            datetime(*value)
            return tuple(value)
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            f"{conf.where('DEFAULT_DATE')}: DEFAULT_DATE: {exc}"
        ) from None
    raise ConfigError(
        f"{conf.where('DEFAULT_DATE')}: DEFAULT_DATE: expected 'fs', a date or a "
        f"tuple of numbers, got {value!r}"
    )


def refuse_plugins(conf: Settings) -> None:
    plugins = conf.rule("PLUGINS", None, list, tuple, type(None)) or ()
    for plugin in plugins:
        name = str(plugin).rsplit(".", 1)[-1].lower().replace("-", "_")
        if name.removeprefix("pelican_") not in HARMLESS_PLUGINS and (
            name not in HARMLESS_PLUGINS
        ):
            raise ConfigError(
                f"{conf.where('PLUGINS')}: PLUGINS: {plugin!r} may change what "
                "Pelican publishes (slugs, links, dates, feeds) and feedsmith does "
                "not run plugins; remove it, or leave out from: and give site.*, "
                "sources and permalink in config.yaml"
            )


def rule_settings(conf: Settings, rules: PelicanRules) -> dict[str, tuple[Any, str]]:
    """Every setting the rules read (and STATIC_PATHS, which places the
    feeds), under Pelican's names, with where it was read, for --explain.
    A setting that fills a config.yaml key the pipeline uses instead
    (TIMEZONE: site.timezone, WITH_FUTURE_DATES: feeds.future, READERS:
    sources.include) is shown as that key."""
    urls = (rules.article_url, rules.article_lang_url)
    patterns = (*urls, rules.draft_url, rules.draft_lang_url)
    shown = {
        "SITEURL": rules.site_url,
        "RELATIVE_URLS": rules.relative_urls,
        "ARTICLE_URL": rules.article_url,
        "ARTICLE_LANG_URL": rules.article_lang_url,
        "DRAFT_URL": rules.draft_url,
        "DRAFT_LANG_URL": rules.draft_lang_url,
        "DEFAULT_LANG": rules.default_lang,
        **({"AUTHOR": rules.author} if _name_author(patterns) else {}),
        "SLUGIFY_SOURCE": rules.slugify_source,
        "SLUGIFY_USE_UNICODE": rules.use_unicode,
        "SLUGIFY_PRESERVE_CASE": rules.preserve_case,
        "SLUG_REGEX_SUBSTITUTIONS": [list(p) for p in rules.slug_subs],
        "CATEGORY_REGEX_SUBSTITUTIONS": [list(p) for p in rules.category_subs],
        "AUTHOR_REGEX_SUBSTITUTIONS": [list(p) for p in rules.author_subs],
        "FILENAME_METADATA": rules.filename_metadata,
        "PATH_METADATA": rules.path_metadata,
        "EXTRA_PATH_METADATA": {p: dict(m) for p, m in rules.extra_path_metadata},
        "DEFAULT_METADATA": dict(rules.default_metadata),
        "CATEGORY_SAVE_AS": conf.rule("CATEGORY_SAVE_AS", "category/{slug}.html"),
        "USE_FOLDER_AS_CATEGORY": rules.folder_category,
        "DEFAULT_CATEGORY": rules.default_category,
        "DEFAULT_DATE": rules.default_date,
        "PATH": conf.value("PATH", "content"),
        "ARTICLE_PATHS": list(conf.texts("ARTICLE_PATHS", [""])),
        "PAGE_PATHS": list(conf.texts("PAGE_PATHS", ["pages"])),
        "ARTICLE_EXCLUDES": list(conf.texts("ARTICLE_EXCLUDES", [])),
        "IGNORE_FILES": list(conf.texts("IGNORE_FILES", ["**/.*"])),
        "STATIC_PATHS": conf.value("STATIC_PATHS", ["images"]),
        "PLUGINS": conf.rule("PLUGINS", None),
    }
    read = {name: (value, conf.where(name)) for name, value in shown.items()}
    spelt_by = rules.unidecode or "not installed: pip install 'feedsmith[pelican]'"
    read["Unidecode"] = (spelt_by, "the installed library Pelican spells slugs with")
    return read


def _name_author(patterns: tuple[str, ...]) -> bool:
    """Whether a URL pattern uses ``{author}``: the rules then read AUTHOR."""
    return any("author" in fields(pattern) for pattern in patterns)
