"""Pelican: read a Pelican site's settings and place its articles as
Pelican 4.12 does.

``pelicanconf.py`` and ``publishconf.py`` are Python; they are parsed with
:mod:`ast` and never run. Only literal assignments count; ``from pelicanconf
import *`` in ``publishconf.py`` means "start from pelicanconf's values",
and publishconf's own values win, as it is the file that publishes the
site. Every rule here is measured and written down in
``docs/profiles/pelican.md``; its tables are this module's tests
(``tests/test_profile_pelican.py``).
"""

# The spelling tables hold letters that look like Latin ones, by design.
# ruff: noqa: RUF001

from __future__ import annotations

import ast
import functools
import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from string import Formatter
from typing import Any
from urllib.parse import quote, urljoin, urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedsmith import dates
from feedsmith.errors import ConfigError, SkippedSource, SourceError
from feedsmith.sites import LineOf, Placement, Profile, Unreadable

CONFIG_NAMES = ("publishconf.py", "pelicanconf.py")  # the first found publishes
# Pelican's readers by extension (``READERS`` may turn one off).
READER_SUFFIXES = ("md", "markdown", "mkd", "mdown", "rst", "html", "htm")
DEFAULT_SUBSTITUTIONS = (
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
)
# The characters a feed link keeps as they are (feedgenerator's iri_to_uri).
_IRI_SAFE = "/#%[]=:;$&()+,!?*@'~"
# The names feedsmith gives its feed files, which a Pelican feed must not take.
_FEED_FILES = ("rss.xml", "atom.xml", "feed.json")
# Plugins known to leave every article's slug, link, date and feed entry
# alone (they add pages, HTML or assets). Any other plugin is refused.
HARMLESS_PLUGINS = frozenset({
    "assets", "webassets", "sitemap", "neighbors", "related_posts", "tag_cloud",
    "render_math", "seo", "search", "tipue_search", "share_post", "readtime",
    "similar_posts", "liquid_tags", "minify", "gzip_cache", "image_process",
    "post_stats", "representative_image", "pelican_youtube", "pelican_vimeo",
    "simple_footnotes", "photos", "statistics",
})  # fmt: skip


# --- slugs ---


class Untransliterable(ValueError):
    """Pelican spells ``char`` in Latin letters with Unidecode's tables,
    which feedsmith does not carry."""

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
_HANGUL_FIRST = _spellings("g gg n d dd r m b bb s ss - j jj c k t p h")
_HANGUL_VOWEL = _spellings(
    "a ae ya yae eo e yeo ye o wa wae oe yo u weo we wi yu eu yi i"
)
_HANGUL_LAST = _spellings(
    "- g gg gs n nj nh d l lg lm lb ls lt lp lh m b bs s ss ng j c k t p h"
)


def _in(blocks: tuple[tuple[int, int], ...], char: str) -> bool:
    point = ord(char)
    return any(first <= point <= last for first, last in blocks)


@functools.lru_cache(maxsize=4096)
def _spelling(char: str) -> str:
    if char in _SPELT:
        return _SPELT[char]
    point = ord(char)
    if 0xAC00 <= point <= 0xD7A3:  # a Hangul syllable: its three jamo
        first, rest = divmod(point - 0xAC00, 588)
        vowel, last = divmod(rest, 28)
        return _HANGUL_FIRST[first] + _HANGUL_VOWEL[vowel] + _HANGUL_LAST[last]
    if _in(_ACCENTED_BLOCKS, char):
        base = [c for c in unicodedata.normalize("NFD", char) if not _mark(c)]
        if base and all(c.isascii() or c in _SPELT for c in base):
            return "".join(c if c.isascii() else _SPELT[c] for c in base)
    if _in(_NOTHING_BLOCKS, char):
        return ""
    raise Untransliterable(char)


def _mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


def transliterate(text: str) -> str:
    """``text`` in ASCII as Unidecode 1.4.0 spells it (step 3 of Pelican's
    slugify); raises ``Untransliterable`` for a character it cannot spell
    (Chinese characters, scripts no table covers)."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _spelling(c) for c in text)


def striptags(text: str) -> str:
    """MarkupSafe's ``striptags``: comments and tags out (an unclosed one
    ends the search), whitespace collapsed, then entities unescaped."""
    parts, position = [], 0
    while (start := text.find("<", position)) != -1:
        closing = "-->" if text.startswith("<!--", start) else ">"
        end = text.find(closing, start + (4 if closing == "-->" else 0))
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + len(closing)
    if position:
        text = "".join(parts) + text[position:]
    return html.unescape(" ".join(text.split()))


def slugify(
    text: str,
    substitutions: Iterable[tuple[str, str]] = DEFAULT_SUBSTITUTIONS,
    *,
    preserve_case: bool = False,
    use_unicode: bool = False,
) -> str:
    """The slug Pelican 4.12 makes of a title (or a file name, a category,
    an author); raises ``Untransliterable`` as :func:`transliterate` does."""
    value = unicodedata.normalize("NFKC", striptags(text))
    if not use_unicode:
        value = transliterate(value)
    for pattern, replacement in substitutions:
        value = _regex(unicodedata.normalize("NFKC", pattern)).sub(
            unicodedata.normalize("NFKC", replacement), value
        )
    return (value if preserve_case else value.lower()).strip()


@functools.lru_cache(maxsize=256)
def _regex(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A pattern from the site's settings, run as Pelican runs it (Python's
    ``re``); checked when the settings are read."""
    return re.compile(pattern, flags)


# --- the site's settings, read without running them ---


@dataclass(frozen=True, slots=True)
class _Setting:
    value: Any
    where: str  # "/site/publishconf.py:8"
    computed: str = ""  # what the value is when it is no literal


_KINDS = {
    ast.Call: "a call",
    ast.JoinedStr: "an f-string",
    ast.Name: "a name",
    ast.Attribute: "an attribute",
    ast.BinOp: "an expression",
    ast.BoolOp: "an expression",
    ast.Subscript: "a subscript",
    ast.IfExp: "a conditional",
    ast.ListComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.Lambda: "a function",
}


def _describe(node: ast.expr) -> str:
    shown = ast.unparse(node)
    shown = shown if len(shown) <= 50 else shown[:47] + "..."
    return f"{_KINDS.get(type(node), 'not a literal')} ({shown})"


def _stored_names(node: ast.AST, path: Path) -> list[str]:
    """The upper-case names a statement sets, at any depth; a ``from ...
    import *`` inside it could set any, and is refused."""
    names = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
            names.append(inner.id)
        elif isinstance(inner, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            names.append(inner.name)
        elif isinstance(inner, ast.alias):
            if inner.name == "*":
                raise ConfigError(
                    f"{path}:{inner.lineno}: import * inside "
                    f"{type(node).__name__.lower()!r} code: feedsmith cannot see "
                    "what it sets; write the settings it needs as literals"
                )
            names.append(inner.asname or inner.name.split(".")[0])
    return [name for name in names if name.isupper()]


def _load(
    path: Path, root: Path, reading: tuple[Path, ...] = ()
) -> dict[str, _Setting]:
    """The settings ``path`` sets, as Pelican would take them (upper-case
    module names), each a literal or marked as computed."""
    if path in reading:
        raise ConfigError(f"{path}: imports itself (through {reading[-1].name})")
    try:
        text = path.read_text(encoding="utf-8-sig")
        tree = ast.parse(text, filename=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Pelican settings: {exc}") from None
    except SyntaxError as exc:
        raise ConfigError(
            f"{path}:{exc.lineno or 1}: cannot read the Pelican settings: {exc.msg}"
        ) from None
    settings: dict[str, _Setting] = {}
    for node in tree.body:
        where = f"{path}:{node.lineno}"
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                _assign(settings, target, node.value, where, path)
        elif isinstance(node, ast.ImportFrom):
            settings.update(_imported(node, path, root, (*reading, path), where))
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    settings.pop(target.id, None)
        elif isinstance(node, ast.AugAssign):
            for name in _stored_names(node.target, path):
                settings[name] = _Setting(
                    None, where, "changed by " + ast.unparse(node)
                )
        elif not isinstance(node, ast.Import | ast.Expr | ast.Pass):
            kind = type(node).__name__.lower().removeprefix("async")
            for name in _stored_names(node, path):
                settings[name] = _Setting(None, where, f"set inside {kind!r} code")
    return settings


def _assign(
    settings: dict[str, _Setting],
    target: ast.expr,
    value: ast.expr,
    where: str,
    path: Path,
) -> None:
    if isinstance(target, ast.Name):
        if target.id.isupper():
            try:
                settings[target.id] = _Setting(ast.literal_eval(value), where)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                settings[target.id] = _Setting(None, where, _describe(value))
        return
    for name in _stored_names(target, path):
        settings[name] = _Setting(None, where, "unpacked from " + _describe(value))


def _imported(
    node: ast.ImportFrom,
    path: Path,
    root: Path,
    reading: tuple[Path, ...],
    where: str,
) -> dict[str, _Setting]:
    """``from pelicanconf import *`` (or any module file beside the settings):
    that file's settings, read the same way."""
    module = root / f"{node.module}.py" if node.module and not node.level else None
    if module is None or "." in (node.module or "") or not module.is_file():
        names = [a.asname or a.name for a in node.names]
        if "*" in names:
            raise ConfigError(
                f"{where}: from {node.module} import *: feedsmith cannot see what "
                "it sets; import only from settings files beside this one"
            )
        return {
            name: _Setting(None, where, f"imported from {node.module}")
            for name in names
            if name.isupper()
        }
    found = _load(module, root, reading)
    if any(alias.name == "*" for alias in node.names):
        return found
    return {
        alias.asname or alias.name: found[alias.name]
        for alias in node.names
        if alias.name in found and (alias.asname or alias.name).isupper()
    }


class _Settings:
    """The site's settings, with what Pelican assumes for those unset."""

    def __init__(self, root: Path) -> None:
        found = [root / name for name in CONFIG_NAMES if (root / name).is_file()]
        if not found:
            raise ConfigError(f"{root}: no pelicanconf.py or publishconf.py")
        self.file = found[0]
        self.values = _load(self.file, root)

    def where(self, name: str) -> str:
        found = self.values.get(name)
        return found.where if found else f"Pelican's default ({name} unset)"

    def computed(self, name: str, instead: str) -> str:
        """The error for ``name`` set by code rather than a literal."""
        found = self.values[name]
        return (
            f"{found.where}: {name}: {found.computed}; feedsmith never runs the "
            f"site's settings, so {instead}"
        )

    def rule(self, name: str, default: Any, *types: type) -> Any:
        """A setting the rules need: a literal of ``types``, or an error."""
        found = self.values.get(name)
        if found is None:
            return default
        if found.computed:
            raise ConfigError(self.computed(name, "write it as a literal"))
        if types and not isinstance(found.value, types):
            expected = " or ".join(
                "None" if t is type(None) else t.__name__ for t in types
            )
            raise ConfigError(
                f"{found.where}: {name}: expected {expected}, got {found.value!r}"
            )
        return found.value

    def site(self, name: str, key: str, default: Any, *types: type) -> Any:
        """A setting a config.yaml key can replace: its literal value, or
        ``Unreadable`` naming the file, the line and that key."""
        found = self.values.get(name)
        if found is not None and found.computed:
            return Unreadable(self.computed(name, f"set {key} in config.yaml instead"))
        value = default if found is None else found.value
        if types and not isinstance(value, types):
            return Unreadable(
                f"{self.where(name)}: {name}: expected {types[0].__name__}, got "
                f"{value!r}; set {key} in config.yaml instead"
            )
        return value

    def texts(self, name: str, default: list[str]) -> tuple[str, ...]:
        value = self.rule(name, default, list, tuple)
        if not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{self.where(name)}: {name}: expected a list of paths")
        return tuple(value)


# --- the rules ---


@dataclass(frozen=True, slots=True)
class PelicanRules:
    content: Path
    site_url: str  # SITEURL, without its trailing slash
    relative_urls: bool
    article_url: str
    article_lang_url: str
    draft_url: str
    draft_lang_url: str
    default_lang: str
    author: str | None
    slugify_source: str
    use_unicode: bool
    preserve_case: bool
    slug_subs: tuple[tuple[str, str], ...]
    category_subs: tuple[tuple[str, str], ...]
    author_subs: tuple[tuple[str, str], ...]
    filename_metadata: str
    path_metadata: str
    extra_path_metadata: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    default_metadata: tuple[tuple[str, Any], ...]
    category_pages: bool  # CATEGORY_SAVE_AS is set: articles have categories
    folder_category: bool
    default_category: str
    default_date: str | tuple[int, ...] | None

    def place(
        self,
        path: Path,
        meta: Mapping[str, Any],
        title: str,
        zone: tzinfo,
        line_of: LineOf,
    ) -> Placement:
        source = path.relative_to(self.content).as_posix()
        found = {
            **self._defaults(),
            **self._extra(source),
            **self._from_path(source),
            **_own(path, meta, line_of),
        }
        article = _Article(self, path, source, found, title, line_of)
        status = str(found.get("status") or "published").strip().lower()
        draft = status in ("draft", "hidden")
        if status not in ("published", "draft", "hidden"):
            why = "Status: skip" if status == "skip" else f"unknown Status: {status}"
            raise SkippedSource(path, line_of("status"), why)
        if not title.strip():
            raise SkippedSource(path, 1, "no title: Pelican skips it (and says so)")
        zone = article.zone(zone)
        published = article.date("date", zone)
        if published is None:
            if draft:
                raise SkippedSource(path, line_of("status"), f"Status: {status}")
            raise self._undated(path)
        modified = article.date("modified", zone)
        explicit = found.get("url")
        try:
            url = (
                explicit
                if isinstance(explicit, str)
                else article.url(status == "draft", published, modified)
            )
        except SkippedSource:
            if draft:  # never an item: no warning about its slug
                raise SkippedSource(
                    path, line_of("status"), f"Status: {status}"
                ) from None
            raise
        link = (
            posixpath.join(self.site_url, url)
            if self.relative_urls
            else urljoin(self.site_url + "/", url)
        )
        try:
            slug = article.slug
        except SkippedSource:
            slug = path.stem  # its address does not need it
        return Placement(
            slug=slug,
            name=path.stem,
            link=quote(link, safe=_IRI_SAFE),
            id=_tag_uri(link, published),
            published=published,
            updated=modified or published,
            draft=draft,
            expires=None,
            written=_written(meta, found, article.feed_title),
        )

    def _defaults(self) -> dict[str, Any]:
        found = {k: _processed(k, v) for k, v in self.default_metadata}
        if self.category_pages:
            found["category"] = self.default_category
        if self.default_date not in (None, "fs"):
            found["date"] = self.default_date
        return found

    def _extra(self, source: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for where, meta in self.extra_path_metadata:  # sorted: the closest wins
            if source == where or source.startswith(posixpath.join(where, "")):
                found.update(meta)
        return found

    def _from_path(self, source: str) -> dict[str, Any]:
        folder, name = posixpath.split(source)
        checks = [
            (self.filename_metadata, posixpath.splitext(name)[0]),
            (self.path_metadata, source),
        ]
        if self.folder_category and self.category_pages:
            checks.append(("(?P<category>.*)", posixpath.basename(folder)))
        found: dict[str, Any] = {}
        for pattern, text in checks:
            match = _regex(pattern, 0).match(text) if pattern and text else None
            for key, value in (match.groupdict() if match else {}).items():
                if value is not None and key.lower() not in found:
                    found[key.lower()] = _processed(key.lower(), value)
        return found

    def _undated(self, path: Path) -> SourceError:
        if self.default_date == "fs":
            moment = datetime.fromtimestamp(path.stat().st_mtime)
            return SourceError(
                path,
                1,
                "no date: DEFAULT_DATE = 'fs' dates it by the file's modification "
                "time, which every checkout changes; add the line "
                f"'Date: {moment:%Y-%m-%d %H:%M}' (that time, now) to keep it",
            )
        return SkippedSource(
            path, 1, "no date: Pelican skips an article without Date: (and says so)"
        )


class _Article:
    """One article as the rules see it: its metadata, merged as Pelican
    merges it, and what is made of it on demand."""

    def __init__(self, rules, path, source, found, title, line_of) -> None:
        self.rules: PelicanRules = rules
        self.path: Path = path
        self.source: str = source
        self.found: dict[str, Any] = found
        self.title: str = title
        self.line_of: LineOf = line_of

    def zone(self, site_zone: tzinfo) -> tzinfo:
        name = self.found.get("timezone")
        if name is None:
            return site_zone
        try:
            return ZoneInfo(str(name).strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise SourceError(
                self.path,
                self.line_of("timezone"),
                f"timezone: unknown time zone {name!r}",
            ) from None

    def date(self, key: str, zone: tzinfo) -> datetime | None:
        value = self.found.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, tuple):
            value = datetime(*value)
        elif isinstance(value, str) and key == "date":
            value = value.replace("_", " ")
        try:
            return dates.parse(value, zone)
        except ValueError as exc:
            raise SourceError(self.path, self.line_of(key), f"{key}: {exc}") from None

    @property
    def source_title(self) -> str:
        """The title as Pelican holds it: an HTML ``<title>`` still escaped."""
        if self.path.suffix.lower() in (".html", ".htm"):
            return html.escape(self.title, quote=False)
        return self.title

    @property
    def feed_title(self) -> str:
        """The title Pelican's feed shows: tags out, whitespace collapsed."""
        return striptags(self.source_title)

    @property
    def lang(self) -> str:
        return str(self.found.get("lang") or self.rules.default_lang)

    def url(self, draft: bool, published: datetime, modified: datetime | None) -> str:
        """ARTICLE_URL (DRAFT_URL for a draft, the _LANG_ one for an article
        in another language), every token filled as Pelican fills it."""
        rules, default = self.rules, self.lang == self.rules.default_lang
        pattern = (
            (rules.draft_url if default else rules.draft_lang_url)
            if draft
            else (rules.article_url if default else rules.article_lang_url)
        )
        used = _fields(pattern)
        values = {k: v for k, v in self.found.items() if k in used}
        if modified is not None:
            values["modified"] = modified
        values.update(
            date=published,
            lang=self.lang,
            path=str(self.found.get("path") or self.source),
        )
        if "slug" in used:
            values["slug"] = self.slug
        if "category" in used:
            values["category"] = self._slug_of("category", self.found.get("category"))
        if "author" in used:
            values["author"] = self._slug_of(
                "author", _authors(self.found, rules.author)
            )
        try:
            return pattern.format(**values)
        except (KeyError, AttributeError, IndexError, ValueError) as exc:
            raise SourceError(
                self.path, 1, f"the URL pattern {pattern!r} cannot be filled: {exc}"
            ) from None

    @functools.cached_property
    def slug(self) -> str:
        written = self.found.get("slug")
        if isinstance(written, str) and written.strip():
            return written.strip()
        rules = self.rules
        if rules.slugify_source == "basename":
            text, key = self.path.stem, "file name"
        else:
            text, key = self.source_title, "title"
        try:
            return slugify(
                text,
                rules.slug_subs,
                preserve_case=rules.preserve_case,
                use_unicode=rules.use_unicode,
            )
        except Untransliterable as exc:
            raise SkippedSource(
                self.path,
                self.line_of("title") if key == "title" else 1,
                f"Pelican spells the {key}'s {exc} in Latin letters with "
                "Unidecode's tables, which feedsmith does not carry; add a "
                "'Slug:' line with the slug of its current address",
            ) from None

    def _slug_of(self, what: str, named: Any) -> str:
        """The slug of the article's category or first author."""
        name = named[0] if isinstance(named, list) and named else named
        if not isinstance(name, str) or not name:
            return ""
        rules = self.rules
        subs = rules.category_subs if what == "category" else rules.author_subs
        try:
            return slugify(
                name,
                subs,
                preserve_case=rules.preserve_case,
                use_unicode=rules.use_unicode,
            )
        except Untransliterable as exc:
            raise SkippedSource(
                self.path,
                self.line_of(what),
                f"Pelican spells the {what} {name!r}'s {exc} in Latin letters "
                "with Unidecode's tables, which feedsmith does not carry; add a "
                "'URL:' line with its current address",
            ) from None


@functools.lru_cache(maxsize=64)
def _fields(pattern: str) -> frozenset[str]:
    """The metadata a URL pattern names (``{date:%Y}`` and ``{date.year}``
    name ``date``)."""
    return frozenset(
        re.split(r"[.\[]", name, maxsplit=1)[0]
        for _, name, _, _ in Formatter().parse(pattern)
        if name
    )


def _own(path: Path, meta: Mapping[str, Any], line_of: LineOf) -> dict[str, Any]:
    """The article's own metadata under Pelican's names: keys lower-cased,
    ``Status:`` back from the reader's ``draft``, and for an HTML article
    only what Pelican's HTML reader would also find."""
    own = {str(key).lower(): value for key, value in meta.items()}
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


def _processed(key: str, value: Any) -> Any:
    """A value from the file's path or DEFAULT_METADATA, as Pelican's reader
    processes metadata (dates stay text until the article's zone is known)."""
    if isinstance(value, str) and key in ("slug", "status", "category", "author"):
        return value.strip()
    if key in ("tags", "authors"):
        return _listed(value)
    return value


def _listed(value: Any) -> list[str]:
    """Pelican's list of tags or authors: split on ``;`` when there is one,
    else on ``,``; stripped, empty ones dropped, each once."""
    if isinstance(value, list) and any(";" in str(item) for item in value):
        value = ", ".join(map(str, value))  # the reader split a ';' list on ','
    if isinstance(value, str):
        value = value.split(";") if ";" in value else value.split(",")
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(s for s in (str(v).strip() for v in value) if s))


def _authors(found: Mapping[str, Any], default: str | None) -> list[str]:
    author = found.get("author")
    if isinstance(author, str) and author.strip():
        return [author.strip()]
    authors = _listed(found.get("authors"))
    return authors or ([default] if default else [])


def _written(
    meta: Mapping[str, Any], found: Mapping[str, Any], title: str
) -> dict[str, Any]:
    """The front matter under feedsmith's names: the title as Pelican's feed
    shows it, tags and authors as Pelican lists them (no author: site.author,
    from AUTHOR), the category as a category."""
    written = {k: v for k, v in meta.items() if k not in ("authors", "category")}
    if title:
        written["title"] = title
    written["tags"] = _listed(found.get("tags"))
    category = found.get("category")
    written["categories"] = [category] if isinstance(category, str) and category else []
    authors = _authors(found, None)
    if authors:
        written["author"] = authors
    else:
        written.pop("author", None)
    return written


def _tag_uri(link: str, published: datetime) -> str:
    """The id Pelican's feed gives an entry: host, the day of its date in
    its own offset, and the link's path as written (a space stays a space)."""
    parts = urlparse(link)
    fragment = f"/{parts.fragment}" if parts.fragment else ""
    return f"tag:{parts.hostname},{published:%Y-%m-%d}:{parts.path}{fragment}"


# --- the profile ---


def read(root: Path) -> Profile:
    conf = _Settings(root)
    _refuse_plugins(conf)
    content = _content(root, conf)
    rules = _rules(conf, content)
    settings: dict[str, tuple[Any, str]] = {}

    def put(key: str, value: Any, name: str) -> None:
        settings[key] = (value, conf.where(name))

    put("site.url", rules.site_url + "/", "SITEURL")
    title = conf.site("SITENAME", "site.title", "A Pelican Blog", str)
    title = striptags(title) if isinstance(title, str) else title
    put("site.title", title, "SITENAME")
    subtitle = conf.site("SITESUBTITLE", "site.description", None, str, type(None))
    if subtitle is None:  # Pelican's feed has an empty one; feeds need one
        why = f"{conf.where('SITENAME')} (SITESUBTITLE unset: the site's name)"
        described = (
            title
            if isinstance(title, str)
            else Unreadable(
                conf.computed(
                    "SITENAME",
                    "with SITESUBTITLE unset, set site.description in config.yaml "
                    "instead",
                )
            )
        )
        settings["site.description"] = (described, why)
    else:
        put("site.description", subtitle, "SITESUBTITLE")
    put("site.language", rules.default_lang, "DEFAULT_LANG")
    put("site.timezone", _zone_setting(conf), "TIMEZONE")
    author = conf.site("AUTHOR", "site.author", None, str, type(None))
    if author is not None:
        put(
            "site.author",
            {"name": author} if isinstance(author, str) else author,
            "AUTHOR",
        )
    put("sources.folders", [str(content)], "PATH")
    put("sources.include", _suffixes(conf), "READERS")
    output, where = _output(conf, content)
    settings["output"] = (output, where)
    limit = conf.site("FEED_MAX_ITEMS", "feeds.limit", 100, int, type(None))
    if limit is None:
        limit = 1_000_000  # None: every article
    elif isinstance(limit, int) and limit < 1:
        limit = Unreadable(
            f"{conf.where('FEED_MAX_ITEMS')}: FEED_MAX_ITEMS: {limit} makes every "
            "feed empty; set feeds.limit in config.yaml instead"
        )
    put("feeds.limit", limit, "FEED_MAX_ITEMS")
    put(
        "feeds.future",
        conf.site("WITH_FUTURE_DATES", "feeds.future", True, bool),
        "WITH_FUTURE_DATES",
    )
    settings["feeds.tags"] = _tag_feeds(conf)
    exclude = _exclusions(conf, content)
    return Profile(
        "pelican", root, settings, exclude, rules, _rule_settings(conf, rules)
    )


def _content(root: Path, conf: _Settings) -> Path:
    """PATH, relative to the settings file; unset, ``content`` as
    pelican-quickstart's Makefile passes it."""
    path = conf.rule("PATH", None, str)
    if path is None:
        if (root / "content").is_dir():
            return (root / "content").resolve()
        raise ConfigError(
            f"{conf.file}: PATH is unset, so Pelican reads the folder named on its "
            'command line; set PATH (for example PATH = "content")'
        )
    return (conf.file.parent / path).resolve()


def _refuse_plugins(conf: _Settings) -> None:
    plugins = conf.rule("PLUGINS", None, list, tuple, type(None)) or ()
    for plugin in plugins:
        name = str(plugin).rsplit(".", 1)[-1].lower().replace("-", "_")
        if name.removeprefix("pelican_") not in HARMLESS_PLUGINS and (
            name not in HARMLESS_PLUGINS
        ):
            raise ConfigError(
                f"{conf.where('PLUGINS')}: PLUGINS: {plugin!r} may change what "
                "Pelican publishes (slugs, links, dates, feeds) and feedsmith does "
                "not run plugins; remove it, or leave out from: and give site.*, "
                "sources and permalink in config.yaml"
            )


def _rules(conf: _Settings, content: Path) -> PelicanRules:
    site_url = conf.site("SITEURL", "site.url", "", str)
    if isinstance(site_url, Unreadable) or not site_url.startswith(
        ("http://", "https://")
    ):
        raise ConfigError(
            f"{conf.where('SITEURL')}: SITEURL: expected an absolute http(s) URL "
            f"literal, got {conf.values['SITEURL'].computed or repr(site_url)}: "
            "feedsmith builds every link and id from it as Pelican does (so "
            "site.url in config.yaml cannot stand in); write it in publishconf.py, "
            "which feedsmith reads first"
            if "SITEURL" in conf.values
            else f"{conf.file}: SITEURL is unset; set it in publishconf.py"
        )
    patterns = ("ARTICLE_URL", "ARTICLE_LANG_URL", "DRAFT_URL", "DRAFT_LANG_URL")
    by_author = any("author" in _fields(str(_value(conf, p, ""))) for p in patterns)
    author = (
        conf.rule("AUTHOR", None, str, type(None))
        if by_author
        else (_value(conf, "AUTHOR", None))
    )
    return PelicanRules(
        content=content,
        site_url=site_url.rstrip("/"),
        relative_urls=bool(conf.rule("RELATIVE_URLS", False, bool)),
        article_url=_pattern(conf, "ARTICLE_URL", "{slug}.html"),
        article_lang_url=_pattern(conf, "ARTICLE_LANG_URL", "{slug}-{lang}.html"),
        draft_url=_pattern(conf, "DRAFT_URL", "drafts/{slug}.html"),
        draft_lang_url=_pattern(conf, "DRAFT_LANG_URL", "drafts/{slug}-{lang}.html"),
        default_lang=conf.rule("DEFAULT_LANG", "en", str).lower(),
        author=author if isinstance(author, str) else None,
        slugify_source=_choice(conf, "SLUGIFY_SOURCE", "title", ("title", "basename")),
        use_unicode=conf.rule("SLUGIFY_USE_UNICODE", False, bool),
        preserve_case=conf.rule("SLUGIFY_PRESERVE_CASE", False, bool),
        slug_subs=_substitutions(
            conf, "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_SUBSTITUTIONS
        ),
        category_subs=_substitutions(conf, "CATEGORY_REGEX_SUBSTITUTIONS", None),
        author_subs=_substitutions(conf, "AUTHOR_REGEX_SUBSTITUTIONS", None),
        filename_metadata=_path_pattern(
            conf, "FILENAME_METADATA", r"(?P<date>\d{4}-\d{2}-\d{2}).*"
        ),
        path_metadata=_path_pattern(conf, "PATH_METADATA", ""),
        extra_path_metadata=_extra_path_metadata(conf),
        default_metadata=tuple(conf.rule("DEFAULT_METADATA", {}, dict).items()),
        category_pages=bool(conf.rule("CATEGORY_SAVE_AS", "category/{slug}.html")),
        folder_category=bool(conf.rule("USE_FOLDER_AS_CATEGORY", True, bool)),
        default_category=conf.rule("DEFAULT_CATEGORY", "misc", str),
        default_date=_default_date(conf),
    )


def _pattern(conf: _Settings, name: str, default: str) -> str:
    pattern = conf.rule(name, default, str)
    try:
        list(Formatter().parse(pattern))
    except ValueError as exc:
        raise ConfigError(f"{conf.where(name)}: {name}: {exc} in {pattern!r}") from None
    return str(pattern)


def _choice(conf: _Settings, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = conf.rule(name, default, str)
    if value not in allowed:
        raise ConfigError(
            f"{conf.where(name)}: {name}: expected {' or '.join(allowed)}, "
            f"got {value!r}"
        )
    return str(value)


def _substitutions(
    conf: _Settings, name: str, default: tuple[tuple[str, str], ...] | None
) -> tuple[tuple[str, str], ...]:
    """A list of (regex, replacement) pairs; unset CATEGORY_ and AUTHOR_ ones
    are SLUG_REGEX_SUBSTITUTIONS."""
    if default is None and name not in conf.values:
        return _substitutions(conf, "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_SUBSTITUTIONS)
    pairs = conf.rule(name, default, list, tuple)
    if not all(
        isinstance(pair, list | tuple)
        and len(pair) == 2
        and all(isinstance(part, str) for part in pair)
        for pair in pairs
    ):
        raise ConfigError(
            f"{conf.where(name)}: {name}: expected a list of (regex, replacement) pairs"
        )
    for pattern, _ in pairs:
        try:
            _regex(unicodedata.normalize("NFKC", pattern))
        except re.error as exc:
            raise ConfigError(
                f"{conf.where(name)}: {name}: {pattern!r}: {exc}"
            ) from None
    return tuple((str(a), str(b)) for a, b in pairs)


def _path_pattern(conf: _Settings, name: str, default: str) -> str:
    pattern = conf.rule(name, default, str, type(None)) or ""
    try:
        _regex(pattern, 0)
    except re.error as exc:
        raise ConfigError(f"{conf.where(name)}: {name}: {pattern!r}: {exc}") from None
    return str(pattern)


def _extra_path_metadata(
    conf: _Settings,
) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    extra = conf.rule("EXTRA_PATH_METADATA", {}, dict)
    if not all(isinstance(k, str) and isinstance(v, dict) for k, v in extra.items()):
        raise ConfigError(
            f"{conf.where('EXTRA_PATH_METADATA')}: EXTRA_PATH_METADATA: expected "
            "{path: {key: value}}"
        )
    return tuple(
        (path, tuple((str(k).lower(), v) for k, v in meta.items()))
        for path, meta in sorted(extra.items())
    )


def _default_date(conf: _Settings) -> str | tuple[int, ...] | None:
    value = conf.rule("DEFAULT_DATE", None, str, tuple, list, type(None))
    if value in (None, "fs"):
        return value
    try:
        if isinstance(value, str):
            dates.parse(value, ZoneInfo("UTC"))
            return value
        if all(isinstance(part, int) for part in value):
            datetime(*value)
            return tuple(value)
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            f"{conf.where('DEFAULT_DATE')}: DEFAULT_DATE: {exc}"
        ) from None
    raise ConfigError(
        f"{conf.where('DEFAULT_DATE')}: DEFAULT_DATE: expected 'fs', a date or a "
        f"tuple of numbers, got {value!r}"
    )


def _zone_setting(conf: _Settings) -> Any:
    zone = conf.site("TIMEZONE", "site.timezone", "UTC", str)
    if isinstance(zone, str):
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            return Unreadable(
                f"{conf.where('TIMEZONE')}: TIMEZONE: unknown time zone {zone!r}; "
                "set site.timezone in config.yaml instead"
            )
    return zone


def _suffixes(conf: _Settings) -> list[str]:
    """The files Pelican reads, by extension (``READERS = {"html": None}``
    turns one off)."""
    readers = conf.rule("READERS", {}, dict)
    for suffix, reader in readers.items():
        if reader is not None:
            raise ConfigError(
                f"{conf.where('READERS')}: READERS: {suffix!r}: feedsmith reads "
                "articles with its own readers; only None (off) can be read here"
            )
    return [f"*.{s}" for s in READER_SUFFIXES if s not in readers]


def _output(conf: _Settings, content: Path) -> tuple[Any, str]:
    """``feeds`` in the content folder, which Pelican copies to its output
    as it is when STATIC_PATHS lists it; feeds.url follows (site.url +
    feeds/)."""
    where = conf.where("STATIC_PATHS")
    instead = "set output: (and feeds.url:) in config.yaml instead"
    for name in ("STATIC_PATHS", "STATIC_EXCLUDES", "STATIC_URL", "STATIC_SAVE_AS",
                 "EXTRA_PATH_METADATA", *_PELICAN_FEEDS):  # fmt: skip
        if name in conf.values and conf.values[name].computed:
            return Unreadable(conf.computed(name, instead)), where
    paths = _value(conf, "STATIC_PATHS", ["images"])
    static = {posixpath.normpath(str(p)).strip("/") for p in paths}
    excluded = {
        posixpath.normpath(str(p)).strip("/")
        for p in _value(conf, "STATIC_EXCLUDES", [])
    }
    problem = ""
    if not static & {"feeds", "."} or "feeds" in excluded:
        setting = (
            "STATIC_PATHS" if "STATIC_PATHS" in conf.values else "STATIC_PATHS (unset)"
        )
        problem = (
            f"{where if 'STATIC_PATHS' in conf.values else conf.file}: {setting}: "
            f"Pelican copies {sorted(static)} into the site, not "
            f"{content / 'feeds'}, where feedsmith writes the feeds; add 'feeds' "
            f"to STATIC_PATHS, or {instead}"
        )
    for name in ("STATIC_URL", "STATIC_SAVE_AS"):
        if _value(conf, name, "{path}") != "{path}":
            where = conf.where(name)
            problem = f"{where}: {name}: not Pelican's '{{path}}'; {instead}"
    for path, meta in _value(conf, "EXTRA_PATH_METADATA", {}).items():
        folder = posixpath.normpath(str(path)).strip("/")
        moved = isinstance(meta, dict) and {"path", "save_as"} & set(meta)
        if moved and (folder in (".", "feeds") or folder.startswith("feeds/")):
            where = conf.where("EXTRA_PATH_METADATA")
            problem = (
                f"{where}: EXTRA_PATH_METADATA: {path!r} moves the feeds; {instead}"
            )
    taken = [f"feeds/{name}" for name in _FEED_FILES]
    for name in _PELICAN_FEEDS:
        if str(_value(conf, name, "")).removeprefix("/") in taken:
            where = conf.where(name)
            problem = (
                f"{where}: {name}: Pelican writes its own feed where feedsmith "
                f"writes one; rename it, or {instead}"
            )
    return (Unreadable(problem) if problem else str(content / "feeds")), where


_PELICAN_FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")


def _value(conf: _Settings, name: str, default: Any) -> Any:
    found = conf.values.get(name)
    return default if found is None or found.value is None else found.value


def _tag_feeds(conf: _Settings) -> tuple[Any, str]:
    """feeds.tags: on when Pelican publishes a feed per category or tag."""
    names = ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS")
    defaults = {"CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml"}
    for name in names:
        value = conf.site(name, "feeds.tags", defaults.get(name), str, type(None))
        if isinstance(value, Unreadable):
            return value, conf.where(name)
        if value:
            return True, conf.where(name)
    return False, conf.where(names[0])


def _exclusions(conf: _Settings, content: Path) -> tuple[str, ...]:
    """What Pelican never reads as an article: all but ARTICLE_PATHS, then
    PAGE_PATHS and ARTICLE_EXCLUDES (folders), IGNORE_FILES (names), and
    the feeds folder feedsmith writes."""
    lines = _only_under(conf.texts("ARTICLE_PATHS", [""]))
    for folder in (
        *conf.texts("PAGE_PATHS", ["pages"]),
        *conf.texts("ARTICLE_EXCLUDES", []),
    ):
        folder = posixpath.normpath(folder).strip("/")
        if folder not in ("", "."):
            lines.append(f"/{_literal(folder)}/")
    for pattern in conf.texts("IGNORE_FILES", ["**/.*"]):
        if "/" not in pattern and "\\" not in pattern:  # Pelican matches names only
            lines.append("\\" + pattern if pattern[:1] in ("!", "#") else pattern)
    lines.append("/feeds/")
    return tuple(lines)


def _only_under(paths: tuple[str, ...]) -> list[str]:
    """gitignore lines that keep only what is in ``paths`` (relative to the
    content folder; ``""`` is all of it)."""
    wanted = sorted({posixpath.normpath(p).strip("/") for p in paths})
    if not wanted or any(p in ("", ".") for p in wanted):
        return [] if wanted else ["*"]
    kept = [p for p in wanted if not any(p.startswith(q + "/") for q in wanted)]
    lines, opened = ["/*"], set()
    for path in kept:
        parts = path.split("/")
        for end in range(1, len(parts)):
            folder = _literal("/".join(parts[:end]))
            if folder not in opened:
                opened.add(folder)
                lines += [f"!/{folder}/", f"/{folder}/*"]
        lines.append(f"!/{_literal(path)}")
    return lines


def _literal(path: str) -> str:
    """``path`` as a gitignore line matches it, wildcards escaped."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", path)


def _rule_settings(conf: _Settings, rules: PelicanRules) -> dict[str, tuple[Any, str]]:
    """The settings the rules use, under Pelican's names, for --explain."""
    shown = {
        "ARTICLE_URL": rules.article_url,
        "ARTICLE_LANG_URL": rules.article_lang_url,
        "DRAFT_URL": rules.draft_url,
        "DRAFT_LANG_URL": rules.draft_lang_url,
        "RELATIVE_URLS": rules.relative_urls,
        "SLUGIFY_SOURCE": rules.slugify_source,
        "SLUGIFY_USE_UNICODE": rules.use_unicode,
        "SLUGIFY_PRESERVE_CASE": rules.preserve_case,
        "SLUG_REGEX_SUBSTITUTIONS": [list(p) for p in rules.slug_subs],
        "FILENAME_METADATA": rules.filename_metadata,
        "PATH_METADATA": rules.path_metadata,
        "EXTRA_PATH_METADATA": {p: dict(m) for p, m in rules.extra_path_metadata},
        "DEFAULT_METADATA": dict(rules.default_metadata),
        "USE_FOLDER_AS_CATEGORY": rules.folder_category,
        "DEFAULT_CATEGORY": rules.default_category,
        "DEFAULT_DATE": rules.default_date,
        "ARTICLE_PATHS": list(conf.texts("ARTICLE_PATHS", [""])),
        "PAGE_PATHS": list(conf.texts("PAGE_PATHS", ["pages"])),
        "ARTICLE_EXCLUDES": list(conf.texts("ARTICLE_EXCLUDES", [])),
        "STATIC_PATHS": _value(conf, "STATIC_PATHS", ["images"]),
    }
    return {name: (value, conf.where(name)) for name, value in shown.items()}
