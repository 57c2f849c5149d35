"""The cache is an optimisation only: same feeds with it, without it, or broken.

Each test runs :func:`feedsmith.publish` as a library user does and judges
it by its Report (what was parsed, rendered, reused, walked, written) and by
the files it leaves, which must always be the bytes the pure
:func:`feedsmith.feeds` makes from scratch.
"""

from __future__ import annotations

import importlib
import os
import shutil
from datetime import timedelta
from pathlib import Path

import markdown_it
import pytest
from conftest import NOW
from feedcheck import parse_json

import feedsmith
import feedsmith.files

LOAD = importlib.import_module("feedsmith.engine.load")
BUILD = importlib.import_module("feedsmith.engine.build")  # not the function
CACHE = ".feedsmith-cache"
DATABASE = f"{CACHE}/cache.sqlite3"


@pytest.fixture
def blog(site):
    for number in range(12):
        site.source(
            f"post-{number:02d}.md",
            f"---\ntitle: Post {number}\ndate: 2024-01-{number + 1:02d}\n"
            f"tags: [t{number % 3}]\n---\nBody of post {number} with [a link](x/).\n",
        )
    site.source("saved.txt", "Saved\n\nText body.\n\n2024-02-01\n")
    return site


def publish(site, now=NOW, **options) -> feedsmith.Report:
    return feedsmith.publish(site.load(), now, **options)


def assert_as_from_scratch(site, report=None, now=NOW) -> dict[Path, bytes]:
    """The feed files on disk are the bytes the pipeline makes from scratch."""
    expected = feedsmith.feeds(site.load(), now).files
    on_disk = {p: p.read_bytes() for p in (site.root / "feeds").rglob("*.*")}
    assert on_disk == expected
    if report is not None:
        assert sorted(report.feeds) == sorted(expected)
    return expected


def work(report: feedsmith.Report) -> tuple[int, int]:
    return report.parsed, report.rendered


def rss(site) -> bytes:
    return (site.root / "feeds/rss.xml").read_bytes()


def test_warm_build_parses_and_renders_nothing_and_matches(blog):
    cold = publish(blog)
    assert work(cold) == (13, 13) and cold.written == len(cold.feeds) == 20
    assert_as_from_scratch(blog, cold)
    warm = publish(blog)
    assert work(warm) == (0, 0)
    assert warm.written == 0 and warm.reused == 20 and warm.articles == 13
    assert_as_from_scratch(blog, warm)


def test_one_changed_file_is_read_again(blog):
    publish(blog)
    blog.source("post-03.md", "---\ntitle: Changed\ndate: 2024-01-04\n---\nNew body.\n")
    report = publish(blog)
    assert work(report) == (1, 1)
    assert_as_from_scratch(blog, report)
    assert b"Changed" in rss(blog)


def test_fresh_clone_with_new_mtimes_uses_content_hashes(blog):
    publish(blog)
    for path in (blog.root / "sources").iterdir():
        os.utime(path, (1_900_000_000, 1_900_000_000))
    report = publish(blog)
    assert work(report) == (0, 0) and report.written == 0
    assert_as_from_scratch(blog, report)


def truncate(database: Path) -> None:
    """As a full disk or a killed copy leaves it."""
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    "damage",
    [
        Path.unlink,
        lambda database: database.write_bytes(b"not a database at all" * 100),
        truncate,
    ],
    ids=["deleted", "garbage", "truncated"],
)
def test_damaged_cache_costs_one_full_build(blog, damage):
    publish(blog)
    blog.source("post-03.md", "---\ntitle: Changed\ndate: 2024-01-04\n---\nNew body.\n")
    damage(blog.root / DATABASE)
    report = publish(blog)
    assert work(report) == (13, 13)
    assert len(report.warnings) <= 1, report.warnings
    assert all("cache disabled: " in w.message for w in report.warnings)
    assert_as_from_scratch(blog, report)
    again = publish(blog)  # the cache works again
    assert work(again) == (0, 0) and again.warnings == ()


def test_a_database_damaged_in_places_costs_at_most_one_warning(blog):
    """Half overwritten, as bad sectors leave it: SQLite may find the damage
    on opening the database or only later, reading it."""
    publish(blog)
    database = blog.root / DATABASE
    data = database.read_bytes()
    half = len(data) // 2
    database.write_bytes(data[:half] + b"\xff" * (len(data) - half))
    blog.source("post-03.md", "---\ntitle: Changed\ndate: 2024-01-04\n---\nNew body.\n")
    warned = []
    for _ in range(3):
        report = publish(blog)
        assert_as_from_scratch(blog, report)
        warned.extend(w.message for w in report.warnings)
    assert len(warned) <= 1 and all("cache disabled: " in w for w in warned)
    assert work(report) == (0, 0)  # the cache works again


def poisoned_by_other_libraries(monkeypatch, site) -> None:
    """Publish as another markdown-it-py would, whose HTML differs: a cache
    that kept any of it would put it in the next feeds."""
    with monkeypatch.context() as patched:
        patched.setattr(markdown_it, "__version__", "0.0.1")
        patched.setattr(
            markdown_it.MarkdownIt, "render", lambda *_: "<p>by other libraries</p>"
        )
        publish(site)
    assert b"by other libraries" in rss(site)


@pytest.mark.parametrize("change", ["configuration", "libraries"])
def test_another_configuration_or_libraries_start_afresh(blog, monkeypatch, change):
    # Folders changed within RACY of a walk are always walked again; tests
    # run faster than that, so the rule is switched off here.
    monkeypatch.setattr(feedsmith.files, "RACY", 0)
    if change == "libraries":
        poisoned_by_other_libraries(monkeypatch, blog)
    else:
        publish(blog)
        assert publish(blog).walked == 0  # the folders are not walked again
        blog.config(blog.config_path.read_text() + "permalink: /p/{slug}/\n")
    report = publish(blog)
    assert work(report) == (13, 13) and report.walked > 0
    assert report.written == 13  # every feed, and index.html: the links moved
    assert_as_from_scratch(blog, report)
    if change == "configuration":
        assert b"https://example.org/blog/p/post-01/" in rss(blog)


def test_parallel_reading_and_rendering_give_the_same_feeds(blog, monkeypatch):
    monkeypatch.setattr(LOAD, "PARALLEL_FROM", 1)
    monkeypatch.setattr(BUILD, "RENDER_PARALLEL_FROM", 1)
    # No cache: each run reads and renders everything, serial or not.
    blog.config(blog.config_path.read_text() + "cache: false\n")
    blog.source("undated.md", "---\ntitle: Undated\n---\n")  # needs git: main process
    with pytest.raises(feedsmith.SourceErrors) as serial:
        publish(blog, jobs=1)
    with pytest.raises(feedsmith.SourceErrors) as parallel:
        publish(blog, jobs=2)
    assert [str(e) for e in serial.value.errors] == [
        str(e) for e in parallel.value.errors
    ]
    (blog.root / "sources/undated.md").unlink()
    serial = publish(blog, jobs=1)
    shutil.rmtree(blog.root / "feeds")
    parallel = publish(blog, jobs=2)
    assert work(parallel) == work(serial) == (13, 13)
    assert parallel.warnings == serial.warnings
    assert_as_from_scratch(blog, parallel)


def test_unchanged_feed_files_are_not_rendered_again(blog):
    publish(blog)
    old = 1_000_000_000  # as if written long ago
    for path in (blog.root / "feeds").rglob("*.*"):
        os.utime(path, (old, old))
    touched = publish(blog)  # times moved: rendered, found equal, recorded
    assert touched.reused == 0 and touched.written == 0
    untouched = publish(blog)
    assert untouched.reused == 20 and untouched.written == 0
    assert work(untouched) == (0, 0)
    feed = blog.root / "feeds/rss.xml"
    feed.write_bytes(b"tampered")  # a changed file on disk is rebuilt
    repaired = publish(blog)
    assert repaired.reused == 19 and repaired.changed == (feed,)
    assert_as_from_scratch(blog, repaired)


def test_untouched_site_is_built_again_when_an_article_is_due(blog, monkeypatch):
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # ctimes cannot be aged
    blog.source("later.md", "---\ntitle: Later\ndate: 2026-01-05\n---\nSoon.\n")
    assert publish(blog).articles == 13
    untouched = publish(blog)
    assert untouched.articles == 13 and work(untouched) == (0, 0)
    assert untouched.reused == 20 and untouched.walked == 0
    due = NOW + timedelta(days=5)
    report = publish(blog, due)
    assert report.articles == 14 and report.written > 0
    assert_as_from_scratch(blog, report, due)
    assert b"Later" in rss(blog)


def test_untouched_site_is_built_again_for_an_earlier_now(blog, monkeypatch):
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # ctimes cannot be aged
    assert publish(blog).articles == 13
    assert publish(blog).reused == 20  # the last build holds for this now
    earlier = NOW.replace(year=2024, month=1, day=5)  # the clock was put back
    report = publish(blog, earlier)
    assert report.articles == 5  # 1 to 5 January
    assert_as_from_scratch(blog, report, earlier)


def test_unchanged_folders_are_not_walked_again_but_new_files_are_found(
    blog, monkeypatch
):
    # Folders changed within RACY of a walk are always walked again; tests
    # run faster than that, so the rule is switched off here.
    monkeypatch.setattr(feedsmith.files, "RACY", 0)
    blog.source("notes/first.md", "---\ntitle: First note\ndate: 2024-03-01\n---\n")
    assert publish(blog).walked == 2  # sources and sources/notes
    assert publish(blog).walked == 0  # nothing listed again

    blog.source("notes/second.md", "---\ntitle: Second note\ndate: 2024-03-02\n---\n")
    report = publish(blog)
    assert report.walked > 0 and report.parsed == 1
    assert b"Second note" in rss(blog)
    (blog.root / "sources/notes/first.md").unlink()
    report = publish(blog)
    assert report.walked > 0 and b"First note" not in rss(blog)
    assert_as_from_scratch(blog, report)


def bytes_written() -> int:
    """What this process has written so far, through any file (Linux)."""
    io = Path("/proc/self/io")
    if not io.exists():
        pytest.skip("no /proc/self/io to count the bytes written")
    fields = dict(line.split(": ") for line in io.read_text().splitlines())
    return int(fields["wchar"])


def test_a_changed_source_rewrites_only_its_part_of_the_cache(site, monkeypatch):
    """What the cache keeps of every source is written again for the sources
    that changed, not for all: an edit writes a small part of what editing
    every source does, and an untouched site writes nothing."""
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # ctimes cannot be aged
    long = "x" * 3000  # each draft's listing about a database page

    def draft(number: int, word: str) -> None:
        header = f"title: {word} {long} {number}\ndate: 2024-01-01\ndraft: true"
        site.source(f"draft-{number:02d}.md", f"---\n{header}\n---\n")

    for number in range(40):  # drafts: in no feed, so no feed changes below
        draft(number, "Draft")
    site.source("post.md", "---\ntitle: Post\ndate: 2024-01-02\n---\nBody.\n")
    publish(site)

    def writes() -> tuple[int, feedsmith.Report]:
        before = bytes_written()
        report = publish(site)
        return bytes_written() - before, report

    nothing, report = writes()
    assert report.parsed == 0 and nothing < 4096  # not one database page
    draft(5, "Edited")
    one, report = writes()
    assert report.parsed == 1 and report.written == 0
    for number in range(40):
        draft(number, "Every")
    every, report = writes()
    assert report.parsed == 40 and report.written == 0
    assert one * 4 < every, (one, every)


def test_a_broken_source_is_reported_on_every_build_until_fixed(blog):
    publish(blog)
    blog.source("post-02.md", "---\ntitle: [unclosed\n---\nBody.\n")
    for _ in range(2):  # the error is never served from the cache as a success
        with pytest.raises(feedsmith.SourceErrors) as raised:
            publish(blog)
        assert "post-02.md" in str(raised.value.errors[0])
    blog.source("post-02.md", "---\ntitle: Fixed\ndate: 2024-01-03\n---\nBody.\n")
    assert publish(blog).parsed == 1 and b"Fixed" in rss(blog)


def test_only_feed_items_are_read_whole_and_by_content_hash(blog):
    blog.config(blog.config_path.read_text() + "feeds: {limit: 3, tags: false}\n")
    assert work(publish(blog)) == (13, 3)  # the bodies of the 3 items only
    blog.source("post-00.md", "---\ntitle: Edited\ndate: 2024-01-01\n---\nNew.\n")
    outside = publish(blog)  # not an item: nothing rendered, nothing written
    assert work(outside) == (1, 0) and outside.written == 0
    newest = blog.root / "sources/post-11.md"
    newest.write_text(newest.read_text().replace("Post 11", "Edited 11"))
    newest.write_text(newest.read_text().replace("Body", "Changed body"))
    report = publish(blog)
    assert work(report) == (1, 1) and report.written == 4  # and index.html
    assert b"Edited 11" in rss(blog) and b"Changed body" in rss(blog)
    assert_as_from_scratch(blog, report)


def test_body_warnings_are_repeated_while_their_feed_is_unchanged(blog):
    blog.config(blog.config_path.read_text() + "feeds: {limit: 3, tags: false}\n")
    huge = "<p>" + "word " * 300_000 + "</p>\n"
    blog.source("huge.md", f"---\ntitle: Huge\ndate: 2024-01-20\n---\n{huge}")
    first = publish(blog)
    assert [(w.path.name, w.line) for w in first.warnings] == [("huge.md", 5)]
    # An article outside the feed changes: the build runs, the feed stays.
    blog.source("post-00.md", "---\ntitle: Edited\ndate: 2024-01-01\n---\nNew.\n")
    again = publish(blog)
    assert again.parsed == 1 and again.written == 0 and again.rendered == 0
    assert again.warnings == first.warnings


def test_a_feed_follows_the_new_link_of_an_article_its_items_name(blog):
    blog.source(
        "a.txt", "First piece\n\nBody.\n\n2024-03-01\nTags: solo\nNext: Second\n"
    )
    blog.source("b.txt", "Second\n\nBody.\n\n2024-03-02\n")
    solo = blog.root / "feeds/tags/solo/feed.json"
    publish(blog)
    (blog.root / "sources/b.txt").rename(blog.root / "sources/renamed.txt")
    report = publish(blog)
    assert solo in report.changed
    (item,) = parse_json(solo.read_bytes())["items"]
    assert item["_feedsmith"]["related"] == [
        {"title": "Second", "url": "https://example.org/blog/2024/03/renamed/"}
    ]
    assert_as_from_scratch(blog, report)


def test_same_bytes_under_another_extension_are_rendered_as_that_markup(blog):
    # Dated and titled the same way as Markdown and as plain text, same link.
    blog.source("2024-03-01-twin.md", "# Twin\n\n*emphasis in Markdown only*\n")
    feed = blog.root / "feeds/feed.json"

    def twin() -> str:
        items = parse_json(feed.read_bytes())["items"]
        (item,) = [item for item in items if "emphasis" in item["content_html"]]
        return item["content_html"]

    publish(blog)
    assert "<em>" in twin()
    sources = blog.root / "sources"
    (sources / "2024-03-01-twin.md").rename(sources / "2024-03-01-twin.txt")
    report = publish(blog)
    assert report.rendered == 1 and "<em>" not in twin()
    assert_as_from_scratch(blog, report)


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_a_checked_cache_is_read_and_left_as_it_was(blog):
    publish(blog)
    before = folder_state(blog.root / CACHE)
    blog.source("post-03.md", "---\ntitle: Changed\ndate: 2024-01-04\n---\nNew.\n")
    report = publish(blog, check=True)
    assert work(report) == (1, 1)  # the rest came from the cache
    expected = feedsmith.feeds(blog.load(), NOW).files
    stale = {path for path, data in expected.items() if path.read_bytes() != data}
    assert (
        set(report.changed) == stale and len(stale) == 7
    )  # main and t0 feeds, index.html
    assert folder_state(blog.root / CACHE) == before


def test_a_checked_cache_that_is_missing_is_not_made(blog):
    report = publish(blog, check=True)
    assert len(report.changed) == len(report.feeds) == 20
    assert not (blog.root / CACHE).exists()
    assert not (blog.root / "feeds").exists()


@pytest.mark.parametrize("blocker", ["cache folder", "database"])
def test_a_cache_that_cannot_be_opened_is_given_up_with_one_warning(blog, blocker):
    if blocker == "cache folder":  # a file of the user's where the folder goes
        (blog.root / CACHE).write_text("the user's own\n")
    else:
        (blog.root / DATABASE).mkdir(parents=True)
    report = publish(blog)
    (warning,) = report.warnings
    assert warning.message.startswith("cache disabled: ")
    assert work(report) == (13, 13)
    assert_as_from_scratch(blog, report)
    if blocker == "cache folder":
        assert (blog.root / CACHE).read_text() == "the user's own\n"
