"""Files as users leave them: pipes, sockets, links, locked folders, odd
output and cache locations, a rename refused half-way. Each runs the CLI as
a subprocess with a time limit, on a site laid out on disk."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASIC_CONFIG, REPO, assert_no_traceback, run_cli

from feedsmith.errors import ConfigError

POST = "---\ntitle: {title}\ndate: 2024-01-0{day}\ntags: [{tag}]\n---\nBody.\n"
# root reads and writes anything; without these it meets permissions as a user does
NO_OVERRIDE = "-dac_override,-dac_read_search,-fowner"


def post(site, name: str, title: str = "Kept", day: int = 1, tag: str = "x"):
    return site.source(name, POST.format(title=title, day=day, tag=tag))


def run_as_user(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``generate.py ARGS`` as a user: as root, with its power to ignore file
    permissions dropped (root's tests would otherwise read anything)."""
    command = [sys.executable, str(REPO / "generate.py"), *args]
    if os.geteuid() == 0:
        command = [*_drop_override(), *command]
    try:
        return subprocess.run(
            command,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"generate.py {' '.join(args)} hung for over 30 s")


def _drop_override() -> list[str]:
    setpriv = shutil.which("setpriv")
    command = [setpriv or "setpriv", f"--bounding-set={NO_OVERRIDE}"]
    probe = subprocess.run([*command, "true"], capture_output=True, check=False)
    if setpriv is None or probe.returncode != 0:
        pytest.skip("cannot drop root's file capabilities (setpriv, util-linux)")
    return command


def feed(site) -> str:
    return (site.root / "feeds/rss.xml").read_text(encoding="utf-8")


# --- sources that are no files -----------------------------------------------


def test_fifo_without_a_writer_is_skipped_cold_warm_and_checked(site):
    post(site, "a.md")
    os.mkfifo(site.root / "sources/pipe.md")  # nobody ever writes to it
    warning = (
        "sources/pipe.md: warning: skipped: a FIFO (named pipe), not a regular file"
    )
    for args in [(), (), ("--check",)]:  # cold, warm from the cache, check
        result = run_cli(site.root, *args, timeout=10)
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr
        assert warning in result.stderr.splitlines()
    assert "<title>Kept</title>" in feed(site)


def test_source_replaced_by_a_fifo_after_a_build_is_skipped(site):
    post(site, "a.md")
    gone = post(site, "b.md", "Gone", day=2)
    assert run_cli(site.root, timeout=10).returncode == 0
    gone.unlink()
    os.mkfifo(gone)  # the cache knows b.md as an article
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "sources/b.md: warning: skipped: a FIFO (named pipe), not a regular file"
    ]
    assert "Gone" not in feed(site)


def test_unix_socket_is_skipped_like_a_fifo(site):
    post(site, "a.md")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(site.root / "sources/sock.md"))
        result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert (
        "sources/sock.md: warning: skipped: a socket, not a regular file"
        in result.stderr.splitlines()
    )


def test_device_is_skipped(site):
    post(site, "a.md")
    try:
        os.mknod(site.root / "sources/null.md", 0o600 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("this system does not let the tests make a device node")
    result = run_cli(site.root, timeout=10)
    assert result.returncode == 0, result.stderr
    assert (
        "sources/null.md: warning: skipped: a character device, not a regular file"
        in result.stderr.splitlines()
    )


# --- links -------------------------------------------------------------------


def test_link_loops_are_reported_as_loops(site):
    post(site, "real/a.md")
    sources = site.root / "sources"
    (sources / "a.md").symlink_to("b.md")
    (sources / "b.md").symlink_to("a.md")
    (sources / "self.md").symlink_to("self.md")
    (sources / "real/again").symlink_to("..", target_is_directory=True)
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for name, target in [("a.md", "b.md"), ("b.md", "a.md"), ("self.md", "self.md")]:
        assert (
            f"sources/{name}: warning: skipped: a link to {target} that leads "
            "back to itself (a loop of links); fix or remove the link"
        ) in lines
    assert (
        "sources/real/again: warning: skipped: the link leads back into a "
        "folder already read (a loop)"
    ) in lines
    assert "<title>Kept</title>" in feed(site)


def test_dangling_link_says_where_it_leads(site):
    post(site, "a.md")
    (site.root / "sources/moved.md").symlink_to("drafts/moved.md")
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert (
        "sources/moved.md: warning: skipped: a link to drafts/moved.md, "
        "which does not exist; fix or remove the link"
    ) in result.stderr.splitlines()
    assert "vanished" not in result.stderr


# --- permissions (root's override dropped) -----------------------------------


@pytest.fixture
def locked_away(site):
    """A folder and a file of the sources nobody may read; put back after."""
    post(site, "a.md")
    post(site, "private/b.md", "Hidden", day=2)
    secret = post(site, "secret.md", "Secret", day=3)
    locked = [site.root / "sources/private", secret]
    for path in locked:
        path.chmod(0)
    yield site
    for path in locked:
        path.chmod(0o755)


def test_unreadable_folder_and_file_are_errors(locked_away):
    result = run_as_user(locked_away.root)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert (
        "sources/private: cannot read folder: Permission denied; it may hold "
        "articles: let feedsmith read it (chmod a+rx) or exclude it in "
        "sources.exclude"
    ) in lines
    assert (
        "sources/secret.md: cannot read file: Permission denied; let feedsmith "
        "read it (chmod a+r) or exclude it in sources.exclude"
    ) in lines
    assert not (locked_away.root / "feeds/rss.xml").exists()


def test_keep_going_skips_unreadable_folder_and_file(locked_away):
    skipped = [
        "sources/private: skipped: cannot read folder: Permission denied; it may "
        "hold articles: let feedsmith read it (chmod a+rx) or exclude it in "
        "sources.exclude",
        "sources/secret.md: skipped: cannot read file: Permission denied; let "
        "feedsmith read it (chmod a+r) or exclude it in sources.exclude",
    ]
    for _ in range(2):  # the second time, the walk could come from the cache
        result = run_as_user(locked_away.root, "--keep-going")
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines() == skipped
        assert "<title>Kept</title>" in feed(locked_away)
        assert "Hidden" not in feed(locked_away)


# --- where output and cache may go -------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("output: {home}", "output: {home} is your home folder"),
        ("output: .", "output: {root} holds config.yaml"),
        ("output: ..", "output: {parent} holds config.yaml"),
        ("output: sources", "output: {root}/sources is the source folder"),
        ("output: sources/feeds", "output: {root}/sources/feeds is inside the source folder"),
        ("output: linked", "output: {root}/sources is the source folder"),
        ("cache: .", "cache: {root} holds config.yaml"),
        ("cache: feeds/cache", "cache: {root}/feeds/cache is inside the output folder"),
        ("output: .feedsmith-cache/feeds", "output: {root}/.feedsmith-cache/feeds is inside the cache folder"),
        ("cache: sources/.cache", "cache: {root}/sources/.cache is inside the source folder"),
    ],
)  # fmt: skip
def test_dangerous_output_and_cache_locations_are_refused(
    site, tmp_path_factory, settings, message
):
    home = tmp_path_factory.mktemp("home").resolve()
    (site.root / "linked").symlink_to("sources", target_is_directory=True)
    post(site, "a.md")
    root = site.root.resolve()
    names = {"home": home, "root": root, "parent": root.parent}
    site.config(
        "site: {title: T, url: https://example.org/, description: D}\n"
        + settings.format(**names)
        + "\n"
    )
    before = sorted(site.root.rglob("*"))
    result = run_cli(site.root, env={"HOME": str(home)}, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.removeprefix("error: ").splitlines()
    expected = "config.yaml: " + message.format(**names)
    assert any(line.startswith(expected) for line in lines), result.stderr
    assert sorted(site.root.rglob("*")) == before  # nothing written
    assert list(home.iterdir()) == []


def test_root_folder_is_refused_before_anything_is_written(site):
    """Checked in-process: were the check gone, a subprocess would write to /."""
    site.config(
        "site: {title: T, url: https://example.org/, description: D}\n"
        "output: /\ncache: /\n"
    )
    with pytest.raises(ConfigError) as refused:
        site.load()
    assert str(refused.value).splitlines() == [
        "config.yaml: output: / is the root folder; choose a folder of its own, "
        "such as feeds",
        "config.yaml: cache: / is the root folder; choose a folder of its own, "
        "such as .feedsmith-cache",
    ]


def test_every_location_problem_is_listed_at_once(site):
    post(site, "a.md")
    site.config(
        "site: {title: T, url: https://example.org/, description: D}\n"
        "output: sources\ncache: .\n"
    )
    result = run_cli(site.root, timeout=10)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("error: config.yaml: output: ")
    assert lines[1].startswith("config.yaml: cache: ")


# --- writing -----------------------------------------------------------------


def test_only_feedsmiths_own_leftovers_are_removed(site):
    post(site, "a.md")
    site.config(
        "site: {title: T, url: https://example.org/, description: D}\noutput: public\n"
        "feeds: {custom: [{name: picks, folder: our/picks/}], archive: true}\n"
    )
    public = site.root / "public"
    mine = [public / ".rss.xml.ab12cd34.feedsmith-tmp",
            public / "tags/x/.atom.xml.k_9zq0ab.feedsmith-tmp",
            public / "our/picks/.feed.json.zz12cd34.feedsmith-tmp",
            public / "tags/x/archive/2/.rss.xml.ab12cd34.feedsmith-tmp"]  # fmt: skip
    theirs = [public / "notes/.rss.xml.ab12cd34.feedsmith-tmp",
              public / ".plan.feedsmith-tmp",
              public / "tags/x/.keep"]  # fmt: skip
    for path in [*mine, *theirs]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (public / "notes/loop").symlink_to("loop")  # a walk of the folder would fail
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert [path.exists() for path in mine] == [False] * len(mine)
    assert [path.exists() for path in theirs] == [True, True, True]


@pytest.mark.parametrize("args", [(), ("--check",)])
def test_fifo_in_place_of_a_feed_is_an_error_not_a_hang(site, args):
    post(site, "a.md", "Old")
    assert run_cli(site.root, timeout=10).returncode == 0
    atom = site.root / "feeds/atom.xml"
    atom.unlink()
    os.mkfifo(atom)  # nobody ever writes to it
    post(site, "a.md", "New")
    result = run_cli(site.root, *args, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    output = site.root.resolve() / "feeds"
    assert result.stderr.splitlines() == [
        f"error: output: atom.xml in {output} is a FIFO (named pipe), not a "
        "regular file; remove it; no feed was changed"
    ]
    assert "<title>Old</title>" in feed(site)


def test_lock_that_is_a_link_is_not_followed(site, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    post(site, "a.md")
    (site.root / ".feedsmith-cache").mkdir()
    (site.root / ".feedsmith-cache/lock").symlink_to(elsewhere / "lock")
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert not (elsewhere / "lock").exists()
    cache = site.root.resolve() / ".feedsmith-cache"
    assert result.stderr.splitlines() == [
        f"error: output: cannot lock {site.root.resolve() / 'feeds'}: "
        f"{cache / 'lock'} is a link; feedsmith keeps only its own files "
        "there: remove the link"
    ]
    assert not (site.root / "feeds/rss.xml").exists()


def only_feeds(output: Path) -> set[str]:
    """Every file and link under ``output``, links not followed."""
    found = set()
    for parent, folders, names in os.walk(output):
        links = [name for name in folders if os.path.islink(Path(parent, name))]
        found |= {Path(parent, name).relative_to(output).as_posix() for name in names}
        found |= {Path(parent, name).relative_to(output).as_posix() for name in links}
    return found


FEEDS = {"atom.xml", "feed.json", "rss.xml"}
VIEWS = {"discovery.html", "feed.css", "feed.xsl", "feeds.opml", "index.html"}
SITE_AND_TAG = FEEDS | VIEWS | {f"tags/x/{name}" for name in {*FEEDS, "discovery.html"}}


def test_the_output_folder_holds_feeds_and_nothing_else(site, tmp_path_factory):
    """The lock is kept in the cache folder. The lock an older version left
    among the feeds is removed; a link of that name is not ours to touch."""
    post(site, "a.md")
    output = site.root / "feeds"
    output.mkdir()
    (output / ".feedsmith.lock").write_bytes(b"")  # as earlier releases left it
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert (result.returncode, result.stderr) == (0, "")
    assert only_feeds(output) == SITE_AND_TAG
    assert (site.root / ".feedsmith-cache/lock").is_file()

    elsewhere = tmp_path_factory.mktemp("elsewhere") / "old.lock"
    (output / ".feedsmith.lock").symlink_to(elsewhere)
    result = run_cli(site.root, timeout=10)
    assert (result.returncode, result.stderr) == (0, "")
    assert (output / ".feedsmith.lock").is_symlink()
    assert not elsewhere.exists()


def test_without_a_cache_the_lock_is_in_a_private_temporary_folder(
    site, tmp_path_factory
):
    temporary = tmp_path_factory.mktemp("tmp")
    site.config(BASIC_CONFIG + "cache: false\n")
    post(site, "a.md")
    env = {"TMPDIR": str(temporary)}
    result = run_cli(site.root, timeout=10, env=env)
    assert (result.returncode, result.stderr) == (0, "")
    assert only_feeds(site.root / "feeds") == SITE_AND_TAG
    assert sorted(os.listdir(site.root)) == ["config.yaml", "feeds", "sources"]
    private = temporary / f"feedsmith-{os.getuid()}"
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    [lock] = private.iterdir()
    assert lock.suffix == ".lock" and lock.is_file()

    refused = [
        f"error: output: cannot lock {site.root.resolve() / 'feeds'}: {private} "
        "is not a folder of this user's that only it can write to: remove it, "
        "or set TMPDIR to a folder of your own"
    ]
    shutil.rmtree(private)
    theirs = tmp_path_factory.mktemp("theirs")
    private.symlink_to(theirs)  # made first by someone else
    made_by_others = [lambda: None, lambda: private.chmod(0o777)]
    if os.geteuid() == 0:
        made_by_others.append(lambda: (private.chmod(0o700), os.chown(private, 1, 1)))
    for make in made_by_others:
        make()
        result = run_cli(site.root, timeout=10, env=env)
        assert_no_traceback(result)
        assert (result.returncode, result.stderr.splitlines()) == (1, refused)
        if private.is_symlink():
            private.unlink()
            private.mkdir(mode=0o700)
    assert os.listdir(theirs) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="gives a file to another user")
def test_rename_refused_half_way_names_what_changed(site):
    post(site, "a.md", "Old")
    assert run_cli(site.root, timeout=10).returncode == 0
    # A folder another user owns, sticky: feedsmith may add files there but
    # not replace that user's rss.xml.
    tag = site.root / "feeds/tags/x"
    os.chown(tag / "rss.xml", 1234, 1234)
    os.chown(tag, 1234, 1234)
    tag.chmod(0o1777)
    post(site, "a.md", "New")
    result = run_as_user(site.root)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    output = site.root.resolve() / "feeds"
    assert result.stderr.splitlines() == [
        f"error: output: cannot replace tags/x/rss.xml in {output}: "
        "Operation not permitted",
        "  replaced: atom.xml, feed.json, index.html, rss.xml, tags/x/atom.xml, "
        "tags/x/feed.json",
        "  not replaced: tags/x/rss.xml",
        "  every file is whole, old or new; run again once the cause is fixed",
    ]
    assert "<title>New</title>" in feed(site)
    assert "<title>New</title>" in (tag / "atom.xml").read_text()
    assert "<title>Old</title>" in (tag / "rss.xml").read_text()
    assert not list(output.rglob("*.feedsmith-tmp"))


# --- decoding ----------------------------------------------------------------


def test_byte_order_mark_does_not_shift_a_bad_bytes_place(site):
    site.source("a.md", b"\xef\xbb\xbf# Title\n\nCaf\xe9 au lait\n")
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert (
        "sources/a.md:3:4: byte 0xe9 is not valid utf-8; re-save the file as "
        "UTF-8 (or set sources.encoding)"
    ) in result.stderr.splitlines()


def test_sources_or_output_that_is_no_folder_is_named_as_such(site):
    """A pipe given as the source folder or as the output folder."""
    os.mkfifo(site.root / "pipe")
    site.config(BASIC_CONFIG + "sources: pipe\n")
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stderr == f"error: sources: folder {site.root}/pipe is not a folder\n"
    site.config(BASIC_CONFIG + "output: pipe\n")
    post(site, "a.md")
    result = run_cli(site.root, timeout=10)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: output: cannot use folder {site.root}/pipe: it is not a folder\n"
    )
