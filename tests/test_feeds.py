"""Built feeds read back through feedparser: what a subscriber actually sees."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import NOW
from feedcheck import instant, parse_json, parse_xml, self_link
from lxml import etree

from feedsmith import feeds

CONFIG = """\
site:
  title: Mining Notes
  url: https://mining.example.org/
  description: Field notes on mining
  language: en
  timezone: Asia/Shanghai
  author: {name: Ada Miner, email: ada@mining.example.org}
feeds:
  limit: 3
"""

SOURCES = {
    "core.md": """\
        ---
        title: Reading a core box
        date: 2025-04-07 09:30:00 +08:00
        tags: [geology, Field Notes]
        summary: How to read core.
        ---
        Look at the [assays](../assays/) first.
        """,
    "2024-09-14-pit-lamps.md": """\
        ---
        title: Pit lamps
        tags: tools, history
        author: Bo Tunnel
        ---
        Lamps went from flame to LED.
        """,
    "pumps.md": """\
        ---
        title: "Pumps & pipes: when flow < demand"
        date: 2024-11-02
        updated: 2024-11-20
        tags: [tools]
        id: urn:uuid:6f1c2a8e-pumps
        ---
        First paragraph.

        <!--more-->

        More.
        """,
    "engines.md": """\
        +++
        title = "Cornish engines"
        date = 2025-02-20T08:00:00+01:00
        lastmod = 2025-03-01T10:00:00+01:00
        tags = ["history"]
        +++
        Water was the enemy.
        """,
    "draft.md": "---\ntitle: Draft\ndate: 2025-01-01\ndraft: true\ntags: [tools]\n---\n",
    "future.md": "---\ntitle: Future\ndate: 2030-01-01\ntags: [tools]\n---\n",
    "archive/mill.txt": """\
        The sound of a stamp mill

        People said the silence woke them.

        Tuesday, 9 January 2024
        Next:Pit lamps
        """,
}

# Newest first, as every feed must list them; dates as UTC instants.
EXPECTED = [
    ("Reading a core box", "https://mining.example.org/2025/04/core/",
     datetime(2025, 4, 7, 1, 30, tzinfo=UTC)),
    ("Cornish engines", "https://mining.example.org/2025/02/engines/",
     datetime(2025, 2, 20, 7, tzinfo=UTC)),
    ("Pumps & pipes: when flow < demand", "https://mining.example.org/2024/11/pumps/",
     datetime(2024, 11, 1, 16, tzinfo=UTC)),
    ("Pit lamps", "https://mining.example.org/2024/09/pit-lamps/",
     datetime(2024, 9, 13, 16, tzinfo=UTC)),
    ("The sound of a stamp mill", "https://mining.example.org/2024/01/mill/",
     datetime(2024, 1, 8, 16, tzinfo=UTC)),
]  # fmt: skip


@pytest.fixture
def files(site):
    site.config(CONFIG)
    for name, text in SOURCES.items():
        site.source(name, text)
    result = feeds(site.load(), NOW)
    assert result.articles == 5
    return {path.relative_to(site.root / "feeds").as_posix(): data
            for path, data in result.files.items()}  # fmt: skip


def test_file_layout(files):
    tags = ["field-notes", "geology", "history", "tools"]
    views = {"discovery.html", "feed.css", "feed.xsl", "feeds.opml", "index.html"}
    expected = {"rss.xml", "atom.xml", "feed.json", *views} | {
        f"tags/{tag}/{name}"
        for tag in tags
        for name in ("rss.xml", "atom.xml", "feed.json", "discovery.html")
    }
    assert set(files) == expected


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_xml_main_feed_round_trip(files, name):
    parsed = parse_xml(files[name])
    assert parsed.feed.title == "Mining Notes"
    assert parsed.feed.link == "https://mining.example.org/"
    assert self_link(parsed) == f"https://mining.example.org/feeds/{name}"
    got = [(e.title, e.link, instant(e.published_parsed)) for e in parsed.entries]
    assert got == EXPECTED[:3]  # limit: 3, newest first, draft and future left out
    # The feed's date is its newest item's change, never the build time.
    assert instant(parsed.feed.updated_parsed) == datetime(
        2025, 4, 7, 1, 30, tzinfo=UTC
    )


def test_rss_items(files):
    parsed = parse_xml(files["rss.xml"])
    core, _, pumps = parsed.entries
    assert core.id == core.link
    assert pumps.id == "urn:uuid:6f1c2a8e-pumps"
    assert core.summary == "How to read core."
    assert pumps.summary == "First paragraph."
    assert 'href="https://mining.example.org/2025/04/assays/"' in core.content[0].value
    assert [t.term for t in core.tags] == ["geology", "Field Notes"]
    assert core.author == "ada@mining.example.org (Ada Miner)"
    document = etree.fromstring(files["rss.xml"])
    assert (
        document.find("channel/lastBuildDate").text == "Mon, 07 Apr 2025 09:30:00 +0800"
    )
    assert (
        document.find("channel/item/pubDate").text == "Mon, 07 Apr 2025 09:30:00 +0800"
    )
    guids = [g.get("isPermaLink") for g in document.iterfind("channel/item/guid")]
    assert guids == ["true", "true", "false"]  # a urn is no link: never isPermaLink


def test_rss_name_only_author_uses_dc_creator(files):
    document = etree.fromstring(files["tags/history/rss.xml"])
    lamps = document.findall("channel/item")[1]
    assert lamps.find("title").text == "Pit lamps"
    assert lamps.find("author") is None
    assert lamps.find("{http://purl.org/dc/elements/1.1/}creator").text == "Bo Tunnel"


def test_rss_escapes_markup_characters_as_the_profile_advises(files):
    assert (
        b"<title>Pumps &#x26; pipes: when flow &#x3C; demand</title>"
        in files["rss.xml"]
    )
    assert b"&amp;" not in files["rss.xml"] and b"&lt;" not in files["rss.xml"]


def test_atom_entries(files):
    parsed = parse_xml(files["atom.xml"])
    core, engines, pumps = parsed.entries
    assert pumps.id == "urn:uuid:6f1c2a8e-pumps"
    assert instant(pumps.updated_parsed) == datetime(2024, 11, 19, 16, tzinfo=UTC)
    assert instant(engines.updated_parsed) == datetime(2025, 3, 1, 9, tzinfo=UTC)
    assert core.updated_parsed == core.published_parsed
    assert core.content[0].type == "text/html"
    assert core.summary == "How to read core."
    assert parsed.feed.author_detail == {
        "name": "Ada Miner",
        "email": "ada@mining.example.org",
    }
    assert parsed.feed.id == "https://mining.example.org/feeds/atom.xml"


def test_json_feed(files):
    document = parse_json(files["feed.json"])
    assert document["feed_url"] == "https://mining.example.org/feeds/feed.json"
    assert document["home_page_url"] == "https://mining.example.org/"
    items = document["items"]
    assert [(i["title"], i["url"], datetime.fromisoformat(i["date_published"]))
            for i in items] == EXPECTED[:3]  # fmt: skip
    assert items[0]["id"] == items[0]["url"]
    assert items[2]["id"] == "urn:uuid:6f1c2a8e-pumps"
    assert items[2]["date_modified"] == "2024-11-20T00:00:00+08:00"
    assert items[0]["tags"] == ["geology", "Field Notes"]
    assert items[0]["authors"] == [
        {"name": "Ada Miner", "url": "mailto:ada@mining.example.org"}
    ]
    assert items[0]["summary"] == "How to read core."
    assert items[0]["content_html"].startswith("<p>Look at the <a href=")


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml", "feed.json"])
def test_tag_feeds(files, name):
    data = files[f"tags/history/{name}"]
    if name == "feed.json":
        document = parse_json(data)
        titles = [i["title"] for i in document["items"]]
        feed_title, own_url = document["title"], document["feed_url"]
    else:
        parsed = parse_xml(data)
        titles = [e.title for e in parsed.entries]
        feed_title, own_url = parsed.feed.title, self_link(parsed)
    assert titles == ["Cornish engines", "Pit lamps"]
    assert feed_title == "Mining Notes: history"
    assert own_url == f"https://mining.example.org/feeds/tags/history/{name}"


def test_tag_spellings_share_one_feed(site):
    site.source(
        "a.md", "---\ntitle: A\ndate: 2024-01-02\ntags: [Ore Processing]\n---\n"
    )
    site.source(
        "b.md", "---\ntitle: B\ndate: 2024-01-01\ntags: [ore processing]\n---\n"
    )
    result = feeds(site.load(), NOW)
    tag_files = sorted(p.relative_to(site.root).as_posix() for p in result.files
                       if "tags" in p.parts)  # fmt: skip
    assert tag_files == [f"feeds/tags/ore-processing/{n}"
                         for n in ("atom.xml", "discovery.html", "feed.json",
                                   "rss.xml")]  # fmt: skip
    rss = parse_xml(result.files[site.root / "feeds/tags/ore-processing/rss.xml"])
    assert rss.feed.title == "Test Site: Ore Processing"
    assert [e.title for e in rss.entries] == ["A", "B"]


def test_summary_only_feeds(site):
    site.config(CONFIG + "  content: summary\n  formats: [rss, json]\n  tags: false\n")
    site.source("a.md", "---\ntitle: A\ndate: 2024-01-02\n---\nThe body.\n\nMore.\n")
    files = feeds(site.load(), NOW).files
    feed_files = sorted(p.name for p in files if p.suffix in (".xml", ".json"))
    assert feed_files == ["feed.json", "rss.xml"]
    rss = parse_xml(files[site.root / "feeds/rss.xml"])
    assert rss.entries[0].summary == "The body."
    assert "content" not in rss.entries[0]
    item = parse_json(files[site.root / "feeds/feed.json"])["items"][0]
    assert item["content_text"] == "The body." and "content_html" not in item


def test_items_with_the_same_date_are_ordered_by_id(site):
    for slug in ("b", "c", "a"):
        site.source(f"{slug}.md", f"---\ntitle: {slug}\ndate: 2024-01-01\n---\n")
    files = feeds(site.load(), NOW).files
    assert [e.title for e in parse_xml(files[site.root / "feeds/atom.xml"]).entries] == [
        "a", "b", "c"
    ]  # fmt: skip
