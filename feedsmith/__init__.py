"""feedsmith: turn a folder of articles into RSS 2.0, Atom 1.0 and JSON Feed 1.1.

The library API is small: load a config, build the files in memory, write
them. The command line (:mod:`feedsmith.cli`) is a thin shell over these.
"""

from feedsmith.build import Build, build
from feedsmith.config import Config, load_config
from feedsmith.errors import (
    ConfigError,
    FeedsmithError,
    OutputError,
    SourceError,
    SourceErrors,
)
from feedsmith.model import Article, Author, Feed
from feedsmith.output import sync
from feedsmith.version import __version__

__all__ = [
    "Article",
    "Author",
    "Build",
    "Config",
    "ConfigError",
    "Feed",
    "FeedsmithError",
    "OutputError",
    "SourceError",
    "SourceErrors",
    "__version__",
    "build",
    "load_config",
    "sync",
]
