"""Property tests: whatever text an article holds survives every format exactly,
and any input either builds valid feeds or fails with a clear SourceError."""

from __future__ import annotations

import json
import os
import re

from conftest import NOW
from feedcheck import parse_json, parse_xml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from feedsmith import SourceErrors, feeds
from feedsmith.dates import looks_like_date

# Printable text plus the characters that break naive generators.
TRICKY = [
    "<",
    ">",
    "&",
    '"',
    "'",
    "]]>",
    "&amp;",
    "<b>",
    "🦊",
    "\U0001d518",
    "\u00a0",
    "é",
]
TEXT_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
    blacklist_characters="\ufeff\ufffe\uffff\x85",
)
LINE = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(TEXT_CHARACTERS, max_size=8)),
                min_size=1, max_size=8).map("".join)  # fmt: skip
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}
URI = re.compile(r"^(https?://[^\s/]+/|tag:|urn:)[^\s<>\"]*$")
NAVIGATION = re.compile(r"^(previous|next)\s*:", re.IGNORECASE)
# Bounded for CI; FEEDSMITH_EXAMPLES=5000 pytest tests/test_properties.py for a long run.
EXAMPLES = int(os.environ.get("FEEDSMITH_EXAMPLES", "60"))
PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def normal(text: str) -> str:
    return " ".join(text.split())


def markdown_escaped(text: str) -> str:
    """``text`` with every ASCII punctuation character backslash-escaped: the
    Markdown that reads as ``text`` (a Markdown title is Markdown)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def plain_line(text: str) -> bool:
    return (
        bool(text.strip())
        and not looks_like_date(text.strip())
        and not NAVIGATION.match(text.strip())
    )


def reader_text(fragment: str) -> str:
    """The text a reader shows for an HTML fragment."""
    return etree.HTML(f"<div>{fragment}</div>").xpath("string(//div)").strip()


def assert_valid_feeds_or_named_errors(site, names: tuple[str, ...]) -> None:
    """The fuzzing property: feeds that parse, with a real id, link and title,
    or source errors that name the generated file."""
    try:
        files = built(site)
    except SourceErrors as errors:
        assert all(e.path.name in (*names, "sources") for e in errors.errors)
        event("source error")
        return
    event("built")
    parse_xml(files["rss.xml"])
    parse_xml(files["atom.xml"])
    item = parse_json(files["feed.json"])["items"][0]
    assert URI.match(item["url"]) and URI.match(item["id"]) and item["title"].strip()


def built(site):
    result = feeds(site.load(), NOW)
    return {p.name: d for p, d in result.files.items() if "tags" not in p.parts}


@PROFILE
@given(title=LINE, body=LINE)
def test_plain_text_article_survives_every_format(site, title, body):
    title, body = normal(title), normal(body)
    assume(plain_line(title) and plain_line(body))
    site.source("a.txt", f"{title}\n\n{body}\n\n2024-05-04\n")
    files = built(site)

    rss = etree.fromstring(files["rss.xml"])
    assert rss.findtext("channel/item/title") == title
    assert reader_text(rss.findtext("channel/item/description")) == body
    content_html = rss.findtext(
        "channel/item/{http://purl.org/rss/1.0/modules/content/}encoded"
    )
    assert reader_text(content_html) == body

    # Exact text is checked in the XML itself: feedparser "repairs" strings
    # that look like mis-decoded UTF-8 (it reads "Â¡" as "¡").
    parse_xml(files["atom.xml"])
    atom = etree.fromstring(files["atom.xml"])
    assert atom.xpath("string(a:entry/a:title)", namespaces=ATOM_NS) == title
    summary = atom.xpath("string(a:entry/a:summary)", namespaces=ATOM_NS)
    assert reader_text(summary) == body

    item = parse_json(files["feed.json"])["items"][0]
    assert (item["title"], item["summary"]) == (title, body)
    assert reader_text(item["content_html"]) == body


@PROFILE
@given(title=LINE, tag=LINE, author=LINE)
def test_front_matter_text_survives_every_format(site, title, tag, author):
    title, tag, author = normal(title), normal(tag), normal(author)
    assume(title and author and any(c.isalnum() for c in tag))
    front = {
        "title": markdown_escaped(title),
        "date": "2024-05-04",
        "tags": [tag],
        "author": author,
    }
    site.source(
        "a.md", "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\nBody.\n"
    )
    files = built(site)

    rss = etree.fromstring(files["rss.xml"])
    assert rss.findtext("channel/item/title") == title
    assert rss.findtext("channel/item/category") == tag
    assert (
        rss.findtext("channel/item/{http://purl.org/dc/elements/1.1/}creator") == author
    )

    parse_xml(files["atom.xml"])
    atom = etree.fromstring(files["atom.xml"])
    assert atom.xpath("string(a:entry/a:title)", namespaces=ATOM_NS) == title
    assert atom.xpath("string(a:entry/a:category/@term)", namespaces=ATOM_NS) == tag
    assert atom.xpath("string(a:entry/a:author/a:name)", namespaces=ATOM_NS) == author

    item = parse_json(files["feed.json"])["items"][0]
    assert (item["title"], item["tags"], item["authors"]) == (
        title,
        [tag],
        [{"name": author}],
    )


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".md", ".txt", ".html"]))
def test_any_bytes_give_valid_feeds_or_a_source_error(site, data, suffix):
    for old in (site.root / "sources").iterdir():
        old.unlink()
    site.source("anything" + suffix, data)
    try:
        files = built(site)
    except SourceErrors as errors:
        for error in errors.errors:
            assert error.message and error.path.name in ("anything" + suffix, "sources")
        return
    parse_xml(files["rss.xml"])
    parse_xml(files["atom.xml"])
    parse_json(files["feed.json"])


@PROFILE
@given(front=st.dictionaries(
    st.sampled_from(["title", "date", "updated", "tags", "categories", "author", "slug",
                     "summary", "id", "url", "draft", "lastmod", "other",
                     "publishDate", "expiryDate", "excerpt_separator", "published"]),
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), LINE,
              st.lists(LINE, max_size=3), st.dictionaries(LINE, LINE, max_size=2),
              st.sampled_from(["2024-01-01", "2024-02-30", "March 2024", "2023-05-06T07:08:09Z"])),
))  # fmt: skip
def test_any_front_matter_gives_valid_feeds_or_a_source_error(site, front):
    site.source(
        "a.md", "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\nBody.\n"
    )
    try:
        files = built(site)
    except SourceErrors as errors:
        assert all(str(e).startswith(str(site.root)) for e in errors.errors)
        return
    parse_xml(files["rss.xml"])
    parse_xml(files["atom.xml"])
    item = parse_json(files["feed.json"])["items"][0]
    assert URI.match(item["url"]) and URI.match(item["id"]), item


HTML_PIECES = st.sampled_from(
    [
        "<html>",
        "<head>",
        "<title>",
        "</title>",
        "<body>",
        "<article>",
        "</article>",
        "<main>",
        "<h1>",
        "</h1>",
        "<p>",
        "<nav>",
        "</nav>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        '<meta property="og:title" content="',
        '<meta name="date" content="2024-01-02">',
        '<meta property="article:published_time" content="',
        '<time datetime="',
        '<script type="application/ld+json">{"@type": "Article", "datePublished": "',
        '"}',
        '<link rel="canonical" href="',
        '<meta name="keywords" content="',
        '">',
        "&amp;",
        "&#1;",
        "2024-05-06T07:08:09Z",
        "https://e.org/x",
        '<img src="a.png">',
        "]]>",
        "<",
    ]
)


@PROFILE
@given(pieces=st.lists(st.one_of(HTML_PIECES, LINE), max_size=40))
def test_any_html_page_gives_valid_feeds_or_a_source_error(site, pieces):
    for old in (site.root / "sources").iterdir():
        old.unlink()
    site.source("page.html", "".join(pieces))
    assert_valid_feeds_or_named_errors(site, ("page.html",))


FRONT_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), LINE, st.lists(LINE, max_size=3),
    st.sampled_from(["2024-01-01", "2024-02-30", "01/02/03", "March 2024",
                     "2023-05-06T07:08:09Z", "yes", "no", "12:30", "&a", "*a", "!!python/name:os"]),
)  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]


@PROFILE
@given(
    front=st.dictionaries(st.sampled_from(["title", "date", "tags", "author", "draft",
                                           "slug", "url", "id", "summary", "lastmod"]),
                          FRONT_VALUES, max_size=6),
    body=st.binary(max_size=200) | LINE.map(str.encode),
    encoding=st.sampled_from(ENCODINGS),
    style=st.sampled_from(["yaml", "toml-ish", "pelican", "text", "none"]),
)  # fmt: skip
def test_any_whole_article_file_gives_valid_feeds_or_a_named_error(
    site, front, body, encoding, style
):
    for old in (site.root / "sources").iterdir():
        old.unlink()
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()]
    header = {
        "yaml": "---\n" + "\n".join(lines) + "\n---\n",
        "toml-ish": "+++\n"
        + "\n".join(line.replace(": ", " = ", 1) for line in lines)
        + "\n+++\n",
        "pelican": "\n".join(f"{k.title()}: {v}" for k, v in front.items()) + "\n\n",
        "text": f"{front.get('title', 'Title')}\n\n",
        "none": "",
    }[style]
    try:
        data = header.encode(encoding) + body
    except UnicodeEncodeError:
        data = header.encode("utf-8") + body
    site.source("article.txt" if style == "text" else "article.md", data)
    assert_valid_feeds_or_named_errors(site, ("article.md", "article.txt"))
