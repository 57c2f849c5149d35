"""index.html, the page a person opens in the output folder: every feed of
the site with its addresses and subscribe links, the newest articles, and
the <link rel="alternate"> tags that let browsers and readers find them.

The sample site is built into a temporary folder with ``generate.py``, as a
user runs it, and the page is checked against the feeds themselves, read
back with feedparser.
"""

from __future__ import annotations

import calendar
import os
import shutil
import struct
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import yaml
from browser import dom, screenshot, static_server
from conftest import REPO, assert_no_traceback, run_cli
from feedcheck import feed_folders, instant, parse_json, parse_xml, self_link
from hypothesis import given, settings
from hypothesis import strategies as st

from feedsmith.model import Article, Directory, FeedFile, Listed, Site
from feedsmith.render import index, made_by

# Each file of a feed, as feeds.formats lists them by default.
FILES = (
    ("rss", "rss.xml", "application/rss+xml", "RSS"),
    ("atom", "atom.xml", "application/atom+xml", "Atom"),
    ("json", "feed.json", "application/feed+json", "JSON Feed"),
)
SHOT_SIZE = (1024, 1600)


def sample_site(root: Path, **feeds: bool) -> Path:
    """The sample site's config and sources in ``root``, with ``feeds``
    keys set in its config."""
    shutil.copytree(REPO / "sources", root / "sources")
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    config["feeds"].update(feeds)
    set_config(root, config)
    return root


def set_config(root: Path, config: dict) -> None:
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (root / "config.yaml").write_text(text, encoding="utf-8")


def build(root: Path) -> Path:
    result = run_cli(root)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    return root / "feeds"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(sample_site(tmp_path_factory.mktemp("index")))


def page(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def feeds_on_disk(output: Path) -> list[tuple[str, str, str]]:
    """(type, title, self URL) of every feed file written, the main feed
    first, then the others as the views list them, each read back as a
    reader does."""
    folders = feed_folders(output)
    found = []
    for folder in folders:
        for _, name, media_type, label in FILES:
            data = (folder / name).read_bytes()
            if name.endswith(".json"):
                document = parse_json(data)
                title, url = document["title"], document["feed_url"]
            else:
                parsed = parse_xml(data)
                title, url = parsed.feed.title, self_link(parsed)
            found.append((media_type, f"{title} ({label})", url))
    return found


def alternates(document) -> list[tuple[str, str, str]]:
    return [
        (link.get("type"), link.get("title"), link.get("href"))
        for link in document.xpath("/html/head/link[@rel='alternate']")
    ]


def newest(document) -> list[tuple[str, str]]:
    return [
        (link.text_content(), link.get("href"))
        for link in document.xpath("//main//article//h3/a")
    ]


def main_entries(output: Path) -> list[tuple[str, str]]:
    parsed = parse_xml((output / "rss.xml").read_bytes())
    return [(entry.title, entry.link) for entry in parsed.entries]


def test_head_announces_every_feed_in_every_format(output: Path):
    document = page(output / "index.html")
    expected = feeds_on_disk(output)
    assert len(expected) == 3 * len(feed_folders(output))
    assert alternates(document) == expected
    assert document.get("lang") == "en"
    assert document.xpath("//meta[@charset]")[0].get("charset") == "utf-8"
    assert document.xpath("//h1")[0].text_content() == "Mining Notes"
    assert len(document.xpath("//h1")) == 1
    assert [e.tag for e in document.xpath("/html/body/*")] == [
        "header",
        "main",
        "footer",
    ]
    # No script, stylesheet file, font or image: the page stands alone.
    assert not document.xpath("//script | //img | //link[@rel='stylesheet']")


def test_body_lists_each_feed_with_its_addresses(output: Path):
    document = page(output / "index.html")
    shown = {link.get("href") for link in document.xpath("//main//a")}
    for _, _, url in feeds_on_disk(output):
        assert url in shown, url
    # The main feed's addresses are written out, to be copied.
    for _, name, _, _ in FILES:
        url = f"https://mining.example.org/feeds/{name}"
        assert document.xpath(f"//main//a[@href='{url}' and text()='{url}']")
    tags = document.xpath("//main//h2[text()='Tags']")
    assert len(tags) == 1


def test_subscribe_links_hand_the_feed_to_each_reader(output: Path):
    document = page(output / "index.html")
    links = {
        link.text_content(): link.get("href")
        for link in document.xpath("//main//a[starts-with(text(), 'Subscribe in')]")
    }
    rss = "https://mining.example.org/feeds/rss.xml"
    feedly = urlsplit(links["Subscribe in Feedly"])
    assert feedly.netloc == "feedly.com"
    assert feedly.path.startswith("/i/subscription/feed%2F")  # one encoded segment
    assert unquote(feedly.path.removeprefix("/i/subscription/")) == f"feed/{rss}"
    inoreader = urlsplit(links["Subscribe in Inoreader"])
    assert inoreader.netloc == "www.inoreader.com"
    assert parse_qs(inoreader.query) == {"add_feed": [rss]}
    newsblur = urlsplit(links["Subscribe in NewsBlur"])
    assert newsblur.netloc == "www.newsblur.com"
    assert parse_qs(newsblur.query) == {"url": [rss]}


def test_newest_articles_are_the_main_feeds_items(output: Path):
    document = page(output / "index.html")
    entries = main_entries(output)
    assert len(entries) >= 8
    assert newest(document) == entries
    parsed = parse_xml((output / "rss.xml").read_bytes())
    times = document.xpath("//main//article//time")
    assert len(times) == len(parsed.entries)
    for shown, entry in zip(times, parsed.entries, strict=True):
        moment = datetime.fromisoformat(shown.get("datetime"))
        assert moment.astimezone(UTC) == instant(entry.published_parsed)
        assert shown.text == f"{moment.day} {moment:%B %Y}"
    summaries = document.xpath("//main//article/p[not(time)]")
    assert [p.text_content() for p in summaries] == [e.summary for e in parsed.entries]


def test_opml_link_follows_feeds_opml(output: Path, tmp_path: Path):
    document = page(output / "index.html")
    (link,) = document.xpath("//main//a[contains(@href, '.opml')]")
    assert (output / link.get("href")).is_file()
    assert "OPML" in link.text_content()

    off = build(sample_site(tmp_path, opml=False))
    assert not (off / "feeds.opml").exists()
    assert not page(off / "index.html").xpath("//a[contains(@href, '.opml')]")


def test_index_false_writes_none_and_removes_the_old_page(tmp_path: Path):
    root = sample_site(tmp_path)
    assert (build(root) / "index.html").is_file()
    config = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    config["feeds"]["index"] = False
    set_config(root, config)
    output = build(root)
    assert not (output / "index.html").exists()
    assert (output / "rss.xml").is_file()


# Text a title, tag or summary may hold: markup characters, quotes,
# non-ASCII and astral characters; never what XML cannot carry (the model
# removes those) nor leading or trailing space (readers strip it).
TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cn")) | st.sampled_from("<>&\"'"),
    min_size=1,
    max_size=20,
).filter(lambda text: text == text.strip())
# Far from UTC both ways, so a date shown in UTC would be another day.
MOMENTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)
).flatmap(
    lambda naive: st.sampled_from([-12, 0, 14]).map(
        lambda hours: naive.replace(tzinfo=timezone(timedelta(hours=hours)))
    )
)
URL = st.text(st.sampled_from("abz09-._~/?=&;'\"<>éü"), max_size=12).map(
    lambda path: f"https://example.org/{path}"
)


@st.composite
def directories(draw) -> Directory:
    site = Site(
        title=draw(TEXT),
        url=draw(URL),
        description=draw(TEXT),
        language=draw(st.sampled_from([None, "de-CH"])),
        author=None,
        timezone=ZoneInfo("UTC"),
        zones={},
    )
    feeds_url = draw(URL) + "/"
    tags = draw(st.lists(TEXT, max_size=3, unique=True))
    listed = [
        Listed(
            folder=f"tags/t{number}/" if tag else "",
            title=draw(TEXT),
            description=draw(TEXT),
            files=tuple(
                FeedFile(format, media_type, f"{feeds_url}{number}/{name}")
                for format, name, media_type, _ in FILES
            ),
            kind="main" if tag is None else "tags",
            name=tag,
        )
        for number, tag in enumerate([None, *tags])
    ]
    articles = tuple(
        Article(
            id=f"item{number}",
            title=draw(TEXT),
            link=draw(URL),
            published=draw(MOMENTS),
            updated=None,
            authors=(),
            tags=(),
            summary=draw(st.none() | TEXT),
            source=Path(f"{number}.md"),
        )
        for number in range(draw(st.integers(0, 3)))
    )
    return Directory(site, feeds_url, tuple(listed), articles)


@settings(max_examples=60, deadline=None)
@given(directories())
def test_any_text_reads_back_the_same(directory: Directory):
    data = index.render(directory)
    assert data == index.render(directory)  # same input, same bytes
    document = lxml.html.fromstring(data)
    assert made_by(directory.feeds_url) in document.xpath("//comment()")[0].text
    assert document.get("lang") == (directory.site.language or "en")
    assert document.xpath("//h1")[0].text_content() == directory.site.title
    assert directory.site.title in document.findtext(".//title")
    assert [
        (link.get("title"), unquote(link.get("href")))
        for link in document.xpath("//link[@rel='alternate']")
    ] == [
        (f"{feed.title} ({label})", file.url)
        for feed in directory.feeds
        for file, (*_, label) in zip(feed.files, FILES, strict=True)
    ]
    (inoreader,) = document.xpath("//a[text()='Subscribe in Inoreader']")
    query = parse_qs(urlsplit(inoreader.get("href")).query)
    assert query == {"add_feed": [directory.feeds[0].files[0].url]}  # RSS first
    shown_tags = [
        span.text_content() for span in document.xpath("//span[@class='tag']")
    ]
    assert shown_tags == [feed.tag for feed in directory.feeds[1:]]
    assert [(title, unquote(href)) for title, href in newest(document)] == [
        (item.title, item.link) for item in directory.newest
    ]
    summaries = [p.text_content() for p in document.xpath("//article/p[not(time)]")]
    assert summaries == [item.summary for item in directory.newest if item.summary]
    times = document.xpath("//article//time")
    for shown, item in zip(times, directory.newest, strict=True):
        assert shown.get("datetime") == item.published.isoformat()
        day = item.published  # the day in the date's own offset, not UTC's
        assert shown.text == f"{day.day} {calendar.month_name[day.month]} {day.year}"


def test_chromium_shows_the_page(output: Path, tmp_path: Path):
    """What a visitor's browser builds and shows; two Chromium starts."""
    with static_server(output) as base:
        document = lxml.html.fromstring(dom(f"{base}index.html"))
        shot = screenshot(f"{base}index.html", tmp_path / "index.png", size=SHOT_SIZE)
    assert document.findtext(".//title") == "Feeds of Mining Notes"
    assert document.xpath("//h1")[0].text_content() == "Mining Notes"
    assert alternates(document) == feeds_on_disk(output)
    assert newest(document) == main_entries(output)
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == SHOT_SIZE
    if folder := os.environ.get("FEEDSMITH_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(folder) / "index.png")
