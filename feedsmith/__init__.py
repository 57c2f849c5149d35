"""feedsmith: turn a folder of articles into RSS 2.0, Atom 1.0 and JSON Feed 1.1.

Two calls: :func:`publish` brings a site's feed files up to date (the
engine: cache, workers, lock, atomic writes) and returns a :class:`Report`;
:func:`feeds` makes the same files in memory from scratch (the pipeline,
which defines what feedsmith outputs). The command line
(:mod:`feedsmith.cli`) is a thin shell over ``publish``.
"""

from feedsmith.config import Config, load_config
from feedsmith.engine import Report, publish
from feedsmith.errors import (
    ConfigError,
    FeedsmithError,
    OutputError,
    SourceError,
    SourceErrors,
)
from feedsmith.model import Article, Author, Feed
from feedsmith.pipeline import Output, feeds
from feedsmith.version import __version__

__all__ = [
    "Article",
    "Author",
    "Config",
    "ConfigError",
    "Feed",
    "FeedsmithError",
    "Output",
    "OutputError",
    "Report",
    "SourceError",
    "SourceErrors",
    "__version__",
    "feeds",
    "load_config",
    "publish",
]
