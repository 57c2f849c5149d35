"""Feeds opened in a browser: each RSS and Atom feed names feed.xsl (a full
page where the browser still runs XSLT) and feed.css (the feed's own
elements styled, where it does not), and readers read it as before.

The browser tests build the sample site, serve it on localhost and look at
each feed in Chromium twice: with XSLT (the links a person clicks) and
without it, as browsers that removed XSLT show it (the text a person reads,
printed to PDF). Their screenshots go to ``FEEDSMITH_SCREENSHOTS`` when set
(``FEEDSMITH_SCREENSHOTS=docs/screenshots`` refreshes the README's).
"""

from __future__ import annotations

import dataclasses
import email.utils
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import browser
import lxml.html
import pytest
import yaml
from conftest import NOW
from feedcheck import parse_xml, repaired_by_feedparser
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from feedsmith import load_config
from feedsmith.engine import publish
from feedsmith.model import Article, Feed, Site
from feedsmith.render import atom, made_by, rss

REPO = Path(__file__).resolve().parent.parent
PUBLIC = "https://mining.example.org/feeds/"
SHEETS = ("feed.xsl", "feed.css")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def build(root: Path, stylesheet: object = True, index: bool = True) -> Path:
    """The sample site, as a user keeps it, built into ``root`` with
    ``feeds.stylesheet: stylesheet``; the output folder."""
    if not (root / "sources").exists():
        shutil.copytree(REPO / "sources", root / "sources")
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    config["feeds"]["stylesheet"] = stylesheet
    config["feeds"]["index"] = index
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    publish(load_config(path), NOW)
    return root / "feeds"


def xml_feeds(output: Path) -> list[Path]:
    return sorted(output.rglob("*.xml"))


def stylesheets(data: bytes) -> list[tuple[str, str]]:
    """The (type, href) of each xml-stylesheet instruction, in order; the
    document must start with them, right after its XML declaration."""
    root = etree.fromstring(data)
    before = list(reversed(list(root.itersiblings(preceding=True))))
    assert all(node.target == "xml-stylesheet" for node in before), before
    assert data.split(b"\n")[1 : len(before) + 1] == [
        etree.tostring(node) for node in before
    ]
    return [(node.get("type"), node.get("href")) for node in before]


def up(feed: Path, output: Path) -> str:
    return "../" * (len(feed.relative_to(output).parts) - 1)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("site"))


def test_every_feed_names_xsl_then_css_beside_the_main_feed(site):
    feeds = xml_feeds(site)
    assert {f.relative_to(site).as_posix() for f in feeds} >= {
        "rss.xml",
        "atom.xml",
        "tags/geology/rss.xml",
        "tags/geology/atom.xml",
    }
    for feed in feeds:
        expected = [("text/xsl", f"{up(feed, site)}feed.xsl"),
                    ("text/css", f"{up(feed, site)}feed.css")]  # fmt: skip
        assert stylesheets(feed.read_bytes()) == expected, feed
        for _, href in expected:
            assert (feed.parent / href).resolve() == (site / href.split("/")[-1])
    for name in SHEETS:
        assert made_by(PUBLIC) in (site / name).read_text(encoding="utf-8")


def test_css_names_only_the_css_and_false_names_none_and_leaves_no_sheet(
    tmp_path,
):
    output = build(tmp_path, "css")
    for feed in xml_feeds(output):
        assert stylesheets(feed.read_bytes()) == [
            ("text/css", f"{up(feed, output)}feed.css")
        ]
    assert (output / "feed.css").exists() and not (output / "feed.xsl").exists()

    build(tmp_path, False)  # switched off on the same site: the sheets go
    for feed in xml_feeds(output):
        assert stylesheets(feed.read_bytes()) == []
    assert not (output / "feed.css").exists()
    assert not (output / "feed.xsl").exists()


def test_readers_read_the_same_feed_with_and_without_stylesheets(site, tmp_path):
    plain = build(tmp_path, False)
    for feed in xml_feeds(site):
        styled = parse_xml(feed.read_bytes())
        bare = parse_xml((plain / feed.relative_to(site)).read_bytes())
        assert styled.version == bare.version
        assert styled.entries and styled.feed.title and styled.entries[0].title
        # everything a reader takes, titles, links, ids, dates, summaries
        assert styled.feed == bare.feed
        assert styled.entries == bare.entries


def test_xslt_page_of_a_tag_feed_links_the_index_two_folders_up(site):
    """The same sheet serves every feed: the way up comes from the feed."""
    transform = etree.XSLT(etree.parse(site / "feed.xsl"))
    for name in ("tags/geology/atom.xml", "tags/geology/rss.xml", "rss.xml"):
        page = lxml.html.fromstring(str(transform(etree.parse(site / name))))
        index = page.xpath("//a[.='All feeds of this site']/@href")
        assert index == [up(site / name, site) + "index.html"]
        assert ((site / name).parent / index[0]).resolve() == site / "index.html"


def test_without_index_html_the_xslt_page_does_not_link_it(tmp_path):
    output = build(tmp_path, index=False)
    assert not (output / "index.html").exists()
    transform = etree.XSLT(etree.parse(output / "feed.xsl"))
    page = lxml.html.fromstring(str(transform(etree.parse(output / "rss.xml"))))
    assert page.xpath("//a[.='All feeds of this site']") == []
    assert page.xpath("//a[.='Visit the website']/@href") == [
        "https://mining.example.org/"
    ]


# Chromium, as a person opens the feeds.


@pytest.fixture(scope="module")
def served(site):
    with browser.static_server(site) as base:
        yield base


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_feed_reads_as_a_page_with_and_without_xslt(site, served, name, tmp_path):
    browser.require(browser.CHROMIUM, "chromium")
    parsed = parse_xml((site / name).read_bytes())
    kind = name.removesuffix(".xml")
    with_xslt = browser.capture(served + name, tmp_path / f"{kind}-xslt.png")
    without = browser.capture(served + name, tmp_path / f"{kind}-css.png", xslt=False)
    _keep(with_xslt.screenshot, without.screenshot)

    _assert_page(lxml.html.fromstring(with_xslt.dom), site / name, parsed)

    assert without.dom.lstrip().startswith(("<rss", "<feed"))  # not transformed
    _assert_css_view(without.text, site / name, parsed)


def _assert_page(page, path: Path, parsed) -> None:
    """The XSLT view: a page with links a person can follow."""
    self_url = PUBLIC + path.name
    assert page.get("lang") == "en"
    assert [h.text_content() for h in page.xpath("//h1")] == [parsed.feed.title]
    assert page.xpath("//code")[0].text_content() == self_url
    links = page.xpath("//a/@href")
    assert "https://mining.example.org/" in links and "index.html" in links
    for reader in (
        f"https://feedly.com/i/subscription/feed/{self_url}",
        f"https://www.inoreader.com/?add_feed={self_url}",
        f"https://www.newsblur.com/?url={self_url}",
    ):
        assert reader in links
    articles = page.xpath("//article")
    shown = [(a.xpath("string(.//h3/a)"), a.xpath("string(.//h3/a/@href)"))
             for a in articles]  # fmt: skip
    assert shown == [(e.title, e.link) for e in parsed.entries]
    days = [_day(raw) for raw in _raw_dates(path)]
    assert [a.xpath("string(.//time/@datetime)") for a in articles] == [
        d.isoformat() for d in days
    ]
    assert [a.xpath("string(.//time)") for a in articles] == [
        f"{d.day} {MONTHS[d.month - 1]} {d.year}" for d in days
    ]
    assert [" ".join(a.xpath("string(.//p)").split()) for a in articles] == [
        " ".join(e.summary.split()) for e in parsed.entries
    ]


def _assert_css_view(text: str, path: Path, parsed) -> None:
    """The CSS view: what a person reads, and nothing of the markup."""
    assert text.startswith(f"{'RSS' if path.name == 'rss.xml' else 'ATOM'} FEED ")
    for shown in (
        parsed.feed.title,
        "Field notes on mining, from the pit to the mill",
        "This is a web feed",
        "feed reader such as Feedly, Inoreader, NewsBlur",
        PUBLIC + path.name,
        "Recent articles",
        *(e.title for e in parsed.entries),
        *_raw_dates(path),
        *(" ".join(e.summary.split()) for e in parsed.entries),
    ):
        assert shown in text
    # content:encoded / Atom content (escaped HTML), guids, generator, docs
    for hidden in ("<p>", "&lt;", "Start with the header", "feedsmith",
                   "rssboard", "/2025/06/assay-certificate/"):  # fmt: skip
        assert hidden not in text


def _raw_dates(path: Path) -> list[str]:
    root = etree.fromstring(path.read_bytes())
    if root.tag == "rss":
        return [" ".join(d.split()) for d in root.xpath("channel/item/pubDate/text()")]
    return root.xpath("a:entry/a:published/text()", namespaces=ATOM)


def _day(raw: str):
    if raw[4:5] == "-":
        return datetime.fromisoformat(raw).date()
    return email.utils.parsedate_to_datetime(raw).date()  # in the feed's zone


def _keep(*screenshots: Path) -> None:
    folder = os.environ.get("FEEDSMITH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for shot in screenshots:
            shutil.copyfile(shot, Path(folder) / shot.name)


# The stylesheet path for any text a feed may hold.

TEXT = (
    st.lists(
        st.text(
            st.characters(
                blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
                blacklist_characters="\ufeff\ufffe\uffff\x85",
            ),
            max_size=6,
        )
        | st.sampled_from(["<", ">", "&", '"', "]]>", "&amp;", "&lt;", "<b>", "🦊"]),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .map(lambda text: " ".join(text.split()))
)
SITE = Site(
    title="Site",
    url="https://example.org/",
    description="A site",
    language="de-CH",
    author=None,
    timezone=ZoneInfo("UTC"),
    zones={},
)
XSLT = etree.XSLT(etree.fromstring((REPO / "feedsmith/render/feed.xsl").read_bytes()))


@settings(max_examples=40, deadline=None)
@given(
    title=TEXT,
    item_title=TEXT,
    summary=TEXT,
    way=st.sampled_from(["", "../../"]),
    xslt=st.booleans(),
)
def test_any_text_keeps_the_stylesheets_first_and_reads_the_same(
    title, item_title, summary, way, xslt
):
    assume(title and item_title and summary)
    assume(not any(map(repaired_by_feedparser, (title, item_title))))
    published = datetime(2024, 5, 4, 12, tzinfo=UTC)
    article = Article(
        id="https://example.org/a/", title=item_title, link="https://example.org/a/",
        published=published, updated=None, authors=(), tags=(), summary=summary,
        source=Path("a.md"), content_html="<p>body</p>",
    )  # fmt: skip
    feed = Feed(
        title=title, description="About it", self_url="https://example.org/f.xml",
        items=(article,), full_content=True, updated=published,
        stylesheet=way, xslt=xslt,
    )  # fmt: skip
    bare = dataclasses.replace(feed, stylesheet=None, xslt=False)
    for render in (rss.render, atom.render):
        data, plain = render(feed, SITE), render(bare, SITE)
        expected = [("text/xsl", f"{way}feed.xsl")] if xslt else []
        assert stylesheets(data) == [*expected, ("text/css", f"{way}feed.css")]
        instructions = data.split(b"\n")[1 : len(expected) + 2]
        assert plain == data.replace(b"".join(i + b"\n" for i in instructions), b"")
        # The text itself is checked in the XML: feedparser "repairs" some
        # (it reads "&A&amp;" as "&amp;A&amp;"), the same with sheets or not.
        root = etree.fromstring(data)
        assert root.xpath("string(channel/title | a:title)", namespaces=ATOM) == title
        parsed = parse_xml(data)
        assert parsed.feed == parse_xml(plain).feed
        assert parsed.entries == parse_xml(plain).entries

        page = lxml.html.fromstring(str(XSLT(etree.fromstring(data))))
        assert page.xpath("string(//h1)") == title
        assert page.xpath("string(//article//a)") == item_title
        assert page.xpath("string(//article//p)") == summary
        assert page.xpath("string(//time)") == "4 May 2024"
