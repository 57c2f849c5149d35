"""reStructuredText articles, read through docutils as Pelican reads them."""

from __future__ import annotations

import contextlib

import feedparser
import pytest
from conftest import NOW

from feedsmith import SourceError, SourceErrors, feeds
from feedsmith.readers import read

ARTICLE = """\
Using ``git`` & *friends*
#########################

:date: 2024-05-20 15:00
:modified: 2024-06-01 09:30
:tags: rust; german, more
:category: Notes
:slug: my-slug
:author: Ada Miner
:summary: A *short* summary
   over two lines.
:lang: de
:custom: value

First paragraph with a `link <https://example.org/x>`_ and :abbr:`HTML (HyperText
Markup Language)`.

A section
=========

Text.

.. code-block:: python
   :hl_lines: 1

   print("x")
"""


def test_fields_under_pelicans_names_with_their_lines(site):
    document = read(site.source("post.rst", ARTICLE))
    assert document.meta == {
        "title": "Using git & friends",
        "date": "2024-05-20 15:00",
        "modified": "2024-06-01 09:30",
        "tags": ["rust", "german, more"],  # split on ";" when there is one
        "categories": ["Notes"],
        "slug": "my-slug",
        "author": "Ada Miner",
        "summary": "A short summary over two lines.",
        "lang": "de",
        "custom": "value",
    }
    assert document.lines["title"] == 1
    assert document.lines["date"] == 4
    assert document.lines["summary"] == 10
    assert document.lines["categories"] == 7
    assert document.warnings == ()
    assert document.body.markup == "rst"


def test_authors_title_field_and_status(site):
    document = read(
        site.source(
            "post.rst",
            """\
            Heading
            =======

            :title: The field wins
            :authors: Ada Miner, Bob Digger
            :tags: a, b, a
            :status: draft

            Text.
            """,
        )
    )
    assert document.meta["title"] == "The field wins"
    assert document.meta["authors"] == ["Ada Miner", "Bob Digger"]
    assert document.meta["tags"] == ["a", "b"]
    assert document.meta["draft"] is True
    assert document.meta["status"] == "draft"


def build(site, name, text):
    site.source(name, text)
    return feeds(site.load(), NOW)


def test_round_trip_through_feedparser(site):
    output = build(site, "post.rst", ARTICLE)
    atom = feedparser.parse(output.files[site.root / "feeds" / "atom.xml"])
    (entry,) = atom.entries
    assert entry.title == "Using git & friends"
    assert entry.published.startswith("2024-05-20T15:00:00")
    assert entry.updated.startswith("2024-06-01T09:30:00")
    assert [tag.term for tag in entry.tags] == ["rust", "german, more", "Notes"]
    assert entry.link == "https://example.org/blog/2024/05/my-slug/"
    assert entry.summary == "A short summary over two lines."
    html = entry.content[0].value
    assert "Using" not in html  # the title is not part of the body
    assert "2024-05-20" not in html and "custom" not in html  # nor the fields
    assert '<a href="https://example.org/x">link</a>' in html
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert "<h2>A section</h2>" in html  # headings start at <h2>, as in Pelican
    assert 'print("x")' in html


def test_summary_is_the_opening_paragraph_without_a_field(site):
    output = build(
        site,
        "post.rst",
        """\
        Title
        =====

        :date: 2024-01-02

        First *words* here.

        Second paragraph.
        """,
    )
    parsed = feedparser.parse(output.files[site.root / "feeds" / "rss.xml"])
    assert parsed.entries[0].summary == "First words here."


def test_docutils_errors_fail_the_file_at_their_line(site, capfd):
    path = site.source(
        "post.rst",
        """\
        Title
        =====

        :date: 2024-01-02

        Text.

        .. youtube:: abc

        See `nowhere`_.
        """,
    )
    with pytest.raises(SourceError) as caught:
        read(path)
    assert caught.value.line == 8
    assert 'Unknown directive type "youtube"' in caught.value.message
    assert "(and 1 more error)" in caught.value.message
    assert capfd.readouterr() == ("", "")  # docutils printed nothing


def test_docutils_warnings_are_warnings_with_lines(site):
    document = read(
        site.source(
            "post.rst",
            """\
            Title
            =====

            :date: 2024-01-02

            * a list
            without a blank line after it.
            """,
        )
    )
    (warning,) = document.warnings
    assert warning.line == 7
    assert "reStructuredText: Bullet list ends without a blank line" in warning.message


def test_no_other_file_is_read(site, tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TEXT\n", encoding="utf-8")
    # A docutils.conf where docutils looks for one would change the title.
    (tmp_path / "docutils.conf").write_text(
        "[general]\ndoctitle_xform: no\nfile_insertion_enabled: yes\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    path = site.source(
        "post.rst",
        f"""\
        Title
        =====

        :date: 2024-01-02

        .. include:: {secret}

        .. raw:: html
           :file: {secret}

        .. csv-table::
           :file: {secret}
        """,
    )
    document = read(path)
    assert document.meta["title"] == "Title"
    assert [w.line for w in document.warnings] == [6, 8, 11]
    assert all("feedsmith reads no file" in w.message for w in document.warnings)
    output = feeds(site.load(), NOW)
    assert not any(b"SECRET" in data for data in output.files.values())


def test_raw_html_is_allowed_and_sanitized(site):
    output = build(
        site,
        "post.rst",
        """\
        Title
        =====

        :date: 2024-01-02

        .. raw:: html

           <p class="x">kept <b>bold</b></p><script>alert(1)</script>
        """,
    )
    data = output.files[site.root / "feeds" / "atom.xml"]
    html = feedparser.parse(data).entries[0].content[0].value
    assert "<b>bold</b>" in html and "alert" not in html


def test_no_document_title_says_why(site):
    path = site.source(
        "post.rst",
        """\
        First
        =====

        :date: 2024-01-02

        Second
        ======

        Text.
        """,
    )
    document = read(path)
    assert "title" not in document.meta
    (warning,) = document.warnings
    assert warning.message.startswith("document title missing")
    with pytest.raises(SourceErrors) as caught:
        feeds(site.load(), NOW)
    (error,) = caught.value.errors
    assert error.path == path  # and the warning above says why


HOSTILE = {
    "indented deeper each line": "\n\n".join(" " * n + "x" for n in range(300)),
    "a long line": "`" * 50_000,
    "a substitution of itself": ".. |a| replace:: |a|\n\n|a|\n",
    "quote marks": "> " * 3000 + "x\n",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_text_is_an_error_or_a_document_never_a_traceback(site, text):
    path = site.source("post.rst", "Title\n=====\n\n" + text)
    with contextlib.suppress(SourceError):
        assert read(path).meta["title"] == "Title"
