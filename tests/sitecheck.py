"""Compare what feedsmith writes for a sample site with the real tool's
output recorded in ``tests/sites/<tool>/expected.json``.

Every profile test counts matches the same way, so the closing figures
("24 of 24 links") mean the same for every generator.

Bodies are compared with the pages the real tool built (``body_mismatches``):
the visible text, whitespace normalised, and the targets of every link and
image, made absolute against the page's address. Known differences are
listed with their reason in ``tests/sites/<tool>/body_differences.json``.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import feedparser
import lxml.html

from feedsmith import feeds, load_config
from feedsmith.config import Config
from feedsmith.sites import GENERATORS

SITES = Path(__file__).parent / "sites"
NOW = datetime(2026, 1, 1, tzinfo=UTC)  # the clock the real-tool tests fix


def expected(tool: str) -> list[dict[str, Any]]:
    return json.loads((SITES / tool / "expected.json").read_text(encoding="utf-8"))


def config_from(site: Path, tmp_path: Path, extra: str = "") -> Config:
    """The config of a ``config.yaml`` in ``tmp_path`` holding ``from: site``."""
    path = tmp_path / "config.yaml"
    path.write_text(f"from: {site}\n{extra}", encoding="utf-8")
    return load_config(path)


def items(config: Config, now: datetime = NOW) -> dict[str, dict[str, Any]]:
    """The main JSON feed's items by link, as the pipeline writes them."""
    files = feeds(config, now).files
    feed = json.loads(files[config.output / "feed.json"])
    return {item["url"]: item for item in feed["items"]}


def matches(
    want: list[dict[str, Any]],
    got: Mapping[str, dict[str, Any]],
    left_out: Mapping[str, str],
) -> dict[str, int]:
    """How many of the tool's items feedsmith keeps, and of those how many
    have the tool's link, id, publish and update dates (and title, where
    ``expected.json`` records one). Items in ``left_out`` (source -> the
    documented reason) must not appear at all."""
    counts = {"kept": 0, "link": 0, "id": 0, "published": 0, "updated": 0}
    for item in want:
        if item["source"] in left_out:
            assert item["link"] not in got, item["source"]
            continue
        counts["kept"] += 1
        found = got.get(item["link"])
        if found is None:
            continue
        counts["link"] += 1
        counts["id"] += found["id"] == item["id"]
        published = found["date_published"]
        counts["published"] += published == item["published"]
        counts["updated"] += found.get("date_modified", published) == _updated(item)
    return counts


def mismatches(
    want: list[dict[str, Any]],
    got: Mapping[str, dict[str, Any]],
    left_out: Mapping[str, str],
) -> list[str]:
    """One line per difference, for a failing assertion to show."""
    lines = []
    for item in want:
        if item["source"] in left_out:
            continue
        found = got.get(item["link"])
        if found is None:
            lines.append(f"{item['source']}: no item at {item['link']}")
            continue
        for ours, theirs in (
            ("id", "id"),
            ("date_published", "published"),
            ("date_modified", "updated"),
        ):
            value = found.get(ours, found["date_published"])
            want = _updated(item) if theirs == "updated" else item[theirs]
            if value != want:
                lines.append(f"{item['source']}: {theirs} {value!r} != {want!r}")
    return lines


def _updated(item: dict[str, Any]) -> str:
    """The tool's update date of ``item``; ``updated: null`` in expected.json
    means it has none of its own, so its publish date stands (feedsmith then
    writes no ``date_modified``)."""
    return item["updated"] if item["updated"] is not None else item["published"]


def assert_same(
    want: list[dict[str, Any]],
    got: Mapping[str, dict[str, Any]],
    left_out: Mapping[str, str],
) -> None:
    """Every item of ``want`` but ``left_out`` is in ``got`` with the tool's
    link, id and dates, and ``got`` holds no other item (no page, draft,
    bundle resource or static file)."""
    counts = matches(want, got, left_out)
    kept = len(want) - len(left_out)
    assert counts == dict.fromkeys(counts, kept), mismatches(want, got, left_out)
    assert len(got) == kept, sorted(set(got) - {item["link"] for item in want})


# Elements that end a line of text where they open and close: "<p>a</p><p>b</p>"
# reads "a b", as "<p>a</p>\n<p>b</p>" does.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div",
    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_INVISIBLE = ("script", "style", "template")
# Template syntax that must never reach a feed unless the page shows it too
# (Jekyll's {% raw %}, a code sample about templates).
TEMPLATE_MARKERS = ("{{<", "{{%", "{%", "{{ ")
ASPECTS = ("text", "links")


def contents(config: Config, now: datetime = NOW) -> dict[str, str]:
    """Each item's content by link, as a reader gets it: the main Atom feed
    read by feedparser (which sanitizes it again and resolves it)."""
    files = feeds(config, now).files
    parsed = feedparser.parse(files[config.output / "atom.xml"])
    return {
        entry.link: entry.content[0].value if "content" in entry else ""
        for entry in parsed.entries
    }


def body_differences(tool: str) -> dict[str, dict[str, Any]]:
    """The documented differences of a site's bodies: source -> {"why": the
    reason, "differences": the exact lines ``body_mismatches`` would show}."""
    path = SITES / tool / "body_differences.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _tree(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(markup or "", create_parent="div")


def visible_text(markup: str) -> str:
    """The text a reader sees in ``markup``, whitespace normalised: only the
    text counts, so a highlighted code block (a span per token) reads as the
    plain one; comments, scripts and styles are not text."""
    tree = _tree(markup)
    for element in tree.iter(*_INVISIBLE):
        element.drop_tree()
    for element in tree.iter():
        if element.tag in _BLOCKS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return " ".join(tree.text_content().split())


def targets(markup: str, page: str) -> list[str]:
    """Every link (``a href``) and image (``img src``) target in document
    order, made absolute against ``page``, each with its kind: "a https://…".
    Percent-encoding is undone, so ``caf%C3%A9`` and ``café`` are one."""
    found = []
    for element in _tree(markup).iter("a", "img"):
        url = element.get("href" if element.tag == "a" else "src")
        if url is not None:
            found.append(f"{element.tag} {unquote(urljoin(page, url.strip()))}")
    return found


def template_residue(markup: str) -> Counter[str]:
    """How often each of TEMPLATE_MARKERS occurs in the text and attribute
    values of ``markup``."""
    tree = _tree(markup)
    seen = [tree.text_content()]
    seen += [value for element in tree.iter() for value in element.attrib.values()]
    found = Counter(
        {marker: sum(s.count(marker) for s in seen) for marker in TEMPLATE_MARKERS}
    )
    return +found  # without the markers not seen


def _differences(page: str, ours: str, link: str) -> dict[str, list[str]]:
    """Aspect -> lines showing how ``ours`` differs from the tool's ``page``;
    an aspect that is alike is absent."""
    found = {}
    theirs_words, ours_words = visible_text(page).split(), visible_text(ours).split()
    if theirs_words != ours_words:
        found["text"] = _diff(theirs_words, ours_words, " ")
    theirs_targets, ours_targets = targets(page, link), targets(ours, link)
    if theirs_targets != ours_targets:
        found["links"] = _diff(theirs_targets, ours_targets, "; ")
    return found


def _diff(theirs: list[str], ours: list[str], joiner: str) -> list[str]:
    """The changed stretches, "tool: '…' | feedsmith: '…'"; in a text, each
    with the word before it."""
    lines = []
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            start = i1 - 1 if i1 and joiner == " " else i1
            before = theirs[start:i1]
            tool = joiner.join(before + theirs[i1:i2])
            mine = joiner.join(before + ours[j1:j2])
            lines.append(f"tool: {tool!r} | feedsmith: {mine!r}")
    return lines


def body_mismatches(
    want: list[dict[str, Any]],
    pages: Mapping[str, str],
    ours: Mapping[str, str],
    left_out: Mapping[str, str],
    documented: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    """One line per difference between the body the tool's page shows
    (``pages``, by link) and feedsmith's item content (``ours``, by link), for
    each of the tool's items (``want``, as expected.json has them) but those
    ``left_out``; each line names the item's source.

    ``documented`` (body_differences.json) holds, per source, the exact
    difference lines that are known and why ({"why": …, "differences": […]}):
    those pass, and one that is no longer seen is a line too, so the list
    stays true. Template syntax the page does not show never passes."""
    lines = []
    for item in want:
        source, link = item["source"], item["link"]
        if source in left_out or link not in ours:
            continue  # assert_same reports a missing item
        found = [
            f"{aspect}: {line}"
            for aspect, diff in _differences(pages[link], ours[link], link).items()
            for line in diff
        ]
        known = documented.get(source, {}).get("differences", [])
        lines += [f"{source}: {line}" for line in found if line not in known]
        lines += [
            f"{source}: documented, not seen: {line}"
            for line in known
            if line not in found
        ]
        residue = template_residue(ours[link]) - template_residue(pages[link])
        if residue:
            lines.append(
                f"{source}: template syntax the page does not show: {dict(residue)}"
            )
    unknown = set(documented) - {item["source"] for item in want}
    lines += [
        f"{source}: documented, but the tool lists no such item"
        for source in sorted(unknown)
    ]
    return lines


def body_counts(
    want: list[dict[str, Any]],
    pages: Mapping[str, str],
    ours: Mapping[str, str],
    left_out: Mapping[str, str],
) -> dict[str, int]:
    """How many kept items' bodies have the page's text and link targets, and
    how many differ (documented or not): the figures of the closing note."""
    counts = {
        f"{aspect} {state}": 0 for aspect in ASPECTS for state in ("equal", "differ")
    }
    for item in want:
        link = item["link"]
        if item["source"] in left_out or link not in ours:
            continue
        found = _differences(pages[link], ours[link], link)
        for aspect in ASPECTS:
            counts[f"{aspect} {'differ' if aspect in found else 'equal'}"] += 1
    return counts


def explained(stdout: str, generator: str | None = None) -> dict[str, tuple[str, str]]:
    """``--explain``'s ``key: value  # where`` lines as {key: (value, where)};
    a generator's own settings (``hugo: uglyURLs: …``) keyed ``hugo: uglyURLs``,
    or with ``generator`` only that generator's, keyed by their own names."""
    rows = {}
    for line in stdout.splitlines():
        shown, _, where = line.partition("  # ")
        key, _, value = shown.partition(": ")
        if key in GENERATORS:
            name, _, value = value.partition(": ")
            key = name if generator else f"{key}: {name}"
        elif generator:
            continue
        if generator is None or shown.startswith(f"{generator}: "):
            rows[key] = (value.strip(), where)
    return rows
