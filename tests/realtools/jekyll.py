"""The real Jekyll with jekyll-feed, pinned, for comparing feedsmith's Jekyll
profile with it.

Both come from Debian's archive (bookworm), so install() asks apt for the
pinned versions; dpkg is the cache that later runs reuse. build() lets Jekyll
build a sample site into a folder of our choosing, without writing into the
site; items() reads back what jekyll-feed published, with feedparser;
bodies() cuts each post's body out of its page (the sample site's post
layout wraps ``{{ content }}`` in a ``div.body`` for that).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser

from realtools import body_of, page_file

# The upstream releases measured, from Debian (bookworm). Debian's own
# revision (+dfsg-3+deb12u1) is not pinned: a security update replaces it in
# the archive, and the old one can no longer be installed.
PINS = {"jekyll": "4.3.1", "ruby-jekyll-feed": "0.17.0"}

FEED = Path("feed.xml")  # jekyll-feed's default path for the posts feed
SOURCES = "feedsmith-sources.json"
BODY = '//div[@class="body"]'  # around {{ content }} in _layouts/post.html

# A Jekyll plugin, used only by build(): the feed does not say which file an
# entry came from, so after writing the site it records every post's URL
# (as Jekyll made it, before the base path) with its source path.
_PLUGIN = """
require "json"

Jekyll::Hooks.register :site, :post_write do |site|
  found = site.posts.docs.to_h { |doc| [doc.url, doc.relative_path] }
  File.write(File.join(site.dest, SOURCES), JSON.pretty_generate(found))
end
"""


def _installed() -> dict[str, str]:
    show = "${Package} ${Version} ${db:Status-Abbrev}\\n"
    run = subprocess.run(
        ["dpkg-query", "-W", "-f", show, *PINS],
        capture_output=True,
        text=True,
    )
    found = {}
    for line in run.stdout.splitlines():
        name, version, status = [*line.split(), "", ""][:3]
        if status.startswith("ii"):  # 4.3.1+dfsg-3+deb12u1: upstream 4.3.1
            found[name] = re.split(r"[+~-]", version.split(":")[-1])[0]
    return found


def install() -> Path:
    """Return the path of the ``jekyll`` program, installing the pins if needed.

    Safe to call again: when dpkg already has the pinned versions nothing runs.
    Needs root (apt-get); refreshes apt's lists once if a pin is not known yet.
    """
    if _installed() != PINS:
        if shutil.which("apt-get") is None:
            raise RuntimeError("Jekyll comes from Debian packages: apt-get is missing")
        wanted = list(PINS)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        command = ["apt-get", "install", "-y", "--no-install-recommends", *wanted]
        run = subprocess.run(command, capture_output=True, text=True, env=env)
        if run.returncode:  # perhaps the package lists are missing or old
            subprocess.run(["apt-get", "update"], capture_output=True, env=env)
            run = subprocess.run(command, capture_output=True, text=True, env=env)
        if run.returncode or _installed() != PINS:
            raise RuntimeError(
                f"could not install {PINS} (found {_installed()}):\n"
                f"{run.stdout}{run.stderr}"
            )
    jekyll = shutil.which("jekyll")
    if jekyll is None:
        raise RuntimeError("the jekyll package is installed but jekyll is not on PATH")
    return Path(jekyll)


def build(site: Path, out: Path) -> None:
    """Let Jekyll build ``site`` into ``out`` with the site's _config.yml.

    Nothing is written into the site (the disk cache is off). Besides Jekyll's
    own output, ``out`` gets SOURCES (see _PLUGIN).
    """
    jekyll = install()
    site, out = site.resolve(), out.resolve()
    with tempfile.TemporaryDirectory(prefix="jekyll-plugin-") as plugins:
        plugin = Path(plugins) / "feedsmith_sources.rb"
        plugin.write_text(_PLUGIN.replace("SOURCES", json.dumps(SOURCES)))
        run = subprocess.run(
            [
                str(jekyll),
                "build",
                *("--source", str(site)),
                *("--destination", str(out)),
                *("--plugins", plugins),
                "--disable-disk-cache",
                "--quiet",
            ],
            cwd=site,
            capture_output=True,
            text=True,
            env={**os.environ, "JEKYLL_ENV": "production"},
        )
    if run.returncode:
        raise RuntimeError(f"jekyll failed:\n{run.stdout}{run.stderr}")


def items(out: Path) -> list[dict]:
    """One record per entry of jekyll-feed's Atom feed, in the feed's order.

    ``updated`` is the entry's <updated> as written: the post's
    ``last_modified_at``, or its date again (jekyll-feed always writes one).
    """
    feed = feedparser.parse((out / FEED).read_bytes())
    if feed.bozo:
        raise ValueError(f"{out / FEED}: {feed.bozo_exception}")
    home = urlsplit(feed.feed.link).path.rstrip("/")  # the site's base path
    sources = {unquote(url): path for url, path in _sources(out).items()}
    records = []
    for entry in feed.entries:
        path = unquote(urlsplit(entry.link).path)
        records.append(
            {
                "source": sources[path.removeprefix(home)],
                "link": entry.link,
                "id": entry.id,
                "published": entry.published,
                "updated": entry.get("updated"),
                "title": entry.title,
            }
        )
    return records


def _sources(out: Path) -> dict[str, str]:
    return json.loads((out / SOURCES).read_text(encoding="utf-8"))


def bodies(out: Path) -> dict[str, str]:
    """Each post's ``{{ content }}`` as its page shows it, by link."""
    home = feedparser.parse((out / FEED).read_bytes()).feed.link
    return {
        record["link"]: body_of(page_file(out, record["link"], home), BODY)
        for record in items(out)
    }
