"""HTML and plain-text files that open with YAML front matter, as Jekyll's
``.html`` and ``.txt`` posts do: the front matter is split off and the rest
is the body, in the file's own markup. Files without it read as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedsmith.errors import SourceError
from feedsmith.readers import html, plaintext

FRONTED = "---\ntitle: An <em>HTML</em> post\ndate: 2024-08-10\n---\n"


def test_an_html_file_with_front_matter():
    text = FRONTED + "<p>Body with <b>markup</b>.</p>\n<!--more-->\n<p>Rest.</p>\n"
    document = html.read(Path("post.html"), text)
    assert document.meta == {"title": "An <em>HTML</em> post", "date": "2024-08-10"}
    assert document.line_of("date") == 3
    assert document.body.markup == "html"
    assert document.body.text.startswith("<p>Body with <b>markup</b>.</p>")
    assert document.body.line == 5
    assert document.body.excerpt_separator == "<!--more-->"


def test_a_text_file_with_front_matter():
    document = plaintext.read(Path("cut.txt"), FRONTED + "First line.\n\nSecond.\n")
    assert document.meta["title"] == "An <em>HTML</em> post"
    assert document.body.markup == "text"
    assert document.body.text == "First line.\n\nSecond.\n"


def test_without_front_matter_nothing_changes():
    page = "<html><head><title>Saved</title></head><body><p>Hi</p></body></html>"
    document = html.read(Path("saved.html"), page)
    assert document.meta["title"] == "Saved"
    assert document.body.text == "<p>Hi</p>"
    text = plaintext.read(Path("a.txt"), "A title\n\nBody.\n")
    assert text.meta == {"title": "A title"}
    assert text.body.text == "Body."


def test_an_unclosed_dash_line_is_no_front_matter():
    document = plaintext.read(Path("a.txt"), "---\nA title\n\nBody.\n")
    assert document.meta["title"] == "---"  # as before: the first line
    assert document.body.markup == "text"


def test_broken_front_matter_names_its_line():
    with pytest.raises(SourceError) as caught:
        html.read(Path("post.html"), "---\ntitle: a: b\n---\n<p>x</p>\n")
    assert caught.value.line == 2
    assert "invalid YAML front matter" in caught.value.message
