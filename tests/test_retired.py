"""Retired feeds: a feed file the build no longer makes (its tag lost its last
article, tags or a format turned off) is removed, when feedsmith can prove it
wrote it; anything else in the output folder is left as it is."""

from __future__ import annotations

import json
import os
from pathlib import Path

import feedparser
import pytest
from conftest import assert_no_traceback, run_cli
from test_files import run_as_user

FEEDS = ("atom.xml", "feed.json", "rss.xml")
# the human views: every feed's discovery tags, and the output folder's own
TAG_VIEWS = ("discovery.html",)
VIEWS = (*TAG_VIEWS, "feed.css", "feed.xsl", "feeds.opml", "index.html")
# An '&' in the feeds' URL: RSS and Atom escape it in their self links.
FEEDS_URL = "https://example.org/rock&roll/feeds/"
CONFIG = f"""\
site:
  title: Test Site
  url: https://example.org/rock&roll/
  description: A site for tests
feeds:
  url: {FEEDS_URL}
"""
POST = "---\ntitle: {title}\ndate: 2024-01-0{day}\ntags: [{tag}]\n---\nBody.\n"


@pytest.fixture
def tagged(site):
    """A built site: Alpha tagged x, Beta tagged y."""
    site.config(CONFIG)
    site.source("a.md", POST.format(title="Alpha", day=1, tag="x"))
    site.source("b.md", POST.format(title="Beta", day=2, tag="y"))
    built = run_cli(site.root)
    assert built.returncode == 0, built.stderr
    return site


def files(folder: Path) -> set[str]:
    """Every entry but folders under ``folder``, links not followed."""
    found = set()
    for parent, folders, names in os.walk(folder):
        links = [name for name in folders if os.path.islink(Path(parent, name))]
        for name in [*names, *links]:
            found.add(Path(parent, name).relative_to(folder).as_posix())
    return found


def feeds_in(*folders: str) -> set[str]:
    """The feeds in each of ``folders``, with their views."""
    return {
        f"{folder}{name}"
        for folder in folders
        for name in (*FEEDS, *(TAG_VIEWS if folder else VIEWS))
    }


def titles(path: Path) -> list[str]:
    """The item titles, read back as a reader does (feedparser reads no
    JSON Feed from bytes)."""
    if path.suffix == ".json":
        return [item["title"] for item in json.loads(path.read_bytes())["items"]]
    return [entry.title for entry in feedparser.parse(path.read_bytes()).entries]


def test_a_tag_that_lost_its_last_article_loses_its_feeds(tagged):
    output = tagged.root / "feeds"
    (tagged.root / "sources/a.md").unlink()
    check = run_cli(tagged.root, "--check")
    assert_no_traceback(check)
    assert check.returncode == 1, check.stderr
    assert check.stderr.splitlines() == [
        *(
            f"stale: feeds/{name}"
            for name in sorted((*FEEDS, "feeds.opml", "index.html"))
        ),
        *(
            f"stale: feeds/tags/x/{name} (retired)"
            for name in sorted((*FEEDS, *TAG_VIEWS))
        ),
    ]
    assert check.stdout == "5 of 12 files are stale, 4 retired to remove, 1 article\n"
    assert files(output) == feeds_in("", "tags/x/", "tags/y/")  # nothing removed

    result = run_cli(tagged.root)
    assert_no_traceback(result)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "wrote 5 of 12 files, removed 4 retired, 1 article\n"
    assert files(output) == feeds_in("", "tags/y/")
    assert not (output / "tags/x").exists()
    for name in FEEDS:
        assert titles(output / name) == ["Beta"]
        assert titles(output / "tags/y" / name) == ["Beta"]
    again = run_cli(tagged.root, "--check")
    assert (again.returncode, again.stderr) == (0, "")


def test_tags_turned_off_remove_every_tag_feed_and_the_tags_folder(tagged):
    tagged.config(CONFIG + "  tags: false\n")
    result = run_cli(tagged.root)
    assert_no_traceback(result)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "wrote 2 of 8 files, removed 8 retired, 2 articles\n"
    assert files(tagged.root / "feeds") == feeds_in("")
    assert not (tagged.root / "feeds/tags").exists()


def test_a_format_turned_off_removes_its_files_everywhere(tagged):
    tagged.config(CONFIG + "  formats: [rss, atom]\n")
    result = run_cli(tagged.root)
    assert_no_traceback(result)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "wrote 4 of 13 files, removed 3 retired, 2 articles\n"
    left = {name for name in feeds_in("", "tags/x/", "tags/y/") if "json" not in name}
    assert files(tagged.root / "feeds") == left
    assert titles(tagged.root / "feeds/rss.xml") == ["Beta", "Alpha"]


def test_files_feedsmith_cannot_prove_it_wrote_are_left_alone(tagged):
    output = tagged.root / "feeds"
    theirs = output / "tags/z/rss.xml"  # another tool's feed, its own self link
    theirs.parent.mkdir()
    mine = (output / "tags/y/rss.xml").read_bytes()
    theirs.write_bytes(mine.replace(b"rock&amp;roll/feeds/", b"other/"))
    user_files = [output / ".htaccess", output / "tags/.htaccess"]
    for path in user_files:
        path.write_text("Options -Indexes\n")
    (tagged.root / "sources/a.md").unlink()
    tagged.config(CONFIG + "  tags: false\n")

    result = run_cli(tagged.root)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote 5 of 8 files, removed 8 retired, 1 article\n"
    assert result.stderr.splitlines() == [
        "feeds/tags/z/rss.xml: warning: left in place: feedsmith makes no such "
        "file now and cannot tell that it wrote this one (its self link is not "
        f"{FEEDS_URL}tags/z/rss.xml); remove it if it is an old file of this site"
    ]
    assert files(output) == {
        *feeds_in(""),
        ".htaccess",
        "tags/.htaccess",
        "tags/z/rss.xml",
    }
    assert theirs.read_bytes() == mine.replace(b"rock&amp;roll/feeds/", b"other/")
    assert [path.read_text() for path in user_files] == ["Options -Indexes\n"] * 2


def test_a_linked_tag_folder_is_not_walked(tagged, tmp_path_factory):
    """Even when what it leads to looks exactly like a retired feed."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    output = tagged.root / "feeds"
    for name in FEEDS:  # x's feeds as they would be at tags/evil/
        data = (output / "tags/x" / name).read_bytes()
        (elsewhere / name).write_bytes(data.replace(b"tags/x/", b"tags/evil/"))
    (output / "tags/evil").symlink_to(elsewhere)
    (tagged.root / "sources/a.md").unlink()

    result = run_cli(tagged.root)
    assert_no_traceback(result)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "wrote 5 of 12 files, removed 4 retired, 1 article\n"
    assert sorted(os.listdir(elsewhere)) == sorted(FEEDS)
    assert (output / "tags/evil").is_symlink()
    assert files(output) == {*feeds_in("", "tags/y/"), "tags/evil"}


def test_a_retired_feed_that_cannot_be_removed_is_an_error_naming_it(tagged):
    output = tagged.root.resolve() / "feeds"
    (tagged.root / "sources/a.md").unlink()
    (output / "tags/x").chmod(0o555)
    try:
        result = run_as_user(tagged.root)
    finally:
        (output / "tags/x").chmod(0o755)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"error: output: cannot remove tags/x/atom.xml in {output}, a feed this "
        "site no longer makes: Permission denied; the new feeds are written, run "
        "again once the cause is fixed"
    ]
    assert titles(output / "rss.xml") == ["Beta"]
    assert sorted(os.listdir(output / "tags/x")) == sorted((*FEEDS, *TAG_VIEWS))
    assert run_cli(tagged.root).returncode == 0
    assert not (output / "tags/x").exists()
