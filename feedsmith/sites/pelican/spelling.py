"""Unidecode's spelling of non-ASCII characters, as Pelican's ``slugify``
uses it (step 3 of docs/profiles/pelican.md, "Slugs").

feedsmith does not depend on Unidecode (it is GPL, feedsmith MIT): these
tables hold its spelling (version 1.4.0) of every character they cover,
each measured (the opt-in test in ``tests/test_profile_pelican.py``
compares them character by character). A character they do not cover,
Chinese characters among them, is spelt by Unidecode itself where it is
installed (``pip install 'feedsmith[pelican]'``; every Pelican install has
it), and is otherwise :class:`Untransliterable`, never a guess. This module
is data plus one lookup.
"""

# The tables hold letters that look like Latin ones, by design.
# ruff: noqa: RUF001

from __future__ import annotations

import functools
import importlib.metadata
import unicodedata
from collections.abc import Callable

from feedsmith.sites import hangul

_unidecode: Callable[[str], str] | None
try:  # optional: the library Pelican itself spells with
    from unidecode import unidecode as _unidecode
except ImportError:
    _unidecode = None


class Untransliterable(ValueError):
    """Pelican spells ``char`` in Latin letters with Unidecode's tables,
    which feedsmith does not carry, and Unidecode is not installed."""

    def __init__(self, char: str) -> None:
        super().__init__(char)
        self.char = char

    def __str__(self) -> str:
        return f"{self.char!r} (U+{ord(self.char):04X})"


def _pairs(text: str) -> dict[str, str]:
    """``"a=x b=y"`` as ``{"a": "x", "b": "y"}``; ``_`` stands for a space."""
    return {
        item[0]: item[2:].replace("_", " ") for item in text.split() if item[1] == "="
    }


def _spellings(text: str) -> list[str]:
    """A space-separated list of spellings; ``-`` is none, ``_`` a space."""
    return ["" if word == "-" else word.replace("_", " ") for word in text.split()]


def _run(first: int, spellings: str) -> dict[str, str]:
    """Consecutive characters from ``first``, spelt by :func:`_spellings`."""
    return {chr(first + n): spelt for n, spelt in enumerate(_spellings(spellings))}


# Unidecode 1.4.0's spelling of each character, measured for every character
# these tables and rules cover (see docs/profiles/pelican.md, "Slugs"). A
# character Pelican would find after NFKC normalisation and that no table,
# rule or measured block covers is Untransliterable: feedsmith never guesses.
_SPELT: dict[str, str] = {
    **_pairs(
        "Æ=AE æ=ae Ð=D ð=d Ø=O ø=o Þ=Th þ=th ß=ss Đ=D đ=d Ħ=H ħ=h ı=i ĸ=k Ł=L "
        "ł=l Ŋ=NG ŋ=ng Œ=OE œ=oe Ŧ=T ŧ=t ƀ=b Ɓ=B ƒ=f Ə=@ ə=@ ǝ=@ "
        "¡=! ¢=C/ £=PS ¤=$? ¥=Y= ¦=| §=SS ©=(c) «=<< ¬=! ®=(r) °=deg ±=+- ¶=P "
        "·=* »=>> ¿=? ×=x ÷=/ ΐ=I"
    ),
    "\u00ad": "",  # soft hyphen
    **_run(0x0363, "a e i o u c d h m r t v x"),  # combining letters
    # Greek (accented letters lose their accents first)
    **_pairs(
        "α=a β=b γ=g δ=d ε=e ζ=z η=e θ=th ι=i κ=k λ=l μ=m ν=n ξ=x ο=o π=p ρ=r "
        "σ=s ς=s τ=t υ=u φ=ph χ=kh ψ=ps ω=o Α=A Β=B Γ=G Δ=D Ε=E Ζ=Z Η=E Θ=Th "
        "Ι=I Κ=K Λ=L Μ=M Ν=N Ξ=Ks Ο=O Π=P Ρ=R Σ=S Τ=T Υ=U Φ=Ph Χ=Kh Ψ=Ps Ω=O"
    ),
    # Cyrillic
    **_run(
        0x0430,
        "a b v g d e zh z i i k l m n o p r s t u f kh ts ch sh shch ' y ' e iu ia",
    ),
    **_run(
        0x0410,
        "A B V G D E Zh Z I I K L M N O P R S T U F Kh Ts Ch Sh Shch ' Y ' E Iu Ia",
    ),
    **_pairs(
        "ё=io Ё=Io є=ie Є=Ie і=i І=I ї=yi Ї=Yi ґ=g' Ґ=G' ў=u Ў=U ђ=dj Ђ=Dj "
        "ј=j Ј=J љ=lj Љ=Lj њ=nj Њ=Nj ћ=tsh Ћ=Tsh џ=dzh Џ=Dzh ѓ=gj Ѓ=Gj ќ=kj Ќ=Kj "
        "ѕ=dz Ѕ=Dz Ѐ=Ie ѐ=ie Ӑ=a Ӗ=Ie ӗ=ie ῤ=R ῥ=R"
    ),
    # Hiragana, then Katakana and its marks
    **_run(
        0x3041,
        "a a i i u u e e o o ka ga ki gi ku gu ke ge ko go sa za shi zi su zu "
        "se ze so zo ta da chi di tsu tsu du te de to do na ni nu ne no ha ba "
        "pa hi bi pi hu bu pu he be pe ho bo po ma mi mu me mo ya ya yu yu yo "
        "yo ra ri ru re ro wa wa wi we wo n vu - -",
    ),
    **_run(
        0x30A1,
        "a a i i u u e e o o ka ga ki gi ku gu ke ge ko go sa za shi zi su zu "
        "se ze so zo ta da chi di tsu tsu du te de to do na ni nu ne no ha ba "
        "pa hi bi pi hu bu pu he be pe ho bo po ma mi mu me mo ya ya yu yu yo "
        'yo ra ri ru re ro wa wa wi we wo n vu ka ke va vi ve vo * - " "',
    ),
    **_pairs("\u3000=_ 、=,_ 。=._ 「=[ 」=]_ 『={ 』=}_ 〜=~_ 〇=0"),
    # General Punctuation (every other character of the block: nothing)
    **_pairs(
        "\u200b=_ ‐=- ‒=- –=- —=-- ―=-- ‖=|| ‘=' ’=' ‚=, ‛=' “=\" ”=\" „=,, "
        "‟=\" †=+ ‡=++ •=* ‣=*> ‧=. ‰=%0 ‱=%00 ′=' ‵=` ‸=^ ‹=< ›=> ※=* ‽=!? "
        "⁀=- ⁁=^ ⁂=*** ⁃=-- ⁄=/ ⁅=-[ ⁆=]- ⁊=& ⁋=PP ⁌=(] ⁍=[) ⁎=* ⁒=% ⁓=~"
    ),
    "‿": "_",
    "ー": "-",
    "\u2028": "\n",
    "\u2029": "\n\n",
    # Currency signs
    **_run(
        0x20A0,
        "ECU CL Cr FF L mil N Pts Rs W NS D EUR K T Dr Pf P G A UAH C| L Sm T "
        "Rs L M m R l BTC",
    ),
    # Arrows, mathematical operators, technical and miscellaneous symbols,
    # dingbats (every other character of these blocks: nothing)
    **_pairs("←=- ↑=| →=- ↓=| ↔=- ↕=|"),
    **_pairs("−=- ∕=/ ∗=* ∣=| ∶=: ∼=~ ≤=<= ≥=>= ≦=<= ≧=>= ⌃=^ ♯=#"),
    "∖": "\\",
    **_run(
        0x2654,
        "white_king white_queen white_rook white_bishop white_knight white_pawn "
        "black_king black_queen black_rook black_bishop black_knight black_pawn "
        "spades hearts diamonds clubs spades hearts diamonds clubs",
    ),
    **_pairs('✱=* ❘=| ❜=\' ❝=" ❞=" ❟=, ❠=,, ❢=!'),
    **_run(0x1F670, 'et et et et & & " " ,, !? !? !?'),
}
# Blocks measured character by character: what _SPELT does not list in them
# has no spelling at all (emoji, arrows, symbols, variation selectors).
_NOTHING_BLOCKS = (
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x2000, 0x206F),
    (0x20D0, 0x20FF), (0x2200, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF),
    (0xFE00, 0xFE0F), (0x1F000, 0x1F0FF),
    (0x1F1E6, 0x1F1FF), (0x1F300, 0x1FAFF), (0xE0000, 0xE007F),
)  # fmt: skip
# Letters spelt as their base letter once their accents are gone.
_ACCENTED_BLOCKS = (
    (0x00C0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x1E00, 0x1FFF),
)  # fmt: skip


def _in(blocks: tuple[tuple[int, int], ...], char: str) -> bool:
    point = ord(char)
    return any(first <= point <= last for first, last in blocks)


@functools.lru_cache(maxsize=4096)
def _spelling(char: str) -> str:
    if char in _SPELT:
        return _SPELT[char]
    spelt = hangul.syllable(char)
    if spelt is not None:
        return spelt
    if _in(_ACCENTED_BLOCKS, char):
        base = [c for c in unicodedata.normalize("NFD", char) if not _mark(c)]
        if base and all(c.isascii() or c in _SPELT for c in base):
            return "".join(c if c.isascii() else _SPELT[c] for c in base)
    if _in(_NOTHING_BLOCKS, char):
        return ""
    if _unidecode is not None:
        return _unidecode(char)
    raise Untransliterable(char)


def unidecode_version() -> str | None:
    """The installed Unidecode's version, None without it."""
    if _unidecode is None:
        return None
    try:
        return importlib.metadata.version("Unidecode")
    except importlib.metadata.PackageNotFoundError:  # imported from elsewhere
        return "unknown"


def _mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


def transliterate(text: str) -> str:
    """``text`` in ASCII as Unidecode 1.4.0 spells it (step 3 of Pelican's
    slugify); raises ``Untransliterable`` for a character it cannot spell
    (Chinese characters, scripts no table covers)."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _spelling(c) for c in text)
