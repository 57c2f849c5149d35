"""Which articles a build publishes, and what it warns about."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import NOW
from feedcheck import parse_json
from lxml import etree

from feedsmith import feeds, load_config
from feedsmith.errors import SourceErrors


def titles(site, config_extra=""):
    """The titles of the site's published articles, newest first."""
    if config_extra:
        site.config(
            "site: {title: T, url: https://e.org/, description: D}\n" + config_extra
        )
    output = feeds(site.load(), NOW)
    items = parse_json(output.files[site.root / "feeds/feed.json"])["items"]
    assert len(items) == output.articles  # all of them: fewer than the limit
    return [item["title"] for item in items]


def test_drafts_future_embargoed_and_expired_are_left_out(site):
    site.source("ok.md", "---\ntitle: ok\ndate: 2025-01-01\n---\n")
    site.source("draft.md", "---\ntitle: draft\ndate: 2025-01-01\ndraft: true\n---\n")
    site.source("future.md", "---\ntitle: future\ndate: 2026-06-01\n---\n")
    site.source(
        "embargo.md",
        "---\ntitle: embargo\ndate: 2025-01-01\npublishDate: 2026-06-01\n---\n",
    )
    site.source(
        "expired.md",
        "---\ntitle: expired\ndate: 2025-01-01\nexpiryDate: 2025-06-01\n---\n",
    )
    site.source(
        "later.md", "---\ntitle: later\ndate: 2025-01-01\nexpiryDate: 2027-01-01\n---\n"
    )
    assert titles(site) == ["later", "ok"]
    assert titles(site, "feeds: {future: true}") == ["future", "embargo", "later", "ok"]


def test_future_items_do_not_date_the_feed(site):
    site.config(
        "site: {title: T, url: https://e.org/, description: D}\nfeeds: {future: true}\n"
    )
    site.source("past.md", "---\ntitle: past\ndate: 2025-01-01\n---\n")
    site.source("future.md", "---\ntitle: future\ndate: 2026-06-01\n---\n")
    files = feeds(site.load(), NOW).files
    atom = etree.fromstring(files[site.root / "feeds/atom.xml"])
    assert (
        atom.findtext("{http://www.w3.org/2005/Atom}updated")
        == "2025-01-01T00:00:00+00:00"
    )


def test_navigation_titles_link_to_articles(site):
    site.source("a.txt", "First piece\n\nBody.\n\n2024-01-01\nNext: second  PIECE\n")
    site.source(
        "b.txt",
        "Second piece\n\nBody.\n\n2024-01-02\nPrevious:First piece\nNext:Gone\n",
    )
    files = feeds(site.load(), NOW).files
    atom = etree.fromstring(files[site.root / "feeds/atom.xml"])
    related = [
        (link.get("title"), link.get("href"))
        for link in atom.iter("{http://www.w3.org/2005/Atom}link")
        if link.get("rel") == "related"
    ]
    assert related == [
        ("First piece", "https://example.org/blog/2024/01/a/"),
        ("second  PIECE", "https://example.org/blog/2024/01/b/"),
    ]
    items = parse_json(files[site.root / "feeds/feed.json"])["items"]
    assert items[0]["_feedsmith"] == {
        "related": [
            {"title": "First piece", "url": "https://example.org/blog/2024/01/a/"},
            {"title": "Gone"},
        ]
    }


def git(folder, *args, date="2024-03-01T10:00:00+01:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-C", str(folder), *args], check=True, env=env, capture_output=True
    )


def dated(config):
    """What building the site warns about, and its one item's dates."""
    output = feeds(config, NOW)
    (item,) = parse_json(output.files[config.output / "feed.json"])["items"]
    return output.warnings, item["date_published"], item.get("date_modified")


def commit_undated_article(site):
    """A git repository holding one article without a date, added on 1 March."""
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "config", "user.name", "T")
    git(site.root, "config", "user.email", "t@e.org")
    site.source("undated.md", "---\ntitle: Undated\n---\nBody.\n")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "add")


def test_dates_from_git_and_a_shallow_clone(site, tmp_path):
    commit_undated_article(site)
    site.source("undated.md", "---\ntitle: Undated\n---\nBody, edited.\n")
    git(site.root, "commit", "-q", "-am", "edit", date="2024-04-02T09:00:00+02:00")
    warnings, published, updated = dated(site.load())
    assert (published, updated) == (
        "2024-03-01T10:00:00+01:00",
        "2024-04-02T09:00:00+02:00",
    )
    assert warnings == ()

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{site.root}", str(clone)],
                   check=True, capture_output=True)  # fmt: skip
    # Not even keep_going builds with the clone's dates: one error for it.
    with pytest.raises(SourceErrors) as caught:
        feeds(load_config(clone / "config.yaml"), NOW, keep_going=True)
    (error,) = caught.value.errors
    assert error.path == clone.resolve()
    assert "1 article (sources/undated.md)" in error.message
    assert "fetch-depth: 0" in error.message

    config = clone / "config.yaml"
    config.write_text(config.read_text() + "sources: {accept_shallow_clone: true}\n")
    warnings, published, _ = dated(load_config(config))
    assert published == "2024-04-02T09:00:00+02:00"
    (warning,) = warnings
    assert warning.path == clone.resolve()
    assert "fetch-depth: 0" in warning.message


def test_git_dates_that_move_under_an_unchanged_file_reach_the_feed(site):
    from feedsmith.cli import main

    commit_undated_article(site)
    feed = site.root / "feeds/feed.json"
    assert main(["--config", str(site.config_path)]) == 0
    assert parse_json(feed.read_bytes())["items"][0]["date_published"].startswith(
        "2024-03-01"
    )
    # History is rewritten; the file's bytes stay as they were.
    git(
        site.root,
        "commit",
        "-q",
        "--amend",
        "--no-edit",
        "--reset-author",
        date="2024-05-05T10:00:00Z",
    )
    assert main(["--config", str(site.config_path)]) == 0
    assert parse_json(feed.read_bytes())["items"][0]["date_published"].startswith(
        "2024-05-05"
    )


def test_uncommitted_undated_file_is_an_error(site, capsys):
    from feedsmith.cli import main

    git(site.root, "init", "-q", "-b", "main")
    site.source("new.md", "---\ntitle: New\n---\n")
    assert main(["--config", str(site.config_path)]) == 1
    assert "no date" in capsys.readouterr().err
