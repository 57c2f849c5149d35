"""Markdown as the site's tool renders it, for bodies and for titles.

CommonMark with GitHub's tables and strikethrough, footnotes and definition
lists from `mdit-py-plugins`, GitHub's task lists and heading ids (its slugs,
which Hugo's Goldmark and Jekyll's kramdown-GFM make too).
kramdown's attribute lists (``{: .note}``, ``{:#id}``, ``{:ref: …}``) are
removed; a heading's ``{#id}`` (kramdown and Goldmark both read it) becomes
its id. Typographic quotes and dashes only with ``typographer``, as Hugo and
Jekyll make them and feedsmith, by default, does not.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

# kramdown's attribute list: ``{:`` then names, ``#id``, ``.class`` and
# ``key="value"`` (quotes may hold braces) up to ``}``; an attribute list
# definition ``{:name: …}`` and the ``{::options … /}`` extension alike.
# Each alternative starts with its own character, and every repeat is
# possessive: one pass over any text, however hostile.
_IAL = re.compile(r"""\{:(?:[^{}"'\n]++|"[^"\n]*+"|'[^'\n]*+')*+\}""")
_IAL_LINE = re.compile(rf"[ \t]*+(?:{_IAL.pattern}[ \t]*+)++")
_IAL_START = re.compile(rf"(?:{_IAL.pattern})++")
# What may end a heading's line: an attribute list, kramdown's or Goldmark's
# ``{#id .class}``, whose ``#id`` is the heading's id.
_HEADING_LIST = re.compile(rf"{_IAL.pattern}|\{{[#.][^{{}}\n]*+\}}")
_ID = re.compile(r"(?:^|[\s{:])#([^\s#.{}\"']+)")
_SPAN_CLOSE = frozenset(
    {"em_close", "strong_close", "s_close", "link_close", "code_inline", "image"}
)
_TAG = re.compile(r"<[^>]*>")
_WORDS = ("text", "code_inline")  # what a heading's id is made of
_TASK = re.compile(r"\[([ xX])\][ \t]")


def renderer(*, typographer: bool = False, raw_html: bool = True) -> MarkdownIt:
    """A Markdown renderer for bodies; raw HTML is kept, or with
    ``raw_html`` off left out, as Hugo's Goldmark leaves it out by default
    (its ``<!-- raw HTML omitted -->`` shows nothing either)."""
    md = _base({"html": True, "typographer": typographer}, typographer)
    if not raw_html:
        md.add_render_rule("html_block", _omitted)
        md.add_render_rule("html_inline", _omitted)
    md.use(footnote_plugin).use(deflist_plugin)
    md.core.ruler.after("inline", "kramdown_ial", _drop_attribute_lists)
    md.core.ruler.after("kramdown_ial", "heading_ids", _heading_ids)
    md.core.ruler.after("heading_ids", "task_boxes", _task_boxes)
    md.add_render_rule("footnote_anchor_name", _footnote_name)
    md.add_render_rule("footnote_caption", _footnote_caption)
    return md


def _omitted(self: Any, tokens: Any, index: int, options: Any, env: Any) -> str:
    return ""


def _base(options: OptionsDict | dict, typographer: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", dict(options)).enable(["table", "strikethrough"])
    if typographer:
        md.enable(["replacements", "smartquotes"])
    return md


_TITLES = {on: _base({"html": False, "typographer": on}, on) for on in (False, True)}


# What may make inline Markdown, or, with the typographer, quotes and dashes;
# a title with none of them reads as written. Most have none, and the title
# of every source is read, not only those of feed items.
_INLINE_SIGNS = frozenset("\\`*_[]<>&~\n\r\0")
_SIGNS = {False: _INLINE_SIGNS, True: _INLINE_SIGNS | frozenset("'\"-.,+!?(")}


def plain_title(title: str, *, typographer: bool = False) -> str:
    """``title`` written in inline Markdown as plain text: ``Using `git` ``
    is ``Using git``, ``A &amp; B`` is ``A & B``. Raw HTML in a title is
    text (a title that names ``<div>`` keeps it); with ``typographer``, its
    quotes and dashes are typographic."""
    if _SIGNS[typographer].isdisjoint(title):
        return title.strip()
    return _rendered_title(title, typographer)


def _rendered_title(title: str, typographer: bool) -> str:
    rendered = _TITLES[typographer].renderInline(title)
    return html.unescape(_TAG.sub("", rendered)).strip()


def _footnote_name(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """``:1``, so a note's ids are ``fn:1`` and ``fnref:1``, as Goldmark,
    kramdown and Python-Markdown name them: a reference resolved against the
    article's link lands on the note of the site's own page."""
    return f":{tokens[idx].meta['id'] + 1}"


def _footnote_caption(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A note's number as Goldmark and kramdown show it: ``1``, not ``[1]``."""
    return str(tokens[idx].meta["id"] + 1)


# mdit-py-plugins' anchors_plugin and tasklists_plugin take time that grows
# with the square of the repeated headings or of a list's tasks, so a
# hostile page would stall the run; these two rules do their work in one pass.


def _heading_ids(state: StateCore) -> None:
    """Every heading's id as GitHub makes it (anchors_plugin's ``slugify``):
    ``why-flow-drops``, then ``-1``, ``-2`` for repeats; an id the heading
    names (``{#id}``) stays and is never made again."""
    tokens = state.tokens
    headings = [
        (t, tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    used = {str(t.attrGet("id")) for t, _ in headings if t.attrGet("id")}
    repeats: dict[str, int] = {}
    for heading, inline in headings:
        words = (c.content for c in inline.children or () if c.type in _WORDS)
        base = slugify("".join(words))
        if heading.attrGet("id") or not base:
            continue
        number = repeats.get(base, 0)
        slug = f"{base}-{number}" if number else base
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        repeats[base] = number + 1
        used.add(slug)
        heading.attrSet("id", slug)


def _task_boxes(state: StateCore) -> None:
    """A task list item (``- [x] done``, GitHub's) starts with ``☑`` or
    ``☐``, not a form field: sanitizing removes those, and so do most
    readers, which would lose whether the task is done."""
    tokens = state.tokens
    for index in range(2, len(tokens)):
        inline = tokens[index]
        if (
            inline.type == "inline"
            and inline.children
            and inline.children[0].type == "text"
            and tokens[index - 1].type == "paragraph_open"
            and tokens[index - 2].type == "list_item_open"
        ):
            first = inline.children[0]
            task = _TASK.match(first.content)
            if task is not None:
                box = "☐" if task.group(1) == " " else "☑"
                first.content = box + first.content[3:]


# --- kramdown attribute lists ---


def _drop_attribute_lists(state: StateCore) -> None:
    """Remove attribute lists from the text: whole lines of them, one ending
    a block, one right after a span (``*x*{: .c}``); then the paragraphs and
    table rows they alone made."""
    emptied: set[int] = set()
    for index, token in enumerate(state.tokens):
        if token.type != "inline" or not token.children:
            continue
        heading = index and state.tokens[index - 1].type == "heading_open"
        children = _without_lines(token.children)
        _trim_spans(children)
        _trim_end(children, state.tokens[index - 1] if heading else None)
        if children is not token.children and not any(map(_shown, children)):
            emptied.add(index)
        token.children = children
    if emptied:
        state.tokens = _without_emptied(state.tokens, emptied)


def _shown(token: Token) -> bool:
    return token.type != "text" or bool(token.content.strip())


def _without_lines(children: list[Token]) -> list[Token]:
    """``children`` without the lines that are only attribute lists."""
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type == "softbreak":
            lines.append([])
        else:
            lines[-1].append(child)
    kept = [line for line in lines if not _only_lists(line)]
    if len(kept) == len(lines):
        return children
    joined: list[Token] = []
    for number, line in enumerate(kept):
        if number:
            joined.append(Token("softbreak", "br", 0))
        joined.extend(line)
    return joined


def _only_lists(line: list[Token]) -> bool:
    return (
        bool(line)
        and all(child.type == "text" for child in line)
        and _IAL_LINE.fullmatch("".join(child.content for child in line)) is not None
    )


def _trim_spans(children: list[Token]) -> None:
    """Drop an attribute list that follows a span element, as kramdown reads it."""
    for before, child in itertools.pairwise(children):
        if child.type == "text" and before.type in _SPAN_CLOSE:
            start = _IAL_START.match(child.content)
            if start is not None:
                child.content = child.content[start.end() :]


def _trim_end(children: list[Token], heading: Token | None) -> None:
    """Drop the attribute list that ends the block; a heading takes its id."""
    if not children or children[-1].type != "text":
        return
    last = children[-1]
    start = _ending(last.content, _IAL if heading is None else _HEADING_LIST)
    if start is None:
        return
    named = _ID.search(last.content, start)
    if heading is not None and named:
        heading.attrSet("id", named.group(1))
    last.content = last.content[:start].rstrip()


def _ending(text: str, pattern: re.Pattern[str]) -> int | None:
    """Where the run of ``pattern`` (spaces between) that ends ``text``
    starts, or None. One ``finditer``: an end-anchored search would try
    every start again, quadratic on a run of spaces."""
    if "{" not in text:
        return None
    start, previous = 0, -1
    for match in pattern.finditer(text):
        if previous < 0 or text[previous : match.start()].strip(" \t"):
            start = match.start()
        previous = match.end()
    return start if previous == len(text.rstrip(" \t")) else None


def _without_emptied(tokens: list[Token], emptied: set[int]) -> list[Token]:
    """``tokens`` without each paragraph or table row left empty."""
    dropped: set[int] = set()
    for index in sorted(emptied):
        opener = tokens[index - 1]
        if opener.type == "paragraph_open":
            dropped.update((index - 1, index, index + 1))
        elif opener.type in ("td_open", "th_open"):
            row = _row_around(tokens, index)
            if row is not None:
                dropped.update(row)
    return [token for number, token in enumerate(tokens) if number not in dropped]


def _row_around(tokens: list[Token], index: int) -> range | None:
    """The token numbers of the table row holding the cell at ``index``, if
    every cell of it is empty."""
    start = index
    while tokens[start].type != "tr_open":
        start -= 1
    end = index
    while tokens[end].type != "tr_close":
        end += 1
    cells = [t for t in tokens[start:end] if t.type == "inline"]
    if any(_shown(child) for cell in cells for child in cell.children or ()):
        return None
    return range(start, end + 1)
