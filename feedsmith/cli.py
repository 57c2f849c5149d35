"""The command line: parses the arguments, takes the build's ``now`` from
the clock, calls :func:`feedsmith.engine.publish` and prints its report.
It holds no library logic. (The engine reads the clock too, only to judge
file times: the racy rule, :func:`feedsmith.files.racy`.) The commands
``new`` and ``init`` are :mod:`feedsmith.commands`; with none named, the
arguments are a build's.

Exit status: 0 done, 1 the sources have errors (or ``--check`` found stale
feeds), 2 usage or configuration error, 130 or 143 stopped by SIGINT or
SIGTERM (nothing half-written: see :class:`_Signals`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from feedsmith import commands, websub
from feedsmith.config import Config, file_of, load_config, load_site
from feedsmith.engine import Report, publish
from feedsmith.errors import (
    ConfigError,
    FeedsmithError,
    SourceError,
    SourceErrors,
    SourceWarning,
    location,
)
from feedsmith.pipeline.discover import EXCLUDED_FOLDER, Unread, tally
from feedsmith.render import FORMATS

EXIT_OK, EXIT_SOURCES, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Run feedsmith with ``argv`` (default: the process arguments): a
    command (``new``, ``init``) or, with none named, a build. ``prog`` is the
    name usage lines show (default: the program run, as argparse finds it)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in commands.PARSERS:
        return commands.main(argv[0], argv[1:], prog)
    args = _parser(prog).parse_args(argv)
    signals = _Signals()
    try:
        with signals.installed():
            return _run(args, signals)
    except _Interrupted as stop:
        done = signals.written and not args.check
        what = "the feeds were already written" if done else "no feed was changed"
        print(f"interrupted; {what}", file=sys.stderr)
        return 128 + stop.signum


def _run(args: argparse.Namespace, signals: _Signals) -> int:
    progress = _ProgressLine() if sys.stderr.isatty() and not args.quiet else None
    try:
        if args.site is not None:
            if args.config is not None:
                raise ConfigError("--site DIR reads no config file: drop --config")
            config = load_site(Path(args.site))
        else:
            config = load_config(Path(args.config or "config.yaml"))
        if args.ping and config.feeds.websub.hub is None:
            raise ConfigError(
                "--ping: no hub to ping; set feeds.websub.hub in the config"
            )
        if args.explain:
            _explain(config)
            return EXIT_OK
        report = publish(
            config,
            datetime.now(UTC),
            check=args.check,
            keep_going=args.keep_going,
            jobs=args.jobs,
            wait=args.wait,
            progress=progress,
            writing=signals.held,
        )
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SourceErrors as errors:
        _print_source_errors(errors, args.keep_going)
        return EXIT_SOURCES
    except FeedsmithError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_SOURCES
    if progress:
        progress.finish()
    status = _report(args, report, config)
    if (args.ping or config.feeds.websub.ping) and not args.check:
        _ping(report, config)
    return status


def _ping(report: Report, config: Config) -> None:
    """Tell the WebSub hub of every feed file this build changed; a hub
    that fails is a warning, never a failed build."""
    hub = config.feeds.websub.hub
    names = {feed_format.filename for feed_format in FORMATS.values()}
    urls = [
        config.feeds.url + path.relative_to(config.output).as_posix()
        for path in report.changed
        if path.name in names
    ]
    if hub is None or not urls:
        return
    pinged = websub.ping(hub, urls)
    for warning in pinged.warnings:
        print(f"warning: websub: {warning}", file=sys.stderr)
    if pinged.notified:
        print(f"pinged {hub} for {_count(len(pinged.notified), 'feed')}")


def _report(args: argparse.Namespace, report: Report, config: Config) -> int:
    if config.profile is not None:
        print(
            f"feeds: {location(_relative(config.output))}/, which "
            f"{config.profile.generator} publishes at {config.feeds.url}"
        )
    for warning in report.warnings:
        print(_shown(warning, "warning: "), file=sys.stderr)
    for path, why in report.retired.foreign:
        print(
            f"{location(_relative(path))}: warning: left in place: feedsmith makes "
            f"no such file now and cannot tell that it wrote this one ({why}); "
            "remove it if it is an old file of this site",
            file=sys.stderr,
        )
    for error in report.skipped:
        print(_shown(error, "skipped: "), file=sys.stderr)
    total = len(report.feeds)
    changed = report.changed
    skipped = len({e.path for e in report.skipped})
    counts = _count(report.articles, "article") + (
        f", {_count(skipped, 'source')} skipped" if skipped else ""
    )
    counts += _unread(report.unread, args.verbose)
    gone = len(report.retired.removed)
    if not args.check:
        removed = f", removed {gone} retired" if gone else ""
        print(f"wrote {len(changed)} of {_count(total, 'file')}{removed}, {counts}")
        return EXIT_OK
    for path in changed:
        print(f"stale: {location(_relative(path))}", file=sys.stderr)
    for path in report.retired.removed:
        print(f"stale: {location(_relative(path))} (retired)", file=sys.stderr)
    if changed or gone:
        verb = "is" if len(changed) == 1 else "are"
        to_remove = f", {gone} retired to remove" if gone else ""
        print(
            f"{len(changed)} of {_count(total, 'file')} {verb} stale{to_remove}, "
            f"{counts}"
        )
    else:
        every = f"all {total} files are" if total > 1 else "the file is"
        print(f"{every} up to date, {counts}")
    return EXIT_SOURCES if changed or gone else EXIT_OK


def _unread(unread: tuple[Unread, ...], verbose: bool) -> str:
    """What the last line says of the files not read, each listed first
    with ``--verbose``."""
    if verbose:
        for name, why in unread:
            shown = location(_relative(Path(name)))
            print(f"{shown}{'/' if why == EXCLUDED_FOLDER else ''}: skipped: {why}")
    if not unread:
        return ""
    return "; skipped: " + ", ".join(f"{n} {why}" for n, why in tally(unread))


def _explain(config: Config) -> None:
    """Every setting, its value and where it was read; then the site
    generator's own settings that place each article (``from:``)."""
    rows = [(o.key, o.value, o.source, o.overrides) for o in config.origins]
    if config.profile is not None:
        generator = config.profile.generator
        for name, (value, source) in config.profile.rule_settings.items():
            rows.append((f"{generator}: {name}", value, source, ""))
        never = list(config.profile.exclude)
        rows.append((f"{generator}: never articles", never, "its content folder", ""))
    width = max(len(f"{key}: {_shown_value(value)}") for key, value, *_ in rows)
    for key, value, source, overrides in rows:
        shown = f"{key}: {_shown_value(value)}"
        where = _relative_source(source)
        if overrides:
            where += f" (over {_relative_source(overrides)})"
        print(f"{shown:<{min(width, 60)}}  # {where}")


def _shown_value(value: object) -> str:
    """A setting's value as ``config.yaml`` would write it."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _relative_source(source: str) -> str:
    """``/here/site/hugo.toml:3`` as ``site/hugo.toml:3`` below the
    current folder."""
    named = file_of(source)
    if named is None:
        return source
    path, line = named
    return f"{location(_relative(path))}:{line}"


def _print_source_errors(errors: SourceErrors, keep_going: bool) -> None:
    for error in errors.skipped:
        print(_shown(error, "skipped: "), file=sys.stderr)
    for error in errors.errors:
        print(_shown(error), file=sys.stderr)
    hint = "--keep-going writes the feeds without the failing sources"
    print(
        f"{_count(len(errors.errors), 'error')}; no feed was written"
        + ("" if keep_going or not errors.skippable else f" ({hint})"),
        file=sys.stderr,
    )


def _count(number: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _parser(prog: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build RSS, Atom and JSON feeds from a folder of articles.",
        epilog=commands.EPILOG,
    )
    commands.add_version(parser)
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="the site's configuration (default: ./config.yaml)",
    )
    parser.add_argument(
        "--site",
        metavar="DIR",
        help="a Jekyll, Hugo, Zola, Pelican, mkdocs or Eleventy site folder, read "
        "as its generator does; no config.yaml "
        "needed (as a config.yaml holding only 'from: DIR')",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="leave out sources with errors (listed) and write the feeds of the rest",
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="if another run is writing the feeds, wait for it instead of failing",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes that parse sources and render bodies when there are many "
        "(default: CPU count)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress line on a terminal, even for long builds",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list every file in the source folders that is not read, and why "
        "(the last line counts them)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print every setting, its value and the file and line it was read "
        "from (config.yaml, the site's own config, or the default); build nothing",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="build in memory; exit 1 listing the files if any feed on disk differs",
    )
    parser.add_argument(
        "--ping",
        action="store_true",
        help="after writing, tell the WebSub hub (feeds.websub.hub) which feeds "
        "changed, as feeds.websub.ping: true does on every build",
    )
    return parser


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number, got {text!r}"
        )
    return number


def _shown(problem: SourceError | SourceWarning, label: str = "") -> str:
    where = location(
        _relative(problem.path), problem.line, getattr(problem, "column", 0)
    )
    return f"{where}: {label}{problem.message}"


def _relative(path: Path) -> Path:
    """``path`` from the working folder, its own name kept: a link is shown
    as the link, never as where it leads (or a loop of links would fail)."""
    absolute = Path(os.path.abspath(path))
    try:
        shown = absolute.parent.resolve() / absolute.name
        return shown.relative_to(Path.cwd().resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop, to 3.12
        return path


class _ProgressLine:
    """``reading sources: 1,250 of 98,000`` on one terminal line, after a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.started >= 1:
            line = f"\rreading sources: {done:,} of {total:,}"
            print(line, end="\n" if done == total else "", file=sys.stderr, flush=True)

    def finish(self) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed >= 1:
            print(f"finished in {elapsed:.1f} s", file=sys.stderr)


class _Interrupted(BaseException):
    """SIGINT or SIGTERM: unwinds the run as KeyboardInterrupt would, so every
    ``finally`` (lock, cache, temporary files, workers) runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Signals:
    """SIGINT and SIGTERM stop the run, except while feeds are written.

    A signal that comes while the staged feeds are renamed into place and
    recorded in the cache waits for that to end, so a run never stops with
    some feeds new and others old. A second signal while the first one
    unwinds the run is ignored.
    """

    def __init__(self) -> None:
        self.written = False  # the feeds on disk are this run's
        self._holding = False
        self._pending = 0
        self._stopping = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread may handle signals
            return
        before = {
            signum: signal.signal(signum, self._handle)
            for signum in (signal.SIGINT, signal.SIGTERM)
            # A signal ignored by whoever started us (nohup, `cmd &`) stays so.
            if signal.getsignal(signum) is not signal.SIG_IGN
        }
        try:
            yield
        finally:
            for signum, handler in before.items():
                signal.signal(signum, handler)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Signals wait until the block ends."""
        self._holding = True
        try:
            yield
            self.written = True
        finally:
            self._holding = False
        if self._pending:
            self._handle(self._pending, None)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._holding:
            self._pending = signum
        elif not self._stopping:
            self._stopping = True
            raise _Interrupted(signum)
