"""A plain-text body as HTML: paragraphs, reflowed hard wraps, lists, links.

Text saved from an article site or an email is often hard-wrapped: every
paragraph filled to about 72 columns. Shown line by line with ``<br>``, it
reads as ragged lines in a feed reader; so a paragraph that looks filled to
a common width becomes one flowing paragraph, while short deliberate lines
(verse, an address, data) keep their breaks. The rule, which the README's
"Plain-text articles" section states for users:

- The text's *width* is its longest line of at most ``MAX_WIDTH``
  characters. Below ``MIN_WIDTH`` nothing is reflowed.
- A line *runs on* when it is 60 % of the width or longer, no longer than
  the width, and does not end with a colon.
- A paragraph is *hard-wrapped* when it has two lines or more, every line
  but the last is 60-100 % of the width, no line holds a tab or three
  spaces in a row (a table), and it does not read as verse: some line after
  the first starts with a lower-case letter, or the first word of each line
  would not have fitted at the end of the line above.
- A line starting ``- ``, ``* `` or a number and ``. `` is a list item,
  unless it sits right under a text line that runs on (a wrapped sentence
  whose next line happens to start with a dash or a number).

Nothing is lost or added: the visible words are the input's, in order (a
property test keeps it so), list markers becoming the list's own bullets
and numbers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from itertools import pairwise

MIN_WIDTH = 40
MAX_WIDTH = 100
FILLED = 0.6  # of the width: a line this long may have been wrapped

_BLANK_LINES = re.compile(r"\n\s*\n")
_BARE_URL = re.compile(r"https?://[^\s<>\"]++")
# A bullet or a number without leading zeros, then a space; the rest of the
# line is the item's text.
_ITEM = re.compile(r"[ \t]*+(?:([-*])|(0|[1-9][0-9]{0,8})\.)[ \t]++")
_ALIGNED = re.compile(r"\S(?:\t|   )")  # columns: a tab or three spaces


@dataclass(slots=True)
class _List:
    """A run of list items; ``number`` is the first item's, or None for ``<ul>``."""

    number: int | None
    items: list[list[str]] = field(default_factory=list)

    def follows(self, number: int | None) -> bool:
        """Whether an item numbered ``number`` carries this list on."""
        if self.number is None or number is None:
            return self.number is None and number is None
        return number == self.number + len(self.items)


_Block = list[str] | _List  # a run of text lines, or a list


def to_html(text: str) -> str:
    """``text`` as HTML paragraphs and lists, escaped, bare URLs linked."""
    lines = [line.rstrip() for line in text.split("\n")]
    width = max((len(line) for line in lines if len(line) <= MAX_WIDTH), default=0)
    blocks: list[_Block] = []
    for paragraph in _BLANK_LINES.split(text):
        filled = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
        for block in _blocks(filled, width):
            previous = blocks[-1] if blocks else None
            if (
                isinstance(block, _List)
                and isinstance(previous, _List)
                and previous.follows(block.number)
            ):
                previous.items += block.items  # items apart by blank lines
            else:
                blocks.append(block)
    return "".join(_block_html(block, width) for block in blocks)


def _blocks(lines: list[str], width: int) -> list[_Block]:
    """One paragraph's lines as text runs and lists, in order."""
    blocks: list[_Block] = []
    above = ""
    for line in lines:
        current = blocks[-1] if blocks else None
        marker = _marker(line)
        if marker and not (isinstance(current, list) and _runs_on(above, width)):
            number = _number(marker)
            if not (isinstance(current, _List) and current.follows(number)):
                current = _List(number)
                blocks.append(current)
            current.items.append([line])
        elif isinstance(current, _List) and (
            line[:1].isspace() or _runs_on(above, width)
        ):
            current.items[-1].append(line)  # the item goes on
        elif isinstance(current, list):
            current.append(line)
        else:
            blocks.append([line])
        above = line
    return blocks


def _marker(line: str) -> re.Match[str] | None:
    """The list marker that opens ``line``, if it is a list item."""
    match = _ITEM.match(line)
    if match is None or not any(c.isalnum() for c in line[match.end() :]):
        return None  # "* * *" is a scene break, not a list
    return match


def _number(marker: re.Match[str]) -> int | None:
    """An ordered item's number; None for a bullet."""
    return None if marker.group(2) is None else int(marker.group(2))


def _runs_on(line: str, width: int) -> bool:
    """Whether ``line`` looks cut at the wrap width, its sentence going on."""
    return (
        width >= MIN_WIDTH
        and FILLED * width <= len(line) <= width
        and not line.endswith(":")
    )


def _wrapped(lines: list[str], width: int) -> bool:
    """Whether ``lines`` are one paragraph filled to ``width`` (see above)."""
    if len(lines) < 2 or width < MIN_WIDTH:
        return False
    if any(_ALIGNED.search(line) for line in lines):
        return False
    if not all(FILLED * width <= len(line) <= width for line in lines[:-1]):
        return False
    if any(line.lstrip()[:1].islower() for line in lines[1:]):
        return True
    return all(  # a greedy wrap: the next word did not fit on the line
        len(line) + 1 + len(below.split()[0]) > width for line, below in pairwise(lines)
    )


def _block_html(block: _Block, width: int) -> str:
    if isinstance(block, list):
        return f"<p>{_joined(block, width)}</p>\n"
    items = "".join(
        f"<li>{_joined(lines, width, _ITEM.sub('', lines[0], count=1))}</li>\n"
        for lines in block.items
    )
    if block.number is None:
        return f"<ul>\n{items}</ul>\n"
    start = "" if block.number == 1 else f' start="{block.number}"'
    return f"<ol{start}>\n{items}</ol>\n"


def _joined(lines: list[str], width: int, first: str | None = None) -> str:
    """Lines as one flowing text when wrapped, else apart by ``<br>``.

    ``first`` stands for the first line's text (an item's, without its
    marker); the whole line still counts for the width.
    """
    texts = [lines[0] if first is None else first, *lines[1:]]
    if _wrapped(lines, width):
        return "\n".join(_linked(text.strip()) for text in texts)
    return "<br>\n".join(map(_linked, texts))


def _linked(line: str) -> str:
    """Escape a line of plain text, turning bare http(s) URLs into links."""
    parts, position = [], 0
    for match in _BARE_URL.finditer(line):
        url = _trim_url(match.group())
        parts.append(html.escape(line[position : match.start()], quote=False))
        escaped = html.escape(url)
        parts.append(f'<a href="{escaped}">{escaped}</a>')
        position = match.start() + len(url)
    parts.append(html.escape(line[position:], quote=False))
    return "".join(parts)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation after a URL, keeping balanced parentheses.

    Counts once and cuts once: a URL ending in a long run of ")" or "."
    must not be counted and copied again for each character dropped.
    """
    end, opened, closed = len(url), url.count("("), url.count(")")
    while end:
        last = url[end - 1]
        if last == ")" and opened < closed:
            closed -= 1
        elif last not in ".,;:!?'\"]}":
            break
        end -= 1
    return url[:end]
