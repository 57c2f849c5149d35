"""The mkdocs-material blog profile (``from:``, issue 12) against what
mkdocs-material 9.8.2 and mkdocs-rss-plugin 1.19.0 do.

The slug and date rows are the tables of ``docs/profiles/mkdocs.md``, each
measured with the pinned tools; ``tests/sites/mkdocs/expected.json`` is the
rss plugin's feed of the sample site, every item of which feedsmith writes:
``future-published.md`` too, dated 2099 with ``draft: false``, which the
blog lists at once although ``draft_if_future_date`` hides later posts.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sitecheck
from conftest import REPO, assert_no_traceback, run_cli, run_main

import feedsmith.files
from feedsmith import feeds, load_config, publish
from feedsmith.config import load_site
from feedsmith.errors import ConfigError, SourceErrors
from feedsmith.sites.mkdocs.cldr import PREDEFINED, date_tokens, format_date
from feedsmith.sites.mkdocs.slugs import pymdownx_slug, toc_slug

SITE = REPO / "tests" / "sites" / "mkdocs"
EXPECTED = sitecheck.expected("mkdocs")
NOW = sitecheck.NOW  # the build clock the real-tool test fixes
# Items of the rss plugin's feed the documented decisions leave out: none.
LEFT_OUT: dict[str, str] = {}

# pymdown-extensions' slugify(case="lower"), the blog's default.
SLUGS = [
    ("Hello, World!", "hello-world"),
    ("Café au lait & crème brûlée", "café-au-lait--crème-brûlée"),
    ("日本語のタイトル", "日本語のタイトル"),
    ("Launch day 🚀 at last", "launch-day--at-last"),
    ("🎉🎉🎉", ""),
    ("10 Things About 3.14 & 2^10", "10-things-about-314--210"),
    (
        "What's new in v2.0? (Part 1/3) — “quoted” …",
        "whats-new-in-v20-part-13--quoted-",
    ),
    ("   Spaces   around   the title   ", "spaces---around---the-title"),
    ("Ümlaut_ÄÖ Straße -- A - B  C !", "ümlaut_äö-straße----a---b--c-"),
    ("Nested <em>folder</em> post", "nested-folder-post"),
    ("My file name", "my-file-name"),
    ("Café Talk", "café-talk"),
    ("a_b--c  d", "a_b--c--d"),
    ("Ｆｕｌｌｗｉｄｔｈ ①②", "ｆｕｌｌｗｉｄｔｈ-①②"),  # noqa: RUF001
    ("ﬁne ligature", "ﬁne-ligature"),
    ("Ελληνικά", "ελληνικά"),
    ("ΣΊΣΥΦΟΣ", "σίσυφος"),
    ("Привет мир", "привет-мир"),
    ("한국어", "한국어"),
    ("naïve résumé", "naïve-résumé"),
    ("e\u0301", "é"),
    ("İstanbul", "istanbul"),
    ("C++ & C#", "c--c"),
    ("x²", "x²"),
    ("1/2 ½", "12-½"),
    ("emoji 👍🏽 mid", "emoji--mid"),
    ("tab\there", "tabhere"),
    ("x\u00a0nbsp", "xnbsp"),
    ("- dash -", "--dash--"),
    ("Hello !", "hello-"),
    ("3 < 4 > 2", "3--2"),
]
# Other slug functions a mkdocs.yml names: (title, function, slug).
OTHER_SLUGS = [
    ("Café au lait & crème brûlée", "toc", "cafe-au-lait-creme-brulee"),
    ("Café au lait & crème brûlée", "toc_unicode", "café-au-lait-crème-brûlée"),
    ("日本語のタイトル", "toc", ""),
    ("   Spaces   around   the title   ", "toc", "spaces-around-the-title"),
    ("Ümlaut_ÄÖ Straße -- A - B  C !", "toc", "umlaut_ao-strae-a-b-c"),
    ("Nested <em>folder</em> post", "toc", "nested-emfolderem-post"),
    ("Ｆｕｌｌｗｉｄｔｈ ①②", "toc", "fullwidth-12"),  # noqa: RUF001
    ("x²", "toc", "x2"),
    ("Hello !", "toc", "hello"),
    ("a_b--c  d", "toc_under", "a_b--c_d"),
    ("Ümlaut_ÄÖ Straße -- A - B  C !", "toc_under", "umlaut_ao_strae_--_a_-_b_c"),
    ("ΣΊΣΥΦΟΣ", "fold", "σίσυφοσ"),
    ("Ümlaut_ÄÖ Straße -- A - B  C !", "fold", "ümlaut_äö-strasse----a---b--c-"),
    ("ÀÉÎ mixed Case", "lower-ascii", "ÀÉÎ-mixed-case"),
    ("Ελληνικά", "none", "Ελληνικά"),
    ("naïve résumé", "nfkd", "naive-resume"),
    ("x\u00a0nbsp", "nfkd", "x-nbsp"),
    ("Café Talk", "percent", "caf%C3%A9-talk"),
    ("a_b--c  d", "under", "a_b--c__d"),
]
FUNCTIONS = {
    "toc": lambda t: toc_slug(t),
    "toc_unicode": lambda t: toc_slug(t, unicode=True),
    "toc_under": lambda t: toc_slug(t, "_"),
    "fold": lambda t: pymdownx_slug(t, case="fold"),
    "lower-ascii": lambda t: pymdownx_slug(t, case="lower-ascii"),
    "none": lambda t: pymdownx_slug(t, case="none"),
    "nfkd": lambda t: pymdownx_slug(t, normalize="NFKD"),
    "percent": lambda t: pymdownx_slug(t, percent_encode=True),
    "under": lambda t: pymdownx_slug(t, "_"),
}
# post_url_date_format as Babel writes it (theme.language: en).
MOMENT = datetime.fromisoformat("2026-12-31T23:59:01-04:00")
DATES = [
    ("yyyy/MM/dd", "2026/12/31"),
    ("yyyy/MMMM", "2026/December"),
    ("yy-M-d EEEE", "26-12-31 Thursday"),
    ("y 'o''clock' h:mm a", "2026 o'clock 11:59 PM"),
    ("yyyy'-'MM'x'''dd", "2026-12x'31"),
    ("'unclosed yyyy", ""),
    ("MMMMM/EEEEEE/QQQ/QQQQ/G", "D/Th/Q4/4th quarter/AD"),
    ("yyyyy.D.F.kk.KK", "02026.365.5.23.11"),
    ("long", "December 31, 2026"),
    ("short", "12/31/26"),
]


@pytest.mark.parametrize(("title", "slug"), SLUGS)
def test_the_default_slug_is_pymdown_extensions(title, slug):
    assert pymdownx_slug(title) == slug


@pytest.mark.parametrize(("title", "function", "slug"), OTHER_SLUGS)
def test_other_slug_functions(title, function, slug):
    assert FUNCTIONS[function](title) == slug


@pytest.mark.parametrize(("pattern", "text"), DATES)
def test_dates_in_urls_as_babel_writes_them(pattern, text):
    assert format_date(MOMENT, date_tokens(PREDEFINED.get(pattern, pattern))) == text


def _config(tmp_path: Path, extra: str = ""):
    return sitecheck.config_from(SITE, tmp_path, extra)


def test_the_site_config_fills_every_key(tmp_path):
    config = _config(tmp_path)
    assert config.site.url == "https://example.org/mining/"
    assert config.site.title == "Mining Notes"
    assert config.site.description == "Field notes from a small mine"
    assert config.site.language == "en"
    assert config.site.author is not None and config.site.author.name == "Ada Miner"
    assert config.sources.folders == (SITE / "docs" / "blog" / "posts",)
    assert config.output == SITE / "docs" / "feeds"
    assert config.feeds.url == "https://example.org/mining/feeds/"
    assert (config.feeds.limit, config.feeds.future) == (20, False)
    assert config.profile is not None
    settings = config.profile.settings
    yml = SITE / "mkdocs.yml"
    assert settings["site.url"][1] == f"{yml}:5"
    assert settings["site.language"][1] == f"{yml}:12"
    assert settings["feeds.future"][1] == f"{yml}:17"
    assert settings["feeds.limit"][1] == "mkdocs-rss-plugin's default length"


def test_from_alone_gives_the_tools_links_ids_and_dates(tmp_path):
    config = _config(tmp_path)
    output = feeds(config, NOW)
    items = sitecheck.items(config, NOW)
    sitecheck.assert_same(EXPECTED, items, LEFT_OUT)
    # Listed before its date, as the blog does, though feeds.future is off.
    assert EXPECTED[0]["source"].endswith("future-published.md")
    assert EXPECTED[0]["link"] in items
    assert not output.warnings
    cafe = items[EXPECTED[-2]["link"]]
    assert cafe["authors"] == [{"name": "Ada Miner"}]
    assert cafe["tags"] == ["Café Talk"]
    # The summary ends at the rss plugin's abstract_delimiter, <!-- more -->.
    hello = items[EXPECTED[-1]["link"]]
    assert hello["summary"] == "The first note: the mine opens its notebook."


def test_explain_names_the_blog_settings_the_rules_read(tmp_path):
    (tmp_path / "config.yaml").write_text(f"from: {SITE}\n", encoding="utf-8")
    result = run_main(tmp_path, "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout, "mkdocs")
    yml = SITE / "mkdocs.yml"
    assert rows["blog.post_url_format"] == ("{categories}/{date}/{slug}", f"{yml}:16")
    assert rows["blog.draft_if_future_date"] == ("true", f"{yml}:17")
    assert rows["rss.match_path"] == ("blog/posts/.*", f"{yml}:19")
    assert rows["rss.date_from_meta.default_timezone"] == ("Europe/Paris", f"{yml}:24")
    assert rows["blog.post_dir"] == (
        "blog/posts",
        "mkdocs' default (blog.post_dir unset)",
    )
    assert rows["blog.post_slugify"] == (
        "pymdownx.slugs.slugify(case=lower, normalize=NFC, percent_encode=false)",
        "mkdocs' default (blog.post_slugify unset)",
    )
    assert rows["use_directory_urls"] == (
        "true",
        "mkdocs' default (use_directory_urls unset)",
    )
    assert rows["blog.authors_file"][0] == "blog/.authors.yml"
    assert rows["never articles"] == ("[]", "its content folder")


def test_explain_names_slugify_keywords_and_exclusions(tmp_path):
    root = _site(
        tmp_path,
        "use_directory_urls: false\n"
        "exclude_docs: |\n  /blog/posts/old/\n"
        "plugins:\n  - blog:\n"
        "      post_slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "        kwds: {case: fold, percent_encode: true}\n"
        "      post_slugify_separator: _\n",
        {"blog/posts/a.md": _post("A")},
    )
    result = run_main(tmp_path, "--site", str(root), "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout, "mkdocs")
    yml = "site/mkdocs.yml"  # below the current folder
    assert rows["blog.post_slugify"] == (
        "pymdownx.slugs.slugify(case=fold, normalize=NFC, percent_encode=true)",
        f"{yml}:9",
    )
    assert rows["blog.post_slugify_separator"] == ("_", f"{yml}:11")
    assert rows["use_directory_urls"] == ("false", f"{yml}:4")
    assert rows["exclude_docs"] == ('["/blog/posts/old/"]', f"{yml}:5")
    assert "rss.match_path" not in rows  # no rss plugin


# --- rules the sample site does not show, on small sites ---

TOP = "site_name: S\nsite_url: https://x.org/base\nsite_description: D\n"


def _site(tmp_path: Path, config: str, posts: dict[str, str]) -> Path:
    root = tmp_path / "site"
    (root / "docs" / "blog" / "posts").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(TOP + config, encoding="utf-8")
    for name, text in posts.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _items(root: Path) -> list[dict]:
    config = load_site(root)
    output = feeds(config, NOW).files[config.output / "feed.json"]
    return json.loads(output)["items"]


POST = "---\ndate: {date}\n{more}---\n\n# {title}\n\nBody.\n"


def _post(title: str, date: str = "2024-05-28", more: str = "") -> str:
    return POST.format(title=title, date=date, more=more)


def test_url_formats_slug_functions_and_file_urls(tmp_path):
    root = _site(
        tmp_path,
        "use_directory_urls: false\n"
        "plugins:\n  - blog:\n"
        "      post_url_format: '{date}/{file}/{slug}'\n"
        "      post_url_date_format: yyyy/MMMM\n"
        "      post_slugify: !!python/name:markdown.extensions.toc.slugify\n"
        "      post_slugify_separator: _\n",
        {"blog/posts/2024/nested.md": _post("Crème <em>brûlée</em>")},
    )
    assert [item["url"] for item in _items(root)] == [
        "https://x.org/base/blog/2024/May/nested/creme_embruleeem.html"
    ]


def test_python_tags_are_read_never_run(tmp_path):
    marker = tmp_path / "ran"
    root = _site(
        tmp_path,
        f"markdown_extensions:\n  - x: !!python/object/apply:os.system ['touch {marker}']\n"
        "hooks: [!ENV HOOK]\n"
        "plugins:\n  - blog:\n"
        "      post_slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "        kwds: {case: lower, percent_encode: true}\n",
        {"blog/posts/a.md": _post("Café")},
    )
    assert [item["url"] for item in _items(root)] == [
        "https://x.org/base/blog/2024/05/28/caf%25C3%25A9/"
    ]
    assert not marker.exists()


def test_rss_dates_authors_and_drafts(tmp_path):
    root = _site(
        tmp_path,
        "plugins:\n  - blog: {draft: true}\n  - rss:\n      use_git: false\n"
        "      date_from_meta: {as_creation: date, default_timezone: "
        "Europe/Paris, default_time: '09:00'}\n",
        {
            "blog/posts/day.md": _post("Day", more="authors: [ada]\n"),
            "blog/posts/naive.md": _post("Naive", "2024-05-29 23:30:00"),
            "blog/posts/mapping.md": _post("Mapping", "{created: 2024-05-30}"),
            "blog/posts/draft.md": _post("Draft", more="draft: yes\n"),
            "blog/posts/future.md": _post("Future", "2099-01-01"),
            "blog/.authors.yml": "authors:\n  ada:\n    name: Ada\n"
            "    email: ada@x.org\n",
        },
    )
    found = {item["title"]: item for item in _items(root)}
    assert sorted(found) == ["Day", "Future", "Mapping", "Naive"]
    assert found["Day"]["date_published"] == "2024-05-28T09:00:00+02:00"
    assert found["Day"]["authors"] == [{"name": "Ada", "url": "mailto:ada@x.org"}]
    # A date with a time but no offset: Paris for the feed, UTC for the URL.
    assert found["Naive"]["date_published"] == "2024-05-29T23:30:00+02:00"
    assert found["Naive"]["url"] == "https://x.org/base/blog/2024/05/29/naive/"
    # The plugin finds no 'date' it reads in a mapping: its own date.
    assert found["Mapping"]["date_published"] == "2024-05-30T00:00:00+00:00"


def test_draft_false_lists_a_post_before_its_date(tmp_path, monkeypatch):
    """Under draft_if_future_date a later post is a draft, unless it says
    draft: false; its date still moves the feed's own date, so a build
    made before it is stale from then on."""
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # let the engine reuse builds
    root = _site(
        tmp_path,
        "plugins:\n  - blog: {draft_if_future_date: true}\n",
        {
            "blog/posts/now.md": _post("Now"),
            "blog/posts/early.md": _post("Early", "2099-02-01", "draft: false\n"),
            "blog/posts/hidden.md": _post("Hidden", "2099-03-01"),
        },
    )
    config = load_site(root)
    assert not config.feeds.future
    assert [item["title"] for item in _items(root)] == ["Early", "Now"]
    first = publish(config, NOW)
    assert publish(config, NOW).reused == len(first.feeds)  # the build holds
    before = datetime(2099, 1, 31, tzinfo=UTC)
    assert publish(config, before).reused == len(first.feeds)  # until its date
    for moment, updated in (
        (before, "2024-05-28"),
        (datetime(2099, 2, 2, tzinfo=UTC), "2099-02-01"),
    ):
        report = publish(config, moment)
        expected = feeds(config, moment).files
        assert {p: p.read_bytes() for p in expected} == expected
        feed = ET.fromstring((config.output / "atom.xml").read_bytes())
        date = feed.findtext("{http://www.w3.org/2005/Atom}updated") or ""
        assert date.startswith(updated)
        titles = feed.findall("{http://www.w3.org/2005/Atom}entry/{*}title")
        assert [t.text for t in titles] == ["Early", "Now"]
    assert report.written > 0  # the early post's date woke a rebuild


def test_what_is_not_a_post(tmp_path):
    root = _site(
        tmp_path,
        "exclude_docs: |\n  /blog/posts/old/\n  *.tmp.md\n  /about/\n"
        "plugins:\n  - blog\n  - rss: {match_path: 'blog/posts/[a-m].*'}\n",
        {
            "index.md": _post("Home"),
            "blog/index.md": _post("Blog"),
            "blog/posts/kept.md": _post("Kept"),
            "blog/posts/old/gone.md": _post("Old"),
            "blog/posts/x.tmp.md": _post("Tmp"),
            "blog/posts/zz.md": _post("Not matched"),
            "blog/posts/notes.txt": "A text file.\n",
        },
    )
    config = load_site(root)
    output = feeds(config, NOW)
    titles = [
        item["title"]
        for item in json.loads(output.files[config.output / "feed.json"])["items"]
    ]
    assert titles == ["Kept"]
    assert output.warnings == ()  # zz.md: the rss plugin's match_path leaves it out


def test_inherit_and_the_files_it_names(tmp_path):
    root = _site(
        tmp_path,
        "INHERIT: base.yml\nplugins: [blog]\n",
        {"blog/posts/a.md": _post("A")},
    )
    (root / "base.yml").write_text("theme:\n  name: material\n  language: en\n")
    config = load_site(root)
    assert config.profile is not None
    assert config.profile.settings["site.language"][1] == f"{root / 'base.yml'}:3"


@pytest.mark.parametrize(
    ("plugins", "problem"),
    [
        ("[search]", "mkdocs.yml:4: the blog plugin is not enabled"),
        ("[{blog: {enabled: !ENV [CI, false]}}]", "mkdocs.yml:4: plugins.blog.enabled"),
        (
            "\n  - blog:\n      post_slugify: !!python/name:my.slugify",
            "cannot run !!python/name:my.slugify;",
        ),
        ("[{blog: {post_url_format: '{title}'}}]", "unknown placeholder {title}"),
        ("[{blog: {post_url_date_format: yyyy/ww}}]", "the field ww needs locale"),
    ],
)
def test_settings_feedsmith_cannot_read_name_their_line(tmp_path, plugins, problem):
    root = _site(tmp_path, f"plugins: {plugins}\n", {})
    with pytest.raises(ConfigError, match=problem.replace("{", r"\{")):
        load_site(root)


def test_a_value_from_the_environment_is_asked_of_config_yaml(tmp_path):
    root = _site(tmp_path, "site_author: !ENV AUTHOR\nplugins: [blog]\n", {})
    with pytest.raises(ConfigError, match=r"mkdocs.yml:4: site_author: !ENV is kno"):
        load_site(root)
    (root / "config.yaml").write_text(f"from: {root}\nsite:\n  author: Ada\n")
    assert load_config(root / "config.yaml").site.author.name == "Ada"


def test_month_names_are_known_in_english_only(tmp_path):
    theme = "theme: {name: material, language: fr}\n"
    root = _site(
        tmp_path, theme + "plugins:\n  - blog: {post_url_date_format: MMMM}\n", {}
    )
    with pytest.raises(
        ConfigError, match=r"mkdocs.yml:6: post_url_date_format: .*English"
    ):
        load_site(root)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("site_name: [unclosed\n", "mkdocs.yml:2"),
        ("plugins: [search]\n", "mkdocs.yml:1"),
    ],
)
def test_a_mkdocs_config_feedsmith_cannot_read_is_a_clear_error(tmp_path, text, where):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(text)
    result = run_cli(tmp_path, "--site", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert where in result.stderr


def test_a_date_the_blog_cannot_read_names_its_file_and_line(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    post = site / "docs" / "blog" / "posts" / "cafe.md"
    post.write_text(
        "---\ntitle: Bad\ncategories: [A]\ndate:\n  created: 2024-13-45\n---\n"
    )
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "site/docs/blog/posts/cafe.md:4: date: created:" in result.stderr


@pytest.mark.parametrize(
    ("more", "problem"),
    [
        ("authors: [nobody]\n", ":4: authors: 'nobody' is not in"),
        ("draft: maybe\n", ":4: draft: expected true or false"),
        ("categories: News\n", ":4: categories: expected a list"),
        ("slug: 12\n", ":4: slug: expected text"),
    ],
)
def test_front_matter_the_blog_refuses(tmp_path, more, problem):
    root = _site(
        tmp_path,
        "plugins: [blog]\n",
        {"blog/posts/a.md": _post("A", more="x: 1\n" + more)},
    )
    assert problem in _errors(root)
    (root / "docs/blog/posts/a.md").write_text("---\ndate: [2024-01-01]\n---\n")
    assert "a.md:2: date: expected a date" in _errors(root)


def test_a_list_of_updated_dates_is_refused_as_the_blog_does(tmp_path):
    posts = {
        "blog/posts/a.md": _post("A", "{created: 2024-01-01, updated: [2024-02-01]}")
    }
    root = _site(tmp_path, "plugins: [blog]\n", posts)
    assert "a.md:2: date: updated: expected a date" in _errors(root)


def _errors(root: Path) -> str:
    with pytest.raises(SourceErrors) as raised:
        feeds(load_site(root), NOW)
    return "\n".join(map(str, raised.value.errors))
