"""sources.include and sources.exclude mean what the same lines mean in a
``.gitignore``: each case is asked of the real ``git check-ignore`` too.

git answers for files that exist (a trailing ``/`` names folders only), so
each case lays its paths out on disk, in its own folder of one repository,
with the patterns in that folder's ``.gitignore``.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import BASIC_CONFIG, assert_no_traceback, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedsmith.config import Sources
from feedsmith.pipeline.discover import discover

# Bounded for CI; FEEDSMITH_EXAMPLES=2000 pytest tests/test_patterns.py for a long run.
EXAMPLES = int(os.environ.get("FEEDSMITH_EXAMPLES", "30"))
SUFFIXES = (".md", ".txt")

# patterns, and the paths they are asked about
CASES = [
    (["*.md"], ["a.md", "deep/er/b.md", "c.txt", "d.md/e.txt"]),
    (["posts/*.md"], ["posts/a.md", "posts/2019/b.md", "other/posts/c.md"]),
    (["/top.md"], ["top.md", "sub/top.md"]),
    (["**/drafts/"], ["drafts/a.md", "x/y/drafts/b.md", "drafts.md", "x/drafts"]),
    (["drafts/"], ["drafts", "sub/drafts", "sub/drafts2/a.md", "x/drafts/b.md"]),
    (["a/**/b.md"], ["a/b.md", "a/x/b.md", "a/x/y/b.md", "b.md", "z/a/b.md"]),
    (["*.md", "!keep.md"], ["keep.md", "sub/keep.md", "other.md"]),
    (["drafts/", "!drafts/keep.md"], ["drafts/keep.md", "drafts/other.md"]),
    (["posts/**", "!posts/keep.md"], ["posts/keep.md", "posts/x.md", "posts/s/k.md"]),
    (["posts/**/"], ["posts/a.md", "posts/s/b.md", "posts/s/t/c.md"]),
    (["*", "!*/", "!*.md"], ["a.md", "b.txt", "s/c.md", "s/d.txt"]),
    (["\\#file", "#comment.md"], ["#file", "#comment.md", "file"]),
    (["*.[mM][dD]"], ["a.md", "b.MD", "c.Md", "d.txt"]),
    (["my notes/", "old draft.md"], ["my notes/a.md", "old draft.md", "old.md"]),
    (["trailing.md   ", "\\ lead.md"], ["trailing.md", " lead.md", "lead.md"]),
    (["?.md", "[!a]x.md"], ["a.md", "ab.md", "ax.md", "bx.md"]),
]


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    """One git repository; every case is a fresh folder of it."""
    root = tmp_path_factory.mktemp("patterns")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root, itertools.count()


def lay_out(repository, patterns: list[str], paths: list[str]) -> Path:
    root, numbers = repository
    folder = root / f"case{next(numbers)}"
    for path in paths:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text("x", encoding="utf-8")
    (folder / ".gitignore").write_text("\n".join(patterns) + "\n", encoding="utf-8")
    return folder


def ignored_by_git(folder: Path, paths: list[str]) -> set[str]:
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=folder,
        input="".join(f"{path}\n" for path in paths),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: none ignored
    return set(result.stdout.splitlines())


def listed(folder: Path, include: list[str], exclude: list[str]) -> set[str]:
    sources = Sources(
        folders=(folder,),
        include=tuple(include),
        exclude=tuple(exclude),
        encoding="utf-8",
        max_bytes=1_000_000,
        accept_shallow_clone=False,
    )
    files = discover(sources, SUFFIXES).files
    return {Path(file).relative_to(folder).as_posix() for file in files}


def assert_as_git(repository, patterns: list[str], paths: list[str]) -> None:
    folder = lay_out(repository, patterns, paths)
    files = [path for path in paths if path.lower().endswith(SUFFIXES)]
    ignored = ignored_by_git(folder, files)
    assert listed(folder, [], patterns) == set(files) - ignored, "exclude"
    assert listed(folder, patterns, []) == ignored, "include"


@pytest.mark.parametrize(("patterns", "paths"), CASES, ids=lambda v: repr(v)[:40])
def test_patterns_match_as_git_check_ignore(repository, patterns, paths):
    assert_as_git(repository, patterns, paths)


NAME = st.sampled_from(["a", "b", "a.md", "b.md", "a.txt"])
FOLDER = st.sampled_from(["a", "b", "c"])
PATH = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(FOLDER, max_size=3),
    NAME,
)
SEGMENT = st.sampled_from(["a", "b", "*", "**", "?", "*.md", "a*", "[ab]", "b.md"])
PATTERN = st.builds(
    lambda negated, anchored, segments, folders_only: (
        ("!" if negated else "")
        + ("/" if anchored else "")
        + "/".join(segments)
        + ("/" if folders_only else "")
    ),
    st.booleans(),
    st.booleans(),
    st.lists(SEGMENT, min_size=1, max_size=3),
    st.booleans(),
)


def without_clashes(paths: list[str]) -> list[str]:
    """The paths that are files: one that another path runs through is a folder."""
    parts = [path.split("/") for path in paths]
    folders = {
        "/".join(part[:depth]) for part in parts for depth in range(1, len(part))
    }
    return sorted({path for path in paths if path not in folders})


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    patterns=st.lists(PATTERN, min_size=1, max_size=4),
    paths=st.lists(PATH, min_size=1, max_size=8).map(without_clashes),
)
def test_generated_patterns_match_as_git_check_ignore(repository, patterns, paths):
    assert_as_git(repository, patterns, paths)


def test_a_star_stays_within_its_folder_in_a_real_build(tmp_path):
    """The issue's case, where the user meets it: ``posts/*.md`` leaves the
    articles in ``posts/2019/`` in the feed."""
    (tmp_path / "config.yaml").write_text(
        BASIC_CONFIG + "sources:\n  exclude: ['posts/*.md']\n", encoding="utf-8"
    )
    for path, title in [("posts/a.md", "Skipped"), ("posts/2019/b.md", "Kept")]:
        file = tmp_path / "sources" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(
            f"---\ntitle: {title}\ndate: 2024-05-01\n---\nBody.\n", encoding="utf-8"
        )
    result = run_cli(tmp_path)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((tmp_path / "feeds" / "atom.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Kept"]
    assert feed.entries[0].link == "https://example.org/blog/2024/05/b/"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[z-a]", "sources.exclude: not a valid pattern '[z-a]': bad character range"),
        (
            "#draft.md",
            "sources.exclude: pattern '#draft.md' matches nothing: git reads",
        ),
        ("  ", "sources.exclude: pattern '  ' matches nothing: it is blank"),
        (
            "notes\\",
            "sources.exclude: not a valid pattern 'notes\\\\': a \\ at the end",
        ),
    ],
)
def test_a_pattern_git_cannot_use_is_a_config_error(tmp_path, line, message):
    (tmp_path / "config.yaml").write_text(
        BASIC_CONFIG + f"sources:\n  exclude: ['{line}']\n", encoding="utf-8"
    )
    (tmp_path / "sources").mkdir()
    result = run_cli(tmp_path)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "feeds").exists()
