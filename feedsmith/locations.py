"""Refuse output and cache folders where feedsmith's writing would do harm.

feedsmith writes feeds and their temporary files into the output folder, and
a database, its lock and a ``.gitignore`` into the cache folder (the lock
goes to a private temporary folder when there is no cache: the output folder
is published, so it holds feeds only). Pointed at ``/``, the home folder, the
site's own folder or its sources, that writing mixes with the user's files; a
cache inside the output publishes drafts, and an output inside the cache
hides the feeds from version control. Each such setting is a config error
naming its key, raised before anything is written. Paths are compared with
their links resolved, so a link cannot hide a folder's place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from feedsmith.errors import ConfigError

if TYPE_CHECKING:
    from feedsmith.config import Config


def check_locations(config: Config, defaults: Mapping[str, object]) -> None:
    """Raise ``ConfigError`` listing every unsafe output or cache folder,
    suggesting each key's default (from ``defaults``) instead."""
    places = {"output": config.output.resolve()}
    if config.cache is not None:
        places["cache"] = config.cache.resolve()
    problems = []
    for key, folder in places.items():
        problem = _danger(folder, config) or _overlap(key, folder, places)
        if problem:
            advice = f"choose a folder of its own, such as {defaults[key]}"
            problems.append(f"{config.path.name}: {key}: {problem}; {advice}")
    if problems:
        raise ConfigError("\n".join(problems))


def _danger(folder: Path, config: Config) -> str | None:
    """Why writing into ``folder`` would mix with the user's own files."""
    home = _home()
    settings = config.path.resolve()
    if folder == Path(folder.anchor):
        return f"{folder} is the root folder"
    if folder == home:
        return f"{folder} is your home folder"
    if settings.parent.is_relative_to(folder):
        return f"{folder} holds {settings.name}"
    for source in (source.resolve() for source in config.sources.folders):
        if source == folder:
            return f"{folder} is the source folder"
        if source.is_relative_to(folder):
            return f"{folder} holds the source folder {source}"
        if folder.is_relative_to(source) and not _profiles_own(folder, config):
            return f"{folder} is inside the source folder {source}"
    if home is not None and home.is_relative_to(folder):
        return f"{folder} holds your home folder"
    return None


def _profiles_own(folder: Path, config: Config) -> bool:
    """Whether ``folder`` is where a ``from:`` profile puts the feeds: a
    folder of the sources the generator publishes as it is (Pelican's
    STATIC_PATHS), which the profile keeps out of the sources."""
    chosen = config.profile.settings.get("output") if config.profile else None
    return (
        chosen is not None
        and isinstance(chosen[0], str)
        and (Path(chosen[0]).resolve() == folder)
    )


def _overlap(key: str, folder: Path, places: dict[str, Path]) -> str | None:
    """Why ``folder`` cannot sit in the other of output and cache."""
    other = "cache" if key == "output" else "output"
    if other not in places or not folder.is_relative_to(places[other]):
        return None
    if key == "cache":
        return (
            f"{folder} is inside the output folder, which is published: "
            "drafts kept in the cache would be published too"
        )
    return f"{folder} is inside the cache folder, which is not kept or published"


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home known for this user
        return None
