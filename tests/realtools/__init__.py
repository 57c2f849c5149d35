"""Pinned installs of the real site generators, for comparison tests.

Each tool lives in a folder of the cache (``~/.cache/feedsmith-realtools``,
or ``$FEEDSMITH_REALTOOLS_CACHE``), made once and reused by later runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CACHE = Path(
    os.environ.get("FEEDSMITH_REALTOOLS_CACHE")
    or Path.home() / ".cache" / "feedsmith-realtools"
)


def cached(name: str, stamp: str, make: Callable[[Path], None]) -> Path:
    """The cache folder ``name``, made by ``make(folder)`` unless it is there
    already and was made for ``stamp`` (the pinned versions).

    It is made beside its place and renamed into it only once ``make``
    worked, so an interrupted or concurrent install never leaves a half-made
    folder where the next run looks.
    """
    home = CACHE / name
    done = home / "installed"
    if done.is_file() and done.read_text() == stamp:
        return home
    shutil.rmtree(home, ignore_errors=True)  # other pins, or a half-made leftover
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{name}.", dir=CACHE))
    try:
        make(work)
        (work / "installed").write_text(stamp)
        try:
            work.rename(home)
        except OSError:  # another run finished first: use its folder
            if not done.is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return home


def python_of(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def pip_venv(name: str, pins: list[str]) -> Path:
    """A cached virtual environment holding exactly ``pins``."""

    def make(work: Path) -> None:
        subprocess.run(
            [sys.executable, "-m", "venv", str(work)], check=True, capture_output=True
        )
        subprocess.run(
            [str(python_of(work)), "-m", "pip", "install", "--quiet", *pins],
            check=True,
            capture_output=True,
        )

    return cached(name, " ".join(pins) + "\n", make)
