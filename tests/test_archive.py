"""Complete archives (RFC 5005): with ``feeds.archive`` a reader that
follows ``prev-archive`` from a current feed (``next_url`` in JSON Feed)
reads every article of that feed exactly once, and adding an article
rewrites only the current feed and the newest archive page."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from browser import static_server
from conftest import write_tree
from feedcheck import parse_json, parse_xml, self_link
from hypothesis import given
from hypothesis import strategies as st

from feedsmith import load_config, publish
from feedsmith.model import ArchiveLinks
from feedsmith.pipeline import archive
from feedsmith.pipeline.archive import Page
from feedsmith.pipeline.select import FeedSpec

FH = "http://purl.org/syndication/history/1.0"
FIRST = date(2024, 1, 1)
FEEDS = ("rss.xml", "atom.xml", "feed.json")


def article(number: int, day: date, tagged: bool) -> str:
    tags = "tags: [rock]\n" if tagged else ""
    return f"---\ntitle: Article {number}\ndate: {day}\n{tags}---\nBody {number}.\n"


def make_site(root: Path, count: int, feeds: str) -> list[str]:
    """``count`` articles a day apart, the even ones tagged rock; the
    titles, newest first."""
    write_tree(
        root,
        {
            "config.yaml": "site: {title: Rock, url: 'https://example.org/', "
            f"description: D}}\nfeeds:\n{feeds}",
        },
    )
    for number in range(1, count + 1):
        add(root, number, FIRST + timedelta(days=number), tagged=number % 2 == 0)
    return [f"Article {number}" for number in range(count, 0, -1)]


def add(root: Path, number: int, day: date, tagged: bool = False) -> None:
    source = root / "sources" / f"a{number:02d}.md"
    source.parent.mkdir(exist_ok=True)
    source.write_text(article(number, day, tagged), encoding="utf-8")


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it."""
    command = [sys.executable, "-m", "feedsmith", "--config", "config.yaml", *args]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=60, check=False
    )


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read()


def rel(parsed, name: str) -> str | None:
    hrefs = [link.href for link in parsed.feed.links if link.rel == name]
    assert len(hrefs) <= 1, hrefs
    return hrefs[0] if hrefs else None


def is_archive(parsed) -> bool:
    """``fh:archive`` is in the document, under whatever prefix it has."""
    prefixes = [p for p, uri in parsed.namespaces.items() if uri == FH]
    return any(f"{prefix}_archive" in parsed.feed for prefix in prefixes)


def walk_xml(url: str) -> list[list[str]]:
    """An RFC 5005 client: the current feed at ``url``, then each
    ``prev-archive`` to the oldest page, each checked as the RFC asks;
    the titles of each document in turn."""
    parsed = parse_xml(fetch(url))
    assert not is_archive(parsed) and rel(parsed, "current") is None
    documents = [[entry.title for entry in parsed.entries]]
    newer, older = url, rel(parsed, "prev-archive")
    while older is not None:
        assert older.startswith(url.rsplit("/", 1)[0] + "/archive/"), older
        assert len(documents) < 50, "prev-archive links go round in a circle"
        parsed = parse_xml(fetch(older))
        assert is_archive(parsed)
        assert self_link(parsed) == older
        assert rel(parsed, "current") == url
        # the newest page's next newer document is the current feed itself
        assert rel(parsed, "next-archive") == (None if newer == url else newer)
        documents.append([entry.title for entry in parsed.entries])
        newer, older = older, rel(parsed, "prev-archive")
    return documents


def walk_json(url: str) -> list[list[str]]:
    """JSON Feed's reader: ``next_url`` from the current feed onwards."""
    documents = []
    at: str | None = url
    while at is not None:
        assert len(documents) < 50, "next_url links go round in a circle"
        feed = parse_json(fetch(at))
        assert feed["feed_url"] == at
        documents.append([item["title"] for item in feed["items"]])
        at = feed.get("next_url")
    return documents


def test_a_reader_following_the_archive_links_reads_every_article_once(tmp_path):
    output = tmp_path / "feeds"
    output.mkdir()
    with static_server(output) as served:
        titles = make_site(
            tmp_path, 23, f"  url: '{served}'\n  limit: 5\n  archive: 4\n"
        )
        result = build(tmp_path)
        assert result.returncode == 0, result.stderr
        # the current feed, then pages 5, 4, ... 1: 18 archived, page 1 oldest
        main = [
            titles[:5],
            titles[5:7],
            *(titles[at : at + 4] for at in (7, 11, 15, 19)),
        ]
        rock = [t for t in titles if int(t.split()[1]) % 2 == 0]  # 11 of them
        tagged = [rock[:5], rock[5:7], rock[7:]]
        for folder, documents in (("", main), ("tags/rock/", tagged)):
            for walk, name in ((walk_xml, "rss.xml"), (walk_xml, "atom.xml")):
                assert walk(f"{served}{folder}{name}") == documents, folder + name
            assert walk_json(f"{served}{folder}feed.json") == documents, folder
    assert (output / "archive/1/atom.xml").is_file()
    assert (output / "tags/rock/archive/2/rss.xml").is_file()
    assert not (output / "tags/rock/archive/3").exists()
    # The pages are for readers that walk back: no list of feeds names them.
    for view in ("feeds.opml", "index.html", "discovery.html"):
        assert "archive/" not in (output / view).read_text(encoding="utf-8"), view


def files(output: Path) -> dict[str, tuple[bytes, int]]:
    """Each file under ``output``: its bytes, and its inode, which changes
    when feedsmith writes it again (it replaces files, never edits them)."""
    return {
        str(path.relative_to(output)): (path.read_bytes(), path.stat().st_ino)
        for path in output.rglob("*")
        if path.is_file()
    }


def rewritten(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def in_folders(*folders: str) -> set[str]:
    return {f"{folder}{name}" for folder in folders for name in FEEDS}


def test_a_new_article_rewrites_only_the_current_feed_and_the_newest_page(tmp_path):
    make_site(tmp_path, 23, "  limit: 5\n  archive: 4\n")
    output = tmp_path / "feeds"
    assert build(tmp_path).returncode == 0
    first = files(output)
    assert {name.split("/")[1] for name in first if name.startswith("archive/")} == {
        "1", "2", "3", "4", "5",
    }  # fmt: skip
    add(tmp_path, 24, FIRST + timedelta(days=24))
    assert build(tmp_path).returncode == 0
    second = files(output)
    # index.html shows the main feed's newest articles
    assert rewritten(first, second) == in_folders("", "archive/5/") | {"index.html"}
    assert build(tmp_path, "--check").returncode == 0

    # Two more fill page 5 and open page 6: page 5 gains its next-archive link.
    for number in (25, 26):
        add(tmp_path, number, FIRST + timedelta(days=number))
    assert build(tmp_path).returncode == 0
    third = files(output)
    assert rewritten(second, third) == in_folders("", "archive/5/", "archive/6/") | {
        "index.html"
    }
    assert b'rel="next-archive"' in third["archive/5/atom.xml"][0]

    # A back-dated article moves every page from its place on, not the current feed.
    add(tmp_path, 0, FIRST)
    assert build(tmp_path).returncode == 0
    fourth = files(output)
    pages = [f"archive/{n}/" for n in range(1, 7)]
    assert rewritten(third, fourth) == in_folders(*pages)
    assert build(tmp_path, "--check").returncode == 0

    # Archive off: the current feeds stop pointing at pages, which go.
    config = tmp_path / "config.yaml"
    config.write_text(config.read_text().replace("archive: 4", "archive: false"))
    assert build(tmp_path).returncode == 0
    for name in FEEDS:
        current = (output / name).read_bytes()
        assert b"prev-archive" not in current and b"next_url" not in current
    assert not (output / "archive").exists()
    assert not (output / "tags/rock/archive").exists()
    assert (output / "tags/rock/rss.xml").is_file()
    assert build(tmp_path, "--check").returncode == 0


def test_an_untouched_rebuild_renders_nothing(tmp_path):
    """Nor does a new article render the pages it leaves alone."""
    make_site(tmp_path, 23, "  limit: 5\n  archive: 4\n")
    config = load_config(tmp_path / "config.yaml")
    now = datetime(2025, 1, 1, tzinfo=UTC)
    publish(config, now)
    again = publish(config, now)
    assert again.changed == () and again.reused == len(again.feeds)
    add(tmp_path, 24, FIRST + timedelta(days=24))
    third = publish(config, now)
    assert len(third.feeds) - third.reused == third.written == 7


@given(
    count=st.integers(0, 40),
    limit=st.integers(1, 8),
    per_page=st.integers(0, 6),
)
def test_every_item_is_in_exactly_one_document(count, limit, per_page):
    everything = [f"item {n}" for n in range(count, 0, -1)]  # newest first
    main = FeedSpec("", "T", "D", tuple(everything[:limit]), ("rss",))
    specs = archive.pages([(main, everything)], per_page)  # strings stand for items
    current, pages = specs[0], specs[1:]
    assert current.items == main.items
    if per_page == 0:
        assert specs == [main]
        return
    if count <= limit:  # in the archive's chain, with no page yet
        assert specs == [replace(main, page=Page("", 0, 0))]
        assert archive.links(specs[0], "rss.xml", "https://x.org/") == ArchiveLinks(
            "https://x.org/rss.xml", None, None, archived=False
        )
        return
    documents = [current, *reversed(pages)]  # as a reader walks them
    assert [item for spec in documents for item in spec.items] == everything
    assert [spec.folder for spec in pages] == [
        f"archive/{n}/" for n in range(1, len(pages) + 1)
    ]
    assert all(len(spec.items) == per_page for spec in pages[:-1])
    assert 0 < len(pages[-1].items) <= per_page
    # page 1 holds the oldest items, whatever the count: it never moves
    assert pages[0].items[-1] == "item 1"
    feeds = "https://example.org/feeds/"
    for spec in pages:
        links = archive.links(spec, "rss.xml", feeds)
        assert links is not None and links.archived
        assert links.current == f"{feeds}rss.xml" and spec.tag is None
    newest = archive.links(current, "rss.xml", feeds)
    assert newest is not None and not newest.archived
    assert newest.prev_archive == f"{feeds}{pages[-1].folder}rss.xml"
