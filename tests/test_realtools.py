"""The real generators build the sample sites of docs/profiles/; each must
still publish what its ``tests/sites/<tool>/expected.json`` records.

Opt-in (``FEEDSMITH_REAL_TOOLS=1``) until feedsmith's profiles exist: then
these sites are where feedsmith's links, ids and dates meet the tools'. The
first run installs each pinned tool into a cache folder; later runs reuse it.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

import pytest

SITES = Path(__file__).parent / "sites"
MEASURED = ["hugo", "pelican", "jekyll", "mkdocs", "eleventy"]  # not zola: no package


@pytest.mark.parametrize("tool", MEASURED)
def test_the_tool_publishes_what_expected_json_says(tool: str, tmp_path: Path) -> None:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip(f"runs the real {tool}: set FEEDSMITH_REAL_TOOLS=1")
    module = importlib.import_module(f"realtools.{tool}")
    site, out = SITES / tool, tmp_path / "out"
    module.build(site, out)
    expected = json.loads((site / "expected.json").read_text(encoding="utf-8"))
    assert module.items(out) == expected
