"""The Zola profile (``from:``, issue 12) against what Zola 0.19-0.21 does.

Zola has no package this project can install, so ``tests/sites/zola/
expected.json`` was derived from Zola's documentation and source (see
``docs/profiles/zola.md``); the slug rows were measured on the crates Zola
calls (``slug`` 0.1.4 with ``deunicode`` 1.3.1). Every item it lists is kept:
Zola's feed already leaves out undated pages and drafts.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sitecheck
from conftest import REPO, assert_no_traceback, run_cli, run_main

from feedsmith import feeds
from feedsmith.config import load_site
from feedsmith.errors import ConfigError, SkippedSource, SourceError
from feedsmith.sites import read as read_site
from feedsmith.sites.zola.dates import zola_date
from feedsmith.sites.zola.rules import ZolaRules
from feedsmith.sites.zola.slugs import Untransliterated, slugify

SITE = REPO / "tests" / "sites" / "zola"
EXPECTED = sitecheck.expected("zola")
NOW = sitecheck.NOW
LEFT_OUT: dict[str, str] = {}  # Zola's feed holds nothing feedsmith leaves out

# The measured table of docs/profiles/zola.md: input, "on", "safe".
SLUGS = [
    ("Hello, World!", "hello-world", "Hello, World!"),
    ("Café Crème Brûlée", "cafe-creme-brulee", "Café Crème Brûlée"),
    (
        "Café au lait: Crème brûlée & Co.",
        "cafe-au-lait-creme-brulee-co",
        "Café au lait Crème brûlée & Co",
    ),
    ("Ünïcödé Straße in Ærøskøbing", "unicode-strasse-in-aeroskobing", None),
    ("Ünïcödé", "unicode", None),
    ("ÆØÅ", "aeoa", None),
    ("日本語のタイトル", "ri-ben-yu-notaitoru", None),
    ("日本語のタイトル 中文", "ri-ben-yu-notaitoru-zhong-wen", None),
    ("한국어 제목", "hangugeo-jemog", None),
    ("Привет мир", "privet-mir", None),
    ("Ελληνικά κείμενα", "ellenika-keimena", None),
    ("مرحبا بالعالم", "mrhb-bl-lm", None),
    ("Rocket 🚀 Launch", "rocket-rocket-launch", None),
    ("Rocket 🚀 launch 🎉 day", "rocket-rocket-launch-tada-day", None),
    ("♥ love ♥", "hearts-love-hearts", None),
    ("10 Things About 3.14 & C++", "10-things-about-3-14-c", None),
    (
        "10 Things About 3.14 and C++ / C#",
        "10-things-about-3-14-and-c-c",
        "10 Things About 3.14 and C++  C#",
    ),
    (
        "   Leading and trailing spaces   ",
        "leading-and-trailing-spaces",
        "   Leading and trailing spaces",
    ),
    ("Quotes, dashes – and… ellipsis", "quotes-dashes-and-ellipsis", None),  # noqa: RUF001
    ("a  --  b", "a-b", None),
    ("under_score and dot.name", "under-score-and-dot-name", None),
    ("Kyoto_Trip Notes", "kyoto-trip-notes", None),
    ("My Custom SLUG_here!", "my-custom-slug-here", None),
    ("100% sure #1 @home", "100-sure-1-home", None),
    ("What's new in 2024?", "what-s-new-in-2024", "What's new in 2024"),
    ("ﬁ ligature and ½", "fi-ligature-and-1-2", None),
    ("€100 & £50", "eur100-ps50", None),
    ("İstanbul", "istanbul", None),
    ("x!y?z", "x-y-z", "x!yz"),
    ("ends with dash-", "ends-with-dash", None),
    ("dot. ", "dot", "dot"),
    ("2024-3-9-loose", "2024-3-9-loose", None),
    # Zola's own test rows (components/utils/src/slugs.rs)
    ("tes t", "tes-t", None),
    ("日本", "ri-ben", None),
    ("héhé", "hehe", None),
    ("test (hey)", "test-hey", None),
    # decomposed accents (file names saved on macOS), joiners, selectors
    ("Cafe\u0301", "cafe", None),
    ("a\u200db", "ab", None),
    ("❤\ufe0f love", "love", None),
]


@pytest.mark.parametrize(("text", "on", "safe"), SLUGS)
def test_slugify_is_zolas(text, on, safe):
    assert slugify(text, "on") == on
    assert slugify(text, "safe") == (text if safe is None else safe)
    assert slugify(text, "off") == text


def test_a_character_outside_the_table_is_refused_not_guessed():
    with pytest.raises(Untransliterated) as caught:
        slugify("東京", "on")
    assert caught.value.char == "東"
    assert slugify("東京", "safe") == "東京"


# --- placing pages: the rules the sample site does not cover ---


def _place(relative: str, meta: dict | None = None, **rules):
    settings = {"paths": "on", "keep_dates": False, **rules}
    content = Path("/site/content")
    zola = ZolaRules(content=content, base="https://example.org/blog", **settings)
    lines = {key: number for number, key in enumerate(meta or {}, start=2)}
    return zola.place(
        content / relative, meta or {}, "", UTC, lambda key: lines.get(key, 1)
    )


D = {"date": "2024-01-02"}


@pytest.mark.parametrize(
    ("relative", "meta", "link"),
    [
        ("posts/x.md", {**D, "path": "/a/b"}, "/a/b/"),
        ("posts/x.md", {**D, "path": "  a/b/  "}, "/a/b/"),
        ("posts/x.md", {**D, "path": "/"}, "/"),
        ("posts/x.md", {**D, "slug": "Über uns"}, "/posts/uber-uns/"),
        ("index.md", D, "/"),
        ("about/index.md", D, "/about/"),
        ("posts/My_Folder/index.md", D, "/posts/my-folder/"),
        ("posts/x.fr.md", D, "/posts/x-fr/"),
        ("posts/2024-01-02 - spaced.md", {}, "/posts/spaced/"),
        ("posts/2024-01-02.md", {}, "/posts/2024-01-02/"),
        ("posts/2024-01-02T10:00:00-naive.md", {}, "/posts/2024-01-02t10-00-00-naive/"),
    ],
)
def test_the_page_path(relative, meta, link):
    placed = _place(relative, meta)
    assert placed.link == "https://example.org/blog" + link
    assert placed.id == placed.link


def test_folder_names_and_safe_slugs_are_raw_in_the_id_and_escaped_in_the_link():
    placed = _place("notes/Travel Log/Über uns.md", D, paths="safe")
    assert placed.id == "https://example.org/blog/notes/Travel Log/Über uns/"
    assert placed.link == (
        "https://example.org/blog/notes/Travel%20Log/%C3%9Cber%20uns/"
    )


def test_keep_dates_keeps_the_date_in_the_slug_and_still_dates_the_page():
    placed = _place("posts/2024-03-05_x.md", keep_dates=True)
    assert placed.link.endswith("/posts/2024-03-05-x/")
    assert placed.published == datetime(2024, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "when"),
    [
        ("2018-10-08_hello", datetime(2018, 10, 8, tzinfo=UTC)),
        ("2018-10-02T15:00:00Z-hello", datetime(2018, 10, 2, 15, tzinfo=UTC)),
        (
            "2018-10-02T15:00:00.5-02:00_hello",
            datetime(2018, 10, 2, 15, tzinfo=timezone(-timedelta(hours=2))),
        ),
        ("2024-01-02T10:00:00-naive", datetime(2024, 1, 2, tzinfo=UTC)),
    ],
)
def test_a_file_name_dates_a_page_without_a_front_matter_date(name, when):
    assert _place(f"posts/{name}.md").published == when
    assert _place(f"posts/{name}.md", D).published == datetime(2024, 1, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "when"),
    [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024-03-05T10:00:00", datetime(2024, 3, 5, 10, tzinfo=UTC)),
        ("2024-03-05 10:00:00+02:00", datetime(2024, 3, 5, 8, tzinfo=UTC)),
        ("2001-12-14 21:59:43.10 -5", datetime(2001, 12, 15, 2, 59, 43, tzinfo=UTC)),
        ("2001-12-15 2:59:43.10", datetime(2001, 12, 15, 2, 59, 43, tzinfo=UTC)),
        ("2001-1-5", datetime(2001, 1, 5, tzinfo=UTC)),
        (datetime(2024, 3, 5, 10), datetime(2024, 3, 5, 10, tzinfo=UTC)),
    ],
)
def test_dates_are_read_as_zola_reads_them_without_a_zone_utc(written, when):
    assert zola_date(written) == when


@pytest.mark.parametrize("written", ["2002/10/12", "2002-14-01", "10:00:00", 2024])
def test_a_date_zola_refuses_is_an_error_at_its_line(written):
    with pytest.raises(SourceError) as caught:
        _place("posts/x.md", {"title": "t", "date": written})
    assert caught.value.line == 3
    assert caught.value.message.startswith("date: ")


def test_an_impossible_date_in_a_file_name_is_an_error():
    with pytest.raises(SourceError, match="date in the file name"):
        _place("posts/2024-02-30-x.md")


@pytest.mark.parametrize(
    ("meta", "key"),
    [
        ({**D, "slug": ""}, "slug"),
        ({**D, "path": ""}, "path"),
        ({**D, "slug": 12}, "slug"),
        ({**D, "draft": "true"}, "draft"),
        ({**D, "slug": "!!!"}, "slug"),
        ({**D, "slug": "東京"}, "slug"),
    ],
)
def test_a_front_matter_value_zola_cannot_use_names_its_line(meta, key):
    with pytest.raises(SourceError) as caught:
        _place("posts/x.md", meta)
    assert caught.value.line == list(meta).index(key) + 2
    assert caught.value.message.startswith(f"{key}: ")


def test_pages_zola_never_lists():
    assert _place("posts/x.md", {**D, "draft": True}).draft
    with pytest.raises(SkippedSource, match="render = false"):
        _place("posts/x.md", {**D, "render": False})
    with pytest.raises(SkippedSource, match="no date"):
        _place("posts/x.md", {"title": "About"})


def test_taxonomies_become_tags_and_categories():
    written = _place("posts/x.md", {**D, "taxonomies": {"tags": ["a"]}}).written
    assert written is not None and written["tags"] == ["a"]
    assert _place("posts/x.md", D).written is None


# --- the sample site ---


def _config(tmp_path: Path, extra: str = ""):
    return sitecheck.config_from(SITE, tmp_path, extra)


def test_the_site_config_fills_every_key(tmp_path):
    config = _config(tmp_path)
    assert config.site.url == "https://example.org/blog/"
    assert config.site.title == "Lamp & Ledger"
    assert config.site.description == "Notes from a small mining museum"
    assert config.site.language == "en"
    assert config.site.author is not None and config.site.author.name == "Ada Miner"
    assert config.site.timezone.key == "UTC"
    assert config.sources.folders == (SITE / "content",)
    assert config.output == SITE / "static" / "feeds"
    assert config.feeds.url == "https://example.org/blog/feeds/"
    assert config.feeds.future is True
    assert config.feeds.tags is True
    assert config.profile is not None
    toml = SITE / "config.toml"
    settings = config.profile.settings
    assert settings["site.url"][1] == f"{toml}:4"
    assert settings["site.author"][1] == f"{toml}:8"
    assert settings["feeds.tags"][1] == f"{toml}:13"


def test_zolas_defaults_fill_what_its_config_leaves_out(tmp_path):
    (tmp_path / "config.toml").write_text('base_url = "https://x.org/"\ntitle = "T"\n')
    settings = read_site(tmp_path, "zola").settings
    assert settings["site.url"][0] == "https://x.org/"
    assert settings["site.description"][0] == "T"
    assert settings["site.language"][0] == "en"
    assert settings["feeds.limit"][0] == 1_000_000
    assert settings["feeds.tags"][0] is False
    assert "site.author" not in settings


def test_from_alone_gives_zolas_links_ids_and_dates(tmp_path):
    config = _config(tmp_path)
    output = feeds(config, NOW)
    items = sitecheck.items(config)
    sitecheck.assert_same(EXPECTED, items, LEFT_OUT)
    assert output.warnings == ()  # about.md has no date: Zola's feed leaves it out
    news = json.loads(output.files[config.output / "tags" / "news" / "feed.json"])
    assert [i["id"] for i in news["items"]] == [
        "https://example.org/blog/posts/hello-world/"
    ]


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    return site


def test_draft_sections_and_ignored_content_are_left_out(tmp_path):
    site = _site(tmp_path)
    (site / "content" / "notes" / "_index.md").write_text(
        "+++\ntitle = 'Notes'\ndraft = true\n+++\n"
    )
    toml = site / "config.toml"
    toml.write_text(
        toml.read_text().replace(
            "[slugify]", 'ignored_content = ["colophon.md"]\n\n[slugify]'
        )
    )
    links = sitecheck.items(load_site(site))
    assert len(links) == len(EXPECTED) - 3  # two notes and the colophon
    assert not [link for link in links if "/notes/" in link or "colophon" in link]


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        ('base_url = "https://x.org"\n[slugify]\npaths = "yes"\n', 3, "slugify.paths"),
        ('base_url = "https://x.org"\n[languages.fr]\n', 2, "multilingual"),
        ('base_url = "https://x.org"\ntheme = "x"\n', 2, "no folder themes/x"),
        ('base_url = "https://x.org"\nauthor = 1\n', 2, "author: expected text"),
        ('title = "no base_url"\n', 1, "base_url: expected an http"),
        ('base_url = "https://x.org"\nfeed_limit = 0\n', 2, "feed_limit"),
    ],
)
def test_a_site_setting_feedsmith_cannot_follow_names_its_line(
    tmp_path, toml, line, message
):
    (tmp_path / "config.toml").write_text(toml)
    with pytest.raises(ConfigError, match=message) as caught:
        read_site(tmp_path, "zola")
    assert f"config.toml:{line}: " in str(caught.value)


def test_a_custom_feed_template_is_refused(tmp_path):
    site = _site(tmp_path)
    (site / "templates").mkdir()
    (site / "templates" / "atom.xml").write_text("{{ config.title }}")
    with pytest.raises(ConfigError, match="custom feed template"):
        load_site(site)


@pytest.mark.parametrize("data", [b"base_url = [unclosed\n", b"\xff\xfe not text"])
def test_a_zola_config_feedsmith_cannot_read_is_a_clear_error(tmp_path, data):
    (tmp_path / "content").mkdir()
    (tmp_path / "config.toml").write_bytes(data)
    (tmp_path / "config.yaml").write_text(f"from: {tmp_path}\ngenerator: zola\n")
    result = run_cli(tmp_path)
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert "config.toml: cannot read the Zola config" in result.stderr


def test_a_date_zola_cannot_read_names_its_file_and_line(tmp_path):
    site = _site(tmp_path)
    post = site / "content" / "posts" / "cafe.md"
    post.write_text("+++\ntitle = 'Bad date'\ndate = '2024-13-45'\n+++\nBody.\n")
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "site/content/posts/cafe.md:3: date:" in result.stderr


# --- --explain: Zola's own settings, and where each was read ---


def _explained(folder: Path) -> dict[str, tuple[str, str]]:
    """The ``zola: name: value  # where`` rows of --explain, by name."""
    result = run_main(folder, "--explain")
    assert result.returncode == 0, result.stderr
    return sitecheck.explained(result.stdout, "zola")


def test_explain_shows_zolas_settings_and_where_each_was_read(tmp_path):
    (tmp_path / "config.yaml").write_text(f"from: {SITE}\n", encoding="utf-8")
    rows = _explained(tmp_path)
    toml = SITE / "config.toml"
    assert rows["base_url"] == ("https://example.org/blog", f"{toml}:4")
    assert rows["slugify.paths"] == ("on", f"{toml}:18")
    assert rows["slugify.paths_keep_dates"] == ("false", f"{toml}:20")
    assert rows["generate_feeds"] == ("true", f"{toml}:10")
    assert rows["feed_filenames"] == ('["atom.xml"]', f"{toml}:11")
    assert rows["taxonomies"] == ('[{"name": "tags", "feed": true}]', f"{toml}:13")
    assert rows["feed_limit"] == ("unset", "Zola's default (feed_limit unset)")
    assert rows["ignored_content"] == ("[]", "Zola's default (ignored_content unset)")
    assert rows["content/posts/_index.md draft"] == (
        "false",
        "Zola's default (draft unset)",
    )
    assert set(rows) == {
        "base_url",
        "slugify.paths",
        "slugify.paths_keep_dates",
        "generate_feeds",
        "feed_filenames",
        "feed_limit",
        "taxonomies",
        "ignored_content",
        "content/notes/_index.md draft",
        "content/notes/travel/_index.md draft",
        "content/posts/_index.md draft",
        "never articles",
    }


def test_each_setting_names_its_line_or_zolas_default(tmp_path):
    root = tmp_path.resolve()
    toml = root / "config.toml"
    toml.write_text(
        'base_url = "https://x.org/"\n'
        "generate_feed = true\n"
        'feed_filename = "rss.xml"\n'
        "feed_limit = 5\n"
        'ignored_content = ["*.txt"]\n'
        'slugify = { paths = "safe" }\n'
    )
    notes = root / "content" / "notes" / "_index.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("+++\ntitle = 'Notes'\ndraft = true\n[extra]\ndraft = 1\n+++\n")
    posts = root / "content" / "posts" / "_index.md"
    posts.parent.mkdir()
    posts.write_text("---\ntitle: Posts\n'draft': false\n---\n")
    shown = read_site(root, "zola").rule_settings
    assert shown["generate_feed"] == (True, f"{toml}:2")  # before Zola 0.19
    assert shown["feed_filename"] == (["rss.xml"], f"{toml}:3")
    assert shown["feed_limit"] == (5, f"{toml}:4")
    assert shown["ignored_content"] == (["*.txt"], f"{toml}:5")
    assert shown["slugify.paths"] == ("safe", f"{toml}:6")
    assert shown["slugify.paths_keep_dates"] == (
        False,
        "Zola's default (slugify.paths_keep_dates unset)",
    )
    assert shown["taxonomies"] == ([], "Zola's default (taxonomies unset)")
    assert shown["content/notes/_index.md draft"] == (True, f"{notes}:3")
    assert shown["content/posts/_index.md draft"] == (False, f"{posts}:3")


# --- a character outside the transliteration table ---


def _tokyo(site: Path, front: str = "") -> None:
    (site / "content" / "posts" / "東京.md").write_text(
        f"+++\ntitle = 'Tokyo'\ndate = 2024-01-05\n{front}+++\nBody.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("front", "where"),
    [("", ":1: file name: "), ("slug = '東京 trip'\n", ":4: slug: ")],
)
def test_an_untransliterated_slug_names_its_line_and_keep_going_skips_it(
    tmp_path, front, where
):
    site = _site(tmp_path)
    _tokyo(site, front)
    failed = run_main(tmp_path, "--site", "site")
    assert failed.returncode == 1
    assert_no_traceback(failed)
    assert (
        f"site/content/posts/東京.md{where}feedsmith does not carry Zola's "
        "transliteration of '東' (U+6771); "
    ) in failed.stderr
    assert "(--keep-going writes the feeds without the failing sources)" in (
        failed.stderr
    )
    assert not (site / "static" / "feeds" / "feed.json").exists()
    kept = run_main(tmp_path, "--site", "site", "--keep-going")
    assert kept.returncode == 0, kept.stderr
    assert f"site/content/posts/東京.md{where.replace(': ', ': skipped: ', 1)}" in (
        kept.stderr
    )
    feed = json.loads((site / "static" / "feeds" / "feed.json").read_bytes())
    assert len(feed["items"]) == len(EXPECTED)


def test_an_untransliterated_draft_is_left_out_as_zola_leaves_drafts(tmp_path):
    site = _site(tmp_path)
    _tokyo(site, "draft = true\n")
    result = run_main(tmp_path, "--site", "site")
    assert result.returncode == 0, result.stderr
    assert "東京.md" not in result.stderr  # a draft: left out as Zola leaves it
    feed = json.loads((site / "static" / "feeds" / "feed.json").read_bytes())
    assert len(feed["items"]) == len(EXPECTED)


def test_the_summary_is_what_comes_before_zolas_marker(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content" / "posts" / "two.md").write_text(
        '+++\ntitle = "Two"\ndate = 2024-05-01\n+++\n'
        "First paragraph.\n\nSecond paragraph.\n\n<!-- more -->\n\nThe rest.\n",
        encoding="utf-8",
    )
    config = load_site(site)
    assert config.content.excerpt_separator == "<!-- more -->"
    items = sitecheck.items(config)
    two = next(item for item in items.values() if item["title"] == "Two")
    assert two["summary"] == "First paragraph. Second paragraph."
