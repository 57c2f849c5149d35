"""A cache never fails a build nor changes its feeds, wherever it came from.

Copied (``cp -a``) or moved (``mv``) with its site, made by other libraries,
damaged, locked by another process or read-only, a cache costs at most one
warning and a full build; ``--check`` reads it but writes nothing at all.
Each test runs ``generate.py`` as a user does, on a site laid out by the
commands a user types.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import BASIC_CONFIG, REPO, assert_no_traceback, run_cli
from feedcheck import parse_xml

import feedsmith.discover
import feedsmith.files
import feedsmith.load
from feedsmith.cli import main
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


def poison_bodies(site: Path) -> None:
    """Rendered bodies that a reused cache would put in the feeds."""
    stale = pickle.dumps(("<p>rendered by other libraries</p>", None), protocol=5)
    with contextlib.closing(sqlite3.connect(site / DATABASE)) as db, db:
        db.execute("UPDATE bodies SET value = ?", (stale,))


def other_libraries(site: Path) -> None:
    """The cache as another markdown-it-py would have left it."""
    poison_bodies(site)
    ours = f"markdown-it-py {version('markdown-it-py')}"
    with contextlib.closing(sqlite3.connect(site / DATABASE)) as db, db:
        (stamp,) = db.execute("SELECT value FROM meta").fetchone()
        assert ours in stamp
        other = stamp.replace(ours, "markdown-it-py 0.0.1")
        db.execute("UPDATE meta SET value = ?", (other,))


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
    tmp_path, counts, monkeypatch, capsys, command
):
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # folders cannot be aged
    site = write_site(tmp_path / "site")
    assert main(["--config", str(site / "config.yaml")]) == 0
    other = tmp_path / "other"
    subprocess.run([*command.split(), str(site), str(other)], check=True)
    edit(other)
    counts.update(parsed=0, rendered=0)
    assert main(["--config", str(other / "config.yaml")]) == 0
    assert counts == {"parsed": 1, "rendered": 1}
    titles = [e.title for e in parse_xml(feeds(other)["rss.xml"]).entries]
    assert EDITED in titles and "Assay 3" not in titles
    (other / "sources/assay-5.md").write_text(article(5, "Second edit"))
    assert main(["--config", str(other / "config.yaml")]) == 0
    assert counts == {"parsed": 2, "rendered": 2}  # the cache holds the new place
    titles = [e.title for e in parse_xml(feeds(other)["rss.xml"]).entries]
    assert {EDITED, "Second edit"} <= set(titles) and "Assay 5" not in titles
    assert "warning" not in capsys.readouterr().err


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
        assert f"{name} {version(name)}" in stamp
