"""``feedsmith serve``: the output folder on localhost, rebuilt when a
source or the config changes, to preview the feeds in a reader or a browser.

It builds with the command line's own build (:func:`feedsmith.cli.main`),
so a rebuild prints what ``feedsmith`` prints. Its threads: the main one
waits for SIGINT or SIGTERM (:mod:`.threads`); the HTTP server's answer
requests (:mod:`.server`); the watchers and the one builder rebuild
(:mod:`.watch`).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import signal
import sys
from pathlib import Path

from feedsmith import cli
from feedsmith.commands import add_site_options, site_config
from feedsmith.config import Config
from feedsmith.errors import ConfigError
from feedsmith.serve.server import Server
from feedsmith.serve.threads import STOPPING, Stop, blocked, started, stopped_by_signals
from feedsmith.serve.watch import Rebuilds


def parser(prog: str) -> argparse.ArgumentParser:
    """The command line of ``serve``."""
    parser = argparse.ArgumentParser(
        prog=f"{prog} serve",
        description="Build the feeds, serve the output folder on this machine "
        "and rebuild when a source or the config changes. For previewing the "
        "feeds in a reader or a browser, not for publishing them.",
    )
    add_site_options(parser)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=8000,
        help="the port (default: 8000; 0: a free one, printed)",
    )
    parser.add_argument(
        "--no-watch",
        dest="watch",
        action="store_false",
        help="build once and serve; no rebuilds",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="leave out sources with errors (listed) and build the rest",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Build, then serve and rebuild until SIGINT or SIGTERM; the exit
    status: 0 when stopped, 2 for an unusable config or address."""
    with stopped_by_signals():
        try:
            return _serve(args)
        except Stop:
            return cli.EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    try:
        config = site_config(args)
        server = Server((args.host, args.port), config.output)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return cli.EXIT_USAGE
    except OSError as error:
        where = f"{args.host}:{args.port}"
        print(f"error: cannot listen on {where}: {error.strerror}", file=sys.stderr)
        return cli.EXIT_USAGE
    with contextlib.ExitStack() as stack:
        stack.enter_context(server)
        # Watching before the first build: an edit made while it runs is seen.
        rebuild = functools.partial(_rebuild, args)
        rebuilds = Rebuilds(rebuild, config, server) if args.watch else None
        if rebuilds is not None:
            stack.enter_context(rebuilds)
        if cli.main(_build_argv(args)) >= 128:  # interrupted, and said so
            return cli.EXIT_OK
        sys.stdout.flush()
        served = started(server.serve_forever, 0.1)
        try:
            if rebuilds is not None:
                rebuilds.start()
            url = f"http://{args.host}:{server.server_address[1]}/"
            print(f"serving {_shown(config.output)} at {url}", flush=True)
            with blocked(STOPPING):
                signal.sigwait(STOPPING)
        finally:
            server.shutdown()
            served.join()
    return cli.EXIT_OK


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port, 0 to 65535, got {text!r}")
    return int(text)


def _rebuild(args: argparse.Namespace) -> Config:
    """Build as ``feedsmith`` does, printing what it prints; the config as
    it is now (ConfigError if unusable: the build said why)."""
    cli.main(_build_argv(args))
    sys.stdout.flush()
    return site_config(args)


def _build_argv(args: argparse.Namespace) -> list[str]:
    """The ``feedsmith`` build that ``serve`` runs, as its command line."""
    argv = ["--keep-going"] if args.keep_going else []
    if args.site is not None:
        return ["--site", args.site, *argv]
    if args.config is not None:
        return ["--config", args.config, *argv]
    return argv


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
