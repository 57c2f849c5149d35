"""Pelican's URLs: the fields a URL pattern names, the link under
``SITEURL``, and the feed's link and ``tag:`` id made of it
(docs/profiles/pelican.md, "URLs" and "The feed")."""

from __future__ import annotations

import functools
import posixpath
import re
from datetime import datetime
from string import Formatter
from urllib.parse import quote, urljoin, urlparse

# The characters a feed link keeps as they are (feedgenerator's iri_to_uri).
_IRI_SAFE = "/#%[]=:;$&()+,!?*@'~"


@functools.lru_cache(maxsize=64)
def fields(pattern: str) -> frozenset[str]:
    """The metadata a URL pattern names (``{date:%Y}`` and ``{date.year}``
    name ``date``)."""
    return frozenset(
        re.split(r"[.\[]", name, maxsplit=1)[0]
        for _, name, _, _ in Formatter().parse(pattern)
        if name
    )


def absolute(site_url: str, url: str, relative_urls: bool) -> str:
    """The article's ``url`` under ``SITEURL`` (given without its trailing
    slash), as Pelican joins them: a ``url`` starting with ``/`` leaves the
    base path out, unless ``RELATIVE_URLS``."""
    if relative_urls:
        return posixpath.join(site_url, url)
    return urljoin(site_url + "/", url)


def feed_link(link: str) -> str:
    """The link as Pelican's feed writes it: percent-encoded (a space is
    ``%20``)."""
    return quote(link, safe=_IRI_SAFE)


def tag_uri(link: str, published: datetime) -> str:
    """The id Pelican's feed gives an entry: host, the day of its date in
    its own offset, and the link's path as written (a space stays a space)."""
    parts = urlparse(link)
    fragment = f"/{parts.fragment}" if parts.fragment else ""
    return f"tag:{parts.hostname},{published:%Y-%m-%d}:{parts.path}{fragment}"
