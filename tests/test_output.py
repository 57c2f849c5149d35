"""Files are written atomically and only when their bytes change."""

import os

from feedsmith import sync


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
    assert sync(files) == [changed, new]
    assert (changed.read_bytes(), new.read_bytes()) == (b"new", b"fresh")
    assert same.stat().st_mtime == 1  # untouched: static servers keep their caches
    assert sync(files) == []


def test_check_only_writes_nothing(tmp_path):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    assert sync({target: b"new", tmp_path / "x.xml": b"x"}, check_only=True) == [
        target,
        tmp_path / "x.xml",
    ]
    assert target.read_bytes() == b"old"
    assert not (tmp_path / "x.xml").exists()


def test_no_temporary_files_are_left_behind(tmp_path):
    sync({tmp_path / "a.xml": b"a", tmp_path / "b.json": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml", "b.json"]


def test_replacement_is_a_rename_not_an_overwrite(tmp_path):
    # A reader holding the old file keeps reading the old bytes: the new
    # content arrives as a new inode renamed over the old name.
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    with target.open("rb") as reader:
        sync({target: b"new"})
        assert reader.read() == b"old"
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
