"""Images: the site's icon and logo, and each article's picture, as feed
readers find them (feedparser for RSS and Atom, the JSON Feed keys)."""

from __future__ import annotations

import json

import pytest
from conftest import NOW, SiteBuilder, run_main
from feedcheck import parse_json, parse_xml

from feedsmith import SourceErrors, feeds, publish
from feedsmith.config import load_site

BASE = "https://example.org/blog/"
POST = BASE + "2024/03/post/"  # the link of sources/post.md


def built(site: SiteBuilder) -> dict[str, bytes]:
    """The main feeds of ``site``, by file name, from the pipeline."""
    config = site.load()
    files = feeds(config, NOW).files
    return {
        name: files[config.output / name]
        for name in ("rss.xml", "atom.xml", "feed.json")
    }


def post(site: SiteBuilder, front: str, name: str = "post.md") -> None:
    site.source(name, f"---\ntitle: Post\ndate: 2024-03-05\n{front}\n---\nBody.\n")


def images(files: dict[str, bytes]) -> dict[str, str | None]:
    """The first item's picture in each format, as a reader sees it."""
    rss = parse_xml(files["rss.xml"]).entries[0]
    atom = parse_xml(files["atom.xml"]).entries[0]
    item = parse_json(files["feed.json"])["items"][0]
    for entry in (rss, atom):  # both places, the same URL
        if "media_content" in entry:
            assert entry.media_content[0]["medium"] == "image"
            assert entry.media_thumbnail[0]["url"] == entry.media_content[0]["url"]
    return {
        "rss": rss.get("media_content", [{}])[0].get("url"),
        "atom": atom.get("media_content", [{}])[0].get("url"),
        "json": item.get("image"),
    }


@pytest.mark.parametrize(
    ("front", "url"),
    [
        ("image: https://cdn.example.net/a.png", "https://cdn.example.net/a.png"),
        ("cover: cover.jpg", POST + "cover.jpg"),  # beside the page: a bundle
        ("featured_image: ../shared/b.png", BASE + "2024/03/shared/b.png"),
        ("image: /img/c.png", BASE + "img/c.png"),  # under site.url, as permalink
        ("images: [d.png, e.png]", POST + "d.png"),  # Hugo: the first
        ("image: {path: /assets/f.png}", BASE + "assets/f.png"),  # Jekyll
        ("cover: {image: g.png, alt: A cart}", POST + "g.png"),  # PaperMod
        ("image: {src: h.png}", POST + "h.png"),
        ("image: {url: //cdn.example.net/i.png}", "https://cdn.example.net/i.png"),
        ("image: my photo.png", POST + "my%20photo.png"),
        ('image: ""\ncover: j.png', POST + "j.png"),  # an empty one is no image
        ("images: []", None),
        ("tags: [x]", None),
    ],
)
def test_each_front_matter_shape_reaches_all_three_formats(site, front, url):
    post(site, front)
    assert images(built(site)) == {"rss": url, "atom": url, "json": url}


def test_no_image_leaves_the_media_namespace_out(site):
    post(site, "tags: [x]")
    for name in ("rss.xml", "atom.xml"):
        assert b"search.yahoo.com/mrss" not in built(site)[name]


def test_a_saved_page_gives_its_og_image(site):
    site.source(
        "saved.html",
        """\
        <html><head><title>Saved</title>
        <meta property="og:image" content="https://news.example.com/p/lead.jpg">
        <meta name="date" content="2024-03-05">
        </head><body><article><p>Text.</p></article></body></html>
        """,
    )
    url = "https://news.example.com/p/lead.jpg"
    assert images(built(site)) == {"rss": url, "atom": url, "json": url}


def test_a_relative_og_image_is_left_out(site):
    """OpenGraph wants absolute URLs: a relative one points at the page's
    old home, as a relative canonical link does."""
    site.source(
        "saved.html",
        '<html><head><title>Saved</title><meta property="og:image" '
        'content="lead.jpg"><meta name="date" content="2024-03-05"></head>'
        "<body><p>Text.</p></body></html>",
    )
    assert images(built(site)) == {"rss": None, "atom": None, "json": None}


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("image: 5", 4, "image: expected an image's URL or path, got 5"),
        ("cover: {path: [a.png]}", 4, "cover: expected an image's URL or path"),
        ("image: true", 4, "image: expected an image's URL or path, got True"),
        ("image: javascript:alert(1)", 4, "image: expected an http(s) URL or a path"),
        ("images: ['data:image/png;base64,AA']", 4, "images: expected an http(s)"),
    ],
)
def test_a_bad_image_is_an_error_at_its_line(site, front, line, message):
    post(site, front)
    with pytest.raises(SourceErrors) as caught:
        feeds(site.load(), NOW)
    [error] = caught.value.errors
    assert error.line == line
    assert message in error.message
    result = run_main(site.root)
    assert result.returncode == 1
    assert f"post.md:{line}: {message}" in result.stderr


def test_site_icon_and_logo(site):
    site.config(
        """\
        site:
          title: Test Site
          url: https://example.org/blog/
          description: A site for tests
          icon: /favicon.png
          logo: https://cdn.example.net/logo.svg
        """
    )
    post(site, "tags: [x]")
    files = built(site)
    rss, atom = (parse_xml(files[n]).feed for n in ("rss.xml", "atom.xml"))
    icon = BASE + "favicon.png"
    assert rss.image.href == icon  # RSS <image> is small: the icon
    assert rss.image.title == "Test Site" and rss.image.link == BASE
    assert atom.icon == icon
    assert atom.logo == "https://cdn.example.net/logo.svg"
    document = json.loads(files["feed.json"])
    assert document["favicon"] == icon
    assert document["icon"] == "https://cdn.example.net/logo.svg"


def test_a_logo_alone_is_the_rss_image(site):
    site.config(
        "site: {title: T, url: 'https://example.org/', description: D, logo: l.png}"
    )
    post(site, "tags: [x]")
    files = built(site)
    assert parse_xml(files["rss.xml"]).feed.image.href == "https://example.org/l.png"
    assert "favicon" not in json.loads(files["feed.json"])


@pytest.mark.parametrize(
    "value", ["javascript:x()", "ftp://e.org/i.png", "//cdn.e.org/i.png", "https:x"]
)
def test_a_bad_site_icon_is_a_config_error(site, value):
    site.config(
        f"site: {{title: T, url: 'https://example.org/', description: D, "
        f"icon: '{value}'}}"
    )
    result = run_main(site.root)
    assert result.returncode == 2
    assert "config.yaml: site.icon: must be an http(s) URL or a path" in result.stderr


def test_the_engine_keeps_the_image_and_equals_the_pipeline(site):
    post(site, "image: a.png")
    post(site, "cover: {src: /b.png}", name="other.md")
    config = site.load()
    first = publish(config, NOW)
    assert first.parsed == 2
    second = publish(config, NOW)
    assert second.parsed == 0 and second.written == 0  # from the cache
    (config.output / "rss.xml").unlink()
    (config.output / "atom.xml").unlink()
    (config.output / "feed.json").unlink()
    third = publish(config, NOW)
    assert third.parsed == 0 and third.written == 3  # rendered from the cache
    expected = feeds(config, NOW).files
    for path, data in expected.items():
        assert path.read_bytes() == data, path
    json_items = parse_json(expected[config.output / "feed.json"])["items"]
    assert {item["image"] for item in json_items} == {
        POST + "a.png",
        BASE + "b.png",
    }


def test_from_jekyll_puts_a_path_under_the_site_as_jekyll_feed_does(tmp_path):
    """jekyll-feed writes ``post.image.path | default: post.image`` through
    ``absolute_url``: under site.url + baseurl, not beside the post."""
    folder = tmp_path / "blog"
    (folder / "_posts").mkdir(parents=True)
    (folder / "_config.yml").write_text(
        "title: Small\nurl: https://small.example\nbaseurl: /b\n", encoding="utf-8"
    )
    posts = {"a": "image: pics/a.png", "b": "image: {path: /pics/b.png}"}
    for name, front in posts.items():
        (folder / "_posts" / f"2024-03-05-{name}.md").write_text(
            f"---\ntitle: {name}\n{front}\n---\nText.\n", encoding="utf-8"
        )
    config = load_site(folder)
    items = parse_json(feeds(config, NOW).files[config.output / "feed.json"])["items"]
    assert {item["title"]: item["image"] for item in items} == {
        "a": "https://small.example/b/pics/a.png",
        "b": "https://small.example/b/pics/b.png",
    }
