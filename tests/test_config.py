import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import BASIC_CONFIG, assert_no_traceback, run_cli

from feedsmith import ConfigError, load_config
from feedsmith.model import Author


def test_defaults_follow_design(site):
    config = site.load()
    assert config.site.url == "https://example.org/blog/"
    assert config.site.timezone == ZoneInfo("UTC")
    assert config.site.language is None and config.site.author is None
    assert config.sources.folders == (site.root / "sources",)
    assert config.sources.include == ()
    assert "_drafts/" in config.sources.exclude and ".*" in config.sources.exclude
    assert config.sources.encoding == "utf-8"
    assert config.sources.accept_shallow_clone is False
    assert config.feeds.future is False
    assert config.text.title_cleanup is None
    assert config.output == site.root / "feeds"
    assert config.permalink == "/{year}/{month}/{slug}/"
    assert config.feeds.url == "https://example.org/blog/feeds/"
    assert config.feeds.formats == ("rss", "atom", "json")
    assert config.feeds.limit == 20
    assert config.feeds.content == "full"
    assert config.feeds.tags is True
    assert config.sources.max_bytes == 10_000_000
    assert config.content.sanitize is True
    assert config.content.max_bytes == 1_000_000
    assert config.cache == site.root / ".feedsmith-cache"


def test_a_section_left_empty_takes_its_defaults(site):
    site.config(
        """\
        site: {title: T, url: https://e.org, description: D}
        sources:
        feeds:
        content: {max_bytes: null}
        """
    )
    config = site.load()
    assert config.sources.folders == (site.root / "sources",)
    assert config.feeds.limit == 20
    assert config.content.max_bytes == 1_000_000


@pytest.mark.parametrize(
    ("sources", "folders"),
    [("posts", ("posts",)), ("[posts, notes]", ("posts", "notes"))],
)
def test_sources_may_name_its_folders_alone(site, sources, folders):
    """``sources: posts`` and ``sources: [posts, notes]`` set sources.folders."""
    site.config(BASIC_CONFIG + f"sources: {sources}\n")
    config = site.load()
    assert config.sources.folders == tuple(site.root / f for f in folders)
    assert config.sources.include == () and config.sources.encoding == "utf-8"


def test_every_key_is_read(site):
    site.config(
        """\
        site:
          title: T
          url: https://e.org
          description: D
          language: de-CH
          author: {name: Ada, email: ada@e.org}
          timezone: Europe/Zurich
        sources:
          folders: [posts, notes]
          include: ["*.md"]
          exclude: [old/]
          encoding: cp1252
          accept_shallow_clone: true
        output: public/feeds
        permalink: /{year}/{month}/{day}/{slug}.html
        feeds:
          url: https://cdn.e.org/f
          formats: [json]
          limit: 5
          content: summary
          tags: false
          future: true
        text:
          title_cleanup: ' - Gazette$'
        """
    )
    config = site.load()
    assert config.site.url == "https://e.org/"
    assert config.site.author == Author("Ada", "ada@e.org")
    assert config.site.language == "de-CH"
    assert config.sources.folders == (site.root / "posts", site.root / "notes")
    assert config.sources.include == ("*.md",)
    assert config.sources.exclude[-1] == "old/"
    assert config.sources.encoding == "cp1252"
    assert config.sources.accept_shallow_clone is True
    assert config.feeds.future is True
    assert config.text.title_cleanup.sub("", "News - Gazette") == "News"
    assert config.output == site.root / "public" / "feeds"
    assert config.feeds.url == "https://cdn.e.org/f/"
    assert config.feeds.formats == ("json",)
    assert (config.feeds.limit, config.feeds.content, config.feeds.tags) == (
        5,
        "summary",
        False,
    )


def test_paths_are_relative_to_the_config_file(site, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(Path("..") / "config.yaml")
    assert config.sources.folders[0].resolve() == (site.root / "sources").resolve()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "site: {title: T, url: example.org, description: D}",
            "config.yaml: site.url: must be an absolute http(s) URL, got 'example.org'",
        ),
        (
            "site: {title: T, url: https://e.org, descripton: D}",
            "config.yaml: site.descripton: unknown key; did you mean site.description?",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\nfeed: {}",
            "config.yaml: feed: unknown key; did you mean feeds?",
        ),
        (
            "site: {title: T, url: https://e.org}",
            "config.yaml: site.description: required key is missing",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\nfeeds: {limit: ten}",
            "config.yaml: feeds.limit: expected a positive whole number, got 'ten'",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "feeds: {formats: [rss, xml]}",
            "config.yaml: feeds.formats: unknown format 'xml'; "
            "choose from rss, atom, json",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "feeds: {formats: [[rss]]}",
            "config.yaml: feeds.formats: unknown format ['rss']",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "feeds: {content: all}",
            "config.yaml: feeds.content: expected full or summary, got 'all'",
        ),
        (
            "site: {title: T, url: https://e.org, description: D, timezone: Mars/Base}",
            "config.yaml: site.timezone: unknown time zone 'Mars/Base'",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "permalink: /{year}/{title}/",
            "config.yaml: permalink: unknown placeholder {title}",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\npermalink: /{year}/",
            "config.yaml: permalink: must contain {slug}",
        ),
        ("site: [1, 2]", "config.yaml: site: expected a mapping"),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "sources: {folder: x}",
            "config.yaml: sources.folder: unknown key; did you mean sources.folders?",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "sources: {accept_shallow_clones: true}",
            "config.yaml: sources.accept_shallow_clones: unknown key; "
            "did you mean sources.accept_shallow_clone?",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "sources: {accept_shallow_clone: 'yes'}",
            "config.yaml: sources.accept_shallow_clone: expected true or false, "
            "got 'yes'",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "feeds: {stylesheet: none}",
            "config.yaml: feeds.stylesheet: expected true, css or false, got 'none'",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "sources: {encoding: klingon}",
            "config.yaml: sources.encoding: unknown encoding 'klingon'; "
            "for example utf-8, cp1252",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "sources: {max_bytes: 0}",
            "config.yaml: sources.max_bytes: expected a positive whole number, got 0",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\nsources: 5",
            "config.yaml: sources: expected a name or a list of names, got 5",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\nsources: [a, '']",
            "config.yaml: sources: expected a name or a list of names",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "content: {max_bytes: -1}",
            "config.yaml: content.max_bytes: expected a positive whole number, got -1",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\nfeeds: 3",
            "config.yaml: feeds: expected a mapping, got 3",
        ),
        (
            "site: {title: T, url: https://e.org, description: D}\n"
            "text: {title_cleanup: '(unclosed'}",
            "config.yaml: text.title_cleanup: not a valid regular expression",
        ),
        ("- just a list", "config.yaml: expected a mapping of settings"),
        ("site: {title: [unclosed", "config.yaml:2: invalid YAML"),
    ],
)
def test_config_errors_name_the_key(site, body, message):
    site.config(body)
    with pytest.raises(ConfigError) as caught:
        site.load()
    assert message in str(caught.value)


def test_all_problems_are_reported_together(site):
    site.config("site: {url: nope}\nlimit: 3\n")
    with pytest.raises(ConfigError) as caught:
        site.load()
    lines = str(caught.value).splitlines()
    assert "config.yaml: limit: unknown key" in lines
    assert any("site.url: must be an absolute" in line for line in lines)
    assert any("site.title: required key is missing" in line for line in lines)
    assert any("site.description: required key is missing" in line for line in lines)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_python_object_tags_are_refused(site):
    site.config("site: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        site.load()


def test_config_that_is_a_pipe_is_refused_not_waited_on(site):
    """``--config`` naming a FIFO with no writer: an error at once, no hang."""
    fifo = site.root / "pipe.yaml"
    os.mkfifo(fifo)
    result = run_cli(site.root, "--config", "pipe.yaml", timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stderr == "error: pipe.yaml: not a regular file; pass --config FILE\n"
