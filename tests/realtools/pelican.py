"""The real Pelican, pinned, for comparing feedsmith's Pelican profile with it.

install() sets up a virtual environment once per version in a cache folder
reused across runs; build() lets Pelican build a sample site into a folder of
our choosing; items() reads back what Pelican published, from its own Atom
feed, with feedparser; bodies() cuts each article's body out of its page
(the default theme's ``div.entry-content``, without its ``footer.post-info``).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

import feedparser

from realtools import body_of, page_file, pip_venv, python_of

PELICAN_VERSION = "4.12.0"
# Everything Pelican pulls in is pinned too: Unidecode decides slugs, Markdown
# reads the articles, feedgenerator writes the feed.
PINS = [
    f"pelican=={PELICAN_VERSION}",
    "markdown==3.11.3",
    "unidecode==1.4.0",
    "feedgenerator==2.2.1",
    "docutils==0.23",
    "python-dateutil==4.0.0",
    "tzdata==2026.6",
    "jinja2==3.1.6",
    "markupsafe==3.0.4",
    "pygments==2.19.2",
    "blinker==1.9.0",
    "ordered-set==4.1.0",
    "rich==15.0.0",
    "markdown-it-py==4.3.0",
    "mdurl==0.1.2",
    "watchfiles==1.3.0",
    "anyio==4.16.0",
    "idna==3.20",
    "typing-extensions==4.16.0",
]

# The feed whose entries are the site's articles (FEED_ALL_ATOM in the sample
# site's pelicanconf.py).
FEED = Path("feeds") / "all.atom.xml"


def install() -> Path:
    """The Python of a cached venv holding the pinned tools.

    Run Pelican as ``python -m pelican``.
    """
    return python_of(pip_venv(f"pelican-{PELICAN_VERSION}", PINS))


# A Pelican plugin, used only by build(): Pelican's feed does not say which
# file an entry came from, so the plugin writes the link of every published
# article and translation with its source path next to the output.
_PLUGIN = """
import json, os
from pelican import signals

_found = {}

def _articles(generator):
    siteurl = generator.settings["SITEURL"]
    for article in generator.articles:
        for one in [article, *article.translations]:
            _found[siteurl + "/" + one.url] = one.get_relative_source_path()

def _write(pelican):
    with open(os.path.join(pelican.output_path, SOURCES), "w") as out:
        json.dump(_found, out, indent=1, sort_keys=True)

def register():
    signals.article_generator_finalized.connect(_articles)
    signals.finalized.connect(_write)
"""
SOURCES = "feedsmith-sources.json"
# The article's content in the default theme (notmyidea): the div holds the
# date, author, category and tags first, in a footer.
BODY = '//div[@class="entry-content"]'
BODY_NOT = ('footer[@class="post-info"]',)


def build(site: Path, out: Path) -> None:
    """Let Pelican build ``site`` into ``out`` with the site's publishconf.py.

    The site is read where it lies and nothing is written into it. Besides
    Pelican's own output, ``out`` gets SOURCES (see _PLUGIN).
    """
    python = install()
    site, out = site.resolve(), out.resolve()
    with tempfile.TemporaryDirectory(prefix="pelican-plugin-") as plugins:
        plugin = Path(plugins) / "feedsmith_sources.py"
        plugin.write_text(_PLUGIN.replace("SOURCES", repr(SOURCES)))
        extra = {"PLUGIN_PATHS": [plugins], "PLUGINS": ["feedsmith_sources"]}
        run = subprocess.run(
            [
                str(python),
                *("-m", "pelican", str(site / "content")),
                *("--settings", str(site / "publishconf.py")),
                *("--output", str(out)),
                "--delete-output-directory",
                "--extra-settings",  # one flag: each one replaces the last
                *(f"{key}={json.dumps(value)}" for key, value in extra.items()),
                *("--fatal", "errors"),
                "--quiet",
            ],
            cwd=site,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"},
        )
    if run.returncode:
        raise RuntimeError(f"pelican failed:\n{run.stdout}{run.stderr}")


def items(out: Path) -> list[dict]:
    """One record per entry of Pelican's Atom feed, in the feed's order.

    ``updated`` is the entry's <updated> as written: the article's Modified
    date, or its Date again when it has none (Pelican always writes one).
    """
    feed = feedparser.parse((out / FEED).read_bytes())
    if feed.bozo:
        raise ValueError(f"{out / FEED}: {feed.bozo_exception}")
    sources = json.loads((out / SOURCES).read_text())
    return [
        {
            "source": sources[unquote(entry.link)],  # the feed %-encodes
            "link": entry.link,
            "id": entry.id,
            "published": entry.published,
            "updated": entry.get("updated"),
            "title": entry.title,
        }
        for entry in feed.entries
    ]


def bodies(out: Path) -> dict[str, str]:
    """Each article's content as its page shows it, by link."""
    home = feedparser.parse((out / FEED).read_bytes()).feed.link
    return {
        record["link"]: body_of(page_file(out, record["link"], home), BODY, BODY_NOT)
        for record in items(out)
    }
