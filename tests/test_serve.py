"""``feedsmith serve`` as a user runs it: a subprocess on a copy of the
sample site, read over HTTP, by Chromium and by newsboat, its sources edited
while it runs, stopped by SIGTERM or SIGINT."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import browser
import feedparser
import pytest

REPO = Path(__file__).resolve().parent.parent
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The sample site as a user keeps it: config.yaml and sources/."""
    shutil.copy(REPO / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    return tmp_path


class Served:
    """A running ``feedsmith serve``: its URL and what it printed so far."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.out: list[str] = []
        self.err: list[str] = []
        lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._readers = [
            threading.Thread(target=self._read, args=(process.stdout, self.out, lines)),
            threading.Thread(target=self._read, args=(process.stderr, self.err, None)),
        ]
        for reader in self._readers:
            reader.start()
        while not (line := lines.get(timeout=20)).startswith("serving "):
            pass
        self.url = line.rsplit(" at ", 1)[1]
        address = urlsplit(self.url)
        self.host, self.port = address.hostname, address.port

    @staticmethod
    def _read(stream, into: list[str], lines: queue.SimpleQueue[str] | None) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))
            if lines is not None:
                lines.put(line.rstrip("\n"))
        if lines is not None:
            lines.put("serving (none) at ended")

    def get(self, path: str, method: str = "GET", **headers: str):
        """``(status, headers, body)`` of one request."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def reports(self) -> list[str]:
        return [line for line in self.out if line.startswith("wrote ")]

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Send ``signum``; the exit status."""
        self.process.send_signal(signum)
        code = self.process.wait(timeout=10)
        for reader in self._readers:
            reader.join()
        return code


@contextlib.contextmanager
def serving(site: Path, *args: str) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-m", "feedsmith", "serve", "--port", "0", *args],
        cwd=site,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Output to a pipe is buffered, as when a user logs it to a file.
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )
    try:
        yield Served(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def wait_for(condition: Callable[[], object], served: Served) -> None:
    """Poll ``condition`` for 15 s; on timeout, show what serve printed."""
    deadline = time.monotonic() + 15
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(
                "timed out; serve printed:\n" + "\n".join(served.out + served.err)
            )
        time.sleep(0.05)


def title_of(served: Served, path: str) -> str:
    return feedparser.parse(served.get(path)[2]).feed.title


def entry_titles(served: Served, path: str = "/rss.xml") -> list[str]:
    return [entry.title for entry in feedparser.parse(served.get(path)[2]).entries]


def retitle(source: Path, title: str) -> None:
    text = source.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    source.write_text(text.replace(old, f'title: "{title}"'), encoding="utf-8")


def test_serves_each_kind_of_file_with_its_media_type(site):
    with serving(site, "--no-watch") as served:
        output = site / "feeds"
        (output / "logo.png").write_bytes(PNG)
        expected = {
            "/rss.xml": "application/xml; charset=utf-8",
            "/atom.xml": "application/xml; charset=utf-8",
            "/tags/geology/rss.xml": "application/xml; charset=utf-8",
            "/feed.json": "application/feed+json",
            "/index.html": "text/html; charset=utf-8",
            "/": "text/html; charset=utf-8",
            "/feed.css": "text/css",
            "/feed.xsl": "application/xslt+xml; charset=utf-8",
            "/feeds.opml": "text/x-opml",
            "/logo.png": "image/png",
        }
        for path, media_type in expected.items():
            status, headers, body = served.get(path)
            name = path.strip("/") or "index.html"
            assert (status, headers["Content-Type"]) == (200, media_type), path
            assert body == (output / name).read_bytes(), path
            assert headers["Cache-Control"] == "no-cache"
        # Chromium styles the served feed with its stylesheet (XSLT applied).
        document = browser.dom(served.url + "rss.xml")
        assert "<html" in document and "Mining Notes" in document
        assert served.stop() == 0


def test_etag_and_last_modified_answer_304(site):
    with serving(site, "--no-watch") as served:
        feed = site / "feeds" / "atom.xml"
        stamp = time.time() - 3600  # built an hour ago
        os.utime(feed, (stamp, stamp))
        status, headers, _ = served.get("/atom.xml")
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert status == 200 and etag.startswith('"') and not etag.startswith("W/")
        assert modified == formatdate(stamp, usegmt=True)
        again = served.get("/atom.xml", **{"If-None-Match": etag})
        assert again[0] == 304 and again[2] == b""
        assert again[1]["ETag"] == etag
        assert served.get("/atom.xml", **{"If-None-Match": f'"x", W/{etag}'})[0] == 304
        assert served.get("/rss.xml", **{"If-None-Match": etag})[0] == 200
        assert served.get("/atom.xml", **{"If-Modified-Since": modified})[0] == 304
        earlier = formatdate(stamp - 60, usegmt=True)
        assert served.get("/atom.xml", **{"If-Modified-Since": earlier})[0] == 200
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3), both ways.
        later = formatdate(stamp + 60, usegmt=True)
        both = {"If-None-Match": '"other"', "If-Modified-Since": later}
        assert served.get("/atom.xml", **both)[0] == 200
        both = {"If-None-Match": etag, "If-Modified-Since": earlier}
        assert served.get("/atom.xml", **both)[0] == 304
        # A file just written has no date yet, so the next version cannot
        # share it (curl, under newsboat, would drop that version's body).
        os.utime(feed)
        status, headers, _ = served.get("/atom.xml")
        assert status == 200 and "Last-Modified" not in headers
        now = {"If-Modified-Since": formatdate(time.time() + 60, usegmt=True)}
        assert served.get("/atom.xml", **now)[0] == 200
        assert served.stop() == 0


def test_gzip_when_accepted_with_its_own_etag(site):
    with serving(site, "--no-watch") as served:
        plain = served.get("/feed.json")
        zipped = served.get("/feed.json", **{"Accept-Encoding": "br, gzip"})
        assert zipped[1]["Content-Encoding"] == "gzip"
        assert zipped[1]["Vary"] == plain[1]["Vary"] == "Accept-Encoding"
        assert gzip.decompress(zipped[2]) == (site / "feeds/feed.json").read_bytes()
        assert zipped[1]["ETag"] != plain[1]["ETag"]
        assert served.get("/feed.json", **{"Accept-Encoding": "gzip"})[2] == zipped[2]
        revalidated = served.get(
            "/feed.json",
            **{"Accept-Encoding": "gzip", "If-None-Match": zipped[1]["ETag"]},
        )
        assert revalidated[0] == 304
        refused = served.get("/feed.json", **{"Accept-Encoding": "gzip;q=0"})
        assert "Content-Encoding" not in refused[1] and refused[2] == plain[2]
        assert served.stop() == 0


def test_head_sends_the_headers_and_no_body(site):
    with serving(site, "--no-watch") as served:
        _, headers, body = served.get("/rss.xml")
        # A raw socket: http.client would drop a body sent wrongly after HEAD.
        with socket.create_connection((served.host, served.port), timeout=10) as raw:
            raw.sendall(b"HEAD /rss.xml HTTP/1.0\r\n\r\n")
            answer = b"".join(iter(lambda: raw.recv(65536), b""))
        head, _, rest = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200") and rest == b""
        assert f"Content-Length: {len(body)}".encode() in head
        assert f"ETag: {headers['ETag']}".encode() in head
        assert served.stop() == 0


def test_nothing_outside_the_output_folder_is_served(site):
    (site / "secret.txt").write_text("not for the web\n", encoding="utf-8")
    with serving(site, "--no-watch") as served:
        output = site / "feeds"
        (output / ".hidden").write_text("a dot file\n", encoding="utf-8")
        (output / "outside.txt").symlink_to(site / "secret.txt")
        (output / "away").symlink_to(site / "sources", target_is_directory=True)
        for path in (
            "/missing.xml",
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/tags/../../secret.txt",
            "/..%2fsecret.txt",
            "/rss.xml%00",
            "/.hidden",
            "/outside.txt",
            "/away/bump-test.md",
        ):
            status, _, body = served.get(path)
            assert status == 404, path
            assert b"not for the web" not in body and b"bump" not in body
        assert served.stop() == 0


def test_an_edited_source_is_rebuilt_and_a_burst_is_one_rebuild(site):
    with serving(site) as served:
        assert len(served.reports()) == 1
        retitle(site / "sources/core-box-reading.md", "The weekly bump test")
        wait_for(lambda: "The weekly bump test" in entry_titles(served), served)
        wait_for(lambda: len(served.reports()) == 2, served)
        for number in range(10):  # an editor saving ten times in 0.2 s
            retitle(site / "sources/core-box-reading.md", f"Bump test, draft {number}")
            time.sleep(0.02)
        wait_for(lambda: "Bump test, draft 9" in entry_titles(served), served)
        time.sleep(0.5)  # a second rebuild, if any, would report by now
        assert 3 <= len(served.reports()) <= 4, served.out
        assert served.stop() == 0


def test_config_changes_rebuild_and_a_broken_source_keeps_the_last_good_feed(site):
    with serving(site) as served:
        config = site / "config.yaml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("Mining Notes", "Mill Notes"), encoding="utf-8")
        wait_for(lambda: title_of(served, "/atom.xml") == "Mill Notes", served)
        good = served.get("/atom.xml")[2]
        broken = site / "sources/flotation-cell.md"
        broken.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
        shown = re.compile(r"sources/flotation-cell\.md:\d+: ")
        wait_for(lambda: any(shown.match(line) for line in served.err), served)
        assert served.get("/atom.xml")[2] == good
        assert served.stop() == 0


def test_newsboat_sees_an_edited_title_without_a_duplicate(site, tmp_path_factory):
    """Newsboat keeps an item whose title changed as one item (same guid),
    its title updated in place; it revalidates with the ETag it was given."""
    newsboat = browser.require(browser.NEWSBOAT, "newsboat")
    home = tmp_path_factory.mktemp("newsboat")
    (home / "config").write_text("", encoding="utf-8")

    def reload(feed: str) -> dict[str, str]:
        """The feed's items after a reload, guid to title. One cache per
        feed: newsboat keeps an item that two feeds share once."""
        (home / feed).write_text(served.url + feed + "\n", encoding="utf-8")
        cache = home / f"{feed}.db"
        command = [newsboat, "-u", home / feed, "-c", cache, "-C", home / "config"]
        subprocess.run(
            [*command, "-x", "reload"], check=True, timeout=30, capture_output=True
        )
        with contextlib.closing(sqlite3.connect(cache)) as db:
            query = "SELECT guid, title FROM rss_item WHERE feedurl = ?"
            items = db.execute(query, (served.url + feed,)).fetchall()
            etags[feed] = db.execute("SELECT etag FROM rss_feed").fetchone()[0]
        assert len(items) == len({guid for guid, _ in items})
        return dict(items)

    etags: dict[str, str] = {}
    feeds = ("rss.xml", "atom.xml")
    with serving(site) as served:
        before = {feed: reload(feed) for feed in feeds}
        assert all(len(items) == 8 for items in before.values())  # feeds.limit
        assert {feed: reload(feed) for feed in feeds} == before  # a 304 for each
        served_etags = {
            feed: served.get(f"/{feed}", **{"Accept-Encoding": "gzip"})[1]["ETag"]
            for feed in feeds
        }
        assert etags == served_etags  # so the next reload is conditional
        retitle(site / "sources/core-box-reading.md", "The weekly bump test")
        wait_for(lambda: "The weekly bump test" in entry_titles(served), served)
        for feed, items in before.items():
            after = reload(feed)
            assert after.keys() == items.keys(), feed  # the same guids: no duplicate
            changed = [title for guid, title in after.items() if items[guid] != title]
            assert changed == ["The weekly bump test"], feed
        assert served.stop() == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_serving_cleanly(site, signum):
    with serving(site) as served:
        assert served.get("/rss.xml")[0] == 200
        assert served.stop(signum) == 0
        assert not any("Traceback" in line for line in served.err), served.err
        with pytest.raises(OSError):
            served.get("/rss.xml")
