"""The slug functions a ``mkdocs.yml`` can name for the blog's posts and
categories (``post_slugify``, ``categories_slugify``), as the tools write
them: pymdown-extensions' ``slugify(**kwds)``, the blog's default, and
Python Markdown's ``toc.slugify`` and ``toc.slugify_unicode``. They are
recognised by the tag that names them, never imported or run.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from feedsmith.errors import ConfigError
from feedsmith.sites.mkdocs.config import Section, Tagged

_TAG = re.compile(r"</?[^>]*>")
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")
_NOT_IN_TOC_SLUG = re.compile(r"[^\w\s-]")
_ASCII_UPPER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD")
_TOC = "markdown.extensions.toc."
_PYMDOWNX = "tag:yaml.org,2002:python/object/apply:pymdownx.slugs.slugify"


@dataclass(frozen=True, slots=True)
class Slugify:
    """A slug function a ``mkdocs.yml`` can name: pymdown-extensions'
    ``slugify(case=..., normalize=..., percent_encode=...)`` or Python
    Markdown's ``toc.slugify`` (ASCII) and ``toc.slugify_unicode``."""

    function: str = "pymdownx"  # or "toc", "toc_unicode"
    separator: str = "-"
    case: str = "lower"
    normalize: str = "NFC"
    percent_encode: bool = False

    def __call__(self, text: str) -> str:
        if self.function == "pymdownx":
            return pymdownx_slug(
                text,
                self.separator,
                case=self.case,
                normalize=self.normalize,
                percent_encode=self.percent_encode,
            )
        return toc_slug(text, self.separator, unicode=self.function == "toc_unicode")

    @property
    def shown(self) -> str:
        """The function as ``mkdocs.yml`` names it, with its keywords."""
        if self.function != "pymdownx":
            return _TOC + (
                "slugify_unicode" if self.function == "toc_unicode" else "slugify"
            )
        percent = str(self.percent_encode).lower()
        return (
            f"pymdownx.slugs.slugify(case={self.case}, normalize={self.normalize}, "
            f"percent_encode={percent})"
        )


def pymdownx_slug(
    text: str,
    separator: str = "-",
    *,
    case: str = "lower",
    normalize: str = "NFC",
    percent_encode: bool = False,
) -> str:
    """pymdown-extensions' slug: normalised, tags and surrounding space
    removed, cased, every character but word characters, ``-`` and spaces
    dropped, and each space (runs are kept) the separator."""
    slug = _TAG.sub("", unicodedata.normalize(normalize, text)).strip()  # type: ignore[arg-type]  # checked in read()
    if case == "lower":
        slug = slug.lower()
    elif case == "lower-ascii":
        slug = slug.translate(_ASCII_UPPER)
    elif case == "fold":
        slug = slug.casefold()
    slug = _NOT_IN_SLUG.sub("", slug).replace(" ", separator)
    return quote(slug.encode("utf-8")) if percent_encode else slug


def toc_slug(text: str, separator: str = "-", *, unicode: bool = False) -> str:
    """Python Markdown's ``toc`` slug: without ``unicode``, decomposed and
    cut to ASCII; characters but word characters, white space and ``-``
    dropped, stripped, lowercased, and each run of white space or separator
    characters one separator."""
    if not unicode:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _NOT_IN_TOC_SLUG.sub("", text).strip().lower()
    # The separator sits in a character class, as the tool writes it.
    return re.sub(f"[{separator}\\s]+", separator, text)


def slugify_setting(blog: Section, name: str) -> Slugify:
    """The slug function the blog's setting ``name`` names."""
    separator = blog.text(name + "_separator", "-")
    value = blog.values.get(name)
    where = f"{blog.where(name)}: {blog.prefix}{name}"
    if value is None:
        return Slugify(separator=separator)
    if isinstance(value, Tagged) and value.tag == _PYMDOWNX:
        return _pymdownx_slugify(where, value.value, separator)
    toc = ("python/name:" + _TOC + "slugify", "python/name:" + _TOC + "slugify_unicode")
    if isinstance(value, Tagged) and value.tag.endswith(toc):
        if set(separator) & set("[]\\"):
            raise ConfigError(f"{where}_separator: [, ] and \\ are not supported")
        function = "toc_unicode" if value.tag.endswith("_unicode") else "toc"
        return Slugify(function, separator)
    shown = (
        "!!" + value.tag.removeprefix("tag:yaml.org,2002:")
        if isinstance(value, Tagged)
        else repr(value)
    )
    raise ConfigError(
        f"{where}: feedsmith cannot run {shown}; it knows "
        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {...}} and "
        "!!python/name:markdown.extensions.toc.slugify (or slugify_unicode). "
        "Use one of them, or drop from: and set site.*, sources and permalink "
        "in config.yaml"
    )


def _pymdownx_slugify(where: str, given: object, separator: str) -> Slugify:
    """``slugify(**kwds)`` as ``!!python/object/apply:`` writes it."""
    args: object = [] if given in ("", None) else given
    kwds: object = {}
    if isinstance(given, dict):
        args, kwds = given.get("args") or [], given.get("kwds") or {}
    if args or not isinstance(kwds, dict):
        raise ConfigError(f"{where}: slugify takes keywords only (kwds: {{...}})")
    case = kwds.get("case", "none")
    normalize = kwds.get("normalize", "NFC")
    percent = kwds.get("percent_encode", False)
    if (
        set(kwds) - {"case", "normalize", "percent_encode"}
        or not isinstance(case, str)
        or normalize not in _NORMAL_FORMS
        or not isinstance(percent, bool)
    ):
        raise ConfigError(
            f"{where}: slugify knows case (none, lower, lower-ascii, fold), "
            f"normalize ({', '.join(_NORMAL_FORMS)}) and percent_encode "
            "(true or false)"
        )
    # Any other case changes no case, as pymdown-extensions does.
    return Slugify("pymdownx", separator, case, normalize, percent)
