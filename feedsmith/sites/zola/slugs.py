"""Zola's ``slugify.paths``: the slug of a page's file name or ``slug``.

Zola calls ``slug::slugify`` (crate ``slug`` 0.1.4, which transliterates with
``deunicode`` 1.3.1); the table below was generated from those crates and
checked against the compiled function (``docs/profiles/zola.md``). It is its
own module because the table is most of its length.
"""

from __future__ import annotations

import functools

from feedsmith.sites import hangul

# What ``deunicode`` 1.3.1 makes of each character of these ranges, reduced to
# what a slug keeps of it: lowercase letters and digits, ``-`` for any run of
# other characters, nothing for a character it drops. ``x*n``: n times ``x``.
# Generated from the crate's own tables and checked against the compiled
# ``slug::slugify`` for every character listed (docs/profiles/zola.md).
_RANGES = (
    (
        0x0080,
        0x024F,
        (
            "eur||-|f|-*5|-0|s|-|oe||z|||-*8|tm|s|-|oe||z|y|-|-|c-|ps|-|y-|-|ss|-|-c-|a"
            "|-|-||-r-|-|deg|-|2|3|-|u|p|-|-|1|o|-|1-4|1-2|3-4|-|a*6|ae|c|e*4|i*4|d|n|o"
            "*5|x|o|u*4|y|th|ss|a*6|ae|c|e*4|i*4|d|n|o*5|-|o|u*4|y|th|y|a*6|c*8|d*4|e*1"
            "0|g*8|h*4|i*10|ij|ij|j|j|k*3|l*10|n*6|-n|ng|ng|o*6|oe|oe|r*6|s*8|t*6|u*12|"
            "w|w|y*3|z*6|s|b*4|6|6|o|c|c|d*5|3|-|e|f|f|g|g|hv|i|i|k|k|l|l|w|n|n|o*3|oi|"
            "oi|p|p|yr|2|2|sh|sh|t*4|u|u|y|v|y|y|z|z|zh*4|2|5|5|ts|w|-*4|dz*3|lj*3|nj*3"
            "|a|a|i|i|o|o|u*10|-|a*4|ae|ae|g*4|k|k|o*4|zh|zh|j|dz*3|g|g|hv|w|n|n|a|a|ae"
            "|ae|o|o|a*4|e*4|i*4|o*4|r*4|u*4|s|s|t|t|y|y|h|h|n|d|ou|ou|z|z|a|a|e|e|o*8|"
            "y|y|l|n|t|j|db|qp|a|c|c|l|t|s|z|-|-|b|u|-|e|e|j|j|q|q|r|r|y|y"
        ),
    ),
    (0x0300, 0x036F, ("*79|-*17|*3|a|e|i|o|u|c|d|h|m|r|t|v|x")),
    (
        0x0370,
        0x03FF,
        (
            "h|h|s|s|-|-|w|w|-|-||s|s-|s-|-|j|-*4|||a|-|e|e|i|-|o|-|u|o|i|a|b|g|d|e|z|e"
            "|th|i|k|l|m|n|ks|o|p|r|-|s|t|u|ph|kh|ps|o|i|u|a|e|e|i|u|a|b|g|d|e|z|e|th|i"
            "|k|l|m|n|x|o|p|r|s|s|t|u|ph|kh|ps|o|i|u|o|u|o|-|b|th|u*3|ph|p|-|q|q|st|st|"
            "w|w|q|q|sp|sp|sh|sh|f|f|kh|kh|h|h|g|g|ch|ch|ti|ti|k|r|c|j|th|e|e|sh|sh|s*3"
            "|r-|s|s-|s-"
        ),
    ),
    (
        0x0400,
        0x04FF,
        (
            "ie|io|dj|gj|e|dz|i|yi|j|lj|nj|tsh|kj|i|u|dzh|a|b|v|g|d|e|zh|z|i|i|k|l|m|n|"
            "o|p|r|s|t|u|f|kh|ts|ch|sh|shch||y|-|e|iu|ia|a|b|v|g|d|e|zh|z|i|i|k|l|m|n|o"
            "|p|r|s|t|u|f|kh|ts|ch|sh|shch||y|-|e|iu|ia|ie|io|dj|gj|ie|dz|i|yi|j|lj|nj|"
            "tsh|kj|i|u|dzh|o|o|e|e|ie|ie|e|e|ie|ie|o|o|io|io|ks|ks|ps|ps|f|f|y*4|u|u|o"
            "*4|ot|ot|q|q|-1000-|*4|-|-100-000-|-1-000-000-|jh|jh|-|-|r-|r-|g-*6|zh-|zh"
            "-|z-|z-|k-*8|n-|n-|ng|ng|p-|p-|kh|kh|s-|s-|t-|t-|u|u|u-|u-|kh-|kh-|tts|tts"
            "|ch-*4|h|h|ch|ch|ch-|ch-|-|zh|zh|k-|k-|lh|lh|n-|n-|nh|nh|ch|ch|mh|mh|h|a*4"
            "|ae|ae|ie|ie|-*4|zh|zh|z|z|dz|dz|i*4|o*6|e|e|u*6|ch|ch|gh|gh|y|y|xh|xh|x|x"
            "|h|h"
        ),
    ),
    (0x05D0, 0x05EA, ("|b|g|d|h|v|z|kh|t|y|k|k|l|m|m|n|n|s|-|p|p|ts|ts|q|r|sh|t")),
    (
        0x0621,
        0x0652,
        (
            "|a|-|w-||y-||b|-|t|th|j|h|kh|d|dh|r|z|s|sh|s|d|t|z|-|g*3|y|i|i||f|q|k|l|m|"
            "n|h|w|-|y|an|un|in|a|u|i|w|"
        ),
    ),
    (
        0x1E00,
        0x1EFF,
        (
            "a|a|b*6|c|c|d*10|e*10|f|f|g|g|h*10|i*4|k*6|l*8|m*6|n*8|o*8|p*4|r*8|s*10|t*"
            "8|u*10|v*4|w*10|x*4|y|y|z*6|h|t|w|y|a|s*3|ss|d|a*24|e*16|i*4|o*24|u*14|y*8"
            "|ll|ll|v|v|y|y"
        ),
    ),
    (
        0x2000,
        0x22FF,
        (
            "-*12|*4|-*26|*5|-|-0|-00|-*24|7|pp|-*30|*6|0|*3|4|5|6|7|8|9|-*5|n|0|1|2|3|"
            "4|5|6|7|8|9|-*6|a|e|o|x|e|h|k|l|m|n|p|s|t|-*3|ecu|cl|cr|ff|l|mil|n|pts|rs|"
            "w|ns|d|eur|k|t|dr|pf|p|g|ara|hrn|ghc|lt|sm|t|rs|tl|m|manat|rb|lari|btc|-*1"
            "6|*20|-*28|*34|tm|*22|information-source-|*6|s|g|l|l|y|d|d|e|i|j|pl|-|p|a-"
            "s|f|ooo|1-7|1-9|1-10|-1-3-|-2-3-|-1-5-|-2-5-|-3-5-|-4-5-|-1-6-|-5-6-|-1-8-"
            "|-3-8-|-5-8-|-7-8-|-1-|i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|l|c|d|m|i|ii|"
            "iii|iv|v|vi|vii|viii|ix|x|xi|xii|l|c|d|m|-d|d-|-|-|c|6|l|-|-|0-3|2|3|-*43|"
            "v|-|-|v|-*69|v|c|d|e|e|0|-|d|e*6|-|p|u|s|-*8|sqrt|cbrt|4rt|-|inf|l|-*8|v|-"
            "|v|s|s|sss|s|ss|sss|s*3|-*88|v*3|-*5|v|-|-|x|-|-|o|-*5|x|-*25|t|v|-|v|-*3|"
            "v|-|v|-*10|v|-*4|v|-*43|e"
        ),
    ),
    (0x2460, 0x24FF, ("*139|11|12|13|14|15|16|17|18|19|20|1|2|3|4|5|6|7|8|9|10|0")),
    (
        0x2600,
        0x27BF,
        (
            "|cloud-|||comet-|*15|umbrella-|coffee-|w|b|shamrock-|*7|skull-crossbones-|"
            "|radioactive-|biohazard-|||orthodox-cross-|*3|star-and-crescent-|*3|peace-"
            "|yin-yang-|*8|wheel-of-dharma-|*15|aries-|taurus-|gemini-|cancer-|leo-|vir"
            "go-|libra-|scorpius-|sagittarius-|capricorn-|aquarius-|pisces-|*12|spades-"
            "|||clubs-||hearts-|diamonds-|*11|-|1|2|3|4|5|6|7|-|recycle-|-|-|infinity|w"
            "heelchair-|1|2|3|4|5|6|-*4|yangyao|yinyao|taiyang|shaoyin|shaoyang|taiyin|"
            "-|-|hammer-pick|anchor-|crossed-swords-|medical-symbol|scales-|alembic-|-|"
            "gear-|-|atom-|fleur-de-lis-|-*3|warning|zap-|-*8|white-circle-|black-circl"
            "e-|-*4|coffin-|urn|-*8|30|150|135|soccer-|baseball-|-|m|k|m|k|snowman-|par"
            "tly-sunny-|-|-|thunder-cloud-rain|w|b|-|x|-|ophiuchus-|pick-|-|helmet-with"
            "-cross|-|chains-|no-entry-|-*6|v|-|x|-*4|uranus|-*6|shinto-shrine-|church-"
            "|-*5|mountain-|beach-umbrella-|fountain-|golf-|ferry-|boat-|-|skier-|ice-s"
            "kate-|basketballer-|tent-|-|-|fuelpump-|-*3|*4|white-check-mark-|*4|fist-|"
            "hand-||writing-hand-||pencil2-|||black-nib-|*21|sparkles-|*35|x-||negative"
            "-squared-cross-mark-|*4|question-|grey-question-|grey-exclamation-||exclam"
            "ation-|*7|-|-|*52|heavy-plus-sign-|heavy-minus-sign-|heavy-division-sign-|"
            "*9|arrow-right-|*14|curly-loop-|*14|loop-"
        ),
    ),
    (
        0x3000,
        0x30FF,
        (
            "-*4|-jis-|-|-|0|-*11|x-|-*13|1|2|3|4|5|6|7|8|9|*6|-*5||-|-|-10-|-20-|-30-|"
            "-|masu|part-alternation-mark|||-|a|a|i|i|u|u|e|e|o|o|ka|ga|ki|gi|ku|gu|ke|"
            "ge|ko|go|sa|za|si|zi|su|zu|se|ze|so|zo|ta|da|ti|di|tu|tu|du|te|de|to|do|na"
            "|ni|nu|ne|no|ha|ba|pa|hi|bi|pi|hu|bu|pu|he|be|pe|ho|bo|po|ma|mi|mu|me|mo|y"
            "a|ya|yu|yu|yo|yo|ra|ri|ru|re|ro|wa|wa|wi|we|wo|n|vu|ka|ke|-|-|*4|-|-|yori|"
            "-|a|a|i|i|u|u|e|e|o|o|ka|ga|ki|gi|ku|gu|ke|ge|ko|go|sa|za|si|zi|su|zu|se|z"
            "e|so|zo|ta|da|ti|di|tu|tu|du|te|de|to|do|na|ni|nu|ne|no|ha|ba|pa|hi|bi|pi|"
            "hu|bu|pu|he|be|pe|ho|bo|po|ma|mi|mu|me|mo|ya|ya|yu|yu|yo|yo|ra|ri|ru|re|ro"
            "|wa|wa|wi|we|wo|n|vu|ka|ke|va|vi|ve|vo|||-|-|koto"
        ),
    ),
    (0xFB00, 0xFB06, ("ff|fi|fl|ffi|ffl|st|st")),
    (0xFE00, 0xFE0F, ("-*16")),
    (
        0xFF00,
        0xFFEF,
        (
            "-*16|0|1|2|3|4|5|6|7|8|9|-*7|a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w"
            "|x|y|z|-*6|a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z|-*11|wo|a|i"
            "|u|e|o|ya|yu|yo|tu|-|a|i|u|e|o|ka|ki|ku|ke|ko|sa|si|su|se|so|ta|ti|tu|te|t"
            "o|na|ni|nu|ne|no|ha|hi|hu|he|ho|ma|mi|mu|me|mo|ya|yu|yo|ra|ri|ru|re|ro|wa|"
            "n|-|-||g|gg|gs|n|nj|nh|d|dd|r|lg|lm|lb|ls|lt|lp|rh|m|b|bb|bs|s|ss||j|jj|c|"
            "k|t|p|h|-*3|a|ae|ya|yae|eo|e|-|-|yeo|ye|o|wa|wae|oe|-|-|yo|u|weo|we|wi|yu|"
            "-|-|eu|yi|i|-*3|-c|ps|-*3|y-|w-|-*7|o|-"
        ),
    ),
)

# Hangul syllables are spelt from their three letters, as deunicode does.
# Ideographs and emoji: only those of the measured table. Their full tables
# (some 20,000 ideographs, 1,900 emoji names) are more than a profile should
# carry, and emoji names are where newer deunicode versions differ.
_MEASURED = {
    "日": "ri-", "本": "ben-", "語": "yu-", "中": "zhong-", "文": "wen-",
    "🚀": "rocket-", "🎉": "tada-",
}  # fmt: skip
_SAFE_REMOVES = '<>:"/\\|?*'  # what slugify.paths = "safe" removes
SLUGIFY_MODES = ("on", "safe", "off")


class Untransliterated(ValueError):
    """A character whose transliteration this profile does not carry."""

    def __init__(self, char: str) -> None:
        super().__init__(char)
        self.char = char


@functools.cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, last, packed in _RANGES:
        effects: list[str] = []
        for token in packed.split("|"):
            effect, star, count = token.partition("*")
            effects.extend([effect] * (int(count) if star else 1))
        table.update(zip(map(chr, range(first, last + 1)), effects, strict=True))
    table.update(_MEASURED)
    return table


def _transliterated(char: str) -> str:
    spelt = hangul.syllable(char)
    if spelt is not None:
        return spelt
    found = _table().get(char)
    if found is None:
        raise Untransliterated(char)
    return found


def slugify(text: str, mode: str = "on") -> str:
    """A page's slug as Zola makes it under ``slugify.paths = mode``.

    ``on``: every other character transliterated to ASCII, then lowercase
    letters and digits kept and each run of anything else one ``-``, none at
    either end; raises :class:`Untransliterated` for a character outside the
    table. ``safe``: trailing spaces and dots trimmed, then the characters
    Windows forbids in file names removed. ``off``: as written.
    """
    if mode == "off":
        return text
    if mode == "safe":
        return "".join(c for c in text.rstrip(" .") if c not in _SAFE_REMOVES)
    out: list[str] = []
    dash = True  # as if after a dash: no dash at the start
    for char in text:
        for c in char if char.isascii() else _transliterated(char):
            if "a" <= c <= "z" or "0" <= c <= "9":
                out.append(c)
                dash = False
            elif "A" <= c <= "Z":
                out.append(c.lower())
                dash = False
            elif not dash:
                out.append("-")
                dash = True
    return "".join(out).removesuffix("-")
