"""Atom 1.0 (RFC 4287)."""

from __future__ import annotations

import html

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feedsmith.model import Article, Author, Feed, Related, Site
from feedsmith.render.history import add_history
from feedsmith.render.podcast import add_enclosure_link
from feedsmith.render.rss import add_media, with_stylesheets

GENERATOR = "feedsmith"


def render(feed: Feed, site: Site) -> bytes:
    """The Atom document for ``feed``."""
    generator = FeedGenerator()
    generator.id(feed.self_url)
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.link(href=feed.self_url, rel="self", type="application/atom+xml")
    if feed.hub:  # WebSub: the hub and self links together name the topic
        generator.link(href=feed.hub, rel="hub")
    generator.link(href=site.url, rel="alternate", type="text/html")
    # RFC 4287 wants an author for every entry; the feed's covers those without.
    generator.author(_person(site.author or Author(site.title)))
    if site.language:
        generator.language(site.language)
    generator.generator(GENERATOR)
    generator.updated(feed.updated)
    add_history(generator, feed.archive)
    if site.icon:  # RFC 4287: small and square
        generator.icon(site.icon)
    if site.logo:  # RFC 4287: larger, twice as wide as tall
        generator.logo(site.logo)
    if any(article.image for article in feed.items):
        generator.load_extension("media", atom=True, rss=False)
    for article in feed.items:
        _add_entry(generator, article, feed.full_content)
    return with_stylesheets(generator.atom_str(pretty=True), feed)


def _add_entry(generator: FeedGenerator, article: Article, full_content: bool) -> None:
    entry = generator.add_entry(order="append")
    entry.id(article.id)
    entry.title(article.title)
    entry.link(
        href=article.link
    )  # feedgen drops rel on entry links; alternate is the default
    entry.published(article.published)
    entry.updated(article.modified)
    for author in article.authors:
        entry.author(_person(author))
    if article.summary:
        # As escaped HTML, so validators never mistake text like "<b>" for markup.
        entry.summary(html.escape(article.summary, quote=False), type="html")
    if full_content and article.content_html:
        entry.content(article.content_html, type="html")
    if article.tags:  # one call: feedgen rebuilds its list on each
        entry.category([{"term": tag} for tag in article.tags])
    if article.image:
        add_media(entry, article.image)
    add_enclosure_link(entry, article)
    linked = tuple(r for r in article.related if r.link)
    if linked:
        entry.register_extension("related", _RelatedLinks, atom=True, rss=False)
        entry.related.links = linked


class _RelatedLinks(BaseEntryExtension):
    """``<link rel="related">`` to neighbouring articles.

    An extension because feedgen's own entry links lose their ``rel``.
    """

    def __init__(self) -> None:
        self.links: tuple[Related, ...] = ()

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        for related in self.links:
            etree.SubElement(
                entry, "link", rel="related", href=related.link, title=related.title
            )
        return entry


def _person(author: Author) -> dict[str, str]:
    return {"name": author.name} | ({"email": author.email} if author.email else {})
