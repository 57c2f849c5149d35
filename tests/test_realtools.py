"""The real generators build the sample sites of docs/profiles/.

Two checks per tool, both opt-in (``FEEDSMITH_REAL_TOOLS=1``, as they install
the pinned tools; ``.ci/run`` runs them on every push):

- the tool still publishes what ``tests/sites/<tool>/expected.json`` records,
  which ``tests/test_profile_<tool>.py`` holds feedsmith to on every run;
- feedsmith with only ``from:`` set publishes the same links, ids and dates
  as the tool's own build, item by item, but for the items the documented
  decisions leave out (each test module's ``LEFT_OUT``).

The first run installs each pinned tool into a cache folder; later runs
reuse it.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
import sitecheck

MEASURED = ["hugo", "pelican", "jekyll", "mkdocs", "eleventy"]  # not zola: no package


@pytest.fixture(params=MEASURED)
def tool(request: pytest.FixtureRequest) -> str:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip(f"runs the real {request.param}: set FEEDSMITH_REAL_TOOLS=1")
    return str(request.param)


def _built(tool: str, tmp_path: Path) -> list[dict]:
    module = importlib.import_module(f"realtools.{tool}")
    out = tmp_path / "out"
    module.build(sitecheck.SITES / tool, out)
    return list(module.items(out))


def test_the_tool_publishes_what_expected_json_says(tool: str, tmp_path: Path) -> None:
    assert _built(tool, tmp_path) == sitecheck.expected(tool)


def test_feedsmith_publishes_what_the_tool_publishes(tool: str, tmp_path: Path) -> None:
    theirs = _built(tool, tmp_path)
    left_out = importlib.import_module(f"test_profile_{tool}").LEFT_OUT
    config = sitecheck.config_from(sitecheck.SITES / tool, tmp_path)
    ours = sitecheck.items(config)
    sitecheck.assert_same(theirs, ours, left_out)
