"""Hostile lengths: no regular expression on user text may backtrack without end.

Each CLI test runs ``generate.py`` with a time limit, so a hang fails the
test; none of them asserts a speed. Before the fix the heading line took
hours, the navigation line minutes and the title pattern forever.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import BASIC_CONFIG, run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from feedsmith import SourceError, dates
from feedsmith.config import ContentSettings
from feedsmith.errors import SkippedSource
from feedsmith.model import Article, Body
from feedsmith.pipeline.content import render
from feedsmith.readers import read

TIMEOUT = 20  # seconds: far above a normal build, far below a backtracking one


def _built(site) -> dict:
    result = run_cli(site.root, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return json.loads((site.root / "feeds" / "feed.json").read_text("utf-8"))


def _refused(site) -> list[str]:
    result = run_cli(site.root, timeout=TIMEOUT)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.splitlines()


def test_heading_with_long_runs_of_spaces_is_the_title(site):
    title = "a" + " " * 5000 + "b"
    site.source("2024-01-01-p.md", f"# {title}\n\nBody.\n")
    site.source("2024-01-02-q.md", "# Q" + " " * 5000 + "#" * 5000 + " \n\nQ\n")
    items = _built(site)["items"]
    assert [item["title"] for item in items] == ["Q", title]
    assert items[1]["content_html"] == "<p>Body.</p>\n"


def test_navigation_line_with_a_long_run_of_spaces_is_a_related_title(site):
    related = "a" + " " * 300_000 + "b"
    site.source("p.txt", f"Title\n\nBody text.\n\n2024-01-01\nNext:{related}\n")
    item = _built(site)["items"][0]
    assert item["content_html"] == "<p>Body text.</p>\n"
    assert item["_feedsmith"] == {"related": [{"title": related}]}


def test_nested_repeat_in_title_cleanup_finishes(site):
    site.config(BASIC_CONFIG + "text: {title_cleanup: '(a+)+$'}\n")
    title = "a" * 40 + "!"
    site.source("p.txt", f"{title}\n\nBody.\n\n2024-01-01\n")
    assert _built(site)["items"][0]["title"] == title


def test_title_cleanup_that_backtracks_without_end_is_an_error(site):
    site.config(BASIC_CONFIG + "text: {title_cleanup: '(a|a)+$'}\n")
    site.source("p.txt", "a" * 40 + "!\n\nBody.\n\n2024-01-01\n")
    assert _refused(site)[0] == (
        "sources/p.txt:1: text.title_cleanup: the pattern '(a|a)+$' took over "
        "1 s on this title; simplify it (a nested repeat such as (a|a)+ tries "
        "every way to split the title)"
    )


def test_title_cleanup_whose_repeats_multiply_is_a_config_error(site):
    # The regex package unrolls counted repeats: this one took minutes to compile.
    cleanup = "(?:(?:(?:a{100}){100}){100}){100}"
    site.config(BASIC_CONFIG + f"text: {{title_cleanup: '{cleanup}'}}\n")
    site.source("p.txt", "Title\n\nBody.\n\n2024-01-01\n")
    result = run_cli(site.root, timeout=TIMEOUT)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0] == (
        "error: config.yaml: text.title_cleanup: repeat counts such as {100} "
        f"multiply to over 100,000 in '{cleanup}'; use + or * instead"
    )


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "2024-01-01T10:00:00+24:00",
            "offset out of range in '2024-01-01T10:00:00+24:00'; "
            "write one from -23:59 to +23:59",
        ),
        (
            "2024-01-01T10:00:00+99:99",
            "offset out of range in '2024-01-01T10:00:00+99:99'; "
            "write one from -23:59 to +23:59",
        ),
        (
            "Jan 1 2024 10:00 GMT-99",
            "offset out of range in 'Jan 1 2024 10:00 GMT-99'; "
            "write one from -23:59 to +23:59",
        ),
        (
            "2024-01-01T10:00:00+05:00:30",
            "offset with seconds in '2024-01-01T10:00:00+05:00:30'; write it as +HH:MM",
        ),
        ("99999-01-01", "not a date: '99999-01-01'"),
        (
            "2024-01-01 " + "9" * 1_000_000,
            "not a date: 1000011 characters, more than any date has; "
            "write it as YYYY-MM-DD",
        ),
        (
            "2024-01-01 10:00999999999999999999999999999999",
            "not a date: '2024-01-01 10:00999999999999999999999999999999'",
        ),
    ],
    ids=["+24:00", "+99:99", "GMT-99", "seconds", "year 99999", "1 MB", "decimal"],
)
def test_hostile_date_is_an_error_naming_file_and_line(site, date, message):
    site.source("p.md", f"---\ntitle: T\ndate: '{date}'\n---\nBody\n")
    assert _refused(site)[0] == f"sources/p.md:3: date: {message}"


def test_date_in_a_zone_of_local_mean_time_is_written_in_utc(site):
    # Amsterdam was +00:19:32 in 1850: no feed format can write the seconds.
    site.config(BASIC_CONFIG + "  timezone: Europe/Amsterdam\n")
    site.source("p.md", "---\ntitle: Old\ndate: 1850-01-01\n---\nBody\n")
    item = _built(site)["items"][0]
    assert item["date_published"] == "1849-12-31T23:40:28+00:00"
    assert item["url"] == "https://example.org/blog/1850/01/p/"


# Bounded for CI; FEEDSMITH_EXAMPLES=500 pytest tests/test_hangs.py for a long run.
EXAMPLES = max(1, int(os.environ.get("FEEDSMITH_EXAMPLES", "60")) // 6)
# A deadline far above linear work on 100 KB, far below backtracking on it:
# a hang detector, not a speed test.
HANG = settings(
    max_examples=EXAMPLES,
    deadline=5000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_STARTS = ["", "# a", "# ", "Next:a", "Previous: ", "by ", "Tags:", "Source: http://"]
_STARTS += ["---\ntitle: t\n---\n", "+++\n", "title: t\n", "<meta ", "<a", "{"]
_UNITS = [*" \t#<>:-()*_[]`&;'\"=!|~.,/\\\n", "<a", "http://", "\n ", "<!--"]


@st.composite
def hostile_text(draw) -> str:
    """10 to 100 KB: a start the patterns look for, then a long run of junk."""
    unit = "".join(draw(st.lists(st.sampled_from(_UNITS), min_size=1, max_size=3)))
    size = draw(st.integers(10_000, 100_000))
    junk = (unit * (size // len(unit) + 1))[:size]
    end = draw(st.sampled_from(["b", "", "\n", ">", "!", "\nNext:a" + junk[:9999]]))
    return draw(st.sampled_from(_STARTS)) + junk + end


@HANG
@given(text=hostile_text(), suffix=st.sampled_from([".md", ".txt", ".html"]))
@example(text="# a" + " " * 10_000 + "b", suffix=".md")  # hours, before the fix
@example(text="Title\n\nNext:a" + " " * 100_000 + "b", suffix=".txt")  # a minute
def test_every_reader_finishes_on_hostile_text(tmp_path, text, suffix):
    path = tmp_path / f"p{suffix}"
    path.write_text(text, encoding="utf-8")
    try:
        document = read(path)
    except (SourceError, SkippedSource) as refused:
        assert refused.message  # refusing is fine: with a message, in time
    else:
        assert document.path == path


@HANG
@given(text=hostile_text(), markup=st.sampled_from(["markdown", "text", "html"]))
@example(text="<a" * 50_000, markup="html")  # a minute, before the fix
@example(text="http://a" + ")" * 100_000, markup="text")
def test_rendering_finishes_on_hostile_text(text, markup):
    link = "https://example.org/p/"
    when = datetime(2024, 1, 1, tzinfo=UTC)
    article = Article(link, "t", link, when, None, (), (), None, Path("p.md"))
    settings = ContentSettings(sanitize=True, max_bytes=1_000_000)
    rendered = render(article, Body(text, markup, 1), settings).article
    assert rendered.summary is None or "\n" not in rendered.summary


_DATE_PARTS = ["2024", "-", "01", ":", "T", " ", "+", "24:00", "99", "GMT", "Jan"]
_DATE_PARTS += [",", ".", "9" * 30, "Z", "pm", "/", "Tuesday", "10:00", "+00:00:60"]


@settings(max_examples=EXAMPLES * 20, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(st.sampled_from(_DATE_PARTS), max_size=14).map("".join),
        st.integers(201, 100_000).map(lambda n: "2024-01-01 " + "9" * n),
    )
)
# Before the fix these crashed later, crashed in dateutil, went into feeds as
# an offset no reader accepts, and put 100 KB into one message.
@example("2024-01-01T10:00:00+24:00")
@example("2024-01-01 10:00999999999999999999999999999999")
@example("2024-01-01T10:00:00+05:00:30")
@example("2024-01-01 " + "9" * 100_000)
def test_a_date_is_aware_or_a_value_error(text):
    try:
        moment = dates.parse(text, UTC)
    except ValueError as refused:
        assert len(str(refused)) < 400  # names the value, never a whole megabyte
    else:
        assert moment.utcoffset() is not None
        assert moment.utcoffset().total_seconds() % 60 == 0
