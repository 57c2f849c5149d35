"""Files are written all-or-nothing, atomically, and only when their bytes change."""

from __future__ import annotations

import fcntl
import os
import tempfile

import pytest

from feedsmith.engine.output import LOCK_NAME, locked, sync
from feedsmith.errors import OutputError


def test_writes_new_and_changed_files_only(tmp_path):
    same, changed, new = (
        tmp_path / "same.xml",
        tmp_path / "changed.xml",
        tmp_path / "d/new.xml",
    )
    same.write_bytes(b"same")
    changed.write_bytes(b"old")
    os.utime(same, (1, 1))
    files = {same: b"same", changed: b"new", new: b"fresh"}
    assert sync(files, tmp_path) == [changed, new]
    assert (changed.read_bytes(), new.read_bytes()) == (b"new", b"fresh")
    assert same.stat().st_mtime == 1  # untouched: static servers keep their caches
    assert sync(files, tmp_path) == []


def test_check_only_writes_nothing(tmp_path):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    assert sync(
        {target: b"new", tmp_path / "x.xml": b"x"}, tmp_path, check_only=True
    ) == [
        target,
        tmp_path / "x.xml",
    ]
    assert target.read_bytes() == b"old"
    assert not (tmp_path / "x.xml").exists()


def test_no_temporary_files_are_left_behind(tmp_path):
    sync({tmp_path / "a.xml": b"a", tmp_path / "b.json": b"b"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml", "b.json"]


def test_replacement_is_a_rename_not_an_overwrite(tmp_path):
    # A reader holding the old file keeps reading the old bytes: the new
    # content arrives as a new inode renamed over the old name.
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    with target.open("rb") as reader:
        sync({target: b"new"}, tmp_path)
        assert reader.read() == b"old"
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_failure_while_staging_changes_no_file(tmp_path, monkeypatch):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    real_fsync, calls = os.fsync, []

    def disk_full_on_second_file(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full_on_second_file)
    with pytest.raises(
        OutputError, match="No space left on device; no feed was changed"
    ):
        sync({first: b"new a", second: b"new b"}, tmp_path)
    assert (first.read_bytes(), second.read_bytes()) == (b"old a", b"old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml", "b.xml"]


def test_paths_outside_the_output_folder_are_refused(tmp_path):
    with pytest.raises(OutputError, match="outside"):
        sync({tmp_path / "feeds/../../evil.xml": b"x"}, tmp_path / "feeds")
    assert not (tmp_path.parent / "evil.xml").exists()


def test_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "feeds").write_text("not a folder")
    with (
        pytest.raises(OutputError, match="cannot use folder"),
        locked(tmp_path / "feeds", tmp_path / "cache"),
    ):
        pass


def test_lock_is_exclusive_and_leftovers_are_cleaned(tmp_path):
    output, cache = tmp_path / "feeds", tmp_path / "cache"
    leftover = output / "tags/x/.rss.xml.abc123.feedsmith-tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a feed")
    cache.mkdir()
    with open(cache / LOCK_NAME, "a+") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        with (
            pytest.raises(OutputError, match="another feedsmith run"),
            locked(output, cache),
        ):
            pass
        assert leftover.exists()  # never touched while another run holds the lock
    with locked(output, cache):
        assert not leftover.exists()
    assert sorted(os.listdir(output)) == ["tags"]


@pytest.mark.parametrize("cache", [None, "a file"], ids=["no cache", "unusable"])
def test_without_a_usable_cache_the_lock_is_a_private_temporary_file(
    tmp_path, monkeypatch, cache
):
    """Every run for one output folder takes the same file, outside it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    (tmp_path / "a file").write_text("")
    output = tmp_path / "feeds"
    folder = None if cache is None else tmp_path / cache
    with locked(output, folder):
        with (
            pytest.raises(OutputError, match="another feedsmith run"),
            locked(tmp_path / "." / "feeds", folder),
        ):
            pass
        private = tmp_path / "tmp" / f"feedsmith-{os.getuid()}"
        assert [path.suffix for path in private.iterdir()] == [".lock"]
    assert not output.exists()  # made only when a feed is written
