"""The CI workflows in examples/ run step by step, as the CI services run them.

Each ``run:`` (GitHub) or ``script:`` (GitLab) is executed literally by bash
in a fresh clone of a bare origin, so a workflow that stops working for a
user fails here. What is emulated: the checkout (``git clone`` with the
workflow's depth), the restore of ``actions/cache`` (a copy of the previous
run's cache folder), and the events (``if:`` and ``rules:``). What is not:
the install step (feedsmith is already installed in this Python; the step
is checked to name it), setup-python's pip cache, saving caches, and the
deployment of GitLab Pages (the ``public/`` artifact is inspected instead).
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import BASIC_CONFIG, REPO

EXAMPLES = REPO / "examples"
WORKFLOW_PATH = ".github/workflows/feeds.yml"  # where the header says to save it
FEED_FILES = {"feeds/atom.xml", "feeds/feed.json", "feeds/rss.xml"}
VIEWS = {"discovery.html", "feed.css", "feed.xsl", "feeds.opml", "index.html"}

# Fixed commit dates: the undated articles take theirs from git.
ADDED = "2024-01-10T09:00:00+00:00"
EDITED = "2024-02-10T09:00:00+00:00"
BUILT = "2024-02-11T09:00:00+00:00"
TOPIC = "2024-03-10T09:00:00+00:00"
MERGED = "2024-03-11T09:00:00+00:00"
NEW = "2024-04-10T09:00:00+00:00"

DATED = "---\ntitle: Dated article\ndate: 2024-01-05\n---\nWritten on a known day.\n"
UNDATED = "---\ntitle: Undated article\n---\nIts day comes from git.\n"


@dataclass(frozen=True, slots=True)
class Origin:
    """The site's bare repository, and the environment every command runs in."""

    path: Path
    root: Path  # a folder for clones
    env: dict[str, str]


@dataclass(frozen=True, slots=True)
class StepResult:
    name: str
    returncode: int
    output: str  # stdout and stderr together


@dataclass(frozen=True, slots=True)
class Run:
    checkout: Path
    steps: tuple[StepResult, ...]  # the steps that ran, the failing one last


# --- git -------------------------------------------------------------------


def git(env: dict[str, str], folder: Path, *args: str, date: str = BUILT) -> str:
    """Run git as the site's author, at a fixed date."""
    dated = {**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    dated |= {"GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.org"}
    dated |= {"GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.org"}
    done = subprocess.run(
        ["git", "-C", str(folder), *args],
        env=dated,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def commit(env: dict[str, str], folder: Path, date: str, **files: str) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    git(env, folder, "add", "--", *files)
    git(env, folder, "commit", "-q", "-m", f"at {date}", date=date)


def build_feeds(env: dict[str, str], folder: Path, date: str) -> None:
    """Build and commit feeds/ as a user does before pushing."""
    done = subprocess.run(
        ["feedsmith", "--config", "config.yaml"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    git(env, folder, "add", "feeds")
    git(env, folder, "commit", "-q", "-m", "feeds", date=date)


def clone(origin: Origin, name: str, branch: str, depth: int) -> Path:
    """A checkout as the CI service makes it: depth 0 is the full history."""
    target = origin.root / name
    shallow = ["--depth", str(depth)] if depth else []
    url = f"file://{origin.path}"
    git(origin.env, origin.root, "clone", "-q", *shallow, "-b", branch, url, name)
    return target


def head(origin: Origin, branch: str = "main") -> str:
    return git(origin.env, origin.path, "rev-parse", branch).strip()


# --- the site --------------------------------------------------------------


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Origin:
    """A site with a dated and an undated article and committed feeds, pushed to
    a bare origin; and two pull requests as GitHub merges them for a run
    (``pull/N/merge``): one forgot to rebuild the feeds, one did not."""
    root = tmp_path_factory.mktemp("workflows")
    env = _isolated_env(root / "home")
    bare = root / "origin.git"
    git(env, root, "init", "-q", "--bare", "-b", "main", str(bare))
    site = root / "site"
    git(env, root, "init", "-q", "-b", "main", str(site))
    workflow = (EXAMPLES / "github-actions.yml").read_text(encoding="utf-8")
    commit(env, site, ADDED, **{"config.yaml": BASIC_CONFIG, WORKFLOW_PATH: workflow})
    commit(env, site, ADDED, **{"sources/dated.md": DATED})
    commit(env, site, ADDED, **{"sources/undated.md": UNDATED})
    commit(env, site, EDITED, **{"sources/dated.md": DATED + "\nEdited later.\n"})
    build_feeds(env, site, BUILT)
    git(env, site, "remote", "add", "origin", str(bare))
    for number, rebuild in ((1, False), (2, True)):
        git(env, site, "checkout", "-q", "-b", f"topic{number}", "main")
        article = f"---\ntitle: Pull request {number}\n---\nFrom a branch.\n"
        commit(env, site, TOPIC, **{f"sources/pr{number}.md": article})
        if rebuild:
            build_feeds(env, site, TOPIC)
        git(env, site, "checkout", "-q", "-b", f"pull/{number}/merge", "main")
        git(
            env,
            site,
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "merge",
            f"topic{number}",
            date=MERGED,
        )
        git(env, site, "checkout", "-q", "main")
    git(env, site, "push", "-q", "origin", "--all")
    return Origin(bare, root, env)


def _isolated_env(home: Path) -> dict[str, str]:
    """The tester's git identity and config stay out; this Python's feedsmith
    comes first on PATH, as after the workflow's install step."""
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.pop("EMAIL", None)
    bin_folder = str(Path(sys.executable).parent)
    env |= {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8"}
    env["PATH"] = os.pathsep.join([bin_folder, env.get("PATH", "")])
    return env


# --- GitHub Actions --------------------------------------------------------

_EVENT_TEST = re.compile(r"github\.event_name (==|!=) '([a-z_]+)'")
_STEP_KEYS = {"name", "if", "uses", "with", "run"}


def github_workflow() -> dict:
    return yaml.safe_load((EXAMPLES / "github-actions.yml").read_text("utf-8"))


def github_job(workflow: dict) -> list[dict]:
    jobs = workflow["jobs"]
    assert len(jobs) == 1, f"this test runs one job; the workflow has {list(jobs)}"
    return next(iter(jobs.values()))["steps"]


def github_condition(expression: str | None, event: str) -> bool:
    """A step's ``if:``, in the only forms this test understands."""
    if expression is None:
        return True
    match = _EVENT_TEST.fullmatch(expression.strip())
    if not match:
        pytest.fail(f"the test cannot evaluate if: {expression!r}")
    return (event == match[2]) == (match[1] == "==")


def run_github(
    origin: Origin,
    name: str,
    event: str,
    *,
    workflow: dict | None = None,
    branch: str = "main",
    cache_from: Path | None = None,
) -> Run:
    """Run the workflow's one job for ``event`` in a new clone of ``branch``."""
    steps = github_job(workflow or github_workflow())
    checkout = _github_checkout(origin, name, branch, steps[0])
    results: list[StepResult] = []
    for number, step in enumerate(steps[1:], start=2):
        unknown = set(step) - _STEP_KEYS
        assert not unknown, f"the test does not emulate {unknown} in {step}"
        if not github_condition(step.get("if"), event):
            continue
        if "uses" in step:
            _github_action(step, checkout, cache_from)
            continue
        script = step["run"]
        assert "${{" not in script, f"the test does not expand expressions: {script}"
        if script.startswith("pip install"):
            assert "feedsmith" in script, script
            continue
        results.append(
            _bash(origin, checkout, step.get("name", script), script, number)
        )
        if results[-1].returncode:
            break
    return Run(checkout, tuple(results))


def _github_checkout(origin: Origin, name: str, branch: str, step: dict) -> Path:
    assert step.get("uses", "").startswith("actions/checkout@"), step
    depth = step.get("with", {}).get("fetch-depth", 1)  # the action's default is 1
    return clone(origin, name, branch, depth)


def _github_action(step: dict, checkout: Path, cache_from: Path | None) -> None:
    """Check the settings of an action the test does not run; restore a cache."""
    action, settings = step["uses"].split("@")[0], step.get("with", {})
    if action == "actions/setup-python":
        assert settings["cache"] == "pip"
        assert (checkout / settings["cache-dependency-path"]).is_file()
    elif action == "actions/cache":
        assert settings["path"] == ".feedsmith-cache"
        assert settings["key"].endswith("-${{ github.sha }}")
        assert settings["key"].startswith(settings["restore-keys"])
        if cache_from is not None:
            shutil.copytree(cache_from, checkout / ".feedsmith-cache", symlinks=True)
    else:
        pytest.fail(f"the test does not know the action {step['uses']}")


def _bash(origin: Origin, folder: Path, name: str, script: str, number: int):
    """Run a step as GitHub does: its text in a file, bash without profiles."""
    path = origin.root / f"{folder.name}-step{number}.sh"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=folder,
        env=origin.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
        check=False,
    )
    return StepResult(name, done.returncode, done.stdout)


def assert_all_passed(run: Run) -> None:
    for step in run.steps:
        assert step.returncode == 0, f"{step.name} failed:\n{step.output}"
        assert "Traceback" not in step.output, step.output


def test_github_workflow_triggers_permissions_and_checkout() -> None:
    text = (EXAMPLES / "github-actions.yml").read_text("utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(triggers)
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    steps = github_job(workflow)
    assert steps[0]["with"]["fetch-depth"] == 0
    actions = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert actions == {"actions/checkout", "actions/setup-python", "actions/cache"}
    installs = [s for s in steps if s.get("run", "").startswith("pip install")]
    assert len(installs) == 1, "the test replaces exactly one install step"
    assert WORKFLOW_PATH in text.split("\nname:")[0]  # the header says where


def test_github_push_commits_only_changed_feeds(origin: Origin) -> None:
    before = head(origin)
    current = run_github(origin, "gh-push-1", "push")
    assert_all_passed(current)
    assert [s.name for s in current.steps][-2:] == [
        "Build the feeds",
        "Commit and push the feeds if they changed",
    ]
    assert head(origin) == before, "feeds were current, yet something was pushed"

    laptop = clone(origin, "gh-laptop", "main", 0)
    new = "---\ntitle: New article\n---\nAdded after the feeds were built.\n"
    commit(origin.env, laptop, NEW, **{"sources/new.md": new})
    git(origin.env, laptop, "push", "-q")
    pushed_by_user = head(origin)

    cache = current.checkout / ".feedsmith-cache"
    rebuilt = run_github(origin, "gh-push-2", "push", cache_from=cache)
    assert_all_passed(rebuilt)
    commits = git(origin.env, origin.path, "rev-list", f"{pushed_by_user}..main")
    assert len(commits.split()) == 1, commits
    touched = git(origin.env, origin.path, "show", "--name-only", "--format=", "main")
    assert set(touched.split()) == FEED_FILES | {"feeds/index.html"}  # a new article
    _assert_new_article_published(origin)

    cache = rebuilt.checkout / ".feedsmith-cache"
    after = head(origin)
    scheduled = run_github(origin, "gh-schedule", "schedule", cache_from=cache)
    assert_all_passed(scheduled)
    assert len(scheduled.steps) == 2
    assert head(origin) == after, "feeds were current, yet something was pushed"


def _assert_new_article_published(origin: Origin) -> None:
    tree = git(origin.env, origin.path, "ls-tree", "-r", "--name-only", "main")
    assert not [p for p in tree.split() if ".feedsmith" in p], tree
    for name in ("feeds/rss.xml", "feeds/atom.xml"):
        text = git(origin.env, origin.path, "show", f"main:{name}")
        parsed = feedparser.parse(text)
        assert not parsed.bozo, parsed.bozo_exception
        entries = {e.title: e for e in parsed.entries}
        assert set(entries) == {"New article", "Undated article", "Dated article"}
        assert entries["New article"].published_parsed[:3] == (2024, 4, 10)
        assert entries["Undated article"].published_parsed[:3] == (2024, 1, 10)
    items = json.loads(git(origin.env, origin.path, "show", "main:feeds/feed.json"))
    dates = {i["title"]: i["date_published"] for i in items["items"]}
    assert dates["New article"].startswith("2024-04-10T09:00:00")


def test_github_pull_request_checks_the_committed_feeds(origin: Origin) -> None:
    stale = run_github(origin, "gh-pr-1", "pull_request", branch="pull/1/merge")
    assert [s.name for s in stale.steps] == [
        "Check that the committed feeds are current"
    ]
    check = stale.steps[0]
    assert check.returncode != 0
    assert "stale:" in check.output
    assert "Traceback" not in check.output

    fresh = run_github(origin, "gh-pr-2", "pull_request", branch="pull/2/merge")
    assert_all_passed(fresh)
    assert len(fresh.steps) == 1


def test_github_shallow_checkout_fails_and_pushes_nothing(origin: Origin) -> None:
    """A user who drops fetch-depth gets actions/checkout's default depth of 1."""
    workflow = copy.deepcopy(github_workflow())
    del github_job(workflow)[0]["with"]["fetch-depth"]
    before = head(origin)
    run = run_github(origin, "gh-shallow", "push", workflow=workflow)
    build = run.steps[-1]
    assert build.name == "Build the feeds"
    assert build.returncode != 0, build.output
    assert "fetch-depth: 0" in build.output
    assert "Traceback" not in build.output
    assert head(origin) == before
    assert not git(origin.env, run.checkout, "status", "--porcelain", "feeds")


# --- GitLab CI -------------------------------------------------------------

_RULE_TEST = re.compile(r'\$(\w+) (==|!=) (?:"([^"]*)"|\$(\w+))')
_GITLAB_JOB_KEYS = {"stage", "rules", "script", "artifacts", "variables"}


def gitlab_pipeline() -> dict:
    return yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text("utf-8"))


def gitlab_condition(expression: str, variables: dict[str, str]) -> bool:
    """A rule's ``if:``, in the only forms this test understands."""
    match = _RULE_TEST.fullmatch(expression.strip())
    if not match:
        pytest.fail(f"the test cannot evaluate if: {expression!r}")
    name, operator, literal, other = match.groups()
    right = literal if other is None else variables.get(other)
    return (variables.get(name) == right) == (operator == "==")


def gitlab_jobs(pipeline: dict, variables: dict[str, str]) -> list[str]:
    """The jobs a pipeline with these predefined variables runs."""
    chosen = []
    for name, job in pipeline.items():
        if name in {"default", "variables", "stages", "workflow"}:
            continue
        assert set(job) <= _GITLAB_JOB_KEYS, (
            f"{name}: the test does not emulate {set(job) - _GITLAB_JOB_KEYS}"
        )
        for rule in job["rules"]:
            assert set(rule) == {"if"}, f"{name}: the test evaluates only if: rules"
        if any(gitlab_condition(r["if"], variables) for r in job["rules"]):
            chosen.append(name)
    return chosen


def run_gitlab(
    origin: Origin, name: str, job: str, pipeline: dict, branch: str = "main"
) -> tuple[Path, StepResult]:
    """Run a job's before_script and script in one bash, as GitLab's runner does."""
    settings = pipeline["variables"] | pipeline[job].get("variables", {})
    depth = int(settings.get("GIT_DEPTH", 20))  # the default of new projects
    checkout = clone(origin, name, branch, depth)
    lines = [*pipeline["default"]["before_script"], *pipeline[job]["script"]]
    installs = [line for line in lines if line.startswith("pip install")]
    assert len(installs) == 1 and "feedsmith" in installs[0], lines
    script = "\n".join(line for line in lines if line not in installs)
    assert "$" not in script, f"the test does not expand variables: {script}"
    return checkout, _bash(origin, checkout, job, script, 1)


def test_gitlab_settings() -> None:
    pipeline = gitlab_pipeline()
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    assert ".feedsmith-cache/" in pipeline["default"]["cache"]["paths"]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    main = {"CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BRANCH": "main"}
    merge_request = {
        "CI_DEFAULT_BRANCH": "main",
        "CI_PIPELINE_SOURCE": "merge_request_event",
    }
    assert gitlab_jobs(pipeline, main | {"CI_PIPELINE_SOURCE": "push"}) == ["pages"]
    assert gitlab_jobs(pipeline, main | {"CI_PIPELINE_SOURCE": "schedule"}) == ["pages"]
    assert gitlab_jobs(pipeline, merge_request) == ["check-feeds"]
    topic = {
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_BRANCH": "topic1",
        "CI_PIPELINE_SOURCE": "push",
    }
    assert gitlab_jobs(pipeline, topic) == []


def test_gitlab_merge_request_check_and_pages(origin: Origin) -> None:
    pipeline = gitlab_pipeline()
    _, stale = run_gitlab(origin, "gl-mr-1", "check-feeds", pipeline, "topic1")
    assert stale.returncode != 0
    assert "stale:" in stale.output
    assert "Traceback" not in stale.output
    _, fresh = run_gitlab(origin, "gl-mr-2", "check-feeds", pipeline, "topic2")
    assert fresh.returncode == 0, fresh.output

    checkout, pages = run_gitlab(origin, "gl-pages", "pages", pipeline)
    assert pages.returncode == 0, pages.output
    published = checkout / "public" / "feeds"
    published_files = {p.name for p in published.iterdir()}
    assert published_files == {"atom.xml", "feed.json", "rss.xml", *VIEWS}
    parsed = feedparser.parse((published / "atom.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    dates = {e.title: e.published_parsed[:3] for e in parsed.entries}
    assert dates["Undated article"] == (2024, 1, 10)


def test_gitlab_shallow_clone_fails(origin: Origin) -> None:
    """A depth shorter than the history, as the default of 20 that GitLab gives
    new projects is on any site with more than 20 commits."""
    pipeline = gitlab_pipeline()
    pipeline["variables"]["GIT_DEPTH"] = "1"
    checkout, pages = run_gitlab(origin, "gl-shallow", "pages", pipeline)
    assert pages.returncode != 0, pages.output
    assert "GIT_DEPTH: 0" in pages.output
    assert "Traceback" not in pages.output
    assert not (checkout / "public").exists()
