"""A body that links to another article shows that article's link as it is
today: the engine records what each body asked of the site's links and asks
again, so a renamed, re-slugged, added or deleted target re-renders exactly
the feeds whose items name it, and nothing else."""

from __future__ import annotations

import os

from conftest import NOW
from feedcheck import parse_json
from test_cache import assert_as_from_scratch, publish

import feedsmith
import feedsmith.files
from feedsmith.config import load_site


def post(title: str, day: int, body: str, tags: str = "[t]", slug: str = "") -> str:
    slug_line = f"slug: {slug}\n" if slug else ""
    return (
        f"---\ntitle: {title}\ndate: 2024-01-{day:02d}\ntags: {tags}\n{slug_line}"
        f"---\n{body}\n"
    )


def content_of(site, title: str, feed: str = "feeds/feed.json") -> str:
    items = parse_json((site.root / feed).read_bytes())["items"]
    [item] = [item for item in items if item["title"] == title]
    return item["content_html"]


def test_a_link_to_another_article_follows_its_slug(site):
    site.source("a.md", post("A", 1, "See [b](b.md).", tags="[only-a]"))
    site.source("b.md", post("B", 2, "Bee."))
    publish(site)
    assert 'href="https://example.org/blog/2024/01/b/"' in content_of(site, "A")
    assert 'href="https://example.org/blog/2024/01/b/"' in content_of(
        site, "A", "feeds/tags/only-a/feed.json"
    )
    site.source("b.md", post("B", 2, "Bee.", slug="bee"))
    report = publish(site)
    assert_as_from_scratch(site, report)
    # the tag feed holds only A, whose source did not change: still rewritten
    assert 'href="https://example.org/blog/2024/01/bee/"' in content_of(
        site, "A", "feeds/tags/only-a/feed.json"
    )
    again = publish(site)
    assert (again.rendered, again.written) == (0, 0)


def test_a_missing_target_warns_until_it_is_written(site):
    site.source("a.md", post("A", 1, "Intro.\n\nSee [c](c.md)."))
    site.source("b.md", post("B", 2, "Bee."))
    first = publish(site)
    [warning] = [w for w in first.warnings if "c.md" in w.message]
    assert (warning.path.name, warning.line) == ("a.md", 8)
    assert [w.message for w in publish(site).warnings] == [
        w.message for w in first.warnings
    ]  # shown again by a build that reused everything
    site.source("c.md", post("C", 3, "Sea."))
    report = publish(site)
    assert not [w for w in report.warnings if "c.md" in w.message]
    assert 'href="https://example.org/blog/2024/01/c/"' in content_of(site, "A")
    assert_as_from_scratch(site, report)
    os.remove(site.root / "sources" / "c.md")
    report = publish(site)
    assert [w for w in report.warnings if "c.md" in w.message]
    assert_as_from_scratch(site, report)


def test_a_missing_static_file_is_checked_again_on_an_untouched_site(
    tmp_path, monkeypatch
):
    """Hugo: ``/img/x.png`` is published from ``static/``; the warning goes
    once the file is there, though no source changed and the last build's
    record would otherwise be reused whole."""
    monkeypatch.setattr(feedsmith.files, "RACY", 0)  # trust the fresh stamps
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "T"\n', encoding="utf-8"
    )
    (root / "content" / "posts" / "a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\n---\n![x](/img/x.png)\n", encoding="utf-8"
    )
    config = load_site(root)
    first = feedsmith.publish(config, NOW)
    assert [w for w in first.warnings if "x.png" in w.message]
    untouched = feedsmith.publish(config, NOW)  # the record of the last build holds
    assert (untouched.parsed, untouched.rendered, untouched.reused) == (0, 0, 8)
    assert [w for w in untouched.warnings if "x.png" in w.message]
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "x.png").write_bytes(b"\x89PNG")
    second = feedsmith.publish(config, NOW)
    assert not [w for w in second.warnings if "x.png" in w.message]
    assert second.parsed == 0
