"""More feeds (feeds.by, feeds.custom): a feed per author, section and
category beside the tag feeds, and feeds a filter defines; every one read
back with feedparser, listed by the index page and the OPML file, and
retired when the site stops making it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import lxml.html
import pytest
from conftest import assert_no_traceback, run_cli
from lxml import etree

from feedsmith.config import load_config
from feedsmith.errors import ConfigError

FEEDS_URL = "https://mining.example.org/feeds/"
CONFIG = """\
site:
  title: Mining Notes
  url: https://mining.example.org/
  description: Field notes on mining
  author: {name: Ada Miner, email: ada@example.org}
feeds:
  by: [tags, authors, sections, categories]
  custom:
    - name: releases
      tags: [Release]
      exclude: {paths: ["draft-notes/"]}
"""
POST = """\
---
title: {title}
date: {date}
tags: [{tags}]
categories: [{categories}]
{author}---
Body of {title}.
"""
# source path: (title, date, tags, categories, author or None for the site's)
ARTICLES = {
    "notes/first.md": ("First", "2024-01-01", "rock", "Field Work", None),
    "notes/second.md": ("Second", "2024-02-01", "release", "Field Work, Tools", "Bo"),
    "guides/third.md": ("Third", "2024-03-01", "release", "", "Bo"),
    "draft-notes/fourth.md": ("Fourth", "2024-04-01", "release", "", None),
    "top.md": ("Top", "2024-05-01", "release", "", None),
}
# Each feed's folder, title and items, in the order the views list them.
EXPECTED = [
    ("", "Mining Notes", ["Top", "Fourth", "Third", "Second", "First"]),
    ("tags/field-work/", "Mining Notes: Field Work", ["Second", "First"]),
    ("tags/release/", "Mining Notes: release", ["Top", "Fourth", "Third", "Second"]),
    ("tags/rock/", "Mining Notes: rock", ["First"]),
    ("tags/tools/", "Mining Notes: Tools", ["Second"]),
    ("authors/ada-miner/", "Mining Notes: Ada Miner", ["Top", "Fourth", "First"]),
    ("authors/bo-digger/", "Mining Notes: Bo Digger", ["Third", "Second"]),
    ("sections/draft-notes/", "Mining Notes: draft-notes", ["Fourth"]),
    ("sections/guides/", "Mining Notes: guides", ["Third"]),
    ("sections/notes/", "Mining Notes: notes", ["Second", "First"]),
    ("categories/field-work/", "Mining Notes: Field Work", ["Second", "First"]),
    ("categories/tools/", "Mining Notes: Tools", ["Second"]),
    ("releases/", "Mining Notes: releases", ["Top", "Third", "Second"]),
]


def write_site(root: Path, config: str = CONFIG, authors: dict | None = None) -> None:
    (root / "config.yaml").write_text(config, encoding="utf-8")
    shutil.rmtree(root / "sources", ignore_errors=True)
    for path, (title, date, tags, categories, author) in ARTICLES.items():
        if authors is not None:
            author = authors.get(path, author)
        file = root / "sources" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(
            POST.format(
                title=title,
                date=date,
                tags=tags,
                categories=categories,
                author=f"author: {author} Digger\n" if author else "",
            ),
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("more")
    write_site(root)
    done = run_cli(root)
    assert done.returncode == 0, done.stderr
    return root / "feeds"


def test_every_feed_reads_back_with_its_items(built: Path):
    for folder, title, items in EXPECTED:
        for name in ("rss.xml", "atom.xml"):  # feedparser 6.0 reads no JSON
            parsed = feedparser.parse((built / folder / name).read_bytes())
            assert not parsed.bozo, (folder, name, parsed.bozo_exception)
            assert parsed.feed.title == title, (folder, name)
            self_links = [
                link.href for link in parsed.feed.links if link.get("rel") == "self"
            ]
            assert self_links == [f"{FEEDS_URL}{folder}{name}"]
            assert [entry.title for entry in parsed.entries] == items, (folder, name)
            ids = [entry.id for entry in parsed.entries]
            assert ids == [entry.link for entry in parsed.entries]
            assert all(i.startswith("https://mining.example.org/2024/") for i in ids)
        document = json.loads((built / folder / "feed.json").read_bytes())
        assert document["title"] == title
        assert document["feed_url"] == f"{FEEDS_URL}{folder}feed.json"
        assert [item["title"] for item in document["items"]] == items


def test_feed_descriptions_name_their_value(built: Path):
    described = {
        "authors/ada-miner/": "Articles by Ada Miner on Mining Notes",
        "sections/guides/": "Articles in guides on Mining Notes",
        "categories/tools/": "Articles in category Tools on Mining Notes",
        "releases/": "Articles tagged Release on Mining Notes",
    }
    for folder, description in described.items():
        parsed = feedparser.parse((built / folder / "atom.xml").read_bytes())
        assert parsed.feed.subtitle == description


def test_index_and_opml_list_every_feed_by_kind(built: Path):
    page = lxml.html.fromstring((built / "index.html").read_bytes())
    headings = [h2.text_content() for h2 in page.xpath("//main/h2")]
    groups = ["Tags", "Authors", "Sections", "Categories", "More feeds"]
    assert headings[2:-1] == groups
    listed = []
    for heading in groups:
        (group,) = page.xpath(f"//main/h2[.='{heading}']/following-sibling::ul[1]")
        listed.append(
            (heading, [a.get("href") for a in group.xpath(".//a[.//text()='RSS']")])
        )
    opml = etree.fromstring((built / "feeds.opml").read_bytes())
    body = opml.find("body")
    main, *folders = list(body)
    assert main.get("xmlUrl") == f"{FEEDS_URL}rss.xml"
    in_opml = [
        (folder.get("text"), [o.get("xmlUrl") for o in folder]) for folder in folders
    ]
    expected = [
        (heading, [f"{FEEDS_URL}{f}rss.xml" for f, _, _ in EXPECTED if f.startswith(p)])
        for heading, p in zip(
            groups,
            ["tags/", "authors/", "sections/", "categories/", "releases/"],
            strict=True,
        )
    ]
    assert listed == expected
    assert in_opml == expected
    discovery = (built / "authors/ada-miner/discovery.html").read_text()
    assert f"{FEEDS_URL}authors/ada-miner/atom.xml" in discovery


def test_pipeline_makes_what_the_engine_wrote(built: Path, tmp_path: Path):
    copy = tmp_path / "site"
    shutil.copytree(built.parent, copy)
    checked = run_cli(copy, "--check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("custom", "expected"),
    [
        ("[{tags: [a]}]", ["feeds.custom[1].name: required key is missing"]),
        ("[{name: Big News}]", ["feeds.custom[1].name: expected a slug"]),
        ("[{name: x, folder: ../up/}]", ["feeds.custom[1].folder: '../up/' leaves"]),
        ("[{name: x, folder: /abs/}]", ["feeds.custom[1].folder: expected a folder"]),
        ("[{name: x, folder: tags/x/}]", ["feeds.custom[1].folder: tags/x/ is where"]),
        ("[{name: authors}]", ["feeds.custom[1].name: authors/ is where"]),
        ("[{name: x, folder: x/archive/}]", ["feeds.custom[1].folder: x/archive/ is"]),
        ("[{name: x, tags: {a: 1}}]", ["feeds.custom[1].tags: expected a name"]),
        ("[{name: x, since: soon}]", ["feeds.custom[1].since: expected a date"]),
        ("[{name: x, limit: 0}]", ["feeds.custom[1].limit: expected a positive"]),
        ("[{name: x, formats: [pdf]}]", ["feeds.custom[1].formats: unknown format"]),
        ("[{name: x, path: a/}]", ["feeds.custom[1].path: unknown key; did you"]),
        ("[{name: x, paths: ['#a']}]", ["feeds.custom[1].paths: pattern '#a'"]),
        (
            "[{name: x, exclude: {tag: [a]}}]",
            ["feeds.custom[1].exclude.tag: unknown key; did you mean tags?"],
        ),
        (
            "[{name: x, since: 2024-02-01, until: 2024-01-01}]",
            ["feeds.custom[1].until: 2024-01-01 is before since: 2024-02-01"],
        ),
        ("[{name: x}, {name: x}]", ["feeds.custom[2].name: 'x' is taken"]),
        (
            "[{name: x}, {name: y, folder: x}]",
            ["feeds.custom[2].folder: x/ is another custom"],
        ),
        ("releases", ["feeds.custom: expected a list of feeds"]),
        (
            "[{name: A}, {name: b, folder: ../b, tagz: [x]}, 7]",
            [
                "feeds.custom[1].name: expected a slug",
                "feeds.custom[2].folder:",
                "feeds.custom[2].tagz: unknown key; did you mean tags?",
                "feeds.custom[3]: expected a mapping",
            ],
        ),
    ],
)
def test_bad_custom_feeds_are_named_by_key(tmp_path, custom, expected):
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG.split("  custom:")[0] + f"  custom: {custom}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    lines = str(raised.value).splitlines()
    assert len(lines) == len(expected), lines
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(f"config.yaml: {start}"), lines


def test_the_command_line_names_every_bad_key(tmp_path: Path):
    custom = "[{name: A}, {name: b, folder: ../b, tagz: [x]}, 7]"
    write_site(tmp_path, CONFIG.split("  custom:")[0] + f"  custom: {custom}\n")
    done = run_cli(tmp_path)
    assert done.returncode == 2, done.stderr
    assert_no_traceback(done)
    assert "config.yaml: feeds.custom[2].tagz: unknown key" in done.stderr
    assert len(done.stderr.splitlines()) == 4, done.stderr
    assert not (tmp_path / "feeds").exists()


def test_custom_feed_filters_by_author_section_date_and_path(tmp_path: Path):
    config = CONFIG.split("  custom:")[0] + (
        "  custom:\n"
        "    - {name: bo, authors: [bo-digger], folder: people/bo, limit: 1,"
        " formats: [json], title: Bo's picks, description: Only Bo}\n"
        "    - {name: spring, since: 2024-02-01, until: 2024-04-01,"
        " exclude: {sections: [guides]}}\n"
        "    - {name: notes, paths: ['notes/**', '/*.md', '!notes/first.md']}\n"
    )
    write_site(tmp_path, config)
    done = run_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    output = tmp_path / "feeds"
    bo = json.loads((output / "people/bo/feed.json").read_bytes())
    assert (bo["title"], bo["description"]) == ("Bo's picks", "Only Bo")
    assert [item["title"] for item in bo["items"]] == ["Third"]
    assert not (output / "people/bo/rss.xml").exists()
    spring = feedparser.parse((output / "spring/rss.xml").read_bytes())
    assert [e.title for e in spring.entries] == ["Fourth", "Second"]
    notes = feedparser.parse((output / "notes/rss.xml").read_bytes())
    assert [e.title for e in notes.entries] == ["Top", "Second"]


def test_retired_author_section_and_custom_feeds_go(tmp_path: Path):
    write_site(tmp_path)
    assert run_cli(tmp_path).returncode == 0
    output = tmp_path / "feeds"
    foreign = output / "authors/zed/rss.xml"
    foreign.parent.mkdir()
    foreign.write_text("<rss version='2.0'><channel/></rss>")
    assert (output / "authors/bo-digger/rss.xml").is_file()
    # Bo's articles are Ada's now: Bo's feed goes
    write_site(tmp_path, authors={"notes/second.md": None, "guides/third.md": None})
    done = run_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (output / "authors/bo-digger").exists()
    assert (output / "authors/ada-miner/rss.xml").is_file()
    assert foreign.is_file()
    assert "authors/zed/rss.xml: warning: left in place" in done.stderr
    # no author, section or category feeds, and no custom feed
    config = CONFIG.replace("tags, authors, sections, categories", "tags")
    write_site(tmp_path, config.split("  custom:")[0])
    done = run_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (output / "sections").exists()
    assert not (output / "categories").exists()
    assert not (output / "releases").exists()
    assert sorted(p.name for p in (output / "authors").iterdir()) == ["zed"]
    assert (output / "tags/release/rss.xml").is_file()
    assert run_cli(tmp_path, "--check").returncode == 0


def test_retired_archive_pages_go(tmp_path: Path):
    """Pages written at <feed folder>archive/<n>/ go when archive is off."""
    write_site(tmp_path, CONFIG.replace("feeds:\n", "feeds:\n  limit: 1\n"))
    output = tmp_path / "feeds"
    pages = [output / "archive/1", output / "authors/ada-miner/archive/1"]
    pages.append(output / "releases/archive/1")
    for page in pages:  # as the archive part writes them
        page.mkdir(parents=True)
        where = page.relative_to(output).as_posix()
        (page / "feed.json").write_text(
            json.dumps({"feed_url": f"{FEEDS_URL}{where}/feed.json"})
        )
    (output / "archive/2").mkdir()
    kept = output / "archive/2/feed.json"
    kept.write_text(json.dumps({"feed_url": "https://elsewhere.example/feed.json"}))
    done = run_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    assert not any(page.exists() for page in pages[1:])
    assert not pages[0].exists() and kept.is_file()
    assert "archive/2/feed.json: warning: left in place" in done.stderr
