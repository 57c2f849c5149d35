"""WebSub: every feed names the hub, and a build with ``--ping`` (or
``feeds.websub.ping: true``) tells a hub, here a small server on
localhost, exactly which feeds changed; a hub that fails never fails the
build."""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import assert_no_traceback, run_cli, run_main, write_tree
from feedcheck import parse_json, parse_xml, self_link

from feedsmith.websub import ping

PUBLIC = "https://example.org/feeds/"
FORMATS = ("rss.xml", "atom.xml", "feed.json")


class Hub:
    """A hub on 127.0.0.1 that records each POST's form and answers the
    statuses in ``answers`` in turn (then 204), after ``delay`` seconds."""

    def __init__(self) -> None:
        self.posts: list[dict[str, list[str]]] = []
        self.answers: list[int] = []
        self.delay = 0.0
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                assert self.headers["Content-Type"] == (
                    "application/x-www-form-urlencoded"
                )
                body = self.rfile.read(length).decode("ascii")
                hub.posts.append(urllib.parse.parse_qs(body))
                time.sleep(hub.delay)
                status = hub.answers.pop(0) if hub.answers else 204
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"

    def told(self) -> list[str]:
        """The feed URLs posted, each post checked to be a publish notice."""
        for form in self.posts:
            assert form["hub.mode"] == ["publish"] and len(form["hub.url"]) == 1
        return sorted(form["hub.url"][0] for form in self.posts)


@pytest.fixture
def hub() -> Iterator[Hub]:
    hub = Hub()
    thread = threading.Thread(
        target=hub.server.serve_forever, args=(0.05,), daemon=True
    )
    thread.start()
    yield hub
    hub.server.shutdown()
    hub.server.server_close()


def make_site(root: Path, **websub: object) -> Path:
    """Three articles (``a`` tagged rock, ``b`` sand, ``c`` both) and the
    ``feeds.websub`` settings ``websub``."""
    articles = {
        f"sources/{name}.md": f"""\
            ---
            title: Article {name}
            date: 2024-01-0{day}
            tags: [{tags}]
            ---
            Body of {name}.
            """
        for day, (name, tags) in enumerate(
            [("a", "rock"), ("b", "sand"), ("c", "rock, sand")], start=1
        )
    }
    config = (
        "site: {title: Rock Notes, url: 'https://example.org/', description: D}\n"
        "feeds:\n  websub:\n"
        + "".join(f"    {key}: {str(value).lower()}\n" for key, value in websub.items())
    )
    return write_tree(root, {"config.yaml": config, **articles})


def feeds_of(*folders: str) -> list[str]:
    return sorted(f"{PUBLIC}{folder}{name}" for folder in folders for name in FORMATS)


def test_every_feed_names_the_hub_and_ping_tells_it_what_changed(tmp_path, hub):
    site = make_site(tmp_path, hub=hub.url)
    first = run_cli(site, "--ping")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "wrote 16 of 16 files, 3 articles",
        f"pinged {hub.url} for 9 feeds",
    ]
    assert first.stderr == ""
    assert hub.told() == feeds_of("", "tags/rock/", "tags/sand/")
    for folder in ("", "tags/rock/"):
        for name in ("rss.xml", "atom.xml"):
            parsed = parse_xml((site / "feeds" / folder / name).read_bytes())
            hubs = [link.href for link in parsed.feed.links if link.rel == "hub"]
            assert hubs == [hub.url]
            assert self_link(parsed) == f"{PUBLIC}{folder}{name}"
        document = parse_json((site / "feeds" / folder / "feed.json").read_bytes())
        assert document["hubs"] == [{"type": "WebSub", "url": hub.url}]

    hub.posts.clear()
    again = run_cli(site, "--ping")
    assert again.stdout == "wrote 0 of 16 files, 3 articles\n"
    assert hub.posts == []

    article = site / "sources/a.md"
    article.write_text(article.read_text() + "\nA new paragraph.\n")
    edited = run_cli(site, "--ping")
    assert edited.stdout.splitlines()[-1] == f"pinged {hub.url} for 6 feeds"
    assert hub.told() == feeds_of("", "tags/rock/")


def test_no_hub_no_link(tmp_path):
    site = make_site(tmp_path, ping=False)
    assert run_cli(site).returncode == 0
    assert b"hub" not in (site / "feeds/rss.xml").read_bytes()
    assert b"hub" not in (site / "feeds/atom.xml").read_bytes()
    assert "hubs" not in parse_json((site / "feeds/feed.json").read_bytes())


def test_a_failing_hub_is_a_warning_and_the_feeds_are_written(tmp_path, hub):
    """A hub answering 500 to every try (pinged by --ping), and a closed
    port (pinged by ping: true), each after its three tries: exit 0, the
    feeds written, one warning for the feed tried and one for the rest."""
    hub.answers = [500] * 10
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    dead = f"http://127.0.0.1:{closed.server_address[1]}/"
    closed.server_close()
    sites = [
        (make_site(tmp_path / "down", hub=hub.url), hub.url, ["--ping"]),
        (make_site(tmp_path / "gone", hub=dead, ping=True), dead, []),
    ]
    with ThreadPoolExecutor(2) as pool:  # their tries' waits overlap
        results = list(pool.map(lambda s: run_cli(s[0], *s[2]), sites))
    reasons = ["the hub answered HTTP 500", "cannot reach the hub: "]
    for result, (site, url, _), reason in zip(results, sites, reasons, strict=True):
        assert_no_traceback(result)
        assert result.returncode == 0
        assert result.stdout == "wrote 16 of 16 files, 3 articles\n"
        assert (site / "feeds/rss.xml").is_file()
        first, rest = result.stderr.splitlines()
        assert first.startswith(f"warning: websub: {url} was not told of {PUBLIC}")
        assert reason in first and first.endswith("(3 tries)")
        assert rest == f"warning: websub: {url} was not told of 8 more feeds: gave up"
    assert len(hub.posts) == 3


def test_a_hub_failing_twice_is_tried_again(hub):
    hub.answers = [500, 503]
    pinged = ping(hub.url, [f"{PUBLIC}rss.xml"], backoff=0.01)
    assert (pinged.notified, pinged.warnings) == ((f"{PUBLIC}rss.xml",), ())
    assert hub.told() == [f"{PUBLIC}rss.xml"] * 3


def test_a_refusal_or_a_redirect_is_not_tried_again(hub):
    hub.answers = [404, 302]
    urls = [f"{PUBLIC}rss.xml", f"{PUBLIC}atom.xml", f"{PUBLIC}feed.json"]
    pinged = ping(hub.url, urls, backoff=0.01)
    assert pinged.notified == (f"{PUBLIC}feed.json",)
    assert pinged.warnings == (
        f"{hub.url} was not told of {PUBLIC}rss.xml: "
        "the hub answered HTTP 404 Not Found",
        f"{hub.url} was not told of {PUBLIC}atom.xml: the hub answered HTTP 302 Found",
    )
    assert len(hub.posts) == 3  # the hub is up: each feed is tried once


def test_a_slow_hub_is_given_up_within_its_timeout(hub):
    hub.delay = 2
    started = time.monotonic()
    pinged = ping(hub.url, [f"{PUBLIC}rss.xml"] * 5, timeout=0.2, backoff=0.01)
    assert time.monotonic() - started < 1.2  # 3 tries of 0.2 s, then given up
    assert pinged.notified == ()
    assert pinged.warnings == (
        f"{hub.url} was not told of {PUBLIC}rss.xml: no answer within 0.2 s (3 tries)",
        f"{hub.url} was not told of 4 more feeds: gave up",
    )


def test_check_and_explain_ping_nothing(tmp_path, hub):
    site = make_site(tmp_path, hub=hub.url, ping=True)
    checked = run_cli(site, "--check", "--ping")
    assert checked.returncode == 1 and "pinged" not in checked.stdout
    assert run_main(site, "--explain", "--ping").returncode == 0
    assert hub.posts == []


@pytest.mark.parametrize(
    ("websub", "args", "message"),
    [
        (
            {"ping": True},
            (),
            "config.yaml: feeds.websub.ping: true needs feeds.websub.hub, "
            "the hub to ping",
        ),
        (
            {"hub": "ftp://hub.example/"},
            (),
            "config.yaml: feeds.websub.hub: must be an absolute http(s) URL, "
            "got 'ftp://hub.example/'",
        ),
        (
            {"ping": False},
            ("--ping",),
            "--ping: no hub to ping; set feeds.websub.hub in the config",
        ),
    ],
)
def test_ping_without_a_hub_is_a_config_error(tmp_path, websub, args, message):
    site = make_site(tmp_path, **websub)
    result = run_main(site, *args)
    assert (result.returncode, result.stderr) == (2, f"error: {message}\n")
    assert not (site / "feeds").exists()
