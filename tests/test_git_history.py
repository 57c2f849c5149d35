"""Dates from git as a user meets them: clones made by CI, and articles moved
between folders with ``git mv``, built by the command line in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import assert_no_traceback, run_cli

ADDED = "2023-03-01T10:00:00+01:00"  # the commit adding every article
EDITED = "2023-07-15T12:00:00+02:00"  # edits posts/undated.md
BUILT = "2024-01-10T08:00:00+00:00"  # commits the feeds: a shallow clone's only commit
MOVED = "2025-02-03T04:05:06+00:00"  # the moves, in a full clone
CONFIG = """\
site: {title: T, url: https://example.org/, description: D}
sources: {folders: [posts, notes]ACCEPT}
feeds: {formats: [atom], tags: false}
"""
LINES = "".join(f"Line {n} of a paragraph long enough to compare.\n" for n in range(12))
REWRITE = "".join(f"Something else entirely, number {n}.\n" for n in range(12))
FEED = "feeds/atom.xml"
# Keeps the machine's own git settings and repository out of the tests.
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, date: str = ADDED) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    env.update(GIT_AUTHOR_NAME="Ada", GIT_AUTHOR_EMAIL="ada@example.org")
    env.update(GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="ada@example.org")
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return done.stdout


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli(folder, *args, env=GIT_ENV)
    assert_no_traceback(result)
    return result


def entries(folder: Path) -> dict[str, tuple[str, str, str, str]]:
    """Each entry of the built Atom feed as title: (id, link, published, updated)."""
    feed = feedparser.parse((folder / FEED).read_bytes())
    return {e.title: (e.id, e.link, e.published, e.updated) for e in feed.entries}


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """A site whose undated articles were added long before its latest commit,
    which holds the feeds built from the full history."""
    root = tmp_path_factory.mktemp("history") / "origin"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(
        root,
        {
            "config.yaml": CONFIG.replace("ACCEPT", ""),
            "posts/undated.md": "---\ntitle: Undated\n---\nFirst words.\n",
            "posts/dated.md": "---\ntitle: Dated\ndate: 2022-01-01\n---\nBody.\n",
            "notes/moving.md": "---\ntitle: Moving\n---\n" + LINES,
            "drafts/sketch.md": "---\ntitle: Sketch\n---\n" + LINES,
            "posts/edited.md": "---\ntitle: Edited\n---\n" + LINES,
            "posts/rewritten.md": "---\ntitle: Rewritten\n---\n" + LINES,
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "articles")
    write(root, {"posts/undated.md": "---\ntitle: Undated\n---\nSecond words.\n"})
    git(root, "commit", "-q", "-am", "edit", date=EDITED)
    assert cli(root).returncode == 0
    git(root, "add", "feeds")
    git(root, "commit", "-q", "-m", "feeds", date=BUILT)
    return root


def clone(origin: Path, target: Path, *options: str) -> Path:
    git(target.parent, "clone", "-q", *options, f"file://{origin}", str(target))
    return target


def test_a_full_clone_dates_articles_as_their_origin_does(origin, tmp_path):
    built = entries(origin)
    assert built["Undated"][1] == "https://example.org/2023/03/undated/"
    assert built["Undated"][2:] == (ADDED, EDITED)
    copy = clone(origin, tmp_path / "copy")
    # A git that notes each command it runs, to count the logs read.
    calls, wrapper = tmp_path / "calls", tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\nexec {shutil.which("git")} "$@"\n'
    )
    wrapper.chmod(0o755)
    path = f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"
    result = run_cli(copy, env={**GIT_ENV, "PATH": path})
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert entries(copy) == built
    # Two source folders, one repository: its log is read once for the
    # listings and once for the whole articles, not once per folder too.
    assert calls.read_text().split().count("log") <= 2


def test_a_shallow_clone_fails_and_leaves_the_feeds_alone(origin, tmp_path):
    shallow = clone(origin, tmp_path / "shallow", "--depth", "1")
    feed = shallow / FEED
    before = (feed.read_bytes(), feed.stat().st_mtime_ns)
    for args in [(), ("--check",), ("--keep-going",)]:
        result = cli(shallow, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "stale" not in result.stderr + result.stdout
        first = result.stderr.splitlines()[0]
        assert first.startswith(".: "), first  # the repository: here
        for words in ("shallow", "4 articles", "fetch-depth: 0",
                      "git fetch --unshallow", "GIT_DEPTH: 0",
                      "accept_shallow_clone"):  # fmt: skip
            assert words in first, (words, first)
        assert result.stderr.endswith("1 error; no feed was written\n")
        assert len(result.stderr.splitlines()) == 2, result.stderr
        assert (feed.read_bytes(), feed.stat().st_mtime_ns) == before


def test_a_shallow_clone_builds_when_the_config_accepts_it(origin, tmp_path):
    shallow = clone(origin, tmp_path / "shallow", "--depth", "1")
    accept = ", accept_shallow_clone: true"
    write(shallow, {"config.yaml": CONFIG.replace("ACCEPT", accept)})
    result = cli(shallow)
    assert result.returncode == 0, result.stderr
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(".: warning: ")
    assert "shallow" in warning and "fetch-depth: 0" in warning
    # Dated by the clone's only commit, as the user chose to accept.
    assert entries(shallow)["Undated"][2] == BUILT


def test_a_shallow_clone_is_fine_when_no_article_needs_git(tmp_path):
    origin = tmp_path / "dated"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    write(origin, {"config.yaml": CONFIG.replace("ACCEPT", "")})
    write(origin, {"posts/a.md": "---\ntitle: A\ndate: 2022-01-01\n---\nA.\n"})
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "a")
    write(origin, {"notes/b.md": "---\ntitle: B\ndate: 2022-02-02\n---\nB.\n"})
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "b", date=EDITED)
    shallow = clone(origin, tmp_path / "shallow", "--depth", "1")
    result = cli(shallow)
    assert (result.returncode, result.stderr) == (0, "")


def test_moves_keep_the_dates_of_the_first_name(origin, tmp_path):
    copy = clone(origin, tmp_path / "copy")
    git(copy, "mv", "notes/moving.md", "posts/moving.md")  # source to source
    git(copy, "mv", "drafts/sketch.md", "notes/sketch.md")  # into a source folder
    git(copy, "mv", "posts/edited.md", "notes/edited.md")
    git(copy, "mv", "posts/rewritten.md", "notes/rewritten.md")
    write(
        copy,
        {
            "notes/edited.md": "---\ntitle: Edited\n---\n" + LINES + "A new line.\n",
            "notes/rewritten.md": "---\ntitle: Rewritten\n---\n" + REWRITE,
        },
    )
    git(copy, "commit", "-q", "-am", "move", date=MOVED)
    assert cli(copy).returncode == 0
    before, after = entries(origin), entries(copy)
    assert after["Moving"] == before["Moving"]
    assert after["Sketch"][1:] == ("https://example.org/2023/03/sketch/", ADDED, ADDED)
    # Moved and lightly edited: the same article, updated by the move.
    assert after["Edited"][:3] == before["Edited"][:3]
    assert after["Edited"][3] == MOVED
    # Moved and rewritten: git sees a new file, published by the move.
    assert after["Rewritten"][1:] == (
        "https://example.org/2025/02/rewritten/",
        MOVED,
        MOVED,
    )
