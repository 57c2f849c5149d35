"""The Pelican profile (``from:``, issue 12) against what Pelican 4.12.0 does.

The slug rows are the table of ``docs/profiles/pelican.md``, each measured
with the real Pelican; ``tests/sites/pelican/expected.json`` is Pelican's
own feed for the sample site. Decisions recorded in that page leave two of
its items out, each with a warning naming the file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sitecheck
from conftest import REPO, assert_no_traceback, run_cli, run_main, views_written

from feedsmith import feeds, load_config
from feedsmith.config import load_site
from feedsmith.errors import ConfigError, SkippedSource, SourceError
from feedsmith.readers import read as read_source
from feedsmith.sites.pelican import Untransliterable, slugify

SITE = REPO / "tests" / "sites" / "pelican"
EXPECTED = sitecheck.expected("pelican")
NOW = sitecheck.NOW
PARIS = timezone(timedelta(hours=1))  # only for dates that carry no zone here
# Items of Pelican's feed the documented decisions leave out, and why.
LEFT_OUT: dict[str, str] = {}  # .rst articles are read since issue 13

# Every row of the slug table in docs/profiles/pelican.md.
TITLES = [
    ("Hello, World!", "hello-world"),
    ("Café au lait & crème brûlée", "cafe-au-lait-creme-brulee"),
    ("Launch day 🚀 at last", "launch-day-at-last"),
    ("🎉🎉🎉", ""),
    ("10 Things About 3.14 & 2^10", "10-things-about-314-210"),
    (
        "What's new in v2.0? (Part 1/3) — “quoted” …",
        "whats-new-in-v20-part-13-quoted",
    ),
    ("   Spaces   around   the title   ", "spaces-around-the-title"),
    ("This Week in Rust 665", "this-week-in-rust-665"),
    ("Straße über Äpfel", "strasse-uber-apfel"),
    ("Tooling: cargo, clippy &amp; rustfmt", "tooling-cargo-clippy-rustfmt"),
    ("Survey readings, May", "survey-readings-may"),
    ("a_b--c  d", "a_b-c-d"),
    ("<em>Tagged</em> title", "tagged-title"),
    ("Ｆｕｌｌｗｉｄｔｈ ①②", "fullwidth-12"),  # noqa: RUF001
    ("ﬁne ligature", "fine-ligature"),
    ("Ελληνικά", "ellenika"),
    ("Привет мир", "privet-mir"),
    ("под_чёркивание", "pod_chiorkivanie"),
    ("한국어", "hangugeo"),
    ("naïve résumé", "naive-resume"),
    ("Ümlaut_ÄÖ", "umlaut_ao"),
    ("- dash -", "-dash-"),
    ("(-hi-)", "-hi-"),
    ("C++ & C#", "c-c"),
    ("x²", "x2"),
    ("1/2 ½", "12-12"),
    ("emoji 👍🏽 mid", "emoji-mid"),
    ("2024-01-05-hello", "2024-01-05-hello"),  # SLUGIFY_SOURCE = "basename"
    ("ラーメン", "ra-men"),
    ("a—b", "a-b"),
    ("5€ & ©2024", "5eur-c2024"),
    ("x ≠ y ★", "x-y"),
    ("Tiếng Việt", "tieng-viet"),
    ("1️⃣ 👨\u200d👩\u200d👧 🇫🇷", "1"),
    ("a &lt;b&gt; c", "a-b-c"),
    ("a <!-- c --> b", "a-b"),
    ("Łódź", "lodz"),
]
UNICODE_TITLES = [
    ("Café au lait & crème brûlée", "café-au-lait-crème-brûlée"),
    ("Ελληνικά", "ελληνικά"),
    ("Ｆｕｌｌ ①", "full-1"),  # noqa: RUF001
]
CASED_TITLES = [
    ("Hello, World!", "Hello-World"),
    ("Straße über Äpfel", "Strasse-uber-Apfel"),
]


@pytest.mark.parametrize(("title", "slug"), TITLES)
def test_slugify_is_pelicans(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize(("title", "slug"), UNICODE_TITLES)
def test_slugify_use_unicode(title, slug):
    assert slugify(title, use_unicode=True) == slug


@pytest.mark.parametrize(("title", "slug"), CASED_TITLES)
def test_slugify_preserve_case(title, slug):
    assert slugify(title, preserve_case=True) == slug


def test_what_the_tables_cannot_spell_unidecode_spells_as_in_pelican():
    assert slugify("日本語のタイトル") == "ri-ben-yu-notaitoru"  # Pelican's own
    assert slugify("Zhōngwén 中文") == "zhongwen-zhong-wen"
    assert slugify("日本語", use_unicode=True) == "日本語"  # no spelling needed


# Python with Unidecode hidden, as a user without feedsmith[pelican] has it.
WITHOUT_UNIDECODE = "import sys; sys.modules['unidecode'] = None; "


def test_without_unidecode_a_title_is_refused_not_guessed(tmp_path):
    check = (
        "from feedsmith.sites.pelican import Untransliterable, slugify\n"
        "try:\n    slugify('Zhōngwén 中文')\n"
        "except Untransliterable as exc:\n    print(exc.char)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_UNIDECODE + "exec(sys.argv[1])", check],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert run.stdout == "中\n"
    shutil.copytree(SITE, tmp_path / "site")
    build = (
        "from feedsmith.cli import main; sys.exit(main(['--site', 'site', '--quiet']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_UNIDECODE + build],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    line = next(x for x in result.stderr.splitlines() if "japanese.md" in x)
    assert line.startswith("site/content/blog/japanese.md:1: warning: skipped:")
    assert "'日' (U+65E5)" in line and "pip install 'feedsmith[pelican]'" in line
    assert "add a 'Slug:' line" in line


# --- the sample site ---


def test_the_site_settings_fill_every_key(tmp_path):
    config = sitecheck.config_from(SITE, tmp_path)
    assert config.site.url == "https://example.org/mining/"
    assert config.site.title == "Mining Notes"
    assert config.site.description == "Field notes from the lower galleries"
    assert config.site.language == "en"
    assert config.site.timezone.key == "Europe/Paris"
    assert config.site.author is not None and config.site.author.name == "Ada Miner"
    assert config.sources.folders == (SITE / "content",)
    assert config.output == SITE / "content" / "feeds"  # in STATIC_PATHS
    assert config.feeds.url == "https://example.org/mining/feeds/"
    assert (config.feeds.limit, config.feeds.future, config.feeds.tags) == (
        100,
        False,
        True,
    )
    assert config.profile is not None
    where = {key: source for key, (_, source) in config.profile.settings.items()}
    assert where["site.url"] == f"{SITE / 'publishconf.py'}:8"  # over pelicanconf
    assert where["site.timezone"] == f"{SITE / 'pelicanconf.py'}:9"
    assert where["feeds.limit"] == "Pelican's default (FEED_MAX_ITEMS unset)"
    rules = config.profile.rule_settings
    assert rules["ARTICLE_LANG_URL"] == (
        "{lang}/{date:%Y}/{slug}/",
        f"{SITE / 'pelicanconf.py'}:17",
    )


# Every Pelican setting the rules read, as --explain lists them.
RULE_SETTINGS = {
    "SITEURL", "RELATIVE_URLS", "ARTICLE_URL", "ARTICLE_LANG_URL", "DRAFT_URL",
    "DRAFT_LANG_URL", "DEFAULT_LANG", "SLUGIFY_SOURCE", "SLUGIFY_USE_UNICODE",
    "SLUGIFY_PRESERVE_CASE", "SLUG_REGEX_SUBSTITUTIONS",
    "CATEGORY_REGEX_SUBSTITUTIONS", "AUTHOR_REGEX_SUBSTITUTIONS",
    "FILENAME_METADATA", "PATH_METADATA", "EXTRA_PATH_METADATA",
    "DEFAULT_METADATA", "CATEGORY_SAVE_AS", "USE_FOLDER_AS_CATEGORY",
    "DEFAULT_CATEGORY", "DEFAULT_DATE", "PATH", "ARTICLE_PATHS", "PAGE_PATHS",
    "ARTICLE_EXCLUDES", "IGNORE_FILES", "STATIC_PATHS", "PLUGINS", "Unidecode",
}  # fmt: skip


def test_explain_names_where_each_rule_setting_was_read(tmp_path):
    shutil.copytree(SITE, tmp_path / "site")
    result = run_main(tmp_path, "--site", "site", "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout, "pelican")
    assert set(rows) == RULE_SETTINGS | {"never articles"}  # AUTHOR: no {author}
    # publishconf.py's value, over pelicanconf's SITEURL = ""
    assert rows["SITEURL"] == ("https://example.org/mining", "site/publishconf.py:8")
    assert rows["RELATIVE_URLS"] == ("false", "site/publishconf.py:9")
    assert rows["ARTICLE_URL"] == (
        "{category}/{date:%Y}/{date:%m}/{slug}/",
        "site/pelicanconf.py:15",
    )
    assert rows["PATH"] == ("content", "site/pelicanconf.py:8")
    assert rows["DRAFT_URL"] == (
        "drafts/{slug}.html",
        "Pelican's default (DRAFT_URL unset)",
    )
    assert rows["PLUGINS"] == ("null", "Pelican's default (PLUGINS unset)")
    assert rows["never articles"] == ('["/pages/", "/feeds/"]', "its content folder")
    assert not (tmp_path / "site" / "content" / "feeds").exists()  # nothing built


def test_config_yaml_overrides_the_site(tmp_path):
    config = sitecheck.config_from(
        SITE, tmp_path, "site:\n  title: Other\noutput: out\nfeeds:\n  limit: 3\n"
    )
    assert config.site.title == "Other"
    assert config.site.url == "https://example.org/mining/"
    assert config.output == tmp_path / "out"
    assert config.feeds.url == "https://example.org/mining/out/"
    assert config.feeds.limit == 3


def test_from_alone_gives_pelicans_links_ids_and_dates(tmp_path):
    config = sitecheck.config_from(SITE, tmp_path)
    output = feeds(config, NOW)
    items = sitecheck.items(config)
    sitecheck.assert_same(EXPECTED, items, LEFT_OUT)
    assert output.warnings == ()  # .rst articles too, links and tags resolved
    tags = {item["title"]: item.get("tags") for item in items.values()}
    assert tags["Café au lait & crème brûlée"] == ["kitchen", "breaks", "blog"]
    assert tags["This Week in Rust 665"] == ["Rust"]  # Category: beats the folder


def test_titles_are_as_pelicans_feed_shows_them(tmp_path):
    items = sitecheck.items(sitecheck.config_from(SITE, tmp_path))
    titles = {item["url"]: item["title"] for item in items.values()}
    assert titles == {
        e["link"]: e["title"] for e in EXPECTED if e["source"] not in LEFT_OUT
    }  # "Spaces around the title", collapsed; "&amp;" in <title> unescaped


# --- the settings files, read and never run ---


def _site(tmp_path: Path, pelicanconf: str, publishconf: str | None = None) -> Path:
    site = tmp_path / "site"
    (site / "content" / "blog").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(pelicanconf)
    if publishconf is not None:
        (site / "publishconf.py").write_text(textwrap.dedent(publishconf))
    return site


BASE = """\
SITEURL = "https://example.org"
SITENAME = "Notes"
TIMEZONE = "Europe/Paris"
STATIC_PATHS = ["feeds"]
"""


def test_publishconf_starts_from_pelicanconf_where_it_imports_it(tmp_path):
    site = _site(
        tmp_path,
        BASE + 'AUTHOR = "Ada"\nFEED_MAX_ITEMS = 5\n',
        """\
        import os, sys
        sys.path.append(os.curdir)
        FEED_MAX_ITEMS = 9  # before the import: pelicanconf's 5 wins
        from pelicanconf import *
        SITEURL = "https://example.org/blog/"
        THEME = os.path.join(os.curdir, "theme")  # not needed: ignored
        if os.environ.get("CI"):
            GOOGLE_ANALYTICS = "UA-1"  # not needed: unread
        """,
    )
    config = load_site(site)
    assert config.site.url == "https://example.org/blog/"  # publishconf's
    assert config.site.author is not None and config.site.author.name == "Ada"
    assert config.feeds.limit == 5
    assert config.profile is not None
    where = config.profile.settings
    assert where["site.url"][1] == f"{site / 'publishconf.py'}:5"
    assert where["feeds.limit"][1] == f"{site / 'pelicanconf.py'}:6"


@pytest.mark.parametrize(
    ("line", "setting", "key"),
    [
        ('SITENAME = os.environ["NAME"]', "SITENAME", "site.title"),
        ('TIMEZONE = f"Europe/{CITY}"', "TIMEZONE", "site.timezone"),
        ("FEED_MAX_ITEMS = 10 * 2", "FEED_MAX_ITEMS", "feeds.limit"),
        ("STATIC_PATHS = STATIC + ['feeds']", "STATIC_PATHS", "output:"),
    ],
)
def test_a_computed_setting_names_its_line_and_the_key_to_set(
    tmp_path, line, setting, key
):
    site = _site(tmp_path, BASE + "import os\n" + line + "\n")
    with pytest.raises(ConfigError) as caught:
        load_site(site)
    message = str(caught.value)
    assert message.startswith(f"{site / 'pelicanconf.py'}:6: {setting}: ")
    assert f"set {key}" in message
    given = {
        "site.title": "site:\n  title: Set here\n  description: And here\n",
        "site.timezone": "site:\n  timezone: UTC\n",
        "feeds.limit": "feeds:\n  limit: 4\n",
        "output:": "output: out\n",
    }[key]
    (tmp_path / "config.yaml").write_text(f"from: {site}\n{given}")
    load_config(tmp_path / "config.yaml")  # config.yaml stands in for it


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('ARTICLE_URL = "{slug}" + SUFFIX', "ARTICLE_URL: an expression"),
        ("PATH = os.path.join('x', 'content')", "PATH: a call"),
        ("SLUG_REGEX_SUBSTITUTIONS = [('[', '')]", "SLUG_REGEX_SUBSTITUTIONS: '['"),
        ('PLUGINS = ["i18n_subsites"]', "PLUGINS: 'i18n_subsites' may change"),
        ("from mysettings import *", "from mysettings import *: feedsmith cannot"),
    ],
)
def test_a_rule_feedsmith_cannot_read_is_refused(tmp_path, text, found):
    site = _site(tmp_path, BASE + text + "\n")
    with pytest.raises(ConfigError, match="pelicanconf.py:5: " + found.split(":")[0]):
        load_site(site)
    with pytest.raises(ConfigError) as caught:
        load_site(site)
    assert found in str(caught.value)


def test_the_feeds_go_where_pelican_copies_them(tmp_path):
    site = _site(tmp_path, BASE.replace('["feeds"]', '["images"]'))
    with pytest.raises(ConfigError) as caught:
        load_site(site)
    assert "STATIC_PATHS" in str(caught.value)
    assert "add 'feeds' to STATIC_PATHS" in str(caught.value)
    (tmp_path / "config.yaml").write_text(f"from: {site}\noutput: public/feeds\n")
    config = load_config(tmp_path / "config.yaml")
    assert config.feeds.url == "https://example.org/feeds/"
    clash = _site(tmp_path / "b", BASE + 'FEED_ATOM = "feeds/atom.xml"\n')
    with pytest.raises(ConfigError, match="FEED_ATOM: Pelican writes its own feed"):
        load_site(clash)


# --- rules the sample site does not show ---


def _placed(site: Path, relative: str, text: str, now: datetime = NOW):
    """The placement of one article written into ``site`` (through the reader)."""
    path = site / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    config = load_site(site)
    assert config.profile is not None
    doc = read_source(path)
    title = str(doc.meta.get("title", ""))
    return config.profile.place(
        path, doc.meta, title, config.site.timezone, doc.line_of
    )


def test_every_url_token(tmp_path):
    site = _site(
        tmp_path,
        BASE
        + 'AUTHOR = "Ada Miner"\n'
        + 'ARTICLE_URL = "{date:%Y}/{date:%d}/{author}/{lang}/{path}/{slug}.html"\n',
    )
    shutil.copy(SITE / "content" / "rust" / "tooling.html", site / "content")
    config = load_site(site)
    doc = read_source(site / "content" / "tooling.html")
    assert config.profile is not None
    place = config.profile.place(
        doc.path, doc.meta, doc.meta["title"], config.site.timezone, doc.line_of
    )
    # measured with Pelican (docs/profiles/pelican.md, URLs); here at the root
    assert place.link == (
        "https://example.org/2024/22/ada-miner/en/tooling.html/"
        "tooling-cargo-clippy-rustfmt.html"
    )
    assert place.id == (
        "tag:example.org,2024-05-22:/2024/22/ada-miner/en/tooling.html/"
        "tooling-cargo-clippy-rustfmt.html"
    )
    # {author} in ARTICLE_URL: the rules read AUTHOR, and --explain says so
    assert config.profile.rule_settings["AUTHOR"] == (
        "Ada Miner",
        f"{site / 'pelicanconf.py'}:5",
    )


def test_file_name_and_path_rules(tmp_path):
    site = _site(
        tmp_path,
        BASE
        + 'ARTICLE_URL = "{category}/{slug}/"\n'
        + "USE_FOLDER_AS_CATEGORY = False\n"
        + 'DEFAULT_CATEGORY = "Notes Misc"\n'
        + 'SLUGIFY_SOURCE = "basename"\n',
    )
    place = _placed(site, "blog/2024-01-05-hello.md", "Title: Hi\n\nBody.\n")
    assert place.link == "https://example.org/notes-misc/2024-01-05-hello/"
    assert place.published == datetime(2024, 1, 5, tzinfo=PARIS)
    named = _site(
        tmp_path / "b",
        BASE + 'FILENAME_METADATA = r"(?P<date>\\d{4}-\\d{2}-\\d{2})-(?P<slug>.*)"\n',
    )
    place = _placed(named, "blog/2024-01-05-Hello There.md", "Title: Hi\n\nBody.\n")
    assert place.link == "https://example.org/Hello%20There.html"  # kept as written
    assert place.id == "tag:example.org,2024-01-05:/Hello There.html"


def test_dates_pelican_reads_and_those_feedsmith_refuses(tmp_path):
    site = _site(tmp_path, BASE + 'DEFAULT_DATE = "2020-02-02 10:00"\n')
    text = "Title: Undated\n\nBody.\n"
    assert _placed(site, "a.md", text).published == datetime(
        2020, 2, 2, 10, tzinfo=PARIS
    )
    underscore = "Title: T\nDate: 2024-05-01_10:00\n\nBody.\n"
    assert _placed(site, "b.md", underscore).published.hour == 10
    with pytest.raises(SourceError, match="incomplete date") as caught:
        _placed(site, "c.md", "Title: Partial\nDate: 2024-03\n\nBody.\n")
    assert caught.value.line == 2
    plain = _site(tmp_path / "b", BASE)
    with pytest.raises(SkippedSource, match="no date"):
        _placed(plain, "a.md", text)
    from_files = _site(tmp_path / "c", BASE + 'DEFAULT_DATE = "fs"\n')
    with pytest.raises(SourceError, match=r"add the line 'Date: \d{4}-") as caught:
        _placed(from_files, "a.md", text)
    assert not isinstance(caught.value, SkippedSource)


def test_status_drafts_and_default_metadata(tmp_path):
    site = _site(tmp_path, BASE + 'DEFAULT_METADATA = {"status": "draft"}\n')
    dated = "Title: T\nDate: 2024-05-01\n"
    draft = _placed(site, "a.md", dated + "\nBody.\n")
    assert draft.draft and draft.link == "https://example.org/drafts/t.html"
    published = _placed(site, "b.md", dated + "Status: published\n\nBody.\n")
    assert not published.draft and published.link == "https://example.org/t.html"


# --- errors, as a user meets them ---


def test_a_site_setting_feedsmith_cannot_read_is_a_clear_error(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    settings = site / "publishconf.py"
    settings.write_text(
        settings.read_text().replace(
            'SITEURL = "https://example.org/mining"',
            'SITEURL = os.environ.get("SITEURL", "https://example.org")',
        )
    )
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert "site/publishconf.py:8: SITEURL" in result.stderr
    assert "a call" in result.stderr


def test_a_date_pelican_cannot_read_names_its_file_and_line(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content" / "blog" / "cafe.md").write_text(
        "Title: Bad date\nDate: 2024-13-45\n\nBody.\n"
    )
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "site/content/blog/cafe.md:2: date:" in result.stderr


# --- opt-in: the spelling tables against the real Unidecode ---


def test_transliteration_agrees_with_unidecode(tmp_path):
    """Every character feedsmith spells, spelt as Unidecode 1.4.0 does
    (after NFKC, as Pelican's slugify sees it). Runs the pinned Unidecode
    of tests/realtools/pelican.py."""
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip("runs the real Unidecode: set FEEDSMITH_REAL_TOOLS=1")
    import unicodedata

    from realtools import pelican as real

    from feedsmith.sites.pelican import transliterate

    chars = {}
    for point in [
        *range(0x80, 0xD800),
        *range(0xE000, 0x30000),
        *range(0xE0000, 0xE0080),
    ]:
        text = unicodedata.normalize("NFKC", chr(point))
        try:
            chars[text] = transliterate(text)
        except Untransliterable:
            continue
    assert len(chars) > 15_000
    (tmp_path / "chars.json").write_text(json.dumps(list(chars)))
    script = (
        "import json, sys; from unidecode import unidecode; "
        "print(json.dumps([unidecode(c) for c in json.load(open(sys.argv[1]))]))"
    )
    run = subprocess.run(
        [str(real.install()), "-c", script, str(tmp_path / "chars.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = dict(zip(chars, json.loads(run.stdout), strict=True))
    assert {c: s for c, s in chars.items() if theirs[c] != s} == {}


def test_an_empty_header_value_is_as_if_unset(tmp_path):
    """Measured with Pelican 4.12: ``Category:``, ``Slug:`` and ``Author:``
    left empty give the folder's category, the title's slug, AUTHOR."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content" / "blog" / "empty.md").write_text(
        "Title: Zero\nDate: 2024-02-01 10:00\nCategory: \nSlug: \nAuthor: \n\nBody.\n",
        encoding="utf-8",
    )
    items = sitecheck.items(load_site(site))
    zero = next(item for item in items.values() if item["title"] == "Zero")
    assert zero["url"] == "https://example.org/mining/blog/2024/02/zero/"


# --- the .html views feedsmith writes beside the feeds ---

MISREAD = (
    "Pelican would read the .html views in content/feeds as {kind}s; "
    "add 'feeds' to {upper}_EXCLUDES"
)


@pytest.mark.parametrize(
    ("text", "where", "kind"),
    [
        ("", "pelicanconf.py: ARTICLE_PATHS (unset)", "article"),
        (
            'ARTICLE_PATHS = ["", "blog"]\n',
            "pelicanconf.py:5: ARTICLE_PATHS",
            "article",
        ),
        (
            'ARTICLE_PATHS = ["blog"]\nPAGE_PATHS = ["pages", "feeds"]\n',
            "pelicanconf.py:6: PAGE_PATHS",
            "page",
        ),
    ],
)
def test_the_views_are_off_where_pelican_would_read_them(tmp_path, text, where, kind):
    """Pelican reads every .html file under ARTICLE_PATHS (or PAGE_PATHS):
    feeds/index.html is no article, so it logs an error and publishes none."""
    site = _site(tmp_path, BASE + text)
    config = load_site(site)
    assert (config.feeds.index, config.feeds.discovery) == (False, False)
    assert config.profile is not None
    why = MISREAD.format(kind=kind, upper=kind.upper())
    assert config.profile.settings["feeds.index"] == (False, f"{site}/{where}: {why}")
    assert config.profile.settings["feeds.discovery"][1] == f"{site}/{where}: {why}"
    result = run_main(tmp_path, "--site", "site", "--explain")
    assert result.returncode == 0, result.stderr
    rows = [line.split("  # ") for line in result.stdout.splitlines()]
    shown = {value.strip(): where for value, where in rows}
    assert shown["feeds.index: false"] == f"{site}/{where}: {why}"
    assert shown["feeds.discovery: false"] == f"{site}/{where}: {why}"


@pytest.mark.parametrize(
    "text",
    [
        'ARTICLE_EXCLUDES = ["feeds"]\n',  # as the README says
        'READERS = {"html": None}\n',
        'ARTICLE_PATHS = ["blog"]\n',
        'IGNORE_FILES = [".*", "*.html"]\n',
    ],
)
def test_the_views_stay_on_where_pelican_reads_no_page_in_feeds(tmp_path, text):
    config = load_site(_site(tmp_path, BASE + text))
    assert (config.feeds.index, config.feeds.discovery) == (True, True)
    assert config.profile is not None
    assert not {"feeds.index", "feeds.discovery"} & set(config.profile.settings)


def test_config_yaml_turns_the_views_back_on(tmp_path):
    site = _site(tmp_path, BASE)
    config = sitecheck.config_from(site, tmp_path, "feeds:\n  index: true\n")
    assert (config.feeds.index, config.feeds.discovery) == (True, False)


def test_a_build_writes_the_views_only_where_pelican_leaves_them_be(tmp_path):
    """As a user runs it: ``--site`` on a site Pelican would misread writes
    the feeds without index.html and discovery.html; with ARTICLE_EXCLUDES
    it writes them too."""
    post = "Title: First\nDate: 2024-03-05 10:00\nTags: geology\n\nHello.\n"
    for name, text in (("misread", ""), ("excluded", 'ARTICLE_EXCLUDES = ["feeds"]\n')):
        site = _site(tmp_path / name, BASE + text + "FEED_ALL_ATOM = None\n")
        (site / "content" / "blog" / "first.md").write_text(post, encoding="utf-8")
        run = run_cli(site, "--site", str(site), timeout=60)
        assert run.returncode == 0, run.stderr
        assert (site / "content/feeds/rss.xml").is_file()
        written = views_written(site / "content/feeds", "geology")
        assert written == [name == "excluded"] * 3, name
