"""reStructuredText articles, read as Pelican reads them (its ``RstReader``).

::

    Straße über Äpfel
    #################

    :date: 2024-05-20 15:00
    :tags: rust, german
    :summary: A *short* summary, itself reStructuredText.

    The body.

docutils, the reference parser, reads the whole file: the title is the
document title (docutils promotes the title of the one top-level section),
the metadata is the field list right under it (docutils' docinfo), with
Pelican's names and rules: ``:tags:`` and ``:authors:`` split on ``;`` when
there is one, else on ``,``; ``:category:``, ``:slug:``, ``:status:``,
``:lang:``, ``:modified:`` and any other field as text; ``:summary:`` as
the plain text of its reStructuredText; a ``:title:`` field over the
heading. The body is the whole file: its HTML (``pipeline/rst.py``) is
Pelican's, without the title and fields.

docutils' errors (level ERROR or SEVERE) are a ``SourceError`` at their
line, its warnings a ``SourceWarning``; it never prints, never stops half
way, and reads no file but the article (``include``, ``raw :file:`` and
``csv-table :file:`` are refused with a warning) nor any ``docutils.conf``.
Raw HTML is allowed, as in Pelican: the sanitizer cleans it like any body.
Parsing is the cost: about 50 ms for 20 KB (docutils 0.19), once per
changed file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docutils.core
from docutils import nodes, utils
from docutils.parsers.rst import Directive, directives, roles
from docutils.readers import standalone

from feedsmith.errors import SourceError, SourceWarning
from feedsmith.model import Body
from feedsmith.readers.document import Document, clean_meta

# docutils' settings for reading and rendering alike: Pelican's
# (``RstReader._get_publisher``) with nothing printed, nothing halting, no
# config file and no file read but the article.
SETTINGS: dict[str, Any] = {
    "initial_header_level": 2,
    "language_code": "en",  # Pelican's DEFAULT_LANG; fields are named in it
    "syntax_highlight": "none",  # classes only; the text is the same
    "file_insertion_enabled": False,
    "raw_enabled": True,  # as in Pelican; the sanitizer cleans the body
    "halt_level": 5,  # never stop: every message is reported, with its line
    "report_level": 5,  # nothing into the HTML, nothing printed
    "warning_stream": False,
    "traceback": True,  # raise, where docutils would print and exit
    "embed_stylesheet": False,
    "_disable_config": True,  # no docutils.conf, wherever it is
}
_LISTS = ("tags", "authors")  # Pelican's ensure_metadata_list
_FIELD = re.compile(r"^:([^:\n]+):", re.MULTILINE)
_WARNING, _ERROR = 2, 3


def read(path: Path, text: str) -> Document:
    """Split a reStructuredText file into Pelican's metadata and a body."""
    messages: list[nodes.system_message] = []
    document = _parse(path, text, messages)
    warnings = _problems(path, messages)
    meta, lines = _metadata(document, text)
    if "title" not in meta:
        warnings.append(_untitled(path, document))
    meta, cleaned = clean_meta(path, meta, lines)
    return Document(path, meta, Body(text, "rst", 1), lines, (*warnings, *cleaned))


class _Reader(standalone.Reader):
    """docutils' reader, telling ``messages`` of every message it makes."""

    def __init__(self, messages: list[nodes.system_message]) -> None:
        super().__init__()
        self.messages = messages

    def new_document(self) -> nodes.document:
        document = super().new_document()
        document.reporter.attach_observer(self.messages.append)
        return document


def _parse(
    path: Path, text: str, messages: list[nodes.system_message]
) -> nodes.document:
    try:
        return docutils.core.publish_doctree(
            text,
            source_path=str(path),
            reader=_Reader(messages),
            settings_overrides=SETTINGS,
        )
    except RecursionError:
        raise SourceError(path, 1, "reStructuredText nested too deeply") from None
    except Exception as exc:  # docutils' own failure on this text, not ours
        line = next((m.get("line") for m in reversed(messages) if m.get("line")), 1)
        raise SourceError(
            path, line or 1, f"docutils could not read the file: {exc}"
        ) from exc


def _problems(path: Path, messages: list[nodes.system_message]) -> list[SourceWarning]:
    """The warnings of ``messages``; the first error raised, with a count
    of the others."""
    errors = [m for m in messages if m["level"] >= _ERROR]
    if errors:
        more = len(errors) - 1
        also = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        first = errors[0]
        raise SourceError(path, first.get("line") or 1, _said(first) + also)
    return [
        SourceWarning(path, m.get("line") or 1, _said(m))
        for m in messages
        if m["level"] == _WARNING
    ]


def _said(message: nodes.system_message) -> str:
    text = " ".join(message[0].astext().split()) if len(message) else ""
    if text.endswith("directive disabled.") or "access deactivated" in text:
        text += " (feedsmith reads no file but the article)"
    return f"reStructuredText: {text}"


def _untitled(path: Path, document: nodes.document) -> SourceWarning:
    """Pelican's warning when docutils found no document title."""
    section = document.next_node(nodes.section)
    line = section.line if section is not None and section.line else 1
    return SourceWarning(
        path,
        line,
        "document title missing: start the file with its title, underlined, "
        "as the one top-level section (a second heading styled like it starts "
        "another), or add a :title: field",
    )


def _metadata(
    document: nodes.document, text: str
) -> tuple[dict[str, Any], dict[str, int]]:
    """The docinfo fields under Pelican's names, and the line of each."""
    meta: dict[str, Any] = {}
    for docinfo in document.findall(nodes.docinfo):
        for element in docinfo.children:
            if isinstance(element, nodes.field):
                name_node, body = element.children
                name = name_node.astext().lower()
                value: Any = " ".join(body.astext().split())
            elif isinstance(element, nodes.authors):
                name, value = "authors", [author.astext() for author in element]
            else:
                name, value = element.tagname, element.astext().strip()
            meta[name] = _processed(name, value)
    lines: dict[str, int] = {}
    for found in _FIELD.finditer(text):
        name = found.group(1).strip().lower()
        if name in meta:
            lines.setdefault(name, text.count("\n", 0, found.start()) + 1)
    found = document.first_child_matching_class(nodes.title)  # as Pelican
    title = None if found is None else document[found]
    if title is not None and "title" not in meta:
        meta["title"] = title.astext()
        lines["title"] = _title_line(title, text)
    if "category" in meta:
        meta["categories"] = meta.pop("category")
        lines["categories"] = lines.get("category", 1)
    if str(meta.get("status", "")).lower() in ("draft", "hidden"):
        meta["draft"] = True
    return meta, lines


def _processed(name: str, value: Any) -> Any:
    """A value as Pelican's reader processes it (``METADATA_PROCESSORS``);
    dates stay text, read later under the site's rules."""
    if name in _LISTS:
        if isinstance(value, str):
            value = value.split(";") if ";" in value else value.split(",")
        return list(dict.fromkeys(s for s in (v.strip() for v in value) if s))
    if name == "category":  # as the Markdown reader gives it
        return [v.strip() for v in value.split(",")]
    if name == "date":
        return value.replace("_", " ")
    return value


def _title_line(title: nodes.title, text: str) -> int:
    """The line of the title's text (docutils gives its underline's)."""
    written = title.rawsource.strip()
    for number, line in enumerate(text.split("\n", title.line or 0), start=1):
        if line.strip() == written:
            return number
    return title.line or 1


class CodeBlock(Directive):
    """Pelican's ``code-block`` and ``sourcecode``: code in a language, with
    Pelican's options accepted; the code as a literal block, not coloured
    (the text is Pelican's; its Pygments classes are not)."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = dict.fromkeys(
        (
            "anchorlinenos", "classprefix", "hl_lines", "lineanchors", "linenos",
            "linenospecial", "linenostart", "linenostep", "lineseparator",
            "linespans", "nobackground", "nowrap", "tagsfile", "tagurlformat",
        ),
        directives.unchanged,
    )  # fmt: skip
    has_content = True

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        code = "\n".join(self.content)
        language = self.arguments[0].strip()
        block = nodes.literal_block(code, code, classes=["code", language])
        self.add_name(block)
        return [block]


class abbreviation(nodes.Inline, nodes.TextElement):  # docutils names nodes so
    """Pelican's ``:abbr:`` role: ``HTML (HyperText Markup Language)``."""


_EXPLANATION = re.compile(r"\((.*)\)$", re.DOTALL)


def _abbr_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    text = utils.unescape(text)
    found = _EXPLANATION.search(text)
    if found is None:
        return [abbreviation(text, text)], []
    short = text[: found.start()].strip()
    return [abbreviation(short, short, explanation=found.group(1))], []


directives.register_directive("code-block", CodeBlock)
directives.register_directive("sourcecode", CodeBlock)
roles.register_local_role("abbr", _abbr_role)
