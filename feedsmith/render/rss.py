"""RSS 2.0, following the RSS Advisory Board's profile where validators look."""

from __future__ import annotations

import html

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feedsmith.model import Article, Feed, Site
from feedsmith.render.history import add_history
from feedsmith.render.podcast import add_enclosure, add_show

GENERATOR = "feedsmith"
ATOM = "http://www.w3.org/2005/Atom"


def render(feed: Feed, site: Site) -> bytes:
    """The RSS 2.0 document for ``feed``."""
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.title(feed.title)
    generator.description(feed.description)
    # feedgen makes the last link added the channel <link>: self goes first.
    generator.link(href=feed.self_url, rel="self", type="application/rss+xml")
    generator.link(href=site.url, rel="alternate")
    if site.language:
        generator.language(site.language)
    generator.generator(GENERATOR)
    generator.lastBuildDate(feed.updated)
    picture = site.icon or site.logo  # <image> is at most 144 pixels wide
    if picture:
        # The spec asks for the channel's own title and link beside the URL.
        generator.image(url=picture, title=feed.title, link=site.url)
    if any(article.image for article in feed.items):
        generator.load_extension("media", atom=False, rss=True)
    if feed.hub:
        generator.register_extension("websub", _HubLink, atom=False, rss=True)
        generator.websub.hub = feed.hub
    add_history(generator, feed.archive)  # after the hub: its link comes first
    for article in feed.items:
        _add_item(generator, article, feed.full_content)
    add_show(generator, feed)  # the podcast's tags, its items' among them
    document = generator.rss_str(pretty=True)
    return _profile_escapes(with_stylesheets(document, feed))


def _add_item(generator: FeedGenerator, article: Article, full_content: bool) -> None:
    item = generator.add_entry(order="append")
    item.title(article.title)
    item.link(href=article.link)
    item.guid(article.id, permalink=article.id == article.link)
    item.pubDate(article.published)
    if article.summary:
        # <description> is HTML to every reader: escape the plain-text summary.
        item.description(html.escape(article.summary, quote=False))
    if full_content and article.content_html:
        item.content(article.content_html, type="html")
    if article.tags:  # one call: feedgen rebuilds its list on each
        item.category([{"term": tag} for tag in article.tags])
    for author in article.authors:
        if author.email:
            item.author(name=author.name, email=author.email)
        else:
            item.dc.dc_creator(author.name)
    if article.image:
        add_media(item, article.image)
    add_enclosure(item, article)


class _HubLink(BaseExtension):
    """WebSub's ``<atom:link rel="hub">``, right after the self link: an
    extension because feedgen writes only the self link of a channel's
    Atom links."""

    def __init__(self) -> None:
        self.hub = ""

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        self_link = feed.find(f"channel/{{{ATOM}}}link[@rel='self']")
        assert self_link is not None  # render() always adds one
        self_link.addnext(etree.Element(f"{{{ATOM}}}link", href=self.hub, rel="hub"))
        return feed


def add_media(entry: FeedEntry, image: str) -> None:
    """Media RSS: the picture as the item's content and as its thumbnail,
    the two places readers look for one; outside a ``media:group``."""
    entry.media.content({"url": image, "medium": "image"}, group=None)
    entry.media.thumbnail({"url": image}, group=None)


def with_stylesheets(document: bytes, feed: Feed) -> bytes:
    """``document`` naming the stylesheets a browser shows it with, right
    after its XML declaration: feed.xsl first (where XSLT still runs), then
    feed.css (where it does not)."""
    if feed.stylesheet is None:
        return document
    sheets = [("text/xsl", "feed.xsl")] if feed.xslt else []
    sheets.append(("text/css", "feed.css"))
    instructions = "".join(
        f'<?xml-stylesheet type="{kind}" href="{feed.stylesheet}{name}"?>\n'
        for kind, name in sheets
    )
    declaration, rest = document.split(b"\n", 1)
    return b"%s\n%s%s" % (declaration, instructions.encode(), rest)


def _profile_escapes(document: bytes) -> bytes:
    """Write ``&`` and ``<`` as numeric references, as the RSS Profile advises.

    Safe as a byte replacement: lxml escapes every ``&`` and ``<`` in text and
    attributes, and we never emit CDATA, so these entities occur nowhere else.
    """
    return document.replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")
