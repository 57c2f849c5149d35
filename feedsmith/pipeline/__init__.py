"""The pipeline: what feedsmith outputs, defined once, top to bottom.

``sources → Document → Article → Feed → bytes``, with no cache, no worker
processes, no clock (``now`` is passed in) and no file written. Each stage
is a module of this package, or :mod:`feedsmith.readers` and
:mod:`feedsmith.render`:

- :mod:`.discover` lists the source files;
- :mod:`feedsmith.readers` reads each into a ``Document``;
- :mod:`.metadata` makes its ``Article`` (dates, slug, link, id), asking
  :mod:`.gitdates` for dates the file does not give;
- :mod:`.collect` keeps the publishable ones, newest first;
- :mod:`.select` chooses each feed's items (:mod:`.custom_feed` those of
  the custom feeds, :mod:`.archive` the pages of each), and
  :mod:`.episodes` warns of a podcast's items that carry no media;
- :mod:`.content` renders the bodies of those items;
- :mod:`.views` chooses the human views (index page, stylesheets, OPML,
  discovery tags);
- :mod:`feedsmith.render` writes each feed in each format, and each view;
- :mod:`.budget` renders again, with less, a feed file over its budget.

:func:`feeds` runs them all; the engine (:mod:`feedsmith.engine`) produces
the same bytes faster, and a stateful test holds it to that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from feedsmith.config import Config
from feedsmith.errors import (
    NotAPost,
    SkippedSource,
    SourceError,
    SourceErrors,
    SourceWarning,
)
from feedsmith.model import Article, Listing
from feedsmith.pipeline.budget import fit
from feedsmith.pipeline.collect import collect
from feedsmith.pipeline.content import render, reported
from feedsmith.pipeline.discover import Unread, discover, source_folder
from feedsmith.pipeline.episodes import without_media
from feedsmith.pipeline.gitdates import GitDating
from feedsmith.pipeline.links import links_of
from feedsmith.pipeline.metadata import to_article
from feedsmith.pipeline.select import select, to_feed
from feedsmith.pipeline.views import directory, views
from feedsmith.readers import READERS, read
from feedsmith.readers.document import Document
from feedsmith.render import FORMATS


@dataclass(frozen=True, slots=True)
class Output:
    files: dict[Path, bytes]  # every feed file and view, by where it belongs
    articles: int  # published articles
    warnings: tuple[SourceWarning, ...] = ()
    skipped: tuple[SourceError, ...] = ()  # with keep_going: sources left out
    # every entry of the source folders not read, and why (discover.tally)
    unread: tuple[Unread, ...] = ()


def feeds(config: Config, now: datetime, *, keep_going: bool = False) -> Output:
    """Every feed file of the site, in memory, made from scratch.

    ``now`` is the moment before which articles count as published. Raises
    ``SourceErrors`` listing every source with errors; with ``keep_going``
    those sources are left out instead (a shallow clone still fails).
    """
    discovery = discover(config.sources, READERS)
    git = GitDating(config.sources)
    articles: dict[str, tuple[Article, Document]] = {}
    errors: list[SourceError] = []
    warnings = list(discovery.skipped)
    for path in discovery.files:
        try:
            document = read(
                Path(path), config.sources.encoding, config.sources.max_bytes
            )
            folder = source_folder(path, config.sources.folders)
            article = to_article(document, config, folder, git)
        except NotAPost:
            continue
        except SkippedSource as skip:
            warnings.append(
                SourceWarning(skip.path, skip.line, f"skipped: {skip.message}")
            )
        except SourceError as error:
            errors.append(error)
        else:
            articles[path] = (article, document)
            warnings.extend(document.warnings)
    shallow, accepted = git.shallow()
    if shallow:
        raise SourceErrors([*discovery.errors, *errors, *shallow], skippable=False)
    warnings.extend(accepted)
    listings = [Listing.of(article) for article, _ in articles.values()]
    collection = collect(
        listings, [*discovery.errors, *errors], warnings, config, now, keep_going
    )
    specs = select(collection.listings, config)
    links = links_of(listings, collection.listings, config)
    rendered: dict[str, Article] = {}
    problems = []
    for listing in dict.fromkeys(item for spec in specs for item in spec.items):
        article, document = articles[listing.source]
        linked = collection.linked(article)
        done = render(linked, document.body, config.content, links, document.meta)
        rendered[listing.source] = done.article
        problems.append((article.source, done.problems))
    body_errors, body_warnings = reported(problems)
    if body_errors:
        raise SourceErrors(body_errors, skippable=False)
    files = {}
    trimmed = []
    for spec in specs:
        items = tuple(rendered[listing.source] for listing in spec.items)
        for name in spec.formats:
            fmt = FORMATS[name]
            feed = to_feed(spec, fmt.filename, items, config, now)
            target = config.output / spec.folder / fmt.filename
            fitted = fit(feed, fmt.render, config.site, config.feeds.max_bytes)
            files[target] = fitted.data
            if fitted.note:
                trimmed.append(SourceWarning(target, 0, fitted.note))
    newest = tuple(rendered[listing.source] for listing in specs[0].items)
    shown = directory(specs, newest, config)
    bare = replace(shown, newest=())
    for view in views(specs, config):
        files[config.output / view.path] = view.render(
            shown if view.shows_items else bare
        )
    trimmed.sort(key=lambda warning: warning.path)  # as the engine lists them
    warned = (*collection.warnings, *without_media(specs, config), *body_warnings)
    warned += tuple(trimmed)
    count = len(collection.listings)
    return Output(files, count, warned, collection.skipped, discovery.unread)
