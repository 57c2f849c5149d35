"""Template tags and shortcodes in a body, rendered as the site's generator
renders them, before the body's Markdown is.

Only with ``from:``: a site with feedsmith's own rules has no template
engine, so ``{{ x }}`` and ``{% x %}`` there are the author's text and stay
as written. With ``from:``, each generator's syntax is read (Jekyll's and
Eleventy's Liquid and Pelican's liquid_tags in :mod:`.liquid`, Hugo's and
Zola's shortcodes in :mod:`.shortcodes`; mkdocs has no template engine):

- the built-ins whose meaning is fixed are rendered (``{% link %}``,
  ``{{< figure >}}``, …); a question about where a file is published goes
  through ``ask``, so the engine can record it;
- any other tag is removed together with its closing pair, the text
  between kept (it is the author's words), with a :class:`Problem` naming
  the tag at its line; ``unknown="error"`` makes those errors and
  ``unknown="keep"`` leaves them as written;
- tags are read everywhere in the body, code blocks and inline code too,
  as Jekyll, Eleventy and Hugo read them (measured with Jekyll 4.3.1,
  Eleventy 3.1.8 and Hugo 0.168.0); their escapes (``{% raw %}``, Hugo's
  ``{{</* x */>}}``, Zola's ``{{/* x() */}}``) are the way to show one.

HTML a tag renders goes into the Markdown text, so it is written on one
line (a blank line would end Markdown's HTML block) and its text has every
sign Markdown reads written as a character reference: Markdown leaves it as
the tool left it, which renders a shortcode's HTML after Markdown.

Why not python-liquid (measured with python-liquid 2.3.6 on a 1 MB body
with 6,000 tags): in strict mode the first tag it does not know (Jekyll's
``link``, ``highlight``) raises; in lax mode unknown tags vanish with no
line and an unclosed ``{% if %}`` silently swallows the rest of the body;
only its warn mode gives lines, through :mod:`warnings`, and took 6.6 s
for that body; an unclosed ``{{`` raises in every mode; and ``keep`` cannot
be had at all. Liquid's lexical rules are small (a tag ends at the first
``%}``, an output at the first ``}}``): :mod:`.liquid` is a scanner of them.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from feedsmith.pipeline.links import Query, Target

Ask = Callable[[Query], Target]
UNKNOWN_TAGS = ("warn", "error", "keep")
# the generators whose bodies hold tags; mkdocs has no template engine
ENGINES = frozenset({"jekyll", "eleventy", "pelican", "hugo", "zola"})
# A Pelican link whose target holds a space, ``[Ada]({author}Ada Miner)``:
# Pelican's Python-Markdown takes it as a link, CommonMark (markdown-it) only
# in angle brackets, so it gets them. A quoted title after the target (``x
# "Title"``) keeps it from matching.
_PELICAN_SPACED = re.compile(
    r"\]\((\{(?:filename|static|attach|tag|category|author|index)\}"
    r"[^()\"'<>\n]*? [^()\"'<>\n]*?)\)"
)
# Problems listed for one body; past these, one more line counts the rest.
MAX_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a body, at a line counted from its first line."""

    line: int  # 1-based, within the body text
    message: str
    error: bool = False  # with content.unknown_tags: error


@dataclass(frozen=True, slots=True)
class Expanded:
    text: str  # the body with every tag rendered or removed
    problems: tuple[Problem, ...] = ()
    # HTML that Markdown must not touch (Hugo's ``{{< >}}`` output), each in
    # the text as a placeholder until :meth:`restore` puts it back
    html: tuple[str, ...] = ()

    def restore(self, markup: str) -> str:
        """``markup`` (the text rendered) with each placeholder replaced by
        its HTML, a paragraph holding nothing else unwrapped, as Hugo does."""
        if not self.html:
            return markup
        done: list[str] = []  # a placeholder only ever holds earlier ones

        def put_back(found: re.Match[str]) -> str:
            return done[int(found.group(1) or found.group(2))]

        for piece in self.html:
            done.append(_PLACEHOLDER.sub(put_back, piece))
        return _PLACEHOLDER.sub(put_back, markup)


def placeholder(number: int) -> str:
    """Letters and digits only, which no Markdown rule changes."""
    return f"FEEDSMITHHTML{number}X"


_PLACEHOLDER = re.compile(r"<p>FEEDSMITHHTML(\d+)X</p>|FEEDSMITHHTML(\d+)X")


def expand(
    text: str,
    generator: str | None,
    markup: str,
    ask: Ask,
    unknown: str = "warn",
    *,
    source: str = "",
    page: Mapping[str, Any] | None = None,
    site: Mapping[str, Any] | None = None,
    typographer: bool = False,
    raw_html: bool = True,
) -> Expanded:
    """``text`` with the template tags of ``generator`` rendered.

    ``source`` is the body's file (absolute, as str) for ``ask``; ``page``
    its front matter (None: not known, so ``page.x`` cannot be rendered);
    ``site`` the generator's own parsed config (``Profile.variables``);
    ``typographer`` as ``content.typographer``, for the Markdown of Hugo's
    captions. A plain-text body is never a template.
    """
    if generator not in ENGINES or markup == "text" or "{" not in text:
        return Expanded(text)
    if generator == "pelican" and markup == "markdown":
        text = _PELICAN_SPACED.sub(r"](<\1>)", text)
    scan = Scan(
        text, generator, ask, unknown, source, page, site or {}, typographer, raw_html
    )
    # Imported when used: a build reads one generator's site, not five.
    if generator == "hugo":
        from feedsmith.pipeline.shortcodes import hugo

        done = hugo(scan)
    elif generator == "zola":
        from feedsmith.pipeline.shortcodes import zola

        done = zola(scan)
    else:
        from feedsmith.pipeline.liquid import liquid

        done = liquid(scan)
    problems = sorted(scan.problems, key=lambda problem: problem.line)
    if scan.unlisted:
        last = problems[-1].line
        message = f"{scan.unlisted} more template tag problems after this line"
        problems.append(Problem(last, message, scan.unlisted_error))
    return Expanded(done, tuple(problems), tuple(scan.placed))


@dataclass(slots=True)
class Scan:
    """One body being expanded: its text, what it may ask, and what went
    wrong so far."""

    text: str
    generator: str
    ask: Ask
    unknown: str
    source: str
    page: Mapping[str, Any] | None
    site: Mapping[str, Any]
    typographer: bool = False
    raw_html: bool = True  # as content.raw_html, for Markdown inside a tag
    problems: list[Problem] = field(default_factory=list)
    unlisted: int = 0  # problems past MAX_PROBLEMS
    unlisted_error: bool = False
    placed: list[str] = field(default_factory=list)  # HTML behind placeholders
    _starts: list[int] | None = None

    @property
    def keep(self) -> bool:
        return self.unknown == "keep"

    def line(self, at: int) -> int:
        """The 1-based line of the character at ``at``."""
        if self._starts is None:
            self._starts = [m.end() for m in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._starts, at) + 1

    def block(self, tag: Tag, markup: str) -> str:
        """HTML that is a block of its own when ``tag`` starts a line: a
        blank line after it ends Markdown's HTML block there, as Jekyll's
        kramdown and Hugo end it after the element."""
        starts = tag.start == 0 or self.text[tag.start - 1] == "\n"
        return markup + "\n" if starts and markup else markup

    def html(self, markup: str) -> str:
        """HTML that goes into the page after Markdown, as Hugo puts a
        shortcode's output: here, a placeholder for it."""
        self.placed.append(markup)
        return placeholder(len(self.placed) - 1)

    def warn(self, at: int, message: str, error: bool = False) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.line(at), message, error))
        else:
            self.unlisted += 1
            self.unlisted_error |= error

    def unknown_tag(self, at: int, message: str) -> None:
        """A tag the generator's built-ins do not hold, removed (never
        called with ``unknown="keep"``)."""
        self.warn(at, message, self.unknown == "error")

    def unknown_block(self, what: str, opening: Tag, inside: str, closing: Tag) -> str:
        """An unknown tag (``what``: "Hugo shortcode") with a closing pair:
        both removed, the text between kept; or all kept, with ``keep``."""
        if self.keep:
            return opening.written + inside + closing.written
        self.unknown_tag(
            opening.start,
            f"unknown {what} {opening.written}: removed with its "
            f"{closing.written}, the text between kept",
        )
        return inside


@dataclass(slots=True)
class Tag:
    """One tag as written: ``text[start:end]``."""

    start: int
    end: int
    name: str
    args: Any  # the syntax's own reading of the arguments
    role: str  # "open" (may have a closing pair), "close" or "single"
    written: str  # as written, for messages and for keep
    key: str = ""  # what pairs an opening tag with its closing one


Piece = str | Tag


class Finder:
    """``text.find(needle, at)`` for an ``at`` that only grows: a needle
    found nowhere after some place is not looked for again, so a body of
    openers with no closer is read once, not once per opener."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: dict[str, int] = {}

    def find(self, needle: str, at: int) -> int:
        known = self._found.get(needle)
        if known is None or 0 <= known < at:
            known = self._text.find(needle, at)
            self._found[needle] = known
        return known


def pairs(pieces: list[Piece]) -> dict[int, int]:
    """Each opening tag's index, to the index of its closing tag: the
    nearest unclosed opening tag of the same key; tags opened after it and
    not closed have no pair. Linear however the tags nest."""
    stack: list[int] = []
    by_key: dict[str, list[int]] = {}
    found: dict[int, int] = {}
    for index, piece in enumerate(pieces):
        if isinstance(piece, str) or piece.role == "single":
            continue
        if piece.role == "open":
            stack.append(index)
            by_key.setdefault(piece.key, []).append(index)
            continue
        open_ = by_key.get(piece.key)
        if not open_:
            continue
        match = open_[-1]
        while stack:
            top = stack.pop()
            key = pieces[top]
            assert isinstance(key, Tag)
            by_key[key.key].pop()
            if top == match:
                break
        found[match] = index
    return found


# a tag alone, in its enclosing block; an opening tag, its rendered inside
# and its closing tag
Single = Callable[[Tag, Tag | None], str]
Block = Callable[[Tag, str, Tag], str]


def assemble(pieces: list[Piece], single: Single, block: Block) -> str:
    """The pieces with each tag rendered: a paired tag as a block around
    its rendered inside, every other tag alone. Iterative, so that any
    depth of nesting renders."""
    paired = pairs(pieces)
    closing = {end: start for start, end in paired.items()}
    frames: list[tuple[Tag | None, list[str]]] = [(None, [])]
    for index, piece in enumerate(pieces):
        if isinstance(piece, str):
            frames[-1][1].append(piece)
        elif index in paired:
            frames.append((piece, []))
        elif index in closing:
            opening, inside = frames.pop()
            assert opening is not None
            frames[-1][1].append(block(opening, "".join(inside), piece))
        else:
            frames[-1][1].append(single(piece, frames[-1][0]))
    return "".join(frames[0][1])


# --- HTML written into Markdown text ---

# Every sign Markdown (and its typographer) reads in text, as a character
# reference: inside a paragraph, Markdown shows it as written.
_KEPT = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]()!|~{}-.:+'\"=$^"}
_KEPT[ord("\n")] = "&#10;"
_TEXT = {**_KEPT, ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_TEXT[ord("#")] = "&#35;"
_HTML_TEXT = re.compile(r"(?<=>)[^<]+|^[^<]+")


def text_html(text: str) -> str:
    """``text`` as HTML that Markdown leaves as it is, on one line."""
    return text.translate(_TEXT)


def kept_html(markup: str) -> str:
    """Rendered HTML whose text Markdown leaves as it is, on one line (its
    references stay as they are)."""
    return _HTML_TEXT.sub(lambda m: m.group().translate(_KEPT), markup.strip())


def attribute(value: object) -> str:
    return html.escape(str(value), quote=True)


def plain(markup: str) -> str:
    """The text of rendered inline HTML, its references decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))
