"""A Hangul syllable in Latin letters, jamo by jamo, as both Unidecode
(Pelican's slugs) and deunicode (Zola's) spell it: the one table the two
transliterations share."""

from __future__ import annotations

_FIRST = (
    "g", "gg", "n", "d", "dd", "r", "m", "b", "bb", "s", "ss", "", "j", "jj",
    "c", "k", "t", "p", "h",
)  # fmt: skip
_VOWEL = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe",
    "yo", "u", "weo", "we", "wi", "yu", "eu", "yi", "i",
)  # fmt: skip
_LAST = (
    "", "g", "gg", "gs", "n", "nj", "nh", "d", "l", "lg", "lm", "lb", "ls",
    "lt", "lp", "lh", "m", "b", "bs", "s", "ss", "ng", "j", "c", "k", "t", "p",
    "h",
)  # fmt: skip
_SYLLABLES = range(0xAC00, 0xD7A4)  # every first, vowel and last jamo combined


def syllable(char: str) -> str | None:
    """The spelling of ``char`` if it is a Hangul syllable, else None."""
    point = ord(char)
    if point not in _SYLLABLES:
        return None
    first, rest = divmod(point - _SYLLABLES.start, len(_VOWEL) * len(_LAST))
    vowel, last = divmod(rest, len(_LAST))
    return _FIRST[first] + _VOWEL[vowel] + _LAST[last]
