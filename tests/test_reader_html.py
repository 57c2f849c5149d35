"""The HTML reader: metadata from a saved page's head, body from its article."""

from __future__ import annotations

import json

import pytest

from feedsmith import SourceError
from feedsmith.pipeline.content import render
from feedsmith.pipeline.metadata import to_article
from feedsmith.readers.html import declared_encoding, read

NEWS_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Quarry reopens | Valley Times</title>
<meta property="og:title" content="Quarry   reopens after	ten years">
<meta property="og:url" content="https://valley.example.com/og-url">
<link rel="canonical" href="https://valley.example.com/2024/quarry-reopens">
<meta name="description" content="The old lime quarry opens again.">
<meta name="author" content="Mara Lind">
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<meta property="article:modified_time" content="2024-03-06T08:30:00+01:00">
<meta property="article:tag" content="Quarries">
<meta property="article:tag" content=" Local news ">
<meta property="article:tag" content="Quarries">
<style>p { color: red }</style>
</head>
<body>
<header><a href="/">Valley Times</a><nav><a href="/news">News</a></nav></header>
<div class="cookie-banner">We use cookies.</div>
<article>
  <h1>Quarry reopens after ten years</h1>
  <!-- advert slot -->
  <p>The lime quarry above the village <a href="/map">reopened</a> on Monday.</p>
  <aside>Read also: our quarry archive</aside>
  <p>Work starts in <em>April</em>.</p>
  <script>track("view")</script>
  <form><input name="email"></form>
  <noscript>Enable JavaScript</noscript>
  <template><p>hidden</p></template>
  <footer>Filed under Quarries</footer>
</article>
<footer>(c) Valley Times</footer>
</body>
</html>
"""

BLOG_PAGE = """\
<html>
<head>
  <title>Notes on drystone walls</title>
  <meta name="keywords" content="walls, stone,, Walls ,stone">
</head>
<body>
  <main>
    <article>
      <h1>Notes on drystone walls</h1>
      <p>Posted <time datetime="2023-11-30">30 November</time></p>
      <p>A wall <img src="img/wall.jpg" alt="wall"> stands without mortar.</p>
    </article>
  </main>
</body>
</html>
"""


def _read(site, text: str, name: str = "page.html"):
    return read(site.source(name, text), text)


def _page(head: str = "", body: str = "<p>x</p>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _ld(node: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


def test_news_site_page(site):
    doc = _read(site, NEWS_PAGE)
    assert doc.meta == {
        "title": "Quarry reopens after ten years",
        "date": "2024-03-05T10:00:00+01:00",
        "updated": "2024-03-06T08:30:00+01:00",
        "url": "https://valley.example.com/2024/quarry-reopens",
        "summary": "The old lime quarry opens again.",
        "author": "Mara Lind",
        "tags": ["Quarries", "Local news"],
    }
    assert doc.lines == {
        "title": 6,
        "date": 11,
        "updated": 12,
        "url": 8,
        "summary": 9,
        "author": 10,
        "tags": 13,
    }


def test_news_site_body_keeps_only_the_article_text(site):
    body = _read(site, NEWS_PAGE).body
    assert body.markup == "html"
    assert body.line == 21
    assert body.text.startswith("<p>The lime quarry above the village")
    assert '<a href="/map">reopened</a>' in body.text  # left relative for content.py
    assert body.text.endswith("<p>Work starts in <em>April</em>.</p>")
    gone = (
        "<h1 advert archive track( email JavaScript hidden Filed Valley cookie <article"
    )
    assert [word for word in gone.split() if word in body.text] == []


def test_blog_page(site):
    doc = _read(site, BLOG_PAGE)
    assert doc.meta == {
        "title": "Notes on drystone walls",
        "date": "2023-11-30",
        "tags": ["walls", "stone", "Walls"],
    }
    assert doc.lines == {"title": 3, "date": 10, "tags": 4}
    assert doc.body.line == 8
    assert doc.body.text == (
        '<p>Posted <time datetime="2023-11-30">30 November</time></p>\n'
        '      <p>A wall <img src="img/wall.jpg" alt="wall"> stands without mortar.</p>'
    )


_LD_ARTICLE = {
    "@type": "NewsArticle",
    "headline": "ignored",
    "datePublished": "2024-05-01T09:00:00Z",
    "dateModified": "2024-05-02T09:00:00Z",
    "description": "From   JSON-LD.",
    "author": [{"@type": "Person", "name": "Ada Rock"}, "Ben Shale"],
}
_LD_SHAPES = {
    "object": _LD_ARTICLE,
    "list": [{"@type": "Organization", "name": "Times"}, _LD_ARTICLE],
    "graph": {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "datePublished": "2000-01-01"},
            {**_LD_ARTICLE, "author": [{"@id": "#ada"}, {"name": "Ben Shale"}]},
            {"@type": "Person", "@id": "#ada", "name": "Ada Rock"},
        ],
    },
}


@pytest.mark.parametrize("shape", sorted(_LD_SHAPES))
def test_json_ld_shapes(site, shape):
    head = "<title>T</title>\n" + _ld(_LD_SHAPES[shape])
    doc = _read(site, _page(head))
    assert doc.meta == {
        "title": "T",
        "date": "2024-05-01T09:00:00Z",
        "updated": "2024-05-02T09:00:00Z",
        "summary": "From JSON-LD.",
        "author": ["Ada Rock", "Ben Shale"],
    }
    assert doc.lines["date"] == doc.lines["author"] == 2  # the <script> line


@pytest.mark.parametrize(
    ("nodes", "date"),
    [
        (
            [
                {"@type": "WebPage", "datePublished": "1"},
                {"@type": "BlogPosting", "datePublished": "2"},
            ],
            "2",
        ),
        ([{"@type": ["Thing", "schema:ScholarlyArticle"], "datePublished": "3"}], "3"),
        ([{"@type": "https://schema.org/Report", "datePublished": "4"}], "4"),
        ([{"@type": "Event"}, {"@type": "WebPage", "datePublished": "5"}], "5"),
    ],
)
def test_json_ld_picks_the_article_node(site, nodes, date):
    head = "<title>T</title>" + _ld(nodes)
    assert _read(site, _page(head)).meta["date"] == date


def test_malformed_json_ld_is_ignored(site):
    head = (
        '<title>T</title><script type="application/ld+json">{"datePublished": </script>'
        '<meta name="date" content="2024-02-10">'
    )
    assert _read(site, _page(head)).meta == {"title": "T", "date": "2024-02-10"}


def test_page_with_only_a_body_and_h1(site):
    doc = _read(site, "<h1>Lonely   heading</h1>\n<p>Some <b>text</b>.</p>\n")
    assert doc.meta == {"title": "Lonely heading"}
    assert doc.lines == {"title": 1}
    assert doc.body.text == "<p>Some <b>text</b>.</p>"


# Every place a key can come from, the winning one first; value N is "N".
_SOURCES = {
    "title": [
        '<meta property="og:title" content="1">',
        "<title>2</title>",
        "<h1>3</h1>",
    ],
    "date": [
        '<meta property="article:published_time" content="1">',
        '<article><time datetime="2"></time><time datetime="later"></time></article>',
        _ld({"@type": "Article", "datePublished": "3"}),
        '<meta name="date" content="4">',
        '<meta name="DC.date" content="5">',
        '<meta name="dcterms.created" content="6">',
        '<span itemprop="datePublished" content="7"></span>',
    ],
    "updated": [
        '<meta property="article:modified_time" content="1">',
        _ld({"@type": "BlogPosting", "dateModified": "2"}),
        '<meta itemprop="dateModified" content="3">',
    ],
    "url": [
        '<link rel="Canonical" href="https://a.example/1">',
        '<meta property="og:url" content="https://a.example/2">',
    ],
    "summary": [
        '<meta name="description" content="1">',
        '<meta property="og:description" content="2">',
        _ld({"@type": "NewsArticle", "description": "3"}),
    ],
    "author": [
        '<meta name="author" content="1">',
        _ld({"@type": "Report", "author": {"name": "2"}}),
        '<meta property="article:author" content="3">',
    ],
    "tags": [
        '<meta property="article:tag" content="1">',
        '<meta name="keywords" content="2">',
    ],
}


@pytest.mark.parametrize("key", sorted(_SOURCES))
def test_precedence(site, key):
    """Drop the winner one at a time: the next source must take over."""
    sources = _SOURCES[key]
    for rank in range(len(sources)):
        markup = "".join(reversed(sources[rank:]))  # document order must not matter
        page = ("" if key == "title" else "<title>T</title>") + markup
        value = _read(site, page).meta[key]
        expected = str(rank + 1)
        assert value == {
            "url": f"https://a.example/{expected}",
            "tags": [expected],
        }.get(key, expected)


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="/2024/post/">',
        '<meta property="og:url" content="ftp://files.example/post">',
        '<meta property="article:author" content="https://fb.example/author">',
        '<meta name="keywords" content=" , ,">',
        '<time datetime="2024-01-01">outside any article</time>',
    ],
)
def test_unusable_values_are_left_out(site, head):
    assert _read(site, _page("<title>T</title>" + head)).meta == {"title": "T"}


def test_body_is_the_article_with_the_h1(site):
    text = (
        "<body>\n<article><p>teaser</p></article>\n"
        "<main>\n<article><h1>Real</h1><p>story</p></article></main></body>"
    )
    doc = _read(site, text)
    assert doc.meta["title"] == "Real"
    assert (doc.body.text, doc.body.line) == ("<p>story</p>", 4)


def test_body_falls_back_to_main_then_body(site):
    main = _read(site, "<title>T</title><p>out</p>\n\n<main>\n<p>in</p></main>")
    assert (main.body.text, main.body.line) == ("<p>in</p>", 3)
    body = _read(site, "<title>T</title>\n<body>\n\nfirst <i>words</i></body>")
    assert (body.body.text, body.body.line) == ("first <i>words</i>", 2)


@pytest.mark.parametrize(
    ("title", "h1", "removed"),
    [
        ("Quarry walk", "Quarry  walk", True),
        ("Quarry walk | Valley Times", "Quarry walk", True),
        ("Valley Times \u2014 Quarry walk", "Quarry walk", True),
        ("Quarry walk-through", "Quarry walk", False),
        ("Quarry walk: a guide", "Quarry walk", False),
        ("Quarry walk", "Another heading", False),
    ],
)
def test_title_h1_is_removed_only_when_it_repeats_the_title(site, title, h1, removed):
    text = _page(f"<title>{title}</title>", f"<h1>{h1}</h1>\n<p>x</p>")
    body = _read(site, text).body.text
    assert body == ("<p>x</p>" if removed else f"<h1>{h1}</h1>\n<p>x</p>")


def test_only_the_first_repeated_h1_is_removed_and_tails_stay(site):
    text = _page("<title>T</title>", "<h1>T</h1>after <nav>n</nav>tail<h1>T</h1>")
    assert _read(site, text).body.text == "after tail<h1>T</h1>"


@pytest.mark.parametrize("text", ["", "  \n\n", "<!-- only a comment -->"])
def test_empty_page_is_an_error(site, text):
    with pytest.raises(SourceError) as info:
        _read(site, text)
    assert info.value.line == 1
    assert info.value.message.startswith("empty page:")


def test_page_without_title_is_an_error(site):
    with pytest.raises(SourceError) as info:
        _read(site, "<html>\n<head></head>\n<body><p>text</p></body></html>")
    assert (info.value.line, info.value.message) == (
        1,
        "no title: the page has no og:title, <title> or <h1>; add a <title>",
    )


def test_character_reference_xml_cannot_carry_is_removed_with_a_warning(site):
    doc = _read(site, "<title>ok</title>\n<body>\n<p>bell &#7; here</p></body>")
    assert doc.body.text == "<p>bell  here</p>"
    assert [(w.line, w.message) for w in doc.warnings] == [
        (3, "removed 1 character a feed cannot carry (the first, U+0007)")
    ]


def test_a_reference_xml_cannot_carry_beside_a_dropped_element(site):
    """Found by hypothesis: ``&#1;`` before the repeated title's ``<h1>``,
    whose removal joins the two texts (lxml refused that with a traceback)."""
    doc = _read(site, _page("<title>T</title>", "&#1;<h1>T</h1>after<nav>n</nav>"))
    assert doc.body.text == "after"
    assert [w.message for w in doc.warnings] == [
        "removed 1 character a feed cannot carry (the first, U+0001)"
    ]


def test_xml_declaration_and_meta_charset_do_not_change_decoding(site):
    text = '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><head><meta charset="koi8-r"><title>Caf\u00e9</title></head></html>'
    assert _read(site, text, "page.xhtml").meta["title"] == "Caf\u00e9"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b'<html><head><meta charset="Windows-1252">', "windows-1252"),
        (b"<meta charset=ISO-8859-1>", "iso-8859-1"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
            "shift_jis",
        ),
        (
            b"<META CONTENT='text/html;charset=koi8-r' HTTP-EQUIV='content-type'>",
            "koi8-r",
        ),
        (b'<meta charset="utf-16">', "utf-8"),  # found as ASCII, so not UTF-16
        (b'<meta charset="klingon-8">', None),
        (b"<html><head><title>none</title></head>", None),
        (b" " * 2048 + b'<meta charset="latin-1">', None),
    ],
)
def test_declared_encoding(data, encoding):
    assert declared_encoding(data) == encoding


def test_pages_become_articles_with_absolute_content(site):
    """read, metadata and content together, as the build will run them."""
    site.config(
        """\
        site:
          title: Saved
          url: https://example.org/blog/
          description: Saved pages
          timezone: Europe/Berlin
        """
    )
    news = site.source("news.html", NEWS_PAGE.replace('href="/map"', 'href="map/"'))
    blog = site.source("drystone-walls.html", BLOG_PAGE)
    config = site.load()

    def article(path):
        document = read(path, path.read_text())
        article = to_article(document, config, path.parent, lambda _: None)
        return render(article, document.body, config.content).article

    first, second = article(news), article(blog)
    assert first.title == "Quarry reopens after ten years"
    assert first.link == first.id == "https://valley.example.com/2024/quarry-reopens"
    assert first.published.isoformat() == "2024-03-05T10:00:00+01:00"
    assert first.updated.isoformat() == "2024-03-06T08:30:00+01:00"
    assert [a.name for a in first.authors] == ["Mara Lind"]
    assert first.tags == ("Quarries", "Local news")
    assert first.summary == "The old lime quarry opens again."
    link = '<a href="https://valley.example.com/2024/map/">reopened</a>'
    assert link in first.content_html
    assert "Valley Times" not in first.content_html
    assert second.link == "https://example.org/blog/2023/11/drystone-walls/"
    assert second.published.isoformat() == "2023-11-30T00:00:00+01:00"
    assert second.tags == ("walls", "stone")
    assert second.summary == "Posted 30 November"
    image = "https://example.org/blog/2023/11/drystone-walls/img/wall.jpg"
    assert f'src="{image}"' in second.content_html
