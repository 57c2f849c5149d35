"""The release, and what else decides the bytes the cache keeps."""

from __future__ import annotations

import sys

__version__ = "0.1.0"


def fingerprint() -> str:
    """The release, Python's and each library's version whose output the
    cache keeps (parsed front matter and dates, rendered and sanitized HTML,
    pickled and marshalled values): a change to any starts the cache afresh.

    Read from the modules, which the build imports anyway: a few
    microseconds, where ``importlib.metadata`` takes milliseconds. The
    libxml2 that lxml was built with counts too.
    """
    import dateutil
    import docutils  # its package alone: half a millisecond
    import feedgen.version
    import lxml.etree
    import markdown_it
    import mdit_py_plugins
    import mutagen
    import nh3
    import pathspec
    import regex
    import yaml

    versions = (
        f"docutils {docutils.__version__}",
        f"feedgen {feedgen.version.version_str}",
        f"lxml {lxml.etree.__version__} libxml2 {lxml.etree.LIBXML_VERSION}",
        f"markdown-it-py {markdown_it.__version__}",
        f"mdit-py-plugins {mdit_py_plugins.__version__}",
        f"mutagen {mutagen.version_string}",
        f"nh3 {nh3.__version__}",  # type: ignore[attr-defined]  # not in its stub
        f"pathspec {pathspec.__version__}",
        f"python-dateutil {dateutil.__version__}",  # type: ignore[attr-defined]  # ditto
        f"PyYAML {yaml.__version__}",
        f"regex {regex.__version__}",
    )
    return " ".join((__version__, sys.version, *versions))
