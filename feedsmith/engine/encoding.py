"""The cache's values as bytes and back.

The bulk read on every build (what is known of the sources, and the list of
them) is marshalled; articles and bodies are plain tuples, pickled. Both
load several times faster than pickled dataclasses, which at 100,000
sources is most of the cost of a rebuild. Paths are kept as
:mod:`.relative` says.

Each ``decode_*`` gives None for a value that is damaged or not of today's
shape, which the cache counts as a miss. Only the errors in :data:`DAMAGED`
count as damage: any other is a bug, and shows.
"""

from __future__ import annotations

import marshal
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, TypeVar

from feedsmith.engine.known import Known
from feedsmith.engine.relative import dumps, loads, rebased
from feedsmith.model import Article, Author, Enclosure, Listing, Related
from feedsmith.pipeline.discover import Discovery
from feedsmith.pipeline.links import Query, Target
from feedsmith.pipeline.tags import Problem

# What loading a damaged value raises, here or when its parts are used.
DAMAGED = (EOFError, ValueError, TypeError, pickle.UnpicklingError)
T = TypeVar("T")


def encode_part(known: Known, shard: int, prefix: str) -> bytes:
    """One part of what the cache knows of the sources, with the root's
    ``prefix`` it was made under.

    marshal, not pickle, for the bulk: as fast to load, and a fraction of
    the memory to write.
    """
    paths = known.parts.get(shard, ())
    parts = [
        {p: table[p] for p in paths if p in table}
        for table in (known.trusted, known.unsure, known.listings)
    ]
    warnings = {p: known.warnings[p] for p in paths if p in known.warnings}
    return marshal.dumps((prefix, *parts, dumps(warnings, prefix)))


def decode_parts(parts: Iterable[tuple[int, bytes]], prefix: str) -> Known | None:
    """What the cache knows, from its stored ``parts`` (shard and value),
    its paths under the root ``prefix``; None if any part is damaged."""
    known = Known()
    moved = False
    try:
        for shard, value in parts:
            moved |= _take_part(known, shard, value, prefix)
    except DAMAGED:
        return None
    if moved:
        known.sort_parts()
    return known


def _take_part(known: Known, shard: int, value: bytes, prefix: str) -> bool:
    """Add one stored part to ``known``, its paths rebased when it was made
    under another root (then say so); raises one of DAMAGED if it does not fit."""
    made_under, trusted, unsure, listings, warnings = marshal.loads(value)
    if not all(isinstance(table, dict) for table in (trusted, unsure, listings)):
        raise TypeError("a part of the cache is not of today's shape")
    fields = len(Listing._fields)
    if trusted.keys() | unsure.keys() != listings.keys() or any(
        len(listing) not in (0, fields) for listing in listings.values()
    ):  # an empty listing: a source skipped, with its warning
        raise ValueError("a part of the cache does not fit")
    warned = loads(warnings, prefix)
    moved = made_under != prefix
    if moved:
        trusted, unsure, warned = (
            {rebased(path, made_under, prefix): entry for path, entry in t.items()}
            for t in (trusted, unsure, warned)
        )
        listings = {
            path: _rebased_listing(path, listing, made_under, prefix)
            for path, listing in (
                (rebased(path, made_under, prefix), listing)
                for path, listing in listings.items()
            )
        }
    known.trusted.update(trusted)
    known.unsure.update(unsure)
    known.listings.update(listings)
    known.warnings.update(warned)
    known.parts[shard] = set(listings)
    return moved


_MEDIA = Listing._fields.index("media")


def _rebased_listing(path: str, listing: tuple, old: str, new: str) -> tuple:
    """A listing made under the root ``old``, its paths (the source's and
    its media file's) as under ``new``; an empty one (a skipped source)
    as it is."""
    if not listing:
        return ()
    media = listing[_MEDIA]
    if media:
        media = rebased(media, old, new)
    return (path, *listing[1:_MEDIA], media, *listing[_MEDIA + 1 :])


def encode_discovery(
    discovery: Discovery, folders: tuple[Path, ...], prefix: str
) -> bytes:
    """The list of sources found in ``folders``, with the root's ``prefix``."""
    d = discovery
    problems = dumps((d.skipped, d.errors), prefix)
    roots = [str(folder) for folder in folders]
    found = (d.files, d.folders, d.seen, problems, d.unread)
    return marshal.dumps((prefix, roots, *found))


def decode_discovery(
    value: bytes, folders: tuple[Path, ...], prefix: str
) -> Discovery | None:
    """A stored list of sources, if it was made for exactly these source
    ``folders`` (once its paths are under the root ``prefix``)."""
    try:
        made_under, roots, files, walked, seen, problems, unread = marshal.loads(value)
        if made_under != prefix:
            roots = [rebased(root, made_under, prefix) for root in roots]
            files = [rebased(file, made_under, prefix) for file in files]
            walked = tuple(
                (rebased(folder, made_under, prefix), *times)
                for folder, *times in walked
            )
            unread = tuple(
                (rebased(path, made_under, prefix), why) for path, why in unread
            )
        skipped, errors = loads(problems, prefix)
        found = Discovery(files, skipped, walked, seen, errors, unread)
    except DAMAGED:
        return None
    if roots != [str(folder) for folder in folders]:
        return None
    return found if isinstance(files, list) and isinstance(walked, tuple) else None


def encode_article(article: Article) -> bytes:
    """An article as plain values: far faster to load than a pickled dataclass."""
    a = article
    fields = (
        a.id, a.title, a.link, a.published, a.updated,
        tuple((p.name, p.email) for p in a.authors), a.tags, a.summary,
        tuple((r.title, r.link) for r in a.related), a.draft, a.embargo, a.expires,
        a.listed_early, a.digest, a.image, a.categories, a.section,
        _plain_enclosure(a.enclosure, a.source), a.episode, a.season,
    )  # fmt: skip
    return pickle.dumps(fields, protocol=5)


def decode_article(
    value: bytes, source: Path, authors: dict[tuple, Author]
) -> Article | None:
    """An article of ``source`` from :func:`encode_article`; ``authors``
    collects one Author object per distinct author, not one per article."""
    try:
        (id_, title, link, published, updated, people, tags, summary, related,
         draft, embargo, expires, listed_early, article_digest, image,
         categories, section, enclosure, episode,
         season) = pickle.loads(value)  # fmt: skip
        return Article(
            id=id_, title=title, link=link, published=published, updated=updated,
            authors=tuple(_shared(authors, p) for p in people),
            tags=tags, summary=summary, source=source,
            related=tuple(Related(*r) for r in related), draft=draft,
            embargo=embargo, expires=expires, listed_early=listed_early,
            digest=article_digest, image=image, categories=categories,
            section=section, enclosure=_enclosure(enclosure, source),
            episode=episode, season=season,
        )  # fmt: skip
    except DAMAGED:
        return None


def _plain_enclosure(enclosure: Enclosure | None, source: Path) -> tuple | None:
    """Its fields, the local file's path relative to the article's folder:
    a copied or moved site finds its own file, not the original's."""
    if enclosure is None:
        return None
    e = enclosure
    file = os.path.relpath(e.file, source.parent) if e.file else ""
    return (e.url, e.length, e.media_type, e.duration, file)


def _enclosure(plain: tuple | None, source: Path) -> Enclosure | None:
    if plain is None:
        return None
    url, length, media_type, duration, file = plain
    if file:
        file = os.path.normpath(source.parent / file)
    return Enclosure(url, length, media_type, duration, file)


def _shared(authors: dict[tuple, Author], person: tuple) -> Author:
    if person not in authors:
        authors[person] = Author(*person)
    return authors[person]


class StoredBody(NamedTuple):
    """A rendered body as the cache keeps it."""

    html: str
    summary: str | None
    problems: tuple[Problem, ...]
    asked: tuple[tuple[Query, Target], ...]  # what it asked of the site's links


def encode_body(body: StoredBody) -> bytes:
    return pickle.dumps(
        (
            body.html,
            body.summary,
            _plain_problems(body.problems),
            _plain_asked(body.asked),
        ),
        protocol=5,
    )


def decode_body(value: bytes) -> StoredBody | None:
    try:
        html, summary, problems, asked = pickle.loads(value)
        return StoredBody(html, summary, _problems(problems), _asked(asked))
    except DAMAGED:
        return None


def encode_problems(problems: tuple[Problem, ...]) -> bytes:
    return pickle.dumps(_plain_problems(problems), protocol=5)


def decode_problems(value: bytes) -> tuple[Problem, ...] | None:
    try:
        return _problems(pickle.loads(value))
    except DAMAGED:
        return None


def encode_asked(asked: tuple[tuple[Query, Target], ...]) -> bytes:
    return pickle.dumps(_plain_asked(asked), protocol=5)


def decode_asked(value: bytes) -> tuple[tuple[Query, Target], ...] | None:
    try:
        return _asked(pickle.loads(value))
    except DAMAGED:
        return None


def _plain_problems(problems: tuple[Problem, ...]) -> tuple:
    return tuple((p.line, p.message, p.error) for p in problems)


def _problems(plain: tuple) -> tuple[Problem, ...]:
    return tuple(
        Problem(int(line), str(message), bool(error)) for line, message, error in plain
    )


def _plain_asked(asked: tuple[tuple[Query, Target], ...]) -> tuple:
    return tuple((query, (t.url, t.problem, t.on_disk)) for query, t in asked)


def _asked(plain: tuple) -> tuple[tuple[Query, Target], ...]:
    return tuple(
        (tuple(map(str, query)), Target(str(url), problem, tuple(on_disk)))
        for query, (url, problem, on_disk) in plain
    )


def decode_value(value: bytes, prefix: str, kind: type[T]) -> T | None:
    """A value of ``kind`` pickled by :func:`.relative.dumps`, its paths under
    the root ``prefix``."""
    try:
        found = loads(value, prefix)
    except DAMAGED:
        return None
    return found if isinstance(found, kind) else None
