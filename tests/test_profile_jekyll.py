"""The Jekyll profile (``from:``, issue 12) against what Jekyll 4.3.1 with
jekyll-feed 0.17.0 does.

The slug rows and the named permalink styles are the tables of
``docs/profiles/jekyll.md``, each measured with the real tool;
``tests/sites/jekyll/expected.json`` is jekyll-feed's own feed of the sample
site, and every one of its items is kept with the tool's link, id and dates.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import sitecheck
from conftest import REPO, assert_no_traceback, run_cli, run_main

from feedsmith import feeds
from feedsmith.config import load_config, load_site
from feedsmith.errors import ConfigError, SourceErrors
from feedsmith.sites.jekyll import (
    STYLES,
    expand,
    feed_id,
    slugify,
    titleize,
    url_values,
)

SITE = REPO / "tests" / "sites" / "jekyll"
DOC = REPO / "docs" / "profiles" / "jekyll.md"
EXPECTED = sitecheck.expected("jekyll")
NOW = sitecheck.NOW
LEFT_OUT: dict[str, str] = {}  # jekyll-feed's items the documented decisions drop
MODES = ("default", "pretty", "latin", "ascii")


def _slug_rows() -> list[tuple[str, str, str]]:
    """(input, mode, slug) of each measured cell of the doc's slug table."""
    table = DOC.read_text(encoding="utf-8").split("Measured with the `slugify`")[1]
    table = table.split("File names in the sample site")[0]
    rows = []
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip(" |").split("|")]
        text = cells[0].strip("`").replace("\\t", "\t").replace("\\n", "\n")
        for mode, cell in zip(MODES, cells[1:], strict=True):
            if not cell.startswith("same"):
                rows.append((text, mode, "" if cell == "(empty)" else cell.strip("`")))
    return rows


SLUG_ROWS = _slug_rows()


def test_the_doc_table_is_read():
    assert len(SLUG_ROWS) > 100


@pytest.mark.parametrize(("text", "mode", "slug"), SLUG_ROWS)
def test_slugify_is_jekylls(text, mode, slug):
    assert slugify(text, mode) == slug


@pytest.mark.parametrize(
    ("name", "segment"),
    [
        ("Summer Time Starts", "Summer-Time-Starts"),
        ("Café Crème à la française", "Café-Crème-à-la-française"),
        ("launch-🚀-day", "launch-day"),
        ("what's-new-(v2.0)!", "what's-new-(v2.0)!"),
        ("Custom Slug, Here", "Custom-Slug,-Here"),
    ],
)
def test_title_token_keeps_case_in_pretty_mode(name, segment):
    assert slugify(name, "pretty", cased=True) == segment


@pytest.mark.parametrize(
    ("slug", "title"),
    [("MiXed-CASE", "Mixed Case"), ("no-padding-in-name", "No Padding In Name"),
     ("cut-list", "Cut List"), ("trailing--", "Trailing")],
)  # fmt: skip
def test_an_untitled_post_is_titled_from_its_file_name(slug, title):
    assert titleize(slug) == title


def _values(relative: str, categories: list[str], when: datetime) -> dict[str, str]:
    suffix = "." + relative.rsplit(".", 1)[1]
    output_ext = ".html" if suffix == ".md" else suffix
    slug = relative.rsplit("/", 1)[1][11 : -len(suffix)]
    return url_values(relative, suffix, output_ext, slug, when, categories)


WELCOME = ("_posts/2024-01-05-welcome.md", [], datetime(2024, 1, 5))
RELEASE = ("news/_posts/2024-08-01-release-one.md", ["news", "Release"],
           datetime(2024, 8, 1))  # fmt: skip
STYLE_ROWS = [
    ("date", "/2024/01/05/welcome.html", "/news/release/2024/08/01/release-one.html"),
    ("pretty", "/2024/01/05/welcome/", "/news/release/2024/08/01/release-one/"),
    ("ordinal", "/2024/005/welcome.html", "/news/release/2024/214/release-one.html"),
    ("weekdate", "/2024/W01/Fri/welcome.html",
     "/news/release/2024/W31/Thu/release-one.html"),
    ("none", "/welcome.html", "/news/release/release-one.html"),
]  # fmt: skip


@pytest.mark.parametrize(("style", "welcome", "release"), STYLE_ROWS)
def test_named_styles(style, welcome, release):
    assert expand(STYLES[style], _values(*WELCOME)) == welcome
    assert expand(STYLES[style], _values(*RELEASE)) == release


@pytest.mark.parametrize(
    ("template", "url"),
    [
        ("/:year/:title", "/2024/welcome"),  # no slash, no extension
        (
            "/:categories/:year/:month/:day/:title:output_ext",
            "/2024/05/20/cut-list.txt",
        ),
        ("/:year_:month/:i_day/", "/2024_05/20/"),  # :year_ is :year, then _
        ("/a/../b/./:title", "/a/b/cut-list"),  # Jekyll's cleaning
        ("/über/:title/", "/über/cut-list/"),  # a literal stays as written
    ],
)
def test_templates(template, url):
    if "cut-list" in url or "_" in template:
        values = _values("_posts/2024-05-20-cut-list.txt", [], datetime(2024, 5, 20))
    else:
        values = _values(*WELCOME)
    assert expand(template, values) == url


def test_token_values_are_escaped_as_jekyll_escapes_them():
    values = _values("_posts/2024-05-20-cut-list.txt", ["50% off", "a#b"], NOW)
    assert expand("/:categories/", values) == "/50%25%20off/a%23b/"
    with pytest.raises(KeyError, match="bogus"):
        expand("/:year/:bogus/", values)


def test_the_feed_id_is_normalised_as_jekyll_feed_does():
    base = "https://notes.example.org/bench"
    # NFKC: the feed's id differs from the page's name on disk
    full_width = "\uff26\uff55\uff4c\uff4c \ufb01ne"  # "Full fine" as NFKC reads it
    assert feed_id(base, f"/2024/11/01/{full_width}") == (
        "https://notes.example.org/bench/2024/11/01/Full%20fine"
    )
    assert feed_id(base, "/2024/05/20/launch-🚀-day").endswith(
        "/launch-%F0%9F%9A%80-day"
    )


# --- the sample site ---


def test_the_site_config_fills_every_key(tmp_path):
    config = sitecheck.config_from(SITE, tmp_path)
    assert config.site.url == "https://notes.example.org/bench/"
    assert config.site.title == "Field Notes & Small Repairs"
    assert config.site.description.startswith("Notes from a workshop bench")
    assert config.site.language == "en-GB"
    assert config.site.timezone.key == "Europe/Berlin"
    assert config.site.author is not None
    assert config.site.author.email == "mara@example.org"
    assert config.sources.folders == (
        SITE / "_posts",
        SITE / "news" / "_posts",
    )
    assert config.output == SITE / "feeds"
    assert config.feeds.url == "https://notes.example.org/bench/feeds/"
    assert config.feeds.limit == 50
    assert config.content.excerpt_separator == "<!--more-->"
    assert config.profile is not None
    settings = config.profile.settings
    where = {key: settings[key][1] for key in ("site.timezone", "feeds.limit")}
    assert where == {
        "site.timezone": f"{SITE / '_config.yml'}:7",
        "feeds.limit": f"{SITE / '_config.yml'}:19",
    }


def test_config_yaml_overrides_the_site(tmp_path):
    extra = "site:\n  title: Other\n  timezone: UTC\noutput: out\n"
    config = sitecheck.config_from(SITE, tmp_path, extra)
    assert config.site.title == "Other"
    assert config.site.url == "https://notes.example.org/bench/"
    assert config.output == tmp_path / "out"
    assert config.feeds.url == "https://notes.example.org/bench/out/"
    items = sitecheck.items(config)
    welcome = items["https://notes.example.org/bench/2024/01/05/welcome/"]
    assert welcome["date_published"] == "2024-01-05T00:00:00+00:00"


def test_from_alone_gives_jekylls_links_ids_and_dates(tmp_path):
    config = sitecheck.config_from(SITE, tmp_path)
    output = feeds(config, NOW)
    items = sitecheck.items(config)
    sitecheck.assert_same(EXPECTED, items, LEFT_OUT)
    # The unpublished post and launch-notes.txt (no date in its name) are
    # left out as Jekyll leaves them out, without a warning.
    assert output.warnings == ()
    # what jekyll-feed shows besides: titles, categories as tags, authors
    by_source = {e["source"]: items[e["link"]] for e in EXPECTED}
    assert by_source["_posts/2024-1-9-no-padding-in-name.md"]["title"] == (
        "No Padding In Name"
    )
    assert by_source["_posts/2024-08-10-html-post.html"]["title"] == "An HTML post"
    release = by_source["news/_posts/2024-08-01-release-one.md"]
    assert release["tags"] == ["news", "Release"]
    assert release["authors"] == [{"name": "Tomek Nowak"}]
    assert by_source["news/_posts/2024-08-02-big-stuff.md"]["tags"] == [
        "news", "Big", "Stuff",
    ]  # fmt: skip
    welcome = by_source["_posts/2024-01-05-welcome.md"]
    assert welcome["authors"][0]["name"] == "Ana Ferreira"
    assert welcome["summary"] == (
        "First note. I will write down every repair here, the good and the bad."
    )


def _copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    return site


# --- rules the sample site does not show ---


def _site(tmp_path: Path, settings: str, posts: dict[str, str]) -> Path:
    site = tmp_path / "small"
    site.mkdir()
    (site / "_config.yml").write_text(
        "title: Small\nurl: https://small.example\n" + settings, encoding="utf-8"
    )
    for name, text in posts.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def _items(site: Path, now: datetime = NOW) -> dict[str, dict]:
    config = load_site(site)
    feed = feeds(config, now).files[config.output / "feed.json"]
    return {item["url"]: item for item in json.loads(feed)["items"]}


def test_yaml_timestamps_are_utc_and_text_is_local(tmp_path):
    site = _site(tmp_path, "timezone: Europe/Berlin\n", {
        "_posts/2024-03-03-unquoted.md": "---\ndate: 2024-03-03 08:15:00\n---\nA\n",
        "_posts/2024-03-03-quoted.md": "---\ndate: '2024-03-03 08:15:00'\n---\nB\n",
        "_posts/2024-03-03-no-seconds.md": "---\ndate: 2024-03-03 08:15\n---\nC\n",
    })  # fmt: skip
    dates = {u.rsplit("/", 1)[1]: i["date_published"] for u, i in _items(site).items()}
    assert dates == {
        "unquoted.html": "2024-03-03T09:15:00+01:00",
        "quoted.html": "2024-03-03T08:15:00+01:00",
        "no-seconds.html": "2024-03-03T08:15:00+01:00",
    }


def test_drafts_future_and_unpublished_follow_the_site_config(tmp_path):
    posts = {
        "_posts/2024-01-01-draft.md": "---\ndraft: true\n---\nA\n",
        "_posts/2099-01-01-future.md": "---\ntitle: Future\n---\nB\n",
        "_posts/2024-01-02-hidden.md": "---\npublished: no\n---\nC\n",
        "_posts/2024-01-04-quoted.md": "---\npublished: 'no'\ndraft: 'true'\n---\nD\n",
        "_posts/2024-01-03-shown.md": "---\ntitle: Shown\n---\nD\n",
        "_drafts/never.md": "---\ntitle: Never\n---\nE\n",
    }
    site = _site(tmp_path, "", posts)
    assert [u.rsplit("/", 1)[1] for u in _items(site)] == ["quoted.html", "shown.html"]
    with (site / "_config.yml").open("a") as config:
        config.write("future: true\nshow_drafts: true\nunpublished: true\n")
    assert [u.rsplit("/", 1)[1] for u in _items(site)] == [
        "future.html", "quoted.html", "shown.html", "hidden.html", "draft.html",
    ]  # fmt: skip


def test_defaults_categories_tags_authors_and_excerpts(tmp_path):
    site = _site(
        tmp_path,
        "permalink: /:categories/:title/\nexcerpt_separator: <!-- cut -->\n"
        "author: ana\ndefaults:\n  - scope: {path: notes, type: post}\n"
        "    values: {categories: Field Notes, author: bo}\n",
        {
            "_data/authors.yml": "ana: {name: Ana, email: a@x.org}\nbo: {name: Bo}\n",
            "notes/_posts/2024-1-9-one.md": "---\ncategory: Big Bench\ntags: a b\n"
            "---\nFirst.\n\n<!-- cut -->\nRest.\n",
            "_posts/2024-01-10-two.md": "---\ntag: c d\n---\nOnly.\n",
        },
    )
    items = _items(site)
    one = items["https://small.example/notes/field/big%20bench/one/"]
    assert one["tags"] == ["notes", "Field", "Big Bench", "a", "b"]
    assert one["authors"] == [{"name": "Bo"}]
    assert one["summary"] == "First."
    assert one["date_published"] == "2024-01-09T00:00:00+00:00"
    two = items["https://small.example/two/"]
    assert two["tags"] == ["c d"]
    assert two["authors"] == [{"name": "Ana", "url": "mailto:a@x.org"}]


def test_only_files_jekyll_reads_as_posts_are_items(tmp_path):
    site = _site(
        tmp_path,
        "exclude: [old, '*.skip.md', _posts/2024-01-11]\n",
        {
            "_posts/2024-01-01-one.md": "---\ntitle: One\n---\nA\n",
            "_posts/_hidden/2024-01-02-two.md": "---\ntitle: Two\n---\nB\n",
            "_posts/2024-01-03-three.skip.md": "---\ntitle: Three\n---\nC\n",
            "old/_posts/2024-01-04-four.md": "---\ntitle: Four\n---\nD\n",
            "_site/_posts/2024-01-05-five.md": "---\ntitle: Five\n---\nE\n",
            "pages/2024-01-06-six.md": "---\ntitle: Six\n---\nF\n",
            "_posts/2024-01-07-seven.html": "<h1>Seven</h1><p>G</p>\n",
            "_posts/a/_b/2024-01-08-eight.md": "---\ntitle: Eight\n---\nH\n",
            "_posts/a/_2024-01-09-nine.md": "---\ntitle: Nine\n---\nI\n",
            "oldies/_posts/2024-01-10-ten.md": "---\ntitle: Ten\n---\nJ\n",
            "_posts/2024-01-11-eleven.md": "---\ntitle: Eleven\n---\nK\n",
        },
    )
    config = load_site(site)
    assert config.sources.folders == (site / "_posts",)
    items = _items(site)
    assert sorted(i["title"] for i in items.values()) == ["Eight", "One", "Seven"]
    assert "https://small.example/2024/01/07/seven.html" in items


def test_an_excluded_feeds_folder_needs_an_output(tmp_path):
    site = _site(tmp_path, "exclude: [feeds]\n", {"_posts/2024-01-01-a.md": "A\n"})
    with pytest.raises(ConfigError, match=r"_config.yml:3: exclude: leaves feeds/"):
        load_site(site)
    config = sitecheck.config_from(site, tmp_path, "output: public/feeds\n")
    assert config.output == tmp_path / "public" / "feeds"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("permalink: /:year/:bogus/\n", "_config.yml:3: permalink: permalink '/:year/:bogus/': Jekyll has no :bogus token"),
        ("timezone: Mars/Olympus\n", "_config.yml:3: timezone: unknown time zone"),
        ("collections_dir: my\n", "_config.yml:3: collections_dir: not supported"),
    ],
)  # fmt: skip
def test_settings_feedsmith_cannot_follow_name_their_line(tmp_path, settings, message):
    site = _site(tmp_path, settings, {"_posts/2024-01-01-a.md": "A\n"})
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_site(site)


def test_a_site_config_feedsmith_cannot_read_is_a_clear_error(tmp_path):
    site = _site(tmp_path, "", {"_posts/2024-01-01-a.md": "A\n"})
    (site / "_config.yml").write_text("title: x\nurl: [unclosed\n", encoding="utf-8")
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert "_config.yml" in result.stderr and "line 2" in result.stderr
    (site / "_config.yml").write_text("title: x\n", encoding="utf-8")
    result = run_main(tmp_path, "--site", str(site))
    assert result.returncode == 2
    assert "_config.yml:1: url: expected the site's absolute" in result.stderr


def test_a_date_jekyll_cannot_read_names_its_file_and_line(tmp_path):
    site = _copy(tmp_path)
    post = site / "_posts" / "2024-01-05-welcome.md"
    post.write_text("---\ntitle: Bad date\ndate: 2024-13-45\n---\nBody.\n")
    (site / "_posts" / "2024-02-30-no-such-day.md").write_text("Body.\n")
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "site/_posts/2024-01-05-welcome.md:3: date:" in result.stderr
    assert "2024-02-30-no-such-day.md: the file name's date" in result.stderr


def test_a_bad_permalink_in_a_post_names_its_line(tmp_path):
    site = _site(tmp_path, "", {
        "_posts/2024-01-01-a.md": "---\ntitle: A\npermalink: /:nope/\n---\nA\n",
    })  # fmt: skip
    with pytest.raises(SourceErrors) as caught:
        feeds(load_site(site), NOW)
    assert "2024-01-01-a.md:3: permalink: Jekyll has no :nope token" in str(
        caught.value.errors[0]
    )


def test_a_null_in_front_matter_keeps_the_defaults_value(tmp_path):
    """Jekyll merges front matter over ``defaults`` as it merges configs: an
    empty ``permalink:`` keeps the default's (measured: ``/dflt/one/``)."""
    site = _site(
        tmp_path,
        "defaults:\n  - scope: {path: ''}\n    values: {permalink: '/dflt/:title/'}\n",
        {"_posts/2024-01-01-one.md": "---\npermalink:\ntitle: One\n---\nA\n"},
    )
    assert list(_items(site)) == ["https://small.example/dflt/one/"]


# --- --explain and from_configs ---


def test_explain_shows_the_settings_the_rules_use(tmp_path):
    (tmp_path / "config.yaml").write_text(f"from: {SITE}\n", encoding="utf-8")
    result = run_main(tmp_path, "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout, "jekyll")
    config = SITE / "_config.yml"
    assert rows["permalink"] == ("pretty", f"{config}:12")
    assert rows["baseurl"] == ("/bench", f"{config}:5")
    assert rows["collections.posts.permalink"] == (
        STYLES["pretty"],
        "Jekyll's default (collections.posts.permalink unset)",
    )
    assert rows["future"] == ("false", "Jekyll's default (future unset)")
    assert rows["show_drafts"] == ("false", "Jekyll's default (show_drafts unset)")
    assert rows["exclude"] == ('["expected.json"]', f"{config}:32")
    assert rows["feed.path"] == ("feed.xml", "jekyll-feed's default (feed.path unset)")
    assert rows["defaults.0"][1] == f"{config}:22"
    assert "/recipes/:year/:i_month/" in rows["defaults.0"][0]
    assert rows["_data/authors.yml"][1] == f"{SITE / '_data' / 'authors.yml'}:1"
    assert "timezone" not in rows  # site.timezone shows it


PRODUCTION = (
    "url: https://www.example.com\n"
    "baseurl:\n"  # null: keeps _config.yml's /bench, as in Jekyll
    "permalink: /:year/:title/\n"
    "feed:\n"
    "  excerpt_only: true\n"  # merged into feed:, posts_limit stays
)


def _production(tmp_path: Path) -> Path:
    site = _copy(tmp_path)
    (site / "_config.production.yml").write_text(PRODUCTION, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "from: site\nfrom_configs: [_config.yml, _config.production.yml]\n",
        encoding="utf-8",
    )
    return site


def test_from_configs_merges_the_files_as_jekyll_build_config_does(tmp_path):
    """The real Jekyll, given the same two files (``--config a,b``), writes
    these links and ids (docs/profiles/jekyll.md, an experiment)."""
    site = _production(tmp_path)
    config = load_config(tmp_path / "config.yaml")
    assert config.site.url == "https://www.example.com/bench/"
    assert config.feeds.limit == 50 and config.feeds.content == "summary"
    assert config.site.timezone.key == "Europe/Berlin"
    items = sitecheck.items(config)
    welcome = items["https://www.example.com/bench/2024/welcome/"]
    assert welcome["id"] == "https://www.example.com/bench/2024/welcome"
    # a post under the defaults' own permalink keeps it, on the new host
    assert "https://www.example.com/bench/recipes/2024/9/9/pea-soup.html" in items
    assert len(items) == len(EXPECTED)
    production = site / "_config.production.yml"
    settings = config.profile.settings
    assert settings["site.url"][1] == f"{production}:1"
    assert settings["feeds.limit"][1] == f"{site / '_config.yml'}:19"
    assert settings["feeds.content"][1] == f"{production}:5"


def test_explain_names_the_file_each_setting_came_from(tmp_path):
    site = _production(tmp_path)
    result = run_main(tmp_path, "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout, "jekyll")
    assert rows["url"] == ("https://www.example.com", "site/_config.production.yml:1")
    assert rows["permalink"] == ("/:year/:title/", "site/_config.production.yml:3")
    assert rows["baseurl"] == ("/bench", "site/_config.yml:5")
    assert rows["feed.posts_limit"] == ("50", "site/_config.yml:19")
    assert "from_configs: " in result.stdout and site.is_dir()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("from: site\nfrom_configs: [_config.yml, _config.staging.yml]\n",
         r"site/_config.staging.yml: no such file; from_configs: names"),
        ("from: site\nfrom_configs: []\n", "from_configs: name at least one file"),
        ("from: site\nfrom_configs: [3]\n", "config.yaml: from_configs: expected"),
        ("from_configs: [_config.yml]\n", "config.yaml: from_configs: set from: too"),
        (f"from: {REPO / 'tests' / 'sites' / 'hugo'}\nfrom_configs: [hugo.toml]\n",
         "from_configs: only Jekyll reads a list of configs; .* is a hugo site"),
    ],
)  # fmt: skip
def test_from_configs_mistakes_are_config_errors(tmp_path, written, message):
    _copy(tmp_path)
    (tmp_path / "config.yaml").write_text(written, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path / "config.yaml")
