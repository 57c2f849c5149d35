"""Pinned installs of the real site generators, for comparison tests.

Each tool lives in a folder of the cache (``~/.cache/feedsmith-realtools``,
or ``$FEEDSMITH_REALTOOLS_CACHE``), made once and reused by later runs.

Each tool's module has the same four functions: ``install()``, ``build(site,
out)``, ``items(out)`` (what its feed lists, as ``expected.json`` records it)
and ``bodies(out)`` (each item's article body as its page shows it, by link,
cut out of the page with ``body_of``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

CACHE = Path(
    os.environ.get("FEEDSMITH_REALTOOLS_CACHE")
    or Path.home() / ".cache" / "feedsmith-realtools"
)


def cached(name: str, stamp: str, make: Callable[[Path], None]) -> Path:
    """The cache folder ``name``, made by ``make(folder)`` unless it is there
    already and was made for ``stamp`` (the pinned versions).

    It is made beside its place and renamed into it only once ``make``
    worked, so an interrupted or concurrent install never leaves a half-made
    folder where the next run looks.
    """
    home = CACHE / name
    done = home / "installed"
    if done.is_file() and done.read_text() == stamp:
        return home
    shutil.rmtree(home, ignore_errors=True)  # other pins, or a half-made leftover
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{name}.", dir=CACHE))
    try:
        make(work)
        (work / "installed").write_text(stamp)
        try:
            work.rename(home)
        except OSError:  # another run finished first: use its folder
            if not done.is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return home


def python_of(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def pip_venv(name: str, pins: list[str]) -> Path:
    """A cached virtual environment holding exactly ``pins``."""

    def make(work: Path) -> None:
        subprocess.run(
            [sys.executable, "-m", "venv", str(work)], check=True, capture_output=True
        )
        subprocess.run(
            [str(python_of(work)), "-m", "pip", "install", "--quiet", *pins],
            check=True,
            capture_output=True,
        )

    return cached(name, " ".join(pins) + "\n", make)


def page_file(out: Path, link: str, home: str) -> Path:
    """The file a tool wrote into ``out`` for the page at ``link``, where
    ``home`` is the site's own address (its base path is not a folder of
    ``out``): ``…/2024/hello/`` is ``2024/hello/index.html``, and ``…/pretty``
    is ``pretty.html`` where Jekyll wrote that (servers find it so)."""
    path = unquote(urlsplit(link).path)
    inside = path.removeprefix(unquote(urlsplit(home).path).rstrip("/")).lstrip("/")
    if inside == "" or inside.endswith("/"):
        inside += "index.html"
    page = out / inside
    if not page.is_file() and (out / f"{inside}.html").is_file():
        return out / f"{inside}.html"
    return page


def body_of(
    page: Path, xpath: str, drop: tuple[str, ...] = (), **variables: str
) -> str:
    """The inner HTML of the one element ``xpath`` finds in ``page``,
    without the elements ``drop`` (XPaths relative to it, which may use
    ``variables`` as ``$name``) finds in it."""
    document = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    found = document.xpath(xpath)
    if len(found) != 1:
        raise ValueError(f"{page}: {len(found)} elements match {xpath}, not one")
    element = found[0]
    for path in drop:
        for unwanted in element.xpath(path, **variables):
            unwanted.drop_tree()  # keeps the text after it
    inner = [element.text or ""]
    inner += [lxml.html.tostring(child, encoding=str) for child in element]
    return "".join(inner)
