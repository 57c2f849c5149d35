"""Which files are read, and how their bytes become text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from feedsmith import SourceError
from feedsmith.pipeline.discover import discover
from feedsmith.readers import READERS, read


def names(site, sources_yaml):
    site.config("site: {title: T, url: https://e.org, description: D}\n" + sources_yaml)
    config = site.load()
    root = site.root
    return [
        Path(f).relative_to(root).as_posix()
        for f in discover(config.sources, READERS).files
    ]


def test_default_exclusions_and_order(site):
    for name in [
        "b.md", "a.txt", "sub/c.html", ".hidden.md", ".git/x.md", "_drafts/d.md",
        "_index.md", "README.md", "notes.md~", ".notes.md.swp", "x.bak", "#y.md#",
        "image.png", "Z.MD",
    ]:  # fmt: skip
        site.source(name, "x")
    assert names(site, "") == [
        "sources/Z.MD", "sources/a.txt", "sources/b.md", "sources/sub/c.html"
    ]  # fmt: skip


def test_several_folders_include_and_exclude(site):
    for name in ["posts/a.md", "posts/old/b.md", "posts/c.txt", "notes/d.md"]:
        site.source(name, "x")
    listed = names(
        site,
        "sources:\n  folders: [sources/posts, sources/notes, sources/posts]\n"
        "  include: ['*.md']\n  exclude: [old/]\n",
    )
    assert listed == ["sources/posts/a.md", "sources/notes/d.md"]


def test_patterns_with_a_slash_match_the_path(site):
    for name in ["2023/a.md", "2024/b.md", "2024/deep/c.md"]:
        site.source(name, "x")
    assert names(site, "sources: {exclude: ['2024/*']}") == ["sources/2023/a.md"]


def test_missing_folder_is_a_config_error(site):
    from feedsmith import ConfigError

    with pytest.raises(ConfigError, match="does not exist"):
        names(site, "sources: [sources, nowhere]")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its byte-order mark
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    ],
)
def test_accepted_encodings(site, encode):
    path = site.source("a.md", encode("---\ntitle: Café 🦊\r\n---\r\nBody\r\n"))
    doc = read(path)
    assert doc.meta["title"] == "Café 🦊"
    assert doc.body.text == "Body\n"


def test_configured_fallback_encoding(site):
    path = site.source("a.txt", "Caf\xe9\n\nBody.\n\n2024-01-01\n".encode("cp1252"))
    with pytest.raises(SourceError, match="byte 0xe9 is not valid utf-8"):
        read(path)
    assert read(path, "cp1252").meta["title"] == "Café"


def test_html_declared_encoding_is_used(site):
    page = '<meta charset="windows-1252"><title>Caf\xe9</title><p>x</p>'
    path = site.source("a.html", page.encode("cp1252"))
    assert read(path).meta["title"] == "Café"


def test_links_out_of_the_folder_and_loops_are_skipped(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("---\ntitle: secret\ndate: 2024-01-01\n---\n")
    site.source("real/a.md", "x")
    sources = site.root / "sources"
    (sources / "leak.md").symlink_to(outside / "secret.md")
    (sources / "leakdir").symlink_to(outside, target_is_directory=True)
    (sources / "real/loop").symlink_to(sources, target_is_directory=True)
    (sources / "alias.md").symlink_to(sources / "real/a.md")
    site.config("site: {title: T, url: https://e.org, description: D}\n")
    discovery = discover(site.load().sources, READERS)
    assert [Path(f).relative_to(sources).as_posix() for f in discovery.files] == [
        "alias.md",
        "real/a.md",
    ]
    reasons = sorted((w.path.name, w.message) for w in discovery.skipped)
    assert reasons == [
        ("leak.md", "skipped: the link leads outside the source folder"),
        ("leakdir", "skipped: the link leads outside the source folder"),
        ("loop", "skipped: the link leads back into a folder already read (a loop)"),
    ]
