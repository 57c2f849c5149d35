"""The committed sample feeds, checked the way the W3C validator and readers do.

The W3C validator cannot be installed from a package registry, so the rules
it applies that generators usually trip are asserted here directly.
"""

from __future__ import annotations

import email.utils
import json
import re
from pathlib import Path

import pytest
from feedcheck import parse_json, parse_xml, self_link
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
FEEDS = REPO / "feeds"
PUBLIC = "https://mining.example.org/feeds/"
XML_FEEDS = sorted(p.relative_to(FEEDS).as_posix() for p in FEEDS.rglob("*.xml"))
ABSOLUTE = re.compile(r"^https?://[^/\s]+/\S*$")


def source_titles() -> set[str]:
    titles = set()
    for path in (REPO / "sources").rglob("*"):
        text = (
            path.read_text(encoding="utf-8-sig")
            if path.suffix in (".md", ".txt")
            else ""
        )
        if path.suffix == ".txt":
            titles.add(next(line for line in text.splitlines() if line.strip()).strip())
        elif path.suffix == ".md" and "draft: true" not in text:
            match = re.search(r'^title\s*[:=]\s*"?(.*?)"?\s*$', text, re.MULTILINE)
            titles.add(match.group(1).replace('\\"', '"'))
    return titles


def archived(name: str) -> list[Path]:
    """The main feed's file ``name``, then its archive pages, newest first,
    as a reader walking its prev-archive links finds them."""
    pages = sorted(FEEDS.glob(f"archive/*/{name}"), key=lambda p: -int(p.parent.name))
    return [FEEDS / name, *pages]


def test_main_feeds_and_their_archive_hold_every_published_source_once():
    titles = source_titles()
    assert len(titles) >= 8
    for name in ("rss.xml", "atom.xml"):
        documents = [parse_xml(path.read_bytes()) for path in archived(name)]
        assert len(documents) > 1, "the sample shows an archive"
        shown = [e.title for document in documents for e in document.entries]
        assert sorted(shown) == sorted(titles)
        prev = [document.feed.links for document in documents]
        for links, older in zip(prev, archived(name)[1:], strict=False):
            assert PUBLIC + older.relative_to(FEEDS).as_posix() in {
                link.href for link in links if link.rel == "prev-archive"
            }
    documents = [parse_json(path.read_bytes()) for path in archived("feed.json")]
    shown = [i["title"] for document in documents for i in document["items"]]
    assert sorted(shown) == sorted(titles)


def test_the_sample_shows_an_author_feed_and_a_podcast_episode():
    ada = parse_xml((FEEDS / "authors/ada-miner/rss.xml").read_bytes())
    assert ada.feed.title == "Mining Notes: Ada Miner"
    assert ada.entries and all(e.author.endswith("(Ada Miner)") for e in ada.entries)
    show = parse_xml((FEEDS / "episodes/rss.xml").read_bytes())
    [episode] = show.entries
    [enclosure] = episode.enclosures
    media = REPO / "sources/media/shaft-sounds.mp3"
    assert enclosure.href == "https://mining.example.org/media/shaft-sounds.mp3"
    assert (int(enclosure.length), enclosure.type) == (
        media.stat().st_size,
        "audio/mpeg",
    )
    assert episode.itunes_duration == "5"
    assert show.feed.itunes_explicit is None or not show.feed.itunes_explicit
    assert show.feed.image.href == "https://mining.example.org/images/podcast.png"


@pytest.mark.parametrize("name", XML_FEEDS)
def test_xml_feed_follows_validator_rules(name):
    data = (FEEDS / name).read_bytes()
    parsed = parse_xml(data)
    assert self_link(parsed) == PUBLIC + name
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in parsed.entries:
        assert ABSOLUTE.match(entry.link)
        for content in entry.get("content", []):
            html = etree.HTML(content.value)
            for url in html.xpath("//@href | //@src"):
                assert ABSOLUTE.match(url) or url.startswith("mailto:"), url
    if name.endswith("rss.xml"):
        channel = etree.fromstring(data).find("channel")
        assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))
        for item in channel.iterfind("item"):
            assert email.utils.parsedate_to_datetime(item.findtext("pubDate"))
            guid = item.find("guid")
            assert (guid.get("isPermaLink") == "true") == bool(
                ABSOLUTE.match(guid.text)
            )
            for author in item.iterfind("author"):
                assert "@" in author.text  # name-only authors go to dc:creator


@pytest.mark.parametrize("name", sorted(p.relative_to(FEEDS).as_posix()
                                        for p in FEEDS.rglob("*.json")))  # fmt: skip
def test_json_feed_shape(name):
    document = json.loads((FEEDS / name).read_text(encoding="utf-8"))
    assert document["feed_url"] == PUBLIC + name
    for item in document["items"]:
        assert {"id", "url", "title", "date_published"} <= set(item)
        assert "content_html" in item or "content_text" in item
        assert ABSOLUTE.match(item["url"])
