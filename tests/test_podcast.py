"""Podcasts and enclosures, as a podcaster meets them: front matter naming an
audio file, config ``podcast:``, the built feeds read back by feedparser,
lxml and newsboat, and the errors a mistake gives."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

import feedsmith.files
from feedsmith.cli import main
from feedsmith.config import load_config
from feedsmith.errors import SourceErrors
from feedsmith.pipeline import feeds
from feedsmith.render.podcast import feed_guid
from tests import browser

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
# One MPEG-1 Layer III frame: 128 kbit/s, 44.1 kHz, joint stereo, no CRC,
# no padding: 144 * 128000 / 44100 = 417 bytes, 1152 samples of silence.
FRAME = bytes([0xFF, 0xFB, 0x90, 0x44]) + bytes(413)
SECONDS_PER_FRAME = 1152 / 44100

CONFIG = """\
site:
  title: Mining Cast
  url: https://cast.example.org/
  description: Talk about mining
  language: en
  author: {name: Ada Miner, email: ada@example.org}
podcast:
  image: /cover.jpg
  categories: [Technology, "society & culture > documentary"]
  explicit: true
"""
EPISODE_ONE = """\
---
title: Episode one
date: 2024-03-05
episode: 1
season: 2
enclosure: /media/ep1.mp3
---
Welcome.
"""
EPISODE_TWO = """\
---
title: Episode two
date: 2024-03-06
podcast:
  file: {url: "https://cdn.example.org/ep2.m4a", length: 123456}
  episode: 2
  duration: "1:02:03"
---
Two.
"""
EPISODE_THREE = """\
---
title: Episode three
date: 2024-03-07
audio: three.mp3
---
Three, its audio beside it.
"""


def mp3(path: Path, frames: int) -> Path:
    """A real CBR MP3 of ``frames`` frames, written as a replacement is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    part.write_bytes(FRAME * frames)
    os.replace(part, path)
    return path


def run(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "feedsmith",
            "--config",
            str(site / "config.yaml"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def make_site(folder: Path) -> Path:
    (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
    sources = folder / "sources"
    sources.mkdir()
    (sources / "ep1.md").write_text(EPISODE_ONE, encoding="utf-8")
    (sources / "ep2.md").write_text(EPISODE_TWO, encoding="utf-8")
    (sources / "ep3.md").write_text(EPISODE_THREE, encoding="utf-8")
    mp3(sources / "media" / "ep1.mp3", 383)  # 10.0 s
    mp3(sources / "three.mp3", 1149)  # 30.0 s
    return folder


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample show, built once for the tests that only read it."""
    site = make_site(tmp_path_factory.mktemp("show"))
    result = run(site)
    assert result.returncode == 0, result.stderr
    return site / "feeds"


def test_every_format_carries_each_enclosure(built):
    ep1 = (built.parent / "sources" / "media" / "ep1.mp3").stat().st_size
    three = (built.parent / "sources" / "three.mp3").stat().st_size
    expected = [
        ("https://cast.example.org/2024/03/ep3/three.mp3", three, "audio/mpeg"),
        ("https://cdn.example.org/ep2.m4a", 123456, "audio/x-m4a"),
        ("https://cast.example.org/media/ep1.mp3", ep1, "audio/mpeg"),
    ]
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((built / name).read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        found = [
            (e.enclosures[0].href, int(e.enclosures[0].length), e.enclosures[0].type)
            for e in parsed.entries
        ]
        assert found == expected, name
    items = json.loads((built / "feed.json").read_text("utf-8"))["items"]
    assert [item["attachments"] for item in items] == [
        [{"url": u, "mime_type": t, "size_in_bytes": n, "duration_in_seconds": s}]
        for (u, n, t), s in zip(expected, (30, 3723, 10), strict=True)
    ]


def test_duration_episode_and_season_come_from_file_and_front_matter(built):
    parsed = feedparser.parse((built / "rss.xml").read_bytes())
    assert [e.itunes_duration for e in parsed.entries] == ["30", "3723", "10"]
    channel = etree.fromstring((built / "rss.xml").read_bytes()).find("channel")
    items = channel.findall("item")
    assert [i.findtext(f"{ITUNES}episode") for i in items] == [None, "2", "1"]
    assert [i.findtext(f"{ITUNES}season") for i in items] == [None, None, "2"]
    assert round(383 * SECONDS_PER_FRAME) == 10  # what the file really holds


def test_the_show_has_apples_and_podcast_indexs_channel_tags(built):
    data = (built / "rss.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert parsed.feed.image.href == "https://cast.example.org/cover.jpg"
    assert [t.term for t in parsed.feed.tags] == [
        "Technology",
        "Society & Culture",
        "Documentary",
    ]
    channel = etree.fromstring(data).find("channel")
    # feedparser reads only yes/clean; Apple now asks for true or false
    assert channel.findtext(f"{ITUNES}explicit") == "true"
    assert channel.findtext(f"{ITUNES}author") == "Ada Miner"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "ada@example.org"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}name") == "Ada Miner"
    assert channel.findtext(f"{ITUNES}type") == "episodic"
    culture = channel.find(f"{ITUNES}category[@text='Society & Culture']")
    assert culture[0].get("text") == "Documentary"  # nested, as Apple lists it
    bare = "cast.example.org/feeds/rss.xml"
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    assert channel.findtext(f"{PODCAST}guid") == str(uuid.uuid5(namespace, bare))
    locked = channel.find(f"{PODCAST}locked")
    assert (locked.text, locked.get("owner")) == ("no", "ada@example.org")
    # only the show is a podcast: a tag feed or Atom has no itunes: tags
    assert b"itunes:" not in (built / "atom.xml").read_bytes()


def test_podcast_guid_is_the_namespace_specs_own_example():
    # The Podcasting 2.0 namespace's worked example, scheme and all.
    assert (
        feed_guid("https://mp3s.nashownotes.com/pc20rss.xml")
        == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert feed_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == feed_guid(
        "https://mp3s.nashownotes.com/pc20rss.xml"
    )


# Apple Podcasts' RSS feed requirements: required and recommended tags.
APPLE_CHANNEL = (
    "title", "description", f"{ITUNES}image", "language", f"{ITUNES}category",
    f"{ITUNES}explicit", f"{ITUNES}author", "link", f"{ITUNES}owner",
)  # fmt: skip
APPLE_ITEM = ("title", "enclosure", "guid", "pubDate", "description", "link")


def test_the_show_has_every_tag_apple_requires_or_recommends(built):
    channel = etree.fromstring((built / "rss.xml").read_bytes()).find("channel")
    assert [tag for tag in APPLE_CHANNEL if channel.find(tag) is None] == []
    assert channel.find(f"{ITUNES}image").get("href").startswith("https://")
    for item in channel.findall("item"):
        assert [tag for tag in APPLE_ITEM if item.find(tag) is None] == []
        assert item.findtext(f"{ITUNES}duration").isdigit()  # whole seconds
        enclosure = item.find("enclosure")
        assert int(enclosure.get("length")) > 0 and enclosure.get("type")


def test_replacing_a_media_file_updates_the_feeds(site):
    built = site / "feeds"
    source = site / "sources" / "media" / "ep1.mp3"
    assert run(site).returncode == 0
    assert run(site).stdout.startswith("wrote 0 of")  # nothing changed yet
    mp3(source, 766)  # the same name, a longer take: 20.0 s
    result = run(site)
    assert result.returncode == 0, result.stderr
    for name in ("rss.xml", "atom.xml"):
        entry = feedparser.parse((built / name).read_bytes()).entries[-1]
        assert int(entry.enclosures[0].length) == source.stat().st_size == 766 * 417
    assert (
        feedparser.parse((built / "rss.xml").read_bytes()).entries[-1][
            "itunes_duration"
        ]
        == "20"
    )
    # with another source edited too (so no build is reused whole)
    with (site / "sources" / "ep2.md").open("a", encoding="utf-8") as file:
        file.write("More.\n")
    mp3(source, 100)
    assert run(site).returncode == 0
    entry = feedparser.parse((built / "rss.xml").read_bytes()).entries[-1]
    assert int(entry.enclosures[0].length) == 100 * 417
    source.unlink()  # gone: the article's error, as on a fresh build
    result = run(site)
    assert result.returncode == 1
    assert "ep1.md:6: enclosure:" in result.stderr and "no such file" in result.stderr


def test_an_item_of_the_show_without_media_is_a_warning_on_every_build(site):
    (site / "sources" / "notes.md").write_text(
        "---\ntitle: Studio notes\ndate: 2024-03-08\n---\nNo audio here.\n",
        encoding="utf-8",
    )
    said = (
        "sources/notes.md:1: warning: no enclosure, audio or podcast.file: podcast "
        "apps leave it out of the show (the main feed), though its feed lists it"
    )
    for _ in range(2):  # the build that writes it, then an untouched one
        result = run(site)
        assert result.returncode == 0, result.stderr
        warned = [line for line in result.stderr.splitlines() if "warning" in line]
        assert len(warned) == 1 and warned[0].endswith(said), result.stderr
    (site / "sources" / "notes.md").unlink()
    assert "warning" not in run(site).stderr


def test_a_copied_site_measures_its_own_media_files(tmp_path):
    """The cache travels with a copied folder, its paths made relative:
    the copy's feeds follow the copy's media, not the original's."""
    (tmp_path / "original").mkdir()
    original = make_site(tmp_path / "original")
    assert run(original).returncode == 0
    copy = tmp_path / "copy"
    shutil.copytree(original, copy, symlinks=True)
    media = copy / "sources" / "media" / "ep1.mp3"
    mp3(media, 766)  # re-recorded in the copy only
    for _ in range(2):  # the first build in the copy, then an untouched one
        assert run(copy).returncode == 0
        feed = feedparser.parse((copy / "feeds" / "rss.xml").read_bytes())
        assert int(feed.entries[-1].enclosures[0].length) == 766 * 417
    mp3(media, 100)  # and again, the original untouched all along
    assert run(copy).returncode == 0
    feed = feedparser.parse((copy / "feeds" / "rss.xml").read_bytes())
    assert int(feed.entries[-1].enclosures[0].length) == 100 * 417
    first = feedparser.parse((original / "feeds" / "rss.xml").read_bytes())
    assert int(first.entries[-1].enclosures[0].length) == 383 * 417


def test_an_untouched_build_notices_a_replaced_media_file(site, monkeypatch):
    """The engine's shortcut for a site whose sources are all as last built
    must still look at each media file (in process: ctimes cannot be aged)."""
    monkeypatch.setattr(feedsmith.files, "RACY", 0)
    argv = ["--config", str(site / "config.yaml")]
    assert main(argv) == 0
    rss = site / "feeds" / "rss.xml"
    written = rss.read_bytes()
    assert main(argv) == 0 and rss.read_bytes() == written
    source = mp3(site / "sources" / "media" / "ep1.mp3", 766)
    assert main(argv) == 0
    entry = feedparser.parse(rss.read_bytes()).entries[-1]
    assert int(entry.enclosures[0].length) == source.stat().st_size == 766 * 417
    config = load_config(site / "config.yaml")
    scratch = feeds(config, datetime(2025, 1, 1, tzinfo=UTC)).files
    assert rss.read_bytes() == scratch[config.output / "rss.xml"]


# Each wrong front matter, the line of its key and words its error must say.
WRONG = {
    "missing": ("enclosure: missing.mp3", ("missing.mp3", "no such file")),
    "no-length": ("audio: https://cdn.example.org/x.mp3", ("audio:", "length")),
    "duration": ("enclosure: {url: /media/ep1.mp3, duration: soon}", ("duration",)),
    "unreadable": ("enclosure: notes.mp3", ("notes.mp3", "cannot read it")),
    "episode": ("episode: first", ("episode:", "whole number")),
    "scheme": ("podcast: {file: ftp://x.example/a.mp3}", ("podcast.file:", "http")),
}


def test_each_wrong_enclosure_names_its_file_line_and_field(site):
    (site / "sources" / "notes.mp3").write_bytes(b"not audio at all\n" * 50)
    for name, (front_matter, _) in WRONG.items():
        (site / "sources" / f"{name}.md").write_text(
            f"---\ntitle: Bad\n{front_matter}\ndate: 2024-01-01\n---\nx\n", "utf-8"
        )
    result = run(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name, (_, words) in WRONG.items():
        [line] = [line for line in lines if f"{name}.md:" in line]
        assert f"{name}.md:3: " in line  # the key's line
        assert all(word in line for word in words), line


def test_a_podcast_config_names_every_missing_or_wrong_field(site):
    (site / "config.yaml").write_text(
        CONFIG.replace("  language: en\n", "")
        .replace("  author: {name: Ada Miner, email: ada@example.org}\n", "")
        .replace("  image: /cover.jpg\n", "")
        .replace("Technology", "Tech")
        .replace("  explicit: true\n", "  type: weekly\n"),
        encoding="utf-8",
    )
    result = run(site)
    assert result.returncode == 2
    for expected in (
        "podcast.image: required",
        "podcast.explicit: required",
        "podcast.categories: 'Tech' is not one of Apple Podcasts' categories; "
        "did you mean 'Technology'?",
        "podcast.type: expected episodic or serial",
        "podcast.owner: Apple requires the owner's email",
        "site.language: required",
    ):
        assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_newsboat_lists_the_enclosures(built, tmp_path):
    with browser.static_server(built) as base:
        urls = f"{base}rss.xml\n{base}atom.xml\n"
        (tmp_path / "urls").write_text(urls, encoding="utf-8")
        cache = browser.newsboat(tmp_path, "-x", "reload")
    db = sqlite3.connect(cache)
    try:
        rows = set(db.execute("SELECT enclosure_url, enclosure_type FROM rss_item"))
    finally:
        db.close()
    assert rows == {
        ("https://cast.example.org/2024/03/ep3/three.mp3", "audio/mpeg"),
        ("https://cdn.example.org/ep2.m4a", "audio/x-m4a"),
        ("https://cast.example.org/media/ep1.mp3", "audio/mpeg"),
    }


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_ANY = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(allow_nan=False),
    _TEXT,
)  # fmt: skip
_URLS = st.sampled_from(
    ["https://cdn.example.org/a.mp3", "/media/ep1.mp3", "../../ep1.mp3",
     "three.mp3", "http://x.example/a", "//x.example/a.mp3", "ftp://x/a.mp3"]
)  # fmt: skip
# Mostly the shapes writers use, with any value now and then.
_MAPPINGS = st.fixed_dictionaries(
    {"url": st.one_of(_URLS, _URLS, _ANY)},
    optional={
        "length": st.one_of(st.integers(-5, 10**12), _ANY),
        "type": st.one_of(st.sampled_from(["audio/mpeg", "video/mp4", "mp3"]), _ANY),
        "duration": st.one_of(st.sampled_from(["1:02:03", "61", "1:2:3:4"]), _ANY),
    },
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(enclosure=_MAPPINGS)
@example(enclosure={"url": "/media/ep1.mp3"})  # both outcomes, whatever is drawn
@example(enclosure={"url": "https://cdn.example.org/a.mp3", "length": 1})
def test_any_enclosure_mapping_gives_valid_feeds_or_a_source_error(site, enclosure):
    """Every mapping a writer might give: three feeds that parse, or an
    error that names the article (never a crash)."""
    front = json.dumps({"title": "Any", "date": "2024-02-02", "enclosure": enclosure})
    (site / "sources" / "any.md").write_text(f"---\n{front}\n---\nx\n", "utf-8")
    config = load_config(site / "config.yaml")
    try:
        output = feeds(config, datetime(2025, 1, 1, tzinfo=UTC))
    except SourceErrors as errors:
        assert [e.path.name for e in errors.errors] == ["any.md"]
        return
    files = output.files
    rss = feedparser.parse(files[config.output / "rss.xml"])
    atom = feedparser.parse(files[config.output / "atom.xml"])
    assert not rss.bozo and not atom.bozo
    for entry in (*rss.entries, *atom.entries):
        assert int(entry.enclosures[0].length) > 0 and entry.enclosures[0].type
    json.loads(files[config.output / "feed.json"])
