"""The engine against the pipeline, after random steps on one site.

A hypothesis state machine edits a site as its writer, its CI and bad luck
would: it adds, edits, renames, moves and deletes articles in every source
format, touches files without changing them, changes ``config.yaml``, moves
the clock past articles that are future-dated or expire, damages the cache
and the output, and kills ``generate.py`` half-way. After every step the
files :func:`feedsmith.publish` leaves on disk must be, byte for byte, the
files :func:`feedsmith.feeds` makes from scratch, with the same warnings;
where the pipeline fails, the engine fails with the same errors and leaves
the feeds as they were. ``--check`` must name exactly the stale files, and
a second run must take everything from the cache.

A fast test writes every file within ``feedsmith.files.RACY`` of the build,
so that the cache would trust no stamp and its paths would never run: the
machine sets ``RACY`` to 0 (but for one step now and then), and gives each
write a later modification time than the last.

Bounded for CI. The long run (see the README)::

    FEEDSMITH_MACHINES=200 FEEDSMITH_STEPS=40 python -m pytest tests/test_stateful.py
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from conftest import REPO
from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

import feedsmith.files
from feedsmith import SourceErrors, feeds, load_config, publish
from feedsmith.pipeline.views import VIEW_NAMES

MACHINES = int(os.environ.get("FEEDSMITH_MACHINES", "10"))
STEPS = int(os.environ.get("FEEDSMITH_STEPS", "10"))
REAL_RACY = feedsmith.files.RACY
START = datetime(2026, 7, 1, tzinfo=UTC)  # most articles are past, some future

# Folders of the site: two source folders, the first with two sections.
FOLDERS = ("content/posts", "content/notes", "extra")
SOURCES = ["content", "extra"]
# the feeds, and the human views of them
FEED_NAMES = frozenset({"rss.xml", "atom.xml", "feed.json"}) | VIEW_NAMES
# Few names and titles, so that links, slugs and navigation sometimes meet.
STEMS = ("quarry", "walls", "kiln", "shaft", "2025-03-05-pit", "index")
TITLES = (
    "Quarry reopens",
    "Drystone walls",
    "Lime & kilns",
    "Shaft <7> depths",
    'Ore "grade" notes',
    "Café tailings",
)
TAGS = ("Mining", "history", "Lime Kilns", "ore", "Ore")
ZONES = ("UTC", "Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati")
PERMALINKS = (
    "/{year}/{month}/{slug}/",
    "/{section}/{slug}/",
    "/{slug}.html",
    "/{year}/{month}/{day}/{slug}/",
)
# How a source is written: four good formats, and three ways to be wrong
# (an error, an error, a file skipped with a warning).
KINDS = ("yaml", "toml", "txt", "html", "broken", "undated", "binary")
BAD_KINDS = KINDS[4:]  # written as .md files, as "yaml" is
SUFFIX = {"toml": ".markdown", "txt": ".txt", "html": ".html"}


@dataclass(frozen=True)
class When:
    """A date as a source writes it: local time, and an offset or none
    (then ``site.timezone`` decides)."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    offset: str  # "", "Z", "+02:00", "-07:00"

    def text(self, *, iso: bool = False, offset: bool = True) -> str:
        """``2025-03-01 00:30``, or ISO 8601 (as TOML and HTML want) when
        ``iso`` or when an offset is written."""
        day = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        clock = f"{self.hour:02d}:{self.minute:02d}"
        zone = self.offset if offset else ""
        if not (iso or zone):
            return f"{day} {clock}"
        return f"{day}T{clock}:00{zone}"

    def moment(self, zone: str) -> datetime:
        local = datetime(self.year, self.month, self.day, self.hour, self.minute)
        if not self.offset:
            return local.replace(tzinfo=ZoneInfo(zone))
        if self.offset == "Z":
            return local.replace(tzinfo=UTC)
        return datetime.fromisoformat(f"{local.isoformat()}{self.offset}")


@dataclass(frozen=True)
class Spec:
    """What one source holds; written out by :func:`source_bytes`."""

    kind: str
    title: str
    date: When
    updated: When | None = None
    expires: When | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    summary: bool = False
    slug: str | None = None
    related: str | None = None  # a title the article names as its neighbour
    body: int = 0  # which body, from bodies()
    revision: int = 0  # bumped by every edit that changes the bytes

    def moments(self, zone: str) -> list[datetime]:
        """When the article appears, is updated or expires (feeds change
        then), as far as its source says."""
        if self.kind == "txt":  # whose date line carries no offset
            return [replace(self.date, offset="").moment(zone)]
        expires = self.expires if self.kind in ("yaml", "toml") else None
        whens = (self.date, self.updated, expires)
        return [when.moment(zone) for when in whens if when]


whens = st.builds(
    When,
    year=st.sampled_from((2025, 2026)),
    month=st.integers(1, 12),
    day=st.sampled_from((1, 15, 28)),
    hour=st.sampled_from((0, 12, 23)),
    minute=st.sampled_from((0, 30)),
    offset=st.sampled_from(("", "", "Z", "+02:00", "-07:00")),
)
specs = st.builds(
    Spec,
    kind=st.sampled_from(KINDS[:4] * 6 + BAD_KINDS),
    title=st.sampled_from(TITLES),
    date=whens,
    updated=st.none() | whens,
    expires=st.sampled_from((None, None, None)) | whens,
    tags=st.lists(st.sampled_from(TAGS), max_size=3, unique=True).map(tuple),
    draft=st.sampled_from((False,) * 5 + (True,)),
    summary=st.booleans(),
    slug=st.none() | st.none() | st.sampled_from(("quarry", "other-slug")),
    related=st.none() | st.sampled_from(TITLES),
    body=st.integers(0, 6),
)
# The fields an edit of the front matter changes (not the kind: the name
# would change with it).
FIELDS = ("title", "date", "updated", "expires", "tags", "draft", "summary",
          "slug", "related")  # fmt: skip
FEED_SETTINGS = st.one_of(
    st.tuples(st.just("feeds.limit"), st.integers(1, 5)),
    st.tuples(st.just("feeds.archive"), st.sampled_from((False, True, 1, 2))),
    st.tuples(
        st.just("feeds.formats"),
        st.lists(st.sampled_from(("rss", "atom", "json")), min_size=1, unique=True),
    ),
    st.tuples(st.just("feeds.content"), st.sampled_from(("full", "summary"))),
    st.tuples(st.just("feeds.tags"), st.booleans()),
    st.tuples(
        st.just("feeds.by"),
        st.lists(st.sampled_from(("tags", "authors", "sections")), unique=True),
    ),
    st.tuples(
        st.just("feeds.custom"),
        st.sampled_from(
            (
                [],
                [{"name": "ore", "tags": ["ore"], "limit": 2}],
                [{"name": "notes", "paths": ["notes/"], "since": "2026-01-01"}],
            )
        ),
    ),
    st.tuples(st.just("feeds.future"), st.booleans()),
    st.tuples(st.just("content.max_bytes"), st.sampled_from((1_000_000, 600))),
    # small enough that feeds are cut, their notes kept with them
    st.tuples(st.just("feeds.max_bytes"), st.sampled_from((524_288, 4096))),
)
places = st.tuples(st.sampled_from(FOLDERS), st.sampled_from(STEMS))
picks = st.integers(0, 10_000)  # an existing source, by index modulo their number


def bodies(spec: Spec) -> str:
    """A Markdown body: a relative link and image, and now and then a
    bare URL, a character no feed can carry, a long text, markup to
    sanitize, an excerpt separator, or links to other sources (which may
    exist, be renamed, drafts, or missing)."""
    first = (
        f"Notes from the [old quarry](../quarry/) and its "
        f"![kiln](img/kiln.png), revision {spec.revision}."
    )
    extra = (
        "",
        "\n\nMore at https://example.com/pits and [home](/).",
        "\n\nA bell \x07 rang at the pit head.",
        "\n\n" + "Long spoil heaps and deep shafts. " * 60,
        '\n\n<p onclick="steal()">Raw <script>alert(1)</script>markup.</p>',
        "\n\n<!--more-->\n\nAfter the fold.",
        "\n\nNext: [the walls](walls.md) and [the kiln](../posts/kiln.md#fire).",
    )[spec.body]
    return first + extra + "\n"


def source_bytes(spec: Spec) -> bytes:
    if spec.kind == "binary":
        return b"\x00\x01\x02binary\xff\xfe" * 8
    writer = {
        "yaml": _yaml,
        "broken": _yaml,
        "undated": _yaml,
        "toml": _toml,
        "txt": _plain_text,
        "html": _html,
    }[spec.kind]
    return writer(spec).encode("utf-8")


def _yaml(spec: Spec) -> str:
    lines = ["---", f"title: {json.dumps(spec.title, ensure_ascii=False)}"]
    if spec.kind != "undated":
        lines.append(f"date: {spec.date.text()}")
    if spec.updated:
        lines.append(f"updated: '{spec.updated.text()}'")
    if spec.expires:
        lines.append(f"expiryDate: {spec.expires.text()}")
    if spec.tags:
        lines.append(f"tags: {json.dumps(list(spec.tags))}")
    if spec.draft:
        lines.append("draft: true")
    if spec.summary:
        lines.append(f"summary: Summary of revision {spec.revision}")
    if spec.slug:
        lines.append(f"slug: {spec.slug}")
    if spec.kind == "broken":
        lines.append("tags: [unclosed")
    return "\n".join([*lines, "---", bodies(spec)])


def _toml(spec: Spec) -> str:
    title = json.dumps(spec.title, ensure_ascii=False)
    lines = ["+++", f"title = {title}", f"date = {spec.date.text(iso=True)}"]
    if spec.updated:
        lines.append(f'lastmod = "{spec.updated.text()}"')
    if spec.expires:
        lines.append(f'expiryDate = "{spec.expires.text()}"')
    if spec.tags:
        lines.append(f"tags = {json.dumps(list(spec.tags))}")
    if spec.draft:
        lines.append("draft = true")
    if spec.summary:
        lines.append(f'description = "Summary of revision {spec.revision}"')
    if spec.slug:
        lines.append(f'slug = "{spec.slug}"')
    return "\n".join([*lines, "+++", bodies(spec)])


def _plain_text(spec: Spec) -> str:
    lines = [spec.title]
    if spec.tags:
        lines.append(f"Tags: {', '.join(spec.tags)}")
    lines += ["", f"Saved page, revision {spec.revision}. Tom & Jerry <3.", ""]
    if spec.body == 3:
        lines += ["Long spoil heaps and deep shafts. " * 60, ""]
    lines.append(spec.date.text(offset=False))
    if spec.related:
        lines.append(f"Previous:{spec.related}")
    return "\r\n".join(lines) + "\r\n"


def _html(spec: Spec) -> str:
    head = [f"<title>{escape(spec.title)} | Pit Gazette</title>"]
    head.append(_meta("article:published_time", spec.date.text(iso=True)))
    if spec.updated:
        head.append(_meta("article:modified_time", spec.updated.text(iso=True)))
    head += [_meta("article:tag", tag) for tag in spec.tags]
    if spec.summary:
        head.append(f'<meta name="description" content="Revision {spec.revision}">')
    body = (
        f"<h1>{escape(spec.title)}</h1><p>See <a href='../quarry/'>the quarry</a>"
        f" and <img src='img/kiln.png' alt='kiln'>, revision {spec.revision}.</p>"
    )
    if spec.body == 2:
        body += "<p>bell &#7; here</p>"
    return (
        "<!DOCTYPE html>\n<html><head>\n<meta charset='utf-8'>\n"
        + "\n".join(head)
        + "\n</head>\n<body><nav>Home</nav><article>"
        + body
        + "</article></body></html>\n"
    )


def _meta(name: str, value: str) -> str:
    return f'<meta property="{name}" content="{escape(value)}">'


def path_of(folder: str, stem: str, spec: Spec) -> str:
    return f"{folder}/{stem}{SUFFIX.get(spec.kind, '.md')}"


def error_key(errors) -> list[tuple[str, int, int, str]]:
    return [(str(e.path), e.line, e.column, e.message) for e in errors]


def warning_key(warnings) -> list[tuple[str, int, str]]:
    return [
        (str(w.path), w.line, w.message)
        for w in warnings
        if not w.message.startswith("cache disabled")
    ]


class SiteMachine(RuleBasedStateMachine):
    """One site, edited at random; the engine checked after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="feedsmith-stateful-"))
        self.config_path = self.root / "config.yaml"
        self.output = self.root / "feeds"
        self.cache = self.root / ".feedsmith-cache"
        self.sources: dict[str, Spec] = {}  # by path relative to the root
        self.values = {
            "site": {
                "title": "Pit Notes",
                "url": "https://example.org/blog/",
                "description": "Notes from the pits",
                "timezone": "UTC",
            },
            "sources": SOURCES,
            "permalink": PERMALINKS[0],
            "feeds": {
                "formats": ["rss", "atom", "json"],
                "limit": 3,
                "content": "full",
                "tags": True,
                "future": False,
            },
            "content": {"max_bytes": 1_000_000},
            "text": {"title_cleanup": " [|] Pit Gazette$"},  # saved pages' titles
        }
        self.now = START
        self.keep_going = False
        self.real_racy = False  # this step only: RACY as shipped
        self.file_time = 1_700_000_000 * 10**9  # fake mtimes, always increasing
        for folder in FOLDERS:
            (self.root / folder).mkdir(parents=True)
        self.write_config()
        feedsmith.files.RACY = 0  # else every file of a fast test is "racy"

    def teardown(self) -> None:
        feedsmith.files.RACY = REAL_RACY
        shutil.rmtree(self.root, ignore_errors=True)

    # --- writing, as a user's editor would ---

    def stamp(self, path: Path) -> None:
        """A new mtime, later than any before: two writes in one tick of
        the file system's clock must not keep a stamp."""
        self.file_time += 10**9
        os.utime(path, ns=(self.file_time, self.file_time))

    def write(self, relative: str, spec: Spec) -> None:
        path = self.root / relative
        path.write_bytes(source_bytes(spec))
        self.stamp(path)
        self.sources[relative] = spec

    def write_config(self) -> None:
        text = yaml.safe_dump(self.values, sort_keys=False, allow_unicode=True)
        self.config_path.write_text(text, encoding="utf-8")
        self.stamp(self.config_path)

    def pick(self, index: int) -> str | None:
        """An existing source, if there is any."""
        if not self.sources:
            return None
        return sorted(self.sources)[index % len(self.sources)]

    # --- rules ---

    @initialize(
        new=st.lists(st.tuples(places, specs), min_size=2, max_size=8),
        keep_going=st.booleans(),
    )
    def start(self, new, keep_going) -> None:
        self.add(new)
        self.keep_going = keep_going

    @rule(new=st.lists(st.tuples(places, specs), min_size=1, max_size=3))
    def add(self, new) -> None:
        """New sources (or new versions of existing ones), as a pull brings."""
        for (folder, stem), spec in new:
            self.write(path_of(folder, stem, spec), spec)

    @rule(index=picks, body=st.integers(0, 6))
    def edit_body(self, index, body) -> None:
        self.edit(index, body=body)

    @rule(index=picks, fresh=specs, field=st.sampled_from(FIELDS))
    def edit_front_matter(self, index, fresh, field) -> None:
        """One field of the source's metadata takes a new value; the kind
        of source (and so its file name) stays."""
        self.edit(index, **{field: getattr(fresh, field)})

    def edit(self, index: int, **changes: object) -> None:
        """Save a source with ``changes``; one that was broken is fixed."""
        path = self.pick(index)
        if path is None:
            return
        spec = self.sources[path]
        kind = "yaml" if spec.kind in BAD_KINDS else spec.kind
        changed = replace(spec, **changes, kind=kind, revision=spec.revision + 1)
        self.write(path, changed)

    @rule(index=picks, place=places, same_folder=st.booleans())
    def rename_or_move(self, index, place, same_folder) -> None:
        """Rename within the folder, or move to another; a source already
        at the new name is replaced, as ``mv`` does."""
        path = self.pick(index)
        if path is None:
            return
        folder, stem = place
        if same_folder:
            folder = path.rpartition("/")[0]
        target = path_of(folder, stem, self.sources[path])
        if target != path:
            os.replace(self.root / path, self.root / target)
            self.sources[target] = self.sources.pop(path)

    @rule(index=picks)
    def delete(self, index) -> None:
        path = self.pick(index)
        if path is not None:
            (self.root / path).unlink()
            del self.sources[path]

    @rule(index=picks, config=st.booleans())
    def touch(self, index, config) -> None:
        """New times, same bytes: nothing may change."""
        path = self.pick(index)
        self.stamp(self.config_path if config or path is None else self.root / path)

    @rule(permalink=st.sampled_from(PERMALINKS))
    def change_permalink(self, permalink) -> None:
        self.configure("permalink", permalink)

    @rule(zone=st.sampled_from(ZONES))
    def change_time_zone(self, zone) -> None:
        self.configure("site.timezone", zone)

    @rule(change=FEED_SETTINGS)
    def change_feed_setting(self, change) -> None:
        self.configure(*change)

    def configure(self, key: str, value: object) -> None:
        """Set ``key`` (dotted) in config.yaml to ``value``."""
        *parents, name = key.split(".")
        place = self.values
        for parent in parents:
            place = place[parent]
        place[name] = value
        self.write_config()

    @rule(hours=st.integers(1, 24 * 120))
    def advance_clock(self, hours) -> None:
        self.now += timedelta(hours=hours)

    @rule(hours=st.integers(1, 24 * 60))
    def set_clock_back(self, hours) -> None:
        """A run on a machine whose clock is behind the last one's."""
        self.now -= timedelta(hours=hours)

    @rule(nudge=st.sampled_from((-1, 0, 1)))
    def advance_to_next_change(self, nudge) -> None:
        """Onto (or just around) the next moment an article appears or expires."""
        zone = self.values["site"]["timezone"]
        moments = [
            moment
            for spec in self.sources.values()
            for moment in spec.moments(zone)
            if moment > self.now
        ]
        if moments:
            self.now = min(moments) + timedelta(seconds=nudge)

    @rule(keep_going=st.booleans())
    def set_keep_going(self, keep_going) -> None:
        self.keep_going = keep_going

    @rule(how=st.sampled_from(("garbage", "garble", "truncate", "halve", "delete")))
    def damage_cache(self, how) -> None:
        database = self.cache / "cache.sqlite3"
        if how == "delete":
            shutil.rmtree(self.cache, ignore_errors=True)
            return
        if not database.exists():
            self.cache.mkdir(exist_ok=True)
            database.write_bytes(b"")
        data = database.read_bytes()
        if how == "garbage":
            data = b"not a database at all\n" * 50
        elif how == "garble":  # the header intact, pages overwritten
            data = data[:100] + bytes(range(256)) * (max(len(data) - 100, 0) // 256)
        elif how == "truncate":
            data = b""
        else:
            data = data[: len(data) // 2]
        database.write_bytes(data)

    @rule(index=picks, how=st.sampled_from(("append", "delete", "edit")))
    def damage_output(self, index, how) -> None:
        """A feed file deleted, or changed so that it still names itself
        (so it remains provably feedsmith's): a newline added, or one
        letter changed, keeping its size."""
        written = sorted(self.feed_files())
        if not written:
            return
        path = written[index % len(written)]
        if how == "delete":
            path.unlink()
        elif how == "edit":
            path.write_bytes(path.read_bytes().replace(b"Pit Notes", b"Pit Nodes"))
        else:
            with path.open("ab") as stream:
                stream.write(b"\n")

    @rule(milliseconds=st.integers(0, 700))
    def kill_a_run(self, milliseconds) -> None:
        """``generate.py`` killed at a random moment (its imports take about
        0.3 s, a run of this site about 0.3 s more); it uses the real clock."""
        command = [sys.executable, str(REPO / "generate.py"), "--config"]
        process = subprocess.Popen(
            [*command, str(self.config_path)],
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(milliseconds / 1000)
        process.send_signal(signal.SIGKILL)
        process.wait()
        event(f"run killed: {'finished' if process.returncode >= 0 else 'killed'}")

    @rule()
    def trust_no_recent_stamp(self) -> None:
        """For the next check only, files changed in the last 3 s are not
        trusted by their stamp, as in a real run."""
        self.real_racy = True

    # --- the one invariant ---

    def feed_files(self) -> dict[Path, bytes]:
        """Every feed file under the output folder, and its bytes."""
        if not self.output.exists():
            return {}
        return {
            path: path.read_bytes()
            for path in sorted(self.output.rglob("*"))
            if path.name in FEED_NAMES and path.is_file()
        }

    @invariant()
    def engine_equals_pipeline(self) -> None:
        feedsmith.files.RACY = REAL_RACY if self.real_racy else 0
        try:
            self.compare()
        finally:
            feedsmith.files.RACY = 0
            self.real_racy = False

    def compare(self) -> None:
        config = load_config(self.config_path)
        before = self.feed_files()
        try:
            expected = feeds(config, self.now, keep_going=self.keep_going)
        except SourceErrors as failure:
            for error in failure.errors:
                event(f"error: {error.message.split(':')[0].split(' as ')[0]}")
            self.compare_failure(config, failure, before)
            return
        event("state: feeds made")
        self.compare_check(config, expected, before)
        report = publish(config, self.now, keep_going=self.keep_going)
        self.assert_same(report, expected)
        assert sorted(report.feeds) == sorted(expected.files)
        on_disk = self.feed_files()
        assert sorted(on_disk) == sorted(expected.files)
        for path, data in expected.files.items():
            assert on_disk[path] == data, path
        everything = [p for p in self.output.rglob("*") if p.is_file()]
        assert sorted(everything) == sorted(expected.files)  # no leftovers
        check = publish(config, self.now, check=True, keep_going=self.keep_going)
        assert check.changed == ()
        assert check.retired.removed == ()
        self.assert_same(check, expected)
        self.compare_rebuild(config, expected)
        assert self.feed_files() == on_disk

    def compare_check(self, config, expected, before) -> None:
        """``check`` finds exactly the files on disk that differ from the
        pipeline's, and those to retire, and changes nothing."""
        stale = [
            path for path, data in expected.files.items() if before.get(path) != data
        ]
        check = publish(config, self.now, check=True, keep_going=self.keep_going)
        self.assert_same(check, expected)
        assert sorted(check.changed) == sorted(stale)
        assert sorted(check.retired.removed) == sorted(before.keys() - expected.files)
        assert self.feed_files() == before

    def compare_rebuild(self, config, expected) -> None:
        """Built again with nothing changed: the cache serves everything."""
        again = publish(config, self.now, keep_going=self.keep_going)
        self.assert_same(again, expected)
        assert again.changed == ()
        if any(w.message.startswith("cache disabled") for w in again.warnings):
            event("cache disabled on a rebuild")
            return
        assert again.rendered == 0
        assert again.reused == len(again.feeds)
        assert again.walked == 0 or self.real_racy
        # Parsed again: only the sources the cache cannot vouch for by their
        # content (skipped ones, which keep no content hash, or errors that
        # keep_going left out), when the last build cannot be reused whole,
        # its sources' stamps being too recent.
        unkept = len(again.skipped)
        unkept += sum(w.message.startswith("skipped:") for w in again.warnings)
        assert again.parsed <= (unkept if self.real_racy else 0)

    def compare_failure(self, config, failure: SourceErrors, before) -> None:
        """The engine fails as the pipeline does, checking or not, and
        leaves the feeds as they were."""
        for check in (True, False):
            try:
                publish(config, self.now, check=check, keep_going=self.keep_going)
            except SourceErrors as engine:
                assert error_key(engine.errors) == error_key(failure.errors)
                assert error_key(engine.skipped) == error_key(failure.skipped)
                assert engine.skippable == failure.skippable
            else:
                raise AssertionError(f"publish() made feeds; feeds() raised {failure}")
            assert self.feed_files() == before

    @staticmethod
    def assert_same(report, expected) -> None:
        assert warning_key(report.warnings) == warning_key(expected.warnings)
        assert error_key(report.skipped) == error_key(expected.skipped)
        assert report.articles == expected.articles


SiteMachine.TestCase.settings = settings(
    max_examples=MACHINES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    # Each step builds the site five times: shrink a failure, but leave out
    # the explain phase, which would replay it for minutes more.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
TestEngineEqualsPipeline = SiteMachine.TestCase
