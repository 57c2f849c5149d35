"""The Hugo profile (``from:``, issue 12) against what Hugo 0.168.0 does.

The slug rows are the table of ``docs/profiles/hugo.md``, each measured with
the real binary; ``tests/sites/hugo/expected.json`` is Hugo's own feed and
sitemap for the sample site. Decisions recorded in
``docs/profiles/README.md`` leave one of its items out: ``about.md`` has no
date, so it is a warning, not an item dated year 1.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sitecheck
from conftest import REPO, assert_no_traceback, run_cli

from feedsmith import feeds, load_config
from feedsmith.config import load_site
from feedsmith.sites.hugo import slug_segment, urlize

SITE = REPO / "tests" / "sites" / "hugo"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 1, 1, tzinfo=UTC)  # the clock the real-tool test fixes
# Items of Hugo's feed the documented decisions leave out, and why.
LEFT_OUT = {"content/about.md": "no date"}

TITLES = [
    ("Hello, World!", "hello-world"),
    ("Café au lait: Crème brûlée & Co.", "café-au-lait-crème-brûlée-co."),
    ("Ünïcödé Straße in Ærøskøbing", "ünïcödé-straße-in-ærøskøbing"),
    ("日本語のタイトル 中文", "日本語のタイトル-中文"),
    ("Привет мир", "привет-мир"),
    ("Rocket 🚀 launch 🎉 day", "rocket-launch-day"),
    ("emoji-only 🚀🚀", "emoji-only"),
    ("10 Things About 3.14 and C++ / C#", "10-things-about-3.14-and-c-c"),
    ("   Leading and trailing spaces   ", "leading-and-trailing-spaces"),
    (
        "Quotes \"double\" 'single' — dashes – and… ellipsis?!",  # noqa: RUF001
        "quotes-double-single-dashes-and-ellipsis",
    ),
    ("dash—em and en–dash", "dashem-and-endash"),  # noqa: RUF001
    ("a  --  b", "a--b"),
    ("a - b", "a-b"),
    ("a- b", "a-b"),
    ("a -b", "a-b"),
    ("Multiple   spaces", "multiple-spaces"),
    ("Tabs\there", "tabs-here"),
    ("under_score and dot.name", "under_score-and-dot.name"),
    ("a.b.c.", "a.b.c."),
    ("a..b", "a..b"),
    ("100% sure #1 @home", "100-sure-#1-@home"),
    ("c#", "c"),
    ("C# x", "c#-x"),
    ("a+b", "a-b"),
    ("a++b", "a-b"),
    ("x+y=z", "x-yz"),
    ("a/b", "a-b"),
    ("a / b", "a-b"),
    ("a\\b", "a-b"),
    ("a%20b", "a-b"),
    ("a%b", "ab"),
    ("What's new in 2024?", "whats-new-in-2024"),
    ('Tom & Jerry\'s "Big" Day', "tom-jerrys-big-day"),
    ("[brackets] (parens) {braces}", "brackets-parens-braces"),
    ("a~b^c`d", "a~bcd"),
    ("ends with dash-", "ends-with-dash-"),
    ("-starts with dash", "-starts-with-dash"),
    ("ﬁ ligature and ½", "ﬁ-ligature-and"),
    ("İstanbul", "istanbul"),
    # file names (:filename), without their extension
    ("Kyoto_Trip Notes", "kyoto_trip-notes"),
    ("C++ & C#", "c-c"),
    ("x!y?z", "xyz"),
    ("2024-05-01-dated", "2024-05-01-dated"),
]
WITHOUT_ACCENTS = [
    ("Café au lait: Crème brûlée & Co.", "cafe-au-lait-creme-brulee-co."),
    ("Ünïcödé Straße in Ærøskøbing", "unicode-straße-in-ærøskøbing"),
    ("Ελληνικά κείμενα", "ελληνικα-κειμενα"),
    ("ÆØÅ", "æøa"),
]
SLUGS = [
    ("My Custom SLUG_here!", "my-custom-slug_here"),
    ("ends with dash-", "ends-with-dash"),
    ("-starts with dash", "starts-with-dash"),
    ("a/b/c", "c"),
    ("10 Things About 3.14 and C++ / C#", "-c"),
]


@pytest.mark.parametrize(("title", "segment"), TITLES)
def test_urlize_is_hugos(title, segment):
    assert urlize(title) == segment


@pytest.mark.parametrize(("title", "segment"), WITHOUT_ACCENTS)
def test_urlize_with_remove_path_accents(title, segment):
    assert urlize(title, remove_accents=True) == segment


def test_urlize_with_disable_path_to_lower():
    assert urlize("UPPER lower MiXeD", lower=False) == "UPPER-lower-MiXeD"
    assert urlize("ÆØÅ") == "æøå"


@pytest.mark.parametrize(("slug", "segment"), SLUGS)
def test_a_front_matter_slug(slug, segment):
    assert slug_segment(slug) == segment


def _config(tmp_path: Path, extra: str = ""):
    path = tmp_path / "config.yaml"
    path.write_text(f"from: {SITE}\n{extra}", encoding="utf-8")
    return load_config(path)


def test_the_site_config_fills_every_key(tmp_path):
    config = _config(tmp_path)
    assert config.site.url == "https://example.org/blog/"
    assert config.site.title == "Lamp & Ledger"
    assert config.site.description == "Notes from a small mining museum"
    assert config.site.language == "en-gb"
    assert config.site.timezone.key == "Asia/Tokyo"
    assert config.sources.folders == (SITE / "content",)
    assert config.output == SITE / "static" / "feeds"
    assert config.feeds.url == "https://example.org/blog/feeds/"
    assert config.profile is not None
    _, where = config.profile.settings["site.timezone"]
    assert where == f"{SITE / 'hugo.toml'}:5"


def test_from_alone_gives_hugos_links_ids_and_dates(tmp_path):
    config = _config(tmp_path)
    output = feeds(config, NOW)
    items = sitecheck.items(config)
    sitecheck.assert_same(EXPECTED, items, LEFT_OUT)
    warned = {w.path.name: w.message for w in output.warnings}
    # Hugo lists an undated page (dated year 1): feedsmith says why it does
    # not; a page Hugo lists nowhere (build: list: never) is left out quietly;
    # the site's own {{< tabs >}} shortcode is one feedsmith does not know.
    assert set(warned) == {"about.md", "links-between-posts.md"}
    assert "no date" in warned["about.md"]
    assert "{{< tabs >}}" in warned["links-between-posts.md"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("hugo.toml", b"baseURL = [unclosed\n"), ("hugo.yaml", b"a: &x 1\nb: *x\n"),
     ("hugo.json", b"\xff\xfe not text"), ("hugo.toml", b"title = 'no base URL'\n")],
)  # fmt: skip
def test_a_hugo_config_feedsmith_cannot_read_is_a_clear_error(tmp_path, name, data):
    (tmp_path / "content").mkdir()
    (tmp_path / name).write_bytes(data)
    result = run_cli(tmp_path, "--site", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert name in result.stderr


def test_a_date_hugo_cannot_read_names_its_file_and_line(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "sites" / "hugo", site)
    post = site / "content" / "posts" / "cafe.md"
    post.write_text(
        "---\ntitle: Bad date\ndraft: false\ndate: 2024-13-45\n---\nBody.\n"
    )
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "site/content/posts/cafe.md:4: date:" in result.stderr


@pytest.mark.parametrize(
    ("written", "listed"), [("'false'", True), ("'true'", False), ("false", True)]
)
def test_a_quoted_draft_flag_is_read_as_hugo_reads_it(tmp_path, written, listed):
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "sites" / "hugo", site)
    post = site / "content" / "posts" / "cafe.md"
    post.write_text(
        f"---\ntitle: Quoted flag\ndate: 2024-02-02\ndraft: {written}\n---\nBody.\n"
    )
    titles = [
        e["title"]
        for e in json.loads(
            feeds(load_site(site), NOW).files[site / "static/feeds/feed.json"]
        )["items"]
    ]
    assert ("Quoted flag" in titles) is listed


def test_a_derived_summary_follows_summary_length(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content" / "posts" / "long.md").write_text(
        "---\ntitle: Long\ndate: 2024-05-01\n---\n"
        "Seven words stand in this first paragraph.\n\n"
        "Then five more words follow.\n\n"
        "And a last paragraph nobody needs.\n",
        encoding="utf-8",
    )
    config = load_site(site)
    assert config.content.summary_words == 12  # hugo.toml's summaryLength
    items = sitecheck.items(config)
    long = next(item for item in items.values() if item["title"] == "Long")
    assert long["summary"] == (
        "Seven words stand in this first paragraph. Then five more words follow."
    )
    toml = site / "hugo.toml"
    toml.write_text(toml.read_text().replace("summaryLength = 12\n", ""))
    assert load_site(site).content.summary_words == 70  # Hugo's default


def test_main_sections_keep_the_other_sections_pages_unread(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    toml = site / "hugo.toml"
    toml.write_text(
        toml.read_text().replace(
            "[params]\n", '[params]\nmainSections = ["posts", "links"]\n'
        )
    )
    config = load_site(site)
    output = feeds(config, NOW)
    items = sitecheck.items(config)
    sections = {Path(e["source"]).parts[1] for e in EXPECTED if e["link"] in items}
    assert sections == {"posts", "links"}
    kept = [
        e for e in EXPECTED
        if Path(e["source"]).parts[1] in ("posts", "links") and e["source"] not in LEFT_OUT
    ]  # fmt: skip
    assert len(items) == len(kept)
    # the other sections' pages are never read: no warning for any of them
    assert not [w for w in output.warnings if "about.md" in str(w.path)]
    assert all(
        w.path.relative_to(site / "content").parts[0] in ("posts", "links")
        for w in output.warnings
    )
