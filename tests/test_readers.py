"""Readers split files into metadata and body; they never interpret dates."""

import pytest

from feedsmith import SourceError
from feedsmith.errors import SkippedSource
from feedsmith.readers import read


def test_markdown_yaml_front_matter(site):
    path = site.source(
        "post.md",
        """\
        ---
        title: Hello
        date: 2024-03-05
        tags: [a, b]
        ---
        Body **text**.
        """,
    )
    doc = read(path)
    assert doc.meta == {"title": "Hello", "date": "2024-03-05", "tags": ["a", "b"]}
    assert doc.lines == {"title": 2, "date": 3, "tags": 4}
    assert doc.body.text == "Body **text**.\n"
    assert doc.body.line == 6
    assert doc.body.markup == "markdown"


def test_markdown_toml_front_matter(site):
    path = site.source(
        "post.md",
        """\
        +++
        title = "Hugo post"
        date = 2025-02-20T08:00:00+01:00
        tags = ["history"]
        +++
        Body.
        """,
    )
    doc = read(path)
    assert doc.meta["title"] == "Hugo post"
    assert doc.meta["date"].isoformat() == "2025-02-20T08:00:00+01:00"
    assert doc.lines["date"] == 3
    assert doc.body.text == "Body.\n"


def test_markdown_without_front_matter_takes_title_from_heading(site):
    doc = read(site.source("post.md", "\n# The *Title* #\n\nText\n"))
    assert doc.meta == {"title": "The *Title*"}
    assert doc.lines == {"title": 2}
    assert doc.body.text == "\nText\n"
    assert doc.body.line == 3


def test_markdown_without_title_or_heading_is_all_body(site):
    doc = read(site.source("post.md", "Just text.\n\n## Not a title\n"))
    assert doc.meta == {}
    assert doc.body.text == "Just text.\n\n## Not a title\n"


def test_summary_divider_is_noticed(site):
    doc = read(site.source("p.md", "---\ntitle: t\n---\nintro\n<!--more-->\nrest\n"))
    assert doc.body.excerpt_separator == "<!--more-->"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: a\n", 1, "front matter opened with --- is never closed"),
        ("---\ntitle: a\ndate: [2024\n---\nbody\n", 4, "invalid YAML front matter"),
        ("---\n- a\n- b\n---\nbody\n", 2, "front matter must be key: value pairs"),
        ("+++\ntitle = \ndate = 1\n+++\nbody\n", 2, "invalid TOML front matter"),
        ("---\nx: !!python/name:os.system\n---\n", 2, "invalid YAML front matter"),
    ],
)
def test_broken_front_matter_names_file_and_line(site, text, line, message):
    path = site.source("bad.md", text)
    with pytest.raises(SourceError) as caught:
        read(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert message in caught.value.message


def test_plain_text_article(site):
    path = site.source(
        "saved.txt",
        """\

        A saved article

        First paragraph
        on two lines.

        Second paragraph.

        April 7, 2025
        Previous:Older piece
        Next: Newer piece
        """,
    )
    doc = read(path)
    assert doc.meta == {
        "title": "A saved article",
        "date": "April 7, 2025",
        "related": ["Older piece", "Newer piece"],
    }
    assert doc.lines == {"title": 2, "date": 9}
    assert doc.body.text == "First paragraph\non two lines.\n\nSecond paragraph."
    assert doc.body.line == 4
    assert doc.body.markup == "text"


def test_plain_text_date_right_under_the_title(site):
    doc = read(site.source("s.txt", "Title\n2023-11-30 08:15\n\nBody.\n"))
    assert doc.meta["date"] == "2023-11-30 08:15"
    assert doc.body.text == "Body."


def test_plain_text_bom_and_crlf(site):
    path = site.source(
        "win.txt",
        "\ufeffTitle\r\n\r\nOne\r\ntwo\r\n\r\n2024-01-09\r\nNext:Other\r\n".encode(),
    )
    doc = read(path)
    assert doc.meta == {"title": "Title", "date": "2024-01-09", "related": ["Other"]}
    assert doc.body.text == "One\ntwo"


def test_plain_text_without_date_keeps_last_line_in_body(site):
    doc = read(site.source("s.txt", "Title\n\nBody.\n\nThe end.\n"))
    assert "date" not in doc.meta
    assert doc.body.text == "Body.\n\nThe end."


def test_blank_file_is_skipped(site):
    with pytest.raises(SkippedSource, match="empty file"):
        read(site.source("s.txt", "\n\n  \n"))


def test_invalid_utf8_names_the_line(site):
    path = site.source("latin.txt", b"Title\n\nCaf\xe9\n")
    with pytest.raises(SourceError) as caught:
        read(path)
    assert caught.value.line == 3
    assert "byte 0xe9 is not valid utf-8" in caught.value.message
    assert "re-save the file as UTF-8 (or set sources.encoding)" in caught.value.message


def test_xml_illegal_characters_are_removed_with_a_warning(site):
    path = site.source("c.md", "---\ntitle: a\x01b\n---\nx\x0b\ufffey\n")
    doc = read(path)
    assert doc.meta["title"] == "ab"
    assert doc.body.text == "xy\n"
    (warning,) = doc.warnings
    assert (warning.path, warning.line) == (path, 2)
    assert warning.message == (
        "removed 3 characters a feed cannot carry (the first, U+0001, here)"
    )


def test_json_front_matter(site):
    path = site.source(
        "p.md", '{\n  "title": "Hugo JSON",\n  "tags": ["a"]\n}\n\nBody.\n'
    )
    doc = read(path)
    assert doc.meta == {"title": "Hugo JSON", "tags": ["a"]}
    assert doc.lines == {"title": 2, "tags": 3}
    assert doc.body.text == "\nBody.\n"


def test_broken_json_front_matter(site):
    with pytest.raises(SourceError) as caught:
        read(site.source("p.md", '{\n  "title": "x",\n  oops\n}\n'))
    assert caught.value.line == 3
    assert "invalid JSON front matter" in caught.value.message


def test_pelican_header(site):
    path = site.source(
        "p.md",
        """\
        Title: Whip grafting
        Date: 2024-03-18 09:00
        Modified: 2024-03-20
        Category: Techniques
        Tags: grafting, apples
        Authors: Lou, Sam
        Status: draft

        Body.
        """,
    )
    doc = read(path)
    assert doc.meta == {
        "title": "Whip grafting",
        "date": "2024-03-18 09:00",
        "modified": "2024-03-20",
        "categories": ["Techniques"],
        "tags": ["grafting", "apples"],
        "authors": ["Lou", "Sam"],
        "draft": True,
    }
    assert doc.lines["date"] == 2
    assert doc.body.text == "\nBody.\n"


def test_a_colon_line_without_title_is_not_a_pelican_header(site):
    doc = read(site.source("p.md", "Note: this is body text.\n"))
    assert doc.meta == {}
    assert doc.body.text == "Note: this is body text.\n"


def test_jekyll_excerpt_separator_is_noticed(site):
    doc = read(
        site.source(
            "p.md", "---\ntitle: t\nexcerpt_separator: <!--x-->\n---\na\n<!--x-->\nb\n"
        )
    )
    assert doc.body.excerpt_separator == "<!--x-->"


def test_plain_text_header_fields(site):
    path = site.source(
        "s.txt",
        """\
        Footbridge repairs approved
        Work starts before the wet season
        By Priya Natarajan
        Tags: local, roads
        Source: https://news.example.com/bridge

        The council voted on Tuesday.
        By the time work starts, it will be dry.

        Wednesday, 6 November 2024
        """,
    )
    doc = read(path)
    assert doc.meta == {
        "title": "Footbridge repairs approved",
        "summary": "Work starts before the wet season",
        "author": "Priya Natarajan",
        "tags": ["local", "roads"],
        "url": "https://news.example.com/bridge",
        "date": "Wednesday, 6 November 2024",
    }
    assert doc.lines == {
        "title": 1, "summary": 2, "author": 3, "tags": 4, "url": 5, "date": 10
    }  # fmt: skip
    assert doc.body.text == (
        "The council voted on Tuesday.\nBy the time work starts, it will be dry."
    )


def test_plain_text_fields_after_the_body(site):
    doc = read(
        site.source("s.txt", "Title\n\nBody.\n\nAuthor: Tom\n2024-11-20\nNext:X\n")
    )
    assert doc.meta == {
        "title": "Title",
        "related": ["X"],
        "date": "2024-11-20",
        "author": "Tom",
    }
    assert doc.body.text == "Body."


def test_first_paragraph_right_under_the_title_is_not_a_subtitle(site):
    doc = read(site.source("s.txt", "Title\nFirst line of the body\ncontinues here.\n"))
    assert "summary" not in doc.meta
    assert doc.body.text == "First line of the body\ncontinues here."
