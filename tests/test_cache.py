"""The cache is an optimisation only: same feeds with it, without it, or broken."""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3

import pytest
from conftest import BUILD, NOW
from feedcheck import parse_json

import feedsmith.discover
import feedsmith.files
import feedsmith.load
from feedsmith import build
from feedsmith.cache import Cache


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


def opened(site, fingerprint="v1", **options):
    """The site's cache, as the command line opens it."""
    root = site.config_path.resolve().parent
    return Cache(site.root / ".feedsmith-cache", fingerprint, root=root, **options)


def cached_build(site, fingerprint="v1", jobs=1):
    cache = opened(site, fingerprint)
    try:
        return build(site.load(), NOW, cache=cache, jobs=jobs).files
    finally:
        cache.close()


def test_warm_build_parses_and_renders_nothing_and_matches(blog, counts):
    plain = build(blog.load(), NOW).files
    counts.update(parsed=0, rendered=0)
    assert cached_build(blog) == plain
    assert counts == {"parsed": 13, "rendered": 13}
    assert cached_build(blog) == plain
    assert counts == {"parsed": 13, "rendered": 13}  # the second build did neither


def test_one_changed_file_is_read_again(blog, counts):
    cached_build(blog)
    counts.update(parsed=0, rendered=0)
    blog.source("post-03.md", "---\ntitle: Changed\ndate: 2024-01-04\n---\nNew body.\n")
    files = cached_build(blog)
    assert counts == {"parsed": 1, "rendered": 1}
    assert files == build(blog.load(), NOW).files  # (this build parses all again)
    assert b"Changed" in files[blog.root / "feeds/rss.xml"]


def test_fresh_clone_with_new_mtimes_uses_content_hashes(blog, counts):
    expected = cached_build(blog)
    for path in (blog.root / "sources").iterdir():
        os.utime(path, (1_900_000_000, 1_900_000_000))
    counts.update(parsed=0, rendered=0)
    assert cached_build(blog) == expected
    assert counts == {"parsed": 0, "rendered": 0}


@pytest.mark.parametrize("damage", ["delete", "garbage", "bad rows", "other version"])
def test_damaged_or_foreign_cache_gives_the_same_feeds(blog, counts, damage):
    expected = build(blog.load(), NOW).files
    cached_build(blog)
    database = blog.root / ".feedsmith-cache/cache.sqlite3"
    if damage == "delete":
        database.unlink()
    elif damage == "garbage":
        database.write_bytes(b"not a database at all" * 100)
    elif damage == "bad rows":
        with contextlib.closing(sqlite3.connect(database)) as db, db:
            db.execute("UPDATE sources SET value = x'00ff'")
            db.execute("UPDATE articles SET value = x'00ff'")
            db.execute("UPDATE bodies SET value = x'00ff'")
    counts.update(parsed=0, rendered=0)
    fingerprint = "v2" if damage == "other version" else "v1"
    assert cached_build(blog, fingerprint) == expected
    assert counts == {"parsed": 13, "rendered": 13}


def test_config_change_starts_afresh(blog, capsys):
    from feedsmith.cli import main

    assert main(["--config", str(blog.config_path)]) == 0
    blog.config(blog.config_path.read_text() + "permalink: /p/{slug}/\n")
    assert main(["--config", str(blog.config_path)]) == 0
    assert (
        b"https://example.org/blog/p/post-01/"
        in (blog.root / "feeds/rss.xml").read_bytes()
    )
    assert "wrote" in capsys.readouterr().out


def test_parallel_reading_and_rendering_give_the_same_feeds(blog, monkeypatch):
    monkeypatch.setattr(feedsmith.load, "PARALLEL_FROM", 1)
    monkeypatch.setattr(BUILD, "RENDER_PARALLEL_FROM", 1)
    blog.source("undated.md", "---\ntitle: Undated\n---\n")  # needs git: main process
    with pytest.raises(feedsmith.SourceErrors) as serial:
        build(blog.load(), NOW, jobs=1)
    with pytest.raises(feedsmith.SourceErrors) as parallel:
        build(blog.load(), NOW, jobs=2)
    assert [str(e) for e in serial.value.errors] == [
        str(e) for e in parallel.value.errors
    ]
    (blog.root / "sources/undated.md").unlink()
    serial, parallel = build(blog.load(), NOW, jobs=1), build(blog.load(), NOW, jobs=2)
    assert parallel.files == serial.files
    assert parallel.warnings == serial.warnings


def test_unchanged_feed_files_are_not_rendered_again(blog, capsys, monkeypatch):
    from feedsmith.cli import main

    config = ["--config", str(blog.config_path)]
    assert main(config) == 0
    rss = blog.root / "feeds/rss.xml"
    old = 1_000_000_000  # as if written long ago: past the racy window
    for path in (blog.root / "feeds").rglob("*.*"):
        os.utime(path, (old, old))
    assert main(config) == 0  # records the files' new times
    rendered = []
    real = BUILD.RenderedFiles.__getitem__
    monkeypatch.setattr(
        BUILD.RenderedFiles,
        "__getitem__",
        lambda s, p: rendered.append(p) or real(s, p),
    )
    capsys.readouterr()
    assert main(config) == 0
    assert rendered == []
    assert capsys.readouterr().out == "wrote 0 of 12 feeds, 13 articles\n"
    rss.write_bytes(b"tampered")  # a changed file on disk is rebuilt
    assert main(config) == 0
    assert rendered == [rss]
    assert rss.read_bytes().startswith(b"<?xml")


def test_untouched_site_skips_the_build_until_an_article_is_due(blog, monkeypatch):
    from datetime import timedelta

    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # ctimes cannot be aged
    collect_calls = []
    real_collect = BUILD.collect
    monkeypatch.setattr(
        BUILD, "collect", lambda *a: collect_calls.append(1) or real_collect(*a)
    )
    blog.source("later.md", "---\ntitle: Later\ndate: 2026-01-05\n---\nSoon.\n")
    first = opened(blog)
    files = build(blog.load(), NOW, cache=first).files
    for path in files:  # write them, as the CLI does, and age them
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path])
        os.utime(path, (1_000_000_000, 1_000_000_000))
        first.put_output(path, files.key(path))
    first.close()
    again = opened(blog)
    reused = build(blog.load(), NOW, cache=again)
    assert collect_calls == [1]  # the second build did not even collect
    assert sorted(reused.files) == sorted(files) and reused.articles == 13
    due = build(blog.load(), NOW + timedelta(days=5), cache=again)
    assert collect_calls == [1, 1] and due.articles == 14
    again.close()


def test_unchanged_folders_are_not_listed_again_but_new_files_are_found(
    blog, monkeypatch
):
    # Folders changed within RACY of a walk are always walked again; tests
    # run faster than that, so the rule is switched off here.
    monkeypatch.setattr(feedsmith.files, "RACY", 0)
    walks = []
    real_walk = feedsmith.discover._Walker.walk

    def walk(self, folder, relative):
        walks.append(folder)
        return real_walk(self, folder, relative)

    monkeypatch.setattr(feedsmith.discover._Walker, "walk", walk)
    blog.source("notes/first.md", "---\ntitle: First note\ndate: 2024-03-01\n---\n")
    cached_build(blog)
    walked = len(walks)
    assert cached_build(blog) and len(walks) == walked  # nothing listed again

    blog.source("notes/second.md", "---\ntitle: Second note\ndate: 2024-03-02\n---\n")
    files = cached_build(blog)
    assert len(walks) > walked
    assert b"Second note" in files[blog.root / "feeds/rss.xml"]
    (blog.root / "sources/notes/first.md").unlink()
    files = cached_build(blog)
    assert b"First note" not in files[blog.root / "feeds/rss.xml"]
    assert files == build(blog.load(), NOW).files


def test_another_version_or_configuration_forgets_everything(blog):
    cached_build(blog, "v1")
    cache = opened(blog, "v2")
    try:
        known = cache.known()
        assert (known.trusted, known.unsure, known.listings) == ({}, {}, {})
        assert cache.discovery(blog.load().sources.folders) is None
    finally:
        cache.close()


def test_a_changed_source_rewrites_only_its_part_of_the_cache(blog, monkeypatch):
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # ctimes cannot be aged
    cached_build(blog)
    written = []
    real_write = Cache._write

    def write(self, sql, values):
        if "INTO sources" in sql:
            written.append(values[0])
        return real_write(self, sql, values)

    monkeypatch.setattr(Cache, "_write", write)
    assert cached_build(blog) and written == []  # nothing changed, nothing written
    blog.source("post-05.md", "---\ntitle: Edited\ndate: 2024-01-06\n---\nNew.\n")
    files = cached_build(blog)
    assert len(written) == 1 and b"Edited" in files[blog.root / "feeds/rss.xml"]

    (blog.root / "sources/post-05.md").unlink()
    files = cached_build(blog)
    assert len(written) == 2 and b"Edited" not in files[blog.root / "feeds/rss.xml"]
    assert files == build(blog.load(), NOW).files


def test_a_broken_source_is_reported_on_every_build_until_fixed(blog):
    cached_build(blog)
    blog.source("post-02.md", "---\ntitle: [unclosed\n---\nBody.\n")
    for _ in range(2):  # the error is never served from the cache as a success
        with pytest.raises(feedsmith.SourceErrors) as raised:
            cached_build(blog)
        assert "post-02.md" in str(raised.value.errors[0])
    blog.source("post-02.md", "---\ntitle: Fixed\ndate: 2024-01-03\n---\nBody.\n")
    assert b"Fixed" in cached_build(blog)[blog.root / "feeds/rss.xml"]


def test_only_feed_items_are_kept_whole_and_by_content_hash(blog):
    blog.config(blog.config_path.read_text() + "feeds: {limit: 3, tags: false}\n")
    cached_build(blog)
    database = blog.root / ".feedsmith-cache/cache.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        kept = dict(db.execute("SELECT path, digest FROM articles"))
    assert sorted(kept) == [  # relative to the site's folder
        "sources/post-10.md",
        "sources/post-11.md",
        "sources/saved.txt",
    ]
    newest = blog.root / "sources/post-11.md"
    newest.write_text(newest.read_text().replace("Body", "Changed body"))
    files = cached_build(blog)
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        (digest,) = db.execute(
            "SELECT digest FROM articles WHERE path = ?", ("sources/post-11.md",)
        ).fetchone()
    assert digest != kept["sources/post-11.md"]
    assert b"Changed body" in files[blog.root / "feeds/rss.xml"]


def test_body_warnings_are_repeated_while_their_feed_is_unchanged(blog, capsys):
    from feedsmith.cli import main

    blog.config(blog.config_path.read_text() + "feeds: {limit: 3, tags: false}\n")
    huge = "<p>" + "word " * 300_000 + "</p>\n"
    blog.source("huge.md", f"---\ntitle: Huge\ndate: 2024-01-20\n---\n{huge}")
    config = ["--config", str(blog.config_path)]
    assert main(config) == 0
    assert "huge.md:5: warning: " in capsys.readouterr().err
    # An article outside the feed changes: the build runs, the feed stays.
    blog.source("post-00.md", "---\ntitle: Edited\ndate: 2024-01-01\n---\nNew.\n")
    assert main(config) == 0
    captured = capsys.readouterr()
    assert "wrote 0 of 3 feeds" in captured.out
    assert "huge.md:5: warning: " in captured.err


def test_a_part_of_the_cache_in_another_shape_counts_as_missing(blog, counts):
    expected = cached_build(blog)
    database = blog.root / ".feedsmith-cache/cache.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        for shard, value in db.execute("SELECT shard, value FROM sources").fetchall():
            root, trusted, unsure, listings, warnings = marshal.loads(value)
            listings = {path: listing[:-1] for path, listing in listings.items()}
            db.execute(
                "UPDATE sources SET value = ? WHERE shard = ?",
                (marshal.dumps((root, trusted, unsure, listings, warnings)), shard),
            )
    counts.update(parsed=0, rendered=0)
    assert cached_build(blog) == expected
    assert counts["parsed"] == 13


def test_a_feed_follows_the_new_link_of_an_article_its_items_name(blog):
    from feedsmith.cli import main

    blog.source(
        "a.txt", "First piece\n\nBody.\n\n2024-03-01\nTags: solo\nNext: Second\n"
    )
    blog.source("b.txt", "Second\n\nBody.\n\n2024-03-02\n")
    solo = blog.root / "feeds/tags/solo/feed.json"
    assert main(["--config", str(blog.config_path)]) == 0
    (blog.root / "sources/b.txt").rename(blog.root / "sources/renamed.txt")
    assert main(["--config", str(blog.config_path)]) == 0
    (item,) = parse_json(solo.read_bytes())["items"]
    assert item["_feedsmith"]["related"] == [
        {"title": "Second", "url": "https://example.org/blog/2024/03/renamed/"}
    ]


def test_same_bytes_under_another_extension_are_rendered_as_that_markup(blog):
    # Dated and titled the same way as Markdown and as plain text, same link.
    blog.source("2024-03-01-twin.md", "# Twin\n\n*emphasis in Markdown only*\n")
    first = parse_json(cached_build(blog)[blog.root / "feeds/feed.json"])
    (twin,) = [item for item in first["items"] if "emphasis" in item["content_html"]]
    assert "<em>" in twin["content_html"]
    sources = blog.root / "sources"
    (sources / "2024-03-01-twin.md").rename(sources / "2024-03-01-twin.txt")
    second = parse_json(cached_build(blog)[blog.root / "feeds/feed.json"])
    (twin,) = [item for item in second["items"] if "emphasis" in item["content_html"]]
    assert "<em>" not in twin["content_html"]


def test_a_read_only_cache_is_read_and_left_as_it_was(blog, counts, tmp_path):
    cached_build(blog)
    folder = blog.root / ".feedsmith-cache"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    blog.source("post-03.md", "---\ntitle: Changed\ndate: 2024-01-04\n---\nNew.\n")
    counts.update(parsed=0, rendered=0)
    cache = opened(blog, read_only=True)
    try:
        files = build(blog.load(), NOW, cache=cache).files
    finally:
        cache.close()
    assert counts == {"parsed": 1, "rendered": 1}  # the rest came from the cache
    assert files == build(blog.load(), NOW).files
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before


def test_a_read_only_cache_that_is_missing_is_not_made(blog):
    with contextlib.closing(opened(blog, read_only=True)) as cache:
        assert build(blog.load(), NOW, cache=cache).files
    assert not (blog.root / ".feedsmith-cache").exists()
