"""Where each site generator publishes a file of the site that is not an
article: an image, a download, a page that is no post.

:mod:`.links` finds the file a body names; this module says where the
generator of the site (``from:``) copies or renders it, as measured with
the real tools (README, "Links between articles and images"). Every
answer is made of the file's path and the profile's settings alone, with no
more than a stat.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from feedsmith.sites import Profile

# Suffixes of pages a generator renders to HTML, rather than copying them.
PAGES = frozenset({
    ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".rst", ".mdx", ".adoc",
    ".org", ".pandoc",
})  # fmt: skip
_INDEX = frozenset({"index", "_index", "README"})
# Jekyll's own folders, which are no collection of pages
_JEKYLL_OWN = frozenset({
    "_posts", "_drafts", "_layouts", "_includes", "_data", "_sass", "_site",
    "_plugins",
})  # fmt: skip


class Unpublished(Exception):
    """The generator does not publish the file: ``message`` says why."""


def roots(profile: Profile | None, folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """The folders a root-relative path (``/img/a.png``) is looked up in, in
    order: those the generator publishes at the site's root."""
    if profile is None:
        return folders
    rules: Any = profile.rules
    match profile.generator:
        case "hugo":
            return (rules.content, *((rules.static,) if rules.static else ()))
        case "zola":
            return (rules.content, profile.root / "static")
        case "mkdocs":
            return (docs_folder(rules),)
        case "eleventy":
            return (rules.input,)
        case "pelican":
            return (rules.content,)
    return (profile.root,)  # jekyll: the site's folder is its root


def docs_folder(rules: Any) -> Path:
    """mkdocs' docs_dir, of which the blog's posts folder is a sub-folder."""
    return rules.posts.parents[len(Path(rules.post_dir).parts) - 1]


def file_url(
    profile: Profile | None,
    site_url: str,
    target: Path,
    bundle: str | None,
) -> str | None:
    """The URL the generator publishes ``target`` (a file that is no
    article) at; None when a URL resolved against the page is what the
    site has (feedsmith's own rules, an Eleventy file in no passthrough
    copy). ``bundle``: the link of the article whose folder holds the file
    (Hugo and Zola publish it beside that page). Raises ``Unpublished``."""
    if profile is None:
        return None
    rules: Any = profile.rules
    generator = profile.generator
    if generator in ("hugo", "zola"):
        static = rules.static if generator == "hugo" else profile.root / "static"
        if static is not None and target.is_relative_to(static):
            return _under(site_url, target, static)
        if target.is_relative_to(rules.content):
            if target.suffix.lower() in PAGES:
                return _page(site_url, target, rules.content, "/")
            if bundle is not None:
                return bundle
            return _under(site_url, target, rules.content)
        raise Unpublished(f"{generator} publishes only content/ and static/")
    if generator == "mkdocs":
        return _mkdocs(rules, site_url, target)
    if generator == "eleventy":
        for folder, out in rules.copies:
            if target.is_relative_to(folder):
                path = "/".join(x for x in (out, _relative(target, folder)) if x)
                return site_url + quote(path)
        if target.suffix.lower() in PAGES and target.is_relative_to(rules.input):
            return _page(site_url, target, rules.input, "/")
        return None
    if generator == "pelican":
        if target.suffix.lower() in PAGES:
            raise Unpublished("a Pelican page, which feedsmith does not place")
        return _under(site_url, target, rules.content)  # STATIC_URL: {path}
    return _jekyll(profile.root, rules.template, site_url, target)


def _under(site_url: str, target: Path, folder: Path) -> str:
    return site_url + quote(_relative(target, folder))


def _relative(target: Path, folder: Path) -> str:
    return target.relative_to(folder).as_posix()


def _page(site_url: str, target: Path, folder: Path, ending: str) -> str:
    """A page published at its path, without its suffix: ``about.md`` at
    ``about/`` (``ending``), ``blog/index.md`` at ``blog/``."""
    parts = list(target.relative_to(folder).with_suffix("").parts)
    if parts and parts[-1] in _INDEX:
        parts.pop()
        path = "/".join(parts) + ("/" if parts else "")
    else:
        path = "/".join(parts) + ending
    return site_url + quote(path)


def _mkdocs(rules: Any, site_url: str, target: Path) -> str:
    """mkdocs publishes docs_dir: pages at their path (``use_directory_urls``),
    other files as they are, those in the blog's posts folder under the
    blog's (Material's blog plugin takes the posts folder out of them)."""
    docs = docs_folder(rules)
    if not target.is_relative_to(docs):
        raise Unpublished("mkdocs publishes only its docs_dir")
    if target.suffix.lower() in (".md", ".markdown"):
        ending = "/" if rules.directory_urls else ".html"
        url = _page(site_url, target, docs, ending)
        if not rules.directory_urls and url.endswith("/"):
            url += "index.html"
        return url
    path = _relative(target, docs)
    posts = os.path.normpath(rules.post_dir)
    if path.startswith(posts + "/"):
        path = os.path.normpath(rules.blog_dir) + path[len(posts) :]
    return site_url + quote(path)


def _jekyll(root: Path, template: str, site_url: str, target: Path) -> str:
    """Jekyll copies every file of the site's folder to the same path, and
    renders pages to ``.html`` (``pretty`` permalinks: to a folder), except
    in folders whose name starts with ``_`` or ``.``; a page of a collection
    (``_docs/x.md``) at the collection's default permalink (``docs/x.html``)."""
    if not target.is_relative_to(root):
        raise Unpublished("Jekyll publishes only the site's folder")
    parts = target.relative_to(root).parts
    ending = "/" if template.endswith("/") else ".html"
    hidden = next((p for p in parts[:-1] if p.startswith(("_", "."))), None)
    page = target.suffix.lower() in PAGES
    if page and hidden == parts[0] and hidden not in _JEKYLL_OWN:
        collection = Path(hidden[1:], *parts[1:])
        return _page(site_url, collection, Path(), ending)
    if hidden is not None:
        raise Unpublished(f"Jekyll copies nothing from {hidden}/")
    if page:
        return _page(site_url, target, root, ending)
    return _under(site_url, target, root)
