"""Fault injection: killed runs, concurrent readers and a held lock.

The README promises that a reader sees either the old or the new feed, never
a torn one, and that two runs never interleave. These tests run the real
``generate.py`` on a corpus big enough that a run takes about a second, kill
it at random moments (and on purpose while it writes), read the feeds while
it rewrites them, and hold its lock from outside.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from feedsmith.pipeline.views import VIEW_NAMES

REPO = Path(__file__).resolve().parent.parent
GENERATE = [sys.executable, str(REPO / "generate.py"), "--config", "config.yaml"]
ARTICLES = 1500  # one full build takes about 0.7 s on the 2-core test machine
# The kill loop and the torn-read check build a corpus of their own: a slow
# suite, run on request (FEEDSMITH_FAULTS=1) and by .ci/run in a step of its
# own, with more kills and rebuilds than these.
FAULTS = os.environ.get("FEEDSMITH_FAULTS") == "1"
KILLS = int(os.environ.get("FEEDSMITH_KILLS", "4"))
REBUILDS = int(os.environ.get("FEEDSMITH_REBUILDS", "4"))  # while a reader reads
SEED = 20260101
TAGS = ("adit", "assay", "drilling", "geology", "history")
TAGS += ("mapping", "safety", "smelting", "survey", "tools")
FEED_NAMES = {"rss.xml", "atom.xml", "feed.json", *VIEW_NAMES}  # and the views
TEMPORARY = ".feedsmith-tmp"
CONFIG = """\
site:
  title: Fault Site
  url: https://example.org/
  description: A corpus for fault injection
feeds:
  limit: 200
"""

Files = dict[str, bytes]  # feed path relative to the output folder -> bytes


@dataclass(frozen=True)
class Corpus:
    """Two versions of one site that differ in every feed, and their feeds."""

    built: Path  # a site whose output holds version A
    sources: dict[str, dict[str, str]]  # "A"/"B" -> source file name -> text
    feeds: dict[str, Files]  # "A"/"B" -> the feeds a full build gives
    build_seconds: float


def corpus_sources(count: int, version: str) -> dict[str, str]:
    """``count`` Markdown articles; ``version`` prefixes every title."""
    start = datetime(2020, 1, 1, tzinfo=UTC)
    sources = {}
    for number in range(count):
        date = start + timedelta(hours=7 * number)
        tags = f"[{TAGS[number % 10]}, {TAGS[(3 * number + 1) % 10]}]"
        body = "\n\n".join(
            f"Paragraph {part} of article {number}: the adit runs *north* past "
            f"the old stope, and [the assay](/assays/{number}/{part}/) agrees."
            for part in range(4)
        )
        sources[f"article-{number:05d}.md"] = (
            f"---\ntitle: {version} article {number}\ndate: {date.isoformat()}\n"
            f"tags: {tags}\n---\n\n{body}\n"
        )
    return sources


def make_site(root: Path, sources: dict[str, str], config: str = CONFIG) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "config.yaml").write_text(config, encoding="utf-8")
    switch(root, sources)
    return root


def switch(site: Path, sources: dict[str, str]) -> None:
    for name, text in sources.items():
        (site / "sources" / name).write_text(text, encoding="utf-8")


def start(site: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*GENERATE, *options],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run(site: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*GENERATE, *options], cwd=site, capture_output=True, text=True, timeout=60
    )


def feeds_on_disk(output: Path) -> Files:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in output.rglob("*")
        if path.name in FEED_NAMES
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    """Build versions A and B once, side by side, for every test to compare with."""
    if not FAULTS:
        pytest.skip("a slow suite: set FEEDSMITH_FAULTS=1 (.ci/run does)")
    root = tmp_path_factory.mktemp("corpus")
    sources = {v: corpus_sources(ARTICLES, f"{v} ") for v in "AB"}
    sites = {v: make_site(root / v, sources[v]) for v in "AB"}
    began = time.monotonic()
    runs = {v: start(sites[v]) for v in "AB"}
    codes = {"A": runs["A"].wait(timeout=60)}
    build_seconds = time.monotonic() - began
    codes["B"] = runs["B"].wait(timeout=60)
    assert codes == {"A": 0, "B": 0}
    feeds = {v: feeds_on_disk(sites[v] / "feeds") for v in "AB"}
    # site + 10 tags, 3 formats; and their views
    assert len(feeds["A"]) == 33 + 5 + 10, sorted(feeds["A"])
    assert feeds["A"].keys() == feeds["B"].keys()
    feed_files = [p for p in feeds["A"] if p.endswith((".xml", ".json"))]
    assert all(feeds["A"][p] != feeds["B"][p] for p in feed_files)  # views may not
    return Corpus(sites["A"], sources, feeds, build_seconds)


def fresh_copy(corpus: Corpus, tmp_path: Path) -> Path:
    return Path(shutil.copytree(corpus.built, tmp_path / "site"))


# --- 1. killed runs -------------------------------------------------------


def output_state(output: Path) -> dict[str, tuple[int, int, int]]:
    """Identity of every file in the output folder, to see writing begin."""
    state, folders = {}, [output]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                try:
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue  # a temporary file renamed away under our feet
                if stat.S_ISDIR(info.st_mode):
                    folders.append(Path(entry.path))
                else:
                    state[entry.path] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return state


def has_written(output: Path, before: dict) -> bool:
    now = output_state(output)
    return any(before.get(path) != identity for path, identity in now.items())


def kill_at_random(
    site: Path, target: Files, delay: float | None, rng: random.Random
) -> str:
    """Start a run towards ``target``, SIGKILL it, say in which phase it died.

    With a ``delay`` the kill comes after that many seconds. Without one it
    comes a few milliseconds after the output first changes: the writing
    phase is short, and a uniform delay would seldom hit it.
    """
    output = site / "feeds"
    before = output_state(output)
    run = start(site)
    deadline = time.monotonic() + (60 if delay is None else delay)
    written = False
    while time.monotonic() < deadline and run.poll() is None:
        written = written or has_written(output, before)
        if delay is None and written:
            time.sleep(rng.uniform(0, 0.015))
            break
        time.sleep(0.001)
    if run.poll() is not None:
        assert run.returncode == 0
        return "after exit"
    os.kill(run.pid, signal.SIGKILL)
    code = run.wait(timeout=10)
    if code == 0:  # it ended on its own between the poll and the kill
        return "after exit"
    assert code == -signal.SIGKILL
    if not (written or has_written(output, before)):
        return "before writing"
    done = feeds_on_disk(output) == target and not leftovers(output)
    return "after writing, before exit" if done else "writing"


def leftovers(output: Path) -> list[Path]:
    return list(output.rglob(f".*{TEMPORARY}"))


def assert_old_or_new(output: Path, corpus: Corpus) -> None:
    """Every feed is whole and is version A or B; nothing foreign is there."""
    expected = corpus.feeds["A"]
    on_disk = feeds_on_disk(output)
    assert on_disk.keys() == expected.keys(), "a feed file went missing"
    for name, data in on_disk.items():
        try:
            if name.endswith(".json"):
                json.loads(data)
            elif name.endswith((".xml", ".xsl", ".opml")):  # the HTML and CSS views
                etree.fromstring(data)  # are whole when equal to A's or B's below
        except (ValueError, etree.XMLSyntaxError) as error:
            pytest.fail(f"{name} is torn ({len(data)} bytes): {error}")
        assert data in (expected[name], corpus.feeds["B"][name]), f"{name} is torn"
    for path in output.rglob("*"):
        name = path.relative_to(output).as_posix()
        allowed = name in expected or path.is_dir()
        allowed = allowed or (path.name.startswith(".") and name.endswith(TEMPORARY))
        assert allowed, f"foreign file in the output folder: {name}"


def test_killed_runs_never_leave_a_torn_or_foreign_feed(corpus, tmp_path):
    """SIGKILL at any moment leaves each feed whole: old or new, never torn."""
    site, rng = fresh_copy(corpus, tmp_path), random.Random(SEED)
    phases = Counter()
    for kill in range(KILLS):
        # Sources always differ from the feed on disk, so every run has work.
        on_disk = (site / "feeds/rss.xml").read_bytes()
        version = "B" if on_disk == corpus.feeds["A"]["rss.xml"] else "A"
        switch(site, corpus.sources[version])
        delay = rng.uniform(0, corpus.build_seconds) if kill % 2 == 0 else None
        phases[kill_at_random(site, corpus.feeds[version], delay, rng)] += 1
        assert_old_or_new(site / "feeds", corpus)
    print(f"build {corpus.build_seconds:.2f} s; kills by phase: {dict(phases)}")
    assert phases["writing"] >= 1, phases  # the dangerous phase was really hit
    assert phases["before writing"] >= 1, phases
    final = run(site)
    assert final.returncode == 0, final.stderr
    assert not leftovers(site / "feeds")
    assert feeds_on_disk(site / "feeds") == corpus.feeds[version]


# --- 2. concurrent readers ------------------------------------------------


class Reader(threading.Thread):
    """Reads every feed again and again until told to stop (or 60 s pass)."""

    def __init__(self, output: Path, corpus: Corpus) -> None:
        super().__init__(daemon=True)
        self.output, self.corpus = output, corpus
        self.stop, self.seen, self.torn = threading.Event(), Counter(), []

    def run(self) -> None:
        deadline = time.monotonic() + 60
        while not self.stop.is_set() and time.monotonic() < deadline:
            if self.seen.total() > 2_000_000 or self.torn:
                return
            for name, a_bytes in self.corpus.feeds["A"].items():
                data = (self.output / name).read_bytes()
                if data == a_bytes:
                    self.seen["A"] += 1
                elif data == self.corpus.feeds["B"][name]:
                    self.seen["B"] += 1
                else:
                    self.torn.append(f"{name}: {len(data)} bytes")
            time.sleep(0.001)  # let the main thread rewrite sources meanwhile


def test_readers_never_see_a_torn_file(corpus, tmp_path):
    """A web server reading during a rebuild serves the old or the new feed."""
    site = fresh_copy(corpus, tmp_path)
    reader = Reader(site / "feeds", corpus)
    reader.start()
    try:
        for build in range(REBUILDS):
            switch(site, corpus.sources["BA"[build % 2]])
            result = run(site)
            assert result.returncode == 0, result.stderr
    finally:
        reader.stop.set()
        reader.join(timeout=10)
    assert not reader.is_alive()
    print(f"reads by version: {dict(reader.seen)}")
    assert reader.torn == [], reader.torn[:5]
    assert reader.seen.total() > 200, reader.seen
    assert reader.seen["A"] and reader.seen["B"], reader.seen  # reads overlapped


# --- 3. the lock ------------------------------------------------------------


def small_site(tmp_path: Path, config: str) -> Path:
    """A small site built from version A, with sources switched to B."""
    site = make_site(tmp_path / "small", corpus_sources(20, "A "), config)
    assert run(site).returncode == 0
    switch(site, corpus_sources(20, "B "))
    return site


def snapshot(output: Path) -> dict[str, tuple[bytes, int]]:
    return {
        name: (data, (output / name).stat().st_mtime_ns)
        for name, data in feeds_on_disk(output).items()
    }


def hold_lock_until_killed(lock: Path) -> subprocess.Popen:
    """A process that takes the lock, says so, and sleeps."""
    code = (
        "import fcntl, time\n"
        f"lock = open({str(lock)!r}, 'a+')\n"
        "fcntl.flock(lock, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert holder.stdout.readline() == b"locked\n"
    return holder


def the_lock(site: Path, temporary: Path) -> Path:
    """The lock file the build made: in the cache folder, or without a
    cache in feedsmith's private temporary folder (the only file there)."""
    if (site / ".feedsmith-cache").exists():
        return site / ".feedsmith-cache/lock"
    [lock] = (temporary / f"feedsmith-{os.getuid()}").iterdir()
    return lock


@pytest.mark.parametrize("cache", ["", "cache: false\n"], ids=["cache", "no cache"])
def test_a_second_run_waits_or_fails_clearly(tmp_path, monkeypatch, cache):
    """Two runs never interleave, and a dead run's lock never blocks."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # for the runs started here
    site = small_site(tmp_path, CONFIG + cache)
    output = site / "feeds"
    before = snapshot(output)
    with open(the_lock(site, tmp_path), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        began = time.monotonic()
        refused = run(site)
        assert time.monotonic() - began < 10
        assert refused.returncode != 0
        assert "another feedsmith run" in refused.stderr
        assert "--wait" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert snapshot(output) == before  # nothing written, mtimes kept
        waiting = start(site, "--wait")
        time.sleep(0.5)
        still_waiting = waiting.poll() is None
        unchanged = snapshot(output) == before
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert waiting.wait(timeout=30) == 0
    assert still_waiting, "--wait did not wait for the lock"
    assert unchanged, "--wait wrote while another run held the lock"
    after = snapshot(output)
    feeds = [name for name in before if name.endswith((".xml", ".json"))]
    assert feeds and all(after[name][0] != before[name][0] for name in feeds)
    holder = hold_lock_until_killed(the_lock(site, tmp_path))
    assert run(site).returncode != 0  # the holder really holds the lock
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    holder.stdout.close()
    assert run(site).returncode == 0
