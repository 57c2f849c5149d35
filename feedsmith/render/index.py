"""index.html: the page a person opens in the output folder. It says what
a feed is, gives every feed's address and one-click subscribe links, and
shows the newest articles. No scripts, fonts or images: it works offline,
in any browser, and with a screen reader."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from lxml import etree
from lxml.html import builder as E
from lxml.html import tostring

from feedsmith.model import Article, Directory, Listed
from feedsmith.render import GROUPS, made_by, preferred
from feedsmith.render.discovery import LABELS, alternate

OPML_FILE = "feeds.opml"  # beside the page, as the engine writes it
# Each reader's own "add this feed" address, given the feed's URL encoded.
READERS = (
    ("Feedly", "https://feedly.com/i/subscription/feed%2F{}"),
    ("Inoreader", "https://www.inoreader.com/?add_feed={}"),
    ("NewsBlur", "https://www.newsblur.com/?url={}"),
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
STYLE = """
:root { color-scheme: light dark; --text: #1f2328; --muted: #57606a;
  --back: #ffffff; --panel: #f4f6f8; --line: #d0d7de; --link: #0b57d0;
  --focus: #bf5700; }
@media (prefers-color-scheme: dark) {
  :root { --text: #e6edf3; --muted: #a8b3bf; --back: #14171c;
    --panel: #1d2229; --line: #39414b; --link: #8ab4f8; --focus: #ffb86b; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--back); color: var(--text);
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 44rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 2.5rem; }
h1 { font-size: 2.25rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 0 0 .2rem; }
p { margin: 0 0 .9rem; }
a { color: var(--link); text-underline-offset: .15em; }
a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px;
  border-radius: 2px; }
.lead, .meta, footer { color: var(--muted); }
ul, ol { padding: 0; list-style: none; margin: 0 0 1rem; }
.files li { display: flex; flex-wrap: wrap; gap: .25rem .75rem;
  align-items: baseline; padding: .5rem .75rem; margin-bottom: .4rem;
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
.format { font-weight: 600; min-width: 6.5rem; }
.files a { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace;
  font-size: .95rem; overflow-wrap: anywhere; }
.readers { display: flex; flex-wrap: wrap; gap: .5rem; }
.readers a { display: inline-block; padding: .3rem .8rem; border-radius: 999px;
  border: 1px solid var(--link); text-decoration: none; font-weight: 600;
  font-size: .95rem; }
.readers a:hover { background: var(--panel); }
.group li { display: flex; flex-wrap: wrap; gap: .2rem 1rem;
  padding: .45rem 0; border-bottom: 1px solid var(--line); }
.tag { font-weight: 600; flex: 1 1 12rem; }
.group ul { display: flex; gap: 1rem; margin: 0; }
.group ul li { padding: 0; border: 0; }
.articles > li { padding: .9rem 0; border-bottom: 1px solid var(--line); }
.meta { font-size: .9rem; margin-bottom: .3rem; }
footer { margin-top: 2rem; padding-bottom: 2.5rem; font-size: .9rem; }
.hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
"""


def render(directory: Directory) -> bytes:
    """The page: every feed of ``directory``, the main one first."""
    site = directory.site
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.META(name="viewport", content="width=device-width, initial-scale=1"),
        E.TITLE(f"Feeds of {site.title}"),
        E.META(name="description", content=site.description),
        *(
            E.LINK(alternate(feed, file))
            for feed in directory.feeds
            for file in feed.files
        ),
        E.STYLE(STYLE),
    )
    head.insert(1, etree.Comment(f" {made_by(directory.feeds_url)} "))
    body = E.BODY(
        E.HEADER(
            E.H1(site.title),
            E.P({"class": "lead"}, site.description),
        ),
        E.MAIN(
            *_explained(site.url, site.title),
            *_main_feed(directory),
            *_groups(directory.feeds[1:]),
            *_newest(directory.newest),
        ),
        E.FOOTER(
            E.P(
                "This page and the feeds are made by feedsmith from the "
                "site's articles; they change when the site does."
            )
        ),
    )
    page = E.HTML({"lang": site.language or "en"}, head, body)
    return tostring(
        page, doctype="<!DOCTYPE html>", encoding="utf-8", pretty_print=True
    )


def _explained(site_url: str, site_title: str) -> list[etree._Element]:
    return [
        E.H2("What is a feed?"),
        E.P(
            "A feed lists a site's newest articles in a form that feed "
            "readers understand. Subscribe once, and your reader shows each "
            "new article as it appears: no account here and no e-mail needed."
        ),
        E.P(
            "To subscribe, use a button below, or copy a feed's address "
            "into your reader's “add feed” or “subscribe” box. Every "
            "format holds the same articles; RSS works everywhere. ",
            E.A("Visit ", site_title, href=site_url),
            " to read the articles on the site itself.",
        ),
    ]


def _main_feed(directory: Directory) -> list[etree._Element]:
    main = directory.feeds[0]
    shown = [
        E.H2("All articles"),
        E.P(main.description),
        _files(main),
        E.H3("Subscribe in a reader"),
        E.UL({"class": "readers"}, *_readers(main)),
    ]
    if directory.opml:
        shown.append(
            E.P(
                "Every feed of this site in one file, to import into a reader: ",
                E.A("the OPML subscription list", href=OPML_FILE, type="text/x-opml"),
                ".",
            )
        )
    return shown


def _files(feed: Listed) -> etree._Element:
    """Each format's address, as a link whose text is the address to copy."""
    return E.UL(
        {"class": "files"},
        *(
            E.LI(
                E.SPAN({"class": "format"}, LABELS[file.format]),
                E.A(file.url, href=file.url, type=file.media_type),
            )
            for file in feed.files
        ),
    )


def _readers(feed: Listed) -> list[etree._Element]:
    chosen = preferred(feed.files)
    encoded = quote(chosen.url, safe="")
    return [
        E.LI(E.A(f"Subscribe in {name}", href=pattern.format(encoded)))
        for name, pattern in READERS
    ]


# What each group of feeds offers, and how a screen reader names one of its
# feeds.
OFFERS = {
    "tags": ("One feed per tag", "feed of the tag {}"),
    "authors": ("One feed per author", "feed of articles by {}"),
    "sections": ("One feed per section", "feed of the section {}"),
    "categories": ("One feed per category", "feed of the category {}"),
    "custom": ("Feeds this site chose", "feed {}"),
}


def _groups(feeds: tuple[Listed, ...]) -> list[etree._Element]:
    """A section per kind of feed, in the order of ``GROUPS``."""
    shown: list[etree._Element] = []
    for kind, heading in GROUPS.items():
        group = [feed for feed in feeds if feed.kind == kind]
        if group:
            offer, named = OFFERS[kind]
            shown += [
                E.H2(heading),
                E.P(f"{offer}, for readers who want only part of the site."),
                E.UL({"class": f"group {kind}"}, *(_one(f, named) for f in group)),
            ]
    return shown


def _one(feed: Listed, named: str) -> etree._Element:
    """A feed of a group: its name, then a link per format."""
    name = feed.title if feed.kind == "custom" else feed.name or feed.title
    shown: list[etree._Element | str] = [E.SPAN({"class": "tag"}, name)]
    if feed.kind == "custom":
        shown.append(E.SPAN({"class": "description"}, feed.description))
    return E.LI(
        *shown,
        E.UL(
            *(
                E.LI(
                    E.A(
                        LABELS[file.format],
                        E.SPAN({"class": "hidden"}, " " + named.format(name)),
                        href=file.url,
                        type=file.media_type,
                    )
                )
                for file in feed.files
            )
        ),
    )


def _newest(newest: tuple[Article, ...]) -> list[etree._Element]:
    if not newest:
        return [E.H2("Newest articles"), E.P("No articles yet.")]
    items = (_article(item) for item in newest)
    return [E.H2("Newest articles"), E.OL({"class": "articles"}, *items)]


def _article(article: Article) -> etree._Element:
    shown = [
        E.H3(E.A(article.title, href=article.link)),
        E.P(
            {"class": "meta"},
            E.TIME(
                _readable(article.published), datetime=article.published.isoformat()
            ),
        ),
    ]
    if article.summary:
        shown.append(E.P(article.summary))
    return E.LI(E.ARTICLE(*shown))


def _readable(moment: datetime) -> str:
    """ "2 December 2026", in the date's own offset and in any locale."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
