"""The article's metadata under Pelican's names, as its readers and
``contents.py`` process it (keys lower-cased, lists of tags and authors),
and back under feedsmith's names for the feed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from feedsmith.sites import LineOf


def own_metadata(
    path: Path, meta: Mapping[str, Any], line_of: LineOf
) -> dict[str, Any]:
    """The article's own metadata under Pelican's names: keys lower-cased,
    an empty value left out (``Category:`` alone keeps the default one, as
    in Pelican), ``Status:`` back from the reader's ``draft``, and for an
    HTML article only what Pelican's HTML reader would also find."""
    own = {str(key).lower(): value for key, value in meta.items() if not _empty(value)}
    if path.suffix.lower() in (".html", ".htm"):
        for key in ("url", "updated", "tags"):  # from <link> and og:, not Pelican's
            own.pop(key, None)
    if own.pop("draft", None) is True and "status" not in own:
        own["status"] = "draft"
    elif "status" not in own and line_of("status") > 1:
        # The Markdown reader keeps only a draft or hidden Status: line; any
        # other one said "published", over a DEFAULT_METADATA status.
        own["status"] = "published"
    categories = own.pop("categories", None)
    if "category" not in own and categories:
        own["category"] = (
            ", ".join(map(str, categories))
            if isinstance(categories, list)
            else categories
        )
    return own


def _empty(value: Any) -> bool:
    """A header line with nothing after its colon (``Category:``, which the
    reader may give as ``[]``): Pelican takes it as unset."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(isinstance(item, str) and not item.strip() for item in value)
    return False


def processed(key: str, value: Any) -> Any:
    """A value from the file's path or DEFAULT_METADATA, as Pelican's reader
    processes metadata (dates stay text until the article's zone is known)."""
    if isinstance(value, str) and key in ("slug", "status", "category", "author"):
        return value.strip()
    if key in ("tags", "authors"):
        return listed(value)
    return value


def listed(value: Any) -> list[str]:
    """Pelican's list of tags or authors: split on ``;`` when there is one,
    else on ``,``; stripped, empty ones dropped, each once."""
    if isinstance(value, list) and any(";" in str(item) for item in value):
        value = ", ".join(map(str, value))  # the reader split a ';' list on ','
    if isinstance(value, str):
        value = value.split(";") if ";" in value else value.split(",")
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(s for s in (str(v).strip() for v in value) if s))


def authors_of(found: Mapping[str, Any], default: str | None) -> list[str]:
    author = found.get("author")
    if isinstance(author, str) and author.strip():
        return [author.strip()]
    authors = listed(found.get("authors"))
    return authors or ([default] if default else [])


def written_meta(
    meta: Mapping[str, Any], found: Mapping[str, Any], title: str
) -> dict[str, Any]:
    """The front matter under feedsmith's names: the title as Pelican's feed
    shows it, tags and authors as Pelican lists them (no author: site.author,
    from AUTHOR), the category as a category."""
    written = {k: v for k, v in meta.items() if k not in ("authors", "category")}
    if title:
        written["title"] = title
    written["tags"] = listed(found.get("tags"))
    category = found.get("category")
    written["categories"] = [category] if isinstance(category, str) and category else []
    authors = authors_of(found, None)
    if authors:
        written["author"] = authors
    else:
        written.pop("author", None)
    return written
