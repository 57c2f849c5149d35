"""A reStructuredText body to HTML, as Pelican renders it.

docutils' ``html4css1`` writer with Pelican's translator (``abbr`` elements,
images without an ``alt`` get an empty one) and its settings (headings from
``<h2>``); only the body part: the title and the metadata fields are not in
it. Problems were reported when the file was read
(:mod:`feedsmith.readers.rst`), so here nothing is reported, nor printed.
"""

from __future__ import annotations

import html

import docutils.core
from docutils import nodes
from docutils.writers.html4css1 import HTMLTranslator, Writer

from feedsmith.readers.rst import SETTINGS


class _Translator(HTMLTranslator):
    """Pelican's ``PelicanHTMLTranslator``."""

    def visit_abbreviation(self, node: nodes.Element) -> None:
        explained = {}
        if node.hasattr("explanation"):
            explained["title"] = node["explanation"]
        self.body.append(self.starttag(node, "abbr", "", **explained))

    def depart_abbreviation(self, node: nodes.Element) -> None:
        self.body.append("</abbr>")

    def visit_image(self, node: nodes.Element) -> None:
        node["alt"] = node.get("alt", "")  # not the file name, as docutils does
        super().visit_image(node)


class _Writer(Writer):
    def __init__(self) -> None:
        super().__init__()
        self.translator_class = _Translator


def to_html(text: str) -> str:
    """The HTML of the body of the reStructuredText file ``text``."""
    try:
        parts = docutils.core.publish_parts(
            text, writer=_Writer(), settings_overrides=SETTINGS
        )
    except Exception:  # reported when the file was read (RecursionError too)
        return f"<pre>{html.escape(text)}</pre>"
    return str(parts["body"])
