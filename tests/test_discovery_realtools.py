"""The README's recipes for the discovery tags, built by the real tools:
Hugo's partial puts the tags feedsmith wrote into every page's head, and a
tag's own tags into its term page; Jekyll's include puts in what
``feedsmith snippet`` printed.

Opt-in as ``tests/test_realtools.py`` (``FEEDSMITH_REAL_TOOLS=1``): it
installs the pinned Hugo and Jekyll as that file does.
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
    reason="runs the real Hugo and Jekyll: set FEEDSMITH_REAL_TOOLS=1",
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
    feedsmith = [sys.executable, "-m", "feedsmith"]
    built = subprocess.run(
        [*feedsmith, "--site", str(site)], capture_output=True, text=True, timeout=60
    )
    assert built.returncode == 0, built.stderr
    printed = subprocess.run(
        [*feedsmith, "snippet", "--site", str(site)], capture_output=True, timeout=60
    )
    assert printed.returncode == 0, printed.stderr
    assert b"{% include feeds.html %}" in printed.stderr  # the hint says how
    (site / "_includes").mkdir()
    (site / "_includes/feeds.html").write_bytes(printed.stdout)
    out = tmp_path / "out"
    jekyll.build(site, out)
    main = alternates(printed.stdout)
    assert [href for _, _, href in main] == [
        f"https://example.org/blog/feeds/{name}"
        for name in ("rss.xml", "atom.xml", "feed.json")
    ]
    assert alternates((out / "index.html").read_bytes()) == main
    assert alternates((out / "2024/03/05/first.html").read_bytes()) == main
    # Jekyll publishes the feeds folder as it is, views included.
    assert (out / "feeds/index.html").read_bytes() == (
        site / "feeds/index.html"
    ).read_bytes()
