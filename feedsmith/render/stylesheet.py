"""The stylesheets RSS and Atom feeds name, so that a feed opened in a
browser reads as a page instead of as markup.

``feed.css`` styles the feed's own elements and works in every browser;
``feed.xsl`` turns the feed into a full HTML page (with links, readable
dates and subscribe buttons) where the browser still runs XSLT. Both are the
same for every feed of a site and read everything they show from the feed,
so they sit beside each other in the package as plain files, and only the
note that marks them as feedsmith's is added here.
"""

from __future__ import annotations

from importlib.resources import files

from feedsmith.model import Directory
from feedsmith.render import made_by

_WITH_INDEX = '<xsl:variable name="index" select="true()"/>'


def render(directory: Directory, name: str) -> bytes:
    """The stylesheet ``name`` (feed.css or feed.xsl)."""
    sheet = files(__package__).joinpath(name).read_text(encoding="utf-8")
    note = made_by(directory.feeds_url)
    if name == "feed.css":
        return f"/* {note} */\n{sheet}".encode()
    if not directory.index:
        sheet = sheet.replace(_WITH_INDEX, _WITH_INDEX.replace("true()", "false()"))
    declaration, rest = sheet.split("\n", 1)  # the comment may not precede it
    return f"{declaration}\n<!-- {note} -->\n{rest}".encode()
