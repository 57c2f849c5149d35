"""What the command line says: counts in good English, one error per
problem, hints that fit, and every warning where it belongs."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from conftest import assert_no_traceback, run_cli

from feedsmith.cli import main

GOOD = "---\ntitle: Good {n}\ndate: 2024-01-0{n}\n---\nBody.\n"
BAD = "---\ntitle: Bad\ndate: 2024-13-45\n---\n"
ONE_FEED = """\
site:
  title: Test Site
  url: https://example.org/blog/
  description: A site for tests
feeds:
  formats: [rss]
  tags: false
  stylesheet: false
  index: false
  opml: false
  discovery: false
"""


def run(site, capsys, *args: str) -> tuple[int, str, str]:
    os.chdir(site.root)
    code = main(["--config", str(site.config_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def back_to_where_we_were():
    here = os.getcwd()
    yield
    os.chdir(here)


def test_counts_of_one_are_singular(site, capsys):
    site.config(ONE_FEED)
    site.source("a.md", GOOD.format(n=1))
    assert run(site, capsys, "--check") == (
        1,
        "1 of 1 file is stale, 1 article\n",
        "stale: feeds/rss.xml\n",
    )
    assert run(site, capsys) == (0, "wrote 1 of 1 file, 1 article\n", "")
    assert run(site, capsys, "--check") == (
        0,
        "the file is up to date, 1 article\n",
        "",
    )
    site.source("b.md", BAD)
    assert run(site, capsys, "--keep-going")[1] == (
        "wrote 0 of 1 file, 1 article, 1 source skipped\n"
    )
    assert run(site, capsys)[2].splitlines()[-1] == (
        "1 error; no feed was written "
        "(--keep-going writes the feeds without the failing sources)"
    )


def test_counts_of_more_are_plural(site, capsys):
    for n in (1, 2):
        site.source(f"good-{n}.md", GOOD.format(n=n))
        site.source(f"bad-{n}.md", BAD)
    assert run(site, capsys, "--keep-going")[1] == (
        "wrote 8 of 8 files, 2 articles, 2 sources skipped\n"
    )
    assert run(site, capsys)[2].splitlines()[-1].startswith("2 errors; ")


@pytest.mark.parametrize("jobs", ["0", "-3", "two", "1.5"])
def test_jobs_must_be_a_positive_whole_number(site, capsys, jobs):
    site.source("a.md", GOOD.format(n=1))
    with pytest.raises(SystemExit) as stopped:
        run(site, capsys, "--jobs", jobs)
    assert stopped.value.code == 2
    message = f"--jobs: expected a positive whole number, got '{jobs}'"
    assert message in capsys.readouterr().err
    assert not (site.root / "feeds").exists()


def test_jobs_zero_is_refused_as_a_user_types_it(site):
    site.source("a.md", GOOD.format(n=1))
    result = run_cli(site.root, "--jobs", "0")
    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.endswith(
        "generate.py: error: argument --jobs: "
        "expected a positive whole number, got '0'\n"
    )


def test_every_source_failing_under_keep_going_lists_them_all(site, capsys):
    site.source("a.md", BAD)
    site.source("b.md", "---\ntitle: [unclosed\n---\n")
    code, out, err = run(site, capsys, "--keep-going")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "sources/a.md:3: skipped: date: not a date: '2024-13-45'",
        "sources/b.md:3: skipped: invalid YAML front matter: "
        "did not find expected ',' or ']'",
        "sources: no published articles to put in a feed",
        "1 error; no feed was written",
    ]


def test_no_article_at_all_does_not_suggest_keep_going(site, capsys):
    (site.root / "sources").mkdir(exist_ok=True)
    code, _, err = run(site, capsys)
    assert code == 1
    assert err.splitlines() == [
        "sources: no published articles to put in a feed",
        "1 error; no feed was written",
    ]
    assert not (site.root / "feeds").exists()  # not even an empty folder


def test_one_slug_clash_is_one_error(site, capsys):
    site.source("a/post.md", GOOD.format(n=1))
    site.source("b/post.md", GOOD.format(n=2))
    code, _, err = run(site, capsys)
    assert code == 1
    assert err.splitlines() == [
        "sources/b/post.md: same id and link as sources/a/post.md "
        "(https://example.org/blog/2024/01/post/); "
        "give one of them another slug, permalink or id",
        "1 error; no feed was written "
        "(--keep-going writes the feeds without the failing sources)",
    ]


def git(folder, *args: str) -> None:
    date = "2024-03-01T10:00:00+01:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-C", str(folder), *args], check=True, env=env, capture_output=True
    )


def test_a_shallow_clone_is_named_by_its_repository_folder(site, tmp_path, capsys):
    origin = tmp_path / "origin"
    (origin / "posts").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "config", "user.name", "T")
    git(origin, "config", "user.email", "t@e.org")
    for body in ("First.", "Second."):
        (origin / "posts/undated.md").write_text(f"---\ntitle: Undated\n---\n{body}\n")
        git(origin, "add", ".")
        git(origin, "commit", "-q", "-m", body)
    clone = site.root / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    site.config(ONE_FEED + "sources: [sources, clone/posts]\n")
    site.source("dated.md", GOOD.format(n=1))
    code, _, err = run(site, capsys)
    assert code == 1
    first, last = err.splitlines()
    assert first.startswith("clone: a shallow git clone: the commits that added ")
    assert "1 article (posts/undated.md)" in first
    assert last.startswith("1 error; no feed was written")
    site.config(ONE_FEED + "sources: {folders: [sources, clone/posts], "
                "accept_shallow_clone: true}\n")  # fmt: skip
    code, _, err = run(site, capsys)
    assert code == 0
    (warning,) = err.splitlines()
    assert warning.startswith("clone: warning: a shallow git clone: ")


def test_a_cache_that_cannot_be_used_is_said_once(site, capsys):
    site.config(ONE_FEED + "cache: not-a-folder\n")
    (site.root / "not-a-folder").write_text("a file where the cache should be\n")
    site.source("a.md", GOOD.format(n=1))
    code, out, err = run(site, capsys)
    assert (code, out) == (0, "wrote 1 of 1 file, 1 article\n")
    assert err.splitlines() == [
        "not-a-folder: warning: cache disabled: not a folder; "
        "this run builds the feeds without it"
    ]


def scenarios(site, capsys):
    """The CLI's output over builds that succeed, fail, skip and check."""
    site.source("a.md", GOOD.format(n=1))
    yield run(site, capsys)
    yield run(site, capsys, "--check")
    site.config(ONE_FEED)
    yield run(site, capsys, "--check")
    yield run(site, capsys)
    yield run(site, capsys, "--check")
    site.source("b.md", BAD)
    yield run(site, capsys)
    yield run(site, capsys, "--keep-going")
    site.source("a.md", BAD)
    yield run(site, capsys, "--keep-going")
    site.source("a.md", GOOD.format(n=1))
    site.source("b.md", GOOD.format(n=1).replace("Good 1", "Other"))
    yield run(site, capsys)
    site.source("b.md", GOOD.format(n=2))
    site.source("c.txt", "Plain\n\nBody with a bell \x07.\n\n2024-01-03\n")
    yield run(site, capsys)


ODD_COUNTS = re.compile(r"(?<!http)\(s\)|\b1 (articles|errors|feeds|sources)\b")


def test_no_message_counts_in_bad_english(site, capsys):
    said = [out + err for _, out, err in scenarios(site, capsys)]
    assert len(said) == 10 and "removed 1 character a feed" in said[-1]
    assert [text for text in said if ODD_COUNTS.search(text)] == []
