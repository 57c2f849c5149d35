"""Dates from git history: one `git log` per repository, exact author dates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BASIC_CONFIG, NOW

import feedsmith
from feedsmith import load_config
from feedsmith.errors import ConfigError
from feedsmith.pipeline.gitdates import WorkTree, git_history, work_tree

D1 = "2023-04-05T06:07:08+02:00"
D2 = "2023-05-01T00:00:00-07:00"
D3 = "2024-01-02T03:04:05+05:30"
D4 = "2024-06-30T23:59:59+00:00"


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch, tmp_path):
    """No GIT_* variable, global or system config of the machine leaks in."""
    for name in [n for n in os.environ if n.startswith("GIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def git(repo: Path, *args: str, date: str = D1, committed: str | None = None):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": "Bob",
        "GIT_COMMITTER_EMAIL": "bob@example.org",
        "GIT_COMMITTER_DATE": committed or date,
    }
    subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, env=env
    )


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Ada")
    git(path, "config", "user.email", "ada@example.org")
    return path


def commit(repo: Path, date: str, committed: str | None = None, **files: str) -> None:
    """Write ``files`` (path: text) and commit everything at author ``date``."""
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        f"at {date}",
        date=date,
        committed=committed,
    )


def history(folder: Path):
    tree = work_tree(folder)
    assert tree is not None
    return git_history(tree)


def isodates(folder: Path) -> dict[str, tuple[str, str]]:
    """The history as {path relative to the repo: (added, changed)} in ISO 8601."""
    tree = work_tree(folder)
    assert tree is not None
    return {
        path.relative_to(tree.root).as_posix(): (
            d.added.isoformat(),
            d.changed.isoformat(),
        )
        for path, d in git_history(tree).items()
    }


def test_added_is_the_first_commit_and_changed_the_last(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, committed="2030-01-01T00:00:00+00:00", **{"a.md": "1"})
    commit(repo, D2, committed="2030-01-02T00:00:00+00:00", **{"a.md": "2"})
    commit(repo, D3, committed="2030-01-03T00:00:00+00:00", **{"a.md": "3"})
    assert work_tree(repo).shallow is False
    dates_by_path = history(repo)
    assert list(dates_by_path) == [(repo / "a.md").resolve()]
    dates = dates_by_path[(repo / "a.md").resolve()]
    # Author dates in the author's own offset, whatever the machine's TZ.
    assert dates.added.isoformat() == "2023-04-05T06:07:08+02:00"
    assert dates.changed.isoformat() == "2024-01-02T03:04:05+05:30"


def test_each_file_has_its_own_dates_whatever_its_name_or_folder(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"a.md": "a"})
    commit(repo, D2, **{"posts/2023/b.md": "b"})
    commit(repo, D3, **{"é ü.md": "c", 'it\'s "q".md': "q"})
    commit(repo, D4, **{"posts/2023/b.md": "b2"})
    assert isodates(repo) == {
        "a.md": (D1, D1),
        "posts/2023/b.md": (D2, D4),
        "é ü.md": (D3, D3),
        'it\'s "q".md': (D3, D3),
    }


def test_a_subfolder_has_the_whole_repository_history(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"drafts/a.md": "a\n" * 5, "notes.md": "n"})
    (repo / "posts").mkdir()
    git(repo, "mv", "drafts/a.md", "posts/a.md")
    commit(repo, D2, **{"notes.md": "n2"})
    # Moved in from outside the folder asked about: dated by its first name.
    assert work_tree(repo / "posts").root == repo.resolve()
    assert isodates(repo / "posts") == {"posts/a.md": (D1, D1), "notes.md": (D1, D2)}


LINES = [f"line {n} of an article, long enough to compare\n" for n in range(10)]


def test_a_move_keeps_the_dates_of_the_old_name_unless_it_rewrites(tmp_path):
    repo = new_repo(tmp_path / "site")
    names = ("old.md", "edited.md", "rewritten.md")
    commit(repo, D1, **{name: f"# {name}\n" + "".join(LINES) for name in names})
    commit(repo, D2, **{"old.md": "# old.md\n" + "".join(LINES) + "more\n"})
    (repo / "posts").mkdir()
    for name in names:
        git(repo, "mv", name, f"posts/{name}")
    edited = "# edited.md\n" + "".join(LINES[:8])  # about 80 % alike
    rewritten = "# rewritten.md\n" + "".join(LINES[:5])  # about 50 % alike
    commit(repo, D3, **{"posts/edited.md": edited, "posts/rewritten.md": rewritten})
    assert isodates(repo) == {
        # A pure move is not a change: dates of old.md, changed at D2.
        "posts/old.md": (D1, D2),
        # Moved and edited, above the 70 % threshold: the same file, changed.
        "posts/edited.md": (D1, D3),
        # Moved and mostly rewritten: git sees a new file from that commit.
        "posts/rewritten.md": (D3, D3),
    }


def test_renames_are_followed_through_several_names(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"a.md": "x\n"})
    git(repo, "mv", "a.md", "b.md")
    commit(repo, D2)
    git(repo, "mv", "b.md", "c.md")
    commit(repo, D3, **{"a.md": "a new file under the first name\n"})
    assert isodates(repo) == {"c.md": (D1, D1), "a.md": (D3, D3)}


def test_a_merge_does_not_make_every_file_look_changed(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"a.md": "a", "b.md": "b"})
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, D2, **{"b.md": "b2"})
    git(repo, "checkout", "-q", "main")
    commit(repo, D3, **{"c.md": "c"})
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "side", date=D4)
    assert isodates(repo) == {
        "a.md": (D1, D1),
        "b.md": (D1, D2),
        "c.md": (D3, D3),
    }


def test_only_files_in_the_head_commit_are_listed(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"a.md": "a", "deleted.md": "d", "readded.md": "r"})
    git(repo, "rm", "-q", "deleted.md", "readded.md")
    commit(repo, D2)
    commit(repo, D3, **{"readded.md": "r again"})
    (repo / "untracked.md").write_text("u", encoding="utf-8")
    (repo / "staged.md").write_text("s", encoding="utf-8")
    git(repo, "add", "staged.md")
    # A file deleted and added again keeps the date of its first adding.
    assert isodates(repo) == {"a.md": (D1, D1), "readded.md": (D1, D3)}


def test_outside_a_git_work_tree_there_is_no_history(tmp_path):
    assert work_tree(tmp_path) is None
    assert work_tree(tmp_path / "missing") is None


def test_without_git_there_is_no_history(tmp_path, monkeypatch):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"a.md": "a"})
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert work_tree(repo) is None


def test_a_repository_without_commits_has_no_dates(tmp_path):
    repo = new_repo(tmp_path / "site")
    (repo / "a.md").write_text("a", encoding="utf-8")
    git(repo, "add", "a.md")
    assert work_tree(repo).shallow is False
    assert dict(history(repo)) == {}


def test_a_shallow_clone_says_so(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"a.md": "a"})
    commit(repo, D2, **{"a.md": "a2", "b.md": "b"})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert work_tree(clone) == WorkTree(clone.resolve(), shallow=True)
    # The oldest commit available shows every file as added: a.md looks new.
    assert isodates(clone) == {"a.md": (D2, D2), "b.md": (D2, D2)}
    assert work_tree(repo).shallow is False


def test_a_user_git_config_does_not_change_the_result(tmp_path):
    repo = new_repo(tmp_path / "site")
    edits = {f"posts/{n}.md": f"# {n}\n" + "".join(LINES) for n in "xy"}
    commit(repo, D1, **{"posts/a b.md": "a\n" * 5, "posts/é.md": "e"}, **edits)
    git(repo, "mv", "posts/a b.md", "posts/c.md")
    for name in "xy":  # two moves with edits: over a rename limit of one
        git(repo, "mv", f"posts/{name}.md", f"posts/{name}2.md")
    edited = {f"posts/{n}2.md": f"# {n}\n" + "".join(LINES[1:]) for n in "xy"}
    commit(repo, D2, **{"posts/é.md": "e2"}, **edited)
    for setting in (
        "log.showRoot=false",
        "log.showSignature=true",
        "log.follow=true",
        "diff.relative=true",
        "diff.renames=false",
        "diff.renameLimit=1",
        "color.ui=always",
        "core.quotePath=true",
        "core.pager=false",
    ):
        git(repo, "config", *setting.split("="))
    assert isodates(repo / "posts") == {
        "posts/c.md": (D1, D1),
        "posts/é.md": (D1, D2),
        "posts/x2.md": (D1, D2),
        "posts/y2.md": (D1, D2),
    }


def test_an_unreadable_repository_is_a_config_error(tmp_path):
    repo = new_repo(tmp_path / "site")
    commit(repo, D1, **{"a.md": "a"})
    tree = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD^{tree}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (repo / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    with pytest.raises(ConfigError, match=r"cannot read the git history: .*tree"):
        history(repo)


def test_git_runs_a_bounded_number_of_times(tmp_path, monkeypatch):
    """A whole build runs git once to find the repository of its source
    folder and once to read the history, however many articles it dates."""
    repo = new_repo(tmp_path / "site")
    (repo / "config.yaml").write_text(BASIC_CONFIG + "sources: posts\n")
    for batch in range(5):
        files = {f"posts/{batch}/{batch}-{n}.md": f"# {batch} {n}\n" for n in range(10)}
        commit(repo, [D1, D2, D3, D4, D4][batch], **files)
    # A git that notes each command it runs: the real program, first on PATH.
    calls, wrapper = tmp_path / "calls", tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\necho "$1" >> {calls}\nexec {shutil.which("git")} "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    output = feedsmith.feeds(load_config(repo / "config.yaml"), NOW)
    assert output.articles == 50  # each dated by git: none has a date of its own
    assert len(calls.read_text().splitlines()) <= 2
