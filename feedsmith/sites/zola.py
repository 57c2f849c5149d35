"""Zola: read a Zola site's config and place its pages as Zola 0.19-0.21 does.

Every rule here is written down, with its source, in ``docs/profiles/zola.md``;
its tables are this module's tests (``tests/test_profile_zola.py``). Zola has
no package this project can install, so the rules come from its documentation
and source; the ``slugify = "on"`` transliteration was measured on the crates
Zola calls (``slug`` 0.1.4, ``deunicode`` 1.3.1).
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from feedsmith import dates, yamltext
from feedsmith.errors import ConfigError, SkippedSource, SourceError
from feedsmith.sites import LineOf, Placement, Profile

# --- slugs ---

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
_HANGUL_FIRST = (
    "g", "gg", "n", "d", "dd", "r", "m", "b", "bb", "s", "ss", "", "j", "jj",
    "c", "k", "t", "p", "h",
)  # fmt: skip
_HANGUL_VOWEL = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe",
    "yo", "u", "weo", "we", "wi", "yu", "eu", "yi", "i",
)  # fmt: skip
_HANGUL_LAST = (
    "", "g", "gg", "gs", "n", "nj", "nh", "d", "l", "lg", "lm", "lb", "ls",
    "lt", "lp", "lh", "m", "b", "bs", "s", "ss", "ng", "j", "c", "k", "t", "p",
    "h",
)  # fmt: skip
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
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:
        first, rest = divmod(code - 0xAC00, 21 * 28)
        vowel, last = divmod(rest, 28)
        return _HANGUL_FIRST[first] + _HANGUL_VOWEL[vowel] + _HANGUL_LAST[last]
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


# --- dates ---

# A file or bundle folder name that starts with a date, or an RFC 3339 date
# and time with its offset, then optionally (a space,) ``_`` or ``-`` and
# the rest, which is the slug. ``\d`` and ``\s`` are Unicode, as in Zola.
_DATED_NAME = re.compile(
    r"(?P<date>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?)"
    r"(?:\s?[_-](?P<rest>.+)\Z)?"
)
# A date string as TOML writes one, then the looser YAML 1.1 timestamp.
_TOML_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)
_YAML_DATE = re.compile(
    r'"?(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d{2}):(\d{2})'
    r'(\.\d{0,9})?[ \t]*(Z|[-+]\d\d?(?::\d\d)?)?)?"?',
    re.ASCII,
)


def zola_date(value: object, zone: tzinfo = UTC) -> datetime:
    """A front matter (or file name) date as Zola reads it: a TOML date or
    date and time, or a string in TOML's or YAML's forms; ``zone`` for one
    without an offset (Zola: UTC). Raises ``ValueError``."""
    if isinstance(value, str):
        match = _TOML_DATE.fullmatch(value) or _YAML_DATE.fullmatch(value)
        if match is None:
            raise ValueError(
                f"not a date Zola reads: {value!r}; write YYYY-MM-DD or an "
                "RFC 3339 date and time (2024-03-05T10:00:00+01:00)"
            )
        value = _moment(match, value)
    elif not isinstance(value, date):  # a datetime is a date too
        raise ValueError(f"expected a date, got {value!r}")
    return dates.parse(value, zone)


def _moment(match: re.Match[str], text: str) -> datetime:
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    zone: tzinfo | None = None
    try:
        if offset in ("Z", "z"):
            zone = UTC
        elif offset:
            hours, _, minutes = offset[1:].partition(":")
            shift = timedelta(hours=int(hours), minutes=int(minutes or 0))
            zone = timezone(-shift if offset[0] == "-" else shift)
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0),
            int(second or 0), int(float(fraction or "0") * 1_000_000), zone,
        )  # fmt: skip
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r} ({exc})") from None


# --- the site's config ---

_TABLE_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]")


@dataclass(frozen=True, slots=True)
class _Config:
    """``config.toml``, and its lines to find where a key is written."""

    path: Path
    data: Mapping[str, Any]
    lines: tuple[str, ...]

    def where(self, key: str, table: str | None = None) -> str:
        """``file:line`` of ``key`` (in ``[table]``), or of the table
        ``[key]`` or ``[key.name]``; line 1 if not found."""
        inside = table is None
        dotted = re.compile(rf"^\s*{re.escape(f'{table}.{key}')}\s*=")
        plain = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.lines, 1):
            header = _TABLE_HEADER.match(line)
            if header and table is None and header.group(1).split(".")[0] == key:
                return f"{self.path}:{number}"
            if header:
                inside = header.group(1) == table
            elif (inside and plain.match(line)) or (table and dotted.match(line)):
                return f"{self.path}:{number}"
        return f"{self.path}:1"


def _load(root: Path) -> _Config:
    path = root / "config.toml"
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Zola config: {exc}") from None
    return _Config(path, data, tuple(text.splitlines()))


def _text(config: _Config, key: str, table: str | None = None) -> str | None:
    section = config.data.get(table, {}) if table else config.data
    value = section.get(key) if isinstance(section, dict) else None
    if value is not None and not isinstance(value, str):
        raise ConfigError(
            f"{config.where(key, table)}: {key}: expected text, got {value!r}"
        )
    return value


def _refuse_unreadable(root: Path, config: _Config, feeds: list[str]) -> None:
    data = config.data
    languages = data.get("languages") or {}
    if set(languages) - {data.get("default_language", "en")}:
        raise ConfigError(
            f"{config.where('languages')}: multilingual sites are not supported "
            "yet; give site.* and sources in config.yaml for one language"
        )
    folders = [root / "templates"]
    theme = _text(config, "theme")
    if theme is not None:
        if not (root / "themes" / theme).is_dir():
            raise ConfigError(
                f"{config.where('theme')}: theme {theme!r}: no folder themes/{theme}"
            )
        folders.append(root / "themes" / theme / "templates")
    generates = data.get("generate_feeds", data.get("generate_feed"))
    for folder in folders if generates else []:
        for name in feeds:
            if (folder / name).is_file():
                raise ConfigError(
                    f"{folder / name}: a custom feed template decides what the "
                    "feed lists and how; feedsmith cannot read it: give site.*, "
                    "sources and permalink in config.yaml instead of from:"
                )


def _feed_names(config: _Config) -> list[str]:
    names = config.data.get("feed_filenames", config.data.get("feed_filename"))
    if names is None:
        return ["atom.xml"]
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(
            f"{config.where('feed_filenames')}: feed_filenames: expected a list "
            f"of file names, got {names!r}"
        )
    return names


def read(root: Path) -> Profile:
    config = _load(root)
    _refuse_unreadable(root, config, _feed_names(config))
    base_url = config.data.get("base_url")
    if not isinstance(base_url, str) or not base_url.startswith(
        ("http://", "https://")
    ):
        raise ConfigError(
            f"{config.where('base_url')}: base_url: expected an http(s) URL, got "
            f"{base_url!r}; set site.url in config.yaml instead"
        )
    content = root / "content"
    settings = {
        "site.url": (base_url.rstrip("/") + "/", config.where("base_url")),
        **_site_settings(config),
        "sources.folders": ([str(content)], f"{root}: Zola's pages are in content/"),
        "sources.include": (["*.md"], "Zola's pages are Markdown files"),
        "output": (
            str(root / "static" / "feeds"),
            f"{root}: Zola copies static/ into the site as it is",
        ),
        **_feed_settings(config),
    }
    mode, keep_dates = _slugify_settings(config)
    base = base_url[:-1] if base_url.endswith("/") else base_url
    rules = ZolaRules(content=content, base=base, paths=mode, keep_dates=keep_dates)
    return Profile("zola", root, settings, _exclusions(content, config), rules)


def _site_settings(config: _Config) -> dict[str, tuple[Any, str]]:
    settings: dict[str, tuple[Any, str]] = {}
    title = _text(config, "title")
    if title is not None:
        settings["site.title"] = (title, config.where("title"))
    description = _text(config, "description")
    if description is not None:
        settings["site.description"] = (description, config.where("description"))
    elif title is not None:
        settings["site.description"] = (
            title,
            f"{config.where('title')}: the site title (config.toml has no description)",
        )
    language = _text(config, "default_language")
    settings["site.language"] = (
        (language, config.where("default_language"))
        if language is not None
        else ("en", "Zola's default (no default_language)")
    )
    author = _text(config, "author")
    if author is not None:
        settings["site.author"] = (author, config.where("author"))
    settings["site.timezone"] = (
        "UTC",
        "Zola reads a date without an offset as UTC (it has no time zone setting)",
    )
    return settings


def _feed_settings(config: _Config) -> dict[str, tuple[Any, str]]:
    limit = config.data.get("feed_limit")
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
    ):
        raise ConfigError(
            f"{config.where('feed_limit')}: feed_limit: expected a positive whole "
            f"number, got {limit!r}; set feeds.limit in config.yaml instead"
        )
    taxonomies = config.data.get("taxonomies") or []
    tag_feeds = isinstance(taxonomies, list) and any(
        isinstance(t, dict) and t.get("name") in ("tags", "categories")
        and t.get("feed") is True
        for t in taxonomies
    )  # fmt: skip
    return {
        "feeds.limit": (limit, config.where("feed_limit"))
        if limit is not None
        else (1_000_000, "Zola's default: every page (no feed_limit)"),
        "feeds.future": (True, "Zola has no rule for future dates"),
        "feeds.tags": (True, config.where("taxonomies"))
        if tag_feeds
        else (False, "Zola makes no feed for tags or categories (no feed = true)"),
    }


def _slugify_settings(config: _Config) -> tuple[str, bool]:
    table = config.data.get("slugify", {})
    if not isinstance(table, dict):
        raise ConfigError(
            f"{config.where('slugify')}: slugify: expected a table, got {table!r}"
        )
    mode = table.get("paths", "on")
    if mode not in SLUGIFY_MODES:
        raise ConfigError(
            f"{config.where('paths', 'slugify')}: slugify.paths: expected one of "
            f"{', '.join(SLUGIFY_MODES)}, got {mode!r}"
        )
    keep = table.get("paths_keep_dates", False)
    if not isinstance(keep, bool):
        raise ConfigError(
            f"{config.where('paths_keep_dates', 'slugify')}: "
            f"slugify.paths_keep_dates: expected true or false, got {keep!r}"
        )
    return mode, keep


def _exclusions(content: Path, config: _Config) -> tuple[str, ...]:
    """Section pages, ``ignored_content``, and every folder whose section is a
    draft (Zola skips all below it)."""
    lines = ["_index.md", "_index.*.md"]
    ignored = config.data.get("ignored_content") or []
    for pattern in ignored if isinstance(ignored, list) else [ignored]:
        if not isinstance(pattern, str) or re.search(r"[{}]", pattern):
            raise ConfigError(
                f"{config.where('ignored_content')}: ignored_content: feedsmith "
                f"reads gitignore patterns, not {pattern!r}; list the files in "
                "sources.exclude in config.yaml instead"
            )
        lines.append(pattern)
    for folder, _, files in sorted(os.walk(content)):
        if "_index.md" in files and Path(folder) != content:
            index = Path(folder) / "_index.md"
            if _section_is_draft(index):
                lines.append(f"/{Path(folder).relative_to(content).as_posix()}/")
    return tuple(lines)


def _section_is_draft(index: Path) -> bool:
    """Whether a section's ``_index.md`` says ``draft = true``."""
    try:
        lines = index.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{index}: cannot read the section: {exc}") from None
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("+++", "---"):
        return False
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() == fence), None)
    header = "\n".join(lines[1:end])
    try:
        meta = (
            tomllib.loads(header)
            if fence == "+++"
            else yamltext.load(header, aliases=False)
        )
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{index}: cannot read the section: {exc}") from None
    return isinstance(meta, dict) and meta.get("draft") is True


# --- the profile ---

_URL_SAFE = "/:@!$&'()*+,;=-._~"


@dataclass(frozen=True, slots=True)
class ZolaRules:
    content: Path
    base: str  # base_url without its trailing "/": page paths start with one
    paths: str  # slugify.paths
    keep_dates: bool  # slugify.paths_keep_dates

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        parts = path.relative_to(self.content).parts
        stem = path.stem
        name = parts[-2] if stem == "index" and len(parts) > 1 else stem
        colocated = len(parts) > 1 and stem.split(".")[0] == "index"
        folders = parts[:-2] if colocated else parts[:-1]
        draft = _flag(path, meta, "draft", False, line_of)
        dated = _DATED_NAME.match(name)
        published = _date(path, meta, "date", zone, line_of)
        if published is None and dated:
            try:
                published = zola_date(dated.group("date"), zone)
            except ValueError as exc:
                raise SourceError(path, 1, f"date in the file name: {exc}") from None
        updated = _date(path, meta, "updated", zone, line_of)
        if published is None:
            raise SkippedSource(
                path, 1, "no date: Zola's feed lists only pages with a date; add "
                "'date' to make it an item"
            )  # fmt: skip
        try:
            page = self._path(path, meta, name, dated, folders, colocated, line_of)
        except Untransliterated:
            if draft:
                raise SkippedSource(path, line_of("draft"), "draft") from None
            raise
        if not _flag(path, meta, "render", True, line_of) and not draft:
            raise SkippedSource(
                path, line_of("render"), "render = false: Zola writes no page for it"
            )
        permalink = self.base + page
        return Placement(
            slug=page.rstrip("/").rpartition("/")[2],
            name=name,
            link=self.base + quote(page, safe=_URL_SAFE),
            id=permalink,  # as Zola's feed writes it, unescaped
            published=published,
            updated=updated,
            draft=draft,
            expires=None,
            written=_taxonomies(path, meta, line_of),
        )

    def _path(self, path, meta, name, dated, folders, colocated, line_of) -> str:
        """The page's path under ``base_url``, starting and ending with ``/``."""
        written = _nonempty_text(path, meta, "path", line_of)
        if written is not None:
            page = written.strip()
            page = page if page.startswith("/") else "/" + page
            return page if page.endswith("/") else page + "/"
        if not folders and not colocated and path.stem == "index":
            return "/"  # content/index.md: the site's root
        slug = self._slug(path, meta, name, dated, line_of)
        return "/" + "/".join((*folders, slug)) + "/"

    def _slug(self, path, meta, name, dated, line_of) -> str:
        written = _nonempty_text(path, meta, "slug", line_of)
        if written is not None:
            source, what, line = written, "slug", line_of("slug")
        elif dated and dated.group("rest") and not self.keep_dates:
            source, what, line = dated.group("rest"), "file name", 1
        else:
            source, what, line = name, "file name", 1
        try:
            slug = slugify(source, self.paths)
        except Untransliterated as exc:
            raise SourceError(
                path, line,
                f"{what}: feedsmith does not carry Zola's transliteration of "
                f"{exc.char!r} (U+{ord(exc.char):04X}); add slug = '...' to the "
                "front matter with the last part of this page's URL (Zola keeps "
                "such a slug as it is)",
            ) from exc  # fmt: skip
        if not slug:
            raise SourceError(
                path, line, f"{what}: {source!r} leaves an empty slug; add a slug"
            )
        return slug


def _flag(
    path: Path, meta: Mapping[str, Any], key: str, default: bool, line_of
) -> bool:
    value = meta.get(key, default)
    if not isinstance(value, bool):
        raise SourceError(
            path, line_of(key), f"{key}: expected true or false, got {value!r}"
        )
    return value


def _nonempty_text(
    path: Path, meta: Mapping[str, Any], key: str, line_of
) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise SourceError(
            path, line_of(key), f"{key}: expected text that is not empty, got {value!r}"
        )
    return value


def _date(path, meta, key, zone, line_of) -> datetime | None:
    value = meta.get(key)
    if value is None:
        return None
    try:
        return zola_date(value, zone)
    except ValueError as exc:
        raise SourceError(path, line_of(key), f"{key}: {exc}") from None


def _taxonomies(path, meta, line_of) -> Mapping[str, Any] | None:
    """Zola's ``[taxonomies]`` table: its tags and categories are feedsmith's."""
    table = meta.get("taxonomies")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise SourceError(
            path, line_of("taxonomies"), f"taxonomies: expected a table, got {table!r}"
        )
    written = {k: v for k, v in meta.items() if k not in ("tags", "categories")}
    for key in ("tags", "categories"):
        if key in table:
            written[key] = table[key]
    return written
