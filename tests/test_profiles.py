"""What every site profile promises, checked the same way for all six.

Each generator's own rules are tested in ``tests/test_profile_<tool>.py``;
this file holds the promises they share: a post of any title, slug or date
gives either feeds or a clear error naming that post, never a crash, and
the engine writes what the pipeline defines.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import sitecheck
from conftest import assert_no_traceback, run_main
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import feedsmith.files
from feedsmith import feeds, publish
from feedsmith.config import load_site
from feedsmith.errors import SourceError, SourceErrors
from feedsmith.sites import GENERATORS

# Bounded for CI; FEEDSMITH_EXAMPLES=600 pytest tests/test_profiles.py for a long run.
EXAMPLES = max(1, int(os.environ.get("FEEDSMITH_EXAMPLES", "60")) // 5)

# Where a new post goes in each sample site, and how its header is written.
POSTS = {
    "hugo": "content/posts/probe.md",
    "jekyll": "_posts/2024-05-05-probe.md",
    "pelican": "content/blog/probe.md",
    "mkdocs": "docs/blog/posts/probe.md",
    "eleventy": "posts/probe.md",
    "zola": "content/posts/probe.md",
}

# Where each generator's profile writes the feeds: a folder it publishes.
OUTPUTS = {
    "hugo": "static/feeds",
    "jekyll": "feeds",
    "pelican": "content/feeds",
    "mkdocs": "docs/feeds",
    "eleventy": "feeds",
    "zola": "static/feeds",
}


def _post(
    tool: str, title: str, slug: str | None, date: str, extra: dict[str, object]
) -> str:
    if tool == "pelican":  # Pelican's own header lines: one line a value
        lines = [f"Title: {title}", f"Date: {date}"]
        lines += [f"Slug: {slug}"] if slug is not None else []
        lines += [f"{key.title()}: {_one_line(value)}" for key, value in extra.items()]
        return "\n".join(lines) + "\n\nBody.\n"
    fields: dict[str, object] = {"title": title, "date": date}
    if slug is not None:
        fields["slug"] = slug
    if tool == "mkdocs":
        fields["draft"] = False
    fields.update(extra)
    head = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
    return f"---\n{head}---\nBody.\n"


def _one_line(value: object) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return " ".join(text.split())


@pytest.fixture(params=GENERATORS)
def site(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    tool = str(request.param)
    copy = tmp_path / tool
    shutil.copytree(sitecheck.SITES / tool, copy)
    return tool, copy


def test_the_engine_writes_what_the_pipeline_defines(site, monkeypatch) -> None:
    # Files copied just now are checked by content until they age past
    # RACY; a skipped page has no content hash to check, so it is read again.
    monkeypatch.setattr(feedsmith.files, "RACY", 0)
    _tool, copy = site
    config = load_site(copy)
    report = publish(config, sitecheck.NOW)
    files = feeds(config, sitecheck.NOW).files
    assert report.written == len(files)
    assert {path: path.read_bytes() for path in files} == files
    again = publish(config, sitecheck.NOW)
    assert again.written == 0 and again.rendered == 0
    # Every article, and every page the generator never lists (skipped, with
    # its warning), comes back from the cache as it was: nothing is read again.
    assert again.parsed == 0
    assert again.warnings == report.warnings


def test_site_dir_needs_no_config_file(site, tmp_path) -> None:
    tool, copy = site
    result = run_main(tmp_path, "--site", str(copy), "--quiet")
    assert result.returncode == 0, result.stderr
    config = load_site(copy)
    assert config.output == copy / OUTPUTS[tool]
    assert config.cache == copy / ".feedsmith-cache"
    written = feeds(config, sitecheck.NOW).files
    assert written and {path: path.read_bytes() for path in written} == written
    assert not (tmp_path / "config.yaml").exists()
    both = run_main(tmp_path, "--site", str(copy), "--config", "config.yaml")
    assert both.returncode == 2 and "--site DIR reads no config file" in both.stderr


def test_config_yaml_overrides_what_the_site_says(site, tmp_path) -> None:
    _tool, copy = site
    config = sitecheck.config_from(
        copy, tmp_path, "site:\n  title: Renamed\noutput: elsewhere\n"
    )
    assert config.site.title == "Renamed"
    assert config.output == tmp_path / "elsewhere"
    assert config.feeds.url == f"{config.site.url}elsewhere/"
    feed = json.loads(feeds(config, sitecheck.NOW).files[config.output / "feed.json"])
    assert feed["title"] == "Renamed"


def test_explain_names_where_the_sites_url_was_read(site, tmp_path) -> None:
    _tool, copy = site
    result = run_main(tmp_path, "--site", str(copy), "--explain")
    assert result.returncode == 0, result.stderr
    row = next(
        line for line in result.stdout.splitlines() if line.startswith("site.url:")
    )
    where = row.partition("  # ")[2]
    path, _, line = where.rpartition(":")
    written = tmp_path / path  # shown relative to the folder it ran in
    assert line.isdigit() and written.is_file(), row
    shown = written.read_text().splitlines()[int(line) - 1].lower()
    assert any(word in shown for word in ("url", "http", "base")), row


TITLES = st.text(
    st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\n\x85\u2028\u2029"
    ),
    max_size=30,
)
SLUGS = st.none() | st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
)
DATES = st.datetimes(
    min_value=__import__("datetime").datetime(1990, 1, 1),
    max_value=__import__("datetime").datetime(2025, 12, 31),
).map(lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")) | st.sampled_from(
    ["2024-02-30", "yesterday", "2024-13-01", "", "2024", "24-05-01"]
)

# Front matter keys some generator reads, with values of any shape.
KEYS = (
    "tags", "categories", "category", "draft", "url", "permalink", "path",
    "author", "authors", "updated", "lastmod", "modified", "expirydate",
    "publishDate", "summary", "lang", "status", "published", "render",
    "eleventyExcludeFromCollections", "build", "pin", "translation",
)  # fmt: skip
SCALARS = st.text(max_size=12) | st.booleans() | st.integers(-5, 3000) | st.none()
EXTRA = st.dictionaries(
    st.sampled_from(KEYS),
    SCALARS
    | st.lists(SCALARS, max_size=3)
    | st.dictionaries(st.text(max_size=5), SCALARS, max_size=2),
    max_size=3,
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=TITLES, slug=SLUGS, date=DATES, extra=EXTRA)
def test_any_post_gives_feeds_or_a_clear_error_naming_it(
    site, title, slug, date, extra
):
    tool, copy = site
    post = copy / POSTS[tool]
    post.write_text(_post(tool, title, slug, date, extra), encoding="utf-8")
    config = load_site(copy)
    try:
        output = feeds(config, sitecheck.NOW)
    except SourceErrors as errors:
        event(f"{tool}: an error")
        assert [e.path for e in errors.errors] == [post], errors.errors
        located = [isinstance(e, SourceError) and e.line >= 1 for e in errors.errors]
        assert all(located), errors.errors
        return
    feed = json.loads(output.files[config.output / "feed.json"])
    skipped = any(w.path == post for w in output.warnings)
    event(f"{tool}: {'skipped' if skipped else 'an item'}")
    ids = [item["id"] for item in feed["items"]]
    links = [item["url"] for item in feed["items"]]
    assert len(set(ids)) == len(ids) and len(set(links)) == len(links)
    assert all(link.startswith(config.site.url) for link in links)


def test_sources_may_narrow_the_sites_folders_never_leave_them(site, tmp_path):
    tool, copy = site
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "post.md").write_text("---\ntitle: x\ndate: 2024-01-01\n---\nx\n")
    (tmp_path / "config.yaml").write_text(f"from: {copy}\nsources: elsewhere\n")
    result = run_main(tmp_path, "--quiet")
    assert result.returncode == 2, result.stdout
    assert "sources: " in result.stderr and "is outside the folders" in result.stderr
    assert tool in result.stderr
    assert_no_traceback(result)
    inside = load_site(copy).sources.folders[0]
    narrowed = next((p for p in sorted(inside.iterdir()) if p.is_dir()), inside)
    (tmp_path / "config.yaml").write_text(f"from: {copy}\nsources: {narrowed}\n")
    assert run_main(tmp_path, "--quiet").returncode == 0
