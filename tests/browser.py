"""Chromium as a person's browser, and the programs people read feeds with.

Chromium (Debian's package) runs headless on pages served from localhost,
as a visitor would open them: what it shows (a screenshot) and the document
it built (the DOM after XSLT and scripts). ``xslt=False`` starts it with
XSLT switched off, as browsers that removed XSLT will show a feed.

Tests that need a program skip when it is missing, unless
``FEEDSMITH_REQUIRE_TOOLS=1`` (set by ``.ci/run``, which installs them):
then a missing program fails the test instead of hiding it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEWSBOAT = shutil.which("newsboat")
PDFTOTEXT = shutil.which("pdftotext")  # Debian's poppler-utils
# As the machine's notes advise: no background connections (the network is
# closed), no sandbox (the tests run as root), a fresh profile each time.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
# The media types a static server gives these files; feeds as XML, which
# browsers style (application/rss+xml makes Chromium show the text).
MEDIA_TYPES = {
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/feed+json",
    ".opml": "text/x-opml",
    ".png": "image/png",
}


def require(program: str | None, name: str) -> str:
    """``program``'s path, or a skip (a failure under FEEDSMITH_REQUIRE_TOOLS)."""
    if program:
        return program
    message = f"{name} is not installed (Debian package {name}; .ci/run installs it)"
    if os.environ.get("FEEDSMITH_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _chromium(url: str, *args: str, xslt: bool, timeout: float) -> str:
    chromium = require(CHROMIUM, "chromium")
    with tempfile.TemporaryDirectory(prefix="feedsmith-chromium-") as profile:
        command = [chromium, *FLAGS, f"--user-data-dir={profile}", *args]
        if not xslt:
            command.append("--disable-features=XSLT")
        result = subprocess.run(
            [*command, url],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if result.returncode:
        raise AssertionError(f"chromium failed on {url}:\n{result.stderr[-2000:]}")
    return result.stdout


def dom(url: str, *, xslt: bool = True, timeout: float = 60, settle: int = 0) -> str:
    """The document Chromium built from ``url``, serialized; with
    ``settle``, after that many milliseconds of the page's own time (for
    scripts that finish later)."""
    waiting = (f"--virtual-time-budget={settle}",) if settle else ()
    return _chromium(url, *waiting, "--dump-dom", xslt=xslt, timeout=timeout)


def screenshot(
    url: str,
    path: Path,
    *,
    xslt: bool = True,
    size: tuple[int, int] = (1024, 900),
    timeout: float = 60,
) -> Path:
    """What a person sees of ``url`` in a window of ``size``, as a PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _chromium(
        url,
        f"--screenshot={path}",
        f"--window-size={size[0]},{size[1]}",
        xslt=xslt,
        timeout=timeout,
    )
    assert path.stat().st_size > 0, f"chromium wrote no screenshot of {url}"
    return path


@dataclass(frozen=True)
class Capture:
    """What one Chromium start saw of a page."""

    dom: str  # the document it built, serialized
    screenshot: Path  # what a person sees in the window, as a PNG
    text: str  # the text it shows, whitespace collapsed to single spaces


def capture(
    url: str,
    screenshot: Path,
    *,
    xslt: bool = True,
    size: tuple[int, int] = (1024, 900),
    timeout: float = 60,
) -> Capture:
    """The DOM, a screenshot and the visible text of ``url``, from a single
    Chromium start (each start costs a second). The text is the page printed
    to PDF (beside the screenshot) and read back with pdftotext: text that
    CSS generates counts, text that CSS hides does not, which no DOM shows."""
    pdftotext = require(PDFTOTEXT, "poppler-utils")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    pdf = screenshot.with_suffix(".pdf")
    dom = _chromium(
        url,
        f"--screenshot={screenshot}",
        f"--window-size={size[0]},{size[1]}",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        "--dump-dom",
        xslt=xslt,
        timeout=timeout,
    )
    printed = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return Capture(dom, screenshot, " ".join(printed.stdout.split()))


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **MEDIA_TYPES,
    }

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the test's output is the test's


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """``folder`` served on localhost as a plain static server would; yields
    its base URL (ending in /)."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def newsboat(folder: Path, *args: str) -> Path:
    """Run newsboat with ``args`` as a reader of its own: its config, the
    urls file ``folder/urls``, home and cache (returned) all in ``folder``,
    never the user's."""
    program = require(NEWSBOAT, "newsboat")
    home = folder / "home"
    home.mkdir(exist_ok=True)
    (folder / "newsboat.conf").touch()
    cache = folder / "cache.db"
    own = ["-C", folder / "newsboat.conf", "-c", cache, "-u", folder / "urls"]
    result = subprocess.run(
        [program, *own, *args],
        env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return cache
