"""The five sites built like real ones (tests/cases): what a subscriber sees.

Expected values are what Jekyll, Hugo and Pelican publish for the same
files (see the README's "Coming from …" for where feedsmith differs on
purpose), written out by hand, not copied from the golden files.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import NOW
from feedcheck import instant, parse_json, parse_xml

import feedsmith
from feedsmith import load_config

CASES = Path(__file__).parent / "cases"


def site_feeds(case):
    config = load_config(CASES / case / "config.yaml")
    return {
        p.relative_to(config.output).as_posix(): d
        for p, d in feedsmith.feeds(config, NOW).files.items()
    }


def utc(*args):
    return datetime(*args, tzinfo=UTC)


SITES = {
    "jekyll-blog": [
        ("After the storm: what the tide left",
         "https://tides.example.com/2024/09/21/storm-debris.html", utc(2024, 9, 21, 3),
         "Rope, a crab pot with no crab, and a surprising amount of sea lettuce.",
         ["storms", "spring"]),
        ("Counting periwinkles, badly",
         "https://tides.example.com/walks/notes/2024/06/02/periwinkles.html", utc(2024, 6, 2, 10, 30),
         "We tried to count periwinkles on one square metre of rock and gave up at 212. "
         "The number changes every time a wave comes in.",
         ["snails", "walks", "notes"]),
        ("First spring low tide",
         "https://tides.example.com/walks/2024/04/14/first-low-tide.html", utc(2024, 4, 14, 3),
         "The first big ebb of spring uncovered the whole shelf below the lighthouse. "
         "Green anemones sat closed like fists in every crack.",
         ["anemones", "spring", "walks"]),
    ],
    "hugo-site": [
        ("A page bundle with its own pictures", "https://harbour.example.org/posts/rock-pools-bundle/",
         utc(2025, 9, 8, 23), "The photo sits beside this file in the bundle:", ["lighthouse"]),
        ("Mackerel run", "https://harbour.example.org/posts/mackerel/", utc(2025, 7, 19, 17, 20),
         "The water boiled for twenty minutes and then went flat.", ["fish", "summer"]),
        ("The fog signal test", "https://harbour.example.org/posts/fog-signal/", utc(2025, 3, 12, 6, 45),
         "Every first Wednesday the fog signal sounds for two minutes, fog or not. "
         "Gulls lift off the breakwater on the first blast and settle on the third.",
         ["lighthouse", "sound", "notes"]),
        ("Winter moorings", "https://harbour.example.org/posts/moorings-2024/", utc(2024, 11, 30, 10),
         "Chains checked, shackles moused, and the small boats hauled up the slip.", ["boats"]),
    ],
    "pelican-site": [
        ("Pressing the first cider", "https://orchard.example.net/first-cider.html", utc(2024, 10, 12, 14),
         "Forty kilos of apples gave a little over twenty litres of juice.", ["cider", "apples"]),
        ("Whip and tongue grafting", "https://orchard.example.net/whip-and-tongue.html", utc(2024, 3, 18, 8),
         "Two matching cuts, a tight wrap, and patience.", ["grafting", "apples", "Techniques"]),
        ("Winter pruning without regret", "https://orchard.example.net/winter-pruning.html",
         utc(2024, 1, 26, 23),
         "Remove dead wood first, then anything crossing, then stop and look again.",
         ["pruning", "Techniques"]),
    ],
    "saved-text": [
        ("Night market returns", "https://clippings.example.org/2024/12/market/", utc(2024, 12, 3, 8),
         "Stalls will line the main street every Friday through summer. "
         "By the time the sun sets, the first food trucks should be open.", None),
        ("Library extends weekend hours", "https://gazette.example.com/2024/11/library-hours",
         utc(2024, 11, 19, 13, 30),
         "The central library will open until 8 pm on Saturdays from next month.", None),
        ("Council approves footbridge repairs", "https://clippings.example.org/2024/11/bridge/",
         utc(2024, 11, 5, 13, 30), "Work to start before the wet season", ["local", "infrastructure"]),
    ],
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SITES))
def test_json_feed_matches_what_the_tool_publishes(case):
    items = parse_json(site_feeds(case)["feed.json"])["items"]
    got = [
        (i["title"], i["url"], datetime.fromisoformat(i["date_published"]), i["summary"], i.get("tags"))
        for i in items
    ]  # fmt: skip
    assert got == SITES[case]


@pytest.mark.parametrize("case", sorted(SITES))
@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_xml_feeds_agree(case, name):
    parsed = parse_xml(site_feeds(case)[name])
    got = [(e.title, e.link, instant(e.published_parsed)) for e in parsed.entries]
    assert got == [(title, link, when) for title, link, when, _, _ in SITES[case]]


def test_hugo_bundle_images_and_links_are_absolute():
    item = parse_json(site_feeds("hugo-site")["feed.json"])["items"][0]
    content = item["content_html"]
    assert (
        'src="https://harbour.example.org/posts/rock-pools-bundle/images/pool.jpg"'
        in content
    )
    assert 'href="https://harbour.example.org/posts/fog-signal/"' in content


def test_saved_text_body_flows_wrapped_lines_and_links_urls():
    items = parse_json(site_feeds("saved-text")["feed.json"])["items"]
    bridge = items[2]
    assert bridge["authors"] == [{"name": "Priya Natarajan"}]
    assert "footbridge,\nclosed since a flood" in bridge["content_html"]
    assert "<br>" not in bridge["content_html"]  # wrapped at 74 columns: it flows
    assert (
        '<a href="https://council.example.gov/bridge-works">' in bridge["content_html"]
    )
    assert (
        "Next:" not in bridge["content_html"]
        and "By Priya" not in bridge["content_html"]
    )


def test_html_pages():
    items = parse_json(site_feeds("html-pages")["feed.json"])["items"]
    assert [(i["title"], i["url"]) for i in items] == [
        ("Harbour ferry returns to the timetable",
         "https://coastcourier.example.com/2024/09/harbour-ferry-returns"),
        ("Bringing a rusty cast-iron pan back to life", "https://pages.example.com/2024/06/cast-iron-pan/"),
        ("Counting winter birds from the kitchen window", "https://pages.example.com/2024/02/winter-birds/"),
    ]  # fmt: skip
    ferry = items[0]
    assert ferry["date_modified"] == "2024-09-14T12:05:00+02:00"
    assert ferry["tags"] == ["Ferries", "Harbour"]
    assert ferry["authors"] == [{"name": "Jana Reimers"}]
    for item in items:
        html = item["content_html"]
        assert "<nav" not in html and "<script" not in html and "<footer" not in html
