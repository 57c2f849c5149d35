"""Links between articles and images (issue 13, part 3).

Each generator's forms on a small site in ``tmp_path``, end to end through
:func:`feedsmith.feeds`, the items read back with feedparser: every href and
src is the absolute URL the published site has (the rules measured with the
real tools, README "Links between articles and images"), and a reference
that leads nowhere is a warning naming the file and line. Then
:meth:`Links.answer` alone, for the queries template tags ask.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin

import feedparser
import lxml.html
import pytest
from conftest import write_tree as write

from feedsmith import feeds, load_config
from feedsmith.pipeline.links import NO_LINKS, Links, Target
from feedsmith.pipeline.sanitize import clean
from feedsmith.sites import read as read_profile

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PNG = "png\n"


def build(tmp_path: Path, config: str) -> tuple[dict[str, list[str]], list[str]]:
    """Every item's href/src values by the item's link, read back from the
    Atom feed, and the warnings as the CLI prints them."""
    path = tmp_path / "config.yaml"
    path.write_text(textwrap.dedent(config), encoding="utf-8")
    loaded = load_config(path)
    output = feeds(loaded, NOW)
    feed = feedparser.parse(output.files[loaded.output / "atom.xml"])
    targets = {}
    for entry in feed.entries:
        root = lxml.html.fragment_fromstring(entry.content[0].value, "div")
        targets[entry.link] = [
            value
            for element in root.iter()
            for name, value in element.items()
            if name in ("href", "src")
        ]
    return targets, [str(warning) for warning in output.warnings]


def from_site(site: Path, tmp_path: Path) -> str:
    return f"from: {site}\noutput: {tmp_path / 'feeds'}\n"


HUGO_SITE = {
    "hugo.toml": 'baseURL = "https://example.org/sub/"\ntitle = "t"\n',
    # for the real Hugo (tests below): feedsmith reads only content/
    "layouts/_default/single.html": "<article>{{ .Content }}</article>\n",
    "content/posts/first.md": """
            ---
            title: First
            date: 2024-01-01
            ---
            [a](second.md) [b](second.md#x) [c](b/index.md) [d](/posts/second.md)
            ![e](img2.png) ![f](/img/x.png) ![g](b/img.png) [h](../about/)
            [i](missing.md)
            ![j](gone.png)
            [k](draft.md)
            """,
    "content/posts/second.md": "---\ntitle: Second\ndate: 2024-01-02\n---\nx\n",
    "content/posts/draft.md": "---\ntitle: D\ndate: 2024-01-02\ndraft: true\n---\n",
    "content/posts/b/index.md": """
            ---
            title: B
            date: 2024-01-03
            ---
            ![i](img.png) ![j](sub/j.png) [f](../first.md)
            """,
    "content/posts/b/img.png": PNG,
    "content/posts/b/sub/j.png": PNG,
    "content/posts/img2.png": PNG,
    "static/img/x.png": PNG,
}


def test_hugo_links_pages_bundles_and_static_files(tmp_path: Path) -> None:
    site = write(tmp_path / "site", HUGO_SITE)
    targets, warnings = build(tmp_path, from_site(site, tmp_path))
    base = "https://example.org/sub/"
    assert targets[base + "posts/first/"] == [
        base + "posts/second/",
        base + "posts/second/#x",
        base + "posts/b/",
        base + "posts/second/",
        base + "posts/img2.png",  # Hugo copies a section's files where they are
        base + "img/x.png",  # static/ at the site's root, under its base path
        base + "posts/b/img.png",  # a resource of bundle b, beside its page
        base + "posts/about/",  # a page's URL, as the browser resolves it
        base + "posts/first/missing.md",
        base + "posts/first/gone.png",
        base + "posts/first/draft.md",
    ]
    assert targets[base + "posts/b/"] == [
        base + "posts/b/img.png",
        base + "posts/b/sub/j.png",
        base + "posts/first/",
    ]
    first = site / "content/posts/first.md"
    assert sorted(w for w in warnings if "first.md" in w) == [
        f'{first}:7: warning: "missing.md": no file content/posts/missing.md',
        f'{first}:8: warning: "gone.png": no file content/posts/gone.png',
        f'{first}:9: warning: "draft.md" links to content/posts/draft.md, which '
        "is not published (a draft, or dated in the future)",
    ]


PELICAN_SITE = {
    "pelicanconf.py": """
            SITEURL = "https://example.org/sub"
            PATH = "content"
            TIMEZONE = "UTC"
            STATIC_PATHS = ["images"]
            ARTICLE_URL = "posts/{slug}/"
            ARTICLE_SAVE_AS = "posts/{slug}/index.html"
            """,
    "content/blog/first.md": """
            Title: First
            Date: 2024-01-01
            Tags: Foo Bar
            Category: Misc
            Author: Jane Doe

            [a]({filename}second.md) [b](|filename|/blog/second.md)
            [c]({filename}/blog/second.md#x) ![d]({static}/images/a.png)
            ![e]({static}../images/a.png) ![f]({attach}pic.png)
            [g](<{tag}Foo Bar>) [h]({category}Misc) [i](<{author}Jane Doe>)
            [j](second.md) ![k](../images/a.png) [l]({index})
            [m]({filename}missing.md)
            [n]({filename}draft.md)
            """,
    "content/blog/second.md": "Title: Second\nDate: 2024-01-02\n\nx\n",
    "content/blog/draft.md": "Title: D\nDate: 2024-01-02\nStatus: draft\n\nx\n",
    "content/images/a.png": PNG,
    "content/blog/pic.png": PNG,
}


def test_pelican_intrasite_links(tmp_path: Path) -> None:
    site = write(tmp_path / "site", PELICAN_SITE)
    targets, warnings = build(tmp_path, from_site(site, tmp_path))
    base = "https://example.org/sub/"
    # As Pelican 4.12 builds this page, but for j and k, which it leaves as
    # written (the author's intent: the article, the static file).
    assert targets[base + "posts/first/"] == [
        base + "posts/second/",
        base + "posts/second/",
        base + "posts/second/#x",
        base + "images/a.png",
        base + "images/a.png",
        base + "posts/first/pic.png",  # {attach}: moved beside the page
        base + "tag/foo-bar.html",
        base + "category/misc.html",
        base + "author/jane-doe.html",
        base + "posts/second/",
        base + "images/a.png",
        base + "index.html",
        base + "posts/first/missing.md",
        base + "posts/first/draft.md",
    ]
    first = site / "content/blog/first.md"
    messages = [w.split(": ", 1)[1] for w in warnings if "first.md" in w]
    assert messages == [
        'warning: "{filename}missing.md": no file content/blog/missing.md',
        'warning: "{filename}draft.md" links to content/blog/draft.md, which is '
        "not published (a draft, or dated in the future)",
    ]
    assert all(w.startswith(f"{first}:") for w in warnings if "first.md" in w)


def test_pelican_problems_name_their_line(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "pelicanconf.py": 'SITEURL = "https://example.org"\nTIMEZONE = "UTC"\n',
            "content/first.md": "Title: First\nDate: 2024-01-01\n\nText.\n\n"
            "[m]({filename}missing.md)\n",
        },
    )
    _, warnings = build(tmp_path, from_site(site, tmp_path))
    assert [w for w in warnings if "first.md" in w] == [
        f'{site / "content/first.md"}:6: warning: "{{filename}}missing.md": no '
        "file content/missing.md"
    ]


MKDOCS_SITE = {
    "mkdocs.yml": """
            site_name: t
            site_url: https://example.org/sub/
            site_description: d
            theme:
              name: material
            plugins:
              - blog
            """,
    "docs/index.md": "# Home\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/first.md": """
            ---
            date: 2024-01-01
            ---
            # First

            [a](second.md) [b](second.md#x) ![c](img/a.png)
            [d](../../plugins/blog.md) ![e](../../assets/x.png) ![f](/assets/x.png)
            [g](missing.md)
            """,
    "docs/blog/posts/second.md": "---\ndate: 2024-01-02\n---\n# Second\n\nx\n",
    "docs/blog/posts/img/a.png": PNG,
    "docs/plugins/blog.md": "# Blog plugin\n",
    "docs/assets/x.png": PNG,
}


def test_mkdocs_links_are_relative_to_the_source_folder(tmp_path: Path) -> None:
    site = write(tmp_path / "site", MKDOCS_SITE)
    targets, warnings = build(tmp_path, from_site(site, tmp_path))
    base = "https://example.org/sub/"
    # As mkdocs-material 9.8.2 builds it; f (root-relative, which mkdocs
    # leaves as written) from docs_dir, the site's root; g: a warning.
    assert targets[base + "blog/2024/01/01/first/"] == [
        base + "blog/2024/01/02/second/",
        base + "blog/2024/01/02/second/#x",
        base + "blog/img/a.png",  # the blog plugin drops posts/ from the path
        base + "plugins/blog/",
        base + "assets/x.png",
        base + "assets/x.png",
        base + "blog/2024/01/01/first/missing.md",
    ]
    first = site / "docs/blog/posts/first.md"
    assert [w for w in warnings if "first.md" in w] == [
        f'{first}:8: warning: "missing.md": no file docs/blog/posts/missing.md'
    ]


def test_mkdocs_without_directory_urls(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "mkdocs.yml": "site_name: t\nsite_url: https://example.org/\n"
            "site_description: d\nuse_directory_urls: false\n"
            "theme:\n  name: material\nplugins:\n  - blog\n",
            "docs/blog/posts/first.md": "---\ndate: 2024-01-01\n---\n# First\n\n"
            "[a](../../about.md) [b](../../guide/index.md)\n",
            "docs/about.md": "# About\n",
            "docs/guide/index.md": "# Guide\n",
        },
    )
    targets, _ = build(tmp_path, from_site(site, tmp_path))
    assert list(targets.values()) == [
        ["https://example.org/about.html", "https://example.org/guide/index.html"]
    ]


def test_jekyll_links_are_site_relative(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "_config.yml": "url: https://example.org\nbaseurl: /sub\ntitle: t\n"
            "description: d\n",
            "_posts/2024-01-01-first.md": """
                ---
                title: first
                ---
                [a](2024-01-02-second.md) ![b](/assets/x.png) ![c](/sub/assets/x.png)
                [d](../about.md) [e](../_docs/history.md)
                ![f](images/a.png)
                """,
            "_posts/2024-01-02-second.md": "---\ntitle: second\n---\nx\n",
            "_posts/images/a.png": PNG,
            "about.md": "---\ntitle: About\n---\n",
            "_docs/history.md": "---\ntitle: History\n---\n",
            "assets/x.png": PNG,
        },
    )
    targets, warnings = build(tmp_path, from_site(site, tmp_path))
    base = "https://example.org/sub/"
    assert targets[base + "2024/01/01/first.html"] == [
        base + "2024/01/02/second.html",
        base + "assets/x.png",
        base + "assets/x.png",
        base + "about.html",
        base + "docs/history.html",  # a collection's default permalink
        base + "2024/01/01/images/a.png",
    ]
    first = site / "_posts/2024-01-01-first.md"
    assert [w for w in warnings if "first.md" in w] == [
        f'{first}:6: warning: "images/a.png": _posts/images/a.png is not '
        "published: Jekyll copies nothing from _posts/"
    ]


def test_zola_internal_links_and_colocated_assets(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "config.toml": 'base_url = "https://example.org/sub"\ntitle = "t"\n'
            'description = "d"\n',
            "content/blog/_index.md": "+++\ntitle = 'Blog'\n+++\n",
            "content/blog/first/index.md": """
                +++
                title = "First"
                date = 2024-01-01
                +++
                [a](@/blog/second.md) [b](@/blog/second.md#x) ![c](img.png)
                ![d](/img/x.png)
                [e](@/blog/missing.md)
                """,
            "content/blog/first/img.png": PNG,
            "content/blog/second.md": "+++\ntitle = 'S'\ndate = 2024-01-02\n+++\nx\n",
            "static/img/x.png": PNG,
        },
    )
    targets, warnings = build(tmp_path, from_site(site, tmp_path))
    base = "https://example.org/sub/"
    assert targets[base + "blog/first/"] == [
        base + "blog/second/",
        base + "blog/second/#x",
        base + "blog/first/img.png",
        base + "img/x.png",
        base + "blog/first/@/blog/missing.md",
    ]
    first = site / "content/blog/first/index.md"
    assert [w for w in warnings if "index.md" in w] == [
        f"{first}:7: warning: @/blog/missing.md: no page blog/missing.md (Zola "
        "stops the build here)"
    ]


ELEVENTY_CONFIG = """
import { feedPlugin } from "@11ty/eleventy-plugin-rss";
export default function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("img");
  eleventyConfig.addPlugin(feedPlugin, {
    type: "atom",
    outputPath: "/feed.xml",
    collection: { name: "posts", limit: 0 },
    metadata: { title: "t", subtitle: "d", base: "https://example.org/",
                author: { name: "A" } },
  });
}
"""


def test_eleventy_links_and_passthrough_copies(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "eleventy.config.js": ELEVENTY_CONFIG,
            "blog/blog.json": '{"tags": "posts"}',
            "blog/first.md": """
                ---
                title: first
                date: 2024-01-01
                ---
                [a](second.md) [b](/blog/second.md) ![c](/img/a.png) ![d](../img/a.png)
                ![e](pic.png)
                """,
            "blog/second.md": "---\ntitle: second\ndate: 2024-01-02\n---\nx\n",
            "img/a.png": PNG,
            "blog/pic.png": PNG,
        },
    )
    targets, warnings = build(tmp_path, from_site(site, tmp_path))
    base = "https://example.org/"
    assert targets[base + "blog/first/"] == [
        base + "blog/second/",
        base + "blog/second/",
        base + "img/a.png",
        base + "img/a.png",  # the passthrough copy, not the page's ../img/
        base + "blog/first/pic.png",  # copied by no passthrough: as written
    ]
    assert not [w for w in warnings if "first.md" in w]


OWN_RULES = """
site:
  title: t
  url: https://example.org/
  description: d
sources: sources
output: feeds
permalink: /{year}/{slug}/
"""


def test_own_rules_link_articles_and_leave_other_files(tmp_path: Path) -> None:
    write(
        tmp_path / "sources",
        {
            "notes/first.md": """
                ---
                title: First
                date: 2024-01-01
                ---
                [a](../second.md) [b](/second.md#x) ![c](img/a.png) [d](second.txt)
                [e](missing.md)
                [f](../later.md)
                """,
            "second.md": "---\ntitle: Second\ndate: 2024-01-02\n---\nx\n",
            "later.md": "---\ntitle: Later\ndate: 2030-01-02\n---\nx\n",
        },
    )
    targets, warnings = build(tmp_path, OWN_RULES)
    assert targets["https://example.org/2024/first/"] == [
        "https://example.org/2024/second/",
        "https://example.org/2024/second/#x",
        "https://example.org/2024/first/img/a.png",  # no existence check
        "https://example.org/2024/first/second.txt",  # no article: as written
        "https://example.org/2024/first/missing.md",
        "https://example.org/2024/later.md",
    ]
    first = tmp_path / "sources/notes/first.md"
    assert sorted(w for w in warnings if "first.md" in w) == [
        f'{first}:6: warning: "missing.md": no file sources/notes/missing.md',
        f'{first}:7: warning: "../later.md" links to sources/later.md, which '
        "is not published (a draft, or dated in the future)",
    ]


def test_own_rules_without_a_known_site_leave_urls_as_before() -> None:
    """NO_LINKS (no articles, no folders): every URL resolved against the
    page, as feedsmith did before links between articles."""
    page = "https://example.org/a/b/"
    for written, url in (
        ("x.md", page + "x.md"),
        ("/about/", "https://example.org/about/"),
        ("#top", page + "#top"),
        ("https://other.example/", "https://other.example/"),
        ("mailto:a@b.c", "mailto:a@b.c"),
    ):
        assert NO_LINKS.answer(("url", "/s/a.md", page, written)) == Target(url)


# Links.answer alone: the queries template tags ask.


@pytest.fixture
def jekyll(tmp_path: Path) -> Links:
    site = write(
        tmp_path,
        {
            "_config.yml": "url: https://example.org\nbaseurl: /sub\n",
            "_posts/2024-01-01-first.md": "---\ntitle: a\n---\n",
            "_posts/sub/2024-01-02-second.md": "---\ntitle: b\n---\n",
            "_posts/2024-01-03-draft.md": "---\ntitle: c\n---\n",
            "about.md": "---\ntitle: About\n---\n",
            "assets/x.png": PNG,
        },
    )
    posts = site / "_posts"
    return Links(
        {
            str(posts / "2024-01-01-first.md"): "https://example.org/sub/first.html",
            str(posts / "sub/2024-01-02-second.md"): "https://example.org/sub/2.html",
        },
        frozenset({str(posts / "2024-01-03-draft.md")}),
        (posts,),
        read_profile(site),
        "https://example.org/sub/",
    )


def test_jekyll_link_tag(jekyll: Links) -> None:
    source = str(jekyll.folders[0] / "2024-01-01-first.md")

    def link(path: str) -> Target:
        return jekyll.answer(("jekyll-link", source, path))

    assert link("_posts/sub/2024-01-02-second.md").url == (
        "https://example.org/sub/2.html"
    )
    assert link("about.md").url == "https://example.org/sub/about.html"
    assert link("assets/x.png").url == "https://example.org/sub/assets/x.png"
    missing = link("_posts/nope.md")
    assert missing.url == "https://example.org/sub/_posts/nope.md"
    assert missing.problem == (
        "{% link _posts/nope.md %}: no file _posts/nope.md (Jekyll stops the "
        "build here)"
    )
    assert "not published" in (link("_posts/2024-01-03-draft.md").problem or "")


def test_jekyll_post_url_tag(jekyll: Links) -> None:
    source = str(jekyll.folders[0] / "2024-01-01-first.md")

    def post(name: str) -> Target:
        return jekyll.answer(("jekyll-post", source, name))

    assert post("2024-01-01-first") == Target("https://example.org/sub/first.html")
    # in a sub-folder of _posts, by its path there or by its name alone
    assert post("sub/2024-01-02-second").url == "https://example.org/sub/2.html"
    assert post("2024-01-02-second").url == "https://example.org/sub/2.html"
    assert post("2024-01-09-none") == Target(
        "https://example.org/sub/",
        "{% post_url 2024-01-09-none %}: no post 2024-01-09-none in any _posts "
        "folder (Jekyll stops the build here)",
    )
    assert "not published" in (post("2024-01-03-draft").problem or "")


def test_site_url(jekyll: Links) -> None:
    assert jekyll.answer(("site-url", "/assets/x.png")).url == (
        "https://example.org/sub/assets/x.png"
    )
    assert jekyll.answer(("site-url", "")).url == "https://example.org/sub/"
    assert jekyll.answer(("site-url", "https://x.example/")).url == (
        "https://x.example/"
    )


@pytest.fixture
def hugo(tmp_path: Path) -> Links:
    site = write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "t"\n',
            "content/posts/first.md": "---\ntitle: a\n---\n",
            "content/posts/second.md": "---\ntitle: b\n---\n",
            "content/posts/b/index.md": "---\ntitle: c\n---\n",
            "content/notes/second.md": "---\ntitle: d\n---\n",
            "content/notes/only.md": "---\ntitle: e\n---\n",
            "content/notes/_index.md": "---\ntitle: Notes\n---\n",
        },
    )
    content = site / "content"
    return Links(
        {
            str(content / "posts/first.md"): "https://example.org/posts/first/",
            str(content / "posts/second.md"): "https://example.org/posts/second/",
            str(content / "posts/b/index.md"): "https://example.org/posts/b/",
            str(content / "notes/second.md"): "https://example.org/notes/second/",
            str(content / "notes/only.md"): "https://example.org/notes/only/",
        },
        frozenset(),
        (content,),
        read_profile(site),
        "https://example.org/",
    )


def test_hugo_ref(hugo: Links) -> None:
    source = str(hugo.folders[0] / "posts/first.md")

    def ref(reference: str) -> Target:
        return hugo.answer(("hugo-ref", source, reference))

    second = "https://example.org/posts/second/"
    assert ref("second").url == second  # relative to the page first
    assert ref("second.md#x").url == second + "#x"
    assert ref("/notes/second").url == "https://example.org/notes/second/"
    assert ref("/posts/b").url == "https://example.org/posts/b/"
    assert ref("b").url == "https://example.org/posts/b/"
    assert ref("only").url == "https://example.org/notes/only/"  # by name
    assert ref("posts/b/index.md").url == "https://example.org/posts/b/"
    assert ref("/notes").url == "https://example.org/notes/"  # a section
    assert ref("#top").url == "https://example.org/posts/first/#top"
    nothing = ref("nothing")
    assert nothing.url == "https://example.org/posts/first/"
    assert (
        nothing.problem == 'ref "nothing": no page nothing (Hugo stops: REF_NOT_FOUND)'
    )

    other = str(hugo.folders[0] / "posts/b/index.md")
    ambiguous = hugo.answer(("hugo-ref", other, "second"))
    assert ambiguous.problem == (
        'ref "second" is ambiguous: content/posts/second.md, content/notes/second.md'
    )


def test_answers_name_the_files_they_looked_for(hugo: Links) -> None:
    """The engine keeps a body's HTML while each file looked for is still
    there, or still is not: every path stat'ed is in ``on_disk``."""
    source = str(hugo.folders[0] / "posts/first.md")
    page = "https://example.org/posts/first/"
    assert hugo.answer(("url", source, page, "second.md")).on_disk == ()
    missing = hugo.answer(("url", source, page, "gone.png"))
    assert missing.on_disk == (str(hugo.folders[0] / "posts/gone.png"),)
    assert missing.problem


def test_unknown_query() -> None:
    with pytest.raises(ValueError, match="unknown query 'nope'"):
        NO_LINKS.answer(("nope",))


@pytest.mark.parametrize("sanitize", [True, False])
def test_clean_asks_resolve_for_every_url_and_srcset_candidate(sanitize: bool) -> None:
    asked: list[str] = []

    def resolve(url: str) -> str:
        asked.append(url)
        return "https://r.example/" + url.lstrip("/")

    markup = (
        '<a href="{filename}x.md">a</a><a href="|filename|y.md">b</a>'
        '<img src="%7Bstatic%7Da.png" srcset="s.png 1x, /l.png 2x">'
        '<a href="javascript:alert(1)">c</a>'
    )
    html = clean(markup, "https://base.example/", sanitize=sanitize, resolve=resolve)
    assert 'href="https://r.example/{filename}x.md"' in html
    assert 'href="https://r.example/|filename|y.md"' in html
    assert 'srcset="https://r.example/s.png 1x, https://r.example/l.png 2x"' in html
    expected = ["{filename}x.md", "|filename|y.md", "%7Bstatic%7Da.png", "s.png"]
    assert asked[:4] == expected
    # an unsafe scheme is dropped before it is asked, when sanitizing
    assert ("javascript:alert(1)" in asked) is not sanitize


# The real tools build the same sites: every URL feedsmith gives that is
# not reported as dead names a file the tool wrote, and where the tool
# rewrites a link itself, its page has the same URL.

REAL = {
    # site, its feedsmith item, the tool's page of that item (in its output),
    # the indexes of the item's links that are dead on purpose, and those the
    # tool rewrites itself (the rest it leaves as written)
    "hugo": (HUGO_SITE, "posts/b/", "//article", (), (0, 1)),
    "pelican": (
        PELICAN_SITE,
        "posts/first/",
        '//div[@class="entry-content"]/p',  # not its footer of tags
        (12, 13),
        (0, 1, 2, 3, 4, 5, 6, 7, 8, 11),
    ),
    "mkdocs": (
        MKDOCS_SITE,
        "blog/2024/01/01/first/",
        "//article",
        (6,),
        (0, 1, 2, 3, 4),
    ),
}


def real_build(tool: str, site: Path, out: Path) -> None:
    """Let ``tool`` build ``site`` into ``out`` (installed on first use)."""
    from realtools import hugo, mkdocs, pelican  # only with the real tools

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    if tool == "hugo":
        command = [str(hugo.install()), "--quiet", "-d", str(out)]
    elif tool == "pelican":
        python = str(pelican.install())
        command = [python, "-m", "pelican", "content", "-s", "pelicanconf.py"]
        command += ["-o", str(out), "--quiet"]
    else:
        command = [str(mkdocs.install()), "-m", "mkdocs", "build", "-q", "-d", str(out)]
    subprocess.run(command, cwd=site, env=env, check=True, capture_output=True)


@pytest.mark.parametrize("tool", sorted(REAL))
def test_links_lead_where_the_real_tool_publishes(tool: str, tmp_path: Path) -> None:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip(f"runs the real {tool}: set FEEDSMITH_REAL_TOOLS=1")
    files, item, body, dead, rewritten = REAL[tool]
    site = write(tmp_path / "site", files)
    targets, _ = build(tmp_path, from_site(site, tmp_path))
    out = tmp_path / "out"
    real_build(tool, site, out)
    base = "https://example.org/sub/"
    for index, url in enumerate(targets[base + item]):
        if index in dead or not url.startswith(base):
            continue
        path = unquote(url[len(base) :].split("#")[0])
        assert (out / (path + "index.html" if path.endswith("/") else path)).is_file()
    theirs = [
        urljoin(base + item, value)
        for found in lxml.html.parse(str(out / item / "index.html")).xpath(body)
        for element in found.iter()
        for name, value in element.items()
        if name in ("href", "src")
    ]
    ours = targets[base + item]
    assert [theirs[i] for i in rewritten] == [ours[i] for i in rewritten]
