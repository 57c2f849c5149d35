"""Shared fixtures: a fixed clock, an odd time zone, and a tiny site builder."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith import load_config
from feedsmith.cli import main

# Every test runs with the machine's zone far from UTC, to prove it never
# leaks into output (feeds must depend on site.timezone only).
os.environ["TZ"] = "Pacific/Kiritimati"
time.tzset()

NOW = datetime(2026, 1, 1, tzinfo=UTC)

BASIC_CONFIG = """\
site:
  title: Test Site
  url: https://example.org/blog/
  description: A site for tests
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-golden",
        action="store_true",
        help="rewrite tests/cases/*/expected from the current output",
    )


class SiteBuilder:
    """Writes a config and source files into a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_path = root / "config.yaml"
        (root / "sources").mkdir()
        self.config(BASIC_CONFIG)

    def config(self, text: str) -> Path:
        self.config_path.write_text(textwrap.dedent(text), encoding="utf-8")
        return self.config_path

    def source(self, name: str, text: str | bytes) -> Path:
        path = self.root / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def load(self):
        return load_config(self.config_path)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """The files (dedented text, by path under ``root``) of a site."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path: Path) -> SiteBuilder:
    return SiteBuilder(tmp_path)


REPO = Path(__file__).resolve().parent.parent


def views_written(output: Path, tag: str) -> list[bool]:
    """Whether the output folder holds each .html view: index.html, its
    discovery.html and ``tag``'s."""
    views = ["index.html", "discovery.html", f"tags/{tag}/discovery.html"]
    return [(output / view).is_file() for view in views]


def run_cli(
    folder: Path, *args: str, timeout: float = 30, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``generate.py`` in ``folder`` as a user does: a subprocess, with a
    time limit (a hang fails the test instead of stalling the suite)."""
    command = [sys.executable, str(REPO / "generate.py"), *args]
    try:
        return subprocess.run(
            command,
            cwd=folder,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"generate.py {' '.join(args)} hung for over {timeout} s")


def run_main(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line's ``main`` in this process, in ``folder``: the
    code ``generate.py`` runs, without a new interpreter's quarter-second
    start. For the many tests of what is said about a value; what depends
    on the process itself (signals, hangs, locks) runs ``run_cli``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(folder), redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(
        ["main", *args], code, out.getvalue(), err.getvalue()
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    """A user mistake is a message, never a Python traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
