"""Bad and hostile input: each case a clear error or a documented repair."""

from __future__ import annotations

import os
import threading
import time

import pytest
from test_metadata import article

from feedsmith import SourceError
from feedsmith.errors import SkippedSource
from feedsmith.readers import read


@pytest.mark.parametrize(
    ("value", "title"),
    [("no", "no"), ("yes", "yes"), ("12:30", "12:30"), ("2024", "2024"),
     ("1.10", "1.10"), ("007", "007"), ("on", "on"), ("null-ish", "null-ish")],
)  # fmt: skip
def test_yaml_1_1_surprises_keep_the_literal_text(site, value, title):
    a = article(site, "p.md", f"---\ntitle: {value}\ndate: 2024-01-01\n---\n")
    assert a.title == title


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("title: a\ntitle: b", 3, "key 'title' appears twice (first on line 2)"),
        (
            "title: !!python/object/apply:os.system [echo]",
            2,
            "invalid YAML front matter",
        ),
        ("x: !!python/name:os.system\ntitle: t", 2, "invalid YAML front matter"),
        ("a: &a [x]\nb: *a\ntitle: t", 2, "anchors and aliases"),
    ],
)
def test_hostile_front_matter_is_refused_with_its_line(site, front, line, message):
    with pytest.raises(SourceError) as caught:
        read(site.source("p.md", f"---\n{front}\n---\nbody\n"))
    assert caught.value.line == line
    assert message in caught.value.message


def test_alias_bomb_is_refused_fast(site):
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = site.source("bomb.md", "---\n" + "\n".join(levels) + "\ntitle: t\n---\n")
    started = time.perf_counter()
    with pytest.raises(SourceError, match="anchors and aliases"):
        read(path)
    assert time.perf_counter() - started < 2  # 9**10 items if it were expanded


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", "not a date"),
        ("01/02/03", "ambiguous date '01/02/03': write it as YYYY-MM-DD"),
        ("3.4.2024", "ambiguous date '3.4.2024': write it as YYYY-MM-DD"),
        ("April", "incomplete date"),
        ("2025", "expected a date, got 2025"),
        ("2024-01-05 10:00 EST", "unknown time zone"),
        ("99999999999999999999", "expected a date"),
        ("0999-12-31", "year 999 is out of range"),
        ("2999-01-01", "year 2999 is out of range"),
    ],
)
def test_bad_dates(site, value, message):
    with pytest.raises(SourceError) as caught:
        article(site, "p.md", f"---\ntitle: x\ndate: {value}\n---\n")
    assert message in caught.value.message
    assert caught.value.line == 3


def test_zone_abbreviations_can_be_mapped_in_config(site):
    config = (
        "site: {title: T, url: https://e.org/, description: D,\n"
        "       zones: {EST: '-05:00', ET: America/New_York}}\n"
    )
    a = article(
        site, "p.md", "---\ntitle: x\ndate: 2024-01-05 10:00 EST\n---\n", config
    )
    assert a.published.isoformat() == "2024-01-05T10:00:00-05:00"
    b = article(site, "q.md", "---\ntitle: x\ndate: 2024-07-05 10:00 ET\n---\n", config)
    assert b.published.isoformat() == "2024-07-05T10:00:00-04:00"  # summer time


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("image.md", b"GIF89a\x00\x01", "binary file"),
    ],
)
def test_files_that_hold_no_article_are_skipped(site, name, data, reason):
    with pytest.raises(SkippedSource, match=reason):
        read(site.source(name, data))


def test_oversized_files_are_skipped_before_reading(site, monkeypatch):
    path = site.source("big.md", "---\ntitle: t\n---\n" + "x" * 2000)
    monkeypatch.setattr("pathlib.Path.read_bytes", None)  # would crash if used
    with pytest.raises(SkippedSource, match=r"over sources.max_bytes \(1000\)"):
        read(path, max_bytes=1000)


def test_fifo_is_skipped_not_waited_on(site):
    """No writer on the pipe, as a user leaves one: reading must not block."""
    fifo = site.root / "sources/pipe.md"
    os.mkfifo(fifo)
    outcome = []
    reader = threading.Thread(
        target=lambda: outcome.append(_attempt(read, fifo)), daemon=True
    )
    reader.start()
    reader.join(timeout=5)
    assert outcome, "reading a FIFO with no writer blocked"
    assert isinstance(outcome[0], SkippedSource), outcome
    assert "not a regular file" in outcome[0].message


def _attempt(function, *args):
    try:
        return function(*args)
    except Exception as error:
        return error


def test_vanished_file_is_an_error(site):
    with pytest.raises(SourceError, match="vanished"):
        read(site.root / "sources/gone.md")


def test_file_name_that_is_not_utf8(site):
    name = os.fsdecode(b"caf\xe9.md")
    path = site.root / "sources" / name
    path.write_text("---\ntitle: t\ndate: 2024-01-01\n---\n")
    with pytest.raises(SourceError) as caught:
        read(path)
    assert "rename the file" in caught.value.message
    assert str(caught.value).startswith(f"{site.root}/sources/caf\\udce9.md")


HOSTILE = """\
<p onclick="steal()">Kept text <a href="javascript:alert(1)">js</a>
<a href="vbscript:x">vb</a> <a href="relative/">rel</a> <img src="data:image/png;base64,AA">
<img src="pic.jpg" srcset="pic.jpg 1x, big.jpg 2x" onerror="x()"></p>
<script>document.cookie</script><style>body{display:none}</style>
<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x">
<form action="/post"><input name="q">Form text</form><meta http-equiv="refresh" content="0">
<svg><script>alert(1)</script></svg><a href="#note">1</a><p id="note">Note.</p>
"""


def test_feeds_are_sanitized_by_default(site):
    from test_properties import built

    site.source("evil.md", "---\ntitle: x\ndate: 2024-01-01\n---\n" + HOSTILE)
    assert "content:" not in site.config_path.read_text()  # the defaults apply
    files = built(site)
    assert b"Kept text" in files["feed.json"]
    for data in files.values():
        for banned in (b"<script", b"script&gt;", b"javascript:", b"onclick"):
            assert banned not in data


def test_hostile_html_is_removed_and_text_kept(site):
    from test_content import rendered

    html = rendered(HOSTILE, "html").content_html
    for banned in ("onclick", "javascript:", "vbscript:", "data:", "<script", "<style",
                   "<iframe", "<object", "<embed", "<form", "<input", "<meta", "<svg",
                   "onerror", "document.cookie", "display:none"):  # fmt: skip
        assert banned not in html, banned
    for kept in ("Kept text", "Form text", 'id="note"',
                 'href="https://example.org/blog/2024/05/post/#note"',
                 'href="https://example.org/blog/2024/05/post/relative/"',
                 'srcset="https://example.org/blog/2024/05/post/pic.jpg 1x, '
                 'https://example.org/blog/2024/05/post/big.jpg 2x"'):  # fmt: skip
        assert kept in html, kept


def test_sanitizing_can_be_turned_off(site):
    from dataclasses import replace

    from test_content import SETTINGS, rendered

    unsafe = replace(SETTINGS, sanitize=False)
    body = "<p><script>x()</script><a href='a/'>a</a></p>"
    html = rendered(body, "html", settings=unsafe).content_html
    assert "<script>x()</script>" in html
    assert 'href="https://example.org/blog/2024/05/post/a/"' in html


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<div>" * 50_000 + "deep" + "</div>" * 50_000, "nested more than 500"),
        ("<p>" + "word " * 300_000 + "</p>", "over content.max_bytes (1000000)"),
    ],
)
def test_pathological_bodies_are_left_out_quickly(body, reason):
    from test_content import SETTINGS, unrendered

    from feedsmith.model import Body
    from feedsmith.pipeline.content import render

    started = time.perf_counter()
    done = render(unrendered(), Body(body, "html", 3), SETTINGS)
    assert time.perf_counter() - started < 2  # nh3 alone takes ~14 s on the deep one
    assert done.article.content_html == ""
    [problem] = done.problems
    assert reason in problem.message
    assert problem.line == 3
