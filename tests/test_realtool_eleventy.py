"""The real Eleventy builds tests/sites/eleventy; its feed must say what
expected.json says.

Opt-in (FEEDSMITH_REAL_TOOLS=1) until feedsmith's Eleventy profile exists. The
first run installs the pinned Eleventy and RSS plugin from npm into a cache
folder; later runs reuse it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from realtools import eleventy

SITE = Path(__file__).parent / "sites" / "eleventy"


def test_eleventy_publishes_what_expected_json_says(tmp_path: Path) -> None:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip("comparison with the real Eleventy: set FEEDSMITH_REAL_TOOLS=1")
    out = tmp_path / "_site"
    eleventy.build(SITE, out)
    expected = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
    assert eleventy.items(out) == expected
