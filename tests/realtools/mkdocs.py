"""The real mkdocs-material blog, pinned, for comparing feedsmith's mkdocs profile.

The blog plugin of mkdocs-material writes no feed of its own; its sites get
one from mkdocs-rss-plugin, which is what this module reads. install() sets up
a venv once per set of pins in a cache folder reused across runs; build()
builds a copy of a sample site (the blog plugin creates missing folders and
files inside ``docs/``, so the site itself is never built in place); items()
reads back what was published, from the plugin's RSS feeds, with feedparser;
bodies() cuts each post's body out of its page (Material's
``.md-content__inner`` without the title heading).
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser

from realtools import body_of, page_file, pip_venv, python_of

MATERIAL_VERSION = "9.8.2"
# Everything the build pulls in is pinned: pymdown-extensions makes the slugs,
# Babel formats the dates in URLs, PyYAML reads the front matter.
PINS = [
    f"mkdocs-material=={MATERIAL_VERSION}",
    "mkdocs==1.6.1",
    "mkdocs-rss-plugin==1.19.0",
    "properdocs==1.6.7",
    "pymdown-extensions==13.1.2",
    "markdown==3.11.3",
    "babel==2.19.0",
    "pyyaml==6.0.4",
    "mkdocs-material-extensions==1.3.1",
    "mkdocs-get-deps==0.2.2",
    "jinja2==3.1.6",
    "markupsafe==3.0.4",
    "pygments==2.21.0",
    "backrefs==8.3.1",
    "paginate==0.5.7",
    "colorama==0.4.6",
    "click==8.5.1",
    "ghp-import==2.1.0",
    "python-dateutil==4.0.0",
    "mergedeep==1.3.4",
    "pathspec==1.1.1",
    "platformdirs==4.14.9",
    "packaging==26.4",
    "pyyaml-env-tag==1.1",
    "watchdog==7.1.0",
    "gitpython==3.1.62",
    "gitdb==4.0.12",
    "smmap==5.0.3",
    "cachecontrol[filecache]==0.14.4",
    "filelock==4.3.1",
    "msgpack==1.2.4",
    "requests==2.34.2",
    "urllib3==2.8.0",
    "idna==3.20",
    "certifi==2026.10.19.post1",
    "charset-normalizer==3.5.3",
    "tzdata==2026.6",
]

# The build's clock (SOURCE_DATE_EPOCH): the feeds' own dates, and the date
# mkdocs-rss-plugin gives a post that has no ``date.updated``.
BUILD_TIME = datetime(2026, 1, 1, tzinfo=UTC)
# mkdocs-rss-plugin's default file names, both in the site's root.
FEED_CREATED = "feed_rss_created.xml"
FEED_UPDATED = "feed_rss_updated.xml"
SOURCES = "feedsmith-sources.json"
# A post's content in Material's page, and in it the title: the post's own
# "# heading" where it is the title, or the one Material adds when the post
# has none. A heading that is not the title (one is set in the front
# matter) is the body's own.
BODY = '//article[contains(concat(" ", @class, " "), " md-content__inner ")]'
BODY_NOT = ("h1[1][normalize-space(.) = normalize-space($title)]",)

# A mkdocs hook, used only by build(): the feed does not say which file an item
# came from, so the hook writes each built page's URL with its source path.
_HOOK = """
import json, os

_found = {}

def on_page_content(html, page, config, files):
    _found[page.canonical_url] = page.file.src_uri

def on_post_build(config):
    with open(os.path.join(config.site_dir, SOURCES), "w", encoding="utf-8") as out:
        json.dump(_found, out, indent=1, sort_keys=True, ensure_ascii=False)
"""


def install() -> Path:
    """The Python of a cached venv holding the pinned tools.

    Run the tool as ``python -m mkdocs``.
    """
    return python_of(pip_venv(f"mkdocs-material-{MATERIAL_VERSION}", PINS))


def build(site: Path, out: Path) -> None:
    """Build a copy of ``site`` with its own mkdocs.yml into ``out``.

    The copy gets one more file, a config that inherits the site's and adds
    the hook above; ``out`` gets SOURCES besides the tool's own output.
    """
    python = install()
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="feedsmith-mkdocs-") as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(site, copy)
        (copy / "feedsmith_hook.py").write_text(
            _HOOK.replace("SOURCES", repr(SOURCES)), encoding="utf-8"
        )
        config = copy / "feedsmith-mkdocs.yml"
        config.write_text("INHERIT: mkdocs.yml\nhooks:\n  - feedsmith_hook.py\n")
        run = subprocess.run(
            [
                *(str(python), "-m", "mkdocs", "build", "--quiet", "--clean"),
                *("--config-file", str(config), "--site-dir", str(out)),
            ],
            cwd=copy,
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "SOURCE_DATE_EPOCH": str(int(BUILD_TIME.timestamp())),
                "NO_MKDOCS_2_WARNING": "1",
                "PYTHONDONTWRITEBYTECODE": "1",
            },
        )
    if run.returncode:
        raise RuntimeError(f"mkdocs failed:\n{run.stdout}{run.stderr}")


def _entries(path: Path) -> list:
    feed = feedparser.parse(path.read_bytes())
    if feed.bozo:
        raise ValueError(f"{path}: {feed.bozo_exception}")
    return feed.entries


def _date(entry) -> datetime:
    """An RSS pubDate with its own offset (feedparser's parsed form drops it)."""
    return parsedate_to_datetime(entry.published)


def items(out: Path) -> list[dict]:
    """One record per item of the created-date feed, in the feed's order.

    ``updated`` is the item's date in the updated-date feed, or None where
    that is the build time: the plugin's stand-in for "no ``date.updated``".
    """
    sources = json.loads((out / SOURCES).read_text(encoding="utf-8"))
    updated = {entry.id: _date(entry) for entry in _entries(out / FEED_UPDATED)}
    records = []
    for entry in _entries(out / FEED_CREATED):
        changed = updated[entry.id]
        records.append(
            {
                "source": "docs/" + sources[entry.link],
                "link": entry.link,
                "id": entry.id,
                "published": _date(entry).isoformat(),
                "updated": None if changed == BUILD_TIME else changed.isoformat(),
                "title": entry.title,
            }
        )
    return records


def bodies(out: Path) -> dict[str, str]:
    """Each post's content as its page shows it, without the title, by link."""
    home = feedparser.parse((out / FEED_CREATED).read_bytes()).feed.link
    return {
        record["link"]: body_of(
            page_file(out, record["link"], home),
            BODY,
            BODY_NOT,
            title=html.unescape(record["title"]),  # the plugin escapes "&" twice
        )
        for record in items(out)
    }
