"""One set of rules for every format: dates, slugs, links, ids, tags, authors."""

from datetime import UTC, datetime, timedelta

import pytest

from feedsmith import SourceError
from feedsmith.model import Author, Related
from feedsmith.pipeline.gitdates import FileDates
from feedsmith.pipeline.metadata import tag_slug, to_article
from feedsmith.readers import read

ZONED = """\
site:
  title: T
  url: https://example.org/blog/
  description: D
  timezone: Asia/Shanghai
  author: {name: Site Owner, email: owner@example.org}
"""


def no_git(path):
    return None


def article(site, name, text, config=ZONED, git_dates=no_git):
    site.config(config)
    path = site.source(name, text)
    return to_article(read(path), site.load(), site.root / "sources", git_dates)


def test_link_from_permalink_pattern_in_site_zone(site):
    # 20:00 UTC on the 31st is already the 1st of the next month in Shanghai.
    a = article(site, "late.md", "---\ntitle: x\ndate: 2024-03-31T20:00:00Z\n---\n")
    assert a.link == "https://example.org/blog/2024/04/late/"
    assert a.id == a.link


def test_jekyll_file_name_gives_date_and_slug(site):
    a = article(site, "2024-09-14-pit-lamps.md", "---\ntitle: Lamps\n---\nx\n")
    assert a.published == datetime(2024, 9, 13, 16, tzinfo=UTC)
    assert a.link == "https://example.org/blog/2024/09/pit-lamps/"


def test_front_matter_date_beats_file_name_and_slug_beats_name(site):
    a = article(
        site,
        "2024-09-14-pit-lamps.md",
        "---\ntitle: L\ndate: 2024-10-01\nslug: lamps\n---\n",
    )
    assert a.link == "https://example.org/blog/2024/10/lamps/"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("permalink: /custom/path/", "https://example.org/blog/custom/path/"),
        ("url: posts/x.html", "https://example.org/blog/posts/x.html"),
        ("url: https://other.example/x", "https://other.example/x"),
    ],
)
def test_explicit_link(site, field, expected):
    a = article(site, "p.md", f"---\ntitle: x\ndate: 2024-01-01\n{field}\n---\n")
    assert a.link == expected


def test_spaces_and_non_ascii_in_links_are_percent_encoded(site):
    a = article(site, "My Post é.md", "---\ntitle: x\ndate: 2024-01-01\n---\n")
    assert a.link == "https://example.org/blog/2024/01/My%20Post%20%C3%A9/"


def test_explicit_id_wins_and_stays(site):
    a = article(site, "p.md", "---\ntitle: x\ndate: 2024-01-01\nid: urn:uuid:42\n---\n")
    assert a.id == "urn:uuid:42"
    assert a.link == "https://example.org/blog/2024/01/p/"


def test_hugo_and_jekyll_field_names(site):
    a = article(
        site,
        "p.md",
        """\
        ---
        title: x
        date: 2024-01-01 10:00
        lastmod: 2024-02-01
        tags: "one, Two Words"
        categories: [Field Notes, one]
        description: The summary.
        author: [Ann, {name: Bob, email: bob@example.org}]
        ---
        """,
    )
    assert a.published == datetime(2024, 1, 1, 10, tzinfo=a.published.tzinfo)
    assert a.published.utcoffset() == timedelta(hours=8)
    assert a.updated.date().isoformat() == "2024-02-01"
    assert a.tags == ("one", "Two Words", "Field Notes")
    assert a.summary == "The summary."
    assert a.authors == (Author("Ann"), Author("Bob", "bob@example.org"))


def test_site_author_is_the_default(site):
    a = article(site, "p.md", "---\ntitle: x\ndate: 2024-01-01\n---\n")
    assert a.authors == (Author("Site Owner", "owner@example.org"),)


@pytest.mark.parametrize(
    ("front", "flag"),
    [("draft: true", True), ("published: false", True), ("draft: false", False)],
)
def test_drafts(site, front, flag):
    a = article(site, "p.md", f"---\ntitle: x\ndate: 2024-01-01\n{front}\n---\n")
    assert a.draft is flag


def test_plain_text_article_metadata(site):
    a = article(site, "saved.txt", "Saved\n\nBody.\n\nMarch 3, 2024\nNext:Other\n")
    assert a.title == "Saved"
    assert a.published.isoformat() == "2024-03-03T00:00:00+08:00"
    assert a.related == (Related("Other"),)
    assert a.link == "https://example.org/blog/2024/03/saved/"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ndate: 2024-01-01\n---\n", 1, "no title"),
        ("---\ntitle: x\n---\n", 1, "no date"),
        ("---\ntitle: x\ndate: March 2024\n---\n", 3, "date: incomplete date"),
        ("---\ntitle: x\ndate: 2024-02-30\n---\n", 3, "not a date"),
        ("---\ntitle: [a]\ndate: 2024-01-01\n---\n", 2, "title: expected text"),
        ("---\ntitle: x\ndate: 2024-01-01\ntags: {a: 1}\n---\n", 4, "tags: expected"),
        ("---\ntitle: x\ndate: 2024-01-01\ntags: ['!!']\n---\n", 4, "no letters"),
        ("---\ntitle: x\ndate: 2024-01-01\nauthor: [1]\n---\n", 4, "author: expected"),
        (
            "---\ntitle: x\ndate: 2024-01-01\nurl: javascript:alert(1)\n---\n",
            4,
            "link must be an http(s) URL",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\nid: post 42\n---\n",
            4,
            "id: expected an absolute URL or a tag:/urn: URI",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\nlastmod: soon\n---\n",
            4,
            "lastmod: not a date",
        ),
    ],
)
def test_errors_point_at_the_field(site, text, line, message):
    with pytest.raises(SourceError) as caught:
        article(site, "bad.md", text)
    assert caught.value.line == line
    assert message in caught.value.message


def test_plain_text_without_date_is_an_error(site):
    with pytest.raises(SourceError, match="no date"):
        article(site, "s.txt", "Title\n\nBody only.\n")


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("Ore Processing", "ore-processing"),
        ("ore  processing", "ore-processing"),
        ("C++", "c"),
        ("Über/Straße", "über-straße"),
        ("snake_case", "snake-case"),
    ],
)
def test_tag_slug(tag, slug):
    assert tag_slug(tag) == slug


def test_hugo_publish_and_expiry_dates(site):
    a = article(
        site,
        "p.md",
        "---\ntitle: x\ndate: 2024-01-01\npublishDate: 2024-02-01\n"
        "expiryDate: 2024-03-01\n---\n",
    )
    assert a.published.date().isoformat() == "2024-01-01"
    assert a.embargo.date().isoformat() == "2024-02-01"
    assert a.expires.date().isoformat() == "2024-03-01"
    only = article(site, "q.md", "---\ntitle: x\npublishDate: 2024-02-01\n---\n")
    assert only.published.date().isoformat() == "2024-02-01" and only.embargo is None


def test_section_and_categories_placeholders(site):
    config = ZONED + "permalink: /{section}/{categories}/{slug}/\n"
    a = article(
        site,
        "posts/p.md",
        "---\ntitle: x\ndate: 2024-01-01\ncategories: [A B, c]\n---\n",
        config,
    )
    assert a.link == "https://example.org/blog/posts/a-b/c/p/"
    b = article(site, "q.md", "---\ntitle: x\ndate: 2024-01-01\n---\n", config)
    assert b.link == "https://example.org/blog/q/"


def test_jekyll_space_separated_categories(site):
    a = article(
        site, "p.md", "---\ntitle: x\ndate: 2024-01-01\ncategories: walks notes\n---\n"
    )
    assert a.tags == ("walks", "notes")


def test_page_bundle_slug(site):
    a = article(
        site, "posts/my-trip/index.md", "---\ntitle: x\ndate: 2024-01-01\n---\n"
    )
    assert a.link == "https://example.org/blog/2024/01/my-trip/"


def test_title_cleanup_applies_to_saved_pages_only(site):
    config = ZONED + "text: {title_cleanup: '\\s*\\|\\s*Gazette$'}\n"
    saved = article(site, "s.txt", "News | Gazette\n\nBody.\n\n2024-01-01\n", config)
    assert saved.title == "News"
    own = article(
        site, "m.md", "---\ntitle: News | Gazette\ndate: 2024-01-01\n---\n", config
    )
    assert own.title == "News | Gazette"


def test_git_dates_fill_in_when_nothing_else_does(site):
    added = datetime(2023, 4, 5, 6, 7, 8, tzinfo=UTC)
    changed = datetime(2023, 5, 1, tzinfo=UTC)
    seen = []

    def git_dates(path):
        seen.append(path.name)
        return FileDates(added, changed)

    a = article(site, "p.md", "---\ntitle: x\n---\n", git_dates=git_dates)
    assert (a.published, a.updated) == (added, changed)
    b = article(
        site, "q.md", "---\ntitle: x\ndate: 2024-01-01\n---\n", git_dates=git_dates
    )
    assert b.updated is None and seen == ["p.md"]  # git only asked when needed


def test_no_date_anywhere_names_the_fixes(site):
    with pytest.raises(SourceError) as caught:
        article(site, "p.md", "---\ntitle: x\n---\n")
    assert "commit the file to git" in caught.value.message
