"""Paths kept relative to the site's folder, so that a cache copied or moved
with its site (``cp -a``, ``mv``, a CI cache restored elsewhere) still holds
and never reads the old place.

The root is the folder of the site's config; its prefix (the folder and a
slash) starts every path under it. Keys and hashes name such a path without
the prefix (:func:`relative`, :func:`relative_text`), and pickled values keep
it without (:func:`dumps`, :func:`loads`). The two bulk values read on every
build keep the pipeline's absolute paths, with the prefix they were made
under, and are moved to today's root only when it changed (:func:`rebased`):
translating every path on every load would cost about as much as loading
them.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path, PurePath
from typing import Any


def prefix(root: Path) -> str:
    """What starts every path under ``root``: the folder and a slash."""
    text = str(root)
    return text if text.endswith("/") else f"{text}/"


def relative(path: str, prefix: str) -> str:
    """``path`` relative to the root when under it, else as it is."""
    return path[len(prefix) :] if path.startswith(prefix) else path


def relative_text(paths: list[str], prefix: str) -> str:
    """Every path of ``paths`` as :func:`relative` gives it, each after a NUL
    (which no path holds): the cheap form to hash 100,000 of them."""
    text = "\0" + "\0".join(paths) if paths else ""
    return text.replace(f"\0{prefix}", "\0")


def rebased(path: str, old: str, new: str) -> str:
    """``path``, made under the root prefixed ``old``, as under ``new``."""
    return new + path[len(old) :] if path.startswith(old) else path


def dumps(value: object, prefix: str) -> bytes:
    """``value`` pickled, its paths under the root relative to it."""
    stream = io.BytesIO()
    _RelativePickler(stream, prefix).dump(value)
    return stream.getvalue()


def loads(data: bytes, prefix: str) -> Any:
    """A value pickled by :func:`dumps`, its paths under the root ``prefix``
    names now. A damaged one raises what unpickling damage raises
    (:data:`feedsmith.engine.encoding.DAMAGED`), here or when used."""
    return _RelativeUnpickler(io.BytesIO(data), prefix).load()


class _RelativePickler(pickle.Pickler):
    """Pickles paths under the root as relative to it."""

    def __init__(self, file: io.BytesIO, prefix: str) -> None:
        super().__init__(file, protocol=5)
        self._prefix = prefix

    def persistent_id(self, obj: object) -> str | None:
        if isinstance(obj, PurePath):
            text = str(obj)
            if text.startswith(self._prefix):
                return text[len(self._prefix) :]
        return None


class _RelativeUnpickler(pickle.Unpickler):
    """Unpickles relative paths as under the root."""

    def __init__(self, file: io.BytesIO, prefix: str) -> None:
        super().__init__(file)
        self._prefix = prefix

    def persistent_load(self, pid: object) -> Path:
        if not isinstance(pid, str):
            raise pickle.UnpicklingError("a stored path is not text")
        return Path(self._prefix + pid)
