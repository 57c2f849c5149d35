"""The real Eleventy with its RSS plugin, pinned, for comparing feedsmith's
Eleventy profile with it.

install() puts the two npm packages into a folder of the cache reused across
runs (exact versions, and every dependency resolved as the registry stood on
a fixed day). build() copies the sample site into a scratch folder, lends it
the cached node_modules and lets Eleventy write into a folder of our choosing;
the sample site itself is never written. items() reads back the plugin's Atom
feed with feedparser, and Eleventy's own page list (``--to=json``) for the
source file of each link; bodies() cuts each post's body out of its page
(the sample site's post layout wraps ``content`` in a ``div.body``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser

from realtools import body_of, cached, page_file

ELEVENTY_VERSION = "3.1.8"
RSS_PLUGIN_VERSION = "3.0.0"
# Dependencies of the two packages are resolved as the registry stood then.
RESOLVED_BEFORE = "2026-12-01T00:00:00Z"

FEED = "feed.xml"  # the plugin's default outputPath, kept by the sample site
BODY = '//div[@class="body"]'  # around content in _includes/layouts/post.njk
# build() writes Eleventy's list of pages (url and source) here, inside ``out``.
LISTING = "eleventy-pages.json"
# Eleventy reads no time zone setting: the process's zone decides the
# `date` filter in permalinks. The builds here run in UTC.
BUILD_TZ = "UTC"


def _cli(home: Path) -> Path:
    return home / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"


def install() -> Path:
    """The pinned Eleventy's ``cmd.cjs``, from a cached npm install."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("Eleventy comes from npm: npm (Node.js 18+) is missing")

    def make(work: Path) -> None:
        package = {
            "name": "feedsmith-realtools-eleventy",
            "private": True,
            "dependencies": {
                "@11ty/eleventy": ELEVENTY_VERSION,
                "@11ty/eleventy-plugin-rss": RSS_PLUGIN_VERSION,
            },
        }
        (work / "package.json").write_text(json.dumps(package, indent=2) + "\n")
        subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                "--save-exact",
                f"--before={RESOLVED_BEFORE}",
            ],
            cwd=work,
            check=True,
            capture_output=True,
        )
        version = subprocess.run(
            ["node", str(_cli(work)), "--version"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if version != ELEVENTY_VERSION:
            raise RuntimeError(f"expected Eleventy {ELEVENTY_VERSION}, got {version!r}")

    name = f"eleventy-{ELEVENTY_VERSION}-rss-{RSS_PLUGIN_VERSION}"
    stamp = f"{ELEVENTY_VERSION} {RSS_PLUGIN_VERSION} {RESOLVED_BEFORE}\n"
    return _cli(cached(name, stamp, make))


def build(site: Path, out: Path) -> None:
    """Let Eleventy build ``site`` into ``out``; write nothing inside ``site``.

    Eleventy resolves the config's imports from the project folder, so the
    site is copied to a scratch folder that links to the cached node_modules.
    """
    cli = install()
    env = {**os.environ, "TZ": BUILD_TZ}
    env.pop("ELEVENTY_ENV", None)
    with tempfile.TemporaryDirectory(prefix="feedsmith-eleventy-") as scratch:
        project = Path(scratch) / "site"
        shutil.copytree(site, project, ignore=shutil.ignore_patterns("node_modules"))
        (project / "node_modules").symlink_to(cli.parents[2], target_is_directory=True)
        subprocess.run(
            ["node", str(cli), "--quiet", f"--output={out}"],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
        )
        listing = subprocess.run(
            ["node", str(cli), "--quiet", "--to=json"],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pages = {
        page["url"]: page["inputPath"].removeprefix("./")
        for page in json.loads(listing)
        if page["url"] is not False
    }
    (out / LISTING).write_text(json.dumps(pages, indent=2) + "\n", encoding="utf-8")


def items(out: Path) -> list[dict]:
    """The entries of the plugin's feed, in its order, as expected.json has them.

    The Atom feed has one date per entry, ``<updated>``, which is the page's
    ``date``: that is ``published``. Eleventy has no separate updated date,
    so ``updated`` is null.
    """
    feed = feedparser.parse((out / FEED).read_bytes())
    if feed.bozo:
        raise RuntimeError(f"Eleventy's feed does not parse: {feed.bozo_exception}")
    pages = json.loads((out / LISTING).read_text(encoding="utf-8"))
    prefix = urlsplit(feed.feed.link).path.rstrip("/")  # pathPrefix
    records = []
    for entry in feed.entries:
        # The feed percent-encodes the page URL Eleventy lists raw.
        path = unquote(urlsplit(entry.link).path).removeprefix(prefix)
        records.append(
            {
                "source": pages[path],
                "link": entry.link,
                "id": entry.id,
                "published": datetime.fromisoformat(entry.updated).isoformat(),
                "updated": None,
                "title": entry.title,
            }
        )
    return records


def bodies(out: Path) -> dict[str, str]:
    """Each post's ``content`` as its page shows it, by link."""
    home = feedparser.parse((out / FEED).read_bytes()).feed.link
    return {
        record["link"]: body_of(page_file(out, record["link"], home), BODY)
        for record in items(out)
    }
