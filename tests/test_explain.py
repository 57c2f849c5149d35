"""``--explain``: every setting, its value and where it was read, so a user
can see why a link is what it is (issue 12). It builds nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import sitecheck
from conftest import REPO, assert_no_traceback, run_cli, run_main

HUGO = REPO / "tests" / "sites" / "hugo"


def test_each_setting_names_its_line_in_config_yaml(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        "site:\n"
        "  title: Notes\n"
        "  url: https://example.org/\n"
        "  description: Small notes\n"
        "sources: posts\n"
        "feeds:\n"
        "  limit: 5\n",
        encoding="utf-8",
    )
    result = run_main(tmp_path, "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout)
    assert rows["site.title"] == ("Notes", "config.yaml:2")
    assert rows["site.url"] == ("https://example.org/", "config.yaml:3")
    assert rows["sources.folders"] == ("posts", "config.yaml:5")
    assert rows["feeds.limit"] == ("5", "config.yaml:7")
    assert rows["feeds.formats"] == ('["rss", "atom", "json"]', "default")
    assert rows["feeds.url"] == (
        "https://example.org/feeds/",
        "site.url + output's name",
    )
    assert not (tmp_path / "feeds").exists()  # nothing built
    assert not (tmp_path / ".feedsmith-cache").exists()


def test_a_site_setting_names_the_sites_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        f"from: {HUGO}\nsite:\n  title: Other\n", encoding="utf-8"
    )
    result = run_main(tmp_path, "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout)
    toml = HUGO / "hugo.toml"
    assert rows["site.url"] == ("https://example.org/blog/", f"{toml}:2")
    assert rows["site.timezone"] == ("Asia/Tokyo", f"{toml}:5")
    # config.yaml wins, and says over what
    assert rows["site.title"] == ("Other", f"config.yaml:3 (over {toml}:3)")
    assert rows["generator"] == ("hugo", "recognised from its files")
    assert rows["hugo: permalinks.posts"] == ("/:year/:month/:slug/", f"{toml}:15")
    assert rows["hugo: uglyURLs"] == ('{"misc": true}', f"{toml}:21")
    assert rows["hugo: buildDrafts"] == (
        "false",
        "Hugo's default (buildDrafts unset)",
    )
    assert rows["sources.folders"][1] == "Hugo's default (contentDir unset)"
    assert '"_index.*"' in rows["hugo: never articles"][0]


def test_explain_with_site_and_no_config_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(HUGO, site)
    result = run_cli(tmp_path, "--site", "site", "--explain")
    assert result.returncode == 0, result.stderr
    rows = sitecheck.explained(result.stdout)
    assert rows["from"] == (str(site), "--site")
    assert rows["site.url"] == ("https://example.org/blog/", "site/hugo.toml:2")
    assert not (site / "static" / "feeds").exists()
    assert not (site / ".feedsmith-cache").exists()


def test_a_config_mistake_is_the_same_error_as_a_build(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("site:\n  titel: x\n", encoding="utf-8")
    result = run_main(tmp_path, "--explain")
    assert result.returncode == 2
    assert "site.titel: unknown key; did you mean site.title?" in result.stderr
    assert_no_traceback(result)


def test_a_build_says_where_the_feeds_go_and_their_public_url(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(HUGO, site)
    result = run_main(tmp_path, "--site", "site", "--quiet")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == (
        "feeds: site/static/feeds/, which hugo publishes at "
        "https://example.org/blog/feeds/"
    )
    assert (site / "static" / "feeds" / "feed.json").is_file()
