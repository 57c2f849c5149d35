"""Processes: workers die with their build, and signals end a run cleanly.

Each test runs ``generate.py`` as a subprocess on a site big enough to start
worker processes (2,000 sources to parse, ``--jobs 2``), signals it at a
known moment, and looks at what is left: processes, temporary files, feeds
and the cache.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GENERATE = [sys.executable, str(REPO / "generate.py"), "--jobs", "2"]
ARTICLES = 2400  # over the 2,000 sources from which workers start
# Each test below runs with one signal (or delay) by default, and with its
# others in the slow suite (FEEDSMITH_FAULTS=1), which .ci/run runs too.
SLOW = pytest.mark.skipif(
    os.environ.get("FEEDSMITH_FAULTS") != "1",
    reason="another signal of the same test: set FEEDSMITH_FAULTS=1 (.ci/run does)",
)
CONFIG = """\
site:
  title: Process Site
  url: https://example.org/
  description: A site whose builds use worker processes
feeds:
  limit: 50
"""


@pytest.fixture(autouse=True)
def sigint_as_at_a_terminal():
    """Ctrl-C as a user's terminal sends it. A suite started in the
    background by a script inherits SIGINT ignored, which feedsmith (rightly)
    keeps ignored; these tests are about a user's Ctrl-C."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def write_sources(site: Path, version: str) -> None:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for number in range(ARTICLES):
        date = start + timedelta(hours=number)
        text = (
            f"---\ntitle: {version} article {number}\ndate: {date.isoformat()}\n"
            f"tags: [t{number % 5}]\n---\n\nThe adit of article {number} runs "
            "*north* past the old stope.\n"
        )
        (site / "sources" / f"a{number:05d}.md").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Sites:
    built: Path  # feeds and cache of version A; sources of version B
    expected: dict[str, bytes]  # the feeds of version B, built from scratch


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Sites:
    root = tmp_path_factory.mktemp("processes")
    site = root / "site"
    (site / "sources").mkdir(parents=True)
    (site / "config.yaml").write_text(CONFIG, encoding="utf-8")
    write_sources(site, "A")
    assert subprocess.run(GENERATE, cwd=site, timeout=60).returncode == 0
    write_sources(site, "B")
    fresh = Path(shutil.copytree(site / "sources", root / "fresh" / "sources")).parent
    shutil.copy(site / "config.yaml", fresh)
    assert subprocess.run(GENERATE, cwd=fresh, timeout=60).returncode == 0
    return Sites(site, feeds(fresh))


@pytest.fixture
def big(sites: Sites, tmp_path: Path) -> Path:
    """A copy of the built site, for one test to signal a build in."""
    return Path(shutil.copytree(sites.built, tmp_path / "site"))


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):  # the task ended
            found += [int(child) for child in task.read_text().split()]
    return found


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = children(pid)
    while todo:
        child = todo.pop()
        found.add(child)
        todo += children(child)
    return found


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a parent to reap it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Build:
    """``generate.py`` running in ``site``, its output going to files (a pipe
    would stay open as long as any process it started lives)."""

    def __init__(self, site: Path) -> None:
        self.out, self.err = site / "stdout.txt", site / "stderr.txt"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(GENERATE, cwd=site, stdout=out, stderr=err)
        self.pid = self.process.pid

    def ended(self, timeout: float = 20) -> tuple[int, str, str]:
        """Exit status, stdout and stderr."""
        code = self.process.wait(timeout=timeout)
        return code, self.out.read_text(), self.err.read_text()


def start_with_workers(site: Path) -> tuple[Build, set[int]]:
    """A cold build that has started both its workers, and every process under it."""
    shutil.rmtree(site / ".feedsmith-cache")
    build = Build(site)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        workers = [p for p in children(build.pid) if "spawn_main" in cmdline(p)]
        if len(workers) == 2:
            return build, descendants(build.pid)
        assert build.process.poll() is None, "the build ended before its workers"
        time.sleep(0.005)
    build.process.kill()
    pytest.fail("no worker processes started within 20 s")


def assert_all_gone(pids: set[int], within: float = 5) -> None:
    deadline = time.monotonic() + within
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.02)
    left = {pid: cmdline(pid) for pid in pids if alive(pid)}
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes outlived the build: {left}"


@pytest.mark.parametrize(
    "signum", [signal.SIGKILL, pytest.param(signal.SIGTERM, marks=SLOW)]
)
def test_workers_die_with_their_build(big, signum):
    build, processes = start_with_workers(big)
    assert len(processes) >= 2
    os.kill(build.pid, signum)
    build.ended()
    assert_all_gone(processes)


def feeds(site: Path) -> dict[str, bytes]:
    output = site / "feeds"
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def assert_interrupted_cleanly(site, build, signum, sites) -> None:
    """Exit status and one line; old feeds intact, no temporary file left;
    and the next build gives the feeds a build from scratch gives."""
    before = feeds(site)
    code, out, err = build.ended()
    assert (code, out, err) == (128 + signum, "", "interrupted; no feed was changed\n")
    assert feeds(site) == before
    again = subprocess.run(GENERATE, cwd=site, capture_output=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert feeds(site) == sites.expected


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=SLOW)]
)
def test_a_signal_while_workers_parse_ends_the_run_cleanly(big, signum, sites):
    build, processes = start_with_workers(big)
    os.kill(build.pid, signum)
    assert_interrupted_cleanly(big, build, signum, sites)
    assert_all_gone(processes)


@pytest.mark.parametrize("delay", [0, pytest.param(0.1, marks=SLOW)])
def test_a_signal_soon_after_the_start_ends_the_run_cleanly(big, delay, sites):
    """Once the run holds its lock: while it lists and stats the sources,
    and while it checks them against the cache."""
    lock = big / ".feedsmith-cache" / "lock"
    lock.unlink()
    build = Build(big)
    deadline = time.monotonic() + 20
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(delay)
    assert build.process.poll() is None, "the build ended before the signal"
    os.kill(build.pid, signal.SIGINT)
    assert_interrupted_cleanly(big, build, signal.SIGINT, sites)


def test_sigint_ignored_by_the_caller_stays_ignored(big, sites):
    """As for ``generate.py &`` in a script, or under nohup."""
    lock = big / ".feedsmith-cache" / "lock"
    lock.unlink()
    ignored = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        build = Build(big)  # inherits the ignored SIGINT
    finally:
        signal.signal(signal.SIGINT, ignored)
    while not lock.exists() and build.process.poll() is None:
        time.sleep(0.001)
    os.kill(build.pid, signal.SIGINT)
    code, out, err = build.ended()
    assert (code, out, err) == (0, "wrote 19 of 28 files, 2400 articles\n", "")
    assert feeds(big) == sites.expected


def staged(output: Path) -> list[str]:
    """The temporary files a run writes feeds to before renaming them into
    place (hidden names: ``.rss.xml.…``), in ``output`` and its tag folders."""
    found = []
    for folder in (output, *output.glob("tags/*")):
        with contextlib.suppress(OSError):  # renamed or removed meanwhile
            found += [name for name in os.listdir(folder) if name.startswith(".")]
    return found


def test_a_signal_while_feeds_are_written_waits_for_the_writing(big, sites):
    """Signalled once the first new feed is staged, the run still renames
    every feed into place, then stops: never some feeds new and some old."""
    before = feeds(big)
    build = Build(big)
    output = big / "feeds"
    while not staged(output):
        assert build.process.poll() is None, "the run ended before writing a feed"
        time.sleep(0.001)
    os.kill(build.pid, signal.SIGINT)
    still_writing = bool(staged(output))  # so the signal came while it wrote
    code, out, err = build.ended()
    assert (code, out, err) == (
        130,
        "",
        "interrupted; the feeds were already written\n",
    )
    assert still_writing
    assert feeds(big) == sites.expected != before
    again = subprocess.run(
        GENERATE, cwd=big, capture_output=True, text=True, timeout=60
    )
    assert (again.returncode, again.stdout) == (
        0,
        "wrote 0 of 28 files, 2400 articles\n",
    )
