"""Podcasts in feeds: each item's enclosure in RSS and Atom, and, in the
RSS feed that is the show, the tags Apple Podcasts and Podcasting 2.0 apps
read (``itunes:``, ``podcast:``).

feedgen's podcast extension writes most ``itunes:`` tags; ``itunes:explicit``
is ours, as Apple now asks for ``true``/``false`` where feedgen writes
``yes``/``no``, and so is the ``podcast:`` namespace.
"""

from __future__ import annotations

import uuid

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feedsmith.model import Article, Enclosure, Feed, Podcast

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
# Podcasting 2.0's namespace for podcast:guid, a UUIDv5 of the feed's URL.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Apple Podcasts' categories and their subcategories: the only values
# itunes:category may take.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": (
        "Books", "Design", "Fashion & Beauty", "Food", "Performing Arts",
        "Visual Arts",
    ),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": (
        "Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids",
    ),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games",
        "Hobbies", "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary",
        "Politics", "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf",
        "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball",
        "Wilderness", "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": (
        "After Shows", "Film History", "Film Interviews", "Film Reviews",
        "TV Reviews",
    ),
}  # fmt: skip


def feed_guid(url: str) -> str:
    """Podcasting 2.0's podcast:guid for the feed at ``url``: a UUIDv5 of
    the URL without its scheme and trailing slashes."""
    bare = url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, bare))


def add_enclosure(entry: FeedEntry, article: Article) -> None:
    """RSS ``<enclosure url length type>``."""
    media = article.enclosure
    if media is not None:
        entry.enclosure(media.url, str(media.length), media.media_type)


def add_enclosure_link(entry: FeedEntry, article: Article) -> None:
    """Atom ``<link rel="enclosure" href length type>`` (RFC 4287 4.2.7):
    an extension, as feedgen writes only the href of an entry's links."""
    if article.enclosure is not None:
        entry.register_extension("enclosure_link", _EnclosureLink, atom=True, rss=False)
        entry.enclosure_link.media = article.enclosure


def add_show(generator: FeedGenerator, feed: Feed) -> None:
    """The show's channel tags and each episode's, when ``feed`` is the
    podcast; call it after the items are added."""
    show = feed.podcast
    if show is None:
        return
    generator.load_extension("podcast", atom=False, rss=True)
    generator.podcast.itunes_image(show.image)
    generator.podcast.itunes_category(
        [dict(zip(("cat", "sub"), names, strict=False)) for names in show.categories]
    )
    generator.podcast.itunes_author(show.author)
    generator.podcast.itunes_owner(name=show.owner.name, email=show.owner.email)
    generator.podcast.itunes_type(show.type)
    generator.register_extension("show", _Show, atom=False, rss=True)
    generator.show.podcast = show
    for entry, article in zip(generator.entry(), feed.items, strict=True):
        _add_episode(entry, article)


def _add_episode(entry: FeedEntry, article: Article) -> None:
    media = article.enclosure
    if media is not None and media.duration is not None:
        entry.podcast.itunes_duration(round(media.duration))
    if article.episode is not None:
        entry.podcast.itunes_episode(article.episode)
    if article.season is not None:
        entry.podcast.itunes_season(article.season)


class _Show(BaseExtension):
    """``itunes:explicit`` as Apple now spells it, ``podcast:guid`` and
    ``podcast:locked`` (whose owner is the one the show names)."""

    def __init__(self) -> None:
        self.podcast: Podcast | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST}

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        show = self.podcast
        assert show is not None  # add_show() sets it
        channel = feed[0]
        explicit = etree.SubElement(channel, f"{{{ITUNES}}}explicit")
        explicit.text = "true" if show.explicit else "false"
        etree.SubElement(channel, f"{{{PODCAST}}}guid").text = show.guid
        locked = etree.SubElement(channel, f"{{{PODCAST}}}locked")
        locked.text = "yes" if show.locked else "no"
        if show.owner.email:
            locked.set("owner", show.owner.email)
        return feed


class _EnclosureLink(BaseEntryExtension):
    def __init__(self) -> None:
        self.media: Enclosure | None = None

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        media = self.media
        assert media is not None  # add_enclosure_link() sets it
        etree.SubElement(
            entry,
            "link",
            rel="enclosure",
            href=media.url,
            type=media.media_type,
            length=str(media.length),
        )
        return entry
