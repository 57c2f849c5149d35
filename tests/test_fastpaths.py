"""Fast paths give exactly what the slow paths they skip would give."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

import pytest
import yaml
from dateutil import parser as dateutil_parser
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from feedsmith import dates, load_config, yamltext
from feedsmith.engine.cache import Cache
from feedsmith.errors import SourceError
from feedsmith.pipeline import metadata
from feedsmith.readers import markdown
from feedsmith.readers.document import XML_ILLEGAL, Document, first_xml_illegal

# Bounded for CI; FEEDSMITH_EXAMPLES=5000 pytest tests/test_fastpaths.py for a long run.
EXAMPLES = int(os.environ.get("FEEDSMITH_EXAMPLES", "300"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None)

# Words YAML 1.1 or 1.2 might type, and characters with a meaning in YAML.
NUMBERS = ["012", "1_000", "0x1F", "0o17", "0b1", "1e3", ".5", "+1", "-0", "-1", "+0",
           "0", "7", "1.10", "12:30", "2024-01-02", "2010-01-04 15:16:00"]  # fmt: skip
WORDS = ["yes", "no", "on", "off", "y", "n", "True", "TRUE", "true", "False", "false",
         "NULL", "Null", "null", "~", ".inf", ".nan", "topic-198", "a b", "é", "🦊",
         "\u00a0", "\u3000"]  # fmt: skip
PIECES = [*"#:'\"-?[]{},*&!%@`|>\\ .", ": ", " #", "- ", "? ", "\t", "\x85", "\u2028"]
WORD = st.text(st.sampled_from("abcXYZ019_-"), min_size=1, max_size=6)


def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """Draw from each strategy about as often as its weight says."""
    return st.sampled_from(
        [strategy for weight, strategy in choices for _ in range(weight)]
    ).flatmap(lambda strategy: strategy)


COMMON = st.one_of(st.sampled_from(NUMBERS + WORDS), WORD, st.just(" "))
# Mostly plain text, so that the fast path is taken often enough to be tested.
VALUE = st.lists(weighted((4, COMMON), (1, st.sampled_from(PIECES))), max_size=4).map(
    "".join
)
QUOTED = st.one_of(VALUE.map(lambda v: f'"{v}"'), VALUE.map(lambda v: f"'{v}'"))
FLOW_LIST = st.lists(st.one_of(VALUE, QUOTED), max_size=4).map(
    lambda items: "[" + ", ".join(items) + "]"
)
NAME = st.tuples(st.sampled_from("atT_"), WORD).map("".join)
ODD_KEY = st.one_of(WORD, st.sampled_from(["true", "Null", "<<", "a b", "é"]))
KEY = weighted((6, NAME), (1, ODD_KEY))
SPACES = st.sampled_from(["", " ", "  "])
SCALAR_OR_LIST = weighted((4, VALUE), (1, QUOTED), (1, FLOW_LIST))
COMMON_LINE = st.tuples(KEY, st.just(": "), SCALAR_OR_LIST, SPACES).map("".join)
ODD_LINE = st.one_of(
    st.tuples(KEY, st.sampled_from([":", " : ", ":  ", ":\t"]), VALUE).map("".join),
    st.tuples(st.sampled_from([" ", "  "]), KEY, st.just(": "), VALUE).map("".join),
    st.sampled_from(["", " ", "# note", "- item", "---", "...", "  more", "%YAML 1.2"]),
)
LINE = weighted((10, COMMON_LINE), (1, ODD_LINE))
HEADER = st.lists(LINE, max_size=4).map("\n".join)


def slow(header: str) -> object:
    try:
        return yamltext.load(header, aliases=False)
    except yaml.YAMLError as exc:
        return exc


def typed(value: object) -> object:
    """``value`` with the type of every item spelled out: ``1 == True``."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value), value)


@PROFILE
@given(HEADER)
def test_flat_front_matter_reads_as_libyaml_does(header):
    fast = yamltext.load_flat(header)
    event("fast" if fast is not None else "fell back")
    if fast is not None:
        assert typed(fast) == typed(slow(header))


@PROFILE
@given(st.lists(st.tuples(NAME, SCALAR_OR_LIST), min_size=1, max_size=4))
def test_flat_front_matter_takes_the_common_shapes(pairs):
    """Keys with plain values mostly take the fast path, so it is tested."""
    header = "\n".join(f"{key}: {value}" for key, value in pairs)
    fast = yamltext.load_flat(header)
    event("fast" if fast is not None else "fell back")
    if fast is not None:
        assert typed(fast) == typed(slow(header))


@pytest.mark.parametrize(
    "header",
    [
        'title: "Flotation 1328"\ndate: 2010-01-07 10:57:00\ntags: [topic-067, topic-110]',
        "draft: True\npublished: FALSE\nweight: +12\nrank: +0\nzip: 012\nslug: ~",
        "tags: ['a b', \"c: d\", e]\nempty: []\nnone:\ntext: it's a C# post",
        "categories: [1, true, null, 1.5]\nsummary: 'says: \"hi\" # not a comment'",
    ],
)
def test_flat_front_matter_of_common_shapes(header):
    fast = yamltext.load_flat(header)
    assert fast is not None
    assert typed(fast) == typed(slow(header))


def test_flat_front_matter_leaves_the_unusual_to_libyaml():
    for header in [
        "",
        "a: 1\na: 2",  # libyaml names both lines
        "a: b # note",
        "a: &x 1",
        "a: !!str 1",
        "a: |\n  text",
        "a:\n  b: 1",
        "tags:\n- a",
        "a: 'it''s'",
        'a: "tab\\t"',
        "true: 1",
        "a: [b, [c]]",
        "a:\tb",
    ]:
        assert yamltext.load_flat(header) is None, header


@PROFILE
@given(st.text(st.one_of(st.characters(max_codepoint=0x7F), st.characters())))
def test_first_xml_illegal_finds_what_the_regex_finds(text):
    fast, slow_match = first_xml_illegal(text), XML_ILLEGAL.search(text)
    assert (fast and fast.span()) == (slow_match and slow_match.span())


def recased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.lower(), word.upper(), word.capitalize()])


MONTH = st.sampled_from(
    ["January", "Jan", "Sept", "Sep", "September", "May", "Febr", "Juli", "Mai"]
).flatmap(recased)
WEEKDAY = st.sampled_from(["Tuesday", "Tue", "Tues", "Sun", "Thursday", "Mond", "Mon"])
DAY = st.sampled_from(["1", "01", "9", "09", "00", "0", "12", "13", "29", "30", "31",
                       "32", "39", "1st", "001"])  # fmt: skip
YEAR = st.sampled_from(["2024", "1999", "2100", "1000", "0999", "3000", "24", "20240"])
SEPARATOR = weighted(
    (6, st.sampled_from([" ", ", "])), (1, st.sampled_from([",", "  ", "-", "/", ". "]))
)


def by_dateutil(text: str) -> datetime | None:
    """The slow path's reading of ``text``, from dateutil itself: the date
    it reads the same whatever the defaults (so a complete one), in UTC, if
    in the years ``dates.parse`` accepts; None where ``parse`` must refuse."""
    readings = []
    for default in (datetime(2000, 1, 1), datetime(2001, 2, 2)):
        try:
            readings.append(dateutil_parser.parse(text, default=default))
        except (ValueError, OverflowError, dateutil_parser.UnknownTimezoneWarning):
            return None
    first, second = readings
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    if not 1000 <= first.year <= 2200:
        return None
    return first if first.tzinfo else first.replace(tzinfo=UTC)


def parsed(text: str) -> tuple[datetime | None, bool]:
    """``dates.parse(text)`` (None if it refuses the text), and whether it
    took the fast path: dateutil never asked."""
    with patch.object(
        dateutil_parser, "parse", wraps=dateutil_parser.parse
    ) as slow_path:
        try:
            moment = dates.parse(text, UTC)
        except ValueError:
            moment = None
    return moment, not slow_path.called


@PROFILE
@given(
    st.one_of(st.just(""), st.tuples(WEEKDAY, SEPARATOR).map("".join)),
    st.one_of(
        st.tuples(MONTH, SEPARATOR, DAY, SEPARATOR, YEAR),
        st.tuples(DAY, SEPARATOR, MONTH, SEPARATOR, YEAR),
    ).map("".join),
)
def test_named_month_dates_read_as_dateutil_reads_them(weekday, date):
    text = weekday + date
    moment, fast = parsed(text)
    event("fast" if fast else "fell back")
    if fast:  # else dateutil itself read it
        assert moment == by_dateutil(text)


def test_named_month_dates_of_saved_articles():
    for text in ["April 7, 2025", "Tuesday, 9 January 2024", "sept 09 1999"]:
        moment, fast = parsed(text)
        assert fast, text
        assert moment is not None and moment == by_dateutil(text)
    # A day the month lacks is left to dateutil, which refuses it.
    assert parsed("February 30, 2024") == (None, False)


MARKDOWN_LINE = st.sampled_from(
    ["---", "--- ", "...", "+++", "", " ", "title: T", "Title: Pelican", "tags: a, b",
     "date: 2024-01-02", "# Heading", "body text", "<!--more-->", '{"title": "J"}',
     '{"title":', '"x"}', 'title = "toml"', "\u2028", "key: [a"]
)  # fmt: skip


def split_whole(text: str) -> Document | SourceError:
    """What markdown.read gave before it split only the head of a file."""
    try:
        return markdown.read(Path("a.md"), text, head_lines=None)
    except SourceError as error:
        return error


@PROFILE
@given(st.lists(MARKDOWN_LINE, max_size=12).map("\n".join), st.integers(1, 8))
@example("---\ntags: a\n\n---\n\n\n# Heading\nbody", 3)  # a heading past the head
@example("---\ntitle: T\n\ntags: a\n---\nbody", 3)  # front matter past the head
@example("Title: P\ndate: 2024-01-02\ntags: a\n\nbody", 2)
@example('{"title":\n"J"}\nbody', 1)
def test_markdown_splits_only_the_head_with_the_same_result(text, head_lines):
    try:
        document = markdown.read(Path("a.md"), text, head_lines)
    except SourceError as error:
        document = error
    expected = split_whole(text)
    if isinstance(expected, SourceError):
        assert (document.line, document.message) == (expected.line, expected.message)
    else:
        assert document == expected


@PROFILE
@given(st.text(st.sampled_from("az09AZ-_ .é\u0130\u212a"), max_size=8))
def test_tag_slug_of_a_slug_is_the_slug(tag):
    """tag_slug returns slug-shaped tags as they are: as its rule would,
    every run of characters other than letters and digits made one ``-``."""
    expected = re.sub(r"[\W_]+", "-", tag.lower()).strip("-")
    event("slug already" if tag == expected else "made a slug")
    assert metadata.tag_slug(tag) == expected


@pytest.fixture(scope="module")
def caches(tmp_path_factory):
    """A cache for a site in each of a few folders (none of them is read)."""
    folder = tmp_path_factory.mktemp("relative")
    (folder / "config.yaml").write_text(
        "site: {title: T, url: https://e.org/, description: D}\ncache: false\n"
    )
    config = load_config(folder / "config.yaml")
    with contextlib.ExitStack() as stack:
        yield {
            root: stack.enter_context(
                contextlib.closing(
                    Cache(replace(config, path=Path(root, "config.yaml")))
                )
            )
            for root in ("/a/site", "/", "/a")
        }


@PROFILE
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "site", "b", "..", "é"]), max_size=4).map(
            lambda parts: "/" + "/".join(parts)
        ),
        max_size=6,
    ),
    st.sampled_from(["/a/site", "/", "/a"]),
)
def test_relative_text_is_each_path_made_relative(caches, paths, root):
    cache = caches[root]
    slow = "".join(f"\0{cache.relative(path)}" for path in paths)
    assert cache.relative_text(paths) == slow
