"""Jekyll's ``slugify`` and the title of an untitled post: the words of a
link and of a feed's title, each mode measured (``docs/profiles/jekyll.md``,
the slug table)."""

from __future__ import annotations

import unicodedata

# The i18n gem's transliterations that are not a letter with marks dropped.
_LATIN = {
    "Æ": "AE", "æ": "ae", "Ð": "D", "ð": "d", "Ø": "O", "ø": "o", "Þ": "Th",
    "þ": "th", "ß": "ss", "\u00d7": "x", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
    "\u0131": "i", "Ĳ": "IJ", "ĳ": "ij", "ĸ": "k", "Ŀ": "L", "ŀ": "l", "Ł": "L",
    "ł": "l", "ŉ": "'n", "Ŋ": "NG", "ŋ": "ng", "Œ": "OE", "œ": "oe", "Ŧ": "T",
    "ŧ": "t", "\u017f": "s",
}  # fmt: skip
_PRETTY_KEPT = frozenset("._~!$&'()+,;=@")
_RUBY_SPACE = frozenset(" \t\r\n\f\v")


def slugify(text: str, mode: str = "default", *, cased: bool = False) -> str:
    """Jekyll's ``slugify``: each run of characters the mode does not keep
    becomes one ``-``, one leading and one trailing ``-`` go, then lowercase
    unless ``cased``. Modes: raw, default, pretty, ascii, latin."""
    if mode == "latin":
        text, mode = _transliterate(text), "default"
    out: list[str] = []
    run = False
    for char in text:
        if _kept(char, mode):
            if run:
                out.append("-")
            out.append(char)
            run = False
        else:
            run = True
    if run:
        out.append("-")
    slug = "".join(out)
    slug = slug[1:] if slug.startswith("-") else slug
    slug = slug[:-1] if slug.endswith("-") else slug
    return slug if cased else slug.lower()


def _kept(char: str, mode: str) -> bool:
    if mode == "raw":
        return char not in _RUBY_SPACE
    if mode == "ascii":
        return char.isascii() and char.isalnum()
    if mode == "pretty" and char in _PRETTY_KEPT:
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _transliterate(text: str) -> str:
    """The i18n gem's ``transliterate``: Latin-1 and Latin Extended-A letters
    lose their marks, every other non-ASCII character becomes ``?``."""
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
        elif char in _LATIN:
            out.append(_LATIN[char])
        elif "\u00c0" <= char <= "\u017f":
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base if base.isascii() else "?")
        else:
            out.append("?")
    return "".join(out)


def titleize(slug: str) -> str:
    """The title of a post without one: its file-name slug split at ``-``,
    each word capitalised (``MiXed-CASE`` → ``Mixed Case``)."""
    words = slug.split("-")
    while words and not words[-1]:  # Ruby's split drops trailing empties
        words.pop()
    return " ".join(word.capitalize() for word in words)
