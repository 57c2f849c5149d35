"""OPML 2.0 (opml.org/spec2.opml): every feed of the site in one file, so
a reader subscribes to all of them at once."""

from __future__ import annotations

from lxml import etree

from feedsmith.model import Directory, Listed
from feedsmith.render import GROUPS, made_by, preferred

SPEC = "http://opml.org/spec2.opml"
# The spec's ``version`` values: "RSS" covers RSS 0.91 to 2.0; it knows none
# for Atom or JSON Feed, so those outlines carry no version.
VERSIONS = {"rss": "RSS"}


def render(directory: Directory) -> bytes:
    """The subscription list: the main feed, then a folder per kind of feed
    ("Tags", "Authors", ...)."""
    site = directory.site
    root = etree.Element("opml", version="2.0")
    root.append(etree.Comment(f" {made_by(directory.feeds_url)} "))
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"{site.title}: every feed"
    if site.author:
        etree.SubElement(head, "ownerName").text = site.author.name
        if site.author.email:
            etree.SubElement(head, "ownerEmail").text = site.author.email
    etree.SubElement(head, "docs").text = SPEC
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for feed in directory.feeds:
        parent = body
        if feed.kind in GROUPS:
            if feed.kind not in folders:
                folders[feed.kind] = etree.SubElement(
                    body, "outline", text=GROUPS[feed.kind]
                )
            parent = folders[feed.kind]
        _outline(parent, feed, directory)
    return etree.tostring(
        root, encoding="UTF-8", xml_declaration=True, pretty_print=True
    )


def _outline(parent: etree._Element, feed: Listed, directory: Directory) -> None:
    file = preferred(feed.files)
    attributes = {"text": feed.title, "title": feed.title, "type": "rss"}
    attributes["xmlUrl"] = file.url
    attributes["htmlUrl"] = directory.site.url
    attributes["description"] = feed.description
    if directory.site.language:
        attributes["language"] = directory.site.language
    if file.format in VERSIONS:
        attributes["version"] = VERSIONS[file.format]
    etree.SubElement(parent, "outline", attributes)
