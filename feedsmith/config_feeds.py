"""The settings of the feeds beyond the main one and its tags: ``feeds.by``,
``feeds.custom``, ``feeds.archive`` and the ``podcast:`` section. Their
checks (as :mod:`feedsmith.config_values` holds the others') and what the
loader makes of them once checked."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

from feedsmith.config_values import (
    Invalid,
    formats,
    limit,
    patterns,
    plain_text,
    shown,
    text_list,
)
from feedsmith.model import Author, Podcast, Site
from feedsmith.render.podcast import CATEGORIES, feed_guid


@dataclass(frozen=True, slots=True)
class Filter:
    """Which articles a custom feed keeps, or leaves out: any of each
    given list matches (tags, authors, sections and categories by slug);
    every given list must match."""

    tags: tuple[str, ...] = ()  # tags and categories alike, as tag feeds
    authors: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()  # .gitignore lines, relative to the source folder


@dataclass(frozen=True, slots=True)
class CustomFeed:
    """A feed ``feeds.custom`` defines: the articles a filter keeps."""

    name: str  # its slug, as --explain and warnings name it
    folder: str  # under the output folder, ending in "/"
    title: str
    description: str
    limit: int
    formats: tuple[str, ...]
    keep: Filter = Filter()  # an article must match it...
    exclude: Filter | None = None  # ...and not this
    since: date | None = None  # published on or after this day (site.timezone)
    until: date | None = None  # on or before this day


FEED_KINDS = ("tags", "authors", "sections", "categories")


def feed_kinds(value: object) -> tuple[str, ...]:
    """``feeds.by``: which articles' values get a feed each."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid(f"expected a list such as [tags, authors], got {shown(value)}")
    for item in items:
        if not isinstance(item, str) or item not in FEED_KINDS:
            raise Invalid(
                f"unknown kind {shown(item)}; choose from {', '.join(FEED_KINDS)}"
            )
    return tuple(dict.fromkeys(items))


def archive(value: object) -> int:
    """``feeds.archive``: items per archive page, 0 for no archive; ``true``
    pages them as ``feeds.limit`` does the current feed (-1 until known)."""
    if value is False:
        return 0
    if value is True:
        return -1
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(
            f"expected true, false or items per page (a whole number), "
            f"got {shown(value)}"
        )
    return value


# The folders of the feeds feedsmith names itself, which no custom feed may
# take: a feed per value of each kind, and the main feed's archive pages.
RESERVED_FOLDERS = (*FEED_KINDS, "archive")
_CUSTOM_NAME = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_FILTERS = (*FEED_KINDS, "paths")
_CUSTOM_KEYS = (
    "name", "title", "description", "folder", "limit", "formats",
    *_FILTERS, "since", "until", "exclude",
)  # fmt: skip


def custom_feeds(value: object) -> tuple[dict[str, object], ...]:
    """``feeds.custom``: the feeds a filter defines, each as the keys of
    ``config.CustomFeed`` it sets (the loader fills in the defaults that
    other settings give); every problem of every feed at once."""
    if not isinstance(value, list):
        raise Invalid(f"expected a list of feeds such as [{{name: releases}}], "
                      f"got {shown(value)}")  # fmt: skip
    feeds: list[dict[str, object]] = []
    problems: list[tuple[str, str]] = []
    for number, raw in enumerate(value, start=1):
        found: list[tuple[str, str]] = []
        feed = _custom_feed(raw, found)
        problems.extend((f"[{number}]{key}", why) for key, why in found)
        name, folder = feed.get("name"), feed.get("folder")
        if name is not None and any(f.get("name") == name for f in feeds):
            problems.append((f"[{number}].name", f"{name!r} is taken by another "
                             "custom feed"))  # fmt: skip
        elif folder is not None and any(f.get("folder") == folder for f in feeds):
            problems.append((f"[{number}].folder", f"{folder} is another custom "
                             "feed's folder; give each feed its own"))  # fmt: skip
        feeds.append(feed)
    if problems:
        raise Invalid(problems[0][1], tuple(problems))
    return tuple(feeds)


def _custom_feed(raw: object, problems: list[tuple[str, str]]) -> dict[str, object]:
    """One custom feed's keys, checked; each problem onto ``problems``."""
    if not isinstance(raw, dict):
        problems.append(("", f"expected a mapping such as {{name: releases, "
                         f"tags: [release]}}, got {shown(raw)}"))  # fmt: skip
        return {}
    feed: dict[str, object] = {}
    checks = {
        "name": _custom_name, "title": plain_text, "description": plain_text,
        "folder": _custom_folder, "limit": limit, "formats": formats,
        "tags": text_list, "authors": text_list, "sections": text_list,
        "categories": text_list, "paths": patterns, "since": calendar_date,
        "until": calendar_date, "exclude": _exclusions,
    }  # fmt: skip
    for key, given in raw.items():
        check = checks.get(key)
        if check is None:
            problems.append((f".{key}", _unknown(key, _CUSTOM_KEYS)))
            continue
        try:
            feed[str(key)] = check(given)
        except Invalid as exc:
            problems.extend(
                (f".{key}{part}", why) for part, why in exc.parts or (("", str(exc)),)
            )
    if "name" not in raw:
        problems.append((".name", "required key is missing"))
    elif "name" in feed and "folder" not in raw:
        try:
            feed["folder"] = _custom_folder(feed["name"])
        except Invalid as exc:
            problems.append((".name", f"{exc}; set folder: to another one"))
    since, until = feed.get("since"), feed.get("until")
    if isinstance(since, date) and isinstance(until, date) and until < since:
        problems.append((".until", f"{until} is before since: {since}"))
    return feed


def _unknown(key: object, known: tuple[str, ...]) -> str:
    hint = difflib.get_close_matches(str(key), known, n=1)
    return "unknown key" + (f"; did you mean {hint[0]}?" if hint else "")


def _custom_name(value: object) -> str:
    text = plain_text(value)
    if text != text.lower() or not _CUSTOM_NAME.fullmatch(text):
        raise Invalid(
            f"expected a slug: lower-case letters and digits joined by -, got {text!r}"
        )
    return text


def _custom_folder(value: object) -> str:
    """A folder under the output that no other feed of the site uses."""
    text = plain_text(value).strip("/") if isinstance(value, str) else ""
    parts = text.split("/")
    if not isinstance(value, str) or value.startswith("/") or "\\" in value:
        raise Invalid(f"expected a folder under the output such as releases/, "
                      f"got {shown(value)}")  # fmt: skip
    if any(part in ("", ".", "..") for part in parts):
        raise Invalid(f"{value!r} leaves the output folder or names no folder; "
                      "write a folder such as releases/")  # fmt: skip
    if parts[0] in RESERVED_FOLDERS or "archive" in parts:
        raise Invalid(f"{text}/ is where feedsmith puts feeds of its own "
                      f"({', '.join(f'{r}/' for r in RESERVED_FOLDERS)}, and "
                      "archive/ in each feed's folder); choose another")  # fmt: skip
    return text + "/"


def calendar_date(value: object) -> date:
    """A day, ``2024-01-31``: YAML reads one unquoted, or it is text."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"expected a date such as 2024-01-31, got {shown(value)}")


def _exclusions(value: object) -> dict[str, object]:
    """``exclude:``: the filters an article must match none of."""
    if not isinstance(value, dict):
        raise Invalid(f"expected a mapping such as {{tags: [draft]}}, "
                      f"got {shown(value)}")  # fmt: skip
    clean: dict[str, object] = {}
    problems: list[tuple[str, str]] = []
    for key, given in value.items():
        if key not in _FILTERS:
            problems.append((f".{key}", _unknown(key, _FILTERS)))
            continue
        try:
            clean[key] = patterns(given) if key == "paths" else text_list(given)
        except Invalid as exc:
            problems.append((f".{key}", str(exc)))
    if problems:
        raise Invalid(problems[0][1], tuple(problems))
    return clean


def podcast_categories(value: object) -> tuple[tuple[str, ...], ...]:
    """``podcast.categories``: Apple's categories, "Category" or
    "Category > Subcategory", each checked against Apple's list."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise Invalid(f"expected a list such as [Technology], got {shown(value)}")
    found = []
    for item in items:
        if not isinstance(item, str):
            raise Invalid(f"expected a category's name, got {shown(item)}")
        found.append(_apple_category(item))
    return tuple(dict.fromkeys(found))


def _apple_category(item: str) -> tuple[str, ...]:
    """``item`` as Apple spells it, or Invalid with the closest it lists."""
    by_lower = {name.lower(): name for name in CATEGORIES}
    for category, subs in CATEGORIES.items():
        named = (f"{category} > {sub}" for sub in subs)
        by_lower |= {name.lower(): name for name in named}
    written = " > ".join(part.strip() for part in item.split(">"))
    spelled = by_lower.get(written.lower())
    if spelled is None:
        hint = difflib.get_close_matches(written.lower(), by_lower, 1, 0.5)
        advice = f"; did you mean {by_lower[hint[0]]!r}?" if hint else ""
        raise Invalid(
            f"{item!r} is not one of Apple Podcasts' categories{advice} "
            "(write a subcategory as 'Category > Subcategory')"
        )
    return tuple(spelled.split(" > "))


def podcast_type(value: object) -> str:
    """``podcast.type``: Apple's show types; serial lists the oldest first."""
    if value not in ("episodic", "serial"):
        raise Invalid(f"expected episodic or serial, got {shown(value)}")
    return str(value)


def custom_feed(given: dict[str, Any], site: Site, feeds: dict[str, Any]) -> CustomFeed:
    """A checked ``feeds.custom`` entry, with the defaults the site and
    ``feeds`` give it."""
    keys = (*FEED_KINDS, "paths")
    keep = Filter(**{key: given[key] for key in keys if key in given})
    excluded = given.get("exclude")
    name = given["name"]
    return CustomFeed(
        name=name,
        folder=given["folder"],
        title=given.get("title") or f"{site.title}: {name}",
        description=given.get("description") or _described(keep, site.title),
        limit=given.get("limit") or feeds["limit"],
        formats=given.get("formats") or feeds["formats"],
        keep=keep,
        exclude=Filter(**excluded) if excluded else None,
        since=given.get("since"),
        until=given.get("until"),
    )


def _described(keep: Filter, site_title: str) -> str:
    """Such as "Articles tagged release by Ada Miner on Mining Notes"."""
    said = [
        f"{how} {' or '.join(values)}"
        for how, values in (
            ("tagged", keep.tags),
            ("by", keep.authors),
            ("in", keep.sections),
            ("in category", keep.categories),
        )
        if values
    ]
    return " ".join(("Articles", *said, "on", site_title))


def podcast_problems(
    given: dict[str, Any], site: dict[str, Any], feeds: dict[str, Any]
) -> list[str]:
    """What a given ``podcast:`` section lacks that Apple requires, each as
    ``key: what to do``; and a ``feed`` no feed can be at. ``given``,
    ``site`` and ``feeds`` are the checked values."""
    found = [
        f"podcast.{key}: required when podcast: is given"
        for key in ("image", "categories", "explicit")  # Apple's, no default
        if given[key] is None
    ]
    author: Author | None = given["owner"] or site["author"]
    if author is None or not author.email:
        found.append(
            "podcast.owner: Apple requires the owner's email: set podcast.owner "
            "or site.author to {name, email}"
        )
    if not site["language"]:
        found.append("site.language: required by Apple when podcast: is given")
    formats = feeds["formats"]
    folder = _show_folder(given["feed"])
    custom = {entry["folder"] for entry in feeds["custom"] or ()}
    kinds = tuple(f"{kind}/" for kind in FEED_KINDS)
    if folder and folder not in custom and not folder.startswith(kinds):
        found.append(
            f"podcast.feed: no feed is at {folder}: give a feeds.custom folder, "
            "a feed of feeds.by such as tags/<slug>/, or leave it unset (the main feed)"
        )
    if formats is not None and "rss" not in formats:
        found.append("podcast: needs rss in feeds.formats (podcast apps read RSS)")
    return found


def podcast(given: dict[str, Any], site: Site, feeds_url: str) -> Podcast:
    """The show the checked ``podcast:`` section describes, once
    :func:`podcast_problems` found nothing missing."""
    owner = given["owner"] or site.author
    assert owner is not None  # else podcast_problems() said so
    folder = _show_folder(given["feed"])
    return Podcast(
        image=urljoin(site.url, given["image"]),
        categories=given["categories"],
        explicit=given["explicit"],
        author=given["author"] or owner.name,
        owner=owner,
        type=given["type"],
        guid=given["guid"] or feed_guid(f"{feeds_url}{folder}rss.xml"),
        locked=given["locked"],
        feed=folder,
    )


def _show_folder(feed: str | None) -> str:
    """``podcast.feed`` as feed folders are written: "" or ending in "/"."""
    folder = (feed or "").strip("/")
    return f"{folder}/" if folder else ""
