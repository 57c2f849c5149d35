"""The discovery tags (``discovery.html``, ``feedsmith snippet``) and the
OPML list of every feed, checked as a browser, a feed reader and newsboat
read them."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import browser
import feedparser
import lxml.html
import pytest
import yaml
from conftest import REPO, run_cli
from feedcheck import feed_folders, parse_json, parse_xml, self_link
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from feedsmith.model import Directory, FeedFile, Listed, Site
from feedsmith.render import discovery, opml

PUBLIC = "https://mining.example.org/feeds/"
TYPES = {
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}


def copy_sample(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(REPO / "config.yaml", folder)
    shutil.copytree(REPO / "sources", folder / "sources")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, copied and built as a user builds it."""
    site = copy_sample(tmp_path_factory.mktemp("discovery") / "site")
    result = run_cli(site)
    assert result.returncode == 0, result.stderr
    return site


def snippet(site: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "feedsmith", "snippet", *args],
        cwd=site,
        capture_output=True,
        timeout=30,
        check=False,
    )


def links(html: bytes) -> list[tuple[str, str, str, str]]:
    """Every element of an HTML fragment, each a <link>: rel, type, title, href."""
    parsed = lxml.html.fragments_fromstring(html.decode("utf-8"))
    elements = [e for e in parsed if e.tag is not etree.Comment]
    assert all(element.tag == "link" for element in elements), elements
    return [
        (e.get("rel"), e.get("type"), e.get("title"), e.get("href")) for e in elements
    ]


def read_back(folder: Path) -> list[tuple[str, str, str]]:
    """Each feed file of ``folder``: its type, title and self URL, read as
    readers read them."""
    shown = []
    for name, media_type in TYPES.items():
        data = (folder / name).read_bytes()
        if name == "feed.json":
            document = parse_json(data)
            shown.append((media_type, document["title"], document["feed_url"]))
        else:
            parsed = parse_xml(data)
            shown.append((media_type, parsed.feed.title, self_link(parsed)))
    return shown


def expected_links(folder: Path) -> list[tuple[str, str, str, str]]:
    labels = {"rss.xml": "RSS", "atom.xml": "Atom", "feed.json": "JSON Feed"}
    return [
        ("alternate", media_type, f"{title} ({label})", url)
        for (media_type, title, url), label in zip(
            read_back(folder), labels.values(), strict=True
        )
    ]


def test_discovery_tags_name_each_main_feed_at_its_self_url(built):
    feeds = built / "feeds"
    shown = links((feeds / "discovery.html").read_bytes())
    assert shown == expected_links(feeds)
    assert [href for *_, href in shown] == [PUBLIC + name for name in TYPES]


def test_a_tag_page_gets_its_tag_feeds_first_then_the_main_ones(built):
    feeds = built / "feeds"
    tags = sorted((feeds / "tags").iterdir())
    assert len(tags) >= 5
    main = expected_links(feeds)
    for folder in tags:
        shown = links((folder / "discovery.html").read_bytes())
        assert shown == expected_links(folder) + main, folder.name
        assert shown[0][3] == f"{PUBLIC}tags/{folder.name}/rss.xml"


def test_snippet_prints_the_written_file_and_writes_nothing(built):
    feeds = built / "feeds"
    before = stamps(built)
    main = snippet(built)
    by_name = snippet(built, "--tag", "Ore Processing")
    by_slug = snippet(built, "--tag", "ore-processing")
    unknown = snippet(built, "--tag", "geolgy")
    author = snippet(built, "--feed", "authors/ada-miner")
    custom = snippet(built, "--feed", "episodes/")
    misspelt = snippet(built, "--feed", "authors/ada-minor/")
    assert stamps(built) == before
    assert (main.returncode, main.stderr) == (0, b"")
    assert main.stdout == (feeds / "discovery.html").read_bytes()
    tag_file = (feeds / "tags/ore-processing/discovery.html").read_bytes()
    assert by_name.stdout == by_slug.stdout == tag_file
    assert (unknown.returncode, unknown.stdout) == (2, b"")
    assert b"geology" in unknown.stderr and b"Traceback" not in unknown.stderr
    assert author.stdout == (feeds / "authors/ada-miner/discovery.html").read_bytes()
    assert custom.stdout == (feeds / "episodes/discovery.html").read_bytes()
    assert b'title="Mining Notes audio (RSS)"' in custom.stdout
    assert (misspelt.returncode, misspelt.stdout) == (2, b"")
    assert b"closest: authors/ada-miner/" in misspelt.stderr


def test_snippet_on_a_site_never_built_leaves_it_so(tmp_path):
    site = copy_sample(tmp_path / "site")
    before = stamps(site)
    result = snippet(site, "--config", "config.yaml")
    assert result.returncode == 0, result.stderr
    assert stamps(site) == before  # no feeds/, no cache folder
    assert links(result.stdout)[0][3] == PUBLIC + "rss.xml"


def test_snippet_of_a_site_with_a_broken_source_names_it_and_prints_nothing(
    tmp_path,
):
    site = copy_sample(tmp_path / "site")
    (site / "sources/broken.md").write_text(
        "---\ntitle: [unclosed\ndate: 2025-01-01\n---\nBody.\n", encoding="utf-8"
    )
    result = snippet(site)
    assert result.returncode == 1
    assert result.stdout == b""
    stderr = result.stderr.decode()
    assert stderr.startswith("sources/broken.md:") or "/sources/broken.md:" in stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "1 source error(s); nothing printed"


def test_snippet_with_an_unusable_config_is_a_usage_error(tmp_path):
    site = copy_sample(tmp_path / "site")
    (site / "config.yaml").write_text("site: {title: T}\n", encoding="utf-8")
    result = snippet(site)
    assert result.returncode == 2 and result.stdout == b""
    assert b"site.url: required key is missing" in result.stderr


def test_snippet_of_a_from_site_says_how_to_include_it(tmp_path):
    site = tmp_path / "hugo"
    shutil.copytree(REPO / "tests/sites/hugo", site)
    built = subprocess.run(
        [sys.executable, "-m", "feedsmith", "--site", "."],
        cwd=site,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    result = snippet(site, "--site", ".")
    assert result.stdout == (site / "static/feeds/discovery.html").read_bytes()
    hint = result.stderr.decode().splitlines()
    assert hint == [hint[0]] and 'readFile "static/feeds/discovery.html"' in hint[0]


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder``: its modification time and size."""
    return {
        str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(folder.rglob("*"))
    }


def test_discovery_off_writes_none_and_removes_the_old_ones(tmp_path):
    site = copy_sample(tmp_path / "site")
    assert run_cli(site).returncode == 0
    written = sorted((site / "feeds").rglob("discovery.html"))
    assert written == sorted(f / "discovery.html" for f in feed_folders(site / "feeds"))
    config = yaml.safe_load((site / "config.yaml").read_text(encoding="utf-8"))
    config.setdefault("feeds", {})["discovery"] = False
    (site / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run_cli(site)
    assert result.returncode == 0, result.stderr
    assert not list((site / "feeds").rglob("discovery.html"))
    assert (site / "feeds/tags/geology/rss.xml").is_file()


# --- OPML ---------------------------------------------------------------------


def opml_outlines(data: bytes) -> list[etree._Element]:
    """The feed outlines of an OPML 2.0 file, checked by the spec's rules
    (opml.org/spec2.opml) on the way."""
    root = etree.fromstring(data)
    assert (root.tag, root.get("version")) == ("opml", "2.0")
    assert [child.tag for child in root if isinstance(child.tag, str)] == [
        "head",
        "body",
    ]
    head, body = root.find("head"), root.find("body")
    heads = [child.tag for child in head]
    assert len(heads) == len(set(heads)), "a head element repeated"
    assert head.findtext("title")
    assert len(body) >= 1
    feeds = []
    for outline in body.iter("outline"):
        assert outline.get("text"), etree.tostring(outline)
        if outline.get("type") is None:  # a folder, holding feeds only
            assert len(outline) and all(c.get("type") == "rss" for c in outline)
            continue
        assert outline.get("type") == "rss" and len(outline) == 0
        assert outline.get("xmlUrl", "").startswith("https://")
        assert outline.get("title") == outline.get("text")
        feeds.append(outline)
    return feeds


def test_opml_lists_every_feed_of_the_site_once(built):
    feeds = built / "feeds"
    outlines = opml_outlines((feeds / "feeds.opml").read_bytes())
    folders = feed_folders(feeds)
    listed = [outline.get("xmlUrl") for outline in outlines]
    assert listed == [
        self_link(parse_xml((f / "rss.xml").read_bytes())) for f in folders
    ]
    for outline, folder in zip(outlines, folders, strict=True):
        channel = parse_xml((folder / "rss.xml").read_bytes()).feed
        assert outline.get("text") == channel.title
        assert outline.get("description") == channel.description
        assert outline.get("htmlUrl") == channel.link
        assert outline.get("version") == "RSS"


def test_newsboat_imports_the_opml_and_reads_every_feed(built, tmp_path):
    feeds = built / "feeds"
    urls = tmp_path / "urls"
    run = partial(browser.newsboat, tmp_path)

    run("-i", str(feeds / "feeds.opml"))
    lines = urls.read_text(encoding="utf-8").splitlines()
    outlines = opml_outlines((feeds / "feeds.opml").read_bytes())
    # newsboat keeps the folder as a tag of each feed in it
    assert lines == [
        o.get("xmlUrl")
        + ("" if o.getparent().tag == "body" else f' "{o.getparent().get("text")}"')
        for o in outlines
    ]
    with browser.static_server(feeds) as base:
        urls.write_text("\n".join(lines).replace(PUBLIC, base) + "\n", "utf-8")
        run("-x", "reload")
    # newsboat keeps an item once, under one feed of those that carry its
    # guid: so every feed's title, and every item of the site, must be there.
    db = sqlite3.connect(tmp_path / "cache.db")
    try:
        titles = dict(db.execute("SELECT rssurl, title FROM rss_feed"))
        items = dict(db.execute("SELECT guid, feedurl FROM rss_item"))
    finally:
        db.close()
    expected_titles, carried_by = {}, {}
    for outline in outlines:
        url = outline.get("xmlUrl")
        parsed = feedparser.parse((feeds / url.removeprefix(PUBLIC)).read_bytes())
        local = url.replace(PUBLIC, base)
        expected_titles[local] = parsed.feed.title
        assert parsed.entries, url
        for entry in parsed.entries:
            carried_by.setdefault(entry.id, set()).add(local)
    assert titles == expected_titles
    assert items.keys() == carried_by.keys()
    assert all(items[guid] in carried_by[guid] for guid in items)


# --- any title ----------------------------------------------------------------

TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
    )
    | st.sampled_from("<>&\"'-\t\n\r"),
    min_size=1,
)


def directory_of(site_title: str, tags: list[str]) -> Directory:
    """The views' input for a site of that title with those tags, as the
    pipeline names its feeds."""
    base = "https://example.org/feeds/"
    feeds = [("", site_title, None)]
    feeds += [
        (f"tags/t{i}/", f"{site_title}: {tag}", tag) for i, tag in enumerate(tags)
    ]
    site = Site(
        site_title, base, f"about {site_title}", None, None, ZoneInfo("UTC"), {}
    )
    return Directory(
        site=site,
        feeds_url=base,
        feeds=tuple(
            Listed(
                folder,
                title,
                f"about {title}",
                (FeedFile("rss", "application/rss+xml", f"{base}{folder}rss.xml"),),
                "main" if tag is None else "tags",
                tag,
            )
            for folder, title, tag in feeds
        ),
        newest=(),
    )


@settings(max_examples=150, deadline=None)
@given(site_title=TEXT, tags=st.lists(TEXT, min_size=1, max_size=3))
def test_any_title_survives_discovery_and_opml(site_title, tags):
    directory = directory_of(site_title, tags)
    titles = [feed.title for feed in directory.feeds]
    shown = links(discovery.render(directory, feed=1))
    assert [title for _, _, title, _ in shown] == [
        f"{titles[1]} (RSS)",
        f"{site_title} (RSS)",
    ]
    outlines = opml_outlines(opml.render(directory))
    assert [o.get("text") for o in outlines] == titles
    assert [o.get("description") for o in outlines] == [f"about {t}" for t in titles]
    assert (
        etree.fromstring(opml.render(directory))
        .findtext("head/title")
        .startswith(site_title)
    )
