"""The cache never serves old text for a changed file.

A file's size and mtime can stay the same across an edit: within one tick
of a coarse clock, or when a tool puts the mtime back (``cp -p``,
``rsync -t``, ``tar x``). Each test edits a source or a feed that way
between two runs of ``generate.py`` and checks what the next feed holds.
The edits *during* a build are made from inside one (in-process, through a
hook at a known point), since a subprocess cannot be edited at a known
moment of its run.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOW, assert_no_traceback, run_cli

import feedsmith
from feedsmith.engine import stamps

OLD = "---\ntitle: Assay\ndate: 2024-01-01\n---\nThe ore is poor.\n"
NEW = "---\ntitle: Assay\ndate: 2024-01-01\n---\nThe ore is rich.\n"
assert len(OLD) == len(NEW)


def rss(site) -> str:
    return (site.root / "feeds" / "rss.xml").read_text(encoding="utf-8")


def built(site) -> str:
    result = run_cli(site.root)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    return rss(site)


def edit_keeping_size_and_mtime(path: Path, text: str) -> None:
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns


@pytest.mark.parametrize(
    "mtime",
    [1_600_000_000 * 10**9, "whole second"],
    ids=["mtime put back, as cp -p does", "same second, coarse clock"],
)
def test_a_same_size_edit_that_keeps_the_mtime_is_seen(site, mtime):
    source = site.source("assay.md", OLD)
    if mtime == "whole second":  # as a file system with 1-second times gives
        mtime = time.time_ns() // 10**9 * 10**9
    os.utime(source, ns=(mtime, mtime))
    assert "poor" in built(site)
    edit_keeping_size_and_mtime(source, NEW)
    assert "rich" in built(site)


def test_a_feed_changed_behind_feedsmiths_back_is_rewritten(site):
    site.source("assay.md", OLD)
    good = built(site)
    feed = site.root / "feeds" / "rss.xml"
    os.utime(feed, ns=(10**18, 10**18))  # record a time that is easy to put back
    assert built(site) == good
    edit_keeping_size_and_mtime(feed, "x" * len(good))
    assert built(site) == good


def publish(site) -> feedsmith.Report:
    return feedsmith.publish(site.load(), NOW)


def test_an_edit_in_the_same_clock_tick_is_seen(site, monkeypatch):
    """Two edits within one tick leave size, mtime and ctime all equal: here
    every stat gives one recent stamp, as such a file system would."""
    tick, real_stat = time.time_ns(), stamps.stamp_of

    def stat(file, folder=None):
        stamp = real_stat(file, folder)  # size, mtime, ctime, inode
        return (stamp[0], tick, tick, *stamp[3:])[: len(stamp)]

    monkeypatch.setattr(stamps, "stamp_of", stat)
    site.source("assay.md", OLD)
    assert publish(site).parsed == 1 and "poor" in rss(site)
    site.source("assay.md", NEW)
    assert publish(site).parsed == 1 and "rich" in rss(site)


def test_an_edit_during_a_build_is_seen_by_the_next(site):
    """The source changes (same size, mtime put back) after the build has
    read it for the last time, as its feeds are written: the next build
    reads it again."""
    source = site.source("assay.md", OLD)
    os.utime(source, ns=(10**18, 10**18))  # old enough to be trusted

    @contextlib.contextmanager
    def writing() -> Iterator[None]:
        edit_keeping_size_and_mtime(source, NEW)
        yield

    feedsmith.publish(site.load(), NOW, writing=writing)
    assert "poor" in rss(site)
    report = publish(site)
    assert report.parsed == 1 and "rich" in rss(site)


def edit_once_listed(source: Path, text: str):
    """A progress hook that edits ``source`` once every changed source has
    been parsed, before any body is rendered."""

    def progress(done: int, total: int) -> None:
        if done == total:
            source.write_text(text, encoding="utf-8")

    return progress


def test_a_body_read_after_an_edit_is_not_kept_for_the_old_text(site):
    """The source changes between being listed and its body being rendered;
    once it is edited back, the feed shows the old body again, not the one
    read during the edit."""
    source = site.source("assay.md", OLD)
    feedsmith.publish(site.load(), NOW, progress=edit_once_listed(source, NEW))
    assert "rich" in built_in_process(site)
    source.write_text(OLD, encoding="utf-8")
    assert "poor" in built_in_process(site)


def test_a_feed_made_during_an_edit_is_not_kept_for_the_old_text(site):
    """As above, but edited back before any other build: the feed written
    from the new text must not stand for the old."""
    source = site.source("assay.md", OLD)
    feedsmith.publish(site.load(), NOW, progress=edit_once_listed(source, NEW))
    source.write_text(OLD, encoding="utf-8")
    publish(site)
    assert "poor" in rss(site)


def built_in_process(site) -> str:
    report = publish(site)
    assert report.parsed == 1, "the edit went unseen"
    return rss(site)


def test_the_cache_never_overwrites_a_gitignore_it_did_not_write(site):
    site.source("assay.md", OLD)
    site.config(site.config_path.read_text() + "cache: shared\n")
    shared = site.root / "shared"
    shared.mkdir()
    (shared / ".gitignore").write_text("notes.txt\n")
    (shared / "notes.txt").write_text("the user's own\n")
    assert "poor" in built(site)
    assert (shared / ".gitignore").read_text() == "notes.txt\n"
    assert (shared / "cache.sqlite3").is_file()


def test_a_cache_folder_of_its_own_is_ignored_by_git(site):
    site.source("assay.md", OLD)
    built(site)
    assert (site.root / ".feedsmith-cache/.gitignore").read_text() == "*\n"
