"""Plain-text bodies: hard-wrapped paragraphs flow, deliberate lines stay.

The rule is in ``feedsmith/pipeline/plaintext.py`` and the README's
"Plain-text articles" section; each case below is a kind of text that rule
was weighed against: Project Gutenberg's 70 columns, email wrapped at 72
by a mail client and by ``fmt``, verse, a postal address, lists, a table,
and the seed format (one long line per paragraph).
"""

from __future__ import annotations

import json
import os
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from conftest import run_main
from hypothesis import given, settings
from hypothesis import strategies as st

from feedsmith.config import ContentSettings
from feedsmith.model import Article, Body, clean_text
from feedsmith.pipeline.content import render
from feedsmith.pipeline.plaintext import to_html

LINK = "https://example.org/p/"
EXAMPLES = int(os.environ.get("FEEDSMITH_EXAMPLES", "60"))

# Pride and Prejudice as Project Gutenberg wraps it (about 70 columns); the
# dialogue's second line starts with a capital, yet the first line had no
# room for "Netherfield", so it is a wrap too.
GUTENBERG = """\
It is a truth universally acknowledged, that a single man in possession
of a good fortune, must be in want of a wife.

However little known the feelings or views of such a man may be on his
first entering a neighbourhood, this truth is so well fixed in the minds
of the surrounding families, that he is considered the rightful property
of some one or other of their daughters.

"My dear Mr. Bennet," said his lady to him one day, "have you heard that
Netherfield Park is let at last?"

Mr. Bennet replied that he had not.
"""

# The same email paragraph as GNU fmt -w 72 fills it: fmt balances lines
# rather than filling each to the brim ("assay" would have fitted on the
# first line), so the rule cannot demand a greedy fill.
EMAIL_FMT = """\
Thanks for the notes from Tuesday's visit. I have gone through the
assay results with the lab, and they agree that the second batch was
contaminated during crushing, so we will resubmit the duplicates next
week. In the meantime, please keep the core boxes from holes 14 to
17 in the shed, out of the rain, and label any box you move.
"""

WORDSWORTH = """\
I wandered lonely as a cloud
That floats on high o'er vales and hills,
When all at once I saw a crowd,
A host, of golden daffodils;
"""

# Long lines of verse, each as long as prose: every line starts with a
# capital and the next line's first word would have fitted, so it is verse.
WHITMAN = """\
I celebrate myself, and sing myself,
And what I assume you shall assume,
For every atom belonging to me as good belongs to you.
"""

ADDRESS = """\
Department of Earth Sciences and Engineering
12 Harbour Street
Penzance TR18 2AB
"""


def html(text: str) -> str:
    return to_html(textwrap.dedent(text))


def paragraphs(markup: str) -> list[str]:
    """Each ``<p>``'s text, with its line breaks as ``|`` and spaces collapsed."""
    fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    for br in fragment.iter("br"):
        br.tail = "|" + (br.tail or "")
    return [" ".join(p.text_content().split()) for p in fragment.iter("p")]


def test_gutenberg_paragraphs_flow():
    assert paragraphs(html(GUTENBERG)) == [
        "It is a truth universally acknowledged, that a single man in possession "
        "of a good fortune, must be in want of a wife.",
        "However little known the feelings or views of such a man may be on his "
        "first entering a neighbourhood, this truth is so well fixed in the minds "
        "of the surrounding families, that he is considered the rightful property "
        "of some one or other of their daughters.",
        '"My dear Mr. Bennet," said his lady to him one day, "have you heard that '
        'Netherfield Park is let at last?"',
        "Mr. Bennet replied that he had not.",
    ]


def test_a_wrapped_paragraph_keeps_its_line_ends_as_plain_newlines():
    # As CommonMark renders a soft break: the browser shows a space.
    assert html(EMAIL_FMT).startswith(
        "<p>Thanks for the notes from Tuesday's visit. I have gone through the\n"
        "assay results with the lab,"
    )
    assert "<br>" not in html(EMAIL_FMT)


@pytest.mark.parametrize("width", [40, 50, 72, 80, 100])
def test_email_wrapped_by_a_mail_client_flows_at_any_common_width(width):
    text = " ".join(EMAIL_FMT.split())
    wrapped = textwrap.fill(text, width)
    assert paragraphs(to_html(wrapped)) == [text]


def test_a_verse_stanza_keeps_its_lines():
    assert paragraphs(html(WORDSWORTH)) == [
        "I wandered lonely as a cloud| That floats on high o'er vales and hills,| "
        "When all at once I saw a crowd,| A host, of golden daffodils;"
    ]


def test_verse_with_lines_as_long_as_prose_keeps_them():
    assert html(WHITMAN).count("<br>") == 2


def test_verse_and_an_address_inside_a_wrapped_article_keep_their_lines():
    article = f"{EMAIL_FMT}\n{WORDSWORTH}\n{ADDRESS}\n{GUTENBERG}"
    found = paragraphs(to_html(article))
    assert found[0].startswith("Thanks for the notes") and "|" not in found[0]
    assert found[1].count("|") == 3  # the stanza
    assert found[2] == (
        "Department of Earth Sciences and Engineering| 12 Harbour Street| "
        "Penzance TR18 2AB"
    )
    assert not any("|" in p for p in found[3:])


def test_an_address_alone_keeps_its_lines():
    assert paragraphs(html(ADDRESS))[0].count("|") == 2


def test_a_table_keeps_its_rows():
    table = """\
    Hole    From (m)    To (m)    Au (g/t)    Cu (%)    Recovery (%)
    DH-14       12.0      14.5        2.31      0.42              96
    DH-15       30.5      31.0        0.08      0.01              88
    """
    assert paragraphs(html(table))[0].count("|") == 2


def test_a_short_last_line_joins_but_a_short_middle_line_keeps_the_breaks():
    prose = (
        "The council voted on Tuesday to fund repairs to the river footbridge,\n"
        "closed since a flood in March.\n"
    )
    assert paragraphs(to_html(prose)) == [" ".join(prose.split())]
    broken = (
        "The council voted on Tuesday to fund repairs to the river footbridge,\n"
        "as follows:\n"
        "closed since a flood in March damaged two of its supports, the bridge\n"
        "will reopen in the spring.\n"
    )
    assert paragraphs(to_html(broken))[0].count("|") == 3


def test_lines_over_a_hundred_characters_are_paragraphs_never_joined():
    long_lines = "\n".join(["A sentence of a paragraph saved on one line." * 3] * 2)
    assert "<br>" in to_html(long_lines)


def test_bare_urls_in_a_reflowed_paragraph_are_links():
    text = (
        "Engineers expect the work to take six weeks. Details are on the council\n"
        "site at https://council.example.gov/bridge-works (the PDF of the report).\n"
    )
    assert to_html(text) == (
        "<p>Engineers expect the work to take six weeks. Details are on the council\n"
        'site at <a href="https://council.example.gov/bridge-works">'
        "https://council.example.gov/bridge-works</a> (the PDF of the report).</p>\n"
    )


def test_bullets_and_numbers_become_lists():
    text = """\
    You will need:
    - a hand lens
    * a notebook

    Then:
    1. Wet the surface.
    2. Look closely.
    """
    assert html(text) == (
        "<p>You will need:</p>\n<ul>\n<li>a hand lens</li>\n<li>a notebook</li>\n"
        "</ul>\n<p>Then:</p>\n<ol>\n<li>Wet the surface.</li>\n"
        "<li>Look closely.</li>\n</ol>\n"
    )


def test_a_list_apart_by_blank_lines_is_one_list_and_numbers_carry_on():
    text = "3. Third.\n\n4. Fourth.\n\n- a\n\n- b\n\n7. Seventh.\n"
    assert html(text) == (
        '<ol start="3">\n<li>Third.</li>\n<li>Fourth.</li>\n</ol>\n'
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        '<ol start="7">\n<li>Seventh.</li>\n</ol>\n'
    )


def test_a_number_out_of_sequence_starts_a_new_list():
    assert html("1. One\n1. One again\n") == (
        "<ol>\n<li>One</li>\n</ol>\n<ol>\n<li>One again</li>\n</ol>\n"
    )


def test_wrapped_list_items_flow_indented_or_not():
    text = """\
    Before you send samples to the lab, check three things:
    - The bag is labelled with the hole number and the depth, in
      waterproof ink on both sides.
    - The sample sheet lists every bag in the order they are packed in
    the box, with the weight of each.
    - The box is sealed.
    After that, the courier.
    """
    assert html(text) == (
        "<p>Before you send samples to the lab, check three things:</p>\n<ul>\n"
        "<li>The bag is labelled with the hole number and the depth, in\n"
        "waterproof ink on both sides.</li>\n"
        "<li>The sample sheet lists every bag in the order they are packed in\n"
        "the box, with the weight of each.</li>\n"
        "<li>The box is sealed.</li>\n</ul>\n<p>After that, the courier.</p>\n"
    )


def test_a_dash_or_number_opening_a_wrapped_line_is_prose():
    text = """\
    The inspector said the old adit had been closed since the flood of
    - as far as anyone remembered - the wet winter of the year before
    1921. After that nobody went in again, and the portal collapsed.
    """
    assert paragraphs(html(text)) == [" ".join(textwrap.dedent(text).split())]


def test_a_scene_break_is_not_a_list():
    assert html("* * *\n- - -\n") == "<p>* * *<br>\n- - -</p>\n"


def test_short_lines_and_data_keep_their_breaks():
    assert html("depth_m,temp_c\n12,11.5\n18,12.1\n") == (
        "<p>depth_m,temp_c<br>\n12,11.5<br>\n18,12.1</p>\n"
    )


# In the seed format: one long line per paragraph, a lone date line, then
# navigation. The same article hard-wrapped at 72 columns must read the same.
SEED = [
    "An adit is a horizontal tunnel driven into a hillside to reach an ore body "
    "or to drain water from the workings above it, and the oldest of them were "
    "cut by hand long before anyone kept plans.",
    "Their timbers rot out of sight, so a portal that looks sound can hide a "
    "collapse a few metres in; see https://mines.example.org/adits for a list "
    "of the ones that are known to be unsafe.",
    "Never go in alone.",
]


def _article(title: str, paragraphs: list[str], date: str, navigation: str) -> str:
    return f"{title}\n\n" + "\n\n".join(paragraphs) + f"\n\n{date}\n\n{navigation}\n"


def test_seed_and_hard_wrapped_articles_give_the_same_feed_items(site):
    wrapped = [textwrap.fill(p, 72) for p in SEED]
    assert "\n" in wrapped[0] and "\n" in wrapped[1]
    site.source(
        "seed.txt", _article("Old adits", SEED, "April 7, 2025", "Next:Old adits again")
    )
    site.source(
        "wrapped.txt",
        _article("Old adits again", wrapped, "2025-04-08", "Previous:Old adits"),
    )
    result = run_main(site.root)
    assert result.returncode == 0, result.stderr
    entries = feedparser.parse(site.root / "feeds" / "atom.xml").entries
    by_title = {entry.title: entry for entry in entries}
    seed, again = by_title["Old adits"], by_title["Old adits again"]
    assert seed.published_parsed[:3] == (2025, 4, 7)
    assert again.published_parsed[:3] == (2025, 4, 8)
    assert paragraphs(seed.content[0].value) == SEED
    assert paragraphs(again.content[0].value) == SEED
    assert "<br" not in again.content[0].value
    assert 'href="https://mines.example.org/adits"' in again.content[0].value
    assert again.summary == SEED[0]
    items = json.loads((site.root / "feeds" / "feed.json").read_text("utf-8"))
    related = {i["title"]: i["_feedsmith"]["related"] for i in items["items"]}
    assert related["Old adits again"][0]["title"] == "Old adits"
    assert "Next:" not in seed.content[0].value
    assert "2025" not in seed.content[0].value


# Nothing lost, nothing added: the words a reader shows are the input's, in
# order. List markers become the list's own bullets and numbers, so both
# sides write a bullet as "•" and the test numbers each <ol> item itself.
WORDS = st.sampled_from(
    ["the", "ore", "Assay", "a", "grade", "-", "*", "1.", "2.", "3.", "07.",
     "<b>", "&amp;", "x" * 30, "https://example.com/a?b=1&c=2).", "Gold:", "é"]
)  # fmt: skip
LINES = st.lists(WORDS, max_size=14).map(" ".join)
INDENTS = st.sampled_from(["", "", "", "  ", "\t", "   "])
STRUCTURED = st.lists(
    st.tuples(INDENTS, LINES).map("".join) | st.just(""), max_size=30
).map("\n".join)
ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\n -*1. "),
    max_size=300,
)


def _visible(markup: str) -> list[str]:
    if not markup:
        return []
    fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    for ordered in fragment.iter("ol"):
        for number, item in enumerate(ordered.iter("li"), int(ordered.get("start", 1))):
            item.text = f"{number}. {item.text or ''}"
    for bullets in fragment.iter("ul"):
        for item in bullets.iter("li"):
            item.text = f"• {item.text or ''}"
    return _bulleted(fragment.text_content().split())


def _bulleted(words: list[str]) -> list[str]:
    return ["•" if word in ("-", "*") else word for word in words]


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(text=STRUCTURED | ANY_TEXT)
def test_the_visible_words_are_exactly_the_inputs(text):
    when = datetime(2024, 1, 1, tzinfo=UTC)
    article = Article(LINK, "t", LINK, when, None, (), (), None, Path("p.txt"))
    settings_ = ContentSettings(sanitize=True, max_bytes=10_000_000)
    rendered = render(article, Body(text, "text", 1), settings_).article
    assert _visible(rendered.content_html) == _bulleted(clean_text(text).text.split())
