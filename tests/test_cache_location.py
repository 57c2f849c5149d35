"""A cache never fails a build nor changes its feeds, wherever it came from.

Copied (``cp -a``) or moved (``mv``) with its site, made by other libraries,
damaged, locked by another process or read-only, a cache costs at most one
warning and a full build; ``--check`` reads it but writes nothing at all.
Each test runs ``generate.py`` as a user does, or :func:`feedsmith.publish`
where its Report tells what a run parsed and rendered, on a site laid out
by the commands a user types.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from importlib.metadata import version
from pathlib import Path

import markdown_it
import pytest
from conftest import BASIC_CONFIG, NOW, REPO, assert_no_traceback, run_cli
from feedcheck import parse_xml

import feedsmith
import feedsmith.files
from feedsmith.version import fingerprint

CACHE = ".feedsmith-cache"
DATABASE = f"{CACHE}/cache.sqlite3"
EDITED = "Edited assay"


def article(number: int, title: str = "") -> str:
    title = title or f"Assay {number}"
    return (
        f"---\ntitle: {title}\ndate: 2024-01-{number + 1:02d}\n"
        f"tags: [ore, t{number % 2}]\n---\nThe *ore* of adit {number}.\n"
    )


def write_site(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "config.yaml").write_text(BASIC_CONFIG, encoding="utf-8")
    for number in range(6):
        (root / "sources" / f"assay-{number}.md").write_text(article(number))
    return root


def edit(site: Path) -> None:
    (site / "sources/assay-3.md").write_text(article(3, EDITED))


def generate(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli(site, *args)
    assert_no_traceback(result)
    return result


def feeds(site: Path) -> dict[str, bytes]:
    output = site / "feeds"
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.*")
    }


def tree(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file and folder under ``root``: bytes (None for a folder) and mtime."""
    found = {}
    for folder, names, files in os.walk(root):
        for name in names + files:
            path = Path(folder, name)
            data = path.read_bytes() if name in files else None
            found[path.relative_to(root).as_posix()] = (data, path.stat().st_mtime_ns)
    return found


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if "warning" in line]


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> dict[str, bytes]:
    """The feeds of the edited site, built from scratch with no cache."""
    site = write_site(tmp_path_factory.mktemp("expected") / "site")
    edit(site)
    assert generate(site).returncode == 0
    return feeds(site)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A built site, its cache beside it, to copy for each test."""
    site = write_site(tmp_path_factory.mktemp("template") / "site")
    assert generate(site).returncode == 0
    return site


def copied(template: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    subprocess.run(["cp", "-a", str(template), str(site)], check=True)
    return site


# --- --check writes nothing --------------------------------------------------


def test_check_without_a_cache_creates_no_file(tmp_path):
    site = write_site(tmp_path / "site")
    before = tree(tmp_path)
    result = generate(site, "--check")
    assert result.returncode == 1 and "stale: feeds/rss.xml" in result.stderr
    assert warnings(result) == []
    assert tree(tmp_path) == before
    assert not (site / CACHE).exists()


def test_check_with_a_cache_changes_none_of_its_files(template, tmp_path, expected):
    site = copied(template, tmp_path)
    edit(site)
    before = tree(tmp_path)
    assert {".gitignore", "cache.sqlite3"} <= set(os.listdir(site / CACHE))
    result = generate(site, "--check")
    assert result.returncode == 1, result.stderr
    assert "stale: feeds/rss.xml" in result.stderr and warnings(result) == []
    assert tree(tmp_path) == before
    assert generate(site).returncode == 0 and feeds(site) == expected


# --- a cache that cannot be used ----------------------------------------------


def other_libraries(site: Path) -> None:
    """The cache and feeds as another markdown-it-py, whose HTML differs,
    would have left them: a cache that kept any of it would put it in the
    next feeds."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(markdown_it, "__version__", "0.0.1")
        other = "<p>rendered by other libraries</p>"
        patched.setattr(markdown_it.MarkdownIt, "render", lambda *_: other)
        feedsmith.publish(feedsmith.load_config(site / "config.yaml"), NOW)
    assert b"rendered by other libraries" in feeds(site)["rss.xml"]


def garbage(site: Path) -> None:
    (site / DATABASE).write_bytes(b"not a database at all " * 500)


@pytest.mark.parametrize("damage", [garbage, other_libraries])
def test_a_damaged_or_foreign_cache_costs_one_full_build(
    template, tmp_path, expected, damage
):
    site = copied(template, tmp_path)
    damage(site)
    edit(site)
    result = generate(site)
    assert result.returncode == 0, result.stderr
    assert len(warnings(result)) <= 1, result.stderr
    assert feeds(site) == expected
    again = generate(site)  # the cache works again
    assert again.stderr == "" and again.stdout.startswith("wrote 0 of ")


def hold_exclusive_transaction(database: Path) -> subprocess.Popen:
    code = (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(database)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "locked\n"
    return holder


def test_a_locked_cache_costs_one_warning(template, tmp_path, expected):
    site = copied(template, tmp_path)
    edit(site)
    holder = hold_exclusive_transaction(site / DATABASE)
    try:
        result = generate(site)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert result.returncode == 0, result.stderr
    assert len(warnings(result)) == 1, result.stderr
    assert "cache disabled" in result.stderr
    assert feeds(site) == expected


def as_a_user(command: list[str]) -> list[str]:
    """``command`` run without root's power to write where the modes say no
    (as root, chmod alone would not stop it); as is for any other user."""
    if os.geteuid() != 0:
        return command
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only")
    drop = "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable"
    return ["setpriv", drop, "--", *command]


def test_a_read_only_cache_costs_at_most_one_warning(template, tmp_path, expected):
    site = copied(template, tmp_path)
    edit(site)
    cache = site / CACHE
    for path in [*cache.iterdir(), cache]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        command = [sys.executable, str(REPO / "generate.py")]
        result = subprocess.run(
            as_a_user(command), cwd=site, capture_output=True, text=True, timeout=30
        )
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr
        assert len(warnings(result)) <= 1, result.stderr
        assert feeds(site) == expected
    finally:
        cache.chmod(0o755)


# --- a site copied or moved with its cache ---------------------------------------


@pytest.mark.parametrize("command", ["cp -a", "mv"])
def test_a_copied_or_moved_site_parses_and_renders_only_its_edit(
    tmp_path, monkeypatch, command
):
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # folders cannot be aged
    site = write_site(tmp_path / "site")
    feedsmith.publish(feedsmith.load_config(site / "config.yaml"), NOW)
    other = tmp_path / "other"
    subprocess.run([*command.split(), str(site), str(other)], check=True)
    config = feedsmith.load_config(other / "config.yaml")
    edit(other)
    report = feedsmith.publish(config, NOW)
    assert (report.parsed, report.rendered) == (1, 1) and report.warnings == ()
    titles = [e.title for e in parse_xml(feeds(other)["rss.xml"]).entries]
    assert EDITED in titles and "Assay 3" not in titles
    (other / "sources/assay-5.md").write_text(article(5, "Second edit"))
    report = feedsmith.publish(config, NOW)
    assert (report.parsed, report.rendered) == (1, 1)  # the cache holds the new place
    assert report.walked == 0 and report.warnings == ()
    titles = [e.title for e in parse_xml(feeds(other)["rss.xml"]).entries]
    assert {EDITED, "Second edit"} <= set(titles) and "Assay 5" not in titles
    made = {other / "feeds" / name: data for name, data in feeds(other).items()}
    assert made == feedsmith.feeds(config, NOW).files


@pytest.fixture(scope="module", autouse=True)
def aging(tmp_path_factory) -> tuple[Path, float]:
    """A site written when this module starts, and when it will be older
    than the racy window (3 s): only then is its folder listing reused, as
    it is for a user's site after any pause. Tests run meanwhile."""
    site = write_site(tmp_path_factory.mktemp("aging") / "site")
    return site, time.time() + feedsmith.files.RACY / 1e9 + 0.2


def test_a_copied_site_with_its_cache_builds_its_own_sources(aging, tmp_path):
    original, ready = aging
    time.sleep(max(0.0, ready - time.time()))
    assert generate(original).returncode == 0  # records a listing to reuse
    before = tree(original)
    site = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(original), str(site)], check=True)
    edit(site)
    result = generate(site)
    assert result.returncode == 0, result.stderr
    assert warnings(result) == []
    titles = [e.title for e in parse_xml(feeds(site)["rss.xml"]).entries]
    assert EDITED in titles and "Assay 3" not in titles
    assert generate(site).stdout.startswith("wrote 0 of ")
    assert tree(original) == before

    moved = tmp_path / "moved"
    subprocess.run(["mv", str(original), str(moved)], check=True)
    result = generate(moved)
    assert result.returncode == 0 and result.stdout.startswith("wrote 0 of ")
    edit(moved)
    assert generate(moved).returncode == 0
    titles = [e.title for e in parse_xml(feeds(moved)["rss.xml"]).entries]
    assert EDITED in titles and "Assay 3" not in titles


def test_the_fingerprint_names_python_and_every_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    stamp = fingerprint()
    assert sys.version in stamp
    for requirement in project["dependencies"]:
        name = requirement.split(">")[0].split("=")[0].strip()
        if name == "watchfiles":  # feedsmith serve's watch: no byte of output
            assert name not in stamp
            continue
        assert f"{name} {version(name)}" in stamp
