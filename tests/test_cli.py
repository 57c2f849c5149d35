"""The command line as users meet it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feedsmith.cli import main

REPO = Path(__file__).resolve().parent.parent
GOOD = "---\ntitle: Good\ndate: 2024-01-01\ntags: [a]\n---\nBody.\n"


def run(site, capsys, *args):
    code = main(["--config", str(site.config_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_build_then_rebuild_writes_nothing(site, capsys):
    site.source("good.md", GOOD)
    code, out, err = run(site, capsys)
    assert (code, err) == (0, "")
    assert out == "wrote 12 of 12 files, 1 article\n"
    assert (site.root / "feeds/rss.xml").is_file()
    assert (site.root / "feeds/tags/a/feed.json").is_file()
    assert run(site, capsys) == (0, "wrote 0 of 12 files, 1 article\n", "")


def test_check_reports_stale_files_and_writes_nothing(site, capsys):
    site.source("good.md", GOOD)
    code, out, err = run(site, capsys, "--check")
    assert code == 1
    assert "stale: " in err and "feeds/rss.xml" in err
    assert out == "12 of 12 files are stale, 1 article\n"
    assert not (site.root / "feeds").exists()
    run(site, capsys)
    assert run(site, capsys, "--check")[:2] == (
        0,
        "all 12 files are up to date, 1 article\n",
    )


def test_missing_config_is_a_usage_error(tmp_path, capsys):
    code = main(["--config", str(tmp_path / "nope.yaml")])
    assert code == 2
    assert "config file not found" in capsys.readouterr().err


def test_bad_config_key(site, capsys):
    site.config("site: {title: T, url: https://e.org, description: D, titel: x}\n")
    code, _, err = run(site, capsys)
    assert code == 2
    assert (
        err == "error: config.yaml: site.titel: unknown key; did you mean site.title?\n"
    )


def test_every_source_error_is_listed_and_nothing_is_written(site, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    site.source("good.md", GOOD)
    run(site, capsys)
    before = (site.root / "feeds/rss.xml").read_bytes()
    site.source("good.md", GOOD.replace("Good", "Changed"))
    site.source("bad-date.md", "---\ntitle: x\ndate: 2024-13-45\n---\n")
    site.source("broken.md", "---\ntitle: [unclosed\n---\nbody\n")
    site.source("unterminated.md", "---\ntitle: x\n")
    code, out, err = run(site, capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "sources/bad-date.md:3: date: not a date: '2024-13-45'",
        "sources/broken.md:3: invalid YAML front matter: "
        "did not find expected ',' or ']'",
        "sources/unterminated.md:1: front matter opened with --- is never closed; "
        "add a line --- after it",
        "3 errors; no feed was written "
        "(--keep-going writes the feeds without the failing sources)",
    ]
    assert (site.root / "feeds/rss.xml").read_bytes() == before


def test_keep_going_writes_the_rest_and_lists_what_it_skipped(
    site, capsys, monkeypatch
):
    monkeypatch.chdir(site.root)
    site.source("good.md", GOOD)
    site.source("bad.md", "---\ntitle: x\ndate: 2024-13-45\n---\n")
    site.source(
        "dup.md", "---\ntitle: Dup\ndate: 2024-01-01\npermalink: /2024/01/good/\n---\n"
    )
    site.source("control.txt", "Ti\x01tle\n\nBody.\n\n2024-01-02\n")
    site.source("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, err = run(site, capsys, "--keep-going")
    assert code == 0
    assert out == "wrote 8 of 8 files, 2 articles, 2 sources skipped\n"
    assert err.splitlines() == [
        "sources/binary.md:3: warning: skipped: binary file (holds NUL bytes)",
        "sources/control.txt:1: warning: removed 1 character a feed cannot carry "
        "(the first, U+0001, here)",
        "sources/bad.md:3: skipped: date: not a date: '2024-13-45'",
        "sources/good.md: skipped: same id and link as "
        "sources/dup.md (https://example.org/blog/2024/01/good/); "
        "give one of them another slug, permalink or id",
    ]
    feed = json.loads((site.root / "feeds/feed.json").read_text())
    assert [i["title"] for i in feed["items"]] == ["Title", "Dup"]


def test_duplicate_links_name_both_files(site, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    site.source("a/post.md", GOOD)
    site.source("b/post.md", GOOD)
    code, _, err = run(site, capsys)
    assert code == 1
    assert "sources/b/post.md: same id and link as sources/a/post.md" in err


def test_no_articles_is_an_error(site, capsys):
    code, _, err = run(site, capsys)
    assert code == 1
    assert "no published articles" in err


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--frobnicate"])
    assert caught.value.code == 2


def test_generate_py_end_to_end(tmp_path):
    """The way a user runs it: a subprocess in the site's folder."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests/cases/blog", site)
    env = {**os.environ, "TZ": "America/St_Johns"}
    command = [sys.executable, str(REPO / "generate.py")]
    first = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "wrote 24 of 24 files, 4 articles\n"
    check = subprocess.run(
        [*command, "--check"], cwd=site, env=env, capture_output=True
    )
    assert check.returncode == 0
    (site / "sources/_posts/2024-03-05-first-blast.md").write_text("---\ntitle: [\n")
    broken = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    assert broken.stderr.startswith("sources/_posts/2024-03-05-first-blast.md:")


def test_every_option_is_documented(capsys):
    """Each option ``--help`` lists is in the README. (Every config key is,
    both ways, by tests/test_readme.py.)"""
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", capsys.readouterr().out))
    assert {"--config", "--check", "--jobs", "--keep-going"} <= options
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert sorted(o for o in options - {"--help"} if o not in readme) == []


def test_public_api_is_explicit_and_sorted():
    import feedsmith

    assert feedsmith.__all__ == sorted(feedsmith.__all__)
    assert all(hasattr(feedsmith, name) for name in feedsmith.__all__)


def test_progress_line_on_a_terminal_only(site, capsys, monkeypatch):
    import time as clock

    site.source("good.md", GOOD)
    ticks = iter(range(0, 1000, 5))  # every look at the clock is 5 s later
    monkeypatch.setattr(clock, "monotonic", lambda: next(ticks))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(site, capsys)
    assert code == 0 and out == "wrote 12 of 12 files, 1 article\n"
    assert err == "\rreading sources: 1 of 1\nfinished in 10.0 s\n"
    code, _, err = run(site, capsys, "--quiet")
    assert err == ""
