"""An article's media file, a podcast episode's audio: what front matter
names (``enclosure``, ``audio``, ``podcast.file``, with ``episode`` and
``season``), and for a local file its size, type and duration.

A path resolves as ``metadata._image`` resolves a picture: ``/media/x.mp3``
under ``site.url`` (the file in a source folder), anything else beside the
article (the file beside its source). Local files are read with mutagen,
which knows MP3, MP4/M4A, Ogg, FLAC and WAV headers and measures a
variable-bitrate MP3 from its Xing header, or by scanning its frames.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, urljoin, urlsplit

import mutagen

from feedsmith.config import Config
from feedsmith.errors import SourceError
from feedsmith.model import Enclosure
from feedsmith.readers.document import Document

# The first of these given names the media file.
_KEYS = ("enclosure", "audio", "podcast")
# Media types by extension: Apple's list for MP3, M4A, MP4, M4V, MOV and
# PDF, and the IANA types for the rest.
_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
    ".pdf": "application/pdf",
}
# What mutagen finds in a file decides its type; the extension only picks
# among the types of one container (an MP4 holds audio or video).
_READ_AS = {
    "MP3": ("audio/mpeg",),
    "MP4": ("audio/x-m4a", "video/mp4", "video/x-m4v", "video/quicktime"),
    "AAC": ("audio/aac",),
    "OggVorbis": ("audio/ogg",),
    "OggOpus": ("audio/ogg",),
    "OggFLAC": ("audio/ogg",),
    "FLAC": ("audio/flac",),
    "WAVE": ("audio/wav",),
}
_NOT_AUDIO = ("application/pdf",)  # carried as they are, without a duration
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#"


class Episode(NamedTuple):
    """The fields of :class:`~feedsmith.model.Article` an episode sets."""

    enclosure: Enclosure | None
    episode: int | None
    season: int | None


def episode_of(doc: Document, link: str, config: Config) -> Episode:
    """The media file, episode and season ``doc``'s front matter names;
    a local file is read now. Raises SourceError at the key's line."""
    meta = doc.meta
    show = meta.get("podcast")
    nested = show if isinstance(show, dict) else {}
    if show is not None and not isinstance(show, dict):
        raise _error(doc, "podcast", "expected a mapping such as {file: ep1.mp3}")
    key = next((k for k in _KEYS if meta.get(k) is not None), None)
    value = nested.get("file") if key == "podcast" else meta.get(key or "")
    enclosure = None
    if value is not None:
        name = "podcast.file" if key == "podcast" else str(key)
        duration = _number(doc, "podcast", nested.get("duration"), "duration")
        enclosure = _enclosure(doc, name, value, link, config, duration)
    return Episode(
        enclosure,
        _whole(doc, "episode", meta.get("episode", nested.get("episode"))),
        _whole(doc, "season", meta.get("season", nested.get("season"))),
    )


def current(enclosure: Enclosure) -> Enclosure:
    """``enclosure`` with its local file measured again: the engine keeps
    an article as long as its source is unchanged, the file may not be.
    Raises OSError or ValueError when it can no longer be read."""
    if not enclosure.file:
        return enclosure
    length, media_type, duration = _measure(Path(enclosure.file))
    return replace(enclosure, length=length, media_type=media_type, duration=duration)


def _enclosure(
    doc: Document,
    name: str,
    value: object,
    link: str,
    config: Config,
    duration: float | None,
) -> Enclosure:
    fields: dict[str, Any] = value if isinstance(value, dict) else {"url": value}
    key = name.split(".")[0]
    written = fields.get("url")
    if not isinstance(written, str) or not written.strip():
        raise _error(
            doc,
            key,
            f"{name}: expected a URL, a path or {{url, length, type}}, got {value!r}",
        )
    text = quote(written.strip(), safe=_URL_SAFE)
    scheme = _scheme(text)
    if scheme not in ("", "http", "https") or text.startswith("//"):
        raise _error(
            doc, key, f"{name}: expected an http(s) URL or a path, got {written!r}"
        )
    duration = _number(doc, key, fields.get("duration"), f"{name}.duration") or duration
    if scheme:
        return _remote(doc, name, text, fields, duration)
    jekyll = config.profile is not None and config.profile.generator == "jekyll"
    site_wide = text.startswith("/") or jekyll
    url = (
        urljoin(config.site.url, text.lstrip("/")) if site_wide else urljoin(link, text)
    )
    file = _local_file(written.strip(), doc.path, config, site_wide)
    try:
        length, media_type, measured = _measure(file)
    except (OSError, ValueError) as exc:
        raise _error(doc, key, f"{name}: {file}: {exc}") from None
    return Enclosure(url, length, media_type, measured or duration, str(file))


def _remote(
    doc: Document, name: str, url: str, fields: dict[str, Any], duration: float | None
) -> Enclosure:
    """A file elsewhere: its size must be given, readers show it before
    they download (RSS 2.0 requires ``length``)."""
    key = name.split(".")[0]
    length = fields.get("length")
    if isinstance(length, bool) or not isinstance(length, int) or length <= 0:
        raise _error(
            doc,
            key,
            f"{name}: a URL needs its size in bytes: write "
            f"{{url: {url}, length: 12345678}} (got length {length!r})",
        )
    media_type = fields.get("type") or _TYPES.get(_suffix(urlsplit(url).path))
    if not isinstance(media_type, str) or "/" not in media_type:
        raise _error(doc, key, f"{name}: give its type, such as type: audio/mpeg")
    return Enclosure(url, length, media_type.strip(), duration)


def _local_file(written: str, source: Path, config: Config, site_wide: bool) -> Path:
    """Where a path names a file: under the first source folder that holds
    it for ``/media/x.mp3``, else beside the article's source. Made
    absolute without following links, so the path stays under the site's
    folder, as the cache keeps it (relative to the article)."""
    if not site_wide:
        return Path(os.path.abspath(source.parent / written))
    relative = written.lstrip("/")
    candidates = [folder / relative for folder in config.sources.folders]
    return Path(
        os.path.abspath(next((c for c in candidates if c.exists()), candidates[0]))
    )


def _measure(file: Path) -> tuple[int, str, float | None]:
    """Size in bytes, media type and duration in seconds of a local file."""
    if not file.is_file():
        raise FileNotFoundError("no such file; put it there or give its URL")
    length = file.stat().st_size
    by_name = _TYPES.get(_suffix(file.name))
    try:
        audio = mutagen.File(file)
    except mutagen.MutagenError as exc:
        raise ValueError(f"cannot read it as audio or video ({exc})") from None
    if audio is None:
        if by_name is not None and by_name in _NOT_AUDIO:
            return length, by_name, None
        raise ValueError(
            "not an audio or video file that feedsmith can read "
            f"(it reads {', '.join(sorted(_TYPES))})"
        )
    kinds = _READ_AS.get(type(audio).__name__, (audio.mime[0],))
    media_type = by_name if by_name and by_name in kinds else str(kinds[0])
    return length, media_type, float(audio.info.length)


def _number(doc: Document, key: str, value: object, name: str) -> float | None:
    """Seconds, written as a number or as ``[[H:]M:]S``."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    parts = str(value).strip().split(":")
    if isinstance(value, str) and len(parts) <= 3 and all(p.isdigit() for p in parts):
        return float(sum(int(p) * 60**i for i, p in enumerate(reversed(parts))))
    raise _error(doc, key, f"{name}: expected seconds or H:MM:SS, got {value!r}")


def _whole(doc: Document, key: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _error(doc, key, f"{key}: expected a whole number from 1, got {value!r}")
    return value


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def _scheme(url: str) -> str | None:
    try:
        return urlsplit(url).scheme
    except ValueError:
        return None


def _error(doc: Document, key: str, message: str) -> SourceError:
    return SourceError(doc.path, doc.line_of(key), message)
