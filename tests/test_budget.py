"""feeds.max_bytes: a feed file over it loses the full content of its oldest
items, then its oldest items, never the newest; archive pages lose no item.
The warning says so on every build that writes or keeps such a file."""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import NOW, assert_no_traceback, run_cli, run_main, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import feedsmith.files
from feedsmith import load_config
from feedsmith.engine import publish
from feedsmith.model import ArchiveLinks, Article, Feed, Site
from feedsmith.pipeline import feeds
from feedsmith.pipeline.budget import fit
from feedsmith.render import FORMATS

WORDS = ("ore", "seam", "shaft", "drift", "stope", "vein", "adit", "winze", "assay")
FILES = ("rss.xml", "atom.xml", "feed.json")
ARTICLES = 20


def big_site(root: Path, max_bytes: int, *, paragraphs: int = 90) -> Path:
    """20 articles of about 60 KB of Markdown each (with ``paragraphs`` of
    them), post 1 the oldest, each with a summary."""
    chance = random.Random(15)
    files = {
        "config.yaml": f"""\
            site:
              title: Deep Mine
              url: https://mine.example.org/
              description: Long reports
            feeds:
              max_bytes: {max_bytes}
            """
    }
    for number in range(1, ARTICLES + 1):
        body = "\n\n".join(
            " ".join(chance.choice(WORDS) for _ in range(110)) + "."
            for _ in range(paragraphs)
        )
        files[f"sources/2025-03-{number:02d}-report-{number}.md"] = (
            f"---\ntitle: Report {number}\nsummary: What report {number} found\n"
            f"---\n{body}\n"
        )
    return write_tree(root, files)


def warnings_of(stderr: str) -> dict[str, str]:
    """Each budget warning's message, by the file it names."""
    found = re.findall(
        r"^feeds/(\S+): warning: (over feeds\.max_bytes.*)$", stderr, re.M
    )
    return dict(found)


def read_back(path: Path) -> list[tuple[str, bool, str]]:
    """Each item's title, whether it has full content, and its summary."""
    if path.suffix == ".json":
        items = json.loads(path.read_bytes())["items"]
        return [
            (item["title"], "content_html" in item, item.get("summary", ""))
            for item in items
        ]
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return [
        (entry.title, "content" in entry, entry.get("summary", ""))
        for entry in parsed.entries
    ]


def test_a_feed_over_budget_loses_the_oldest_items_content_on_every_build(
    tmp_path: Path,
) -> None:
    site = big_site(tmp_path, 300_000)
    first = run_cli(site)
    assert first.returncode == 0, first.stderr
    warned = warnings_of(first.stderr)
    assert sorted(warned) == sorted(FILES)
    titles = [f"Report {n}" for n in range(ARTICLES, 0, -1)]  # newest first
    for name in FILES:
        path = site / "feeds" / name
        assert os.path.getsize(path) <= 300_000
        items = read_back(path)
        assert [title for title, _, _ in items] == titles
        with_content = [has for _, has, _ in items]
        kept = with_content.count(True)
        assert 0 < kept < ARTICLES
        assert with_content == [True] * kept + [False] * (ARTICLES - kept)
        for title, _, summary in items:
            assert summary == f"What report {title.split()[1]} found"
        assert warned[name] == (
            f"over feeds.max_bytes (300000): full content left out of the "
            f"{ARTICLES - kept} oldest items"
        )
    written = {name: (site / "feeds" / name).stat().st_mtime_ns for name in FILES}
    # The files and warnings are the pipeline's, as the engine always makes them.
    expected = feeds(load_config(site / "config.yaml"), NOW)
    for path, data in expected.files.items():
        assert path.read_bytes() == data, path
    assert {w.path.name: w.message for w in expected.warnings} == warned

    again = run_cli(site)  # untouched: the last build is reused whole
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("wrote 0 of 8 files")
    assert warnings_of(again.stderr) == warned
    check = run_cli(site, "--check")
    assert check.returncode == 0, check.stderr
    assert warnings_of(check.stderr) == warned
    assert {n: (site / "feeds" / n).stat().st_mtime_ns for n in FILES} == written

    # A big enough budget: everything in full, no warning.
    config = (site / "config.yaml").read_text().replace("300000", "100000000")
    (site / "config.yaml").write_text(config)
    roomy = run_cli(site)
    assert roomy.returncode == 0, roomy.stderr
    assert "max_bytes" not in roomy.stderr
    for name in FILES:
        assert all(has for _, has, _ in read_back(site / "feeds" / name))
        assert os.path.getsize(site / "feeds" / name) > 1_000_000


def test_a_file_kept_from_the_cache_keeps_its_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built again untouched (the last build reused whole), then with a
    source touched but not changed (built, but no feed rendered): each cut
    feed is warned of again."""
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # ctimes cannot be aged
    site = big_site(tmp_path, 300_000, paragraphs=9)
    config = load_config(site / "config.yaml")
    config = replace(config, feeds=replace(config.feeds, max_bytes=30_000))
    first = publish(config, NOW)
    assert len(first.warnings) == 3
    assert first.warnings == feeds(config, NOW).warnings
    untouched = publish(config, NOW)
    assert (untouched.written, untouched.reused) == (0, len(untouched.feeds))
    assert untouched.warnings == first.warnings
    oldest = site / "sources/2025-03-01-report-1.md"
    later = oldest.stat().st_mtime_ns + 10**9
    os.utime(oldest, ns=(later, later))
    touched = publish(config, NOW)
    assert (touched.written, touched.reused) == (0, len(touched.feeds))
    assert touched.rendered == 0
    assert touched.warnings == first.warnings


def test_a_tiny_budget_drops_the_oldest_items_never_the_newest(tmp_path: Path) -> None:
    site = big_site(tmp_path, 4096, paragraphs=1)
    result = run_main(site)
    assert result.returncode == 0, result.stderr
    warned = warnings_of(result.stderr)
    assert sorted(warned) == sorted(FILES)
    for name in FILES:
        path = site / "feeds" / name
        assert os.path.getsize(path) <= 4096
        items = read_back(path)
        assert 1 <= len(items) < ARTICLES
        newest = [f"Report {n}" for n in range(ARTICLES, ARTICLES - len(items), -1)]
        assert [title for title, _, _ in items] == newest
        assert not any(has for _, has, _ in items)
        assert warned[name] == (
            f"over feeds.max_bytes (4096): the {ARTICLES - len(items)} oldest items "
            "left out, and the full content of the rest"
        )


def test_a_budget_of_a_few_hundred_bytes_is_a_config_error(tmp_path: Path) -> None:
    site = big_site(tmp_path, 512, paragraphs=1)
    result = run_main(site)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "feeds.max_bytes" in result.stderr
    assert "at least 4096, got 512 (for 512 KiB write 524288)" in result.stderr
    assert not (site / "feeds").exists()


SITE = Site(
    title="Mine & Co",
    url="https://example.org/",
    description="Shafts <deep>",
    language="en",
    author=None,
    timezone=ZoneInfo("UTC"),
    zones={},
)
START = datetime(2025, 1, 1, tzinfo=UTC)
TEXT = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc"),
        exclude_characters="\ufffe\uffff",
    )
    | st.sampled_from("<&]]>\"'"),
    max_size=40,
)


def item(number: int, title: str, summary: str | None, content_html: str) -> Article:
    """The article of day ``number`` after START, at example.org."""
    return Article(
        id=f"https://example.org/{number}/",
        title=title,
        link=f"https://example.org/{number}/",
        published=START + timedelta(days=number),
        updated=None,
        authors=(),
        tags=(),
        summary=summary,
        source=Path(f"{number}.md"),
        content_html=content_html,
    )


@st.composite
def feeds_to_fit(draw: st.DrawFn) -> tuple[Feed, float]:
    """A feed of up to 8 items, newest first, and its budget as a share of
    its size."""
    count = draw(st.integers(0, 8))
    items = []
    for number in range(count, 0, -1):
        words = draw(st.integers(0, 300))
        items.append(
            item(
                number,
                f"Item {number} {draw(TEXT)}",
                draw(st.none() | TEXT),
                f"<p>{draw(TEXT)}{' vein &amp; seam' * words}</p>" if words else "",
            )
        )
    archived = draw(st.booleans())
    feed = Feed(
        title="Mine",
        description="Shafts",
        self_url="https://example.org/feeds/rss.xml",
        items=tuple(items),
        full_content=draw(st.booleans()),
        updated=START + timedelta(days=count),
        archive=ArchiveLinks("https://example.org/feeds/", None, None, True)
        if archived
        else None,
    )
    return feed, draw(st.floats(0.3, 1.1))


def shown(feed: Feed, trimmed: int, dropped: int) -> Feed:
    """``feed`` without the content of its ``trimmed`` oldest items and
    without its ``dropped`` oldest items."""
    items = feed.items
    kept = len(items) - trimmed
    less = (*items[:kept], *(replace(item, content_html="") for item in items[kept:]))
    return replace(feed, items=less[: len(items) - dropped])


def slowly(feed: Feed, render, max_bytes: int) -> tuple[int, int]:
    """What :func:`fit` leaves out, found by trying every way in turn."""

    def fits(trimmed: int, dropped: int) -> bool:
        return len(render(shown(feed, trimmed, dropped), SITE)) <= max_bytes

    count = len(feed.items)
    if fits(0, 0):
        return 0, 0
    contentful = feed.full_content and any(item.content_html for item in feed.items)
    trimmed = count if contentful else 0
    for least in range(1, trimmed + 1):
        if fits(least, 0):
            return least, 0
    if feed.archive is not None:  # an archive page: no item left out
        return trimmed, 0
    for least in range(1, count):
        if fits(trimmed, least):
            return trimmed, least
    return trimmed, max(count - 1, 0)


@settings(max_examples=100, deadline=None)
@given(feeds_to_fit(), st.sampled_from(list(FORMATS)))
def test_fit_leaves_out_the_least_that_fits(
    case: tuple[Feed, float], name: str
) -> None:
    feed, share = case
    render = FORMATS[name].render
    max_bytes = max(1, int(len(render(feed, SITE)) * share))
    fitted = fit(feed, render, SITE, max_bytes)
    assert (fitted.trimmed, fitted.dropped) == slowly(feed, render, max_bytes)
    assert fitted.data == render(shown(feed, fitted.trimmed, fitted.dropped), SITE)
    if name == "json":
        json.loads(fitted.data)
    else:
        etree.fromstring(fitted.data)
    if feed.items:
        assert fitted.dropped < len(feed.items)  # never the newest
    if feed.archive is not None:
        assert fitted.dropped == 0
    assert (fitted.note == "") == (len(render(feed, SITE)) <= max_bytes)
    if len(fitted.data) > max_bytes:
        assert f"still {len(fitted.data)} bytes" in fitted.note
    assert fit(feed, render, SITE, 0).data == render(feed, SITE)  # 0: no budget


@pytest.mark.parametrize("name", list(FORMATS))
def test_twenty_items_take_a_few_renders_not_twenty(name: str) -> None:
    """The search starts where each item's share of the content points."""
    items = tuple(
        item(
            number,
            f"Report {number}",
            f"What report {number} found",
            "<p>" + "vein and seam " * (600 + 37 * (number % 5)) + "</p>",
        )
        for number in range(20, 0, -1)
    )
    feed = Feed("Mine", "Shafts", "https://example.org/rss.xml", items, True, START)
    render = FORMATS[name].render
    renders = []

    def counted(shown: Feed, site: Site) -> bytes:
        renders.append(shown)
        return render(shown, site)

    fitted = fit(feed, counted, SITE, len(render(feed, SITE)) * 2 // 3)
    assert 0 < fitted.trimmed < 20
    assert fitted.dropped == 0
    assert len(renders) <= 4  # whole, none with content, the guess, its neighbour
