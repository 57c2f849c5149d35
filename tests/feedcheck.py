"""Helpers that read built feeds back the way feed readers do."""

from __future__ import annotations

import calendar
import json
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def instant(struct_time) -> datetime:
    """feedparser's UTC struct_time as an aware datetime."""
    return datetime.fromtimestamp(calendar.timegm(struct_time), UTC)


def parse_xml(data: bytes):
    """feedparser's view of an RSS or Atom document, which must be well formed."""
    etree.fromstring(data)  # raises on any well-formedness error
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def parse_json(data: bytes) -> dict:
    document = json.loads(data.decode("utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    return document


def self_link(parsed) -> str:
    links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert len(links) == 1, parsed.feed.links
    return links[0]


def repaired_by_feedparser(text: str) -> bool:
    """Whether feedparser reads ``text`` back changed from a correct feed.

    It takes text whose characters are all Latin-1 and whose Latin-1 bytes
    are valid UTF-8 (``Âª``) for UTF-8 decoded twice, and "repairs" it
    (``ª``); a test comparing such text would blame the feed.
    """
    try:
        return text.encode("latin-1").decode("utf-8") != text
    except UnicodeError:
        return False


KINDS = ("tags", "authors", "sections", "categories")  # feeds.by, in views' order


def feed_folders(output: Path) -> list[Path]:
    """Every current feed's folder under ``output`` in the order the views
    list them: the main feed, each kind's feeds by slug, then the custom
    feeds (any other folder holding a feed) by name; no archive page."""
    kinds = [
        folder
        for kind in KINDS
        if (output / kind).is_dir()
        for folder in sorted((output / kind).iterdir())
    ]
    custom = sorted(
        folder
        for folder in output.iterdir()
        if folder.name not in (*KINDS, "archive") and (folder / "rss.xml").is_file()
    )
    return [output, *kinds, *custom]
