"""The HTTP side of ``feedsmith serve``: the output folder's files with
their media types, ``ETag`` and ``Last-Modified`` (``304`` when a reader
has the same version), gzip when the reader takes it. Each request reads
its file once: feedsmith renames new files into place, so a request gets
one whole version."""

from __future__ import annotations

import email.message
import email.utils
import gzip
import hashlib
import http.server
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from feedsmith.version import __version__

# A file younger than this has no Last-Modified yet: one written later is
# then sure to have a later date (dates are in whole seconds).
UNDATED_FOR = 2.0
# Feeds as XML, which browsers style with the feed's stylesheet (Chromium
# shows application/rss+xml as text); readers take either.
MEDIA_TYPES = {
    ".xml": "application/xml; charset=utf-8",
    ".xsl": "application/xslt+xml; charset=utf-8",
    ".json": "application/feed+json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".opml": "text/x-opml",
    ".txt": "text/plain; charset=utf-8",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
COMPRESSIBLE = frozenset(
    {".xml", ".xsl", ".json", ".html", ".css", ".opml", ".txt", ".svg"}
)


class Server(http.server.ThreadingHTTPServer):
    """Serves the files below ``root``."""

    def __init__(self, address: tuple[str, int], root: Path):
        super().__init__(address, _Handler)
        self.root = root  # the builder sets it when the config names another

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a reader left
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return f"feedsmith/{__version__}"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows builds, not requests

    def _answer(self, with_body: bool) -> None:
        path = urlsplit(self.path).path
        found = _located(self.server.root, path)
        if found is not None and found.is_dir():
            found = _located(self.server.root, f"{path}/index.html")
            if found is not None and not path.endswith("/"):
                self.send_response(301)  # so that the page's relative links work
                self.send_header("Location", f"{path}/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        try:
            if found is None or not found.is_file():
                raise FileNotFoundError
            with found.open("rb") as file:  # once: a rebuild renames, never rewrites
                stamp = os.fstat(file.fileno()).st_mtime
                data = file.read()
        except OSError:
            self.send_error(404)
            return
        self._send(found.suffix.lower(), data, stamp, with_body)

    def _send(self, suffix: str, data: bytes, stamp: float, with_body: bool) -> None:
        compressible = suffix in COMPRESSIBLE
        zipped = compressible and _accepts_gzip(self.headers.get("Accept-Encoding"))
        tag = hashlib.sha256(data).hexdigest()[:32]
        etag = f'"{tag}-gzip"' if zipped else f'"{tag}"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        # A date shared by two versions makes a reader keep the old one (curl
        # drops a body no newer than If-Modified-Since): dated once settled.
        modified = stamp if time.time() - stamp >= UNDATED_FOR else None
        if modified is not None:
            headers["Last-Modified"] = email.utils.formatdate(modified, usegmt=True)
        if compressible:
            headers["Vary"] = "Accept-Encoding"
        if _not_modified(self.headers, etag, modified):
            self.send_response(304)
            self._headers(headers)
            return
        body = gzip.compress(data, mtime=0) if zipped else data
        headers["Content-Type"] = MEDIA_TYPES.get(suffix, "application/octet-stream")
        headers["Content-Length"] = str(len(body))
        if zipped:
            headers["Content-Encoding"] = "gzip"
        self.send_response(200)
        self._headers(headers)
        if with_body:
            self.wfile.write(body)

    def _headers(self, headers: dict[str, str]) -> None:
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()


def _located(root: Path, path: str) -> Path | None:
    """The file or folder below ``root`` that a request's path names, its
    links followed; None for a place outside, or in or at a dot file."""
    base = root.resolve()
    try:
        found = base.joinpath(unquote(path).lstrip("/")).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a loop, a NUL
        return None
    if not found.is_relative_to(base):
        return None
    if any(part.startswith(".") for part in found.relative_to(base).parts):
        return None
    return found


def _accepts_gzip(header: str | None) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip;q=0`` refuses it)."""
    weights: dict[str, float] = {}
    for item in (header or "").split(","):
        name, _, parameters = item.partition(";")
        weight = re.fullmatch(r"\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*", parameters)
        weights[name.strip().lower()] = float(weight[1]) if weight else 1.0
    return weights.get("gzip", weights.get("*", 0.0)) > 0


def _not_modified(
    headers: email.message.Message, etag: str, modified: float | None
) -> bool:
    """RFC 9110 13.1.2-3: If-None-Match (weak comparison) when sent, else
    If-Modified-Since no older than the file, if it is dated."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since is None or modified is None:
        return False
    try:
        date = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return date.tzinfo is not None and int(modified) <= date.timestamp()
