"""The real generators build the sample sites of docs/profiles/.

Three checks per tool, all opt-in (``FEEDSMITH_REAL_TOOLS=1``, as they
install the pinned tools; ``.ci/run`` runs them on every push):

- the tool still publishes what ``tests/sites/<tool>/expected.json`` records,
  which ``tests/test_profile_<tool>.py`` holds feedsmith to on every run;
- feedsmith with only ``from:`` set publishes the same links, ids and dates
  as the tool's own build, item by item, but for the items the documented
  decisions leave out (each test module's ``LEFT_OUT``);
- each item's content shows the text, links and images of the article body
  on the page the tool built for it, but for the differences documented in
  ``tests/sites/<tool>/body_differences.json``, and no template syntax the
  page does not show.

Each tool builds its site once for all three. The first run installs each
pinned tool into a cache folder; later runs reuse it.

On every run, without the tools: no item of feedsmith's feed for any sample
site carries template syntax, and the comparison itself works on hand-made
pages.
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sitecheck

from feedsmith.config import Config

MEASURED = ["hugo", "pelican", "jekyll", "mkdocs", "eleventy"]  # not zola: no package


@dataclass(frozen=True)
class Built:
    """A sample site as its tool built it, and feedsmith's config for it."""

    tool: str
    items: list[dict[str, Any]]  # the tool's feed, as expected.json records it
    bodies: dict[str, str]  # link -> the article body of the tool's page
    config: Config  # from: the site
    left_out: dict[str, str]  # the tool's items feedsmith leaves out, and why


@pytest.fixture(scope="module", params=MEASURED)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    tool = str(request.param)
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip(f"runs the real {tool}: set FEEDSMITH_REAL_TOOLS=1")
    module = importlib.import_module(f"realtools.{tool}")
    work = tmp_path_factory.mktemp(tool)
    module.build(sitecheck.SITES / tool, work / "out")
    return Built(
        tool=tool,
        items=list(module.items(work / "out")),
        bodies=module.bodies(work / "out"),
        config=sitecheck.config_from(sitecheck.SITES / tool, work),
        left_out=importlib.import_module(f"test_profile_{tool}").LEFT_OUT,
    )


def test_the_tool_publishes_what_expected_json_says(built: Built) -> None:
    assert built.items == sitecheck.expected(built.tool)


def test_feedsmith_publishes_what_the_tool_publishes(built: Built) -> None:
    ours = sitecheck.items(built.config)
    sitecheck.assert_same(built.items, ours, built.left_out)


def test_every_body_shows_what_the_page_shows(built: Built) -> None:
    ours = sitecheck.contents(built.config)
    documented = sitecheck.body_differences(built.tool)
    problems = sitecheck.body_mismatches(
        built.items, built.bodies, ours, built.left_out, documented
    )
    counts = sitecheck.body_counts(built.items, built.bodies, ours, built.left_out)
    assert not problems, [counts, *problems]


# Template syntax a page shows as text: the {% raw %} sample of a Jekyll post.
SHOWN = {"_posts/2024-10-20-liquid-tags.md": Counter({"{%": 1, "{{ ": 1})}


@pytest.mark.parametrize("tool", [*MEASURED, "zola"])
def test_no_item_carries_template_syntax(tool: str, tmp_path: Path) -> None:
    """Runs on every build, without the real tools: no tag or shortcode of
    the sample sites reaches feedsmith's feed as written."""
    sources = {item["link"]: item["source"] for item in sitecheck.expected(tool)}
    ours = sitecheck.contents(sitecheck.config_from(sitecheck.SITES / tool, tmp_path))
    left = {
        sources[link]: dict(residue)
        for link, content in ours.items()
        if (
            residue := sitecheck.template_residue(content)
            - SHOWN.get(sources[link], Counter())
        )
    }
    assert left == {}


# The comparison itself, on hand-made pages: these run on every build.

PAGE = "https://example.org/blog/2024/hello/"


def test_only_the_visible_text_counts() -> None:
    highlighted = (
        '<div class="highlight"><pre><code><span class="k">def</span> '
        '<span class="nf">f</span>():\n    <span class="k">pass</span></code></pre>'
        "</div><p>One<br>two</p><!-- a comment --><script>x()</script>"
    )
    plain = "<pre><code>def f():\n  pass</code></pre>\n<p>One\ntwo</p>"
    assert sitecheck.visible_text(highlighted) == sitecheck.visible_text(plain)
    assert sitecheck.visible_text("<p>a</p><p>b</p>") == "a b"
    assert sitecheck.visible_text("<p>a<em>b</em></p>") == "ab"


def test_targets_are_absolute_and_in_order() -> None:
    markup = (
        '<p><a href="../other/">x</a> <img src="lamp.png">'
        '<a href="#fn:1">1</a> <a href="/caf%C3%A9/">c</a></p>'
    )
    assert sitecheck.targets(markup, PAGE) == [
        "a https://example.org/blog/2024/other/",
        "img https://example.org/blog/2024/hello/lamp.png",
        "a https://example.org/blog/2024/hello/#fn:1",
        "a https://example.org/café/",
    ]


def _mismatches(page: str, ours: str, documented: dict[str, Any]) -> list[str]:
    want = [{"source": "posts/hello.md", "link": PAGE}]
    return sitecheck.body_mismatches(want, {PAGE: page}, {PAGE: ours}, {}, documented)


def test_a_difference_fails_unless_documented() -> None:
    page = '<p>See <a href="/blog/2024/other/">the other post</a>.</p>'
    ours = '<p>See <a href="/blog/other.md">the other post</a> now.</p>'
    lines = [
        "text: tool: 'other post.' | feedsmith: 'other post now.'",
        "links: tool: 'a https://example.org/blog/2024/other/' "
        "| feedsmith: 'a https://example.org/blog/other.md'",
    ]
    assert _mismatches(page, ours, {}) == [f"posts/hello.md: {line}" for line in lines]
    why = {"posts/hello.md": {"why": "a test", "differences": lines[:1]}}
    assert _mismatches(page, ours, why) == [f"posts/hello.md: {lines[1]}"]
    why["posts/hello.md"]["differences"] = lines
    assert _mismatches(page, ours, why) == []


def test_a_documented_difference_that_is_gone_fails() -> None:
    page = "<p>Same.</p>"
    line = "text: tool: 'Same.' | feedsmith: 'Same!'"
    why = {"posts/hello.md": {"why": "a test", "differences": [line]}}
    assert _mismatches(page, page, why) == [
        f"posts/hello.md: documented, not seen: {line}"
    ]


def test_template_syntax_fails_unless_the_page_shows_it() -> None:
    raw = '<p><a href="{% link _posts/x.md %}">x</a> {{< tabs >}}</p>'
    page = '<p><a href="{% link _posts/x.md %}">x</a></p>'  # a {% raw %} sample
    text = "text: tool: 'x' | feedsmith: 'x {{< tabs >}}'"
    why = {"posts/hello.md": {"why": "a test", "differences": [text]}}
    assert _mismatches(page, raw, why) == [
        "posts/hello.md: template syntax the page does not show: {'{{<': 1}"
    ]
