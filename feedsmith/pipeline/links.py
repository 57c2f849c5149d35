"""Where a URL written in a body leads once the site is published.

A body links to other files of the site as its author wrote them: a
relative path to another source (``../first.md``), Pelican's
``{filename}x.md``, Zola's ``@/blog/x.md``, an image beside the page or in
the generator's static folder. A reader needs the public URL the generator
gives that file: the linked article's link, or where the generator copies a
file that is not an article (:mod:`.published`). :class:`Links` answers
both from the articles of this build and the site's folders; a target that
does not exist is a warning, never a silent dead link.

Every answer is a value of the query alone (the articles, the profile and
the files on disk), so the engine can record the queries a body made and
ask them again to know whether its rendered HTML still holds. An answer is
a few dict lookups and at most a stat or two; the indexes by name that
Hugo's ``ref`` and Jekyll's ``post_url`` need are made on their first use.
The rules, measured with the real tools, are in the README ("Links between
articles and images").
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin

from feedsmith.config import Config
from feedsmith.model import Listing
from feedsmith.pipeline.published import PAGES, Unpublished, file_url
from feedsmith.pipeline.published import roots as root_folders
from feedsmith.sites import Profile

# A URL with a scheme (https:, mailto:) or a host (//cdn.example): no file
# of the site.
_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*+:|//")
# Pelican's {filename}, |filename| and the like; markdown-it writes the
# marks percent-encoded (%7B, %7C, %7D).
_PELICAN = re.compile(r"(?:[{|]|%7[BbCc])(\w+)(?:[}|]|%7[CcDd])")
# Suffixes of what a generator makes rather than copies (pages, feeds): a
# link to one names no file of the sources, so none is missing.
_MADE = frozenset({
    "", ".html", ".htm", ".xhtml", ".xml", ".json", ".php", ".txt", ".rss",
    ".atom",
})  # fmt: skip
# Hugo's page suffixes, in the order its ref lookup tries them
_HUGO_PAGES = (".md", ".markdown", ".mdown", ".html", ".htm", ".org", ".adoc")
_UNPUBLISHED = "which is not published (a draft, or dated in the future)"


@dataclass(frozen=True, slots=True)
class Target:
    """What a reference leads to."""

    url: str  # absolute; the reference resolved against the page when unknown
    problem: str | None = None  # why it leads nowhere, for a warning
    # the files whose presence decided the answer (each was looked for):
    # it holds while each still is there, or still is not
    on_disk: tuple[str, ...] = ()


class _Probe:
    """Looks for files, and remembers each path it looked for."""

    __slots__ = ("paths",)

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, path: str) -> bool:
        self.paths.append(path)
        return os.path.isfile(path)


# A query and its answer, as the engine records them: ``(kind, *args)``.
Query = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Links:
    """The public URL of every file a body may link to."""

    # every published article's link, by its source path (absolute, as str)
    articles: Mapping[str, str] = field(default_factory=dict)
    # sources read but not published (drafts, future, expired), by path
    unpublished: frozenset[str] = frozenset()
    folders: tuple[Path, ...] = ()  # the source folders
    profile: Profile | None = None  # the site generator's, with ``from:``
    site_url: str = ""  # config.site.url, with any base path
    # sources by the names Hugo's ref and Jekyll's post_url find them by,
    # made on the first such query (most sites never ask)
    names: dict[str, Mapping[str, tuple[str, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def answer(self, query: Query) -> Target:
        """The answer to a query, as first asked or asked again, with the
        files looked for on the way (``Target.on_disk``)."""
        kind, *args = query
        answers: dict[str, Callable[..., Target]] = {
            "url": self._url,
            "jekyll-link": self._jekyll_link,
            "jekyll-post": self._jekyll_post,
            "hugo-ref": self._hugo_ref,
            "site-url": self._site_path,
        }
        if kind not in answers:
            raise ValueError(f"unknown query {kind!r}")
        probe = _Probe()
        found = answers[kind](probe, *args)
        return replace(found, on_disk=tuple(dict.fromkeys(probe.paths)))

    def _url(self, probe: _Probe, source: str, page: str, written: str) -> Target:
        """The URL ``written`` in an href or src of the body of ``source``,
        whose public link is ``page``, as the published site has it."""
        if not may_name_a_file(written) or (self.profile is None and not self.folders):
            return Target(urljoin(page, written))
        generator = self.profile.generator if self.profile else None
        if generator == "pelican" and (mark := _PELICAN.match(written)):
            what, value = mark.group(1), written[mark.end() :]
            return self._pelican(probe, source, page, what, value)
        if generator == "zola" and written.startswith("@/"):
            return self._zola(probe, page, written)
        path, rest = _split(written)
        found: tuple[str, ...] = (
            tuple(self._from_root(path))
            if path.startswith("/")
            else (os.path.join(os.path.dirname(source), path),)
        )
        fallback = urljoin(page, written)
        return self._file(probe, found, fallback, written, rest, check=True)

    def _jekyll_link(self, probe: _Probe, source: str, path: str) -> Target:
        """``{% link path %}``: the page or file at ``path`` from the site's
        folder; Jekyll stops the build when there is none."""
        root = self._rules().root
        name, rest = _split(path.strip())
        target = os.path.join(root, name.lstrip("/"))
        fallback = urljoin(self._base(), quote(name.lstrip("/"))) + rest
        missing = (
            f"{{% link {path.strip()} %}}: no file {self._shown(target)} (Jekyll "
            "stops the build here)"
        )
        return self._file(probe, (target,), fallback, path.strip(), rest, missing)

    def _jekyll_post(self, probe: _Probe, source: str, name: str) -> Target:
        """``{% post_url name %}``: the post ``name`` (its file name without
        the suffix, optionally after its folders in ``_posts``)."""
        name = name.strip().strip("/")
        sources = self._index("posts", _post_names).get(name, ())
        if not sources:
            return Target(
                self._base(),
                f"{{% post_url {name} %}}: no post {name} in any _posts folder "
                "(Jekyll stops the build here)",
            )
        return self._article(sources[0], self._base(), name, "")

    def _hugo_ref(self, probe: _Probe, source: str, reference: str) -> Target:
        """``{{< ref "x" >}}``/``relref``: Hugo's lookup of a page by a path
        from the content folder (``/posts/x``), relative to the page, or a
        bare name found anywhere; with or without its suffix; ``#anchor``."""
        own = self.articles.get(os.path.normpath(source), self._base())
        path, rest = _split(reference.strip())
        if not path:
            return Target(own + rest)
        bases = [os.path.join(self._rules().content, path.lstrip("/"))]
        if not path.startswith("/"):
            bases.insert(0, os.path.join(os.path.dirname(source), path))
        for base in bases:
            found = self._hugo_page(probe, os.path.normpath(base), own, reference, rest)
            if found is not None:
                return found
        named = self._index("hugo", _hugo_names).get(path.strip("/"), ())
        if len(named) == 1:
            return self._article(named[0], own, reference, rest)
        if named:
            shown = ", ".join(map(self._shown, named))
            return Target(own, f'ref "{reference}" is ambiguous: {shown}')
        return Target(
            own, f'ref "{reference}": no page {path} (Hugo stops: REF_NOT_FOUND)'
        )

    def _site_path(self, probe: _Probe, path: str) -> Target:
        """``path`` on the published site (Jekyll's ``relative_url``,
        ``absolute_url``, ``site.baseurl``): under ``site_url``."""
        if _ABSOLUTE.match(path):
            return Target(path)
        return Target(urljoin(self._base(), path.lstrip("/")))

    def _file(
        self,
        probe: _Probe,
        candidates: Sequence[str],
        fallback: str,
        written: str,
        rest: str,
        missing: str | None = None,
        *,
        check: bool = False,
    ) -> Target:
        """The first of ``candidates`` (paths) that is an article or a file;
        else ``fallback`` (the reference resolved as written) with a problem,
        ``missing`` if given. ``check``: no problem for a missing page or
        feed (``_MADE``), only for a missing article or, with a profile, any
        other file."""
        candidates = [os.path.normpath(c) for c in candidates]
        if not candidates:  # root-relative, and no folder to look in
            return Target(fallback)
        for path in candidates:
            if path in self.articles or path in self.unpublished:
                return self._article(path, fallback, written, rest)
        suffix = os.path.splitext(candidates[0])[1].lower()
        if check and self.profile is None and suffix not in PAGES:
            return Target(fallback)  # own rules: where is it published?
        for path in candidates:
            if probe(path):
                return self._copied(path, fallback, written, rest)
        if check and suffix in _MADE:
            return Target(fallback)
        shown = self._shown(candidates[0])
        return Target(fallback, missing or f'"{unquote(written)}": no file {shown}')

    def _article(self, path: str, fallback: str, written: str, rest: str) -> Target:
        """The article at ``path``'s link, or ``fallback`` and a problem when
        it is not published."""
        link = self.articles.get(path)
        if link is not None:
            return Target(link + rest)
        shown = self._shown(path)
        return Target(
            fallback, f'"{unquote(written)}" links to {shown}, {_UNPUBLISHED}'
        )

    def _copied(self, path: str, fallback: str, written: str, rest: str) -> Target:
        """Where the generator publishes the file at ``path``, no article."""
        try:
            url = file_url(self.profile, self._base(), Path(path), self._bundle(path))
        except Unpublished as why:
            shown = self._shown(path)
            return Target(
                fallback, f'"{unquote(written)}": {shown} is not published: {why}'
            )
        return Target(fallback if url is None else url + rest)

    def _bundle(self, path: str) -> str | None:
        """Hugo and Zola publish a file of a page bundle (``b/index.md``,
        ``b/img/x.png``) beside that page: its URL there."""
        if self.profile is None or self.profile.generator not in ("hugo", "zola"):
            return None
        content = os.path.join(self._rules().content, "")
        folder = os.path.dirname(path)
        while folder.startswith(content):
            for suffix in _HUGO_PAGES:
                link = self.articles.get(os.path.join(folder, "index" + suffix))
                if link is not None:
                    tail = os.path.relpath(path, folder).replace(os.sep, "/")
                    return urljoin(link, quote(tail))
            folder = os.path.dirname(folder)
        return None

    def _from_root(self, path: str) -> Iterator[str]:
        """Where a root-relative ``path`` may be: in each folder published at
        the site's root, as written and without the site's base path."""
        base = urljoin(self._base(), ".").split("/", 3)[-1]  # "sub/" of /sub/
        tails = [path.lstrip("/")]
        if base and path.lstrip("/").startswith(base):
            tails.append(path.lstrip("/")[len(base) :])
        for folder in root_folders(self.profile, self.folders):
            for tail in tails:
                yield os.path.join(folder, tail)
        if self.profile is not None and self.profile.generator == "eleventy":
            for folder, out in self._rules().copies:
                for tail in tails:
                    if out and tail.startswith(out + "/"):
                        yield os.path.join(folder, tail[len(out) + 1 :])
                    elif not out:
                        yield os.path.join(folder, tail)

    def _pelican(
        self, probe: _Probe, source: str, page: str, what: str, value: str
    ) -> Target:
        """Pelican's ``{filename}``, ``{static}``, ``{attach}`` (a path from
        the content folder when it starts with ``/``, else from the file's),
        ``{tag}``, ``{category}``, ``{author}`` and ``{index}``."""
        rules = self._rules()
        path, rest = _split(value)
        fallback = urljoin(page, value)
        if what not in ("filename", "static", "attach"):
            try:
                url = rules.listing_url(what, path)
            except ValueError as why:  # Untransliterable
                return Target(fallback, f"{{{what}}}{path}: {why}")
            if url is None:
                return Target(
                    fallback,
                    f"{{{what}}}{path}: Pelican knows no such link (filename, "
                    "static, attach, tag, category, author, index)",
                )
            return Target(url + rest)
        folder = os.path.dirname(source)
        base = rules.content if path.startswith("/") else folder
        target = os.path.normpath(os.path.join(base, path.lstrip("/")))
        if target in self.articles or target in self.unpublished:
            return self._article(target, fallback, f"{{{what}}}{path}", rest)
        if not probe(target):
            shown = self._shown(target)
            return Target(fallback, f'"{{{what}}}{path}": no file {shown}')
        if what == "attach":  # moved beside the article's page
            tail = os.path.relpath(target, folder)
            if tail.startswith(os.pardir + os.sep):
                tail = os.path.basename(tail)
            return Target(urljoin(page, quote(tail.replace(os.sep, "/"))) + rest)
        return self._copied(target, fallback, f"{{{what}}}{path}", rest)

    def _zola(self, probe: _Probe, page: str, written: str) -> Target:
        """Zola's ``@/blog/x.md``: the page from the content folder; Zola
        stops the build when there is none."""
        path, rest = _split(written[2:])
        target = os.path.join(self._rules().content, path)
        missing = f"{written}: no page {path} (Zola stops the build here)"
        fallback = urljoin(page, written)
        return self._file(probe, (target,), fallback, written, rest, missing)

    def _hugo_page(
        self, probe: _Probe, base: str, own: str, reference: str, rest: str
    ) -> Target | None:
        """The page at ``base`` as Hugo's ref finds it: the file, the file
        with a page suffix, or the bundle (``index``) or section
        (``_index``) in that folder; None when there is none."""
        if os.path.splitext(base)[1].lower() in _HUGO_PAGES:
            candidates = [base]
        else:
            candidates = [base + s for s in _HUGO_PAGES]
            candidates += [os.path.join(base, n + ".md") for n in ("index", "_index")]
        for path in candidates:
            if path in self.articles or path in self.unpublished:
                return self._article(path, own, reference, rest)
        for path in dict.fromkeys(candidates[:1] + candidates[-2:]):
            if probe(path):
                return self._copied(path, own, reference, rest)
        return None

    def _index(
        self, kind: str, names: Callable[[Links], Iterator[tuple[str, str]]]
    ) -> Mapping[str, tuple[str, ...]]:
        """The sources by name that ``names`` gives, made once per build."""
        if kind not in self.names:
            index: dict[str, tuple[str, ...]] = {}
            for name, path in names(self):
                index[name] = (*index.get(name, ()), path)
            self.names[kind] = index
        return self.names[kind]

    def _rules(self) -> Any:
        """The profile's rules, whose fields each generator names its own."""
        assert self.profile is not None  # asked only of sites with a profile
        return self.profile.rules

    def _base(self) -> str:
        return self.site_url if self.site_url.endswith("/") else self.site_url + "/"

    def _shown(self, path: str) -> str:
        """``path`` as a message names it: from the site's folder."""
        if self.profile is not None:
            top = self.profile.root
        elif self.folders:
            top = self.folders[0].parent
        else:
            return path
        shown = os.path.relpath(path, top)
        return path if shown.startswith(os.pardir) else shown.replace(os.sep, "/")


def may_name_a_file(written: str) -> bool:
    """Whether a URL as written in a body may name a file of the site: not
    one with a scheme or a host, a bare ``#fragment`` or ``?query``, nor a
    path ending in ``/`` (a page the generator makes), unless in Pelican's
    or Zola's own forms. Where it cannot, its answer is the URL resolved
    against the page, always: nothing to record or ask again."""
    if not written or written.startswith(("#", "?")) or _ABSOLUTE.match(written):
        return False
    path, _ = _split(written)
    return not path.endswith("/") or written.startswith(("{", "|", "%7", "@/"))


def _split(written: str) -> tuple[str, str]:
    """``written`` as a path (percent-decoded) and its ``?query#fragment``."""
    end = min((i for i in (written.find("?"), written.find("#")) if i >= 0), default=-1)
    if end < 0:
        return unquote(written), ""
    return unquote(written[:end]), written[end:]


def _sources(links: Links) -> Iterator[str]:
    return chain(links.articles, sorted(links.unpublished))


def _post_names(links: Links) -> Iterator[tuple[str, str]]:
    """Jekyll's names of each post: its path in ``_posts`` without the
    suffix (``sub/2024-01-02-x``), and its file name alone (Jekyll finds a
    post in a sub-folder by that too, with a deprecation warning)."""
    marker = os.sep + "_posts" + os.sep
    for path in _sources(links):
        at = path.rfind(marker)
        if at >= 0:
            name = os.path.splitext(path[at + len(marker) :])[0]
            yield name.replace(os.sep, "/"), path
            if os.sep in name:
                yield os.path.basename(name), path


def _hugo_names(links: Links) -> Iterator[tuple[str, str]]:
    """Hugo's names of each page, for a bare ``ref``: its file name with and
    without the suffix, and a bundle's folder name."""
    for path in _sources(links):
        folder, name = os.path.split(path)
        stem = os.path.splitext(name)[0]
        if stem in ("index", "_index"):
            yield os.path.basename(folder), path
        else:
            yield stem, path
            yield name, path


def links_of(
    read: Sequence[Listing], published: Sequence[Listing], config: Config
) -> Links:
    """The links of a build whose sources read are ``read``, of which
    ``published`` are published."""
    articles = {listing.source: listing.link for listing in published}
    unpublished = frozenset(x.source for x in read if x.source not in articles)
    if any(os.path.normpath(f) != str(f) for f in config.sources.folders):
        # a folder given as ../site/content: paths as the lookups make them
        articles = {os.path.normpath(k): v for k, v in articles.items()}
        unpublished = frozenset(map(os.path.normpath, unpublished))
    return Links(
        articles,
        unpublished,
        config.sources.folders,
        config.profile,
        config.site.url,
    )


NO_LINKS = Links()  # no other article known: URLs resolve against the page
