"""The articles of a podcast's feed that are no episode: they name no
media file, and podcast apps leave them out, so the show looks shorter
than the site. Said as warnings, from the listings alone, so an untouched
build says them again."""

from __future__ import annotations

from pathlib import Path

from feedsmith.config import Config
from feedsmith.errors import SourceWarning
from feedsmith.pipeline.select import FeedSpec


def without_media(specs: list[FeedSpec], config: Config) -> tuple[SourceWarning, ...]:
    """A warning for each item of the podcast's current feed that names
    no enclosure."""
    show = config.podcast
    if show is None:
        return ()
    feed = next((s for s in specs if s.folder == show.feed and not s.archived), None)
    shown = show.feed or "the main feed"
    return tuple(
        SourceWarning(
            Path(item.source),
            1,
            f"no enclosure, audio or podcast.file: podcast apps leave it out "
            f"of the show ({shown}), though its feed lists it",
        )
        for item in (feed.items if feed else ())
        if item.media is None
    )
