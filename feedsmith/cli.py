"""The command line: the only place that reads argv and the clock and prints.

Exit status: 0 done, 1 the sources have errors (or ``--check`` found stale
feeds), 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from feedsmith.build import build
from feedsmith.config import load_config
from feedsmith.errors import ConfigError, FeedsmithError, SourceErrors
from feedsmith.output import sync

EXIT_OK, EXIT_SOURCES, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run feedsmith with ``argv`` (default: the process arguments)."""
    args = _parser().parse_args(argv)
    try:
        config = load_config(Path(args.config))
        result = build(config, now=datetime.now(UTC))
        changed = sync(result.files, check_only=args.check)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SourceErrors as errors:
        for error in errors.errors:
            print(_shown(error), file=sys.stderr)
        print(f"{len(errors.errors)} error(s); no feed was written", file=sys.stderr)
        return EXIT_SOURCES
    except FeedsmithError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_SOURCES
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    total, articles = len(result.files), result.articles
    if args.check:
        for path in changed:
            print(f"stale: {_relative(path)}", file=sys.stderr)
        if changed:
            print(f"{len(changed)} of {total} feeds are stale, {articles} articles")
        else:
            print(f"all {total} feeds are up to date, {articles} articles")
        return EXIT_SOURCES if changed else EXIT_OK
    print(f"wrote {len(changed)} of {total} feeds, {articles} articles")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Build RSS, Atom and JSON feeds from a folder of articles.",
    )
    parser.add_argument(
        "--config",
        default="config.yaml",
        metavar="FILE",
        help="the site's configuration (default: ./config.yaml)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="build in memory; exit 1 listing the files if any feed on disk differs",
    )
    return parser


def _shown(error) -> str:
    where = _relative(error.path) + (f":{error.line}" if error.line else "")
    return f"{where}: {error.message}"


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
