"""URLs: the config's base URLs publish nothing private and break no link,
and no URL in published content runs script. Each case runs the CLI."""

from __future__ import annotations

import json

import pytest
from conftest import assert_no_traceback, run_main
from lxml import etree

from feedsmith.pipeline.sanitize import safe_url, srcset_candidates

ATOM = "{http://www.w3.org/2005/Atom}"
CONFIG = """\
site:
  title: Test Site
  url: {site_url}
  description: A site for tests
feeds:
  url: {feeds_url}
content:
  sanitize: {sanitize}
"""
SITE = "https://example.org/blog/"
ARTICLE = "---\ntitle: t\ndate: 2024-01-01\n---\n{body}\n"


def configure(site, site_url=SITE, feeds_url=SITE + "feeds/", sanitize="true"):
    site.config(
        CONFIG.format(site_url=site_url, feeds_url=feeds_url, sanitize=sanitize)
    )


@pytest.mark.parametrize(
    ("key", "url", "message"),
    [
        (
            "site.url",
            "https://user:s3cret@example.org/",
            "must not hold a user name or password (user:secret@): every link in "
            "every feed would publish it",
        ),
        ("site.url", "https://token@example.org/", "must not hold a user name"),
        (
            "site.url",
            "https://example.org/?lang=en",
            "must not hold a query (?) or fragment (#), got "
            "'https://example.org/?lang=en': every link would be built after it",
        ),
        ("site.url", "https://example.org/#top", "must not hold a query (?) or frag"),
        ("feeds.url", "https://u:p@example.org/feeds/", "must not hold a user name"),
        ("feeds.url", "https://example.org/feeds/?x", "must not hold a query (?)"),
        ("feeds.url", "https://example.org/feeds#x", "must not hold a query (?)"),
    ],
)
def test_base_urls_with_credentials_query_or_fragment_are_refused(
    site, key, url, message
):
    if key == "site.url":
        configure(site, site_url=url)
    else:
        configure(site, feeds_url=url)
    site.source("p.md", ARTICLE.format(body="body"))
    result = run_main(site.root)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert f"config.yaml: {key}: {message}" in result.stderr
    assert "s3cret" not in result.stdout
    assert not (site.root / "feeds").exists()


# Each payload, and the text of it that must survive sanitizing.
PAYLOADS = [
    ('<img src="a.png" srcset="javascript:alert(1) 1x, b.png 2x">', "b.png 2x"),
    ('<img src="a.png" srcset="data:image/svg+xml;base64,PHN2Zz4= 2x">', "a.png"),
    ('<img src="a.png" srcset=" JaVaScRiPt:alert(1)">', "a.png"),
    ('<picture><source srcset="javascript:x 1x"><img src="a.png"></picture>', "a.png"),
    ('<blockquote cite="javascript:alert(1)">quoted</blockquote>', "quoted"),
    ('<q cite="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">q</q>', "<q>q</q>"),
    ('<del cite="java&#9;script:alert(1)">gone</del>', "gone"),
    ('<ins cite="&#106;avascript:alert(1)">new</ins>', "new"),
    ('<a href="javascript:alert(1)">link</a>', "link"),
    ('<a href=" vbscript:msgbox(1)">link</a>', "link"),
    ('<img src="data:image/svg+xml,x" longdesc="javascript:x">', "<img"),
    ('<video src="javascript:x" poster="javascript:y"></video>', "<video"),
    ('<audio src="javascript:x"></audio>', "<audio"),
    ('<img src="x.png" srcset="javascript:a 1x,data:text/html,b 2x">', "x.png"),
]


def _contents(site) -> list[str]:
    """The item HTML as published in the Atom and JSON feeds, unsanitized by
    any reader (feedparser would clean it and hide the bug)."""
    folder = site.root / "feeds"
    atom = etree.fromstring((folder / "atom.xml").read_bytes())
    jsonfeed = json.loads((folder / "feed.json").read_bytes())
    return [
        atom.find(f"{ATOM}entry/{ATOM}content").text,
        jsonfeed["items"][0]["content_html"],
    ]


def test_no_script_or_data_url_survives_in_any_url_attribute(site):
    """Every payload in one build, one article each, dated apart to keep order."""
    configure(site)
    for day, (payload, _) in enumerate(PAYLOADS, start=1):
        site.source(
            f"p{day}.md",
            f"---\ntitle: t\ndate: 2024-01-{day:02d}\n---\n<div>{payload}</div>\n",
        )
    result = run_main(site.root)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    folder = site.root / "feeds"
    atom = etree.fromstring((folder / "atom.xml").read_bytes())
    items = json.loads((folder / "feed.json").read_bytes())["items"]
    atom_contents = [e.text for e in atom.iter(f"{ATOM}content")]
    json_contents = [item["content_html"] for item in items]
    expected = [kept for _, kept in reversed(PAYLOADS)]  # newest first
    for contents in (atom_contents, json_contents):
        assert len(contents) == len(PAYLOADS)
        for content, kept in zip(contents, expected, strict=True):
            assert "script:" not in content.lower(), content
            assert "data:" not in content.lower(), content
            assert kept in content, content


def test_safe_urls_in_srcset_and_cite_are_kept_and_made_absolute(site):
    configure(site)
    body = (
        '<div><img src="a.png" srcset="a.png 1x, /b.png 2x">'
        '<blockquote cite="notes/source.html">q</blockquote></div>'
    )
    site.source("p.md", ARTICLE.format(body=body))
    result = run_main(site.root)
    assert result.returncode == 0, result.stderr
    for content in _contents(site):
        assert (
            'srcset="https://example.org/blog/2024/01/p/a.png 1x, '
            'https://example.org/b.png 2x"'
        ) in content
        assert 'cite="https://example.org/blog/2024/01/p/notes/source.html"' in content


def test_with_sanitize_off_urls_are_published_as_written(site):
    """The owner turned sanitizing off: their HTML goes out as written,
    scripts included; only relative URLs are made absolute."""
    configure(site, sanitize="false")
    body = '<div><img src="a.png" srcset="javascript:x 1x, b.png 2x"></div>'
    site.source("p.md", ARTICLE.format(body=body))
    result = run_main(site.root)
    assert result.returncode == 0, result.stderr
    for content in _contents(site):
        assert (
            'srcset="javascript:x 1x, https://example.org/blog/2024/01/p/b.png 2x"'
            in content
        )


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("a.png", True), ("/a.png", True), ("#top", True), ("https://e.org/", True),
        ("mailto:a@e.org", True), ("javascript:x", False), (" \x01JAVASCRIPT:x", False),
        ("java\tscr\nipt:x", False), ("data:image/png;base64,AA==", False),
        ("vbscript:x", False), ("a.png?x=javascript:y", True),
    ],
)  # fmt: skip
def test_safe_url_reads_a_scheme_as_a_browser_does(url, safe):
    assert safe_url(url) is safe


@pytest.mark.parametrize(
    ("srcset", "candidates"),
    [
        ("a.png 1x, b.png 2x", [("a.png", "1x"), ("b.png", "2x")]),
        ("data:image/png;base64,AA== 2x,b.png", [("data:image/png;base64,AA==", "2x"),
                                                 ("b.png", "")]),
        ("a.png,", [("a.png", "")]),
        (" , ,", []),
    ],
)  # fmt: skip
def test_srcset_candidates_split_as_the_html_standard_says(srcset, candidates):
    assert list(srcset_candidates(srcset)) == candidates


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ('url: "http://[oops/"', "p.md:4: link must be an http(s) URL, got 'http://[oops/'"),
        ('id: "http://[x"', "p.md:4: id: expected an absolute URL or a tag:/urn: URI"),
    ],
)  # fmt: skip
def test_a_url_urllib_refuses_in_front_matter_is_an_error(site, field, message):
    configure(site)
    site.source("p.md", f"---\ntitle: t\ndate: 2024-01-01\n{field}\n---\nbody\n")
    result = run_main(site.root)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert f"sources/{message}" in result.stderr


def test_a_site_url_urllib_refuses_is_a_config_error(site):
    configure(site, site_url="https://[oops/")
    result = run_main(site.root)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert (
        "config.yaml: site.url: must be an absolute http(s) URL, got 'https://[oops/'"
        in result.stderr
    )


@pytest.mark.parametrize("sanitize", ["true", "false"])
def test_urls_urllib_refuses_in_content_and_page_links(site, sanitize):
    configure(site, sanitize=sanitize)
    site.source(
        "p.html",
        '<html><head><title>t</title><link rel="canonical" href="http://[x/">'
        '<meta name="date" content="2024-01-01"></head><body>'
        '<p><a href="http://[y">a</a><img srcset="http://[z 1x, b.png 2x"></p>'
        "</body></html>",
    )
    result = run_main(site.root)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    content = _contents(site)[1]
    assert "https://example.org/blog/2024/01/p/b.png 2x" in content
    assert ("http://[y" in content) is (sanitize == "false")
