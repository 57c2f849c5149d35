"""``feedsmith snippet``: the discovery tags a build writes, printed
without building.

The tags name every feed of the site, which depends on every article's
tags, but on no article's body. So the feeds are chosen from the listings
alone, as a build chooses them (read, collect, select), with the engine's
cache opened read-only: on a site built before, that costs a stat per
source and parses only the changed ones. No body is rendered and nothing is
written, not even the cache.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from feedsmith.commands import add_site_options, site_config
from feedsmith.config import Config
from feedsmith.engine.cache import Cache
from feedsmith.engine.load import load
from feedsmith.engine.stamps import rediscover, stamps
from feedsmith.engine.workers import Workers
from feedsmith.errors import ConfigError, SourceErrors
from feedsmith.pipeline.collect import collect
from feedsmith.pipeline.gitdates import GitDating
from feedsmith.pipeline.metadata import tag_slug
from feedsmith.pipeline.select import FeedSpec, select
from feedsmith.pipeline.views import DISCOVERY, directory
from feedsmith.readers import READERS
from feedsmith.render import discovery

# How each generator's pages take the tags in: {tags} is the file to include.
_HOW_TO_INCLUDE = {
    "jekyll": "feedsmith snippet > _includes/feeds.html before jekyll build, "
    "and {{% include feeds.html %}} in your layout's <head>",
    "hugo": 'a partial layouts/partials/feeds.html with {{{{ readFile "{tags}" '
    '| safeHTML }}}}, and {{{{ partial "feeds.html" . }}}} in your <head>',
    "pelican": "feedsmith snippet > THEME/templates/feeds.html, and "
    "{{% include 'feeds.html' %}} in base.html's {{% block head %}}",
    "mkdocs": "feedsmith snippet > overrides/feeds.html, and overrides/main.html "
    'with {{% extends "base.html" %}}{{% block extrahead %}}{{{{ super() }}}}'
    "{{% include 'feeds.html' %}}{{% endblock %}} (theme.custom_dir: overrides)",
    "zola": "feedsmith snippet > templates/feeds.html, and "
    '{{% include "feeds.html" %}} in your base template\'s <head>',
    "eleventy": "feedsmith snippet > _includes/feeds.html, and "
    '{{% include "feeds.html" %}} in your layout\'s <head>',
}


def parser(prog: str) -> argparse.ArgumentParser:
    """The command line of ``snippet``."""
    parser = argparse.ArgumentParser(
        prog=f"{prog} snippet",
        description='Print the <link rel="alternate"> tags of the site\'s feeds '
        "(or of one tag's), for a page's <head>: what the build writes to "
        "discovery.html. Writes nothing.",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--tag", metavar="TAG", help="the tags of TAG's page (its name or slug)"
    )
    which.add_argument(
        "--feed",
        metavar="FOLDER",
        help="the tags of the page of the feed in FOLDER under the output "
        "(authors/ada-miner/, a custom feed's folder)",
    )
    add_site_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the tags, and a ``from:`` site's include hint on stderr; the
    exit status (1 for source errors, 2 for an unusable config or tag)."""
    try:
        config = site_config(args)
        wanted = Wanted(args.tag, args.feed)
        tags = snippet(config, datetime.now(UTC), wanted, os.cpu_count() or 1)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SourceErrors as errors:
        for problem in errors.errors:
            print(problem, file=sys.stderr)
        print(f"{len(errors.errors)} source error(s); nothing printed", file=sys.stderr)
        return 1
    sys.stdout.flush()
    sys.stdout.buffer.write(tags)
    how = hint(config)
    if how:
        print(f"to include it: {how}", file=sys.stderr)
    return 0


class Wanted(NamedTuple):
    """Whose discovery tags: the main feed's when neither is given."""

    tag: str | None = None  # a tag's feed, its name as written or its slug
    folder: str | None = None  # the feed in this folder under the output


def snippet(config: Config, now: datetime, wanted: Wanted, jobs: int) -> bytes:
    """The bytes the build writes to the discovery file of the main feed,
    or of the feed ``wanted`` names.

    Raises ``SourceErrors`` as a build would, and ``ConfigError`` for a tag
    or folder the site has no feed of, naming the closest it has.
    """
    specs = _specs(config, now, jobs)
    position = 0
    if wanted.tag is not None:
        position = _position_of(wanted.tag, specs, config)
    elif wanted.folder is not None:
        position = _position_in(wanted.folder, specs)
    return discovery.render(directory(specs, (), config), feed=position)


def hint(config: Config) -> str | None:
    """How a ``from:`` site's generator includes the tags in its pages."""
    if config.profile is None:
        return None
    generator = config.profile.generator
    tags = Path(os.path.relpath(config.output / DISCOVERY, config.profile.root))
    how = _HOW_TO_INCLUDE.get(generator)
    return None if how is None else f"{generator}: {how.format(tags=tags.as_posix())}"


def _specs(config: Config, now: datetime, jobs: int) -> list[FeedSpec]:
    """Every feed of the site, as the build defines them, from listings."""
    with contextlib.ExitStack() as stack:
        cache = stack.enter_context(contextlib.closing(Cache(config, read_only=True)))
        workers = stack.enter_context(Workers(jobs))
        found = rediscover(
            config.sources, READERS, cache.discovery(config.sources.folders)
        )
        git = GitDating(config.sources)
        loaded = load(found.files, stamps(found.files), config, cache, workers, git)
        shallow, _ = git.shallow()
        errors = [*found.errors, *loaded.errors]
        if shallow:
            raise SourceErrors([*errors, *shallow], skippable=False)
        collection = collect(loaded.listings, errors, (), config, now)
        return select(collection.listings, config)


def _position_of(tag: str, specs: list[FeedSpec], config: Config) -> int:
    """The position of the feed of ``tag`` among ``specs``: by its name as
    written, or by its slug (the name of its folder)."""
    positions = {spec.tag: at for at, spec in enumerate(specs) if spec.tag is not None}
    positions.update(
        {specs[at].folder.split("/")[1]: at for at in list(positions.values())}
    )
    if tag in positions:
        return positions[tag]
    if tag_slug(tag) in positions:
        return positions[tag_slug(tag)]
    if not positions:
        why = "no article has a tag" if config.feeds.tags else "feeds.tags is off"
        raise ConfigError(f"no feed for tag {tag!r}: {why}")
    names = [spec.tag for spec in specs if spec.tag is not None]
    close = difflib.get_close_matches(tag, names, n=3, cutoff=0.5) or names[:3]
    raise ConfigError(
        f"no feed for tag {tag!r}; closest known tags: {', '.join(close)}"
    )


def _position_in(folder: str, specs: list[FeedSpec]) -> int:
    """The position of the feed in ``folder`` among ``specs``."""
    wanted = folder.strip("/") + "/" if folder.strip("/") else ""
    folders = [spec.folder for spec in specs if not spec.archived]
    if wanted in folders:
        return folders.index(wanted)
    close = difflib.get_close_matches(wanted, folders, n=3, cutoff=0.5)
    raise ConfigError(
        f"no feed in {folder!r}; closest: {', '.join(close or folders[1:4]) or 'none'}"
    )
