"""One boundary for values: whatever front matter, a page or the config says,
it reaches a feed as text XML can carry, or stops the build with a message
naming file and line. Each case runs the CLI as a user does."""

from __future__ import annotations

import itertools
import json

import pytest
from conftest import NOW, assert_no_traceback, run_cli, run_main
from feedcheck import parse_json, parse_xml, repaired_by_feedparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import feedsmith

CONFIG_HEAD = """\
site:
  title: Test Site
  url: https://example.org/blog/
  description: A site for tests
"""


def build(site, *args: str):
    result = run_main(site.root, *args)
    assert_no_traceback(result)
    return result


def feeds(site):
    """The main feed in each format, read back as feed readers read it."""
    folder = site.root / "feeds"
    return (
        parse_xml((folder / "rss.xml").read_bytes()),
        parse_xml((folder / "atom.xml").read_bytes()),
        parse_json((folder / "feed.json").read_bytes()),
    )


# --- escaped characters XML cannot carry: removed, with a warning ---------

ESCAPED = [
    # (file, text, line of the key, removed character)
    ("p.md", '---\ntitle: "Bell\\x07 rings"\ndate: 2024-01-01\n---\nbody\n', 2, 7),
    ("p.md", '---\ntitle: "Bell\\u0007 rings"\ndate: 2024-01-01\n---\nbody\n', 2, 7),
    ("p.md", '---\ntitle: "Bell\\uffff rings"\ndate: 2024-01-01\n---\nbody\n', 2, 0xFFFF),
    ("p.md", '{"title": "Bell\\u0007 rings",\n "date": "2024-01-01"}\nbody\n', 1, 7),
    ("p.md", '{"date": "2024-01-01",\n "title": "Bell\\ud800 rings"}\nbody\n', 2, 0xD800),
    ("p.md", '+++\ntitle = "Bell\\u0007 rings"\ndate = 2024-01-01\n+++\nbody\n', 2, 7),
    ("p.md", '+++\ndate = 2024-01-01\ntitle = "Bell\\u001F rings"\n+++\nbody\n', 3, 0x1F),
    (
        "p.html",
        '<html><head>\n<title>Bell&#7; rings</title>\n'
        '<meta name="date" content="2024-01-01"></head><body><p>x</p></body></html>',
        2,
        7,
    ),
]  # fmt: skip


def test_escaped_characters_xml_cannot_carry_are_removed_with_a_warning(site):
    """Every case in one build: each file's warning, each title without them."""
    for number, (name, text, _, _) in enumerate(ESCAPED):
        site.source(name.replace("p.", f"p{number}."), text)
    result = build(site)
    assert result.returncode == 0, result.stderr
    for number, (name, _, line, code) in enumerate(ESCAPED):
        assert (
            f"sources/{name.replace('p.', f'p{number}.')}:{line}: warning: title: "
            f"removed 1 character a feed cannot carry (the first, U+{code:04X})"
        ) in result.stderr
    rss, atom, jsonfeed = feeds(site)
    titles = [
        *(entry.title for entry in rss.entries),
        *(entry.title for entry in atom.entries),
        *(item["title"] for item in jsonfeed["items"]),
    ]
    assert titles == ["Bell rings"] * 3 * len(ESCAPED)


def test_escaped_characters_in_tags_and_authors_are_removed(site):
    site.source(
        "p.md",
        '---\ntitle: t\ndate: 2024-01-01\ntags: ["a\\x01b", "c\\u001fd"]\n'
        'author: {name: "Ada\\x1b Miner", email: a@example.org}\n---\nbody\n',
    )
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert (
        "p.md:4: warning: tags: removed 2 characters a feed cannot carry "
        "(the first, U+0001)" in result.stderr
    )
    assert "p.md:5: warning: author: removed 1 character" in result.stderr
    _, atom, jsonfeed = feeds(site)
    assert [t.term for t in atom.entries[0].tags] == ["ab", "cd"]
    assert jsonfeed["items"][0]["authors"][0]["name"] == "Ada Miner"
    assert (site.root / "feeds/tags/ab/atom.xml").exists()


def test_character_references_in_a_page_body_are_removed(site):
    site.source(
        "p.html",
        "<html><head><title>t</title><meta name=date content=2024-01-01></head>\n"
        '<body>\n<p title="x&#8;y">bell&#7; and &#x1;</p></body></html>',
    )
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert (
        "p.html:3: warning: removed 3 characters a feed cannot carry "
        "(the first, U+0007)" in result.stderr
    )
    _, atom, _ = feeds(site)
    assert atom.entries[0].content[0].value.strip() == '<p title="xy">bell and </p>'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '---\ndate: 2024-01-01\ntitle: "Bell\\ud800 rings"\n---\nbody\n',
            "p.md:3: invalid YAML front matter: found invalid Unicode character "
            "escape code: \\ud800 to \\udfff name half a character each; remove "
            "the escape, or write the character itself",
        ),
        (
            '+++\ndate = 2024-01-01\ntitle = "Bell\\ud800 rings"\n+++\nbody\n',
            "p.md:3: invalid TOML front matter: Escaped character is not a Unicode "
            "scalar value",
        ),
    ],
)
def test_yaml_and_toml_refuse_escaped_lone_surrogates_with_the_line(
    site, text, message
):
    site.source("p.md", text)
    result = build(site)
    assert result.returncode == 1
    assert f"sources/{message}" in result.stderr


@pytest.mark.parametrize("sanitize", ["true", "false"])
def test_character_references_in_raw_html_of_markdown_are_removed(site, sanitize):
    site.config(CONFIG_HEAD + f"content:\n  sanitize: {sanitize}\n")
    site.source(
        "p.md",
        "---\ntitle: t\ndate: 2024-01-01\n---\n"
        '<p title="a&#xFFFF;b">x&#1;y</p>\n\n<pre>&#7;</pre>\n',
    )
    result = build(site)
    assert result.returncode == 0, result.stderr
    html = feeds(site)[2]["items"][0]["content_html"]
    assert '<p title="ab">xy</p>' in html
    assert "<pre></pre>" in html


@pytest.mark.parametrize(
    ("value", "character"),
    [('"Test\\x07 Site"', "U+0007"), ('"Test\\x1b"', "U+001B")],
)
def test_config_value_xml_cannot_carry_is_an_error_naming_the_key(
    site, value, character
):
    site.config(CONFIG_HEAD.replace("title: Test Site", f"title: {value}"))
    site.source("p.md", "---\ntitle: t\ndate: 2024-01-01\n---\nbody\n")
    result = build(site)
    assert result.returncode == 2
    assert (
        f"config.yaml: site.title: character {character} cannot appear in a feed; "
        "remove it (or its escape)"
    ) in result.stderr


# --- bounds: long numbers, deep nesting, many tags --------------------------

DIGITS = "1" * 5000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f'{{"title": "t",\n "n": {DIGITS}, "date": "2024-01-01"}}\nbody\n',
            "p.md:2: invalid JSON front matter: a number of 5000 digits; "
            "put it in quotes if it is text",
        ),
        (
            f'+++\ntitle = "t"\nn = {DIGITS}\ndate = 2024-01-01\n+++\nbody\n',
            "p.md:3: invalid TOML front matter: a number too long to convert; "
            "put it in quotes if it is text",
        ),
        (
            '{"title": "t",\n "n": ' + "[" * 100_000 + "]" * 100_000 + "}\nbody\n",
            "p.md:1: invalid JSON front matter: lists and objects nested too deeply",
        ),
        (
            '{"title": "t",\n "n": ' + "[" * 150 + "]" * 150 + "}\nbody\n",
            "p.md:2: n: nested more than 100 levels deep",
        ),
        (
            '+++\ntitle = "t"\nn = ' + "[" * 5000 + "]" * 5000 + "\n+++\nbody\n",
            "p.md:1: invalid TOML front matter: lists and objects nested too deeply",
        ),
        (
            "---\ntitle: t\nn: " + "[" * 100_000 + "]" * 100_000 + "\n---\nbody\n",
            "p.md:3: invalid YAML front matter: lists and mappings nested more "
            "than 100 levels deep",
        ),
    ],
    ids=["json-int", "toml-int", "json-deep", "json-150", "toml-deep", "yaml-deep"],
)
def test_numbers_and_nesting_past_the_bounds_are_errors(site, text, message):
    site.source("p.md", text)
    result = build(site)
    assert result.returncode == 1
    assert f"sources/{message}" in result.stderr


def test_a_long_yaml_number_is_text(site):
    site.source(
        "p.md", f"---\ntitle: {DIGITS}\nn: {DIGITS}\ndate: 2024-01-01\n---\nb\n"
    )
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert feeds(site)[2]["items"][0]["title"] == DIGITS


def test_more_than_100_tags_is_an_error_naming_the_line(site):
    tags = ", ".join(f"tag{i}" for i in range(5000))
    site.source("p.md", f"---\ntitle: t\ndate: 2024-01-01\ntags: [{tags}]\n---\nb\n")
    result = run_cli(site.root, timeout=20)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert (
        "sources/p.md:4: tags: over 100 tags and categories on one article (5000); "
        "each makes a feed, keep the ones readers follow"
    ) in result.stderr


def test_100_tags_are_fine(site):
    tags = ", ".join(f"tag{i}" for i in range(100))
    site.source("p.md", f"---\ntitle: t\ndate: 2024-01-01\ntags: [{tags}]\n---\nb\n")
    files = feedsmith.feeds(site.load(), NOW).files
    atom = parse_xml(files[site.root / "feeds/atom.xml"])
    assert len(atom.entries[0].tags) == 100
    tag_files = [path for path in files if "tags" in path.parts]
    assert len(tag_files) == 400  # three feeds and the discovery tags each


# --- config.yaml: loaded as safely as front matter --------------------------


def _config_error(site, text: str) -> str:
    site.config(text)
    result = build(site)
    assert result.returncode == 2, result.stderr
    return result.stderr


def test_config_alias_bomb_is_refused_fast(site):
    """Unchecked, the error message's repr of ``output`` ran for minutes."""
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = "x:\n" + "".join(f"  {level}\n" for level in levels) + "output: *a8\n"
    stderr = _config_error(site, CONFIG_HEAD + bomb)
    assert (
        "config.yaml:6: invalid YAML: anchors and aliases (&name, *name) are not "
        "allowed; write the value out"
    ) in stderr


def test_config_larger_than_1_mb_is_refused(site):
    stderr = _config_error(site, CONFIG_HEAD + "# padding\n" * 120_000)
    assert "config.yaml: larger than 1,000,000 bytes; is this the right file?" in stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            CONFIG_HEAD + "feeds:\n  limit: " + DIGITS + "\n",
            "config.yaml: feeds.limit: expected a positive whole number",
        ),
        (
            CONFIG_HEAD + "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
            "config.yaml:5: invalid YAML: lists and mappings nested more than 100",
        ),
        (
            CONFIG_HEAD + "output: a\noutput: b\n",
            "config.yaml:6: invalid YAML: key 'output' appears twice (first on line 5)",
        ),
        (
            CONFIG_HEAD + "  zones: {EST: '+99:00'}\n",
            "config.yaml: site.zones: EST: offset '+99:00' is out of range; "
            "offsets run from -23:59 to +23:59",
        ),
        (
            CONFIG_HEAD + "sources: {encoding: base64}\n",
            "config.yaml: sources.encoding: unknown encoding 'base64'",
        ),
        (
            CONFIG_HEAD + "sources: {encoding: undefined}\n",
            "config.yaml: sources.encoding: unknown encoding 'undefined'",
        ),
        (
            CONFIG_HEAD + 'sources: "posts\\0"\n',
            "config.yaml: sources: character U+0000 in 'posts\\x00'; remove it",
        ),
    ],
    ids=["int", "deep", "duplicate", "zone", "base64", "undefined", "nul"],
)
def test_config_values_past_their_bounds_are_errors(site, text, message):
    stderr = _config_error(site, text)
    assert message in stderr
    assert len(stderr) < 300  # names the value; need not hold all of it


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("/{slug:d}/", "placeholders take no format or conversion, got {slug:d}"),
        ("/{slug!r}/", "placeholders take no format or conversion, got {slug!r}"),
        ("/{year:>{slug}}/", "placeholders take no format or conversion"),
        ("/{slug.x}/", "unknown placeholder {slug.x}"),
        ("/{slug[0]}/", "unknown placeholder {slug[0]}"),
        (
            "/:year/:title/",
            "must contain {slug} so that every article gets its own link; "
            "Jekyll's :tokens are written {name} here: /{year}/{slug}/",
        ),
        (
            "/:categories/:year/:month/:day/:title.html",
            "must contain {slug} so that every article gets its own link; "
            "Jekyll's :tokens are written {name} here: "
            "/{categories}/{year}/{month}/{day}/{slug}.html",
        ),
    ],
)
def test_permalink_mistakes_are_config_errors(site, pattern, message):
    site.source("p.md", "---\ntitle: t\ndate: 2024-01-01\n---\nbody\n")
    stderr = _config_error(site, CONFIG_HEAD + f"permalink: '{pattern}'\n")
    assert f"config.yaml: permalink: {message}" in stderr


# --- HTML pages that declare something that is no character set -----------


@pytest.mark.parametrize("charset", ["base64", "undefined", "rot13", "hex"])
def test_a_page_declaring_a_codec_that_is_no_charset_is_read_as_utf8(site, charset):
    site.source(
        "p.html",
        f'<html><head><meta charset="{charset}"><title>Caf\u00e9</title>'
        '<meta name="date" content="2024-01-01"></head><body><p>x</p></body></html>',
    )
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert feeds(site)[2]["items"][0]["title"] == "Caf\u00e9"


# --- messages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "title: Walk: a story\ndate: 2024-01-01",
            "p.md:2: invalid YAML front matter: mapping values are not allowed in "
            "this context: a colon and a space inside a value start a new key; "
            'put the value in quotes: title: "Walk: a story"',
        ),
        (
            "title: t\ntags:\n\t- a\ndate: 2024-01-01",
            "p.md:4: invalid YAML front matter: found a tab: tabs are not allowed, "
            "use spaces",
        ),
        (
            "date: 2024-01-01\ntitle: a\ntitle: b",
            "p.md:4: invalid YAML front matter: key 'title' appears twice "
            "(first on line 3); remove one",
        ),
    ],
    ids=["colon", "tab", "duplicate"],
)
def test_yaml_mistakes_say_how_to_fix_them(site, front, message):
    site.source("p.md", f"---\n{front}\n---\nbody\n")
    result = build(site)
    assert result.returncode == 1
    assert f"sources/{message}" in result.stderr


def test_duplicate_json_keys_are_an_error_naming_key_and_line(site):
    site.source(
        "p.md", '{"title": "a",\n "date": "2024-01-01",\n "title": "b"}\nbody\n'
    )
    result = build(site)
    assert result.returncode == 1
    assert (
        "sources/p.md:3: invalid JSON front matter: key 'title' appears twice; "
        "remove one" in result.stderr
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("related: 5", "p.md:4: related: expected a list, got 5"),
        ("related: true", "p.md:4: related: expected a list, got True"),
        (
            "author: {name: a, email: {x: 1}}",
            "p.md:4: author: email: expected text, got {'x': 1}",
        ),
    ],
)
def test_fields_of_the_wrong_type_are_errors_naming_the_line(site, field, message):
    site.source("p.md", f"---\ntitle: t\ndate: 2024-01-01\n{field}\n---\nbody\n")
    result = build(site)
    assert result.returncode == 1
    assert f"sources/{message}" in result.stderr


def test_json_front_matter_still_reads(site):
    site.source("p.md", json.dumps({"title": "a", "date": "2024-01-01"}) + "\nbody\n")
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert feeds(site)[2]["items"][0]["title"] == "a"


# --- the same, for any text: hypothesis over the three front matter formats --

CONTROLS = [*"\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f", "\ufffe", "\uffff"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
WORD = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=5)


def _escaped_value(illegal: list[str]):
    """Words with illegal characters between them; never a high surrogate
    just before a low one, which JSON reads as one character."""
    pieces = st.lists(st.one_of(WORD, st.sampled_from(illegal)), min_size=2, max_size=8)
    return pieces.filter(
        lambda p: (
            any(x in illegal for x in p)
            and any(x not in illegal for x in p)
            and not any(_pair(a, b) for a, b in itertools.pairwise(p))
            and not repaired_by_feedparser(_kept(p))
        )
    )


def _pair(first: str, second: str) -> bool:
    return "\ud800" <= first[-1] <= "\udbff" and "\udc00" <= second[0] <= "\udfff"


def _escape(pieces: list[str]) -> str:
    """As a double-quoted YAML or TOML string: illegal characters as \\uXXXX."""
    return "".join(f"\\u{ord(p):04X}" if len(p) == 1 and p in ESCAPABLE else p
                   for p in pieces)  # fmt: skip


ESCAPABLE = frozenset(CONTROLS + SURROGATES)


def _front(language: str, title, tag, author) -> str:
    if language == "json":
        values = {"title": "".join(title), "date": "2024-05-04",
                  "tags": ["".join(tag)], "author": "".join(author)}  # fmt: skip
        return json.dumps(values, indent=0) + "\nBody.\n"
    if language == "yaml":
        return (f'---\ntitle: "{_escape(title)}"\ndate: 2024-05-04\n'
                f'tags: ["{_escape(tag)}"]\nauthor: "{_escape(author)}"\n---\nBody.\n')  # fmt: skip
    return (f'+++\ntitle = "{_escape(title)}"\ndate = 2024-05-04\n'
            f'tags = ["{_escape(tag)}"]\nauthor = "{_escape(author)}"\n+++\nBody.\n')  # fmt: skip


def _kept(pieces: list[str]) -> str:
    return "".join(p for p in pieces if p not in ESCAPABLE)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), language=st.sampled_from(["yaml", "toml", "json"]))
def test_escaped_characters_are_removed_from_any_front_matter_text(
    site, data, language
):
    # YAML and TOML refuse escaped lone surrogates outright (tested above).
    illegal = CONTROLS + (SURROGATES if language == "json" else [])
    title, tag, author = (data.draw(_escaped_value(illegal)) for _ in range(3))
    site.source("a.md", _front(language, title, tag, author))
    result = feedsmith.feeds(site.load(), NOW)
    keys = [w.message.split(":")[0] for w in result.warnings]
    assert keys == ["title", "tags", "author"]
    atom = parse_xml(result.files[site.root / "feeds/atom.xml"]).entries[0]
    rss = parse_xml(result.files[site.root / "feeds/rss.xml"]).entries[0]
    item = parse_json(result.files[site.root / "feeds/feed.json"])["items"][0]
    assert atom.title == rss.title == item["title"] == _kept(title)
    assert [t.term for t in atom.tags] == item["tags"] == [_kept(tag)]
    assert item["authors"] == [{"name": _kept(author)}]


EXPLICIT_TAGS = [
    ("!!timestamp 2024-02-30", "the tag !!timestamp is not allowed"),
    (f"!!int {DIGITS}", f"'{DIGITS[:40]}' is not a YAML int"),
    ("!!int 0xZZ", "'0xZZ' is not a YAML int"),
    ("!!float abc", "the tag !!float is not allowed"),
    ("!!bool maybe", "'maybe' is not a YAML bool"),
    ("!!timestamp 99999-01-01", "the tag !!timestamp is not allowed"),
    ("!!binary AAAA", "the tag !!binary is not allowed"),
]


def test_explicit_yaml_tags_are_errors_naming_the_line(site):
    """PyYAML's constructors raised ValueError, KeyError, AttributeError."""
    for number, (value, _) in enumerate(EXPLICIT_TAGS):
        site.source(
            f"p{number}.md", f"---\ntitle: t\ndate: 2024-01-01\nx: {value}\n---\n"
        )
    result = build(site)
    assert result.returncode == 1
    for number, (_, message) in enumerate(EXPLICIT_TAGS):
        assert (
            f"sources/p{number}.md:4: invalid YAML front matter: {message}; "
            "remove the tag and write the value plainly"
        ) in result.stderr
