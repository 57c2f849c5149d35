"""Bodies become HTML with absolute URLs; summaries are plain text."""

from datetime import UTC, datetime
from pathlib import Path

import feedparser
from conftest import assert_no_traceback, run_cli

from feedsmith.config import ContentSettings
from feedsmith.model import Article, Body
from feedsmith.pipeline.content import render

LINK = "https://example.org/blog/2024/05/post/"
SETTINGS = ContentSettings(sanitize=True, max_bytes=1_000_000)  # the defaults


def unrendered(summary=None):
    return Article(
        id=LINK,
        title="t",
        link=LINK,
        published=datetime(2024, 5, 1, tzinfo=UTC),
        updated=None,
        authors=(),
        tags=(),
        summary=summary,
        source=Path("p.md"),
    )


def rendered(text, markup="markdown", summary=None, settings=SETTINGS):
    separator = "<!--more-->" if "<!--more-->" in text else None
    body = Body(text, markup, 1, excerpt_separator=separator)
    return render(unrendered(summary), body, settings).article


def test_markdown_to_html_with_absolute_urls():
    a = rendered(
        "See [the table](../assays/), ![core](images/core.jpg), "
        "[top](/about/), [ext](https://x.example/), [mail](mailto:a@b.c) "
        "and [below](#results).\n"
    )
    assert 'href="https://example.org/blog/2024/05/assays/"' in a.content_html
    assert (
        'src="https://example.org/blog/2024/05/post/images/core.jpg"' in a.content_html
    )
    assert 'href="https://example.org/about/"' in a.content_html
    assert 'href="https://x.example/"' in a.content_html
    assert 'href="mailto:a@b.c"' in a.content_html
    assert 'href="https://example.org/blog/2024/05/post/#results"' in a.content_html


def test_fragment_links_to_anchors_inside_the_content_lead_to_the_page():
    # A reader resolves a bare "#fn1" against the feed's address (feedparser
    # does); against the article's link it lands on the page's note. The id
    # stays, for readers that show notes in place.
    a = rendered('Claim.<a href="#fn1">1</a>\n\n<p id="fn1">Source.</p>\n')
    assert f'href="{LINK}#fn1"' in a.content_html
    assert 'id="fn1"' in a.content_html


def test_raw_html_srcset_and_poster_are_made_absolute():
    a = rendered(
        '<video poster="p.jpg"><source src="v.mp4"></video>\n\n'
        '<img srcset="small.jpg 1x, /large.jpg 2x" src="small.jpg">\n'
    )
    assert 'poster="https://example.org/blog/2024/05/post/p.jpg"' in a.content_html
    assert 'src="https://example.org/blog/2024/05/post/v.mp4"' in a.content_html
    assert (
        'srcset="https://example.org/blog/2024/05/post/small.jpg 1x, '
        'https://example.org/large.jpg 2x"' in a.content_html
    )


def test_summary_is_first_paragraph_as_plain_text():
    a = rendered("# Heading\n\nFirst *para*\nwith [a link](x/).\n\nSecond.\n")
    assert a.summary == "First para with a link."


def test_summary_from_more_divider():
    a = rendered("Intro **one**.\n\nIntro two.\n\n<!--more-->\n\nRest.\n")
    assert a.summary == "Intro one. Intro two."
    assert "<!--" not in a.content_html
    assert "Rest." in a.content_html


def test_explicit_summary_wins():
    assert rendered("Body.\n", summary="Given.").summary == "Given."


def test_plain_text_paragraphs_are_escaped():
    a = rendered("grade < 2 g/t & rising\nsecond line\n\n<b>not bold</b>", "text")
    assert a.content_html == (
        "<p>grade &lt; 2 g/t &amp; rising<br>\nsecond line</p>\n"
        "<p>&lt;b&gt;not bold&lt;/b&gt;</p>\n"
    )
    assert a.summary == "grade < 2 g/t & rising second line"


def test_empty_body():
    a = rendered("", "text")
    assert a.content_html == ""
    assert a.summary is None


def test_plain_text_urls_become_links():
    a = rendered(
        "See https://example.com/a?b=1&c=2, or (https://en.example.org/wiki/X_(y)).",
        "text",
    )
    assert a.content_html == (
        '<p>See <a href="https://example.com/a?b=1&amp;c=2">'
        "https://example.com/a?b=1&amp;c=2</a>, or "
        '(<a href="https://en.example.org/wiki/X_(y)">'
        "https://en.example.org/wiki/X_(y)</a>).</p>\n"
    )


def test_html_bodies_pass_through_with_absolute_urls():
    a = rendered('<p>Hi <img src="a.png"></p>', "html")
    assert (
        a.content_html
        == '<p>Hi <img src="https://example.org/blog/2024/05/post/a.png"></p>\n'
    )


def test_jekyll_excerpt_separator():
    body = Body(
        "One.\n<!--end-->\nTwo.\n", "markdown", 1, excerpt_separator="<!--end-->"
    )
    assert render(unrendered(), body, SETTINGS).article.summary == "One."


def test_a_site_wide_excerpt_separator_applies_where_the_article_names_none():
    site_wide = ContentSettings(True, 1_000_000, excerpt_separator="<!-- cut -->")
    text = "One.\n\nTwo.\n<!-- cut -->\nThree.\n"
    assert rendered(text, settings=site_wide).summary == "One. Two."
    own = Body("A.\n<!--x-->\nB.\n<!-- cut -->\n", "markdown", 1, "<!--x-->")
    assert render(unrendered(), own, site_wide).article.summary == "A."
    assert rendered(text).summary == "One."  # the first paragraph, by default


def test_summary_words_takes_whole_paragraphs_until_it_has_enough():
    text = "One two three.\n\nFour five.\n\nSix seven eight nine.\n"
    assert rendered(text).summary == "One two three."  # 0: the first paragraph
    for words, summary in [
        (3, "One two three."),  # enough already: never a second paragraph
        (4, "One two three. Four five."),  # a paragraph is never cut
        (6, "One two three. Four five. Six seven eight nine."),
        (70, "One two three. Four five. Six seven eight nine."),  # all there is
    ]:
        settings = ContentSettings(True, 1_000_000, summary_words=words)
        assert rendered(text, settings=settings).summary == summary


def test_a_character_reference_feeds_cannot_carry_never_reaches_the_summary(site):
    """Raw HTML before ``<!--more-->`` may hold ``&#1;``: the summary drops it."""
    site.source(
        "p.md",
        "---\ntitle: t\ndate: 2024-01-01\n---\n<pre>A&#1;B</pre>\n\n<!--more-->\n\nRest.\n",
    )
    result = run_cli(site.root)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    entry = feedparser.parse(site.root / "feeds/atom.xml").entries[0]
    assert entry.summary == "AB"
