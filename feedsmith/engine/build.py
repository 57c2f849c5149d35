"""The incremental build: the pipeline's feeds from as little work as the
cache allows."""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from feedsmith.config import Config, ContentSettings
from feedsmith.engine.cache import BuildRecord, Cache
from feedsmith.engine.encoding import StoredBody
from feedsmith.engine.load import Progress, articles, load
from feedsmith.engine.stamps import rediscover, stamps
from feedsmith.engine.workers import Workers
from feedsmith.errors import SourceError, SourceErrors, SourceWarning
from feedsmith.files import FileStat, digest, racy, stamp_of
from feedsmith.model import Article, Listing
from feedsmith.pipeline.archive import Page
from feedsmith.pipeline.budget import Fitted, fit
from feedsmith.pipeline.collect import Collection, collect
from feedsmith.pipeline.content import render, reported
from feedsmith.pipeline.discover import Unread, source_folder
from feedsmith.pipeline.episodes import without_media
from feedsmith.pipeline.gitdates import GitDating
from feedsmith.pipeline.links import Links, Query, Target, links_of
from feedsmith.pipeline.media import current as remeasured
from feedsmith.pipeline.metadata import to_article
from feedsmith.pipeline.select import FeedSpec, feed_date, select, to_feed
from feedsmith.pipeline.tags import Problem
from feedsmith.pipeline.views import View, directory, views
from feedsmith.readers import READERS, read
from feedsmith.render import FORMATS, Format
from feedsmith.version import __version__

Maker = Callable[[], bytes | Fitted]  # a view's bytes, or a feed file's fitted
RENDER_PARALLEL_FROM = 200  # fewer bodies than this render faster in one process
_RENDER_CHUNK = 32


@dataclass(frozen=True, slots=True)
class Build:
    files: RenderedFiles  # rendered on access
    articles: int
    warnings: tuple[SourceWarning, ...] = ()
    skipped: tuple[SourceError, ...] = ()  # with keep_going: sources left out
    parsed: int = 0  # sources read and parsed by this build
    rendered: int = 0  # bodies rendered by this build
    walked: int = 0  # folders walked to find the sources; 0: the list was kept
    unread: tuple[Unread, ...] = ()  # entries of the source folders not read


def build(
    config: Config,
    now: datetime,
    cache: Cache,
    workers: Workers,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> Build:
    """What :func:`feedsmith.pipeline.feeds` makes, from as little work as
    ``cache`` allows; nothing is written here.

    Unchanged sources are not read again, unchanged bodies not rendered
    again, and feeds whose inputs are unchanged since they were written are
    not rendered at all. ``workers`` read sources and render bodies when
    there are many; ``progress(done, total)`` hears how reading goes.
    """
    folders = config.sources.folders
    remembered = cache.discovery(folders)
    discovery = rediscover(config.sources, READERS, remembered)
    walked = 0 if discovery is remembered else len(discovery.folders)
    if walked:
        cache.remember_discovery(discovery, folders)
    seen = time.time_ns()  # before the stat pass: the racy rule's safe side
    stats = stamps(discovery.files)
    snapshot = _snapshot(cache.relative_text(discovery.files), stats, keep_going, seen)
    previous = cache.previous_build(snapshot)
    if previous and _still_valid(previous, now, cache):
        kept = cache.output_notes(previous.keys)
        on_disk = RenderedFiles(dict.fromkeys(previous.keys), previous.keys, kept)
        warned, skipped = previous.notes
        return Build(
            on_disk,
            previous.articles,
            warned,
            skipped,
            walked=walked,
            unread=discovery.unread,
        )
    git = GitDating(config.sources)  # one per build: history is read once
    loaded = load(discovery.files, stats, config, cache, workers, git, progress)
    errors = [*discovery.errors, *loaded.errors]  # unreadable folders first
    shallow, accepted = git.shallow()
    if shallow:  # even --keep-going: leaving out every such article is no fix
        raise SourceErrors([*errors, *shallow], skippable=False)
    warnings = (*discovery.skipped, *loaded.warnings, *accepted)
    collection = collect(loaded.listings, errors, warnings, config, now, keep_going)
    specs = select(collection.listings, config)
    links = links_of(loaded.listings, collection.listings, config)
    answer = functools.cache(links.answer)  # each question once per build
    items = dict.fromkeys(item for spec in specs for item in spec.items)
    # Made only where needed: at 10,000 items, making all cost 0.2 s a build.
    body_key = functools.cache(partial(_body_key, settings=config.content, cache=cache))
    asked = cache.bodies_asked()
    answers = _Answers(body_key, asked, answer)
    planned = _plan(specs, config, now, collection, cache, answers)
    # Only the items of feeds to write again are read whole and rendered.
    stale = [
        path
        for path, plan in planned.items()
        if not cache.output_unchanged(path, plan.key)
    ]
    needed = list(dict.fromkeys(item for path in stale for item in planned[path].items))
    whole = articles(needed, config, cache, git)
    whole = {source: _measured(a, config, git) for source, a in whole.items()}
    # A source edited since it was listed: its feeds show the new bytes, so
    # they must not be recorded under keys made from the old listing.
    moved = {item.source for item in needed if whole[item.source].digest != item.digest}
    linked = {source: collection.linked(a) for source, a in whole.items()}
    rendered, problems, fresh = _render_bodies(
        linked, asked, config, cache, workers, links, answer
    )
    makers: dict[Path, Maker | None] = dict.fromkeys(planned)
    shown = None
    for path in stale:
        plan = planned[path]
        items_ = tuple(rendered[listing.source] for listing in plan.items)
        if isinstance(plan.make, View):
            shown = shown or directory(specs, (), config)
            makers[path] = partial(plan.make.render, replace(shown, newest=items_))
        else:
            feed = to_feed(plan.spec, plan.make.filename, items_, config, now)
            budget = config.feeds.max_bytes
            makers[path] = partial(fit, feed, plan.make.render, config.site, budget)
    keys = {path: plan.key for path, plan in planned.items()}
    if fresh:  # what they asked is known now: the keys stale files are kept under
        answers = _Answers(body_key, asked, answer)
        keys.update((path, planned[path].keyed(answers)) for path in stale)
    for path, plan in planned.items():
        if moved & {item.source for item in plan.items}:
            keys[path] = ""  # not to be recorded
    files = RenderedFiles(makers, keys, cache.output_notes(planned))
    problems = {**cache.body_problems(), **problems}
    body_errors, body_warnings = reported(
        (Path(item.source), problems.get(body_key(item), ()))
        for item in (items if problems else ())
    )
    if body_errors:
        raise SourceErrors(body_errors, skippable=False)
    warned = (*collection.warnings, *without_media(specs, config), *body_warnings)
    notes = (warned, collection.skipped)
    count = len(collection.listings)
    changes = (collection.last_change, collection.next_change)
    linked_to = {
        path
        for item in (items if asked else ())
        for _, target in asked.get(body_key(item), ())
        for path in target.on_disk
    }
    present: tuple[tuple[str, bool | FileStat], ...]
    present = tuple((path, os.path.exists(path)) for path in sorted(linked_to))
    media = sorted({item.media for item in items if item.media})
    present += tuple((path, stamp_of(path)) for path in media)
    record = BuildRecord(keys, count, notes, *changes, present)
    if not git.used and not moved:  # git history can change under unchanged files
        cache.remember_build(snapshot, record)
    return Build(
        files,
        count,
        warned,
        collection.skipped,
        loaded.parsed,
        fresh,
        walked,
        discovery.unread,
    )


def _snapshot(files: str, stats: list[FileStat], keep_going: bool, seen: int) -> str:
    """A hash of every source's name (``files``, each after a NUL, relative
    to the site's folder) and stamp: equal means untouched.

    Empty (no build is recorded or reused) when a stat failed or a source
    changed within ``RACY`` of ``seen``: it may change again, before this
    build reads it or after, without its stamp moving.
    """
    if any(stamp is None or racy(stamp, seen) for stamp in stats):
        return ""
    hashed = hashlib.blake2b(f"{__version__}\0{keep_going}".encode(), digest_size=20)
    hashed.update(files.encode("utf-8", "surrogateescape"))
    hashed.update(repr(stats).encode())
    return hashed.hexdigest()


def _still_valid(record: BuildRecord, now: datetime, cache: Cache) -> bool:
    """The last build holds: no article's time came, and its files are intact."""
    if record.next_change is not None and now >= record.next_change:
        return False
    if record.last_change is not None and now < record.last_change:
        return False  # the clock went back past an article's time
    if any(_on_disk(path, was) != was for path, was in record.on_disk):
        return False  # a file a body linked to came or went, or media changed
    return all(cache.output_unchanged(path, key) for path, key in record.keys.items())


class RenderedFiles(Mapping[Path, bytes]):
    """Each output file's bytes, rendered when asked for.

    Writing renders, compares and stages one file at a time, so a site with
    hundreds of large feeds never holds all of them in memory. A file whose
    inputs are unchanged since it was written (no maker given) is read back.

    A feed file cut to its budget has a note, to warn on every build that
    writes or keeps it: known once it is rendered, else ``kept`` in the
    cache with its key (files not rendered are as when written).
    """

    def __init__(
        self,
        makers: dict[Path, Maker | None],
        keys: dict[Path, str],
        kept: dict[Path, str],
    ) -> None:
        self._makers = makers
        self._keys = keys
        self._notes = dict(kept)  # each file's as it is rendered

    def __getitem__(self, path: Path) -> bytes:
        make = self._makers[path]
        if make is None:
            return path.read_bytes()
        made = make()
        if isinstance(made, bytes):  # a view
            return made
        self._notes[path] = made.note
        return made.data

    def __iter__(self) -> Iterator[Path]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def key(self, path: Path) -> str:
        """The key of the inputs of ``path``'s bytes; empty when they are
        unsure (a source changed during the build) and must not be kept."""
        return self._keys[path]

    @property
    def reused(self) -> int:
        """Files not rendered at all: their inputs are as when written."""
        return sum(planned is None for planned in self._makers.values())

    def note(self, path: Path) -> str:
        """What was left out of ``path`` to fit its budget; "" for nothing."""
        return self._notes.get(path, "")

    @property
    def notes(self) -> tuple[SourceWarning, ...]:
        """A warning for each file cut to its budget; after writing, when
        every file rendered has been."""
        noted = sorted(path for path, note in self._notes.items() if note)
        return tuple(SourceWarning(path, 0, self._notes[path]) for path in noted)


@dataclass(frozen=True, slots=True)
class _Planned:
    """One output file: what makes it, the items it needs rendered, and
    the key of its inputs."""

    make: Format | View
    spec: FeedSpec  # the feed it renders; for a view, the one it lists items of
    key: str
    keyed: Callable[[_Answers], str]  # the key had bodies answered so

    @property
    def items(self) -> tuple[Listing, ...]:
        if isinstance(self.make, View) and not self.make.shows_items:
            return ()
        return self.spec.items


def _plan(
    specs: list[FeedSpec],
    config: Config,
    now: datetime,
    collection: Collection,
    cache: Cache,
    answers: _Answers,
) -> dict[Path, _Planned]:
    """Each feed file and view, what makes it and the key of its inputs."""
    keyed = partial(_key, config=config, now=now, collection=collection, cache=cache)
    planned = {}
    for spec in specs:
        for name in spec.formats:
            fmt = FORMATS[name]
            path = config.output / spec.folder / fmt.filename
            key_of = partial(keyed, fmt, spec)
            planned[path] = _Planned(fmt, spec, key_of(answers), key_of)
    chosen = views(specs, config)
    if chosen:  # what every view shows of every feed
        listed = [
            (s.folder, s.title, s.description, s.formats, s.kind, s.name)
            for s in specs
            if not s.archived
        ]
        catalog = repr((__version__, config.site, config.feeds, listed)).encode()
        keyed = partial(keyed, catalog=digest(catalog))
    for view in chosen:
        key_of = partial(keyed, view, specs[0])
        planned[config.output / view.path] = _Planned(
            view, specs[0], key_of(answers), key_of
        )
    return planned


def _key(
    make: Format | View,
    spec: FeedSpec,
    answers: _Answers,
    config: Config,
    now: datetime,
    collection: Collection,
    cache: Cache,
    catalog: str = "",
) -> str:
    """The key of a feed file's inputs, or a view's: the ``catalog`` of
    every feed, and for a view that shows items, ``spec``'s feed's key."""
    if isinstance(make, Format):
        return _feed_key(make.filename, spec, config, now, collection, cache, answers)
    shown = ""
    if make.shows_items:
        shown = _feed_key(make.path, spec, config, now, collection, cache, answers)
    return digest(f"{make.path}\0{catalog}\0{shown}".encode())


def _feed_key(
    name: str,
    spec: FeedSpec,
    config: Config,
    now: datetime,
    collection: Collection,
    cache: Cache,
    answers: _Answers,
) -> str:
    """A hash of everything the bytes of a feed file (or of a view that
    shows ``spec``'s items) named ``name`` depend on, from listings alone.

    An item's whole article and body follow from its source's bytes (the
    listing's digest), its path (relative to the site's folder, as in every
    key the cache keeps) and the configuration; dates from git are in
    the listing, and navigation links depend on every title, hence the
    collection's links digest when an item has them; and where each
    file its body linked to (when last rendered) is published today.
    """
    updated = feed_date([item.modified for item in spec.items], now.timestamp())
    related = any(item.related for item in spec.items)
    parts = (
        __version__, name, spec.folder, spec.title, spec.description,
        spec.kind, spec.name, _place(spec.page),
        config.feeds, config.site, config.content, config.podcast, updated,
        [(cache.relative(item.source), *item[1:]) for item in spec.items],
        _links_digest(collection) if related else "",
        [answers(item) for item in spec.items],
        [stamp_of(item.media) for item in spec.items if item.media],
    )  # fmt: skip
    return digest(repr(parts).encode("utf-8"))


def _place(page: Page | None) -> tuple:
    """What a feed file shows of its place among its archive pages: a page
    links the current feed and its neighbours, so a new page changes the
    newest page before it, and no other."""
    if page is None:
        return ()
    if page.number == 0:
        return (page.current, page.pages)
    return (page.current, page.number, page.number < page.pages)


def _on_disk(path: str, was: bool | FileStat) -> bool | FileStat:
    """What the build record kept of ``path`` (see ``present``), as it is
    now: whether a file a body linked to is there, a media file's stamp."""
    return os.path.exists(path) if isinstance(was, bool) else stamp_of(path)


def _measured(article: Article, config: Config, git: GitDating) -> Article:
    """``article`` with its local media file measured as it is now: the
    cache keeps an article while its source is unchanged, not its media.
    A file that can no longer be read fails as reading the source does."""
    media = article.enclosure
    if media is None or not media.file:
        return article
    try:
        return replace(article, enclosure=remeasured(media))
    except (OSError, ValueError):
        source = config.sources
        document = read(article.source, source.encoding, source.max_bytes)
        folder = source_folder(str(article.source), source.folders)
        try:
            return to_article(document, config, folder, git)
        except SourceError as error:
            raise SourceErrors([error]) from None


def _links_digest(collection: Collection) -> str:
    """Changes whenever the link of any article that navigation may name does."""
    return digest(repr(sorted(collection.links_by_title.items())).encode())


class _Answers:
    """The answers, today, to what each feed item's body asked of the
    site's links when it was rendered: a feed whose items would now be
    answered otherwise is stale."""

    def __init__(
        self,
        body_key: Callable[[Listing], str],
        asked: dict[str, tuple[tuple[Query, Target], ...]],
        answer: Callable[[Query], Target],
    ) -> None:
        self._body_key = body_key
        self._asked = asked
        self._answer = answer
        self._by_item: dict[Listing, tuple] = {}  # an item is in many feeds

    def __call__(self, item: Listing) -> tuple:
        """What decides the item's HTML and warnings: each URL and problem."""
        if not self._asked:  # no body ever linked to a file of the site
            return ()
        if item not in self._by_item:
            recorded = self._asked.get(self._body_key(item), ())
            self._by_item[item] = tuple(
                (target.url, target.problem)
                for target in map(self._answer, (query for query, _ in recorded))
            )
        return self._by_item[item]


def _render_bodies(
    articles: dict[str, Article],
    asked: dict[str, tuple[tuple[Query, Target], ...]],
    config: Config,
    cache: Cache,
    workers: Workers,
    links: Links,
    answer: Callable[[Query], Target],
) -> tuple[dict[str, Article], dict[str, tuple[Problem, ...]], int]:
    """Each article with its body rendered, by source: from the cache, or by
    reading the source again (in worker processes when there are many); the
    problems of those rendered now, by body key; and how many were.
    ``asked`` learns what the bodies rendered now asked of ``links``."""
    rendered: dict[str, Article] = {}
    problems: dict[str, tuple[Problem, ...]] = {}
    misses: dict[str, str] = {}  # body key by source, for those not cached
    for source, article in articles.items():
        # from the article as read now: a source edited since it was listed
        # must not leave its new body under the old bytes' key
        key = _body_key(article, config.content, cache)
        hit = cache.body(key)
        if hit is None or any(answer(query) != was for query, was in hit.asked):
            misses[source] = key
        else:
            rendered[source] = replace(
                article, content_html=hit.html, summary=hit.summary
            )
    todo = [articles[source] for source in misses]
    if workers.worth_it(len(todo), RENDER_PARALLEL_FROM):
        # Few large parts: each carries every article's link.
        chunk = max(_RENDER_CHUNK, -(-len(todo) // (2 * workers.jobs)))
        results = workers.map(_render_chunk, todo, (config, links), chunk)
    else:
        results = iter(_render_chunk(todo, (config, links)))
    for (source, key), (stored, current) in zip(misses.items(), results, strict=True):
        if current:  # else the source changed since it was listed: keep nothing
            cache.put_body(key, stored)
        if stored.problems:
            problems[key] = stored.problems
        if stored.asked:
            asked[key] = stored.asked
        else:
            asked.pop(key, None)
        rendered[source] = replace(
            articles[source], content_html=stored.html, summary=stored.summary
        )
    return rendered, problems, len(todo)


def _render_chunk(
    articles: list[Article], shared: tuple[Config, Links]
) -> list[tuple[StoredBody, bool]]:
    """Rendered bodies, and whether the source still held the article's
    bytes."""
    config, links = shared
    results = []
    for article in articles:
        source = config.sources
        document = read(article.source, source.encoding, source.max_bytes)
        done = render(article, document.body, config.content, links, document.meta)
        stored = StoredBody(
            done.article.content_html, done.article.summary, done.problems, done.asked
        )
        results.append((stored, document.digest == article.digest))
    return results


def _body_key(item: Article | Listing, settings: ContentSettings, cache: Cache) -> str:
    """Everything a rendered body depends on but the site's links: its
    source's bytes (which also decide any summary the source gives), its
    path relative to the site's folder (whose extension names the markup)
    and its link, for absolute URLs. What it asked of the links is kept
    with it, and asked again before it is reused."""
    source = cache.relative(str(item.source))
    parts = (__version__, item.digest, source, item.link, settings)
    return digest(repr(parts).encode("utf-8"))
