"""Markdown as the site's tool renders it: footnotes, definition lists, task
lists, heading ids, kramdown attribute lists removed, typographic quotes where
the tool makes them, and titles as plain text."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
import sitecheck
from conftest import NOW
from hypothesis import given, settings
from hypothesis import strategies as st
from test_content import LINK, SETTINGS, rendered

from feedsmith import feeds
from feedsmith.config import load_site
from feedsmith.pipeline.markdown import _rendered_title, plain_title, renderer

TYPOGRAPHIC = replace(SETTINGS, typographer=True)


def html(text: str, settings=SETTINGS) -> str:
    return rendered(text, settings=settings).content_html


# --- each feature, as the feed carries it ---


def test_footnotes_link_to_the_note_on_the_article_page():
    assert html(
        "A claim[^1] and one more[^src].\n\n[^1]: The note.\n[^src]: A source.\n"
    ) == (
        f'<p>A claim<sup><a href="{LINK}#fn:1" id="fnref:1">1</a></sup> and one more'
        f'<sup><a href="{LINK}#fn:2" id="fnref:2">2</a></sup>.</p>\n'
        "<hr>\n\n"
        "<ol>\n"
        f'<li id="fn:1"><p>The note. <a href="{LINK}#fnref:1">↩︎</a></p>\n</li>\n'
        f'<li id="fn:2"><p>A source. <a href="{LINK}#fnref:2">↩︎</a></p>\n</li>\n'
        "</ol>\n"
    )


def test_definition_lists():
    assert html("Term\n: The definition.\n") == (
        "<dl>\n<dt>Term</dt>\n<dd>The definition.</dd>\n</dl>\n"
    )


def test_task_lists_show_their_state_as_characters():
    # Sanitizing removes form fields (and so do most readers): a box is text.
    assert html("- [x] done\n- [ ] to do\n- [ ]\n") == (
        "<ul>\n<li>☑ done</li>\n<li>☐ to do</li>\n<li>[ ]</li>\n</ul>\n"
    )


def test_headings_take_github_ids_or_their_own():
    text = (
        "# Top\n\n## Second Heading: with Punctuation!\n\n## Second heading with "
        "punctuation\n\n###### Café *au* `lait`\n\n## Named {#chosen}\n\n"
        "## Named kramdown's way {: #also-chosen .wide}\n"
    )
    assert html(text) == (
        '<h1 id="top">Top</h1>\n'
        '<h2 id="second-heading-with-punctuation">Second Heading: with Punctuation!</h2>\n'
        '<h2 id="second-heading-with-punctuation-1">Second heading with punctuation</h2>\n'
        '<h6 id="café-au-lait">Café <em>au</em> <code>lait</code></h6>\n'
        '<h2 id="chosen">Named</h2>\n'
        '<h2 id="also-chosen">Named kramdown\'s way</h2>\n'
    )


def test_tables_and_strikethrough_still_render():
    assert html("| a |\n|---|\n| ~~b~~ |\n") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td><s>b</s></td>\n</tr>\n</tbody>\n</table>\n"
    )


# --- footnotes in a reader ---


def test_footnotes_survive_a_reader_fetching_the_feeds(site):
    site.source(
        "notes.md",
        "---\ntitle: Notes\ndate: 2024-05-01\n---\n"
        "A claim[^1].\n\n[^1]: The first note, with [a source](https://example.com/).\n",
    )
    config = site.load()
    files = feeds(config, NOW).files
    link = "https://example.org/blog/2024/05/notes/"
    for name in ("rss.xml", "atom.xml"):
        # As a reader fetches it: feedparser resolves a bare "#fn:1" against
        # the feed's own address, so only the article's link works.
        parsed = feedparser.parse(
            files[config.output / name],
            response_headers={
                "content-location": f"{config.feeds.url}{name}",
                "content-type": "application/xml",
            },
        )
        content = parsed.entries[0].content[0].value
        assert f'<a href="{link}#fn:1" id="fnref:1">1</a>' in content, name
        assert 'id="fn:1"' in content, name
        assert "The first note, with" in content, name
        assert f'<a href="{link}#fnref:1">↩︎</a>' in content, name
    item = json.loads(files[config.output / "feed.json"])["items"][0]
    assert f'href="{link}#fn:1"' in item["content_html"]
    assert f'href="{link}#fnref:1"' in item["content_html"]


# --- kramdown attribute lists ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Para\n{: .note}\n", "<p>Para</p>\n"),
        ("{: .note}\nPara\n", "<p>Para</p>\n"),
        ("Para\n\n{:#id}\n\nNext\n", "<p>Para</p>\n<p>Next</p>\n"),
        ('Para {: style="color: red; content: \'}\'"}\n', "<p>Para</p>\n"),
        ("{:ref: .wide}\n\nPara\n{: ref}\n", "<p>Para</p>\n"),
        ("* item\n{: .list}\n", "<ul>\n<li>item</li>\n</ul>\n"),
        ("> quote\n{: .aside}\n", "<blockquote>\n<p>quote</p>\n</blockquote>\n"),
        ("*x*{: .c} and `y`{: .d} stay\n", "<p><em>x</em> and <code>y</code> stay</p>\n"),
        ("| a |\n|---|\n| b |\n{: .table}\n", "<table>\n<thead>\n<tr>\n<th>a</th>\n"
         "</tr>\n</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n"),
        ("{::options parse_block_html=\"true\" /}\n\nPara\n", "<p>Para</p>\n"),
        # Not attribute lists: text and code keep them.
        ("Format with {:.2f} here\n", "<p>Format with {:.2f} here</p>\n"),
        ("```\n{: .x}\n```\n", "<pre><code>{: .x}\n</code></pre>\n"),
        ("Say `{: .x}`\n", "<p>Say <code>{: .x}</code></p>\n"),
    ],
)  # fmt: skip
def test_kramdown_attribute_lists_are_removed(text, expected):
    assert html(text) == expected


# --- typographic quotes ---

PROSE = "\"Quoted\" and 'single', it's -- a dash --- and ...\n"


def test_typographer_is_off_by_default():
    assert html(PROSE) == (
        "<p>\"Quoted\" and 'single', it's -- a dash --- and ...</p>\n"
    )


def test_typographer_makes_quotes_and_dashes():
    assert html(PROSE, TYPOGRAPHIC) == (
        "<p>“Quoted” and ‘single’, it’s – a dash — and …</p>\n"  # noqa: RUF001
    )
    assert html('`"code"` stays\n', TYPOGRAPHIC) == (
        '<p><code>"code"</code> stays</p>\n'
    )


def test_content_typographer_is_a_setting(site):
    site.config(site.config_path.read_text() + "content:\n  typographer: true\n")
    site.source("q.md", '---\ntitle: "It\'s"\ndate: 2024-05-01\n---\n' + PROSE)
    item = _items(site.load())[0]
    assert item["content_html"].startswith("<p>“Quoted” and ‘single’, it’s")  # noqa: RUF001
    assert item["title"] == "It’s"  # noqa: RUF001


def _items(config) -> list[dict]:
    files = feeds(config, NOW).files
    return json.loads(files[config.output / "feed.json"])["items"]


def _copy(tool: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(sitecheck.SITES / tool, tmp_path / tool))


def _origin(config, key: str):
    return next(o for o in config.origins if o.key == key)


@pytest.mark.parametrize(
    ("added", "on", "line"),
    [
        ("", True, None),
        ("[markup.goldmark.extensions.typographer]\ndisable = true\n", False, 1),
        ("[markup.goldmark.extensions.typographer]\ndisable = false\n", True, 1),
        ("[markup.goldmark.extensions]\ntypographer = false\n", False, 2),
    ],
)
def test_the_hugo_profile_reads_goldmarks_typographer(tmp_path, added, on, line):
    root = _copy("hugo", tmp_path)
    config_file = root / "hugo.toml"
    written = config_file.read_text(encoding="utf-8")
    config_file.write_text(written + added, encoding="utf-8")
    config = load_site(root)
    assert config.content.typographer is on
    origin = _origin(config, "content.typographer")
    if line is None:
        assert origin.source == "Hugo's default (typographer unset)"
    else:
        first = len(written.splitlines())
        assert origin.source == f"{config_file}:{first + line}"


@pytest.mark.parametrize(
    ("added", "on", "key"),
    [
        ("", True, None),
        ("kramdown:\n  smart_quotes: apos,apos,quot,quot\n", False, "smart_quotes"),
        (
            "kramdown:\n  smart_quotes: [apos, apos, quot, quot]\n",
            False,
            "smart_quotes",
        ),
        (
            "kramdown:\n  smart_quotes: lsaquo,rsaquo,laquo,raquo\n",
            True,
            "smart_quotes",
        ),
        ("markdown: CommonMark\n", False, "markdown"),
        ("markdown: kramdown\n", True, None),
    ],
)
def test_the_jekyll_profile_reads_kramdowns_smart_quotes(tmp_path, added, on, key):
    root = _copy("jekyll", tmp_path)
    config_file = root / "_config.yml"
    written = config_file.read_text(encoding="utf-8")
    config_file.write_text(written + added, encoding="utf-8")
    config = load_site(root)
    assert config.content.typographer is on
    origin = _origin(config, "content.typographer")
    if key is None:
        assert origin.source == "kramdown's default (kramdown.smart_quotes unset)"
    else:
        lines = (written + added).splitlines()
        number = next(
            n for n, text in enumerate(lines, 1) if text.strip().startswith(key)
        )
        assert origin.source == f"{config_file}:{number}"


def test_titles_follow_each_tools_feed(tmp_path):
    # jekyll-feed smartifies titles; Hugo's feed shows them as written.
    jekyll = sitecheck.items(load_site(sitecheck.SITES / "jekyll"))
    assert [i["title"] for i in jekyll.values() if "Bench Log" in i["title"]] == [
        "What’s new in “Bench Log” v2.0 – a summary"  # noqa: RUF001
    ]
    hugo = sitecheck.items(load_site(sitecheck.SITES / "hugo"))
    assert [i["title"] for i in hugo.values() if i["title"].startswith("Quotes")] == [
        "Quotes \"double\" 'single' — dashes – and… ellipsis?!"  # noqa: RUF001
    ]


# --- titles ---


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Using `git`", "Using git"),
        ("*Really* fast", "Really fast"),
        ("A &amp; B", "A & B"),
        (
            "**Bold** [link](https://example.com/) and ~~old~~ new",
            "Bold link and old new",
        ),
        ("Why <div> is bad", "Why <div> is bad"),
        ("C\\+\\+ and snake_case_names", "C++ and snake_case_names"),
        ("1. Not a list", "1. Not a list"),
        ('"Quoted" -- as written', '"Quoted" -- as written'),
    ],
)
def test_markdown_titles_are_plain_text(site, written, shown):
    site.source(
        "t.md",
        "---\ntitle: " + json.dumps(written) + "\ndate: 2024-05-01\n---\nBody.\n",
    )
    site.source("2024-05-03-h.md", f"# {written}\n\nBody.\n")
    site.source("2024-05-02-u.txt", f"{written}\n\nBody.\n\n2024-05-02\n")
    titles = sorted(item["title"] for item in _items(site.load()))
    # front matter and a leading heading alike; a plain-text article's title
    # is text as written
    assert titles == sorted([shown, shown, written])


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(
        st.sampled_from("ab  \t.,'\"-+!?()*_`[]<>&;#~\\é\u00a0"), max_size=12
    ),
    typographer=st.booleans(),
)
def test_a_title_without_markdown_reads_as_rendering_it_would(title, typographer):
    """The fast path for titles with no Markdown signs is the rendering's."""
    assert plain_title(title, typographer=typographer) == _rendered_title(
        title, typographer
    )


def test_a_plain_title_takes_the_fast_path(monkeypatch):
    from feedsmith.pipeline import markdown

    def unused(title: str, typographer: bool) -> str:
        raise AssertionError("rendered")

    monkeypatch.setattr(markdown, "_rendered_title", unused)
    assert plain_title(" Tools we like 日本語 ") == "Tools we like 日本語"
    with pytest.raises(AssertionError, match="rendered"):
        plain_title("Using `git`")


def test_many_tasks_and_repeated_headings_take_linear_time():
    # mdit-py-plugins' tasklists and anchors plugins take time growing with
    # the square of these (5,000 each: 2.4 s and 1.7 s); feedsmith's rules do
    # them in one pass (0.4 s). A bound above that, below those.
    md = renderer()
    start = time.perf_counter()
    tasks = md.render("- [x] t\n" * 5_000)
    headings = md.render("## h\n\n" * 5_000)
    assert time.perf_counter() - start < 2
    assert tasks.count("<li>☑ t</li>") == 5_000
    assert headings.endswith('<h2 id="h-4999">h</h2>\n')
