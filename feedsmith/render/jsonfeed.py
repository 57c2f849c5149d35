"""JSON Feed 1.1 (jsonfeed.org), built as a dict: no string templates."""

from __future__ import annotations

import json
from typing import Any

from feedsmith.model import Article, Author, Enclosure, Feed, Related, Site

VERSION = "https://jsonfeed.org/version/1.1"


def render(feed: Feed, site: Site) -> bytes:
    """The JSON Feed document for ``feed``, UTF-8, keys in a fixed order."""
    document: dict[str, Any] = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": site.url,
        "feed_url": feed.self_url,
        "description": feed.description,
    }
    if feed.archive and feed.archive.prev_archive:  # older items, as RFC 5005 pages
        document["next_url"] = feed.archive.prev_archive
    if site.logo:  # JSON Feed's icon is large (512 by 512)
        document["icon"] = site.logo
    if site.icon:  # and its favicon small, for a list of feeds
        document["favicon"] = site.icon
    if site.language:
        document["language"] = site.language
    if site.author:
        document["authors"] = [_author(site.author)]
    if feed.hub:  # the spec's place: after the feed's own fields, before items
        document["hubs"] = [{"type": "WebSub", "url": feed.hub}]
    document["items"] = [_item(article, feed.full_content) for article in feed.items]
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _item(article: Article, full_content: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": article.id,
        "url": article.link,
        "title": article.title,
    }
    if full_content and article.content_html:
        item["content_html"] = article.content_html
    else:
        item["content_text"] = article.summary or ""
    if article.summary:
        item["summary"] = article.summary
    if article.image:
        item["image"] = article.image
    item["date_published"] = article.published.isoformat()
    if article.updated:
        item["date_modified"] = article.updated.isoformat()
    if article.authors:
        item["authors"] = [_author(author) for author in article.authors]
    if article.tags:
        item["tags"] = list(article.tags)
    if article.enclosure:
        item["attachments"] = [_attachment(article.enclosure)]
    if article.related:
        # JSON Feed's extension rule: custom keys start with an underscore.
        item["_feedsmith"] = {"related": [_related(r) for r in article.related]}
    return item


def _attachment(media: Enclosure) -> dict[str, Any]:
    found: dict[str, Any] = {"url": media.url, "mime_type": media.media_type}
    found["size_in_bytes"] = media.length
    if media.duration is not None:
        found["duration_in_seconds"] = round(media.duration)
    return found


def _related(related: Related) -> dict[str, str]:
    return {"title": related.title} | ({"url": related.link} if related.link else {})


def _author(author: Author) -> dict[str, str]:
    """JSON Feed has no e-mail field; its spec allows a ``mailto:`` url."""
    result = {"name": author.name}
    if author.email:
        result["url"] = f"mailto:{author.email}"
    return result
